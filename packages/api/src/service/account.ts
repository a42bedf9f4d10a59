// What account emails lead to: choosing a new password from a reset link, and confirming an
// address. Requests answer the same whether or not an account uses the address; every link
// that cannot be used answers the one message of action-token.ts and changes nothing.
import { hashPassword, invalidateUserSessions } from "@caredesk/auth";
import { schema, type Database } from "@caredesk/db";
import type {
  LinkTokenInput,
  RequestPasswordResetInput,
  ResetPasswordInput,
} from "@caredesk/validators";
import { eq, sql } from "drizzle-orm";
import { badRequest } from "../errors";
import {
  consumeActionToken,
  invalidLinkMessage,
  peekActionToken,
  revokeActionTokens,
} from "./action-token";
import {
  findUserByEmail,
  publicUserColumns,
  type AccountScope,
  type OwnAccountScope,
  type PublicUser,
} from "./auth";
import { queueNotifications } from "./outbox";

const { user } = schema;

const hour = 60 * 60 * 1000;

/** How long each account link works, counted from when its email is sent. */
export const accountLinkLifetimeMs = {
  password_reset: hour,
  email_verification: 24 * hour,
  /** Invitations: until the invitation's own `expiresAt` (7 days after it was sent). */
  invitation: 7 * 24 * hour,
} as const;

/** Keeps the first confirmation instant; a later proof changes nothing. */
const verifiedNow = sql`coalesce(${user.emailVerifiedAt}, now())`;

/**
 * Queues a reset link for the account using `email`, if there is one, and makes its older
 * links void. Unknown addresses get the same answer and nothing is sent.
 */
export async function requestPasswordReset(
  ctx: Pick<AccountScope, "db" | "mutate">,
  input: RequestPasswordResetInput,
): Promise<{ ok: true }> {
  const account = await findUserByEmail(ctx.db, input.email);
  await ctx.mutate(async (tx, audit) => {
    if (!account) {
      // The request is on record either way; who it was for is not, since there is nobody.
      audit({});
      return;
    }
    await revokeActionTokens(tx, account.id, "password_reset");
    await queueNotifications(tx, [
      {
        organizationId: null,
        kind: "password_reset",
        channel: "email",
        userId: account.id,
        recipient: account.email,
        payload: { recipientName: account.name },
      },
    ]);
    audit({ entityType: "user", entityId: account.id });
  });
  return { ok: true };
}

/**
 * Sets a new password from a reset link: the link is used up, every session of the account
 * ends (whoever knew the old password is signed out), and the address counts as confirmed,
 * since the link reached its owner. The person then signs in with the new password.
 */
export async function resetPassword(
  ctx: Pick<AccountScope, "db" | "mutate">,
  input: ResetPasswordInput,
  now = new Date(),
): Promise<{ ok: true }> {
  // A link that cannot work is refused before argon2 spends its time on the password.
  await peekActionToken(ctx.db, input.token, ["password_reset"], now);
  const passwordHash = await hashPassword(input.password);
  await ctx.mutate(async (tx, audit) => {
    const link = await consumeActionToken(tx, input.token, "password_reset", { now });
    if (!link.userId) throw badRequest(invalidLinkMessage);
    const [changed] = await tx
      .update(user)
      .set({ passwordHash, emailVerifiedAt: verifiedNow })
      .where(eq(user.id, link.userId))
      .returning({ id: user.id });
    if (!changed) throw badRequest(invalidLinkMessage);
    await invalidateUserSessions(tx, changed.id);
    await revokeActionTokens(tx, changed.id, "password_reset", now);
    audit({ actorUserId: changed.id, entityType: "user", entityId: changed.id });
  });
  return { ok: true };
}

/**
 * Confirms the address from a verification link and signs its owner in here (the cookie, as
 * sign-in sets it): they have just shown they read its mail.
 */
export async function verifyEmail(
  ctx: AccountScope,
  input: LinkTokenInput,
): Promise<{ user: PublicUser }> {
  // Confirms the address only: it does not sign anyone in. Whoever signed up with this address
  // may not be its owner; the owner proves the password by signing in, or sets their own with
  // a reset (which ends every session), so an account made in their name is never handed over.
  return ctx.mutate(async (tx, audit) => {
    const link = await consumeActionToken(tx, input.token, "email_verification");
    if (!link.userId) throw badRequest(invalidLinkMessage);
    const [verified] = await tx
      .update(user)
      .set({ emailVerifiedAt: verifiedNow })
      .where(eq(user.id, link.userId))
      .returning(publicUserColumns);
    if (!verified) throw badRequest(invalidLinkMessage);
    await revokeActionTokens(tx, verified.id, "email_verification");
    audit({
      actorUserId: verified.id,
      entityType: "user",
      entityId: verified.id,
      after: { emailVerified: true },
    });
    return { user: verified };
  });
}

/** Whether the signed-in account has confirmed its address (the app's "verify" banner). */
export async function emailStatus(
  db: Database,
  userId: string,
): Promise<{ email: string; verified: boolean }> {
  const [row] = await db
    .select({ email: user.email, verifiedAt: user.emailVerifiedAt })
    .from(user)
    .where(eq(user.id, userId));
  return { email: row?.email ?? "", verified: Boolean(row?.verifiedAt) };
}

/** Sends a new confirmation link (older ones stop working); a confirmed address gets none. */
export async function resendVerification(
  ctx: Pick<OwnAccountScope, "db" | "mutate" | "user">,
): Promise<{ ok: true; alreadyVerified: boolean }> {
  return ctx.mutate(async (tx, audit) => {
    audit({ entityType: "user", entityId: ctx.user.id });
    const [row] = await tx
      .select({ email: user.email, name: user.name, verifiedAt: user.emailVerifiedAt })
      .from(user)
      .where(eq(user.id, ctx.user.id));
    if (!row || row.verifiedAt) return { ok: true as const, alreadyVerified: true };
    await revokeActionTokens(tx, ctx.user.id, "email_verification");
    await queueNotifications(tx, [
      {
        organizationId: null,
        kind: "email_verification",
        channel: "email",
        userId: ctx.user.id,
        recipient: row.email,
        payload: { recipientName: row.name },
      },
    ]);
    return { ok: true as const, alreadyVerified: false };
  });
}
