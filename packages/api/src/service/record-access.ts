// Reads of a patient's clinical record, kept so a practice can answer "who looked at my
// record". Written by the read procedures of consultations, the chart, the ledger, form
// submissions and documents, after the record was found in the caller's organization.
import { schema, type Database } from "@caredesk/db";
import type { RecordAccessListInput, recordReadKinds } from "@caredesk/validators";
import { and, desc, eq, gte, lte, sql } from "drizzle-orm";
import type { OrgScope, PatientScope, RecordReader } from "../scope";
import { cursorId, decodeCursor, toPage, type Page } from "./pagination";
import { getPatient } from "./patient";

const { membership, recordAccess, user } = schema;

/** What was read; the same list the validators and screens name them by. */
export type RecordReadKind = (typeof recordReadKinds)[number];

/** Reads of the same thing by the same person within this window count as one. */
export const readWindowMinutes = 5;

/**
 * Records that the caller read (part of) a patient's clinical record. Not a change of the record,
 * so not audited as one; it is its own evidence. A patient reading their own record is not
 * recorded: the list is of others' reads. A screen that refetches (focus, polling) does not
 * bury the list: the same reader reading the same thing again within `readWindowMinutes` is the
 * read already recorded.
 */
export async function recordRead(
  scope: RecordReader,
  read: { patientId: string; kind: RecordReadKind; entityId?: string | null },
): Promise<void> {
  if (scope.membership.role === "patient") return;
  const entityId = read.entityId ?? null;
  await scope.db.execute(sql`
    insert into ${recordAccess} (organization_id, patient_id, user_id, kind, entity_id, ip)
    select ${scope.org.id}::uuid, ${read.patientId}::uuid, ${scope.user.id}::uuid, ${read.kind},
           ${entityId}::uuid, ${scope.ip}
    where not exists (
      select 1 from ${recordAccess} r
      where r.organization_id = ${scope.org.id}::uuid and r.patient_id = ${read.patientId}::uuid
        and r.created_at > now() - make_interval(mins => ${readWindowMinutes})
        and r.user_id = ${scope.user.id}::uuid and r.kind = ${read.kind}
        and r.entity_id is not distinct from ${entityId}::uuid
    )`);
}

/** One recorded read of a patient's record, as the practice sees it. */
export interface RecordReadRow {
  id: string;
  kind: string;
  entityId: string | null;
  createdAt: Date;
  /** Null when the reader's account was deleted since. */
  reader: { id: string; name: string; email: string; role: string | null } | null;
  ip: string | null;
}

/** One read as the patient sees it: who (name and role), what and when; not where from. */
export type OwnRecordReadRow = Omit<RecordReadRow, "ip" | "reader"> & {
  reader: { name: string; role: string | null } | null;
};

async function listReads(
  db: Database,
  organizationId: string,
  patientId: string,
  input: {
    from?: Date | undefined;
    to?: Date | undefined;
    cursor?: string | undefined;
    limit: number;
  },
): Promise<Page<RecordReadRow>> {
  const cursor = decodeCursor(input.cursor);
  const anchorId = cursor ? cursorId(cursor.length === 1 ? cursor[0] : undefined) : null;
  // The anchor's timestamp is read in SQL, where it keeps its microseconds.
  const after = anchorId
    ? sql`(${recordAccess.createdAt}, ${recordAccess.id}) < ((select r.created_at from ${recordAccess} r where r.organization_id = ${organizationId} and r.id = ${anchorId}::uuid), ${anchorId}::uuid)`
    : undefined;
  const rows = await db
    .select({
      id: recordAccess.id,
      kind: recordAccess.kind,
      entityId: recordAccess.entityId,
      createdAt: recordAccess.createdAt,
      ip: recordAccess.ip,
      readerId: user.id,
      readerName: user.name,
      readerEmail: user.email,
      readerRole: membership.role,
    })
    .from(recordAccess)
    .leftJoin(user, eq(user.id, recordAccess.userId))
    .leftJoin(
      membership,
      and(
        eq(membership.organizationId, recordAccess.organizationId),
        eq(membership.userId, recordAccess.userId),
      ),
    )
    .where(
      and(
        eq(recordAccess.organizationId, organizationId),
        eq(recordAccess.patientId, patientId),
        input.from ? gte(recordAccess.createdAt, input.from) : undefined,
        input.to ? lte(recordAccess.createdAt, input.to) : undefined,
        after,
      ),
    )
    .orderBy(desc(recordAccess.createdAt), desc(recordAccess.id))
    .limit(input.limit + 1);
  const items = rows.map((row): RecordReadRow => ({
    id: row.id,
    kind: row.kind,
    entityId: row.entityId,
    createdAt: row.createdAt,
    ip: row.ip,
    reader:
      row.readerId === null
        ? null
        : {
            id: row.readerId,
            name: row.readerName ?? "",
            email: row.readerEmail ?? "",
            role: row.readerRole,
          },
  }));
  return toPage(items, input.limit, (row) => [row.id]);
}

/** Who read a patient's record (staff, `audit.read`): another organization's patient is not found. */
export async function listRecordReads(
  ctx: Pick<OrgScope, "db" | "org">,
  input: RecordAccessListInput,
): Promise<Page<RecordReadRow>> {
  await getPatient(ctx.db, ctx.org.id, input.patientId);
  return listReads(ctx.db, ctx.org.id, input.patientId, input);
}

/** "Who viewed my record": staff reads of the caller's own record, without addresses. */
export async function listOwnRecordReads(
  ctx: Pick<PatientScope, "db" | "org" | "patient">,
  input: { cursor?: string | undefined; limit: number },
): Promise<Page<OwnRecordReadRow>> {
  const page = await listReads(ctx.db, ctx.org.id, ctx.patient.id, input);
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((row) => ({
      id: row.id,
      kind: row.kind,
      entityId: row.entityId,
      createdAt: row.createdAt,
      reader: row.reader ? { name: row.reader.name, role: row.reader.role } : null,
    })),
  };
}
