import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type IsoWeekday,
  SchedulingInputError,
  type WeeklyRule,
  epochMinutesToLocal,
  expandWorkingHours,
  localToEpochMinutes,
  workingHoursOnDate,
} from "../src";
import { KATHMANDU, LONDON, LORD_HOWE, NEW_YORK, calendar, daily } from "./helpers";

/** Wall-clock spans as "HH:MM–HH:MM" for readable assertions. */
const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
const show = (spans: { start: number; end: number }[]) =>
  spans.map((s) => `${hhmm(s.start)}–${hhmm(s.end)}`);

describe("workingHoursOnDate", () => {
  it("gives a day's hours as wall-clock minutes, breaks included", () => {
    const doctor = calendar("dr", LONDON, [...daily("09:00", "12:00"), ...daily("13:00", "17:00")]);
    expect(workingHoursOnDate(doctor, "2026-07-15")).toEqual([
      { start: 540, end: 720 },
      { start: 780, end: 1020 },
    ]);
  });

  it("applies exceptions as the slot search does: a closed one wins over others that day", () => {
    const doctor = calendar("dr", LONDON, daily("09:00", "17:00"), {
      exceptions: [
        {
          from: "2026-07-14",
          to: "2026-07-15",
          closed: false,
          intervals: [{ start: "10:00", end: "12:00" }],
        },
        { from: "2026-07-15", to: "2026-07-15", closed: true },
      ],
    });
    expect(show(workingHoursOnDate(doctor, "2026-07-14"))).toEqual(["10:00–12:00"]);
    expect(workingHoursOnDate(doctor, "2026-07-15")).toEqual([]);
    expect(show(workingHoursOnDate(doctor, "2026-07-16"))).toEqual(["09:00–17:00"]);
  });

  it("ends at 24:00 and starts at 00:00 on either side of a night", () => {
    const doctor = calendar("dr", LONDON, [
      { weekday: 3, start: "22:00", end: "24:00" },
      { weekday: 4, start: "00:00", end: "02:00" },
    ]);
    expect(show(workingHoursOnDate(doctor, "2026-07-15"))).toEqual(["22:00–24:00"]);
    expect(show(workingHoursOnDate(doctor, "2026-07-16"))).toEqual(["00:00–02:00"]);
  });

  it("New York spring-forward: 01:00–03:00 is drawn through the missing hour", () => {
    const doctor = calendar("dr", NEW_YORK, daily("01:00", "03:00"));
    expect(show(workingHoursOnDate(doctor, "2026-03-08"))).toEqual(["01:00–03:00"]);
    // A start inside the gap moves to 03:00, as the search has it.
    const late = calendar("dr", NEW_YORK, daily("02:30", "05:00"));
    expect(show(workingHoursOnDate(late, "2026-03-08"))).toEqual(["03:00–05:00"]);
  });

  it("New York fall-back: the repeated hour is drawn once", () => {
    const doctor = calendar("dr", NEW_YORK, daily("00:30", "02:00"));
    expect(show(workingHoursOnDate(doctor, "2026-11-01"))).toEqual(["00:30–02:00"]);
  });

  it("Lord Howe spring-forward (30 minutes): 01:00–04:00 is one span", () => {
    const doctor = calendar("dr", LORD_HOWE, daily("01:00", "04:00"));
    expect(show(workingHoursOnDate(doctor, "2026-10-04"))).toEqual(["01:00–04:00"]);
  });

  it("draws a resource's hours on another zone's wall clock", () => {
    // London 09:00–17:00 is New York 04:00–12:00 in July.
    const doctor = calendar("dr", LONDON, daily("09:00", "17:00"));
    expect(show(workingHoursOnDate(doctor, "2026-07-15", NEW_YORK))).toEqual(["04:00–12:00"]);
    // UTC 04:00–08:00 on New York's fall-back day: 00:00 EDT to 03:00 EST, 01:xx twice, once
    // drawn; the next UTC day's hours begin at 23:00 EST.
    const room = calendar("room", "UTC", daily("04:00", "08:00"));
    expect(show(workingHoursOnDate(room, "2026-11-01", NEW_YORK))).toEqual([
      "00:00–03:00",
      "23:00–24:00",
    ]);
    // London 22:00–24:00 Wednesday is New York 17:00–19:00 the same date.
    const night = calendar("dr", LONDON, [{ weekday: 3, start: "22:00", end: "24:00" }]);
    expect(show(workingHoursOnDate(night, "2026-07-15", NEW_YORK))).toEqual(["17:00–19:00"]);
  });

  it("rejects a malformed date or zone", () => {
    const doctor = calendar("dr", LONDON, daily("09:00", "17:00"));
    expect(() => workingHoursOnDate(doctor, "2026-02-30")).toThrow(SchedulingInputError);
    expect(() => workingHoursOnDate(doctor, "2026-07-15", "Europe/Atlantis")).toThrow(
      SchedulingInputError,
    );
  });
});

describe("workingHoursOnDate properties", () => {
  const ZONES = [NEW_YORK, LONDON, KATHMANDU, LORD_HOWE, "UTC"];
  // Transition days in some of the zones, and an ordinary one.
  const DATES = [
    "2026-03-08",
    "2026-03-29",
    "2026-04-05",
    "2026-10-04",
    "2026-11-01",
    "2026-07-15",
  ];
  const ruleArb: fc.Arbitrary<WeeklyRule> = fc
    .record({
      weekday: fc.integer({ min: 1, max: 7 }).map((n) => n as IsoWeekday),
      start: fc.integer({ min: 0, max: 287 }),
      length: fc.integer({ min: 1, max: 288 }),
    })
    .map(({ weekday, start, length }) => ({
      weekday,
      start: hhmm(start * 5),
      end: hhmm(Math.min(288, start + length) * 5),
    }));

  it("a wall-clock minute that occurs once is drawn as working exactly when it is working", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.constantFrom(...ZONES),
        fc.constantFrom(...DATES),
        fc.array(ruleArb, { maxLength: 6 }),
        (resourceZone, axisZone, date, rules) => {
          const cal = calendar("r", resourceZone, rules);
          const spans = workingHoursOnDate(cal, date, axisZone);
          const at = (m: number) => localToEpochMinutes(date, hhmm(m), axisZone);
          const wallOf = (u: number) => {
            const local = epochMinutesToLocal(u, axisZone);
            return `${local.date} ${local.time}`;
          };
          const first = at(0) ?? 0;
          const hours = expandWorkingHours(cal, first - 1440, first + 3 * 1440);
          for (let m = 0; m < 1440; m++) {
            const t = at(m);
            // Skip wall times that do not exist or occur twice (a 30- or 60-minute fall-back).
            if (t === null || [30, 60].some((k) => wallOf(t + k) === wallOf(t))) continue;
            const working = hours.some((h) => h.start <= t && t < h.end);
            const drawn = spans.some((s) => s.start <= m && m < s.end);
            expect(drawn).toBe(working);
          }
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000);
});
