import { describe, expect, it } from "vitest";
import { SchedulingInputError, expandWorkingHours } from "../src";
import {
  KATHMANDU,
  KOLKATA,
  LONDON,
  LORD_HOWE,
  NEW_YORK,
  at,
  calendar,
  daily,
  local,
  totalMinutes,
} from "./helpers";

/** Working hours of one local day. */
function day(cal: Parameters<typeof expandWorkingHours>[0], date: string) {
  const from = at(date, "00:00", cal.timeZone);
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  const to = at(next.toISOString().slice(0, 10), "00:00", cal.timeZone);
  return expandWorkingHours(cal, from, to);
}

const show = (intervals: { start: number; end: number }[], zone: string) =>
  intervals.map((i) => `${local(i.start, zone)}–${local(i.end, zone)}`);

describe("a 09:00–17:00 rule gives exactly 8 hours on DST transition days", () => {
  it.each([
    [NEW_YORK, "2026-03-08"],
    [NEW_YORK, "2026-11-01"],
    [LONDON, "2026-03-29"],
    [LONDON, "2026-10-25"],
    [LORD_HOWE, "2026-04-05"],
    [LORD_HOWE, "2026-10-04"],
    [KOLKATA, "2026-03-08"],
    [KATHMANDU, "2026-03-08"],
  ])("%s on %s", (zone, date) => {
    const hours = day(calendar("d", zone, daily("09:00", "17:00")), date);
    expect(hours).toHaveLength(1);
    expect(totalMinutes(hours)).toBe(8 * 60);
    expect(show(hours, zone)).toEqual([`${date} 09:00–${date} 17:00`]);
  });
});

describe("rules across the transition itself", () => {
  it("New York spring-forward: 01:00–03:00 is one real hour", () => {
    const hours = day(calendar("d", NEW_YORK, daily("01:00", "03:00")), "2026-03-08");
    expect(hours).toEqual([
      { start: at("2026-03-08", "01:00", NEW_YORK), end: at("2026-03-08", "03:00", NEW_YORK) },
    ]);
    expect(totalMinutes(hours)).toBe(60);
  });

  it("New York spring-forward: a boundary inside the gap moves to 03:00", () => {
    const hours = day(calendar("d", NEW_YORK, daily("02:30", "05:00")), "2026-03-08");
    expect(show(hours, NEW_YORK)).toEqual(["2026-03-08 03:00–2026-03-08 05:00"]);
    const ending = day(calendar("d", NEW_YORK, daily("00:00", "02:30")), "2026-03-08");
    expect(show(ending, NEW_YORK)).toEqual(["2026-03-08 00:00–2026-03-08 03:00"]);
    expect(totalMinutes(ending)).toBe(120);
  });

  it("New York spring-forward: a rule entirely inside the gap yields nothing", () => {
    expect(day(calendar("d", NEW_YORK, daily("02:00", "02:45")), "2026-03-08")).toEqual([]);
  });

  it("New York fall-back: 01:00–02:00 starts at the first 01:00 and runs until 02:00 EST", () => {
    const hours = day(calendar("d", NEW_YORK, daily("01:00", "02:00")), "2026-11-01");
    expect(hours).toEqual([
      { start: Date.UTC(2026, 10, 1, 5) / 60_000, end: Date.UTC(2026, 10, 1, 7) / 60_000 },
    ]);
    expect(totalMinutes(hours)).toBe(120);
  });

  it("New York fall-back: 00:00–01:30 ends at the first 01:30", () => {
    const hours = day(calendar("d", NEW_YORK, daily("00:00", "01:30")), "2026-11-01");
    expect(totalMinutes(hours)).toBe(90);
    expect(hours[0]?.end).toBe(Date.UTC(2026, 10, 1, 5, 30) / 60_000);
  });

  it("London: 00:00–03:00 is 2 hours in spring and 4 hours in autumn", () => {
    const cal = calendar("d", LONDON, daily("00:00", "03:00"));
    expect(totalMinutes(day(cal, "2026-03-29"))).toBe(120);
    expect(totalMinutes(day(cal, "2026-10-25"))).toBe(240);
  });

  it("Lord Howe: the 02:00→02:30 gap removes 30 minutes, the fall-back adds 30", () => {
    const cal = calendar("d", LORD_HOWE, daily("01:00", "04:00"));
    expect(totalMinutes(day(cal, "2026-10-04"))).toBe(150);
    expect(totalMinutes(day(cal, "2026-04-05"))).toBe(210);
    const inGap = day(calendar("d", LORD_HOWE, daily("02:15", "03:00")), "2026-10-04");
    expect(show(inGap, LORD_HOWE)).toEqual(["2026-10-04 02:30–2026-10-04 03:00"]);
  });

  it("Kathmandu and Kolkata: hours follow their +05:45 / +05:30 offsets", () => {
    const k = day(calendar("d", KATHMANDU, daily("09:00", "17:00")), "2026-07-15");
    expect(k[0]?.start).toBe(Date.UTC(2026, 6, 15, 3, 15) / 60_000);
    const i = day(calendar("d", KOLKATA, daily("09:00", "17:00")), "2026-07-15");
    expect(i[0]?.start).toBe(Date.UTC(2026, 6, 15, 3, 30) / 60_000);
  });
});

describe("rules", () => {
  it("applies rules only on their ISO weekday", () => {
    // 2026-07-13 is a Monday.
    const cal = calendar("d", LONDON, [
      { weekday: 1, start: "09:00", end: "12:00" },
      { weekday: 3, start: "14:00", end: "18:00" },
    ]);
    const week = expandWorkingHours(
      cal,
      at("2026-07-13", "00:00", LONDON),
      at("2026-07-20", "00:00", LONDON),
    );
    expect(show(week, LONDON)).toEqual([
      "2026-07-13 09:00–2026-07-13 12:00",
      "2026-07-15 14:00–2026-07-15 18:00",
    ]);
  });

  it("several rules on one day are intervals with breaks; overlapping ones merge", () => {
    const cal = calendar("d", NEW_YORK, [
      ...daily("08:00", "12:00"),
      ...daily("13:00", "17:00"),
      ...daily("16:00", "18:00"),
      ...daily("18:00", "19:00"),
    ]);
    expect(show(day(cal, "2026-07-15"), NEW_YORK)).toEqual([
      "2026-07-15 08:00–2026-07-15 12:00",
      "2026-07-15 13:00–2026-07-15 19:00",
    ]);
  });

  it("honours validFrom and validTo (inclusive)", () => {
    const cal = calendar("d", LONDON, [
      { weekday: 1, start: "09:00", end: "12:00", validTo: "2026-07-13" },
      { weekday: 1, start: "14:00", end: "16:00", validFrom: "2026-07-20", validTo: null },
    ]);
    const hours = expandWorkingHours(
      cal,
      at("2026-07-06", "00:00", LONDON),
      at("2026-07-28", "00:00", LONDON),
    );
    expect(show(hours, LONDON)).toEqual([
      "2026-07-06 09:00–2026-07-06 12:00",
      "2026-07-13 09:00–2026-07-13 12:00",
      "2026-07-20 14:00–2026-07-20 16:00",
      "2026-07-27 14:00–2026-07-27 16:00",
    ]);
  });

  it("a 22:00–24:00 rule works and merges with 00:00–02:00 of the next day", () => {
    const cal = calendar("d", NEW_YORK, [
      { weekday: 3, start: "22:00", end: "24:00" },
      { weekday: 4, start: "00:00", end: "02:00" },
    ]);
    const hours = expandWorkingHours(
      cal,
      at("2026-07-13", "00:00", NEW_YORK),
      at("2026-07-20", "00:00", NEW_YORK),
    );
    expect(show(hours, NEW_YORK)).toEqual(["2026-07-15 22:00–2026-07-16 02:00"]);
  });

  it("clips to the requested range", () => {
    const cal = calendar("d", LONDON, daily("09:00", "17:00"));
    const hours = expandWorkingHours(
      cal,
      at("2026-07-15", "10:00", LONDON),
      at("2026-07-15", "11:30", LONDON),
    );
    expect(show(hours, LONDON)).toEqual(["2026-07-15 10:00–2026-07-15 11:30"]);
    expect(expandWorkingHours(cal, 100, 100)).toEqual([]);
  });

  it("rejects malformed rules", () => {
    const bad = (start: string, end: string) => () =>
      expandWorkingHours(calendar("d", LONDON, daily(start, end)), 0, 1440 * 7);
    expect(bad("17:00", "09:00")).toThrow(SchedulingInputError);
    expect(bad("09:00", "09:00")).toThrow(SchedulingInputError);
    expect(bad("24:00", "24:00")).toThrow(SchedulingInputError);
    expect(bad("9", "17:00")).toThrow(SchedulingInputError);
    expect(() =>
      expandWorkingHours(calendar("d", "Not/AZone", daily("09:00", "17:00")), 0, 1440),
    ).toThrow(SchedulingInputError);
  });

  it("tolerates HH:MM:00 as PostgreSQL prints time columns", () => {
    const cal = calendar("d", LONDON, daily("09:00:00", "17:00:00"));
    expect(totalMinutes(day(cal, "2026-07-15"))).toBe(480);
  });
});

describe("exceptions", () => {
  const cal = (extra: Parameters<typeof calendar>[3]) =>
    calendar("d", LONDON, daily("09:00", "17:00"), extra);
  const week = (c: ReturnType<typeof cal>) =>
    show(
      expandWorkingHours(c, at("2026-12-23", "00:00", LONDON), at("2026-12-28", "00:00", LONDON)),
      LONDON,
    );

  it("a closed holiday range removes those days (inclusive)", () => {
    expect(
      week(cal({ exceptions: [{ from: "2026-12-24", to: "2026-12-26", closed: true }] })),
    ).toEqual(["2026-12-23 09:00–2026-12-23 17:00", "2026-12-27 09:00–2026-12-27 17:00"]);
  });

  it("replacement hours replace the day's rules", () => {
    const c = cal({
      exceptions: [
        {
          from: "2026-12-24",
          to: "2026-12-24",
          closed: false,
          intervals: [
            { start: "08:00", end: "10:00" },
            { start: "11:00", end: "12:00" },
          ],
        },
      ],
    });
    expect(week(c)).toEqual([
      "2026-12-23 09:00–2026-12-23 17:00",
      "2026-12-24 08:00–2026-12-24 10:00",
      "2026-12-24 11:00–2026-12-24 12:00",
      "2026-12-25 09:00–2026-12-25 17:00",
      "2026-12-26 09:00–2026-12-26 17:00",
      "2026-12-27 09:00–2026-12-27 17:00",
    ]);
  });

  it("replacement hours can open a day without rules", () => {
    const c = calendar("d", LONDON, [], {
      exceptions: [
        {
          from: "2026-12-27",
          to: "2026-12-27",
          closed: false,
          intervals: [{ start: "10:00", end: "12:00" }],
        },
      ],
    });
    expect(week(c)).toEqual(["2026-12-27 10:00–2026-12-27 12:00"]);
  });

  it("an open exception without intervals, or a closed one overlapping it, closes the day", () => {
    expect(
      week(cal({ exceptions: [{ from: "2026-12-24", to: "2026-12-27", closed: false }] })),
    ).toEqual(["2026-12-23 09:00–2026-12-23 17:00"]);
    const both = cal({
      exceptions: [
        {
          from: "2026-12-24",
          to: "2026-12-24",
          closed: false,
          intervals: [{ start: "08:00", end: "10:00" }],
        },
        { from: "2026-12-20", to: "2026-12-24", closed: true },
      ],
    });
    expect(week(both)).toEqual([
      "2026-12-25 09:00–2026-12-25 17:00",
      "2026-12-26 09:00–2026-12-26 17:00",
      "2026-12-27 09:00–2026-12-27 17:00",
    ]);
  });

  it("rejects an exception that ends before it starts", () => {
    expect(() =>
      week(cal({ exceptions: [{ from: "2026-12-24", to: "2026-12-23", closed: true }] })),
    ).toThrow(SchedulingInputError);
  });
});
