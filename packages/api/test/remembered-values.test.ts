// The serializer remembers paths and ISO texts between answers: what it writes must stay what
// superjson writes, across answers, and once its bounds are reached and it is emptied.
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { serialize } from "../src/transformer";

const same = (input: unknown) =>
  expect(JSON.stringify(serialize(input))).toBe(JSON.stringify(superjson.serialize(input)));

describe("remembered paths and ISO texts", () => {
  it("stay superjson's from one answer to the next, with the same and other shapes", () => {
    const rows = (offset: number) =>
      Array.from({ length: 30 }, (_, i) => ({
        id: `a-${i}`,
        startsAt: new Date(1_800_000_000_000 + ((i + offset) % 7) * 1_800_000),
        holdExpiresAt: i % 3 === 0 ? undefined : null,
        nested: { at: new Date(offset * 1000 + i), list: [new Date(i), { x: undefined }] },
      }));
    for (let offset = 0; offset < 5; offset++) {
      same(rows(offset));
      same({ items: rows(offset), nextCursor: null });
      // The same paths under other containers, and a key with a dot that must stay escaped.
      same({ "a.b": rows(offset).slice(0, 3), items: { "0": { startsAt: new Date(offset) } } });
    }
  });

  it("stay superjson's past their bounds, where they are emptied and filled again", () => {
    // 20,000 rows of four dates: more paths (80,000) and instants (40,000) than either keeps.
    const rows = Array.from({ length: 20_000 }, (_, i) => ({
      a: new Date(i * 1000),
      b: new Date(i * 1000 + 1),
      c: new Date(3e12 - i),
      d: undefined,
    }));
    same(rows);
    same(rows.slice(0, 50));
  });
});
