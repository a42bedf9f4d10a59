// Sessions on a real database: what signing in, staying signed in, signing out elsewhere and
// the device list rely on. Every time is passed in (a fixed day far from today).
import { queryRows, schema } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  createSession,
  findSessionMembership,
  hashSecret,
  invalidateSession,
  invalidateUserSessions,
  isSessionId,
  listUserSessions,
  revokeUserSession,
  sessionLifetimeMs,
  sessionRefreshThresholdMs,
  validateSessionToken,
} from "../src";

const day = 24 * 60 * 60 * 1000;
const signIn = new Date("2031-03-10T09:00:00Z");
const later = (ms: number) => new Date(signIn.getTime() + ms);

let database: TestDatabase;
let counter = 0;

async function newUser(name = "Mona Adel") {
  counter += 1;
  const [row] = await database.db
    .insert(schema.user)
    .values({ email: `user${counter}@example.test`, name, passwordHash: "unused" })
    .returning({ id: schema.user.id, email: schema.user.email });
  if (!row) throw new Error("no user");
  return row;
}

async function newOrganization(slug: string) {
  const [row] = await database.db
    .insert(schema.organization)
    .values({ slug, name: `Clinic ${slug}`, kind: "clinic", timeZone: "UTC", currency: "EGP" })
    .returning({ id: schema.organization.id });
  if (!row) throw new Error("no organization");
  return row;
}

async function sessionRow(id: string) {
  const [row] = await database.db.select().from(schema.session).where(eq(schema.session.id, id));
  return row;
}

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
});
afterAll(() => database.drop());

describe("signing in", () => {
  it("issues an id.secret token that validates to its user, storing only the secret's hash", async () => {
    const user = await newUser("Karim Nabil");
    const { token, session } = await createSession(
      database.db,
      user.id,
      { ip: "203.0.113.7", userAgent: "Firefox" },
      signIn,
    );
    const [id, secret] = token.split(".");
    expect(id).toBe(session.id);
    expect(isSessionId(session.id)).toBe(true);
    expect(session.expiresAt).toEqual(later(sessionLifetimeMs));

    const stored = await sessionRow(session.id);
    expect(stored?.secretHash).toBe(hashSecret(secret ?? ""));
    const leaks = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from session where position(${secret} in session::text) > 0`,
    );
    expect(leaks[0]?.n).toBe(0);

    const valid = await validateSessionToken(database.db, token, later(day));
    expect(valid?.user).toEqual({
      id: user.id,
      email: user.email,
      name: "Karim Nabil",
      isPlatformAdmin: false,
    });
    expect(valid?.session).toMatchObject({ id: session.id, userId: user.id, refreshed: false });
    expect(valid).not.toHaveProperty("membership");
  });

  it("refuses a token with a wrong secret, a made-up id or a malformed shape", async () => {
    const user = await newUser();
    const { token } = await createSession(database.db, user.id, {}, signIn);
    const [id, secret = ""] = token.split(".");
    const otherSecret = secret.replace(/^./, (c) => (c === "a" ? "b" : "a"));
    for (const attempt of [
      `${id}.${otherSecret}`,
      `${"a".repeat(24)}.${secret}`,
      id ?? "",
      `${token}.extra`,
      "",
      `${id}.${secret.toUpperCase()}`,
      `${id}.${secret}'; drop table session; --`,
    ]) {
      expect(await validateSessionToken(database.db, attempt, later(day))).toBeNull();
    }
    // The real token still works: failed attempts do not revoke it.
    expect(await validateSessionToken(database.db, token, later(day))).not.toBeNull();
  });

  it("accepts a token only the way it was issued: cookie as cookie, bearer as bearer", async () => {
    const user = await newUser();
    const cookie = await createSession(database.db, user.id, {}, signIn);
    const bearer = await createSession(
      database.db,
      user.id,
      { kind: "bearer", name: "Mona's phone" },
      signIn,
    );
    const at = later(day);
    expect(await validateSessionToken(database.db, cookie.token, at)).not.toBeNull();
    expect(
      await validateSessionToken(database.db, cookie.token, at, { kind: "bearer" }),
    ).toBeNull();
    expect(await validateSessionToken(database.db, bearer.token, at)).toBeNull();
    expect(
      await validateSessionToken(database.db, bearer.token, at, { kind: "bearer" }),
    ).not.toBeNull();
  });
});

describe("staying signed in", () => {
  it("keeps the expiry while more than the refresh threshold remains", async () => {
    const user = await newUser();
    const { token, session } = await createSession(database.db, user.id, {}, signIn);
    const at = later(sessionLifetimeMs - sessionRefreshThresholdMs - day);
    const valid = await validateSessionToken(database.db, token, at);
    expect(valid?.session).toMatchObject({ refreshed: false, expiresAt: session.expiresAt });
    expect((await sessionRow(session.id))?.expiresAt).toEqual(session.expiresAt);
  });

  it("slides the expiry a full lifetime forward once less than the threshold remains", async () => {
    const user = await newUser();
    const { token, session } = await createSession(database.db, user.id, {}, signIn);
    const at = later(sessionLifetimeMs - sessionRefreshThresholdMs + day);
    const valid = await validateSessionToken(database.db, token, at);
    const extended = new Date(at.getTime() + sessionLifetimeMs);
    expect(valid?.session).toMatchObject({ id: session.id, refreshed: true, expiresAt: extended });
    const stored = await sessionRow(session.id);
    expect(stored?.expiresAt).toEqual(extended);
    expect(stored?.lastSeenAt).toEqual(at);
    // Past the first expiry the session lives on, because it was used in time.
    expect(
      await validateSessionToken(database.db, token, later(sessionLifetimeMs + day)),
    ).not.toBeNull();
  });

  it("ends an expired session and deletes it", async () => {
    const user = await newUser();
    const { token, session } = await createSession(database.db, user.id, {}, signIn);
    expect(await validateSessionToken(database.db, token, later(sessionLifetimeMs))).toBeNull();
    expect(await sessionRow(session.id)).toBeUndefined();
    // Gone for good: even a time before the expiry does not bring it back.
    expect(await validateSessionToken(database.db, token, later(day))).toBeNull();
  });
});

describe("the organization a request names", () => {
  it("comes with the member's role there, and null where they are not a member", async () => {
    const user = await newUser();
    const clinic = await newOrganization("session-clinic");
    const elsewhere = await newOrganization("session-elsewhere");
    await database.db
      .insert(schema.membership)
      .values({ organizationId: clinic.id, userId: user.id, role: "doctor" });
    const { token } = await createSession(database.db, user.id, {}, signIn);

    const there = await validateSessionToken(database.db, token, later(day), {
      organizationId: clinic.id,
    });
    expect(there?.membership).toMatchObject({
      role: "doctor",
      organization: {
        id: clinic.id,
        slug: "session-clinic",
        currency: "EGP",
        suspendedAt: null,
      },
    });
    const notThere = await validateSessionToken(database.db, token, later(day), {
      organizationId: elsewhere.id,
    });
    expect(notThere?.user.id).toBe(user.id);
    expect(notThere?.membership).toBeNull();

    expect(await findSessionMembership(database.db, user.id, clinic.id)).toMatchObject({
      role: "doctor",
      organization: { id: clinic.id },
    });
    expect(await findSessionMembership(database.db, user.id, elsewhere.id)).toBeNull();
  });
});

describe("signing out and the device list", () => {
  it("signs out one session without touching the user's others", async () => {
    const user = await newUser();
    const first = await createSession(database.db, user.id, {}, signIn);
    const second = await createSession(database.db, user.id, {}, signIn);
    await invalidateSession(database.db, first.session.id);
    expect(await validateSessionToken(database.db, first.token, later(day))).toBeNull();
    expect(await validateSessionToken(database.db, second.token, later(day))).not.toBeNull();
  });

  it("lets a user revoke their own session but not someone else's", async () => {
    const mona = await newUser("Mona");
    const omar = await newUser("Omar");
    const monas = await createSession(database.db, mona.id, {}, signIn);
    const omars = await createSession(database.db, omar.id, {}, signIn);

    expect(await revokeUserSession(database.db, mona.id, omars.session.id)).toBe(false);
    expect(await validateSessionToken(database.db, omars.token, later(day))).not.toBeNull();

    expect(await revokeUserSession(database.db, mona.id, monas.session.id)).toBe(true);
    expect(await validateSessionToken(database.db, monas.token, later(day))).toBeNull();
    expect(await revokeUserSession(database.db, mona.id, monas.session.id)).toBe(false);
  });

  it("signs out everywhere but the current session (a password change), or everywhere", async () => {
    const user = await newUser();
    const bystander = await newUser();
    const current = await createSession(database.db, user.id, {}, signIn);
    const laptop = await createSession(database.db, user.id, {}, signIn);
    const phone = await createSession(database.db, user.id, { kind: "bearer" }, signIn);
    const theirs = await createSession(database.db, bystander.id, {}, signIn);

    await invalidateUserSessions(database.db, user.id, { except: current.session.id });
    const at = later(day);
    expect(await validateSessionToken(database.db, current.token, at)).not.toBeNull();
    expect(await validateSessionToken(database.db, laptop.token, at)).toBeNull();
    expect(await validateSessionToken(database.db, phone.token, at, { kind: "bearer" })).toBeNull();

    await invalidateUserSessions(database.db, user.id);
    expect(await validateSessionToken(database.db, current.token, at)).toBeNull();
    expect(await validateSessionToken(database.db, theirs.token, at)).not.toBeNull();
  });

  it("lists the user's live sessions, most recently used first, without secrets", async () => {
    const user = await newUser();
    const other = await newUser();
    const old = await createSession(
      database.db,
      user.id,
      { userAgent: "Old laptop", ip: "198.51.100.1" },
      new Date(signIn.getTime() - 40 * day),
    );
    const laptop = await createSession(database.db, user.id, { userAgent: "Laptop" }, signIn);
    const phone = await createSession(
      database.db,
      user.id,
      { kind: "bearer", name: "Pixel", userAgent: "x".repeat(600) },
      later(day),
    );
    await createSession(database.db, other.id, {}, signIn);

    const listed = await listUserSessions(database.db, user.id, later(2 * day));
    expect(listed.map((s) => s.id)).toEqual([phone.session.id, laptop.session.id]);
    expect(listed.map((s) => s.id)).not.toContain(old.session.id);
    expect(listed[0]).toMatchObject({ kind: "bearer", name: "Pixel", ip: null });
    // A user agent is kept to a bounded length.
    expect(listed[0]?.userAgent).toHaveLength(512);
    expect(listed[1]).toMatchObject({ kind: "cookie", name: null, userAgent: "Laptop" });
    for (const entry of listed) expect(entry).not.toHaveProperty("secretHash");
  });
});
