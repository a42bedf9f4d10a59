import { describe, expect, it } from "vitest";
import { bookingOf, orderActions, revealedText, revealMs } from "./assistant-reply";

const call = { kind: "call", label: "Call 0100", href: "tel:0100" } as const;
const handover = { kind: "handover", label: "Talk to a person" } as const;
const link = { kind: "link", label: "Opening hours", href: "/p/demo#hours" } as const;

describe("the actions under an answer", () => {
  it("keep the server's order on an ordinary answer", () => {
    expect(orderActions([link, call, handover], false)).toEqual([link, call, handover]);
  });

  it("put the call first on an emergency, the rest in their order", () => {
    expect(orderActions([link, handover, call], true)).toEqual([call, link, handover]);
  });
});

describe("a free time offered as an action", () => {
  const service = "6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f";
  const doctor = "7a2b3c4d-5e6f-4a7b-9c8d-1e2f3a4b5c6d";
  const start = new Date("2026-12-08T08:30:00Z");

  it("books that doctor at that time", () => {
    expect(
      bookingOf({ serviceId: service, start, practitionerResourceId: doctor }, "key-1"),
    ).toEqual({ serviceId: service, start, resourceIds: [doctor], idempotencyKey: "key-1" });
  });

  it("leaves the doctor to the practice when any doctor may take it", () => {
    expect(
      bookingOf({ serviceId: service, start, practitionerResourceId: null }, "key-2").resourceIds,
    ).toEqual([]);
  });
});

describe("the reveal of an answer's text", () => {
  const text = "We open at 9.\nCall us on 0100 to book.";

  it("starts with the first word", () => {
    expect(revealedText(text, 0)).toBe("We ");
  });

  it("shows more whole words as time passes, keeping line breaks", () => {
    const half = revealedText(text, revealMs / 2);
    expect(text.startsWith(half)).toBe(true);
    expect(half.length).toBeGreaterThan("We ".length);
    expect(half.length).toBeLessThan(text.length);
    expect(half).toContain("\n");
    expect(half).toMatch(/\s$/);
  });

  it("shows everything once the reveal time is over", () => {
    expect(revealedText(text, revealMs)).toBe(text);
    expect(revealedText(text, revealMs * 10)).toBe(text);
  });

  it("never takes longer than the reveal time, however long the answer", () => {
    const long = Array.from({ length: 500 }, (_, i) => `word${i}`).join(" ");
    expect(revealedText(long, revealMs - 1)).not.toBe(long);
    expect(revealedText(long, revealMs)).toBe(long);
  });

  it("shows text without words as it is", () => {
    expect(revealedText("", 0)).toBe("");
    expect(revealedText("  \n", 0)).toBe("  \n");
  });

  it("keeps leading white space", () => {
    expect(revealedText("  Hello there", 0)).toBe("  Hello ");
  });
});
