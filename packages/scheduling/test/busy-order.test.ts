// Busy time is a set: the slots offered must not depend on the order bookings arrive in (a
// database hands them over in table order), whichever way the engine orders them — already
// sorted, packed integer keys, or the comparator sort for lists spread over many years.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Interval, findSlots } from "../src";
import { LONDON, at, calendar, daily, query } from "./helpers";

const from = at("2026-03-23", "00:00", LONDON);
const to = at("2026-04-06", "00:00", LONDON);

/** Bookings around the window (fractional minutes, overlaps, empty ones), some far away. */
const busyArb = (spreadDays: number) =>
  fc.array(
    fc
      .record({
        day: fc.integer({ min: -1, max: 15 }),
        minute: fc.double({ min: 0, max: 1439, noNaN: true }),
        length: fc.double({ min: -5, max: 240, noNaN: true }),
        far: fc.integer({ min: -spreadDays, max: spreadDays }),
      })
      .map(({ day, minute, length, far }): Interval => {
        // Now and then a booking far outside the window: it only widens the keys' range.
        const start = from + (Math.abs(far) > spreadDays - 2 ? far : day) * 1440 + minute;
        return { start, end: start + length };
      }),
    { maxLength: 600 },
  );

function slotsFor(busy: Interval[][]) {
  const resources = busy.map((list, i) =>
    calendar(`r${i}`, LONDON, daily("08:00", "18:00"), { busy: list }),
  );
  return findSlots(
    query([resources], { from, to }, { bufferBeforeMinutes: 5, bufferAfterMinutes: 10 }),
  );
}

const sortedByStart = (list: Interval[]) => [...list].sort((a, b) => a.start - b.start);

describe("busy time in any order", () => {
  for (const [name, spreadDays] of [
    ["near the window (packed keys)", 16],
    ["spread over centuries (comparator sort)", 70_000],
  ] as const) {
    it(`offers the same slots shuffled as sorted, ${name}`, () => {
      fc.assert(
        fc.property(
          fc.array(busyArb(spreadDays), { minLength: 1, maxLength: 3 }),
          fc.integer(),
          (busy, seed) => {
            let s = seed;
            const shuffled = busy.map((list) => {
              const copy = [...list];
              for (let i = copy.length - 1; i > 0; i--) {
                s = (Math.imul(s, 1_103_515_245) + 12_345) | 0;
                const j = (s >>> 0) % (i + 1);
                [copy[i], copy[j]] = [copy[j] as Interval, copy[i] as Interval];
              }
              return copy;
            });
            expect(slotsFor(shuffled)).toEqual(slotsFor(busy.map(sortedByStart)));
          },
        ),
        { numRuns: 60 },
      );
    });
  }
});
