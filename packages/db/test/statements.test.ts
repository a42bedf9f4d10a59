// Hot paths decode timestamptz texts through `instantsRemembered`, which remembers the instants
// of the texts it has parsed: each read must still be what Drizzle's own decoder gives, a Date
// of its own, also once its bound is reached and it is emptied.
import { describe, expect, it } from "vitest";
import { instantsRemembered, schema } from "../src";

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
