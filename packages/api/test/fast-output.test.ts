// withFastParse lets a hot list's answer through as it is when zod's parse would give back an
// equal answer, and hands everything else to zod: for every value, valid or not, it must answer
// what zod answers (or fail as zod fails), and for the valid ones, answer the value itself.
import { seededRandom } from "@caredesk/api/testing";
import { CalendarAppointmentOutput } from "@caredesk/validators";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { withFastParse } from "../src/fast-output";

const uuid = (i: number) => `6f1c2a3b-4d5e-4f60-8a7b-${String(100000000000 + i).slice(-12)}`;

function row(i: number): Record<string, unknown> {
  return {
    id: uuid(i),
    patientId: i % 5 === 0 ? null : uuid(i + 1000),
    serviceId: uuid(i + 2000),
    startsAt: new Date(1_800_000_000_000 + i * 1_800_000),
    endsAt: new Date(1_800_000_000_000 + i * 1_800_000 + 1_800_000),
    status: "confirmed",
    kind: "in_person",
    source: "staff",
    notes: i % 3 === 0 ? "Bring the X-ray" : null,
    cancellationReason: null,
    version: 1 + (i % 4),
    holdExpiresAt: null,
    patientConfirmedAt: i % 2 === 0 ? new Date(1_790_000_000_000) : null,
    createdAt: new Date(1_780_000_000_000 + i),
    serviceName: "Consultation",
    colour: "#3366ff",
    patientName: i % 5 === 0 ? null : `Patient ${i}`,
    resourceIds: [uuid(i + 3000), uuid(i + 4000)].slice(0, 1 + (i % 2)),
  };
}

const wrongValues: unknown[] = [
  undefined,
  null,
  "",
  "not-a-uuid",
  "6F1C2A3B-4D5E-4F60-8A7B-000000000001",
  "6f1c2a3b-4d5e-9f60-8a7b-000000000001",
  0,
  1.5,
  -0,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  2 ** 60,
  true,
  new Date(Number.NaN),
  new Date(0),
  [],
  {},
  "cancelled",
  "video",
];

/** A row with one thing changed: a value, a key added, dropped or moved, or its prototype. */
function mutate(next: () => number, base: Record<string, unknown>): unknown {
  const keys = Object.keys(base);
  const key = keys[Math.floor(next() * keys.length)] ?? "id";
  switch (Math.floor(next() * 6)) {
    case 0:
      return { ...base, [key]: wrongValues[Math.floor(next() * wrongValues.length)] };
    case 1:
      return { ...base, extra: "kept out" };
    case 2: {
      const copy = { ...base };
      delete copy[key];
      return copy;
    }
    case 3: {
      // The same keys, one moved to the end.
      const { [key]: moved, ...rest } = base;
      return { ...rest, [key]: moved };
    }
    case 4:
      return Object.assign(Object.create(null) as object, base);
    default:
      return { ...base, resourceIds: [uuid(1), wrongValues[Math.floor(next() * 8)]] };
  }
}

function outcome(
  run: () => unknown,
): { ok: true; value: unknown } | { ok: false; issues: unknown } {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    return { ok: false, issues: (error as z.ZodError).issues };
  }
}

describe("withFastParse", () => {
  const zodOnly = z.array(CalendarAppointmentOutput);
  const fast = withFastParse(z.array(CalendarAppointmentOutput));

  it("answers a valid calendar as it is, equal to what zod's parse builds", () => {
    const rows = Array.from({ length: 40 }, (_, i) => row(i));
    const answered = fast.parse(rows);
    expect(answered).toBe(rows);
    expect(answered).toStrictEqual(zodOnly.parse(rows));
    expect(fast.parse([])).toStrictEqual([]);
  });

  it("answers or fails exactly as zod does for thousands of wrong rows", () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const next = seededRandom(seed);
      const rows = Array.from({ length: 1 + Math.floor(next() * 4) }, (_, i) => row(seed + i));
      const at = Math.floor(next() * rows.length);
      const input = rows.map((r, i) => (i === at ? mutate(next, r) : r));
      const expected = outcome(() => zodOnly.parse(input));
      const actual = outcome(() => fast.parse(input));
      try {
        expect(actual).toStrictEqual(expected);
      } catch (error) {
        throw new Error(`seed ${seed}: ${String(error)}`);
      }
    }
  });

  it("fails like zod for what is not a list of rows at all", () => {
    for (const input of [null, undefined, "rows", {}, [null], [[]], [new Date(0)]]) {
      expect(outcome(() => fast.parse(input))).toStrictEqual(outcome(() => zodOnly.parse(input)));
    }
  });

  it("refuses, when it is set up, a schema it cannot check completely", () => {
    expect(() => withFastParse(z.object({ email: z.email() }))).toThrow(/output\.email/);
    expect(() => withFastParse(z.array(z.string().min(2)))).toThrow(/output\[\]/);
    expect(() => withFastParse(z.object({ a: z.string().optional() }))).toThrow(/output\.a/);
    expect(() => withFastParse(z.object({ a: z.string() }).passthrough())).toThrow(/output/);
    expect(() => withFastParse(z.object({ n: z.number().min(1) }))).toThrow(/output\.n/);
  });
});
