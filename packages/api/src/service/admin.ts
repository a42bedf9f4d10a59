// Platform-operator views across all organizations (the admin app), and what operators do to a
// practice or a user: suspend and restore, switch features, grant the operator flag, end
// sessions, resend a confirmation link. Every change is audited with its before and after.
import { queryRows, schema, type Database } from "@caredesk/db";
import type {
  AdminOrganizationInput,
  AdminSetFeaturesInput,
  AdminSetOperatorInput,
  AdminSuspendInput,
  AdminUserInput,
} from "@caredesk/validators";
import { and, asc, desc, eq, ilike, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import { auditChange, type Mutate } from "../audit";
import { conflict, FieldError, notFound } from "../errors";
import type { RequestScope } from "../scope";
import { resendVerification } from "./account";
import { recordHistory } from "./admin-records";
import { decodeCursor, likePattern, olderThanCursor, toPage } from "./pagination";
import { organizationColumns } from "./organization";
import { planActive, planInGoodStanding } from "./site";

const {
  organization,
  membership,
  user,
  session,
  subscription,
  practiceSite,
  patient,
  appointment,
  file,
  notification,
} = schema;

interface ListInput {
  search?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

export async function adminListOrganizations(db: Database, input: ListInput) {
  const cursor = decodeCursor(input.cursor);
  const search = input.search ? likePattern(input.search) : null;
  const rows = await db
    .select({
      ...organizationColumns,
      suspendedAt: organization.suspendedAt,
      memberCount: sql<number>`(select count(*)::int from ${membership} where ${membership}.organization_id = ${organization}.id)`,
    })
    .from(organization)
    .where(
      and(
        search ? or(ilike(organization.name, search), ilike(organization.slug, search)) : undefined,
        olderThanCursor(cursor, organization, organization.createdAt, organization.id),
      ),
    )
    .orderBy(desc(organization.createdAt), desc(organization.id))
    .limit(input.limit + 1);
  return toPage(rows, input.limit, (r) => [r.id]);
}

export async function adminListUsers(db: Database, input: ListInput) {
  const cursor = decodeCursor(input.cursor);
  const search = input.search ? likePattern(input.search) : null;
  const rows = await db
    .select({
      id: user.id,
      email: user.email,
      name: user.name,
      isPlatformAdmin: user.isPlatformAdmin,
      createdAt: user.createdAt,
      organizationCount: sql<number>`(select count(*)::int from ${membership} where ${membership}.user_id = ${user}.id)`,
    })
    .from(user)
    .where(
      and(
        search ? or(ilike(user.email, search), ilike(user.name, search)) : undefined,
        olderThanCursor(cursor, user, user.createdAt, user.id),
      ),
    )
    .orderBy(desc(user.createdAt), desc(user.id))
    .limit(input.limit + 1);
  return toPage(rows, input.limit, (r) => [r.id]);
}

// ---------------------------------------------------------------------------------------------
// One practice: its profile, plan, features, members and usage; suspending and restoring it.

/** `mutate` whose audit rows name `organizationId`, so the practice's own audit log shows them. */
export function inOrganization(mutate: Mutate, organizationId: string): Mutate {
  return (change) =>
    mutate((tx, audit) => change(tx, (entry) => audit({ organizationId, ...entry })));
}

export type PlanStanding = "active" | "grace" | "lapsed" | "none";

/** Paid up, within its grace days, past them, or never paid. */
export function planStanding(
  plan: { paidUntil: Date | null; graceDays: number } | null,
  now = new Date(),
): PlanStanding {
  if (!plan?.paidUntil) return "none";
  if (planActive(plan, now)) return "active";
  return planInGoodStanding(plan, now) ? "grace" : "lapsed";
}

const dayMs = 86_400_000;

export async function adminOrganization(db: Database, organizationId: string) {
  const [row] = await db
    .select({
      ...organizationColumns,
      suspendedAt: organization.suspendedAt,
      suspensionReason: organization.suspensionReason,
      plan: {
        features: subscription.features,
        interval: subscription.interval,
        currency: subscription.currency,
        amountMinor: subscription.amountMinor,
        paidUntil: subscription.paidUntil,
        graceDays: subscription.graceDays,
      },
      site: { publishedAt: practiceSite.publishedAt, customDomain: practiceSite.customDomain },
    })
    .from(organization)
    .leftJoin(subscription, eq(subscription.organizationId, organization.id))
    .leftJoin(practiceSite, eq(practiceSite.organizationId, organization.id))
    .where(eq(organization.id, organizationId));
  if (!row) throw notFound("Organization not found");
  const since = new Date(Date.now() - 30 * dayMs);
  const [members, [usage], history] = await Promise.all([
    db
      .select({
        membershipId: membership.id,
        userId: user.id,
        name: user.name,
        email: user.email,
        role: membership.role,
      })
      .from(membership)
      .innerJoin(user, eq(user.id, membership.userId))
      .where(eq(membership.organizationId, organizationId))
      .orderBy(asc(membership.role), asc(user.name))
      .limit(200),
    queryRows<{
      patients: number;
      appointments30d: number;
      staff: number;
      storageBytes: number;
      messagesSent: number;
    }>(
      db,
      sql`select
        (select count(*)::int from ${patient} where ${patient.organizationId} = ${organizationId}) as "patients",
        (select count(*)::int from ${appointment} where ${appointment.organizationId} = ${organizationId}
            and ${appointment.startsAt} >= ${since.toISOString()}::timestamptz and ${appointment.startsAt} < now()
            and ${appointment.status} not in ('held', 'cancelled')) as "appointments30d",
        (select count(*)::int from ${membership} where ${membership.organizationId} = ${organizationId}
            and ${membership.role} <> 'patient') as "staff",
        (select coalesce(sum(${file.sizeBytes}), 0)::bigint from ${file} where ${file.organizationId} = ${organizationId}) as "storageBytes",
        (select count(*)::int from ${notification} where ${notification.organizationId} = ${organizationId}
            and ${notification.status} = 'sent') as "messagesSent"`,
    ),
    // The practice record's own history (suspensions, features, profile), newest first: the
    // record browser's history of it, secrets taken out.
    recordHistory(db, { table: "organization", id: organizationId, limit: 20 }).then((page) =>
      page.items.map((entry) => ({
        id: entry.id,
        action: entry.action,
        actorName: entry.actor?.name ?? null,
        before: entry.before,
        after: entry.after,
        createdAt: entry.createdAt,
      })),
    ),
  ]);
  const plan = row.plan?.currency ? row.plan : null;
  return {
    ...row,
    plan: plan ? { ...plan, standing: planStanding(plan) } : null,
    members,
    history,
    usage: {
      patients: Number(usage?.patients ?? 0),
      appointments30d: Number(usage?.appointments30d ?? 0),
      staff: Number(usage?.staff ?? 0),
      storageBytes: Number(usage?.storageBytes ?? 0),
      messagesSent: Number(usage?.messagesSent ?? 0),
    },
  };
}

const suspensionColumns = {
  id: organization.id,
  suspendedAt: organization.suspendedAt,
  suspensionReason: organization.suspensionReason,
};

async function suspensionOf(tx: Database, organizationId: string) {
  const [row] = await tx
    .select(suspensionColumns)
    .from(organization)
    .where(eq(organization.id, organizationId))
    .for("update");
  if (!row) throw notFound("Organization not found");
  return row;
}

/**
 * Suspends a practice: its staff and patients are refused everything but the notice saying
 * why, and its site goes offline. Nothing is deleted. CONFLICT when it already is suspended.
 */
export function suspendOrganization(ctx: Pick<RequestScope, "mutate">, input: AdminSuspendInput) {
  return changeSuspension(
    ctx,
    input.organizationId,
    { suspendedAt: new Date(), suspensionReason: input.reason },
    isNull(organization.suspendedAt),
    "This practice is already suspended",
  );
}

/** Lifts a suspension: everything works again. CONFLICT when the practice is not suspended. */
export function restoreOrganization(
  ctx: Pick<RequestScope, "mutate">,
  input: AdminOrganizationInput,
) {
  return changeSuspension(
    ctx,
    input.organizationId,
    { suspendedAt: null, suspensionReason: null },
    isNotNull(organization.suspendedAt),
    "This practice is not suspended",
  );
}

/**
 * Sets a practice's suspension where it is in the state the change starts from (`from`), with
 * its audit row; CONFLICT with `conflictMessage` when it is not.
 */
function changeSuspension(
  ctx: Pick<RequestScope, "mutate">,
  organizationId: string,
  set: { suspendedAt: Date | null; suspensionReason: string | null },
  from: SQL,
  conflictMessage: string,
) {
  return auditChange(inOrganization(ctx.mutate, organizationId), "organization", async (tx) => {
    const before = await suspensionOf(tx, organizationId);
    const [after] = await tx
      .update(organization)
      .set({ ...set, updatedAt: new Date() })
      .where(and(eq(organization.id, organizationId), from))
      .returning(suspensionColumns);
    if (!after) throw conflict(conflictMessage);
    return { before, after };
  });
}

/** Switches a practice's features on or off (an operator's override of what the plan gave). */
export function setOrganizationFeatures(
  ctx: Pick<RequestScope, "mutate">,
  input: AdminSetFeaturesInput,
) {
  return auditChange(
    inOrganization(ctx.mutate, input.organizationId),
    "organization",
    async (tx) => {
      const [before] = await tx
        .select({ id: organization.id, features: organization.features })
        .from(organization)
        .where(eq(organization.id, input.organizationId))
        .for("update");
      if (!before) throw notFound("Organization not found");
      const [after] = await tx
        .update(organization)
        .set({ features: [...input.features], updatedAt: new Date() })
        .where(eq(organization.id, input.organizationId))
        .returning({ id: organization.id, features: organization.features });
      if (!after) throw notFound("Organization not found");
      return { before, after };
    },
  );
}

// ---------------------------------------------------------------------------------------------
// One user: memberships, sessions, verification; the operator flag; ending sessions.

export async function adminUser(db: Database, userId: string) {
  const [row] = await db
    .select({
      id: user.id,
      email: user.email,
      name: user.name,
      isPlatformAdmin: user.isPlatformAdmin,
      emailVerifiedAt: user.emailVerifiedAt,
      createdAt: user.createdAt,
      sessionCount: sql<number>`(select count(*)::int from ${session} where ${session}.user_id = ${user}.id and ${session.expiresAt} > now())`,
      lastSeenAt:
        sql<Date | null>`(select max(${session.lastSeenAt}) from ${session} where ${session}.user_id = ${user}.id)`.mapWith(
          (value: string | Date | null) => (value === null ? null : new Date(value)),
        ),
    })
    .from(user)
    .where(eq(user.id, userId));
  if (!row) throw notFound("User not found");
  const memberships = await db
    .select({
      membershipId: membership.id,
      organizationId: organization.id,
      organizationName: organization.name,
      slug: organization.slug,
      role: membership.role,
      suspendedAt: organization.suspendedAt,
    })
    .from(membership)
    .innerJoin(organization, eq(organization.id, membership.organizationId))
    .where(eq(membership.userId, userId))
    .orderBy(asc(organization.name))
    .limit(200);
  return { ...row, verified: row.emailVerifiedAt !== null, memberships };
}

const operatorColumns = { id: user.id, isPlatformAdmin: user.isPlatformAdmin };

/** Grants or revokes the operator flag. An operator cannot revoke their own (BAD_REQUEST). */
export function setOperator(
  ctx: Pick<RequestScope, "mutate" | "user">,
  input: AdminSetOperatorInput,
) {
  if (!input.operator && ctx.user?.id === input.userId) {
    throw new FieldError("BAD_REQUEST", {
      operator: ["You cannot revoke your own operator access; ask another operator"],
    });
  }
  return auditChange(ctx.mutate, "user", async (tx) => {
    const [before] = await tx
      .select(operatorColumns)
      .from(user)
      .where(eq(user.id, input.userId))
      .for("update");
    if (!before) throw notFound("User not found");
    const [after] = await tx
      .update(user)
      .set({ isPlatformAdmin: input.operator })
      .where(eq(user.id, input.userId))
      .returning(operatorColumns);
    if (!after) throw notFound("User not found");
    return { before, after };
  });
}

/** Signs the user out everywhere: every session (cookie and bearer) is deleted. */
export function endUserSessions(ctx: Pick<RequestScope, "mutate">, input: AdminUserInput) {
  return ctx.mutate(async (tx, audit) => {
    const [found] = await tx.select({ id: user.id }).from(user).where(eq(user.id, input.userId));
    if (!found) throw notFound("User not found");
    const ended = await tx
      .delete(session)
      .where(eq(session.userId, input.userId))
      .returning({ id: session.id });
    audit({ entityType: "user", entityId: input.userId, after: { sessionsEnded: ended.length } });
    return { ended: ended.length };
  });
}

/**
 * Sends the user a new confirmation link, through the same path as their own "resend" (older
 * links stop working). CONFLICT when the address is already confirmed.
 */
export async function resendUserVerification(
  ctx: Pick<RequestScope, "db" | "mutate">,
  input: AdminUserInput,
) {
  const [row] = await ctx.db
    .select({ id: user.id, email: user.email, name: user.name, verifiedAt: user.emailVerifiedAt })
    .from(user)
    .where(eq(user.id, input.userId));
  if (!row) throw notFound("User not found");
  if (row.verifiedAt) throw conflict("This address is already confirmed");
  const sent = await resendVerification({
    db: ctx.db,
    mutate: ctx.mutate,
    user: { id: row.id },
  });
  // Confirmed between the check and the send: nothing was sent.
  if (sent.alreadyVerified) throw conflict("This address is already confirmed");
  return { ok: true as const };
}
