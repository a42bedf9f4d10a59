// The primitives every input schema is built from: text that is safe to store and search,
// bounded instants and calendar dates, ids, contacts, cursors. The domain files compose these
// and never call `z.string()` or `z.date()` themselves (eslint.config.js refuses it there), so
// a rule made here — no NUL, no lone surrogate, a year PostgreSQL and the availability engine
// both accept — holds for every field of every procedure at once.
import { z } from "zod";

// ---------------------------------------------------------------------------------------------
// Text

/* eslint-disable no-control-regex -- finding control characters is the point of these. */
/** C0 controls, DEL and C1 controls: invisible in a form, and PostgreSQL refuses NUL in text. */
const controlCharacters = /[\u0000-\u001f\u007f-\u009f]/;
/** The same less line feed and carriage return, which single-line text reports on their own. */
const controlCharactersInLine = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/** The same less tab, line feed and carriage return, which notes and addresses keep. */
const controlCharactersInParagraphs = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const nul = /\u0000/;
/* eslint-enable no-control-regex */
const lineBreaks = /[\n\r\u2028\u2029]/;
/** Half of a surrogate pair without the other half: not a character, and not valid UTF-8. */
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether `text` is valid Unicode (ES2024 `isWellFormed`, with a fallback for older Safari). */
function isWellFormed(text: string): boolean {
  const native = (text as { isWellFormed?: () => boolean }).isWellFormed;
  return native ? native.call(text) : !loneSurrogate.test(text);
}

/** What a person reads next to the field; shared so the forms and tests agree. */
export const textMessages = {
  malformed: "Remove the invalid characters (part of an emoji or symbol is missing)",
  control: "Remove the control characters",
  lineBreak: "Keep this on one line",
  nul: "Remove the invalid characters",
} as const;

const tooLong = (max: number) => `Use at most ${max} characters`;

export interface TextOptions {
  /** The message for an empty value; without it, empty text is allowed. */
  required?: string;
  /** The message for text over the limit (default "Use at most N characters"). */
  tooLong?: string;
}

/**
 * Trimmed text of at most `max` characters that passes `checks`. Over-long text stops at the
 * length check, so a megabyte is refused without being scanned.
 */
function text(
  max: number,
  options: string | TextOptions | undefined,
  checks: (schema: z.ZodString) => z.ZodString,
): z.ZodString {
  const { required, tooLong: tooLongMessage = tooLong(max) } =
    typeof options === "string" ? { required: options } : (options ?? {});
  const checked = checks(
    z
      .string("Enter text")
      .trim()
      .max(max, { message: tooLongMessage, abort: true })
      .refine(isWellFormed, textMessages.malformed),
  );
  return required ? checked.min(1, required) : checked;
}

/**
 * One line of text (a name, a title, a search): trimmed; refuses line breaks, tabs, other
 * control characters and broken Unicode; at most `max` characters. A string as `options` is
 * the message for an empty value (otherwise empty text is allowed).
 */
export function SingleLine(max: number, options?: string | TextOptions): z.ZodString {
  return text(max, options, (schema) =>
    schema
      // Named on its own: pasting "Amal⏎Saleh" into a name is a common mistake.
      .refine((value) => !lineBreaks.test(value), textMessages.lineBreak)
      .refine((value) => !controlCharactersInLine.test(value), textMessages.control),
  );
}

/** Text over several lines (notes, addresses, descriptions): keeps line breaks and tabs. */
export function MultiLine(max: number, options?: string | TextOptions): z.ZodString {
  return text(max, options, (schema) =>
    schema.refine((value) => !controlCharactersInParagraphs.test(value), textMessages.control),
  );
}

/**
 * A form field that may be left out or blank: `""` (an emptied input) and null both store
 * null.
 */
export function Blankable<T extends z.ZodType>(schema: T) {
  return z
    .union([z.literal(""), schema], {
      // A union's own message is "Invalid input": show why the value itself was refused.
      error: (issue) =>
        issue.code === "invalid_union" ? issue.errors[1]?.[0]?.message : undefined,
    })
    .transform((value) => (value === "" ? null : value))
    .nullish();
}

/** Optional text where blank (or only spaces) stores null. */
export const OptionalSingleLine = (max: number) =>
  SingleLine(max)
    .transform((value) => (value === "" ? null : value))
    .nullish();

export const OptionalMultiLine = (max: number) =>
  MultiLine(max)
    .transform((value) => (value === "" ? null : value))
    .nullish();

/** A person's or a record's name. */
export const PersonName = SingleLine(120, "Enter a name");

export const SearchText = SingleLine(100, { tooLong: "Search is too long" });

/**
 * Text that must match `pattern` exactly (codes, keys, formats). Trimmed first; the anchored
 * pattern is what keeps control characters out, so it must not admit any.
 */
export function Code(pattern: RegExp, message: string, max: number): z.ZodString {
  return z.string(message).trim().max(max, { message, abort: true }).regex(pattern, message);
}

// ---------------------------------------------------------------------------------------------
// Accounts

export const Email = SingleLine(254, { tooLong: "Email is too long" })
  .toLowerCase()
  .pipe(z.email("Enter a valid email address"));

/**
 * Passwords keep every character the person typed (spaces, tabs, any script) except NUL and
 * broken Unicode, which no keyboard produces and which argon2 and PostgreSQL would not see
 * as the person believes they chose it.
 */
function passwordText(min: number, tooShort: string): z.ZodString {
  return z
    .string(tooShort)
    .max(128, { message: tooLong(128), abort: true })
    .min(min, tooShort)
    .refine(isWellFormed, textMessages.malformed)
    .refine((text) => !nul.test(text), textMessages.nul);
}

/** A new password: the policy applies. */
export const Password = passwordText(10, "Use at least 10 characters");

/** A password being checked (sign-in, current password): old ones must still work. */
export const PasswordAttempt = (required = "Enter your password") => passwordText(1, required);

/**
 * A session id: exactly what packages/auth's `generateSecureRandomString` makes (24 symbols
 * of its 32-letter alphabet, see token.ts), so nothing else ever reaches a session query.
 */
export const SessionId = Code(/^[a-km-np-z2-9]{24}$/, "Not a session id", 24);

/** Client-generated; repeating a request with the same key returns the same result. */
export const IdempotencyKey = Code(/^[A-Za-z0-9_-]{8,100}$/, "Invalid idempotency key", 100);

// ---------------------------------------------------------------------------------------------
// Ids, numbers and pages

export const Id = z.uuid("Not a valid id");

/** A row version for optimistic concurrency (an `integer` column: at most 2^31 − 1). */
export const Version = z
  .number("Enter a version")
  .int("Not a valid version")
  .min(1, "Not a valid version")
  .max(2_147_483_647, "Not a valid version");

/** Cursor values are base64url JSON (see packages/api's pagination.ts). */
const base64url = /^[A-Za-z0-9_-]+$/;
const base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** The text a base64url cursor encodes, or null when it is not base64url of UTF-8. */
function decodeBase64Url(encoded: string): string | null {
  let bits = 0;
  let buffer = 0;
  let escaped = "";
  for (const symbol of encoded) {
    buffer = (buffer << 6) | base64Alphabet.indexOf(symbol);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      escaped += `%${((buffer >> bits) & 0xff).toString(16).padStart(2, "0")}`;
    }
  }
  try {
    // decodeURIComponent is the portable strict UTF-8 decoder (browser and Node alike).
    return decodeURIComponent(escaped);
  } catch {
    return null;
  }
}

/**
 * What a cursor holds — 1–4 clean strings or non-negative whole numbers — or null for anything
 * the api never hands out. The api's lists decode their cursors with this too.
 */
export function cursorValues(cursor: string): (string | number)[] | null {
  const json = decodeBase64Url(cursor);
  if (json === null) return null;
  let values: unknown;
  try {
    values = JSON.parse(json);
  } catch {
    return null;
  }
  const clean =
    Array.isArray(values) &&
    values.length >= 1 &&
    values.length <= 4 &&
    values.every((value: unknown) =>
      typeof value === "string"
        ? value.length <= 300 && isWellFormed(value) && !controlCharacters.test(value)
        : typeof value === "number" && Number.isSafeInteger(value) && value >= 0,
    );
  return clean ? (values as (string | number)[]) : null;
}

const isCursorShape = (cursor: string) => cursorValues(cursor) !== null;

/**
 * An opaque list cursor as the api handed it out. Garbage is refused here, before any service
 * sees it; the service still checks what each value means for its own list.
 */
export const Cursor = z
  .string("Invalid cursor")
  .max(1000, { message: "Invalid cursor", abort: true })
  .regex(base64url, { message: "Invalid cursor", abort: true })
  .refine(isCursorShape, "Invalid cursor");

export const PageLimit = z
  .number("Enter a number")
  .int("Use a whole number")
  .min(1, "Ask for at least one")
  .max(100, "Ask for at most 100");

export const Pagination = z.object({
  cursor: Cursor.optional(),
  limit: PageLimit.default(25),
});

// ---------------------------------------------------------------------------------------------
// Time: instants, calendar dates, wall-clock times, zones

/**
 * The years any date or time may fall in. PostgreSQL takes far more, but the availability
 * engine works within about 1470–2470 and nobody books, is born or expires outside these.
 */
const firstYear = 1900;
const lastYear = 2199;
const earliest = Date.UTC(firstYear, 0, 1);
const latestExclusive = Date.UTC(lastYear + 1, 0, 1);
const outOfRange = `Use a date between ${firstYear} and ${lastYear}`;

/**
 * An instant sent by the client: a Date (superjson), an ISO 8601 date-time with its offset
 * ("…Z" or "…+02:00"), or epoch milliseconds. Always absolute; a local time without an offset
 * is refused rather than read in the server's zone.
 */
export const Instant = z
  .union(
    [
      // Aborting, like the checks below: an object's own refinements (from < to) then never
      // run on a value that is not a Date.
      z.iso.datetime({ offset: true, error: "Use a date and time with its offset", abort: true }),
      z.date("Use a date and time"),
      z.number("Use a date and time"),
    ],
    "Use a date and time",
  )
  .transform((value, ctx) => {
    const instant = new Date(value);
    const time = instant.getTime();
    // NaN (Invalid Date) fails both comparisons.
    if (!(time >= earliest && time < latestExclusive)) {
      ctx.addIssue({ code: "custom", message: outOfRange, input: value, continue: false });
      return z.NEVER;
    }
    return instant;
  })
  // The OpenAPI document (REST clients send JSON or query text) shows only the portable form,
  // in place of the union above (zod-openapi calls this with the schema it rendered).
  .meta({
    override: ({ jsonSchema }: { jsonSchema: Record<string, unknown> }) => {
      for (const key of Object.keys(jsonSchema)) delete jsonSchema[key];
      Object.assign(jsonSchema, {
        type: "string",
        format: "date-time",
        description: "An ISO 8601 date-time with its offset, e.g. 2026-03-31T09:30:00+02:00",
      });
    },
  });

/** A `YYYY-MM-DD` that names a real day (2025-02-29 does not): zod's own calendar check. */
const calendarDate = z.iso.date();

const localDateFormat = "Use a date like 2026-03-31";

/** A calendar day `YYYY-MM-DD`, real (no February 30th) and within the supported years. */
export const LocalDate = z
  .string(localDateFormat)
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: localDateFormat, abort: true })
  .refine((date) => calendarDate.safeParse(date).success, {
    message: "That day does not exist",
    abort: true,
  })
  .refine(
    (date) => {
      const year = Number(date.slice(0, 4));
      return year >= firstYear && year <= lastYear;
    },
    { message: outOfRange, abort: true },
  );

/** A wall-clock time of day, "09:30"; "24:00" ends a day. */
export const LocalTime = z
  .string("Use a time like 09:30")
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, "Use a time like 09:30");

/** A date of birth: a real day, not before 1900 and not in the future. */
export const DateOfBirth = LocalDate.refine(
  (date) => date <= new Date().toISOString().slice(0, 10),
  "Date of birth cannot be in the future",
);

/** IANA time zone names accepted by this runtime's Intl. */
export const TimeZone = z
  .string("Choose a time zone")
  .min(1, "Choose a time zone")
  .max(64, { message: "Not a known time zone", abort: true })
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: zone });
      return zone.includes("/") || zone === "UTC";
    } catch {
      return false;
    }
  }, "Not a known time zone");

// ---------------------------------------------------------------------------------------------
// Places, contacts and codes

export const CurrencyCode = z
  .string("Use a three-letter ISO currency code")
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, "Use a three-letter ISO currency code")
  .refine((code) => Intl.supportedValuesOf("currency").includes(code), "Not a known currency");

export const CountryCode = z
  .string("Use a two-letter country code")
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, "Use a two-letter country code");

/** As typed: the api normalises it to E.164 with the practice's country. */
export const Phone = z
  .string("Enter a phone number")
  .trim()
  .min(6, "Enter a phone number")
  .max(24, "That number is too long")
  .regex(/^\+?[0-9 ()\-.]+$/, "Use digits, spaces and an optional leading +");

/** A practice's address on the web, /p/:slug. */
export const Slug = z
  .string("Use lowercase letters, digits and single dashes")
  .trim()
  .toLowerCase()
  .min(3, "Use at least 3 characters")
  .max(48, "Use at most 48 characters")
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Use lowercase letters, digits and single dashes");

export const Colour = Code(/^#[0-9a-fA-F]{6}$/, "Use a hex colour like #2563eb", 7).transform(
  (colour) => colour.toLowerCase(),
);

/**
 * A BCP 47 locale tag this runtime can format with ("en-GB", "ar-EG"): how a practice's dates,
 * times and money are written. Canonicalised ("en-gb" → "en-GB").
 */
export const LocaleTag = z
  .string("Choose a language and region")
  .trim()
  .min(2, "Choose a language and region")
  .max(35, { message: "Not a known locale", abort: true })
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { message: "Not a known locale", abort: true })
  .transform((tag, ctx) => {
    try {
      const [canonical] = Intl.getCanonicalLocales(tag);
      if (canonical && Intl.DateTimeFormat.supportedLocalesOf([canonical]).length > 0) {
        return canonical;
      }
    } catch {
      // Fall through: a tag Intl cannot parse is not a locale.
    }
    ctx.addIssue({ code: "custom", message: "Not a known locale", input: tag, continue: false });
    return z.NEVER;
  });
