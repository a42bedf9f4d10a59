// Accounts: sign-up, sign-in, and what the API refuses or never reveals.
import { createHash } from "node:crypto";
import { validateSessionToken } from "@caredesk/auth";
import { schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import {
  callerFor,
  failureOf,
  recordCookies,
  signIn,
  signUp,
  testPassword,
  uniqueEmail,
} from "@caredesk/api/testing";
import { count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

let database: TestDatabase;
let db: Database;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
});
afterAll(() => database.drop());

async function rowCounts() {
  const [users] = await db.select({ n: count() }).from(schema.user);
  const [audits] = await db.select({ n: count() }).from(schema.auditLog);
  return { users: users?.n, audits: audits?.n };
}

/** Every key and every string value anywhere inside `value`. */
function everyKeyAndString(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const item of value) everyKeyAndString(item, out);
  else if (value && typeof value === "object" && !(value instanceof Date)) {
    for (const [key, item] of Object.entries(value)) {
      out.push(key);
      everyKeyAndString(item, out);
    }
  }
  return out;
}

describe("sign-up and sign-in", () => {
  it("signs in with the password chosen at sign-up", async () => {
    const person = await signUp(db, { name: "Amira Haddad" });
    const cookies = recordCookies();
    const caller = await callerFor(db, { cookies });

    const { user } = await caller.auth.signIn({ email: person.email, password: person.password });

    expect(user).toMatchObject({ id: person.id, email: person.email, name: "Amira Haddad" });
    const token = cookies.token;
    expect(token).toBeTypeOf("string");
    const session = await validateSessionToken(db, token ?? "");
    expect(session?.user.id).toBe(person.id);
  });

  it("signs in whatever the case of the email typed", async () => {
    const person = await signUp(db);
    const caller = await callerFor(db);
    const { user } = await caller.auth.signIn({
      email: person.email.toUpperCase(),
      password: person.password,
    });
    expect(user.id).toBe(person.id);
  });

  it("opens a new session with a new id at every sign-in", async () => {
    const person = await signUp(db);
    const tokens = [person.token, await signIn(db, person), await signIn(db, person)];

    const ids = tokens.map((token) => token.split(".")[0]);
    expect(new Set(ids).size).toBe(3);
    const rows = await db
      .select({ id: schema.session.id })
      .from(schema.session)
      .where(eq(schema.session.userId, person.id));
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
  });
});

describe("sign-up never tells whether an email has an account", () => {
  async function accountsWith(email: string) {
    const [row] = await db
      .select({ n: count() })
      .from(schema.user)
      .where(eq(sql`lower(${schema.user.email})`, email.toLowerCase()));
    return row?.n;
  }

  it("answers a taken email exactly as a new one, and makes no second account", async () => {
    const first = await signUp(db);
    const caller = await callerFor(db);

    const taken = await caller.auth.signUp({
      email: first.email,
      password: testPassword,
      name: "Second",
    });
    const fresh = await caller.auth.signUp({
      email: uniqueEmail(),
      password: testPassword,
      name: "Third",
    });

    expect(taken).toEqual(fresh);
    expect(await accountsWith(first.email)).toBe(1);
  });

  it("makes no second account for an email that differs only in case", async () => {
    const email = uniqueEmail("Case.Person");
    await signUp(db, { email });
    const caller = await callerFor(db);

    await caller.auth.signUp({ email: email.toUpperCase(), password: testPassword, name: "Twin" });

    expect(await accountsWith(email)).toBe(1);
  });

  it("makes no second account for an email an import stored in another case", async () => {
    // Written around the API, as an import would: the unique index on lower(email) decides.
    const email = uniqueEmail("imported");
    await db
      .insert(schema.user)
      .values({ email: email.toUpperCase(), name: "Imported", passwordHash: "not-a-hash" });
    const caller = await callerFor(db);

    const answer = await caller.auth.signUp({ email, password: testPassword, name: "Newcomer" });

    expect(answer).toEqual({ status: "check-email" });
    expect(await accountsWith(email)).toBe(1);
  });
});

describe("sign-up refusals", () => {
  const malformed: { name: string; input: unknown; fields: string[] }[] = [
    {
      name: "a malformed email",
      input: { email: "not-an-email", password: testPassword, name: "Ana" },
      fields: ["email"],
    },
    {
      name: "a password shorter than 10 characters",
      input: { email: uniqueEmail(), password: "short", name: "Ana" },
      fields: ["password"],
    },
    { name: "missing fields", input: {}, fields: ["email", "name", "password"] },
    {
      name: "a 10 KB name",
      input: { email: uniqueEmail(), password: testPassword, name: "n".repeat(10 * 1024) },
      fields: ["name"],
    },
    {
      name: "values of the wrong types",
      input: { email: 42, password: true, name: ["Ana"] },
      fields: ["email", "name", "password"],
    },
  ];

  it.each(malformed)(
    "answers $name with BAD_REQUEST, field errors on exactly those fields, and writes nothing",
    async ({ input, fields }) => {
      const before = await rowCounts();
      const caller = await callerFor(db);

      // Deliberately outside the input type: this is what a hostile client can send.
      const failure = await failureOf(caller.auth.signUp(input as never));

      expect(failure.code).toBe("BAD_REQUEST");
      expect(Object.keys(failure.fieldErrors ?? {}).sort()).toEqual(fields);
      expect(await rowCounts()).toEqual(before);
    },
  );
});

describe("failed sign-in", () => {
  it("answers a wrong password and an unknown email with the same code and message", async () => {
    const person = await signUp(db);
    const caller = await callerFor(db);

    const wrongPassword = await failureOf(
      caller.auth.signIn({ email: person.email, password: "not the password" }),
    );
    const unknownEmail = await failureOf(
      caller.auth.signIn({ email: uniqueEmail("nobody"), password: "not the password" }),
    );

    expect(wrongPassword.code).toBe("UNAUTHORIZED");
    expect(unknownEmail.code).toBe(wrongPassword.code);
    expect(unknownEmail.message).toBe(wrongPassword.message);
    expect(unknownEmail.fieldErrors).toEqual(wrongPassword.fieldErrors);
  });

  it("opens no session and writes no audit row for a wrong password", async () => {
    const person = await signUp(db);
    const before = await rowCounts();
    const [sessionsBefore] = await db.select({ n: count() }).from(schema.session);
    const cookies = recordCookies();
    const caller = await callerFor(db, { cookies });

    await failureOf(caller.auth.signIn({ email: person.email, password: "not the password" }));

    const [sessionsAfter] = await db.select({ n: count() }).from(schema.session);
    expect(sessionsAfter?.n).toBe(sessionsBefore?.n);
    expect(await rowCounts()).toEqual(before);
    expect(cookies.writes).toEqual([]);
  });
});

const times = (n: number, code: string) => Array.from({ length: n }, () => code);

describe("failed sign-ins of one account back off", () => {
  const wrong = (email: string) => ({ email, password: "not the password" });

  async function failTimes(email: string, times: number) {
    const caller = await callerFor(db);
    const codes: string[] = [];
    for (let i = 0; i < times; i++)
      codes.push((await failureOf(caller.auth.signIn(wrong(email)))).code);
    return codes;
  }

  /** Moves the account's wait into the past, as if it had been waited out. */
  async function waitOut(email: string) {
    const hash = createHash("sha256").update(email.toLowerCase()).digest("hex");
    await db
      .update(schema.signInThrottle)
      .set({ blockedUntil: new Date(Date.now() - 1000) })
      .where(eq(schema.signInThrottle.accountHash, hash));
  }

  it("refuses even the right password for 30 s after five failures in a row", async () => {
    const person = await signUp(db);

    expect(await failTimes(person.email, 5)).toEqual(times(5, "UNAUTHORIZED"));
    const caller = await callerFor(db, { cookies: recordCookies() });
    const refused = await failureOf(
      caller.auth.signIn({ email: person.email, password: person.password }),
    );

    expect(refused.code).toBe("TOO_MANY_REQUESTS");
    expect(refused.retryAfterSeconds).toBeGreaterThan(25);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(30);
    expect(refused.message).toMatch(/Too many failed sign-ins for this account/);
  });

  it("doubles the wait with each further failure, and a success starts the count again", async () => {
    const person = await signUp(db);
    await failTimes(person.email, 5);
    await waitOut(person.email);

    await failTimes(person.email, 1);
    const caller = await callerFor(db);
    const second = await failureOf(caller.auth.signIn(wrong(person.email)));
    expect(second.code).toBe("TOO_MANY_REQUESTS");
    expect(second.retryAfterSeconds).toBeGreaterThan(55);
    expect(second.retryAfterSeconds).toBeLessThanOrEqual(60);

    await waitOut(person.email);
    await signIn(db, person);
    expect(await failTimes(person.email, 4)).toEqual(times(4, "UNAUTHORIZED"));
  });

  it("throttles an unknown email exactly like a real account", async () => {
    const nobody = uniqueEmail("nobody");

    const codes = await failTimes(nobody, 6);

    expect(codes).toEqual([...times(5, "UNAUTHORIZED"), "TOO_MANY_REQUESTS"]);
  });

  it("keeps each account's count to itself", async () => {
    const [one, other] = [await signUp(db), await signUp(db)];
    await failTimes(one.email, 5);

    expect(await signIn(db, other)).toEqual(expect.any(String));
  });
});

describe("me", () => {
  it("returns null when signed out", async () => {
    const caller = await callerFor(db);
    expect(await caller.auth.me()).toBeNull();
  });

  it("never includes the password hash, the password or the session token", async () => {
    const person = await signUp(db);
    const [row] = await db
      .select({ passwordHash: schema.user.passwordHash })
      .from(schema.user)
      .where(eq(schema.user.id, person.id));
    const caller = await callerFor(db, { token: person.token });

    const me = await caller.auth.me();

    expect(me?.user.id).toBe(person.id);
    const seen = everyKeyAndString(me);
    expect(seen).toContain(person.email);
    for (const item of seen) {
      expect(item).not.toMatch(/password|hash|secret|token/i);
      expect(item).not.toContain(row?.passwordHash ?? "$argon2");
      expect(item).not.toContain(person.password);
      for (const part of person.token.split(".")) expect(item).not.toContain(part);
    }
  });
});
