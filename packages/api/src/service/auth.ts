// Accounts: sign-up, sign-in (cookie or bearer token), sessions, password change. Secrets
// never leave this module, except the token a client signs in for, handed to it once.
import { createHash } from "node:crypto";
import {
  burnPasswordCheck,
  createSession,
  hashPassword,
  invalidateSession,
  invalidateUserSessions,
  isUsablePasswordHash,
  listUserSessions,
  revokeUserSession,
  verifyPassword,
  type SessionKind,
} from "@caredesk/auth";
import { schema, type Database } from "@caredesk/db";
import type {
  ChangePasswordInput,
  SignInInput,
  SignUpInput,
  TokenIssueInput,
} from "@caredesk/validators";
import { eq, sql } from "drizzle-orm";
import type { SessionCookieWriter } from "../context";
import { DomainError, FieldError, notFound, RetryLaterError } from "../errors";
import type { RequestScope } from "../scope";
import { queueNotifications } from "./outbox";

export interface PublicUser {
  id: string;
  email: string;
  name: string;
  isPlatformAdmin: boolean;
}

/** A request as the account procedures see it: they may set or clear the session cookie. */
export type AccountScope = Pick<RequestScope, "db" | "mutate" | "ip" | "userAgent"> & {
  cookies: SessionCookieWriter;
};

/** A signed-in request acting on its own account. */
export type OwnAccountScope = AccountScope & {
  user: { id: string };
  session: { id: string };
};

export const publicUserColumns = {
  id: schema.user.id,
  email: schema.user.email,
  name: schema.user.name,
  isPlatformAdmin: schema.user.isPlatformAdmin,
};

export async function findUserByEmail(db: Database, email: string) {
  const [row] = await db
    .select({ ...publicUserColumns, passwordHash: schema.user.passwordHash })
    .from(schema.user)
    .where(eq(sql`lower(${schema.user.email})`, email.toLowerCase()));
  return row;
}

const invalidCredentials = () => new DomainError("UNAUTHORIZED", "Email or password is incorrect");

// ---------------------------------------------------------------------------------------------
// Per-account back-off for failed sign-ins (the per-address rate limit is in rate-limit.ts)

/** Failures in a row before the account waits, and the first and longest waits, in seconds. */
export const signInBackoff = { freeFailures: 4, firstWaitSeconds: 30, maxWaitSeconds: 900 };

const { signInThrottle } = schema;

/** Unknown accounts are throttled like real ones, and what was typed is not stored. */
const accountHash = (email: string) =>
  createHash("sha256").update(email.trim().toLowerCase()).digest("hex");

/** Refuses while the account is waiting out its back-off. */
async function assertNotThrottled(db: Database, hash: string, now: Date) {
  const [row] = await db
    .select({ blockedUntil: signInThrottle.blockedUntil })
    .from(signInThrottle)
    .where(eq(signInThrottle.accountHash, hash));
  const until = row?.blockedUntil;
  if (until && until > now) {
    const seconds = Math.ceil((until.getTime() - now.getTime()) / 1000);
    throw new RetryLaterError(
      "TOO_MANY_REQUESTS",
      `Too many failed sign-ins for this account. Try again in ${
        seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`
      }.`,
      seconds,
    );
  }
}

/**
 * Counts a failure in one statement (concurrent failures all count): from the fifth in a row
 * the account waits 30 s, doubling with each further failure up to 15 minutes. A day without
 * failures starts the count again.
 */
async function recordFailure(db: Database, hash: string) {
  const { freeFailures, firstWaitSeconds, maxWaitSeconds } = signInBackoff;
  const failures = sql`case when ${signInThrottle.lastFailureAt} < now() - interval '1 day' then 1 else ${signInThrottle.failures} + 1 end`;
  const wait = (count: typeof failures) =>
    sql`case when ${count} > ${freeFailures} then now() + least(${maxWaitSeconds}, ${firstWaitSeconds} * power(2, ${count} - ${freeFailures + 1})) * interval '1 second' end`;
  await db
    .insert(signInThrottle)
    .values({ accountHash: hash, failures: 1, lastFailureAt: sql`now()`, blockedUntil: null })
    .onConflictDoUpdate({
      target: signInThrottle.accountHash,
      set: { failures, blockedUntil: wait(failures), lastFailureAt: sql`now()` },
    });
}

/**
 * Checks credentials. Unknown email and wrong password take the same path through argon2
 * and fail with the same error, so neither the answer nor its timing tells them apart.
 */
export async function checkCredentials(
  db: Database,
  input: Pick<SignInInput, "email" | "password">,
): Promise<PublicUser> {
  const hash = accountHash(input.email);
  await assertNotThrottled(db, hash, new Date());
  const found = await findUserByEmail(db, input.email);
  // An account made through a sign-in provider has no password: it fails like a wrong one.
  const ok =
    found && isUsablePasswordHash(found.passwordHash)
      ? await verifyPassword(found.passwordHash, input.password)
      : await burnPasswordCheck(input.password).then(() => false);
  if (!found || !ok) {
    await recordFailure(db, hash);
    throw invalidCredentials();
  }
  await db.delete(signInThrottle).where(eq(signInThrottle.accountHash, hash));
  const { passwordHash: _hash, ...user } = found;
  return user;
}

// ---------------------------------------------------------------------------------------------
// The account procedures

export function openSession(
  tx: Database,
  userId: string,
  ctx: Pick<RequestScope, "ip" | "userAgent">,
  kind: SessionKind = "cookie",
  name: string | null = null,
) {
  return createSession(tx, userId, { ip: ctx.ip, userAgent: ctx.userAgent, kind, name });
}

/**
 * Signs up without telling anyone whether the email already has an account: a new address gets
 * an account (unverified) and a link to confirm it, a known one an email telling its owner
 * they already have an account, and both answer "check your email". No session is opened; the
 * confirmation link confirms the address (auth.verifyEmail); they sign in with the password.
 */
export async function signUp(
  ctx: AccountScope,
  input: SignUpInput,
): Promise<{ status: "check-email" }> {
  // Hashed before the transaction, and for known addresses too, so the answer takes as long
  // either way: argon2 is slow on purpose and must not hold a connection.
  const passwordHash = await hashPassword(input.password);
  await ctx.mutate(async (tx, audit) => {
    // A known address (whatever its case) conflicts on the unique lower(email) index.
    const [created] = await tx
      .insert(schema.user)
      .values({ email: input.email, name: input.name, passwordHash })
      .onConflictDoNothing()
      .returning(publicUserColumns);
    if (created) {
      await queueNotifications(tx, [
        {
          organizationId: null,
          kind: "email_verification",
          channel: "email",
          userId: created.id,
          recipient: created.email,
          payload: { recipientName: created.name },
        },
      ]);
      audit({
        actorUserId: created.id,
        entityType: "user",
        entityId: created.id,
        after: { email: created.email, name: created.name },
      });
      return;
    }
    const owner = await findUserByEmail(tx, input.email);
    if (owner) {
      await queueNotifications(tx, [
        {
          organizationId: null,
          kind: "account_exists",
          channel: "email",
          userId: owner.id,
          recipient: owner.email,
          payload: { recipientName: owner.name },
        },
      ]);
    }
    // What was asked is on record (not the password); the account itself is left as it was.
    audit({ entityType: "user", ...(owner ? { entityId: owner.id } : {}) });
  });
  return { status: "check-email" };
}

/** Signs in: a session whose token only ever travels in the cookie set here. */
export async function signIn(ctx: AccountScope, input: SignInInput) {
  const user = await checkCredentials(ctx.db, input);
  const { token, session } = await ctx.mutate(async (tx, audit) => {
    audit({ actorUserId: user.id, entityType: "user", entityId: user.id });
    return openSession(tx, user.id, ctx);
  });
  ctx.cookies.set(token, session.expiresAt);
  return { user };
}

/**
 * Signs a device in (mobile apps, partners): the token is answered once, to be sent as
 * `Authorization: Bearer`, and the session is listed under the account's devices by name.
 */
export async function issueToken(ctx: AccountScope, input: TokenIssueInput) {
  const user = await checkCredentials(ctx.db, input);
  const { token, session } = await ctx.mutate(async (tx, audit) => {
    const opened = await openSession(tx, user.id, ctx, "bearer", input.deviceName);
    audit({
      actorUserId: user.id,
      entityType: "session",
      entityId: opened.session.id,
      after: { kind: "bearer", name: input.deviceName },
    });
    return opened;
  });
  return { token, tokenType: "Bearer" as const, expiresAt: session.expiresAt, user };
}

export async function signOut(ctx: OwnAccountScope) {
  await ctx.mutate(async (tx, audit) => {
    audit({ entityType: "session", entityId: ctx.session.id });
    await invalidateSession(tx, ctx.session.id);
  });
  ctx.cookies.clear();
  return { ok: true as const };
}

/** The account's signed-in browsers and devices, this one marked. */
export async function listSessions(ctx: Pick<OwnAccountScope, "db" | "user" | "session">) {
  const rows = await listUserSessions(ctx.db, ctx.user.id);
  return rows.map((row) => ({ ...row, current: row.id === ctx.session.id }));
}

export async function revokeSession(ctx: OwnAccountScope, sessionId: string) {
  await ctx.mutate(async (tx, audit) => {
    // Someone else's session id answers exactly like a missing one.
    if (!(await revokeUserSession(tx, ctx.user.id, sessionId))) {
      throw notFound("Session not found");
    }
    audit({ entityType: "session", entityId: sessionId });
  });
  if (sessionId === ctx.session.id) ctx.cookies.clear();
  return { ok: true as const };
}

/** Every session ends; this device gets a fresh one so the user stays signed in here. */
export async function changePassword(ctx: OwnAccountScope, input: ChangePasswordInput) {
  const [row] = await ctx.db
    .select({ passwordHash: schema.user.passwordHash })
    .from(schema.user)
    .where(eq(schema.user.id, ctx.user.id));
  if (!row || !(await verifyPassword(row.passwordHash, input.currentPassword))) {
    throw new FieldError("BAD_REQUEST", { currentPassword: ["Current password is incorrect"] });
  }
  const passwordHash = await hashPassword(input.newPassword);
  const { token, session } = await ctx.mutate(async (tx, audit) => {
    audit({ entityType: "user", entityId: ctx.user.id });
    await tx.update(schema.user).set({ passwordHash }).where(eq(schema.user.id, ctx.user.id));
    await invalidateUserSessions(tx, ctx.user.id);
    return openSession(tx, ctx.user.id, ctx);
  });
  ctx.cookies.set(token, session.expiresAt);
  return { ok: true as const };
}
