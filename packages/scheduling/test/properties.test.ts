// Property-based tests: random calendars, bookings and queries around DST transitions in the
// five reference zones, checked against the invariants and against a brute-force oracle.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Interval,
  type IsoWeekday,
  type ResourceCalendar,
  type ScheduleException,
  type Slot,
  type SlotQuery,
  type WeeklyRule,
  epochMinutesToLocal,
  expandWorkingHours,
  explainStart,
  findSlots,
  localToEpochMinutes,
  nextFreeSlots,
  startOfLocalDay,
} from "../src";
import { KATHMANDU, KOLKATA, LONDON, LORD_HOWE, NEW_YORK, at } from "./helpers";

const ZONES = [NEW_YORK, LONDON, KOLKATA, KATHMANDU, LORD_HOWE, "UTC"];
/** Two days before a transition somewhere (or none), so random windows straddle it. */
const BASE_DATES = [
  "2026-03-06", // New York spring-forward 03-08
  "2026-10-30", // New York fall-back 11-01
  "2026-03-27", // London spring-forward 03-29
  "2026-10-23", // London fall-back 10-25
  "2026-04-03", // Lord Howe fall-back 04-05
  "2026-10-02", // Lord Howe spring-forward 10-04
  "2026-07-10", // nothing
];
const TIMEOUT = 120_000;
const RUNS = { numRuns: 150 };

const addDays = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

/** A local span on 5-minute steps, possibly ending at 24:00. */
const spanArb = fc
  .integer({ min: 0, max: 287 })
  .chain((s) =>
    fc.integer({ min: s + 1, max: 288 }).map((e) => ({ start: hhmm(s * 5), end: hhmm(e * 5) })),
  );

const maybe = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });

const ruleArb = (base: string): fc.Arbitrary<WeeklyRule> =>
  fc
    .record({
      weekday: fc.integer({ min: 1, max: 7 }).map((n) => n as IsoWeekday),
      span: spanArb,
      validFrom: maybe(fc.integer({ min: -2, max: 5 }).map((n) => addDays(base, n))),
      validTo: maybe(fc.integer({ min: -2, max: 6 }).map((n) => addDays(base, n))),
    })
    .map(({ weekday, span, validFrom, validTo }) => ({ weekday, ...span, validFrom, validTo }));

/**
 * Usually a working week (same hours every day, maybe with a break) plus a few odd rules;
 * sometimes night shifts (evening to 24:00, then 00:00 to morning: one stretch through midnight)
 * or round-the-clock days (00:00–24:00, stretches longer than a day).
 */
const rulesArb = (base: string): fc.Arbitrary<WeeklyRule[]> =>
  fc
    .record({
      week: maybe(fc.constant(true)).map((v) => v === null),
      from: fc.integer({ min: 0, max: 12 * 12 }),
      length: fc.integer({ min: 12, max: 16 * 12 }),
      gap: fc.option(fc.integer({ min: 1, max: 24 })),
      extra: fc.array(ruleArb(base), { maxLength: 4 }),
      night: maybe(
        fc.record({
          evening: fc.integer({ min: 12 * 12, max: 287 }),
          morning: fc.integer({ min: 1, max: 12 * 12 }),
        }),
      ),
      allDay: maybe(fc.subarray([1, 2, 3, 4, 5, 6, 7] as const, { minLength: 1 })),
    })
    .map(({ week, from, length, gap, extra, night, allDay }) => {
      const rules: WeeklyRule[] = [...extra];
      for (const weekday of allDay ?? []) rules.push({ weekday, start: "00:00", end: "24:00" });
      if (night) {
        for (const weekday of [1, 2, 3, 4, 5, 6, 7] as const) {
          rules.push({ weekday, start: hhmm(night.evening * 5), end: "24:00" });
          rules.push({ weekday, start: "00:00", end: hhmm(night.morning * 5) });
        }
      }
      if (!week) return rules;
      const end = Math.min(288, from + length);
      const spans =
        gap !== null && end - from > gap + 2
          ? [
              [from, Math.floor((from + end - gap) / 2)],
              [Math.floor((from + end - gap) / 2) + gap, end],
            ]
          : [[from, end]];
      for (const weekday of [1, 2, 3, 4, 5, 6, 7] as const) {
        for (const [s, e] of spans)
          rules.push({ weekday, start: hhmm((s ?? 0) * 5), end: hhmm((e ?? 0) * 5) });
      }
      return rules;
    });

const exceptionArb = (base: string): fc.Arbitrary<ScheduleException> =>
  fc
    .record({
      from: fc.integer({ min: 0, max: 5 }),
      length: fc.integer({ min: 0, max: 2 }),
      closed: fc.boolean(),
      intervals: fc.array(spanArb, { maxLength: 2 }),
    })
    .map(({ from, length, closed, intervals }) => ({
      from: addDays(base, from),
      to: addDays(base, from + length),
      closed,
      intervals,
    }));

interface Scenario {
  zone: string;
  base: string;
  origin: number;
  calendars: ResourceCalendar[];
}

/** 1–4 calendars (mostly in one zone, sometimes mixed) with rules, exceptions and bookings. */
const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({ zone: fc.constantFrom(...ZONES), base: fc.constantFrom(...BASE_DATES) })
  .chain(({ zone, base }) => {
    const origin = at(base, "00:00", zone);
    const busyArb = fc
      .record({
        start: fc.integer({ min: -600, max: 6 * 1440 }),
        length: fc.integer({ min: 1, max: 240 }),
      })
      .map(({ start, length }): Interval => ({
        start: origin + start,
        end: origin + start + length,
      }));
    const calendarArb = fc.record({
      timeZone: fc.oneof(
        { weight: 4, arbitrary: fc.constant(zone) },
        { weight: 1, arbitrary: fc.constantFrom(...ZONES) },
      ),
      rules: rulesArb(base),
      exceptions: fc.oneof(
        fc.constant<ScheduleException[]>([]),
        fc.array(exceptionArb(base), { maxLength: 2 }),
      ),
      busy: fc.array(busyArb, { maxLength: 20 }),
    });
    return fc.array(calendarArb, { minLength: 1, maxLength: 4 }).map((list) => ({
      zone,
      base,
      origin,
      calendars: list.map((c, i) => ({ id: `r${i}`, ...c })),
    }));
  });

/** A query over a scenario: requirements draw candidates (in random order, possibly shared). */
const queryArb: fc.Arbitrary<{ scenario: Scenario; query: SlotQuery }> = scenarioArb.chain(
  (scenario) => {
    const n = scenario.calendars.length;
    const requirementArb = fc
      .shuffledSubarray(scenario.calendars, { minLength: 1, maxLength: n })
      .map((candidates) => ({ candidates }));
    return fc
      .record({
        requirements: fc.array(requirementArb, { minLength: 1, maxLength: 3 }),
        durationMinutes: fc.integer({ min: 5, max: 120 }),
        bufferBeforeMinutes: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 30 })),
        bufferAfterMinutes: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 30 })),
        slotIntervalMinutes: fc.constantFrom(5, 7, 10, 15, 20, 25, 30, 45, 60, 90),
        minNoticeMinutes: fc.integer({ min: 0, max: 600 }),
        horizonDays: fc.oneof(
          { weight: 1, arbitrary: fc.constant(0) },
          { weight: 6, arbitrary: fc.integer({ min: 1, max: 6 }) },
        ),
        nowBefore: fc.integer({ min: -600, max: 1440 }),
        from: fc.integer({ min: -120, max: 1440 * 2 }).map((d) => scenario.origin + d),
        length: fc.oneof(
          { weight: 1, arbitrary: fc.integer({ min: 0, max: 120 }) },
          { weight: 5, arbitrary: fc.integer({ min: 720, max: 1440 * 3 }) },
        ),
        gridTimeZone: fc.oneof(
          { weight: 3, arbitrary: fc.constant(scenario.zone) },
          { weight: 1, arbitrary: fc.constantFrom(...ZONES) },
        ),
      })
      .map(({ length, nowBefore, ...rest }) => ({
        scenario,
        query: { ...rest, now: rest.from - nowBefore, to: rest.from + length },
      }));
  },
);

// ---------------------------------------------------------------------------------------------
// Oracle pieces, deliberately naive.

function startBounds(q: SlotQuery) {
  return {
    lo: Math.max(q.from, q.now + q.minNoticeMinutes),
    hi: Math.min(q.to, q.now + q.horizonDays * 1440),
  };
}

/** Wall clock of m in a zone as one number (local minutes since 1970), from its date and time. */
function wallClock(m: number, zone: string): number {
  const { date, time } = epochMinutesToLocal(m, zone);
  return Date.parse(`${date}T${time}:00Z`) / 60_000;
}

/** The start of the local day before the one holding m (the day whose start is latest ≤ m). */
function previousDayStart(m: number, zone: string): number {
  const dayOf = (date: string) => startOfLocalDay(date, zone);
  let date = epochMinutesToLocal(m, zone).date;
  while (dayOf(date) > m) date = addDays(date, -1);
  while (dayOf(addDays(date, 1)) <= m) date = addDays(date, 1);
  return dayOf(addDays(date, -1));
}

/**
 * On the grid of the calendar's working stretch holding [m, m + duration), straight from the
 * definition: the first occurrence of its wall time, a whole number of intervals on the grid
 * zone's wall clock after the stretch's start, or after the start of the previous local day when
 * the stretch began before it. `working` must reach back three days before m.
 */
function isGridPoint(m: number, q: SlotQuery, working: Interval[]): boolean {
  const zone = q.gridTimeZone;
  const stretch = working.find((w) => w.start <= m && m + q.durationMinutes <= w.end);
  if (!stretch) return false;
  const { date, time } = epochMinutesToLocal(m, zone);
  if (localToEpochMinutes(date, time, zone) !== m) return false;
  const anchor = Math.max(stretch.start, previousDayStart(m, zone));
  const steps = (wallClock(m, zone) - wallClock(anchor, zone)) / q.slotIntervalMinutes;
  return Number.isInteger(steps) && steps >= 0;
}

function insideWorking(working: Interval[], start: number, end: number): boolean {
  return working.some((w) => w.start <= start && end <= w.end);
}

function clearOfBusy(calendar: ResourceCalendar, q: SlotQuery, s: number): boolean {
  const a = s - q.bufferBeforeMinutes;
  const b = s + q.durationMinutes + q.bufferAfterMinutes;
  return calendar.busy.every((busy) => !(a < busy.end && busy.start < b));
}

/** Lexicographically first assignment of distinct resources, by brute force. */
function bruteAssign(options: string[][]): string[] | null {
  const pick = (i: number, used: string[]): string[] | null => {
    if (i === options.length) return used;
    for (const id of options[i] ?? []) {
      if (used.includes(id)) continue;
      const rest = pick(i + 1, [...used, id]);
      if (rest) return rest;
    }
    return null;
  };
  return pick(0, []);
}

/** Working hours of every candidate, from three days before `lo` (see isGridPoint). */
function workingOf(q: SlotQuery, lo: number, hi: number): Map<string, Interval[]> {
  const working = new Map<string, Interval[]>();
  for (const r of q.requirements) {
    for (const c of r.candidates) {
      if (!working.has(c.id)) {
        working.set(c.id, expandWorkingHours(c, lo - 3 * 1440, hi + q.durationMinutes + 1440));
      }
    }
  }
  return working;
}

function oracle(q: SlotQuery): Slot[] {
  const { lo, hi } = startBounds(q);
  const slots: Slot[] = [];
  if (hi <= lo) return slots;
  const working = workingOf(q, lo, hi);
  for (let s = Math.ceil(lo); s < hi; s++) {
    const options = q.requirements.map((r, i) =>
      r.candidates
        .filter(
          (c) =>
            insideWorking(working.get(c.id) ?? [], s, s + q.durationMinutes) &&
            clearOfBusy(c, q, s) &&
            // The first requirement's resource must have s on its own grid.
            (i > 0 || isGridPoint(s, q, working.get(c.id) ?? [])),
        )
        .map((c) => c.id),
    );
    const chosen = bruteAssign(options);
    if (chosen) slots.push({ start: s, end: s + q.durationMinutes, resourceIds: chosen });
  }
  return slots;
}

/** The query with every booking removed. */
const idle = (q: SlotQuery): SlotQuery => ({
  ...q,
  requirements: q.requirements.map((r) => ({
    candidates: r.candidates.map((c) => ({ ...c, busy: [] })),
  })),
});

/** explainStart from the definitions, on top of the oracle. */
function explainOracle(q: SlotQuery, s: number) {
  if (s < q.now) return { kind: "past" };
  if (s < q.now + q.minNoticeMinutes) return { kind: "notice" };
  if (s >= q.now + q.horizonDays * 1440) return { kind: "horizon" };
  const working = workingOf(q, s, s + 1);
  const works = q.requirements.map((r) =>
    r.candidates
      .filter((c) => insideWorking(working.get(c.id) ?? [], s, s + q.durationMinutes))
      .map((c) => c.id),
  );
  if (!bruteAssign(works)) return { kind: "outsideHours" };
  const at = (query: SlotQuery) => oracle({ ...query, from: s, to: s + 1 });
  const [slot] = at(q);
  if (slot) return { kind: "ok", slot };
  if (at(idle(q)).length > 0) return { kind: "taken" };
  const before = oracle({ ...q, from: s - 1440, to: s }).slice(-2);
  const after = oracle({ ...q, from: s + 1, to: s + 1440 }).slice(0, 2);
  const nearest = [...before, ...after]
    .sort((x, y) => Math.abs(x.start - s) - Math.abs(y.start - s) || x.start - y.start)
    .slice(0, 3);
  return { kind: "offGrid", nearest };
}

// ---------------------------------------------------------------------------------------------

describe("findSlots properties", () => {
  it(
    "no offered slot, buffers included, overlaps a busy range of its resource",
    () => {
      fc.assert(
        fc.property(queryArb, ({ query }) => {
          for (const slot of findSlots(query)) {
            slot.resourceIds.forEach((id, i) => {
              const calendar = query.requirements[i]?.candidates.find((c) => c.id === id);
              expect(calendar).toBeDefined();
              expect(clearOfBusy(calendar as ResourceCalendar, query, slot.start)).toBe(true);
            });
          }
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it(
    "every slot lies inside the working hours of every resource it uses",
    () => {
      fc.assert(
        fc.property(queryArb, ({ query }) => {
          for (const slot of findSlots(query)) {
            slot.resourceIds.forEach((id, i) => {
              const calendar = query.requirements[i]?.candidates.find(
                (c) => c.id === id,
              ) as ResourceCalendar;
              // Expanded well beyond the slot so clipping cannot hide a boundary.
              const working = expandWorkingHours(calendar, slot.start - 2880, slot.end + 2880);
              expect(insideWorking(working, slot.start, slot.end)).toBe(true);
            });
          }
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it(
    "slots are on the grid, unique, sorted, and respect notice, horizon and window",
    () => {
      fc.assert(
        fc.property(queryArb, ({ query }) => {
          const slots = findSlots(query);
          const { lo, hi } = startBounds(query);
          const working = workingOf(query, lo, hi);
          slots.forEach((slot, i) => {
            expect(Number.isInteger(slot.start)).toBe(true);
            expect(slot.end).toBe(slot.start + query.durationMinutes);
            // On the grid of the stretch of its first resource that holds the whole slot.
            expect(
              isGridPoint(slot.start, query, working.get(slot.resourceIds[0] ?? "") ?? []),
            ).toBe(true);
            expect(slot.start).toBeGreaterThanOrEqual(query.now + query.minNoticeMinutes);
            expect(slot.start).toBeLessThan(query.now + query.horizonDays * 1440);
            expect(slot.start).toBeGreaterThanOrEqual(Math.max(query.from, lo));
            expect(slot.start).toBeLessThan(Math.min(query.to, hi));
            if (i > 0) expect(slot.start).toBeGreaterThan((slots[i - 1] as Slot).start);
          });
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it(
    "multi-resource slots: one distinct, free resource from each requirement at once",
    () => {
      fc.assert(
        fc.property(queryArb, ({ query }) => {
          for (const slot of findSlots(query)) {
            expect(slot.resourceIds).toHaveLength(query.requirements.length);
            expect(new Set(slot.resourceIds).size).toBe(slot.resourceIds.length);
            slot.resourceIds.forEach((id, i) => {
              const calendar = query.requirements[i]?.candidates.find((c) => c.id === id);
              expect(calendar).toBeDefined();
              const c = calendar as ResourceCalendar;
              const working = expandWorkingHours(c, slot.start - 2880, slot.end + 2880);
              expect(
                insideWorking(working, slot.start, slot.end) && clearOfBusy(c, query, slot.start),
              ).toBe(true);
            });
          }
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it(
    "equals a brute-force, minute-by-minute oracle (complete as well as sound)",
    () => {
      fc.assert(
        fc.property(queryArb, ({ query }) => {
          expect(findSlots(query)).toEqual(oracle(query));
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it(
    "a window gives the union of its sub-windows",
    () => {
      fc.assert(
        fc.property(
          queryArb,
          fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 }),
          ({ query }, cuts) => {
            const points = cuts
              .map((c) => Math.floor(query.from + c * (query.to - query.from)))
              .sort((a, b) => a - b);
            const bounds = [query.from, ...points, query.to];
            const parts: Slot[] = [];
            for (let i = 0; i + 1 < bounds.length; i++) {
              parts.push(
                ...findSlots({ ...query, from: bounds[i] as number, to: bounds[i + 1] as number }),
              );
            }
            expect(parts).toEqual(findSlots(query));
          },
        ),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it(
    "limit returns a prefix, and nextFreeSlots the next ones after a start",
    () => {
      fc.assert(
        fc.property(
          queryArb,
          fc.integer({ min: 0, max: 40 }),
          fc.integer({ min: 0, max: 20 }),
          ({ query }, limit, pick) => {
            const all = findSlots(query);
            expect(findSlots({ ...query, limit })).toEqual(all.slice(0, limit));
            const after = all[pick]?.start ?? query.from + pick * 37;
            expect(nextFreeSlots(query, after, 3)).toEqual(
              all.filter((s) => s.start > after).slice(0, 3),
            );
          },
        ),
        RUNS,
      );
    },
    TIMEOUT,
  );
});

describe("explainStart properties", () => {
  it(
    "agrees with the oracle: the same kind, the slot when ok, the nearest free slots when off grid",
    () => {
      fc.assert(
        fc.property(
          queryArb,
          fc.integer({ min: -180, max: 3 * 1440 }),
          fc.boolean(),
          ({ query }, shift, onOffered) => {
            // Half the time a start the search offers (or its neighbour), else any minute.
            const offered = findSlots({ ...query, limit: 1 })[0]?.start;
            const start =
              onOffered && offered !== undefined ? offered + (shift % 2) : query.from + shift;
            expect(explainStart(query, start)).toEqual(explainOracle(query, start));
          },
        ),
        { numRuns: 80 },
      );
    },
    TIMEOUT,
  );
});

describe("expandWorkingHours properties", () => {
  const windowArb = scenarioArb.chain((scenario) =>
    fc
      .record({
        from: fc.integer({ min: -1440, max: 3 * 1440 }),
        length: fc.integer({ min: 0, max: 4 * 1440 }),
        cut: fc.double({ min: 0, max: 1, noNaN: true }),
      })
      .map(({ from, length, cut }) => ({
        calendar: scenario.calendars[0] as ResourceCalendar,
        from: scenario.origin + from,
        to: scenario.origin + from + length,
        cut,
      })),
  );

  it(
    "is sorted, merged (no touching intervals) and clipped; a window is the union of its halves",
    () => {
      fc.assert(
        fc.property(windowArb, ({ calendar, from, to, cut }) => {
          const hours = expandWorkingHours(calendar, from, to);
          hours.forEach((h, i) => {
            expect(h.start).toBeLessThan(h.end);
            expect(h.start).toBeGreaterThanOrEqual(from);
            expect(h.end).toBeLessThanOrEqual(to);
            if (i > 0) expect(h.start).toBeGreaterThan((hours[i - 1] as Interval).end);
          });
          const mid = Math.floor(from + cut * (to - from));
          const halves = [
            ...expandWorkingHours(calendar, from, mid),
            ...expandWorkingHours(calendar, mid, to),
          ];
          // Re-merge the halves where they touch at `mid`.
          const merged: Interval[] = [];
          for (const h of halves) {
            const last = merged.at(-1);
            if (last && last.end === h.start) last.end = h.end;
            else merged.push({ ...h });
          }
          expect(merged).toEqual(hours);
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it(
    "matches the rules minute by minute on days without a nearby DST transition",
    () => {
      fc.assert(
        fc.property(windowArb, ({ calendar, from, to }) => {
          const hours = expandWorkingHours(calendar, from, to);
          const offset = (m: number) => {
            const { date, time } = epochMinutesToLocal(m, calendar.timeZone);
            return Date.parse(`${date}T${time}:00Z`) / 60_000 - m;
          };
          let h = 0;
          for (let m = from; m < to; m++) {
            while (h < hours.length && (hours[h] as Interval).end <= m) h++;
            const working = h < hours.length && (hours[h] as Interval).start <= m;
            if (offset(m - 2880) !== offset(m + 2880)) continue;
            const { date, time, weekday } = epochMinutesToLocal(m, calendar.timeZone);
            const tod = Number(time.slice(0, 2)) * 60 + Number(time.slice(3));
            expect(working).toBe(naiveWorking(calendar, date, weekday, tod));
          }
        }),
        { numRuns: 60 },
      );
    },
    TIMEOUT,
  );
});

/** Whether local minute `tod` of `date` is working time, straight from the definition. */
function naiveWorking(
  calendar: ResourceCalendar,
  date: string,
  weekday: number,
  tod: number,
): boolean {
  const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const covering = calendar.exceptions.filter((e) => e.from <= date && date <= e.to);
  const spans =
    covering.length > 0
      ? covering.some((e) => e.closed)
        ? []
        : covering.flatMap((e) => e.intervals ?? [])
      : calendar.rules.filter(
          (r) =>
            r.weekday === weekday &&
            (!r.validFrom || r.validFrom <= date) &&
            (!r.validTo || date <= r.validTo),
        );
  return spans.some((s) => minutes(s.start) <= tod && tod < minutes(s.end));
}
