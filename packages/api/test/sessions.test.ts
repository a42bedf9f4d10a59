// Sessions per Lucia's design: hashed secrets, expiry, sliding renewal, listing, revocation;
// and bearer tokens for devices (auth.token, POST /api/v1/auth/token), the same hashed
// sessions, listed by the device's name and accepted only as a bearer token.
import { createHash } from "node:crypto";
import {
  generateSecureRandomString,
  sessionLifetimeMs,
  validateSessionToken,
} from "@caredesk/auth";
import { schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import {
  callerFor,
  failureOf,
  recordCookies,
  signIn,
  signUp,
  type TestUser,
} from "@caredesk/api/testing";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

let database: TestDatabase;
let db: Database;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
});
afterAll(() => database.drop());

const day = 24 * 60 * 60 * 1000;

function partsOf(token: string): { id: string; secret: string } {
  const [id = "", secret = ""] = token.split(".");
  return { id, secret };
}

async function sessionRow(id: string) {
  const [row] = await db.select().from(schema.session).where(eq(schema.session.id, id));
  return row;
}

async function expireIn(sessionId: string, ms: number): Promise<Date> {
  const expiresAt = new Date(Date.now() + ms);
  await db.update(schema.session).set({ expiresAt }).where(eq(schema.session.id, sessionId));
  return expiresAt;
}

describe("what is stored", () => {
  it("stores SHA-256 of the token's secret, never the secret", async () => {
    const person = await signUp(db);
    const { id, secret } = partsOf(person.token);

    const row = await sessionRow(id);

    expect(row?.secretHash).toBe(createHash("sha256").update(secret).digest("hex"));
  });

  it("keeps the token and its secret out of the session and audit tables", async () => {
    const person = await signUp(db);
    const other = await signIn(db, person);
    const sessions = JSON.stringify(await db.select().from(schema.session));
    const audit = JSON.stringify(await db.select().from(schema.auditLog));

    for (const token of [person.token, other]) {
      const { secret } = partsOf(token);
      for (const table of [sessions, audit]) {
        expect(table).not.toContain(token);
        expect(table).not.toContain(secret);
      }
    }
  });
});

describe("who is signed in", () => {
  const badTokens = [
    { name: "no token", token: () => null },
    { name: "a forged token (right id, wrong secret)", token: (id: string) => `${id}.forged${id}` },
    { name: "a token without a secret", token: (id: string) => id },
    { name: "a token with three parts", token: (id: string) => `${id}.a.b` },
    { name: "an oversized token", token: (id: string) => `${id}.${"x".repeat(5000)}` },
  ];

  it.each(badTokens)("refuses $name with UNAUTHORIZED", async ({ token }) => {
    const person = await signUp(db);
    const { id } = partsOf(person.token);
    const caller = await callerFor(db, { token: token(id) });

    const failure = await failureOf(caller.auth.sessions());

    expect(failure.code).toBe("UNAUTHORIZED");
  });

  it("refuses an expired session with UNAUTHORIZED and deletes it", async () => {
    const person = await signUp(db);
    const { id } = partsOf(person.token);
    await db
      .update(schema.session)
      .set({ expiresAt: sql`now() - interval '1 minute'` })
      .where(eq(schema.session.id, id));
    const caller = await callerFor(db, { token: person.token });

    const failure = await failureOf(caller.auth.sessions());

    expect(failure.code).toBe("UNAUTHORIZED");
    expect(await sessionRow(id)).toBeUndefined();
  });
});

describe("sliding expiry", () => {
  it("extends a session with less than 15 days left to 30 days from now", async () => {
    const person = await signUp(db);
    const { id } = partsOf(person.token);
    await expireIn(id, 10 * day);

    const before = Date.now();
    const validated = await validateSessionToken(db, person.token);
    const after = Date.now();

    expect(validated?.session.refreshed).toBe(true);
    const stored = (await sessionRow(id))?.expiresAt.getTime() ?? 0;
    expect(stored).toBe(validated?.session.expiresAt.getTime());
    expect(stored).toBeGreaterThanOrEqual(before + sessionLifetimeMs);
    expect(stored).toBeLessThanOrEqual(after + sessionLifetimeMs);
  });

  it("leaves a session with more than 15 days left untouched", async () => {
    const person = await signUp(db);
    const { id } = partsOf(person.token);
    const expiresAt = await expireIn(id, 20 * day);
    const lastSeenAt = (await sessionRow(id))?.lastSeenAt;

    const validated = await validateSessionToken(db, person.token);

    expect(validated?.session.refreshed).toBe(false);
    const row = await sessionRow(id);
    expect(row?.expiresAt).toEqual(expiresAt);
    expect(row?.lastSeenAt).toEqual(lastSeenAt);
  });
});

describe("listing and revoking sessions", () => {
  it("lists every session of the user and marks the current one", async () => {
    const person = await signUp(db);
    const laptop = await signIn(db, person);
    const caller = await callerFor(db, { token: laptop });

    const sessions = await caller.auth.sessions();

    expect(sessions.map((s) => [s.id, s.current]).sort()).toEqual(
      [
        [partsOf(person.token).id, false],
        [partsOf(laptop).id, true],
      ].sort(),
    );
  });

  it("ends the revoked session's token and keeps the others", async () => {
    const person = await signUp(db);
    const phone = await signIn(db, person);
    const caller = await callerFor(db, { token: person.token });

    await caller.auth.revokeSession({ sessionId: partsOf(phone).id });

    expect(await validateSessionToken(db, phone)).toBeNull();
    expect(await validateSessionToken(db, person.token)).not.toBeNull();
  });

  it("clears the cookie when the current session is revoked", async () => {
    const person = await signUp(db);
    const cookies = recordCookies();
    const caller = await callerFor(db, { token: person.token, cookies });

    await caller.auth.revokeSession({ sessionId: partsOf(person.token).id });

    expect(cookies.writes).toEqual([null]);
    expect(await validateSessionToken(db, person.token)).toBeNull();
  });

  it("answers NOT_FOUND for another user's session and leaves it working", async () => {
    const victim = await signUp(db);
    const attacker = await signUp(db);
    const caller = await callerFor(db, { token: attacker.token });

    const failure = await failureOf(
      caller.auth.revokeSession({ sessionId: partsOf(victim.token).id }),
    );

    expect(failure.code).toBe("NOT_FOUND");
    expect(await validateSessionToken(db, victim.token)).not.toBeNull();
  });

  it("answers another user's session exactly like one that does not exist", async () => {
    const victim = await signUp(db);
    const attacker = await signUp(db);
    const caller = await callerFor(db, { token: attacker.token });

    const foreign = await failureOf(
      caller.auth.revokeSession({ sessionId: partsOf(victim.token).id }),
    );
    const missing = await failureOf(
      caller.auth.revokeSession({ sessionId: generateSecureRandomString() }),
    );

    expect(foreign).toEqual(missing);
  });
});

describe("changing the password", () => {
  it("refuses a wrong current password with a field error on currentPassword", async () => {
    const person = await signUp(db);
    const caller = await callerFor(db, { token: person.token });

    const failure = await failureOf(
      caller.auth.changePassword({
        currentPassword: "not the password",
        newPassword: "a brand new passphrase",
      }),
    );

    expect(failure.code).toBe("BAD_REQUEST");
    expect(Object.keys(failure.fieldErrors ?? {})).toEqual(["currentPassword"]);
    expect(await validateSessionToken(db, person.token)).not.toBeNull();
  });

  it("revokes every earlier session, including this device's old one", async () => {
    const person = await signUp(db);
    const otherDevice = await signIn(db, person);
    const caller = await callerFor(db, { token: person.token });

    await caller.auth.changePassword({
      currentPassword: person.password,
      newPassword: "a brand new passphrase",
    });

    expect(await validateSessionToken(db, otherDevice)).toBeNull();
    expect(await validateSessionToken(db, person.token)).toBeNull();
    const otherCaller = await callerFor(db, { token: otherDevice });
    expect((await failureOf(otherCaller.auth.sessions())).code).toBe("UNAUTHORIZED");
  });

  it("keeps this device signed in with a fresh session cookie", async () => {
    const person = await signUp(db);
    const cookies = recordCookies();
    const caller = await callerFor(db, { token: person.token, cookies });

    await caller.auth.changePassword({
      currentPassword: person.password,
      newPassword: "a brand new passphrase",
    });

    const fresh = cookies.token;
    expect(cookies.writes).toHaveLength(1);
    expect(fresh).not.toBe(person.token);
    const validated = await validateSessionToken(db, fresh ?? "");
    expect(validated?.user.id).toBe(person.id);
  });

  it("signs in with the new password only", async () => {
    const person = await signUp(db);
    const caller = await callerFor(db, { token: person.token });
    const newPassword = "a brand new passphrase";

    await caller.auth.changePassword({ currentPassword: person.password, newPassword });

    const anonymous = await callerFor(db);
    const old = await failureOf(
      anonymous.auth.signIn({ email: person.email, password: person.password }),
    );
    expect(old.code).toBe("UNAUTHORIZED");
    const { user } = await anonymous.auth.signIn({ email: person.email, password: newPassword });
    expect(user.id).toBe(person.id);
  });
});

describe("bearer tokens for devices (auth.token)", () => {
  let person: TestUser;
  beforeAll(async () => {
    person = await signUp(db);
  });

  async function issue(deviceName: string) {
    const cookies = recordCookies();
    const caller = await callerFor(db, { cookies });
    const answer = await caller.auth.token({
      email: person.email,
      password: person.password,
      deviceName,
    });
    return { answer, cookies };
  }

  it("answers a bearer token and sets no cookie", async () => {
    const { answer, cookies } = await issue("Mona's phone");

    expect(answer).toMatchObject({ tokenType: "Bearer", user: { id: person.id } });
    expect(answer.token).toMatch(/^\w+\.\w+$/);
    expect(cookies.writes).toEqual([]);
  });

  it("stores only the hash of the token's secret, with the device's name", async () => {
    const { answer } = await issue("Store check");
    const { id, secret } = partsOf(answer.token);

    const row = await sessionRow(id);

    expect(row).toMatchObject({ kind: "bearer", name: "Store check" });
    expect(row?.secretHash).toBe(createHash("sha256").update(secret).digest("hex"));
  });

  it("is accepted as a bearer token only, never as a cookie", async () => {
    const { answer } = await issue("Kind check");

    expect(await validateSessionToken(db, answer.token, new Date(), { kind: "bearer" })).not.toBe(
      null,
    );
    expect(await validateSessionToken(db, answer.token, new Date(), { kind: "cookie" })).toBe(null);
    expect(await validateSessionToken(db, person.token, new Date(), { kind: "bearer" })).toBe(null);
  });

  it("asks for a device name", async () => {
    const caller = await callerFor(db);
    const failure = await failureOf(
      caller.auth.token({ email: person.email, password: person.password, deviceName: "  " }),
    );
    expect(failure).toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: { deviceName: [expect.any(String)] },
    });
  });
});
