// The shared primitives refuse what PostgreSQL or the availability engine cannot take, with a
// message a person can act on, and still accept everything real people type.
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  AppointmentBookInput,
  AppointmentListInput,
  AvailabilitySearchInput,
  CertificateAddInput,
  Cursor,
  DateOfBirth,
  Email,
  IdempotencyKey,
  Instant,
  LocalDate,
  MultiLine,
  OptionalMultiLine,
  Password,
  PasswordAttempt,
  PatientCreateInput,
  PatientListInput,
  PublicBookInput,
  RevokeSessionInput,
  ScheduleExceptionAddInput,
  SearchText,
  SessionId,
  SingleLine,
  textMessages,
  Version,
} from "../src";

/** The messages a schema answers for `value`, or "ok" when it accepts it. */
function messagesOf(schema: z.ZodType, value: unknown): string[] | "ok" {
  const result = schema.safeParse(value);
  return result.success ? "ok" : result.error.issues.map((issue) => issue.message);
}

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** base64url of bytes, written out: this package runs in browsers too and has no Buffer. */
function base64urlOfBytes(bytes: number[]): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const chunk = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const symbols = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let s = 0; s < symbols; s++) out += alphabet[(chunk >> (18 - 6 * s)) & 63];
  }
  return out;
}

/** UTF-8 bytes of `text` (encodeURIComponent escapes exactly those). */
const utf8 = (text: string): number[] =>
  Array.from(encodeURIComponent(text).matchAll(/%([0-9A-F]{2})|[^%]/g), ([whole, hex]) =>
    hex ? parseInt(hex, 16) : whole.charCodeAt(0),
  );

/** A cursor the way the api encodes one: base64url of JSON. */
const base64url = (value: unknown) => base64urlOfBytes(utf8(JSON.stringify(value)));

describe("single-line text", () => {
  const Name = SingleLine(80, "Enter a name");

  it.each([
    ["a NUL", "A\u0000B"],
    ["a NUL alone", "\u0000"],
    ["a bell", "A\u0007B"],
    ["an escape", "\u001b[31mred"],
    ["DEL", "A\u007fB"],
    ["a C1 control", "A\u0085B"],
    ["a tab", "first\tlast"],
  ])("refuses %s with 'Remove the control characters'", (_label, value) => {
    expect(messagesOf(Name, value)).toEqual([textMessages.control]);
  });

  it.each([
    ["a line feed", "Amal\nSaleh"],
    ["a carriage return", "Amal\rSaleh"],
    ["a line separator", "Amal\u2028Saleh"],
  ])("refuses %s inside the text as more than one line", (_label, value) => {
    expect(messagesOf(Name, value)).toEqual([textMessages.lineBreak]);
  });

  it.each([
    ["a lone high surrogate", "\ud800"],
    ["a lone low surrogate", "A\udc00B"],
    ["an emoji cut in half", "😀".slice(0, 1)],
  ])("refuses %s as broken characters", (_label, value) => {
    expect(messagesOf(Name, value)).toEqual([textMessages.malformed]);
  });

  it("trims, so a trailing newline from a paste is no line break", () => {
    expect(Name.parse("  Amal Saleh\n")).toBe("Amal Saleh");
  });

  it("accepts every script, emoji, SQL and LIKE metacharacters as plain text", () => {
    for (const value of [
      "أمل سالم",
      "Zoë O'Brien-Łukasz",
      "山田 太郎",
      "🧑‍⚕️ Dr Bob",
      "100% _under_ back\\slash",
      "'; drop table patient; --",
      "\u202eevil",
    ]) {
      expect(messagesOf(Name, value)).toBe("ok");
    }
  });

  it("counts the limit after trimming and refuses a megabyte with one message", () => {
    expect(messagesOf(Name, ` ${"a".repeat(80)} `)).toBe("ok");
    expect(messagesOf(Name, "a".repeat(81))).toEqual(["Use at most 80 characters"]);
    expect(messagesOf(Name, "\u0000".repeat(1_000_000))).toEqual(["Use at most 80 characters"]);
  });

  it("answers blank required text with its own message, once", () => {
    expect(messagesOf(Name, "   ")).toEqual(["Enter a name"]);
  });

  it("refuses what is not a string", () => {
    for (const value of [null, 123, {}, [], true]) expect(messagesOf(Name, value)).not.toBe("ok");
  });

  it("gives searches their own limit message and allows them empty", () => {
    expect(messagesOf(SearchText, "")).toBe("ok");
    expect(messagesOf(SearchText, "x".repeat(101))).toEqual(["Search is too long"]);
    expect(messagesOf(SearchText, "\u0000")).toEqual([textMessages.control]);
  });
});

describe("multi-line text", () => {
  it("keeps line breaks and tabs inside notes", () => {
    expect(MultiLine(100).parse("Allergic to penicillin.\r\n\tSince 2019.\n")).toBe(
      "Allergic to penicillin.\r\n\tSince 2019.",
    );
  });

  it("refuses NUL, other controls and broken characters", () => {
    expect(messagesOf(MultiLine(100), "a\u0000b")).toEqual([textMessages.control]);
    expect(messagesOf(MultiLine(100), "a\u000bb")).toEqual([textMessages.control]);
    expect(messagesOf(MultiLine(100), "a\udfffb")).toEqual([textMessages.malformed]);
  });

  it("stores blank optional text as null", () => {
    expect(OptionalMultiLine(100).parse("  \n ")).toBeNull();
    expect(OptionalMultiLine(100).parse(undefined)).toBeUndefined();
  });
});

describe("accounts", () => {
  it("normalises emails and refuses control characters in them", () => {
    expect(Email.parse("  Amal@Example.COM ")).toBe("amal@example.com");
    expect(messagesOf(Email, "amal\u0000@example.com")).toEqual([textMessages.control]);
    expect(messagesOf(Email, "\ud800@example.com")).toEqual([textMessages.malformed]);
  });

  it("keeps every character of a password except NUL and broken ones", () => {
    const typed = "  tabs\tand spaces, ünïcödé, 🔑 ";
    expect(Password.parse(typed)).toBe(typed);
    expect(messagesOf(Password, "long enough\u0000")).toEqual([textMessages.nul]);
    expect(messagesOf(PasswordAttempt(), "\ud800")).toEqual([textMessages.malformed]);
    expect(messagesOf(PasswordAttempt(), "")).toEqual(["Enter your password"]);
  });

  it("accepts a session id only in the format auth generates", () => {
    expect(messagesOf(SessionId, "abcdefghijkmnpqrstuvwxyz")).toBe("ok");
    expect(messagesOf(SessionId, "23456789abcdefghijkmnpqr")).toBe("ok");
    for (const garbage of [
      "\u0000",
      "",
      "abcdefghijkmnpqrstuvwxy",
      "abcdefghijkmnpqrstuvwxyl",
      "ABCDEFGHIJKMNPQRSTUVWXYZ",
      "0a2f3b1c-0d1e-4f00-8a00-00000000abcd",
    ]) {
      expect(messagesOf(SessionId, garbage)).toEqual(["Not a session id"]);
    }
  });

  it("refuses a NUL as a session id to revoke", () => {
    expect(messagesOf(RevokeSessionInput, { sessionId: "\u0000" })).toEqual(["Not a session id"]);
  });
});

describe("keys, versions and cursors", () => {
  it("accepts idempotency keys of safe characters only", () => {
    expect(messagesOf(IdempotencyKey, "booking-2026_03-31")).toBe("ok");
    for (const bad of ["short", "has space in it", "nul\u0000nul\u0000", "x".repeat(101)]) {
      expect(messagesOf(IdempotencyKey, bad)).toEqual(["Invalid idempotency key"]);
    }
  });

  it("keeps versions inside a PostgreSQL integer", () => {
    expect(messagesOf(Version, 2_147_483_647)).toBe("ok");
    for (const bad of [0, -1, 0.5, 2_147_483_648, 2 ** 53, Number.NaN, Infinity, "1"]) {
      expect(messagesOf(Version, bad)).not.toBe("ok");
    }
  });

  it("accepts the cursors the api hands out", () => {
    expect(
      messagesOf(Cursor, base64url(["saleh", "mona", "0a2f3b1c-0d1e-4f00-8a00-0000000000ab"])),
    ).toBe("ok");
    expect(messagesOf(Cursor, base64url(["exact", 25]))).toBe("ok");
    expect(messagesOf(Cursor, base64url(["سالم", "أمل"]))).toBe("ok");
  });

  it.each([
    ["not base64url", "not a cursor!"],
    ["base64 junk", "zzz"],
    ["a NUL", "\u0000"],
    ["base64 of something that is not JSON", base64urlOfBytes(utf8("hello"))],
    ["a NUL inside a value", base64url(["a\u0000b", 1])],
    ["a broken character inside a value", base64url(["\ud800"])],
    ["an offset that is not a whole number", base64url(["exact", 1.5])],
    ["a negative offset", base64url(["exact", -1])],
    ["an object", base64url({ offset: 1 })],
    ["an empty list", base64url([])],
    ["more than four values", base64url([1, 2, 3, 4, 5])],
    ["invalid UTF-8", base64urlOfBytes([0x5b, 0x22, 0xff, 0x22, 0x5d])],
  ])("refuses a cursor with %s", (_label, cursor) => {
    expect(messagesOf(Cursor, cursor)).toEqual(["Invalid cursor"]);
  });
});

describe("instants", () => {
  it("accepts Dates, ISO date-times with an offset and epoch milliseconds", () => {
    const at = new Date("2026-03-31T08:00:00.000Z");
    expect(Instant.parse(at)).toEqual(at);
    expect(Instant.parse("2026-03-31T10:00:00+02:00")).toEqual(at);
    expect(Instant.parse("2026-03-31T08:00:00Z")).toEqual(at);
    expect(Instant.parse(at.getTime())).toEqual(at);
  });

  it.each([
    ["year 9999", "9999-12-31T10:00:00Z"],
    ["year 2999", "2999-01-01T10:00:00Z"],
    ["year 1899", "1899-12-31T23:59:59Z"],
    ["the largest Date", new Date(8.64e15)],
    ["a huge number", 1e308],
    ["a huge negative number", -1e308],
  ])("refuses %s as out of range", (_label, value) => {
    expect(messagesOf(Instant, value)).toEqual(["Use a date between 1900 and 2199"]);
  });

  it.each([
    ["an expanded year", "+275760-09-13T00:00:00Z"],
    ["a negative year", "-000100-01-01T00:00:00Z"],
    ["a year of five digits", "10000-01-01T00:00:00Z"],
    ["a date without a time", "2026-03-31"],
    ["a local time without an offset", "2026-03-31T10:00:00"],
    ["an empty string", ""],
    ["an Invalid Date", new Date(Number.NaN)],
    ["NaN", Number.NaN],
    ["Infinity", Infinity],
    ["-Infinity", -Infinity],
    ["null", null],
    ["an object", {}],
  ])("refuses %s", (_label, value) => {
    expect(messagesOf(Instant, value)).not.toBe("ok");
  });

  it("accepts the first and last moments of the supported years", () => {
    expect(messagesOf(Instant, "1900-01-01T00:00:00Z")).toBe("ok");
    expect(messagesOf(Instant, "2199-12-31T23:59:59.999Z")).toBe("ok");
    expect(messagesOf(Instant, "2200-01-01T00:00:00Z")).not.toBe("ok");
  });
});

describe("calendar dates", () => {
  it("accepts real days within the supported years", () => {
    for (const date of ["2024-02-29", "2000-02-29", "1900-01-01", "2199-12-31"]) {
      expect(messagesOf(LocalDate, date)).toBe("ok");
    }
  });

  it.each(["2025-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00"])(
    "refuses %s, a day that does not exist",
    (date) => {
      expect(messagesOf(LocalDate, date)).toEqual(["That day does not exist"]);
    },
  );

  it.each(["9999-12-31", "0001-01-01", "1899-12-31", "2200-01-01"])(
    "refuses %s as out of range",
    (date) => {
      expect(messagesOf(LocalDate, date)).toEqual(["Use a date between 1900 and 2199"]);
    },
  );

  it.each(["10000-01-01", "-0100-01-01", "2026-3-31", "31/03/2026", "", "2026-03-31\u0000"])(
    "refuses %j as not a date",
    (date) => {
      expect(messagesOf(LocalDate, date)).toEqual(["Use a date like 2026-03-31"]);
    },
  );

  it("refuses a date of birth in the future or before 1900", () => {
    const nextYear = `${new Date().getUTCFullYear() + 1}-01-01`;
    expect(messagesOf(DateOfBirth, nextYear)).toEqual(["Date of birth cannot be in the future"]);
    expect(messagesOf(DateOfBirth, "1899-12-31")).toEqual(["Use a date between 1900 and 2199"]);
    expect(messagesOf(DateOfBirth, "1985-04-23")).toBe("ok");
  });
});

describe("the procedures' inputs use the primitives", () => {
  const id = "0a2f3b1c-0d1e-4f00-8a00-0000000000ab";
  const fieldsOf = (schema: z.ZodType, value: unknown) => {
    const result = schema.safeParse(value);
    return result.success ? "ok" : result.error.issues.map((issue) => issue.path.join("."));
  };

  it("refuses a NUL in a patient search and a patient's names", () => {
    expect(fieldsOf(PatientListInput, { search: "\u0000" })).toEqual(["search"]);
    expect(
      fieldsOf(PatientCreateInput, {
        firstName: "A\u0000",
        lastName: "B\u0000",
        mobile: "+201001234567",
      }),
    ).toEqual(["firstName", "lastName"]);
  });

  it("refuses a NUL in a visitor's booking details", () => {
    const booking = {
      slug: "nile-clinic",
      serviceId: id,
      start: "2030-01-07T10:00:00Z",
      idempotencyKey: "visitor-key-1",
      firstName: "Amal",
      lastName: "A\u0000B",
      mobile: "+201001234567",
    };
    expect(fieldsOf(PublicBookInput, booking)).toEqual(["lastName"]);
    expect(fieldsOf(PublicBookInput, { ...booking, lastName: "Saleh" })).toBe("ok");
  });

  it("refuses bookings, lists and searches outside the supported years", () => {
    const booking = { serviceId: id, patientId: id, idempotencyKey: "staff-key-1" };
    for (const start of [
      "9999-12-31T10:00:00Z",
      "+275760-09-13T00:00:00Z",
      "2999-01-01T10:00:00Z",
    ]) {
      expect(fieldsOf(AppointmentBookInput, { ...booking, start })).toEqual(["start"]);
    }
    expect(
      fieldsOf(AppointmentListInput, {
        from: "10000-01-01T00:00:00Z",
        to: "10000-01-02T00:00:00Z",
      }),
    ).toEqual(["from", "to"]);
    for (const fromDate of ["9999-12-31", "0001-01-01"]) {
      expect(fieldsOf(AvailabilitySearchInput, { serviceId: id, fromDate })).toEqual(["fromDate"]);
    }
  });

  it("refuses exceptions and certificate dates outside the supported years", () => {
    expect(
      fieldsOf(ScheduleExceptionAddInput, {
        resourceId: null,
        startsOn: "0001-01-01",
        endsOn: "9999-12-31",
        closed: true,
      }),
    ).toEqual(["startsOn", "endsOn"]);
    expect(
      fieldsOf(CertificateAddInput, { practitionerId: id, name: "Board", expiresOn: "9999-12-31" }),
    ).toEqual(["expiresOn"]);
  });
});
