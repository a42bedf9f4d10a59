import { describe, expect, it } from "vitest";
import { SchedulingInputError, type Slot, findSlots, nextFreeSlots } from "../src";
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
  query,
} from "./helpers";

const starts = (slots: Slot[], zone: string) => slots.map((s) => local(s.start, zone));
const times = (slots: Slot[], zone: string) => starts(slots, zone).map((s) => s.slice(11));

function dayWindow(date: string, zone: string, nextDate: string) {
  return { from: at(date, "00:00", zone), to: at(nextDate, "00:00", zone) };
}

describe("grid and working hours", () => {
  it("offers every grid start whose whole slot fits, with Slot.end = start + duration", () => {
    const doctor = calendar("dr", LONDON, daily("09:00", "11:00"));
    const slots = findSlots(
      query([[doctor]], dayWindow("2026-07-15", LONDON, "2026-07-16"), {
        durationMinutes: 45,
        slotIntervalMinutes: 15,
      }),
    );
    expect(times(slots, LONDON)).toEqual(["09:00", "09:15", "09:30", "09:45", "10:00", "10:15"]);
    for (const slot of slots) {
      expect(slot.end).toBe(slot.start + 45);
      expect(slot.resourceIds).toEqual(["dr"]);
    }
  });

  it("breaks split the day", () => {
    const doctor = calendar("dr", LONDON, [...daily("09:00", "10:00"), ...daily("11:00", "12:00")]);
    const slots = findSlots(query([[doctor]], dayWindow("2026-07-15", LONDON, "2026-07-16")));
    expect(times(slots, LONDON)).toEqual(["09:00", "09:30", "11:00", "11:30"]);
  });

  it("a slot may run past midnight when 22:00–24:00 meets 00:00–02:00", () => {
    const doctor = calendar("dr", NEW_YORK, [
      { weekday: 3, start: "22:00", end: "24:00" },
      { weekday: 4, start: "00:00", end: "02:00" },
    ]);
    const slots = findSlots(
      query([[doctor]], dayWindow("2026-07-15", NEW_YORK, "2026-07-17"), {
        durationMinutes: 60,
        slotIntervalMinutes: 60,
      }),
    );
    expect(starts(slots, NEW_YORK)).toEqual([
      "2026-07-15 22:00",
      "2026-07-15 23:00",
      "2026-07-16 00:00",
      "2026-07-16 01:00",
    ]);
  });

  it("the grid counts from the start of working hours, not from the window start", () => {
    const doctor = calendar("dr", LONDON, daily("09:00", "12:00"));
    const slots = findSlots(
      query(
        [[doctor]],
        { from: at("2026-07-15", "09:10", LONDON), to: at("2026-07-15", "12:00", LONDON) },
        {
          slotIntervalMinutes: 20,
          durationMinutes: 20,
        },
      ),
    );
    expect(times(slots, LONDON)).toEqual([
      "09:20",
      "09:40",
      "10:00",
      "10:20",
      "10:40",
      "11:00",
      "11:20",
      "11:40",
    ]);
  });

  it("steps on the grid zone's wall clock: a repeated hour there is offered once", () => {
    // A UTC resource working 04:00–08:00 UTC on New York's fall-back day (00:00 EDT – 03:00 EST).
    // On New York's wall clock 01:00 and 01:30 occur twice; only their first pass is on the grid.
    // (Before grids were anchored at working hours this test checked an hourly UTC grid against
    // local midnight; midnight no longer sets the grid.)
    const room = calendar("room", "UTC", daily("04:00", "08:00"));
    const window = { from: at("2026-11-01", "00:00", "UTC"), to: at("2026-11-02", "00:00", "UTC") };
    const onNewYork = findSlots(query([[room]], window, { gridTimeZone: NEW_YORK }));
    expect(starts(onNewYork, "UTC").map((s) => s.slice(11))).toEqual([
      "04:00",
      "04:30",
      "05:00",
      "05:30",
      "07:00",
      "07:30",
    ]);
    const onUtc = findSlots(query([[room]], window, { gridTimeZone: "UTC" }));
    expect(onUtc).toHaveLength(8);
  });
});

describe("the grid starts where working hours start", () => {
  const zone = LONDON;
  const window = dayWindow("2026-07-15", zone, "2026-07-16");

  it("hours that begin at 09:10 offer 09:10, 09:40, 10:10…, not 09:30", () => {
    const doctor = calendar("dr", zone, daily("09:10", "11:00"));
    expect(times(findSlots(query([[doctor]], window)), zone)).toEqual(["09:10", "09:40", "10:10"]);
  });

  it("hours that begin on the hour keep their usual slots", () => {
    const doctor = calendar("dr", zone, daily("09:00", "10:00"));
    const slots = findSlots(query([[doctor]], window, { slotIntervalMinutes: 15 }));
    expect(times(slots, zone)).toEqual(["09:00", "09:15", "09:30"]);
  });

  it("each part of a day split by a break starts its own grid", () => {
    const doctor = calendar("dr", zone, [...daily("09:00", "10:00"), ...daily("13:05", "14:00")]);
    expect(times(findSlots(query([[doctor]], window)), zone)).toEqual(["09:00", "09:30", "13:05"]);
  });

  it("hours that touch (09:00–10:10 then 10:10–11:00) are one stretch with one grid", () => {
    const doctor = calendar("dr", zone, [...daily("09:00", "10:10"), ...daily("10:10", "11:00")]);
    expect(times(findSlots(query([[doctor]], window)), zone)).toEqual([
      "09:00",
      "09:30",
      "10:00",
      "10:30",
    ]);
  });

  it("an exception's hours anchor the grid on its dates; other dates keep the rules' grid", () => {
    const doctor = calendar("dr", zone, daily("09:00", "11:00"), {
      exceptions: [
        {
          from: "2026-07-15",
          to: "2026-07-15",
          closed: false,
          intervals: [
            { start: "09:20", end: "10:00" },
            { start: "10:05", end: "11:00" },
          ],
        },
      ],
    });
    const slots = findSlots(
      query([[doctor]], { from: window.from, to: at("2026-07-17", "00:00", zone) }),
    );
    expect(starts(slots, zone)).toEqual([
      "2026-07-15 09:20",
      "2026-07-15 10:05",
      "2026-07-16 09:00",
      "2026-07-16 09:30",
      "2026-07-16 10:00",
      "2026-07-16 10:30",
    ]);
  });

  it("night hours keep one grid through midnight (22:10–24:00 then 00:00–02:00)", () => {
    const doctor = calendar("dr", zone, [
      { weekday: 3, start: "22:10", end: "24:00" },
      { weekday: 4, start: "00:00", end: "02:00" },
    ]);
    const slots = findSlots(
      query([[doctor]], { from: window.from, to: at("2026-07-17", "00:00", zone) }),
    );
    expect(starts(slots, zone)).toEqual([
      "2026-07-15 22:10",
      "2026-07-15 22:40",
      "2026-07-15 23:10",
      "2026-07-15 23:40",
      "2026-07-16 00:10",
      "2026-07-16 00:40",
      "2026-07-16 01:10",
    ]);
    // A window that starts after midnight still sees the stretch began at 22:10.
    const late = findSlots(
      query([[doctor]], {
        from: at("2026-07-16", "00:30", zone),
        to: at("2026-07-16", "02:00", zone),
      }),
    );
    expect(times(late, zone)).toEqual(["00:40", "01:10"]);
  });

  it("night hours cut by a closed day end at midnight", () => {
    const doctor = calendar(
      "dr",
      zone,
      [
        { weekday: 3, start: "22:10", end: "24:00" },
        { weekday: 4, start: "00:00", end: "02:00" },
      ],
      { exceptions: [{ from: "2026-07-16", to: "2026-07-16", closed: true }] },
    );
    const slots = findSlots(
      query([[doctor]], { from: window.from, to: at("2026-07-17", "00:00", zone) }),
    );
    expect(times(slots, zone)).toEqual(["22:10", "22:40", "23:10"]);
  });

  it("round-the-clock hours take the grid of the previous local day's start", () => {
    // Open from Monday 09:00 without a break. Tuesday continues Monday's 09:00 grid; from
    // Wednesday each day continues the grid of the midnight before it, so an instant's grid never
    // depends on how long ago the hours began (35 minutes does not divide a day).
    const room = calendar("room", zone, daily("00:00", "24:00"), {
      exceptions: [
        { from: "2026-07-12", to: "2026-07-12", closed: true },
        {
          from: "2026-07-13",
          to: "2026-07-13",
          closed: false,
          intervals: [{ start: "09:00", end: "24:00" }],
        },
      ],
    });
    const q = query(
      [[room]],
      { from: at("2026-07-13", "00:00", zone), to: at("2026-07-17", "00:00", zone) },
      { slotIntervalMinutes: 35, durationMinutes: 35 },
    );
    const firstOfDay = (date: string) => starts(findSlots(q), zone).find((s) => s.startsWith(date));
    expect(firstOfDay("2026-07-13")).toBe("2026-07-13 09:00");
    expect(firstOfDay("2026-07-14")).toBe("2026-07-14 00:10");
    expect(firstOfDay("2026-07-15")).toBe("2026-07-15 00:30");
    expect(firstOfDay("2026-07-16")).toBe("2026-07-16 00:30");
    // The same starts whatever window asks.
    const thursday = { from: at("2026-07-16", "10:00", zone), to: at("2026-07-16", "12:00", zone) };
    expect(findSlots({ ...q, ...thursday })).toEqual(
      findSlots(q).filter((s) => s.start >= thursday.from && s.start < thursday.to),
    );
  });
});

describe("the practitioner's hours anchor the grid of a multi-resource service", () => {
  const zone = NEW_YORK;
  const window = dayWindow("2026-07-15", zone, "2026-07-16");

  it("a doctor from 09:10 with a room from 09:00: starts on the doctor's grid", () => {
    const doctor = calendar("dr", zone, daily("09:10", "11:00"));
    const room = calendar("room", zone, daily("09:00", "11:00"));
    expect(times(findSlots(query([[doctor], [room]], window)), zone)).toEqual([
      "09:10",
      "09:40",
      "10:10",
    ]);
  });

  it("a room that opens at 09:10 does not move a 09:00 doctor's grid", () => {
    const doctor = calendar("dr", zone, daily("09:00", "11:00"));
    const room = calendar("room", zone, daily("09:10", "11:00"));
    expect(times(findSlots(query([[doctor], [room]], window)), zone)).toEqual([
      "09:30",
      "10:00",
      "10:30",
    ]);
  });

  it("with any doctor, each start is on the grid of the doctor it is offered with", () => {
    const a = calendar("dr-a", zone, daily("09:00", "10:00"));
    const b = calendar("dr-b", zone, daily("09:10", "10:10"));
    const slots = findSlots(query([[a, b]], window));
    expect(slots.map((s) => [local(s.start, zone).slice(11), ...s.resourceIds])).toEqual([
      ["09:00", "dr-a"],
      ["09:10", "dr-b"],
      ["09:30", "dr-a"],
      ["09:40", "dr-b"],
    ]);
  });
});

describe("DST on the slot grid", () => {
  it("New York spring-forward: a 01:00–03:00 rule gives one hour and skips 02:xx", () => {
    const doctor = calendar("dr", NEW_YORK, daily("01:00", "03:00"));
    const slots = findSlots(
      query([[doctor]], dayWindow("2026-03-08", NEW_YORK, "2026-03-09"), {
        durationMinutes: 15,
        slotIntervalMinutes: 15,
      }),
    );
    expect(times(slots, NEW_YORK)).toEqual(["01:00", "01:15", "01:30", "01:45"]);
  });

  it("New York spring-forward: grid times in the gap are skipped, not shifted", () => {
    const doctor = calendar("dr", NEW_YORK, daily("00:00", "05:00"));
    const slots = findSlots(
      query([[doctor]], dayWindow("2026-03-08", NEW_YORK, "2026-03-09"), {
        durationMinutes: 30,
        slotIntervalMinutes: 30,
      }),
    );
    expect(times(slots, NEW_YORK)).toEqual([
      "00:00",
      "00:30",
      "01:00",
      "01:30",
      "03:00",
      "03:30",
      "04:00",
      "04:30",
    ]);
  });

  it("New York fall-back: ambiguous grid times count once, at their first occurrence", () => {
    const doctor = calendar("dr", NEW_YORK, daily("01:00", "02:00"));
    const slots = findSlots(
      query([[doctor]], dayWindow("2026-11-01", NEW_YORK, "2026-11-02"), {
        durationMinutes: 30,
        slotIntervalMinutes: 30,
      }),
    );
    // Working 05:00–07:00 UTC (01:00 EDT → 02:00 EST); grid 01:00 and 01:30 EDT only.
    expect(slots.map((s) => s.start)).toEqual([
      Date.UTC(2026, 10, 1, 5) / 60_000,
      Date.UTC(2026, 10, 1, 5, 30) / 60_000,
    ]);
  });

  it.each([
    [NEW_YORK, "2026-03-08", "2026-03-09"],
    [NEW_YORK, "2026-11-01", "2026-11-02"],
    [LONDON, "2026-03-29", "2026-03-30"],
    [LONDON, "2026-10-25", "2026-10-26"],
    [LORD_HOWE, "2026-04-05", "2026-04-06"],
    [LORD_HOWE, "2026-10-04", "2026-10-05"],
  ])("%s %s: a 09:00–17:00 day has the usual 16 half-hour slots", (zone, date, next) => {
    const doctor = calendar("dr", zone, daily("09:00", "17:00"));
    const slots = findSlots(query([[doctor]], dayWindow(date, zone, next)));
    expect(slots).toHaveLength(16);
    expect(times(slots, zone)[0]).toBe("09:00");
    expect(times(slots, zone)[15]).toBe("16:30");
  });

  it("Lord Howe spring-forward: 02:00 and 02:15 do not exist, 02:30 does", () => {
    const doctor = calendar("dr", LORD_HOWE, daily("01:00", "04:00"));
    const slots = findSlots(
      query([[doctor]], dayWindow("2026-10-04", LORD_HOWE, "2026-10-05"), {
        durationMinutes: 15,
        slotIntervalMinutes: 15,
      }),
    );
    expect(times(slots, LORD_HOWE)).toEqual([
      "01:00",
      "01:15",
      "01:30",
      "01:45",
      "02:30",
      "02:45",
      "03:00",
      "03:15",
      "03:30",
      "03:45",
    ]);
  });

  it("Lord Howe fall-back: 01:30 and 01:45 are offered once", () => {
    const doctor = calendar("dr", LORD_HOWE, daily("01:00", "03:00"));
    const slots = findSlots(
      query([[doctor]], dayWindow("2026-04-05", LORD_HOWE, "2026-04-06"), {
        durationMinutes: 15,
        slotIntervalMinutes: 15,
      }),
    );
    expect(times(slots, LORD_HOWE)).toEqual([
      "01:00",
      "01:15",
      "01:30",
      "01:45",
      "02:00",
      "02:15",
      "02:30",
      "02:45",
    ]);
    // The repeated half-hour is worked (2h30 real time) but only its first pass is on the grid.
    expect((slots[4]?.start ?? 0) - (slots[3]?.start ?? 0)).toBe(45);
  });

  it("New York spring-forward: hours from 01:10 skip the grid times 02:10 and 02:40", () => {
    const doctor = calendar("dr", NEW_YORK, daily("01:10", "05:00"));
    const slots = findSlots(query([[doctor]], dayWindow("2026-03-08", NEW_YORK, "2026-03-09")));
    expect(times(slots, NEW_YORK)).toEqual(["01:10", "01:40", "03:10", "03:40", "04:10"]);
  });

  it("New York fall-back: hours from 00:50 offer 01:20 and 01:50 once", () => {
    const doctor = calendar("dr", NEW_YORK, daily("00:50", "03:00"));
    const slots = findSlots(query([[doctor]], dayWindow("2026-11-01", NEW_YORK, "2026-11-02")));
    expect(starts(slots, "UTC").map((s) => s.slice(11))).toEqual([
      "04:50",
      "05:20",
      "05:50",
      "07:20",
    ]);
    expect(times(slots, NEW_YORK)).toEqual(["00:50", "01:20", "01:50", "02:20"]);
  });

  it("Lord Howe spring-forward (30 minutes): hours from 01:10 on a 20-minute grid skip 02:10", () => {
    const doctor = calendar("dr", LORD_HOWE, daily("01:10", "04:00"));
    const slots = findSlots(
      query([[doctor]], dayWindow("2026-10-04", LORD_HOWE, "2026-10-05"), {
        durationMinutes: 20,
        slotIntervalMinutes: 20,
      }),
    );
    expect(times(slots, LORD_HOWE)).toEqual([
      "01:10",
      "01:30",
      "01:50",
      "02:30",
      "02:50",
      "03:10",
      "03:30",
    ]);
  });

  it("Kathmandu (+05:45): slots align to local :00/:15, i.e. UTC :15/:30/:45/:00 shifted by 45 min", () => {
    const doctor = calendar("dr", KATHMANDU, daily("09:00", "10:00"));
    const slots = findSlots(
      query([[doctor]], dayWindow("2026-07-15", KATHMANDU, "2026-07-16"), {
        durationMinutes: 15,
        slotIntervalMinutes: 15,
      }),
    );
    expect(times(slots, KATHMANDU)).toEqual(["09:00", "09:15", "09:30", "09:45"]);
    expect(starts(slots, "UTC")).toEqual([
      "2026-07-15 03:15",
      "2026-07-15 03:30",
      "2026-07-15 03:45",
      "2026-07-15 04:00",
    ]);
    const hourly = findSlots(
      query([[doctor]], dayWindow("2026-07-15", KATHMANDU, "2026-07-16"), {
        durationMinutes: 60,
        slotIntervalMinutes: 60,
      }),
    );
    expect(starts(hourly, "UTC")).toEqual(["2026-07-15 03:15"]);
  });

  it("Kolkata (+05:30): slots align to local half hours", () => {
    const doctor = calendar("dr", KOLKATA, daily("09:00", "10:00"));
    const slots = findSlots(query([[doctor]], dayWindow("2026-07-15", KOLKATA, "2026-07-16")));
    expect(times(slots, KOLKATA)).toEqual(["09:00", "09:30"]);
    expect(starts(slots, "UTC")).toEqual(["2026-07-15 03:30", "2026-07-15 04:00"]);
  });
});

describe("busy time, buffers, notice, horizon, window, limit", () => {
  const zone = LONDON;
  const window = dayWindow("2026-07-15", zone, "2026-07-16");
  const t = (time: string) => at("2026-07-15", time, zone);

  it("busy intervals and buffers block overlapping starts only", () => {
    const doctor = calendar("dr", zone, daily("09:00", "12:00"), {
      busy: [{ start: t("10:00"), end: t("10:30") }],
    });
    expect(times(findSlots(query([[doctor]], window)), zone)).toEqual([
      "09:00",
      "09:30",
      "10:30",
      "11:00",
      "11:30",
    ]);
    const buffered = findSlots(
      query([[doctor]], window, { bufferBeforeMinutes: 10, bufferAfterMinutes: 1 }),
    );
    // 09:30 would need 09:30–10:01 free; 10:30 would need 10:20 onwards free.
    expect(times(buffered, zone)).toEqual(["09:00", "11:00", "11:30"]);
  });

  it("a booking's buffer reach carries over a break into the next working interval", () => {
    // Regression (found by the property tests): the booking ends inside the first interval,
    // but bufferBefore of a start just after the break still reaches it.
    const doctor = calendar("dr", zone, [...daily("09:00", "10:10"), ...daily("10:15", "11:00")], {
      busy: [{ start: t("09:30"), end: t("09:50") }],
    });
    const slots = findSlots(
      query([[doctor]], window, {
        durationMinutes: 5,
        slotIntervalMinutes: 5,
        bufferBeforeMinutes: 26,
      }),
    );
    expect(times(slots, zone)).not.toContain("10:15");
    expect(times(slots, zone)).toContain("10:20");
    expect(times(slots, zone).filter((s) => s < "10:20")).toEqual([
      "09:00",
      "09:05",
      "09:10",
      "09:15",
      "09:20",
      "09:25",
    ]);
  });

  it("buffers may fall outside working hours (only busy time blocks them)", () => {
    const doctor = calendar("dr", zone, daily("09:00", "10:00"));
    const slots = findSlots(
      query([[doctor]], window, { bufferBeforeMinutes: 15, bufferAfterMinutes: 15 }),
    );
    expect(times(slots, zone)).toEqual(["09:00", "09:30"]);
  });

  it("accepts unsorted, overlapping and fractional busy intervals", () => {
    const doctor = calendar("dr", zone, daily("09:00", "12:00"), {
      busy: [
        { start: t("11:00"), end: t("11:20") },
        { start: t("09:40"), end: t("10:00") },
        { start: t("09:30"), end: t("09:50") },
        { start: t("11:59") + 0.5, end: t("11:59") + 0.75 },
      ],
    });
    expect(times(findSlots(query([[doctor]], window)), zone)).toEqual(["09:00", "10:00", "10:30"]);
  });

  it("gives the same answer for sorted, shuffled and far-flung busy lists", () => {
    const busy = [
      { start: t("11:00"), end: t("11:20") },
      { start: t("09:30"), end: t("09:50") },
      { start: t("10:10"), end: t("10:15") },
    ];
    const run = (list: typeof busy) =>
      times(
        findSlots(query([[calendar("dr", zone, daily("09:00", "12:00"), { busy: list })]], window)),
        zone,
      );
    const expected = ["09:00", "10:30", "11:30"];
    expect(run([...busy].sort((a, b) => a.start - b.start))).toEqual(expected);
    expect(run(busy)).toEqual(expected);
    // Bookings millennia apart take the comparator-sort path; the result must not change.
    expect(
      run([{ start: 4e12, end: 4e12 + 30 }, ...busy, { start: -4e12, end: -4e12 + 30 }]),
    ).toEqual(expected);
  });

  it("respects minimum notice and the horizon", () => {
    const doctor = calendar("dr", zone, daily("09:00", "17:00"));
    const now = t("09:05");
    const slots = findSlots(
      query(
        [[doctor]],
        { from: window.from, to: at("2026-07-20", "00:00", zone) },
        {
          now,
          minNoticeMinutes: 60,
          horizonDays: 1,
        },
      ),
    );
    expect(starts(slots, zone)[0]).toBe("2026-07-15 10:30");
    expect(starts(slots, zone).at(-1)).toBe("2026-07-16 09:00");
    expect(slots.every((s) => s.start >= now + 60 && s.start < now + 1440)).toBe(true);
  });

  it("the window bounds starts, half-open", () => {
    const doctor = calendar("dr", zone, daily("09:00", "17:00"));
    const slots = findSlots(query([[doctor]], { from: t("10:00"), to: t("11:00") }));
    expect(times(slots, zone)).toEqual(["10:00", "10:30"]);
    expect(findSlots(query([[doctor]], { from: t("11:00"), to: t("10:00") }))).toEqual([]);
  });

  it("caps by limit", () => {
    const doctor = calendar("dr", zone, daily("09:00", "17:00"));
    const all = findSlots(query([[doctor]], { from: window.from, to: window.from + 30 * 1440 }));
    expect(all.length).toBe(30 * 16);
    for (const limit of [0, 1, 5, 16, 17, 200, 10_000]) {
      expect(
        findSlots(query([[doctor]], { from: window.from, to: window.from + 30 * 1440 }, { limit })),
      ).toEqual(all.slice(0, limit));
    }
  });

  it("rejects malformed queries", () => {
    const doctor = calendar("dr", zone, daily("09:00", "17:00"));
    const bad = (extra: Parameters<typeof query>[2]) => () =>
      findSlots(query([[doctor]], window, extra));
    expect(bad({ durationMinutes: 0 })).toThrow(SchedulingInputError);
    expect(bad({ durationMinutes: 1.5 })).toThrow(SchedulingInputError);
    expect(bad({ slotIntervalMinutes: 0 })).toThrow(SchedulingInputError);
    expect(bad({ bufferAfterMinutes: -5 })).toThrow(SchedulingInputError);
    expect(bad({ horizonDays: -1 })).toThrow(SchedulingInputError);
    expect(bad({ gridTimeZone: "Europe/Atlantis" })).toThrow(SchedulingInputError);
    expect(bad({ from: Number.NaN })).toThrow(SchedulingInputError);
    expect(bad({ requirements: [] })).toThrow(SchedulingInputError);
  });

  it("a requirement without candidates (a resource kind the practice lacks) yields nothing", () => {
    const doctor = calendar("dr", zone, daily("09:00", "17:00"));
    expect(findSlots(query([[doctor], []], window))).toEqual([]);
  });
});

describe("multi-resource services", () => {
  const zone = NEW_YORK;
  const date = "2026-07-15";
  const window = dayWindow(date, zone, "2026-07-16");
  const t = (time: string) => at(date, time, zone);

  it("doctor + room + equipment: offered only where all three are free", () => {
    const doctor = calendar("dr", zone, daily("09:00", "13:00"), {
      busy: [{ start: t("09:00"), end: t("10:00") }],
    });
    const room = calendar("room", zone, daily("08:00", "18:00"), {
      busy: [{ start: t("11:00"), end: t("11:30") }],
    });
    const xray = calendar("xray", zone, daily("10:00", "18:00"), {
      busy: [{ start: t("12:00"), end: t("12:30") }],
    });
    const slots = findSlots(query([[doctor], [room], [xray]], window));
    expect(times(slots, zone)).toEqual(["10:00", "10:30", "11:30", "12:30"]);
    expect(slots[0]?.resourceIds).toEqual(["dr", "room", "xray"]);

    // With any one of the three taken at 10:30, 10:30 disappears.
    for (const taken of [doctor, room, xray]) {
      const busy = [...taken.busy, { start: t("10:30"), end: t("11:00") }];
      const all = [doctor, room, xray].map((c) => (c === taken ? { ...c, busy } : c));
      const offered = times(
        findSlots(
          query(
            all.map((c) => [c]),
            window,
          ),
        ),
        zone,
      );
      expect(offered).not.toContain("10:30");
      expect(offered).toContain("10:00");
    }
  });

  it("returns the first free candidate of each requirement, in candidate order", () => {
    const a = calendar("dr-a", zone, daily("09:00", "10:00"), {
      busy: [{ start: t("09:00"), end: t("09:30") }],
    });
    const b = calendar("dr-b", zone, daily("09:00", "10:00"));
    const room1 = calendar("room-1", zone, daily("09:00", "10:00"));
    const room2 = calendar("room-2", zone, daily("09:00", "10:00"));
    const slots = findSlots(
      query(
        [
          [a, b],
          [room1, room2],
        ],
        window,
      ),
    );
    expect(slots.map((s) => [local(s.start, zone).slice(11), ...s.resourceIds])).toEqual([
      ["09:00", "dr-b", "room-1"],
      ["09:30", "dr-a", "room-1"],
    ]);
  });

  it("never uses one resource twice in a slot, and backtracks to find a valid assignment", () => {
    const shared = calendar("shared", zone, daily("09:00", "10:00"));
    const other = calendar("other", zone, daily("09:00", "10:00"));
    // Greedy would give "shared" to the first requirement and starve the second.
    const slots = findSlots(query([[shared, other], [shared]], window));
    expect(slots.map((s) => s.resourceIds)).toEqual([
      ["other", "shared"],
      ["other", "shared"],
    ]);
    // One resource cannot fill two requirements alone.
    expect(findSlots(query([[shared], [shared]], window))).toEqual([]);
  });

  it("gives each requirement its own resource across three overlapping pools", () => {
    const pool = ["p1", "p2", "p3"].map((id) => calendar(id, zone, daily("09:00", "09:30")));
    const [p1, p2, p3] = pool as [(typeof pool)[0], (typeof pool)[0], (typeof pool)[0]];
    const slots = findSlots(query([[p1, p2], [p1, p3], [p1]], window));
    expect(slots.map((s) => s.resourceIds)).toEqual([["p2", "p3", "p1"]]);
  });
});

describe("nextFreeSlots", () => {
  const zone = LONDON;
  const t = (date: string, time: string) => at(date, time, zone);

  it("gives the next three free alternatives after a taken slot, across days", () => {
    const doctor = calendar("dr", zone, daily("09:00", "11:00"), {
      busy: [{ start: t("2026-07-15", "10:00"), end: t("2026-07-15", "10:30") }],
    });
    const q = query([[doctor]], { from: t("2026-07-15", "00:00"), to: t("2026-08-15", "00:00") });
    const alternatives = nextFreeSlots(q, t("2026-07-15", "09:30"), 3);
    expect(starts(alternatives, zone)).toEqual([
      "2026-07-15 10:30",
      "2026-07-16 09:00",
      "2026-07-16 09:30",
    ]);
  });

  it("equals the unlimited search filtered to starts after `after`", () => {
    const doctor = calendar("dr", zone, [...daily("09:00", "10:00", [1, 3, 5])], {
      busy: [{ start: t("2026-07-20", "09:00"), end: t("2026-07-20", "10:00") }],
    });
    const q = query([[doctor]], { from: t("2026-07-13", "00:00"), to: t("2026-09-13", "00:00") });
    const all = findSlots(q);
    const after = t("2026-07-17", "09:30");
    expect(nextFreeSlots(q, after, 5)).toEqual(all.filter((s) => s.start > after).slice(0, 5));
    expect(nextFreeSlots(q, after, 0)).toEqual([]);
    expect(nextFreeSlots(q, t("2026-09-13", "00:00"), 3)).toEqual([]);
  });
});
