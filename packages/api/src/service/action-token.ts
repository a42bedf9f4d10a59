// Link tokens: what a message's links carry (reset a password, accept an invitation, confirm or
// cancel an appointment, unsubscribe). Random (240 bits), stored as SHA-256 only, issued for
// one purpose and accepted only for it, single use (unsubscribe may be used again), expiring.
// Every refusal — unknown, expired, used, wrong purpose, malformed — is the same answer, so a
// token reveals nothing and a guess learns nothing.
import { generateSecureRandomString, hashSecret } from "@caredesk/auth";
import { schema, type Database } from "@caredesk/db";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { badRequest } from "../errors";

const { actionToken } = schema;

export type ActionTokenPurpose = (typeof schema.actionTokenPurpose.enumValues)[number];

export interface ActionTokenSpec {
  purpose: ActionTokenPurpose;
  expiresAt: Date;
  organizationId?: string | null;
  userId?: string | null;
  patientId?: string | null;
  appointmentId?: string | null;
  invitationId?: string | null;
  notificationId?: string | null;
  formRequestId?: string | null;
}

export type ActionTokenRow = typeof actionToken.$inferSelect;

/** The one answer for every token that cannot be used. */
export const invalidLinkMessage =
  "This link is not valid any more. It may have expired or been used already.";

const tokenFormat = /^[a-km-np-z2-9]{48}$/;

/** A new token and the row that stores it (hashed); insert the rows in one statement. */
export function newActionToken(spec: ActionTokenSpec): {
  token: string;
  row: typeof actionToken.$inferInsert;
} {
  const token = generateSecureRandomString() + generateSecureRandomString();
  return {
    token,
    row: {
      tokenHash: hashSecret(token),
      purpose: spec.purpose,
      expiresAt: spec.expiresAt,
      organizationId: spec.organizationId ?? null,
      userId: spec.userId ?? null,
      patientId: spec.patientId ?? null,
      appointmentId: spec.appointmentId ?? null,
      invitationId: spec.invitationId ?? null,
      notificationId: spec.notificationId ?? null,
      formRequestId: spec.formRequestId ?? null,
    },
  };
}

/** Issues a token (in the caller's transaction) and answers the raw value for the link. */
export async function mintActionToken(tx: Database, spec: ActionTokenSpec): Promise<string> {
  const { token, row } = newActionToken(spec);
  await tx.insert(actionToken).values(row);
  return token;
}

/** Reads a usable token without using it (to show what a link will do before it is followed). */
export async function peekActionToken(
  db: Database,
  token: string,
  purposes: readonly ActionTokenPurpose[],
  now = new Date(),
): Promise<ActionTokenRow> {
  if (!tokenFormat.test(token)) throw badRequest(invalidLinkMessage);
  const [row] = await db
    .select()
    .from(actionToken)
    .where(
      and(
        eq(actionToken.tokenHash, hashSecret(token)),
        gt(actionToken.expiresAt, now),
        isNull(actionToken.usedAt),
      ),
    )
    .limit(1);
  if (!row || !purposes.includes(row.purpose)) throw badRequest(invalidLinkMessage);
  return row;
}

/**
 * Uses a token in the caller's transaction: a guarded update, so two clicks at once cannot
 * both use it. `reusable` leaves it usable (unsubscribe links).
 */
export async function consumeActionToken(
  tx: Database,
  token: string,
  purpose: ActionTokenPurpose,
  options: { reusable?: boolean; now?: Date } = {},
): Promise<ActionTokenRow> {
  const now = options.now ?? new Date();
  if (!tokenFormat.test(token)) throw badRequest(invalidLinkMessage);
  const [row] = await tx
    .update(actionToken)
    .set({ usedAt: options.reusable ? sql`${actionToken.usedAt}` : now })
    .where(
      and(
        eq(actionToken.tokenHash, hashSecret(token)),
        eq(actionToken.purpose, purpose),
        gt(actionToken.expiresAt, now),
        isNull(actionToken.usedAt),
      ),
    )
    .returning();
  if (!row) throw badRequest(invalidLinkMessage);
  return row;
}

/** Withdraws a user's unused tokens of a purpose (a new reset link makes older ones void). */
export async function revokeActionTokens(
  tx: Database,
  userId: string,
  purpose: ActionTokenPurpose,
  now = new Date(),
): Promise<void> {
  await tx
    .update(actionToken)
    .set({ usedAt: now })
    .where(
      and(
        eq(actionToken.userId, userId),
        eq(actionToken.purpose, purpose),
        isNull(actionToken.usedAt),
      ),
    );
}
