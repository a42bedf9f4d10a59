import { describe, expect, it } from "vitest";
import { practiceWhen } from "./practice-when";

// 08:00 UTC: 10:00 in Cairo (UTC+2 in March), 13:30 in Kolkata.
const startsAt = new Date("2026-03-09T08:00:00Z");

describe("practiceWhen", () => {
  it("writes the time on the practice's clock, in the practice's locale", () => {
    // ICU versions differ in commas and spaces, not in the date, the time or their order.
    expect(practiceWhen(startsAt, "en-GB", "Africa/Cairo")).toMatch(
      /^Monday,? 9 March 2026 at 10:00$/,
    );
    expect(practiceWhen(startsAt, "en-US", "Asia/Kolkata")).toMatch(
      /^Monday, March 9, 2026 at 1:30\sPM$/,
    );
  });

  it("keeps the practice's clock when the locale cannot be used", () => {
    expect(practiceWhen(startsAt, "not a locale!", "Africa/Cairo")).toMatch(/\b10:00\b/);
  });
});
