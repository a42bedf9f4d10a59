// The audit viewer: who changed what and when in this organization, newest first, filtered by
// patient, member, record, action and time. Only the organization's own rows: never another
// organization's, never those of no organization (sign-ins, account changes).
import { schema, type Database } from "@caredesk/db";
import type { AuditListInput } from "@caredesk/validators";
import { and, desc, eq, gte, lte, or, sql } from "drizzle-orm";
import { notFound } from "../errors";
import type { OrgScope } from "../scope";
import { cursorId, decodeCursor, toPage, type Page } from "./pagination";
import { getPatient } from "./patient";

const { auditLog, membership, patient, user } = schema;

export interface AuditRow {
  id: string;
  createdAt: Date;
  action: string;
  entityType: string | null;
  entityId: string | null;
  patientId: string | null;
  /** The patient's name as it is now; null when the row names no patient. */
  patientName: string | null;
  /** Null for a change nobody signed in made (a visitor's booking, a scheduled job). */
  actor: { id: string; name: string; email: string } | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  requestId: string | null;
}

/** A member of the organization, or someone who once acted in it: else not found. */
async function assertKnownActor(db: Database, organizationId: string, userId: string) {
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(user)
    .where(
      and(
        eq(user.id, userId),
        or(
          sql`exists (select 1 from ${membership} where ${membership.organizationId} = ${organizationId} and ${membership.userId} = ${user.id})`,
          sql`exists (select 1 from ${auditLog} where ${auditLog.organizationId} = ${organizationId} and ${auditLog.actorUserId} = ${user.id})`,
        ),
      ),
    );
  if (!row) throw notFound("Member not found");
}

/** A record this organization's history names: else not found (no existence leaks). */
async function assertKnownRecord(db: Database, organizationId: string, entityId: string) {
  const [row] = await db
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(and(eq(auditLog.organizationId, organizationId), eq(auditLog.entityId, entityId)))
    .limit(1);
  if (!row) throw notFound("Record not found");
}

export async function listAuditLog(
  ctx: Pick<OrgScope, "db" | "org">,
  input: AuditListInput,
): Promise<Page<AuditRow>> {
  const { db } = ctx;
  const organizationId = ctx.org.id;
  const cursor = decodeCursor(input.cursor);
  if (input.patientId) await getPatient(db, organizationId, input.patientId);
  if (input.actorUserId) await assertKnownActor(db, organizationId, input.actorUserId);
  if (input.entityId) await assertKnownRecord(db, organizationId, input.entityId);
  const anchorId = cursor ? cursorId(cursor.length === 1 ? cursor[0] : undefined) : null;
  // The anchor's timestamp is read in SQL, where it keeps its microseconds.
  const after = anchorId
    ? sql`(${auditLog.createdAt}, ${auditLog.id}) < ((select a.created_at from ${auditLog} a where a.organization_id = ${organizationId} and a.id = ${anchorId}::uuid), ${anchorId}::uuid)`
    : undefined;
  const rows = await db
    .select({
      id: auditLog.id,
      createdAt: auditLog.createdAt,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      patientId: auditLog.patientId,
      patientFirstName: patient.firstName,
      patientLastName: patient.lastName,
      actorId: user.id,
      actorName: user.name,
      actorEmail: user.email,
      before: auditLog.before,
      after: auditLog.after,
      ip: auditLog.ip,
      requestId: auditLog.requestId,
    })
    .from(auditLog)
    .leftJoin(
      patient,
      and(eq(patient.organizationId, auditLog.organizationId), eq(patient.id, auditLog.patientId)),
    )
    .leftJoin(user, eq(user.id, auditLog.actorUserId))
    .where(
      and(
        eq(auditLog.organizationId, organizationId),
        input.patientId ? eq(auditLog.patientId, input.patientId) : undefined,
        input.actorUserId ? eq(auditLog.actorUserId, input.actorUserId) : undefined,
        input.entityType ? eq(auditLog.entityType, input.entityType) : undefined,
        input.entityId ? eq(auditLog.entityId, input.entityId) : undefined,
        input.action ? sql`starts_with(${auditLog.action}, ${input.action})` : undefined,
        input.from ? gte(auditLog.createdAt, input.from) : undefined,
        input.to ? lte(auditLog.createdAt, input.to) : undefined,
        after,
      ),
    )
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(input.limit + 1);
  const items = rows.map((row): AuditRow => ({
    id: row.id,
    createdAt: row.createdAt,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    patientId: row.patientId,
    patientName:
      row.patientFirstName === null ? null : `${row.patientFirstName} ${row.patientLastName}`,
    actor:
      row.actorId === null
        ? null
        : { id: row.actorId, name: row.actorName ?? "", email: row.actorEmail ?? "" },
    before: row.before,
    after: row.after,
    ip: row.ip,
    requestId: row.requestId,
  }));
  return toPage(items, input.limit, (row) => [row.id]);
}
