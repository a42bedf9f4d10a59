// The serializer remembers paths and ISO texts between answers, and the calendar's decoder the
// instants of timestamptz texts: what they write must stay what they would write without,
// across answers, and once their bounds are reached and they are emptied.
import { instantsRemembered, schema } from "@caredesk/db";
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

describe("remembered timestamptz instants", () => {
  const column = schema.appointment.startsAt;
  const decoder = instantsRemembered(column);

  it("decode as Drizzle does, a Date of its own each time", () => {
    const texts = [
      "2026-12-03 08:00:00+00",
      "2026-12-03 08:00:00.123456+00",
      "2026-12-03 10:30:00+02:30",
      "1999-01-01 00:00:00-05",
      "2026-12-03 08:00:00+00",
    ];
    for (const text of [...texts, ...texts]) {
      const first = decoder.mapFromDriverValue(text) as Date;
      const second = decoder.mapFromDriverValue(text) as Date;
      expect(first).toBeInstanceOf(Date);
      expect(first.getTime()).toBe((column.mapFromDriverValue(text) as Date).getTime());
      expect(second).not.toBe(first);
      expect(second.getTime()).toBe(first.getTime());
    }
  });

  it("stay right past their bound", () => {
    for (let i = 0; i < 20_000; i++) {
      const text = new Date(1_700_000_000_000 + i * 60_000).toISOString().replace("T", " ");
      expect((decoder.mapFromDriverValue(text) as Date).getTime()).toBe(
        1_700_000_000_000 + i * 60_000,
      );
    }
    expect((decoder.mapFromDriverValue("2026-12-03 08:00:00+00") as Date).toISOString()).toBe(
      "2026-12-03T08:00:00.000Z",
    );
  });

  it("leave other columns' decoders as they are", () => {
    expect(instantsRemembered(schema.appointment.status)).toBe(schema.appointment.status);
  });
});
