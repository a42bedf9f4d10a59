import { describe, expect, it } from "vitest";
import {
  SchedulingInputError,
  epochMinutesToLocal,
  fromEpochMinutes,
  isValidTimeZone,
  localToEpochMinutes,
  startOfLocalDay,
  toEpochMinutes,
} from "../src";
import { KATHMANDU, KOLKATA, LONDON, LORD_HOWE, NEW_YORK } from "./helpers";

const utc = (iso: string) => toEpochMinutes(new Date(iso));

describe("epoch minutes", () => {
  it("round-trips Date", () => {
    const d = new Date("2026-03-08T07:00:00Z");
    expect(toEpochMinutes(d)).toBe(Date.UTC(2026, 2, 8, 7) / 60_000);
    expect(fromEpochMinutes(toEpochMinutes(d)).toISOString()).toBe("2026-03-08T07:00:00.000Z");
  });

  it("floors seconds", () => {
    expect(toEpochMinutes(new Date("2026-01-01T00:00:59.999Z"))).toBe(utc("2026-01-01T00:00:00Z"));
    expect(toEpochMinutes(new Date("1969-12-31T23:59:30Z"))).toBe(-1);
  });
});

describe("isValidTimeZone", () => {
  it.each([NEW_YORK, LONDON, KOLKATA, KATHMANDU, LORD_HOWE, "UTC", "Asia/Calcutta", "Etc/GMT+5"])(
    "accepts %s",
    (zone) => expect(isValidTimeZone(zone)).toBe(true),
  );

  it.each(["", "Mars/Olympus_Mons", "Europe/Londn", "+05:30", "EST", "local", "America/New York"])(
    "rejects %j",
    (zone) => expect(isValidTimeZone(zone)).toBe(false),
  );

  it("makes the engine throw a SchedulingInputError for an unknown zone", () => {
    expect(() => localToEpochMinutes("2026-01-01", "09:00", "Mars/Olympus_Mons")).toThrow(
      SchedulingInputError,
    );
    expect(() => epochMinutesToLocal(0, "nowhere")).toThrow(SchedulingInputError);
  });
});

describe("localToEpochMinutes", () => {
  it("converts ordinary times in every test zone", () => {
    expect(localToEpochMinutes("2026-01-15", "09:00", NEW_YORK)).toBe(utc("2026-01-15T14:00:00Z"));
    expect(localToEpochMinutes("2026-07-15", "09:00", NEW_YORK)).toBe(utc("2026-07-15T13:00:00Z"));
    expect(localToEpochMinutes("2026-07-15", "09:00", LONDON)).toBe(utc("2026-07-15T08:00:00Z"));
    expect(localToEpochMinutes("2026-07-15", "09:00", KOLKATA)).toBe(utc("2026-07-15T03:30:00Z"));
    expect(localToEpochMinutes("2026-07-15", "09:00", KATHMANDU)).toBe(utc("2026-07-15T03:15:00Z"));
    expect(localToEpochMinutes("2026-07-15", "09:00", LORD_HOWE)).toBe(utc("2026-07-14T22:30:00Z"));
    expect(localToEpochMinutes("2026-01-15", "09:00", LORD_HOWE)).toBe(utc("2026-01-14T22:00:00Z"));
  });

  it("returns null inside a spring-forward gap", () => {
    expect(localToEpochMinutes("2026-03-08", "02:00", NEW_YORK)).toBeNull();
    expect(localToEpochMinutes("2026-03-08", "02:59", NEW_YORK)).toBeNull();
    expect(localToEpochMinutes("2026-03-08", "03:00", NEW_YORK)).toBe(utc("2026-03-08T07:00:00Z"));
    expect(localToEpochMinutes("2026-03-08", "01:59", NEW_YORK)).toBe(utc("2026-03-08T06:59:00Z"));
    expect(localToEpochMinutes("2026-03-29", "01:30", LONDON)).toBeNull();
    expect(localToEpochMinutes("2026-10-04", "02:00", LORD_HOWE)).toBeNull();
    expect(localToEpochMinutes("2026-10-04", "02:29", LORD_HOWE)).toBeNull();
    expect(localToEpochMinutes("2026-10-04", "02:30", LORD_HOWE)).toBe(utc("2026-10-03T15:30:00Z"));
  });

  it("takes the first occurrence of an ambiguous fall-back time", () => {
    // New York 2026-11-01: 01:00–01:59 happens in EDT (UTC−4) and again in EST (UTC−5).
    expect(localToEpochMinutes("2026-11-01", "01:30", NEW_YORK)).toBe(utc("2026-11-01T05:30:00Z"));
    expect(localToEpochMinutes("2026-11-01", "02:00", NEW_YORK)).toBe(utc("2026-11-01T07:00:00Z"));
    expect(localToEpochMinutes("2026-10-25", "01:15", LONDON)).toBe(utc("2026-10-25T00:15:00Z"));
    // Lord Howe 2026-04-05: 02:00 (+11:00) falls back to 01:30 (+10:30); 01:30–01:59 repeats.
    expect(localToEpochMinutes("2026-04-05", "01:45", LORD_HOWE)).toBe(utc("2026-04-04T14:45:00Z"));
    expect(localToEpochMinutes("2026-04-05", "02:00", LORD_HOWE)).toBe(utc("2026-04-04T15:30:00Z"));
  });

  it("reads 24:00 as the next midnight", () => {
    expect(localToEpochMinutes("2026-07-15", "24:00", LONDON)).toBe(
      localToEpochMinutes("2026-07-16", "00:00", LONDON),
    );
  });

  it("rejects malformed dates and times", () => {
    expect(() => localToEpochMinutes("2026-02-30", "09:00", LONDON)).toThrow(SchedulingInputError);
    expect(() => localToEpochMinutes("2026-1-5", "09:00", LONDON)).toThrow(SchedulingInputError);
    expect(() => localToEpochMinutes("2026-01-05", "9:00", LONDON)).toThrow(SchedulingInputError);
    expect(() => localToEpochMinutes("2026-01-05", "09:60", LONDON)).toThrow(SchedulingInputError);
    expect(() => localToEpochMinutes("2026-01-05", "24:30", LONDON)).toThrow(SchedulingInputError);
  });
});

describe("epochMinutesToLocal", () => {
  it("gives date, time and ISO weekday", () => {
    expect(epochMinutesToLocal(utc("2026-03-08T06:59:00Z"), NEW_YORK)).toEqual({
      date: "2026-03-08",
      time: "01:59",
      weekday: 7,
    });
    expect(epochMinutesToLocal(utc("2026-03-08T07:00:00Z"), NEW_YORK)).toEqual({
      date: "2026-03-08",
      time: "03:00",
      weekday: 7,
    });
    expect(epochMinutesToLocal(utc("2026-07-12T18:15:00Z"), KATHMANDU)).toEqual({
      date: "2026-07-13",
      time: "00:00",
      weekday: 1,
    });
    expect(epochMinutesToLocal(0, "UTC")).toEqual({
      date: "1970-01-01",
      time: "00:00",
      weekday: 4,
    });
  });

  it("shows both occurrences of a repeated hour", () => {
    const first = utc("2026-11-01T05:30:00Z");
    expect(epochMinutesToLocal(first, NEW_YORK).time).toBe("01:30");
    expect(epochMinutesToLocal(first + 60, NEW_YORK).time).toBe("01:30");
  });

  it("round-trips every existing local minute over a transition day", () => {
    for (const [zone, date] of [
      [NEW_YORK, "2026-03-08"],
      [NEW_YORK, "2026-11-01"],
      [LORD_HOWE, "2026-04-05"],
      [LORD_HOWE, "2026-10-04"],
    ] as const) {
      const start = localToEpochMinutes(date, "00:00", zone) as number;
      for (let m = start; m < start + 1440; m++) {
        const { date: d, time } = epochMinutesToLocal(m, zone);
        const back = localToEpochMinutes(d, time, zone);
        // Second occurrences of a repeated time map back to the first one, an hour (or 30 min) earlier.
        expect(back === m || (back !== null && back < m && m - back <= 60)).toBe(true);
      }
    }
  });
});

describe("startOfLocalDay", () => {
  it("is local midnight on an ordinary day, and on a day a clock change happens later", () => {
    expect(startOfLocalDay("2026-03-08", NEW_YORK)).toBe(
      localToEpochMinutes("2026-03-08", "00:00", NEW_YORK),
    );
    expect(startOfLocalDay("2026-10-25", LONDON)).toBe(
      localToEpochMinutes("2026-10-25", "00:00", LONDON),
    );
  });

  it("is the first minute after the gap where spring-forward skips midnight", () => {
    // Chile moves 00:00 to 01:00 on the first Sunday of September.
    const santiago = "America/Santiago";
    expect(localToEpochMinutes("2026-09-06", "00:00", santiago)).toBeNull();
    const start = startOfLocalDay("2026-09-06", santiago);
    expect(start).toBe(localToEpochMinutes("2026-09-06", "01:00", santiago));
    expect(start - startOfLocalDay("2026-09-05", santiago)).toBe(1440);
  });
});
