// Reminder times in the practice's zone: whole days keep the wall clock across DST changes,
// quiet hours move a reminder out of the night, and reminders already due are not planned.
import { describe, expect, it } from "vitest";
import { planReminders, type ReminderPolicy } from "../src/reminders";

const noQuiet = (timeZone: string, offsets = [1440, 120]): ReminderPolicy => ({
  timeZone,
  offsets,
  quietStart: null,
  quietEnd: null,
});
const longAgo = new Date("2020-01-01T00:00:00Z");
const iso = (plan: { sendAt: Date }[]) => plan.map((p) => p.sendAt.toISOString());

describe("planReminders across DST changes", () => {
  it("America/New_York, spring forward: the day-before reminder keeps 10:00 local (23 h)", () => {
    // Sunday 8 March 2026, 02:00 EST → 03:00 EDT. Appointment Monday 9 March 10:00 EDT = 14:00Z.
    const plan = planReminders(
      new Date("2026-03-09T14:00:00Z"),
      noQuiet("America/New_York"),
      longAgo,
    );
    // Sunday 10:00 EDT = 14:00Z (23 hours before), and 2 h before = 12:00Z.
    expect(iso(plan)).toEqual(["2026-03-08T14:00:00.000Z", "2026-03-09T12:00:00.000Z"]);
  });

  it("America/New_York: an appointment on the change day is reminded at 10:00 EST (25 h)", () => {
    // Sunday 8 March 10:00 EDT = 14:00Z; Saturday 10:00 EST = 15:00Z.
    const plan = planReminders(
      new Date("2026-03-08T14:00:00Z"),
      noQuiet("America/New_York"),
      longAgo,
    );
    expect(iso(plan)).toEqual(["2026-03-07T15:00:00.000Z", "2026-03-08T12:00:00.000Z"]);
  });

  it("Europe/London, fall back: the day-before reminder keeps 09:30 local (25 h)", () => {
    // Sunday 25 October 2026, 02:00 BST → 01:00 GMT. Monday 26 October 09:30 GMT = 09:30Z.
    const plan = planReminders(new Date("2026-10-26T09:30:00Z"), noQuiet("Europe/London"), longAgo);
    // Sunday 09:30 GMT = 09:30Z (24 h, since Sunday is already GMT); 2 h before = 07:30Z.
    expect(iso(plan)).toEqual(["2026-10-25T09:30:00.000Z", "2026-10-26T07:30:00.000Z"]);
    // Sunday 25 October 09:30 GMT = 09:30Z; Saturday 09:30 BST = 08:30Z: 25 hours before.
    const onChangeDay = planReminders(
      new Date("2026-10-25T09:30:00Z"),
      noQuiet("Europe/London"),
      longAgo,
    );
    expect(iso(onChangeDay)[0]).toBe("2026-10-24T08:30:00.000Z");
  });

  it("a day-before reminder whose wall-clock time does not exist moves to the gap's end", () => {
    // Monday 9 March 02:30 EDT exists; Sunday 02:30 does not (02:00 → 03:00): 03:00 EDT = 07:00Z.
    const plan = planReminders(
      new Date("2026-03-09T06:30:00Z"),
      noQuiet("America/New_York", [1440]),
      longAgo,
    );
    expect(iso(plan)).toEqual(["2026-03-08T07:00:00.000Z"]);
  });

  it("Asia/Kolkata (+05:30, no DST): exact offsets in a half-hour zone", () => {
    // 11:00 IST = 05:30Z.
    const plan = planReminders(new Date("2026-03-09T05:30:00Z"), noQuiet("Asia/Kolkata"), longAgo);
    expect(iso(plan)).toEqual(["2026-03-08T05:30:00.000Z", "2026-03-09T03:30:00.000Z"]);
  });
});

describe("planReminders and quiet hours", () => {
  const cairo: ReminderPolicy = {
    timeZone: "Africa/Cairo",
    offsets: [1440, 120],
    quietStart: 21 * 60,
    quietEnd: 8 * 60,
  };

  it("a 2 h reminder for 09:00 moves to the end of the quiet hours (08:00)", () => {
    // 2026-01-15 is winter in Cairo (UTC+2): 09:00 local = 07:00Z; 08:00 local = 06:00Z.
    const plan = planReminders(
      new Date("2026-01-15T07:00:00Z"),
      { ...cairo, offsets: [120] },
      longAgo,
    );
    expect(iso(plan)).toEqual(["2026-01-15T06:00:00.000Z"]);
  });

  it("a reminder that cannot move later moves to just before the quiet hours began", () => {
    // 08:15 local: 2 h before is 06:15 (quiet); 08:00 is only 15 min before → 20:59 the day before.
    const plan = planReminders(
      new Date("2026-01-15T06:15:00Z"),
      { ...cairo, offsets: [120] },
      longAgo,
    );
    expect(iso(plan)).toEqual(["2026-01-14T18:59:00.000Z"]);
  });

  it("reminders that collapse onto one another are sent once", () => {
    // 08:15: the day-before reminder is 08:15 the day before (fine); the 2 h one moves to 20:59
    // the day before, far from it, so both remain; with a 12 h offset it would collapse.
    const plan = planReminders(
      new Date("2026-01-15T06:15:00Z"),
      { ...cairo, offsets: [720, 120] },
      longAgo,
    );
    // 12 h before = 20:15 local (not quiet); 2 h before → 20:59 local: 44 minutes apart, kept.
    expect(plan.map((p) => p.offset)).toEqual([720, 120]);
    const close = planReminders(
      new Date("2026-01-15T06:15:00Z"),
      { ...cairo, offsets: [660, 120] },
      longAgo,
    );
    // 11 h before = 21:15 (quiet) → 20:59; 2 h before → 20:59 too: one reminder.
    expect(close).toHaveLength(1);
  });

  it("reminders already due at booking time are not planned", () => {
    const start = new Date("2026-01-15T12:00:00Z");
    const now = new Date("2026-01-15T09:00:00Z");
    const plan = planReminders(start, { ...cairo, quietStart: null, quietEnd: null }, now);
    expect(iso(plan)).toEqual(["2026-01-15T10:00:00.000Z"]);
    expect(planReminders(start, cairo, new Date("2026-01-15T11:59:00Z"))).toEqual([]);
  });

  it("ignores duplicate and nonsensical offsets", () => {
    const plan = planReminders(
      new Date("2026-01-15T12:00:00Z"),
      { ...cairo, offsets: [120, 120, 0, -5] },
      longAgo,
    );
    expect(plan).toHaveLength(1);
  });
});
