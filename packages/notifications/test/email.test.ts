// The SMTP channel against a real SMTP server: what arrives, and how refusals are classified.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeliveryError, SmtpEmailChannel, renderAppointmentEmail } from "../src";
import { mailHeader, startSmtpCapture, type SmtpCapture } from "../src/testing/smtp-capture";

let smtp: SmtpCapture;
let channel: SmtpEmailChannel;

beforeAll(async () => {
  smtp = await startSmtpCapture();
  channel = new SmtpEmailChannel({ url: smtp.url, fromAddress: "no-reply@clinic.example" });
});
afterAll(async () => {
  await channel.close();
  await smtp.close();
});

const email = renderAppointmentEmail("appointment_reminder", {
  lang: "en-GB",
  timeZone: "Africa/Cairo",
  brand: { name: "Nile <Clinic>" },
  patientName: "Mona",
  serviceName: "Check-up",
  practitionerName: "Dr. Amr",
  startsAt: new Date("2026-12-01T08:00:00Z"),
  links: {
    confirm: "https://caredesk.example/appointment-link?token=c",
    cancel: "https://caredesk.example/appointment-link?token=x",
    unsubscribe: "https://caredesk.example/unsubscribe?token=u",
  },
});

describe("SmtpEmailChannel", () => {
  it("delivers HTML and text with the practice's name, Message-ID and List-Unsubscribe", async () => {
    const id = crypto.randomUUID();
    const result = await channel.send({
      id,
      to: "mona@example.com",
      fromName: "Nile Clinic",
      ...email,
      headers: { "List-Unsubscribe": "<https://caredesk.example/unsubscribe?token=u>" },
    });
    expect(result.providerMessageId).toBe(id);
    const mail = smtp.messages().find((m) => m.messageId === `<${id}@clinic.example>`);
    if (!mail) throw new Error("the message did not arrive");
    expect(mail.to).toEqual(["mona@example.com"]);
    expect(mailHeader(mail, "From")).toBe("Nile Clinic <no-reply@clinic.example>");
    expect(mailHeader(mail, "Subject")).toBe("Reminder: Check-up");
    expect(mailHeader(mail, "List-Unsubscribe")).toBe(
      "<https://caredesk.example/unsubscribe?token=u>",
    );
    expect(mail.raw).toContain("text/plain");
    expect(mail.raw).toContain("text/html");
    // Cairo is UTC+2 in December: 08:00Z is 10:00 local, written the British way.
    expect(email.text).toContain("Tuesday, 1 December 2026 at 10:00");
    // Data is escaped in the HTML.
    expect(email.html).toContain("Nile &lt;Clinic&gt;");
    expect(email.html).not.toContain("Nile <Clinic>");
  });

  it("a mailbox the server refuses (5xx) fails that message for good", async () => {
    smtp.refuse((to) => to === "nobody@example.com", 550);
    const error = await channel
      .send({ id: crypto.randomUUID(), to: "nobody@example.com", fromName: "x", ...email })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).permanent).toBe(true);
  });

  it("a temporary refusal (4xx) is retried", async () => {
    smtp.refuse((to) => to === "busy@example.com", 451);
    const error = await channel
      .send({ id: crypto.randomUUID(), to: "busy@example.com", fromName: "x", ...email })
      .catch((e: unknown) => e);
    expect((error as DeliveryError).permanent).toBe(false);
  });

  it("an unreachable server is retried", async () => {
    const down = new SmtpEmailChannel({ url: "smtp://127.0.0.1:1", fromAddress: "a@b.example" });
    const error = await down
      .send({ id: crypto.randomUUID(), to: "mona@example.com", fromName: "x", ...email })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).permanent).toBe(false);
    await down.close();
  });
});
