// The serializer writes superjson's annotations in superjson's order too: superjson gathers
// each container's annotations in an object, so index keys ("0", "3"…) come first there. Random
// values with index keys, quotes and line separators in keys and strings, and the shapes where
// a one-pass walk would order them differently.
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

const keys = ["id", "a.b", "x\\y", "startsAt", "0", "1", "12", "name", "", 'q"uote', "ü", "1.2"];

function leaf(next: () => number, shared: object[]): unknown {
  switch (Math.floor(next() * 20)) {
    case 0:
    case 1:
    case 2:
      return new Date(Math.floor(next() * 2e12));
    case 3:
      return undefined;
    case 4:
      return null;
    case 5:
      return next() < 0.5;
    case 6:
      return Math.floor(next() * 1000) - 500;
    case 7:
      return next() * 10;
    case 8:
      return [NaN, Infinity, -Infinity, -0, 0][Math.floor(next() * 5)];
    case 9:
      return new Map([["k", 1]]);
    case 10:
      return BigInt(Math.floor(next() * 1e6));
    case 11:
      return new Date(Number.NaN);
    case 12:
      return shared[Math.floor(next() * shared.length)] ?? {};
    case 13:
      return { toJSON: () => "x" };
    default:
      return 'text \u2028 "' + String(next());
  }
}

function value(next: () => number, depth: number, shared: object[], rare: boolean): unknown {
  if (depth > 3 || next() < 0.3) return rare || next() < 0.7 ? leaf(next, shared) : "plain";
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

describe("the serializer's annotations", () => {
  it("is superjson's for the calendar's shape, with dates in an array before and after", () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({
      id: `id-${i}`,
      startsAt: new Date(1_800_000_000_000 + i * 60_000),
      notes: null,
      version: 1,
      resourceIds: [`r-${i % 10}`],
    }));
    same(rows);
    same({ items: rows, nextCursor: null });
    same([{ startsAt: new Date(0) }, new Date(1), new Date(2)]);
    same([]);
    same({});
  });

  it("is superjson's for random values, plain and not", () => {
    for (let seed = 1; seed <= 4000; seed++) {
      const input = value(random(seed), 0, [], seed % 4 === 0);
      try {
        same(input);
      } catch (error) {
        throw new Error(`seed ${seed}: ${String(error)}`);
      }
    }
  });

  it("orders a nested container's annotations as superjson does", () => {
    // superjson gathers them per container in an object: index keys first.
    for (const input of [
      { k: [{ x: new Date(0) }, new Date(1)] },
      { k: [[undefined], new Date(1), undefined] },
      { k: { 0: { x: new Date(0) }, 5: new Date(1), a: new Date(2) } },
      { k: { a: { x: new Date(0) }, b: new Date(1) } },
      [{ x: new Date(0) }, new Date(1)],
    ]) {
      same(input);
    }
  });

  it("hands primitives, dates, undefined and class instances to superjson", () => {
    for (const input of [undefined, null, 1, "x", new Date(0), { a: undefined }, [undefined]]) {
      same(input);
    }
    same({ at: new (class At {})() });
  });
});
