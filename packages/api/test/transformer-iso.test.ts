// The serializer writes dates with its own ISO formatter: it must be toISOString, character for
// character, for every valid date (the wire format is superjson's, read by superjson).
import { describe, expect, it } from "vitest";
import { isoString } from "../src/transformer";

describe("the serializer's ISO dates", () => {
  it("are toISOString's text across the years, months, days and milliseconds", () => {
    const edges = [
      Date.UTC(1000, 0, 1),
      Date.UTC(999, 11, 31, 23, 59, 59, 999),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      Date.UTC(10000, 0, 1),
      Date.UTC(-1, 5, 5),
      Date.UTC(2024, 1, 29, 12, 0, 0, 5),
      Date.UTC(2026, 11, 1, 9, 5, 7, 50),
      0,
      -1,
      8.64e15,
      -8.64e15,
    ];
    for (const ms of edges) expect(isoString(new Date(ms))).toBe(new Date(ms).toISOString());
    // Every millisecond field, hour and day of a spread of instants from 1900 to 2200.
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 20_000; i++) {
      const date = new Date(Math.floor(-2.2e12 + next() * 9.5e12));
      expect(isoString(date)).toBe(date.toISOString());
    }
  });
});
