// Invitations by email: staff invite a colleague with a role, or a patient to the portal with
// their record linked. The email's link (minted when it is sent) shows who invites to what and
// accepts: a newcomer chooses a name and password, someone with an account accepts signed in
// as it. One pending invitation per address and practice; a week to accept.
import { canManageRole, hashPassword, type Role, type SessionUser } from "@caredesk/auth";
import { schema, type Database } from "@caredesk/db";
import type { InvitationAcceptInput, InviteMemberInput } from "@caredesk/validators";
import { and, desc, eq, gt, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { badRequest, DomainError, FieldError, forbidden, notFound } from "../errors";
import type { OrgScope } from "../scope";
import {
  consumeActionToken,
  invalidLinkMessage,
  peekActionToken,
  type ActionTokenPurpose,
} from "./action-token";
import { accountLinkLifetimeMs } from "./account";
import { openSession, publicUserColumns, type AccountScope } from "./auth";
import { queueNotifications } from "./outbox";
import { getPatient } from "./patient";

const { invitation, membership, organization, patient, user, actionToken } = schema;

export type InvitationStatus = (typeof schema.invitationStatus.enumValues)[number];

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  patientId: string | null;
  /** `expired` once a pending invitation is past `expiresAt`. */
  status: InvitationStatus;
  expiresAt: Date;
  createdAt: Date;
  acceptedAt: Date | null;
  invitedByName: string | null;
}

const invitationColumns = {
  id: invitation.id,
  email: invitation.email,
  role: invitation.role,
  patientId: invitation.patientId,
  status: invitation.status,
  expiresAt: invitation.expiresAt,
  createdAt: invitation.createdAt,
  acceptedAt: invitation.acceptedAt,
  invitedByName: user.name,
};

/** What people see: a pending invitation past its date is expired, whatever the row says. */
function shown(row: Invitation, now = new Date()): Invitation {
  return row.status === "pending" && row.expiresAt <= now ? { ...row, status: "expired" } : row;
}

async function invitationInOrg(
  db: Database,
  organizationId: string,
  id: string,
  kind: "member" | "patient",
): Promise<Invitation> {
  const [row] = await db
    .select(invitationColumns)
    .from(invitation)
    .leftJoin(user, eq(user.id, invitation.invitedBy))
    .where(
      and(
        eq(invitation.organizationId, organizationId),
        eq(invitation.id, id),
        kind === "member" ? isNull(invitation.patientId) : sql`${invitation.patientId} is not null`,
      ),
    );
  if (!row) throw notFound("Invitation not found");
  return row;
}

const lowerEmail = (email: string) => eq(sql`lower(${user.email})`, email.toLowerCase());

async function accountByEmail(db: Database, email: string) {
  const [row] = await db
    .select({ id: user.id, name: user.name, email: user.email })
    .from(user)
    .where(lowerEmail(email));
  return row;
}

/** Pending invitations to this address that ran out make way for a new one. */
async function expireStale(tx: Database, organizationId: string, email: string, now: Date) {
  await tx
    .update(invitation)
    .set({ status: "expired" })
    .where(
      and(
        eq(invitation.organizationId, organizationId),
        eq(sql`lower(${invitation.email})`, email.toLowerCase()),
        eq(invitation.status, "pending"),
        lte(invitation.expiresAt, now),
      ),
    );
}

/** The links already sent for an invitation stop working (revoked, resent, accepted). */
async function voidLinks(tx: Database, invitationId: string, now: Date) {
  await tx
    .update(actionToken)
    .set({ usedAt: now })
    .where(and(eq(actionToken.invitationId, invitationId), isNull(actionToken.usedAt)));
}

type Inviter = Pick<OrgScope, "org" | "user" | "mutate" | "membership">;

async function queueInvitationEmail(
  tx: Database,
  ctx: Pick<OrgScope, "org" | "user">,
  row: { id: string; email: string; role: Role; patientId: string | null },
  recipientName: string | null,
) {
  const account = await accountByEmail(tx, row.email);
  await queueNotifications(tx, [
    {
      organizationId: ctx.org.id,
      kind: row.patientId ? "patient_invitation" : "member_invitation",
      channel: "email",
      userId: account?.id ?? null,
      patientId: row.patientId,
      recipient: row.email,
      payload: {
        recipientName: recipientName ?? account?.name ?? null,
        organizationName: ctx.org.name,
        role: row.role,
        inviterName: ctx.user.name,
        invitationId: row.id,
      },
    },
  ]);
}

async function insertInvitation(
  tx: Database,
  ctx: Pick<OrgScope, "org" | "user">,
  values: { email: string; role: Role; patientId: string | null },
  now: Date,
): Promise<Invitation> {
  await expireStale(tx, ctx.org.id, values.email, now);
  // A second pending invitation to the address trips invitation_org_email_pending_key (409).
  const [created] = await tx
    .insert(invitation)
    .values({
      organizationId: ctx.org.id,
      email: values.email,
      role: values.role,
      patientId: values.patientId,
      invitedBy: ctx.user.id,
      expiresAt: new Date(now.getTime() + accountLinkLifetimeMs.invitation),
    })
    .returning({ id: invitation.id });
  if (!created) throw new Error("invitation insert returned nothing");
  return invitationInOrg(tx, ctx.org.id, created.id, values.patientId ? "patient" : "member");
}

/** Invites a colleague by email with a role they may be given by the inviter. */
export function inviteMember(ctx: Inviter, input: InviteMemberInput): Promise<Invitation> {
  const now = new Date();
  return ctx.mutate(async (tx, audit) => {
    if (!canManageRole(ctx.membership.role, input.role)) {
      throw forbidden("Only an owner can grant or change the owner role");
    }
    const [member] = await tx
      .select({ id: membership.id })
      .from(membership)
      .innerJoin(user, eq(user.id, membership.userId))
      .where(and(eq(membership.organizationId, ctx.org.id), lowerEmail(input.email)));
    if (member) {
      throw new FieldError("CONFLICT", { email: ["This person is already a member"] });
    }
    const created = await insertInvitation(
      tx,
      ctx,
      { email: input.email, role: input.role, patientId: null },
      now,
    );
    await queueInvitationEmail(tx, ctx, created, null);
    audit({ entityType: "invitation", entityId: created.id, after: created });
    return created;
  });
}

/** Member invitations still pending, and those of the last 30 days (newest first). */
export async function listInvitations(
  db: Database,
  organizationId: string,
): Promise<{ items: Invitation[] }> {
  const since = new Date(Date.now() - 30 * 24 * 60 * 60 * 1000);
  const rows = await db
    .select(invitationColumns)
    .from(invitation)
    .leftJoin(user, eq(user.id, invitation.invitedBy))
    .where(
      and(
        eq(invitation.organizationId, organizationId),
        isNull(invitation.patientId),
        or(eq(invitation.status, "pending"), gt(invitation.createdAt, since)),
      ),
    )
    .orderBy(desc(invitation.createdAt), desc(invitation.id))
    .limit(100);
  const now = new Date();
  return { items: rows.map((row) => shown(row, now)) };
}

/** Withdraws a pending member invitation: its links stop working. */
export function revokeInvitation(ctx: Inviter, invitationId: string): Promise<Invitation> {
  const now = new Date();
  return ctx.mutate(async (tx, audit) => {
    const before = await invitationInOrg(tx, ctx.org.id, invitationId, "member");
    if (!canManageRole(ctx.membership.role, before.role)) {
      throw forbidden("Only an owner can grant or change the owner role");
    }
    const [revoked] = await tx
      .update(invitation)
      .set({ status: "revoked" })
      .where(
        and(
          eq(invitation.organizationId, ctx.org.id),
          eq(invitation.id, invitationId),
          eq(invitation.status, "pending"),
        ),
      )
      .returning({ id: invitation.id });
    if (!revoked) {
      throw new DomainError("PRECONDITION_FAILED", "This invitation is no longer pending");
    }
    await voidLinks(tx, invitationId, now);
    const after = await invitationInOrg(tx, ctx.org.id, invitationId, "member");
    audit({ entityType: "invitation", entityId: invitationId, before, after });
    return after;
  });
}

/** Sends a pending (or lapsed) invitation again, for another week; earlier links stop working. */
export function resendInvitation(ctx: Inviter, invitationId: string): Promise<Invitation> {
  const now = new Date();
  return ctx.mutate(async (tx, audit) => {
    const before = await invitationInOrg(tx, ctx.org.id, invitationId, "member");
    if (!canManageRole(ctx.membership.role, before.role)) {
      throw forbidden("Only an owner can grant or change the owner role");
    }
    const [resent] = await tx
      .update(invitation)
      .set({
        status: "pending",
        expiresAt: new Date(now.getTime() + accountLinkLifetimeMs.invitation),
      })
      .where(
        and(
          eq(invitation.organizationId, ctx.org.id),
          eq(invitation.id, invitationId),
          // A lapsed one comes back, unless a newer one to the address is pending (409).
          inArray(invitation.status, ["pending", "expired"]),
        ),
      )
      .returning({ id: invitation.id });
    if (!resent) {
      throw new DomainError(
        "PRECONDITION_FAILED",
        "This invitation was accepted or withdrawn. Invite them again instead.",
      );
    }
    await voidLinks(tx, invitationId, now);
    const after = await invitationInOrg(tx, ctx.org.id, invitationId, "member");
    await queueInvitationEmail(tx, ctx, after, null);
    audit({ entityType: "invitation", entityId: invitationId, before, after });
    return after;
  });
}

/**
 * Invites a patient to the portal at the email on their record; accepting links the account to
 * the record. A new invitation replaces one still pending for the same patient.
 */
export function invitePatient(
  ctx: Pick<OrgScope, "org" | "user" | "mutate">,
  patientId: string,
): Promise<Invitation> {
  const now = new Date();
  return ctx.mutate(async (tx, audit) => {
    const record = await getPatient(tx, ctx.org.id, patientId);
    if (!record.email) {
      throw new FieldError("BAD_REQUEST", {
        email: ["Add the patient's email address to their record first"],
      });
    }
    const replaced = await tx
      .update(invitation)
      .set({ status: "revoked" })
      .where(
        and(
          eq(invitation.organizationId, ctx.org.id),
          eq(invitation.patientId, patientId),
          eq(invitation.status, "pending"),
        ),
      )
      .returning({ id: invitation.id });
    for (const old of replaced) await voidLinks(tx, old.id, now);
    const created = await insertInvitation(
      tx,
      ctx,
      { email: record.email, role: "patient", patientId },
      now,
    );
    await queueInvitationEmail(tx, ctx, created, `${record.firstName} ${record.lastName}`);
    audit({ entityType: "invitation", entityId: created.id, after: created });
    return created;
  });
}

// ---------------------------------------------------------------------------------------------
// Following the link

const invitationPurposes: readonly ActionTokenPurpose[] = [
  "member_invitation",
  "patient_invitation",
];

interface OpenInvitation {
  id: string;
  organizationId: string;
  organizationName: string;
  email: string;
  role: Role;
  patientId: string | null;
  purpose: ActionTokenPurpose;
  hasAccount: boolean;
}

/** The pending invitation a link is for, or the one answer for every link that cannot work. */
async function openInvitation(db: Database, token: string): Promise<OpenInvitation> {
  const link = await peekActionToken(db, token, invitationPurposes);
  if (!link.invitationId) throw badRequest(invalidLinkMessage);
  const [row] = await db
    .select({
      id: invitation.id,
      organizationId: invitation.organizationId,
      organizationName: organization.name,
      email: invitation.email,
      role: invitation.role,
      patientId: invitation.patientId,
    })
    .from(invitation)
    .innerJoin(organization, eq(organization.id, invitation.organizationId))
    .where(
      and(
        eq(invitation.id, link.invitationId),
        eq(invitation.status, "pending"),
        gt(invitation.expiresAt, new Date()),
      ),
    );
  if (!row) throw badRequest(invalidLinkMessage);
  const account = await accountByEmail(db, row.email);
  return { ...row, purpose: link.purpose, hasAccount: Boolean(account) };
}

/** Who invites to what, without using the link. */
export async function peekInvitation(db: Database, token: string) {
  const open = await openInvitation(db, token);
  return {
    organizationName: open.organizationName,
    role: open.role,
    email: open.email,
    hasAccount: open.hasAccount,
    kind: open.patientId ? ("patient" as const) : ("member" as const),
  };
}

export type InvitationAcceptScope = AccountScope & { user: SessionUser | null };

/**
 * Accepts an invitation. Without an account at the address, one is made (with the name and
 * password given, the address confirmed) and signed in here; with one, the caller must be
 * signed in as it. Either way they join the practice with the invited role, and a patient's
 * record is linked to the account.
 */
export async function acceptInvitation(
  ctx: InvitationAcceptScope,
  input: InvitationAcceptInput,
): Promise<{ organizationId: string; organizationName: string; role: Role }> {
  const open = await openInvitation(ctx.db, input.token);
  // Refusals that need no transaction come first, so the link stays usable after them.
  let passwordHash: string | null = null;
  if (open.hasAccount) {
    if (ctx.user?.email.toLowerCase() !== open.email.toLowerCase()) {
      throw new DomainError("UNAUTHORIZED", `Sign in as ${open.email} to accept`);
    }
  } else {
    const missing: Record<string, string[]> = {};
    if (!input.name) missing.name = ["Enter your name"];
    if (!input.password) missing.password = ["Choose a password"];
    if (Object.keys(missing).length > 0 || !input.password) {
      throw new FieldError("BAD_REQUEST", missing);
    }
    passwordHash = await hashPassword(input.password);
  }

  const result = await ctx.mutate(async (tx, audit) => {
    const now = new Date();
    const link = await consumeActionToken(tx, input.token, open.purpose, { now });
    const [pending] = await tx
      .select({ id: invitation.id })
      .from(invitation)
      .where(
        and(
          eq(invitation.id, open.id),
          link.invitationId ? eq(invitation.id, link.invitationId) : sql`false`,
          eq(invitation.status, "pending"),
          gt(invitation.expiresAt, now),
        ),
      )
      .for("update");
    if (!pending) throw badRequest(invalidLinkMessage);

    let accountId: string;
    let opened: Awaited<ReturnType<typeof openSession>> | null = null;
    if (passwordHash !== null) {
      // The address had no account a moment ago; one made meanwhile conflicts on its email.
      const [created] = await tx
        .insert(user)
        .values({
          email: open.email,
          name: input.name ?? open.email,
          passwordHash,
          emailVerifiedAt: now,
        })
        .returning(publicUserColumns);
      if (!created) throw new Error("user insert returned nothing");
      accountId = created.id;
      opened = await openSession(tx, created.id, ctx);
    } else {
      if (!ctx.user) throw new DomainError("UNAUTHORIZED", `Sign in as ${open.email} to accept`);
      accountId = ctx.user.id;
      await tx
        .update(user)
        .set({ emailVerifiedAt: sql`coalesce(${user.emailVerifiedAt}, now())` })
        .where(eq(user.id, accountId));
    }

    const [existing] = await tx
      .select({ role: membership.role })
      .from(membership)
      .where(
        and(eq(membership.organizationId, open.organizationId), eq(membership.userId, accountId)),
      );
    if (open.patientId) {
      if (existing && existing.role !== "patient") {
        throw new DomainError(
          "CONFLICT",
          "This account belongs to a member of staff here and cannot be a patient login.",
        );
      }
      const [linked] = await tx
        .update(patient)
        .set({ userId: accountId })
        .where(
          and(
            eq(patient.organizationId, open.organizationId),
            eq(patient.id, open.patientId),
            or(isNull(patient.userId), eq(patient.userId, accountId)),
          ),
        )
        .returning({ id: patient.id });
      if (!linked) {
        throw new DomainError(
          "CONFLICT",
          "This patient record is already linked to another account. Ask the practice for help.",
        );
      }
    }
    // Someone who is already a member keeps the role they have.
    const role = existing?.role ?? open.role;
    if (!existing) {
      await tx
        .insert(membership)
        .values({ organizationId: open.organizationId, userId: accountId, role });
    }
    await tx
      .update(invitation)
      .set({ status: "accepted", acceptedUserId: accountId, acceptedAt: now })
      .where(eq(invitation.id, open.id));
    await voidLinks(tx, open.id, now);
    audit({
      organizationId: open.organizationId,
      actorUserId: accountId,
      entityType: "invitation",
      entityId: open.id,
      after: { status: "accepted", role, accountCreated: opened !== null },
    });
    return { opened, role };
  });
  if (result.opened) ctx.cookies.set(result.opened.token, result.opened.session.expiresAt);
  return {
    organizationId: open.organizationId,
    organizationName: open.organizationName,
    role: result.role,
  };
}
