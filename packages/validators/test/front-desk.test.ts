// Practice settings and the front desk's inputs: what a form may send, and which field a
// refusal names.
import { describe, expect, it } from "vitest";
import {
  AppointmentDeclineInput,
  FrontDeskTodayInput,
  LocaleTag,
  OrganizationUpdateInput,
} from "../src";

const id = "6f1c1c1e-1111-4111-8111-111111111111";
const fieldsOf = (result: { error?: { issues: { path: PropertyKey[] }[] } }) =>
  (result.error?.issues ?? []).map((i) => i.path.join("."));

describe("locale tags", () => {
  it("accepts the locales Intl formats with, canonicalised", () => {
    expect(LocaleTag.parse("en-gb")).toBe("en-GB");
    expect(LocaleTag.parse("ar-EG")).toBe("ar-EG");
    expect(LocaleTag.parse(" hi-IN ")).toBe("hi-IN");
  });

  it("refuses what is not a locale", () => {
    for (const tag of ["", "x", "english", "en_GB", "zz-ZZZZZZZZZZ-1", "en-GB\u0000"]) {
      expect(LocaleTag.safeParse(tag).success, JSON.stringify(tag)).toBe(false);
    }
  });
});

describe("practice settings", () => {
  it("takes up to four distinct reminders from 15 minutes to 7 days", () => {
    expect(OrganizationUpdateInput.safeParse({ id, reminderOffsets: [15, 10_080] }).success).toBe(
      true,
    );
    expect(fieldsOf(OrganizationUpdateInput.safeParse({ id, reminderOffsets: [14] }))).toEqual([
      "reminderOffsets.0",
    ]);
    expect(fieldsOf(OrganizationUpdateInput.safeParse({ id, reminderOffsets: [60, 60] }))).toEqual([
      "reminderOffsets",
    ]);
    expect(
      fieldsOf(OrganizationUpdateInput.safeParse({ id, reminderOffsets: [15, 30, 45, 60, 75] })),
    ).toEqual(["reminderOffsets"]);
  });

  it("wants both ends of the quiet hours or neither", () => {
    expect(
      OrganizationUpdateInput.safeParse({ id, quietHoursStart: null, quietHoursEnd: null }).success,
    ).toBe(true);
    expect(
      fieldsOf(
        OrganizationUpdateInput.safeParse({ id, quietHoursStart: 1260, quietHoursEnd: null }),
      ),
    ).toEqual(["quietHoursEnd"]);
    expect(
      fieldsOf(OrganizationUpdateInput.safeParse({ id, quietHoursStart: 1440, quietHoursEnd: 0 })),
    ).toEqual(["quietHoursStart"]);
  });

  it("takes each channel once", () => {
    expect(OrganizationUpdateInput.safeParse({ id, channels: ["email", "sms"] }).success).toBe(
      true,
    );
    expect(fieldsOf(OrganizationUpdateInput.safeParse({ id, channels: ["sms", "sms"] }))).toEqual([
      "channels",
    ]);
  });
});

describe("front desk inputs", () => {
  it("shows one doctor's day or the practice's, on a real day", () => {
    expect(FrontDeskTodayInput.safeParse({ scope: "mine" }).success).toBe(true);
    expect(fieldsOf(FrontDeskTodayInput.safeParse({ scope: "all", date: "2026-02-30" }))).toEqual(
      expect.arrayContaining(["scope", "date"]),
    );
  });

  it("declines only with a reason", () => {
    expect(fieldsOf(AppointmentDeclineInput.safeParse({ id, version: 1, reason: "   " }))).toEqual([
      "reason",
    ]);
  });
});
