// The API's serializer writes exactly what superjson writes, for every kind of value: the
// plain-data fast path and the hand-over to superjson for the rest.
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { serialize } from "../src/transformer";

/** A small deterministic generator (mulberry32), so a failure names its seed. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const keys = ["id", "a.b", "x\\y", "startsAt", "0", "name", "", "with space", "ü", "1.2", "\\."];

function leaf(next: () => number, shared: object[]): unknown {
  const pick = Math.floor(next() * 20);
  switch (pick) {
    case 0:
      return new Date(Math.floor(next() * 2e12));
    case 1:
      return undefined;
    case 2:
      return null;
    case 3:
      return next() < 0.5;
    case 4:
      return Math.floor(next() * 1000) - 500;
    case 5:
      return next() * 10;
    case 6:
      return "text " + String(next());
    case 7:
      return [NaN, Infinity, -Infinity, -0, 0][Math.floor(next() * 5)];
    case 8:
      return new Map([["k", 1]]);
    case 9:
      return new Set([1, 2]);
    case 10:
      return BigInt(Math.floor(next() * 1e6));
    case 11:
      return new Date(Number.NaN);
    case 12:
      return new Error("boom");
    case 13:
      // The same object twice: superjson's referential equalities.
      return shared[Math.floor(next() * shared.length)] ?? {};
    case 14:
      return /re/g;
    default:
      return "s";
  }
}

function value(next: () => number, depth: number, shared: object[], rare: boolean): unknown {
  if (depth > 3 || next() < 0.3) {
    // Mostly plain leaves, sometimes what superjson must handle itself.
    return rare || next() < 0.5 ? leaf(next, shared) : "plain";
  }
  if (next() < 0.4) {
    const list = Array.from({ length: Math.floor(next() * 5) }, () =>
      value(next, depth + 1, shared, rare),
    );
    if (next() < 0.2) shared.push(list);
    return list;
  }
  const out: Record<string, unknown> =
    next() < 0.1 ? (Object.create(null) as Record<string, unknown>) : {};
  for (let i = Math.floor(next() * 6); i > 0; i--) {
    out[keys[Math.floor(next() * keys.length)] ?? "id"] = value(next, depth + 1, shared, rare);
  }
  if (next() < 0.2) shared.push(out);
  return out;
}

const same = (input: unknown) =>
  expect(JSON.stringify(serialize(input))).toBe(JSON.stringify(superjson.serialize(input)));

describe("the API's serializer", () => {
  it("writes what superjson writes for the calendar's shape", () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({
      id: `id-${i}`,
      startsAt: new Date(1_800_000_000_000 + i * 60_000),
      endsAt: new Date(1_800_000_000_000 + i * 60_000 + 1_200_000),
      notes: null,
      version: 1,
      holdExpiresAt: null,
      resourceIds: [`r-${i % 10}`],
    }));
    same(rows);
    same({ items: rows, nextCursor: null });
    same([]);
    same({});
  });

  it("writes what superjson writes for random values, plain and not", () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const next = random(seed);
      const input = value(next, 0, [], seed % 3 === 0);
      try {
        same(input);
      } catch (error) {
        throw new Error(
          `seed ${seed}: ${String(error)}\n${JSON.stringify(serialize(input))}\n${JSON.stringify(superjson.serialize(input))}`,
        );
      }
    }
  });

  it("hands primitives, dates, class instances and circles to superjson", () => {
    for (const input of [
      undefined,
      null,
      1,
      "x",
      new Date(0),
      new (class Point {
        x = 1;
      })(),
    ]) {
      same(input);
    }
    const circle: Record<string, unknown> = { a: 1 };
    circle.self = circle;
    same(circle);
    same([circle, { when: new Date(5) }]);
  });

  it("refuses what superjson refuses", () => {
    const polluted = JSON.parse('{"__proto__": {"x": 1}}') as unknown;
    expect(() => serialize(polluted)).toThrow(/prototype pollution/);
    expect(() => serialize({ constructor: 1 })).toThrow(/prototype pollution/);
  });

  it("round-trips through superjson's reader", () => {
    const input = { at: new Date(1234), gone: undefined, list: [new Date(5), undefined, 1] };
    expect(superjson.deserialize(serialize(input))).toEqual(input);
  });
});
