// The refill messages: the practice hears who asked for what; the patient hears the decision —
// an order with its number, a pickup at the desk, or a decline with the note — in the practice's
// language.
import { describe, expect, it } from "vitest";
import { renderRefillDecided, renderRefillRequested } from "../src";

describe("refill messages", () => {
  it("tell the practice who asked for which medicine", () => {
    expect(
      renderRefillRequested({ lang: "en", patientName: "Mona Saleh", medicine: "Aspirin 75 mg" }),
    ).toEqual({
      subject: "Refill request: Mona Saleh",
      text: "Mona Saleh asked for a refill of Aspirin 75 mg. Approve or decline it in the refill requests.",
    });
    expect(
      renderRefillRequested({ lang: "en", patientName: "Mona Saleh", medicine: null }).text,
    ).toContain("an uploaded prescription");
  });

  it("tell the patient of an order, a pickup or a decline with the note", () => {
    const base = {
      lang: "en",
      practiceName: "Nile Hospital",
      patientName: "Mona",
      medicine: "Aspirin 75 mg",
    };
    expect(renderRefillDecided({ ...base, outcome: "order", orderNumber: 12 }).text).toContain(
      "made it order #12",
    );
    expect(renderRefillDecided({ ...base, outcome: "pickup" }).text).toContain(
      "ready to collect at the desk",
    );
    const declined = renderRefillDecided({ ...base, outcome: "declined", note: "See me first" });
    expect(declined.subject).toBe("Your refill of Aspirin 75 mg was declined");
    expect(declined.text).toContain("Note: See me first");
  });

  it("speak Arabic to a practice whose language is Arabic", () => {
    const message = renderRefillDecided({
      lang: "ar-EG",
      practiceName: "مستشفى النيل",
      patientName: "منى",
      medicine: "Aspirin 75 mg",
      outcome: "pickup",
    });
    expect(message.subject).toBe("تمت الموافقة على تجديد Aspirin 75 mg");
    expect(message.text).toContain("جاهز للاستلام");
    expect(renderRefillRequested({ lang: "ar", patientName: "منى", medicine: null }).subject).toBe(
      "طلب تجديد وصفة: منى",
    );
  });
});
