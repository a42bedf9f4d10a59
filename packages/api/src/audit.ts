// The one way to change data: the change and its audit row commit in one transaction.
// Procedures reach it as `ctx.mutate`; background jobs call `runAudited` directly.
import { schema, type Database } from "@caredesk/db";

export interface AuditEntry {
  entityType?: string;
  entityId?: string;
  before?: unknown;
  after?: unknown;
  /** The acting user when the session does not say (sign-in, sign-up). */
  actorUserId?: string;
}

export interface AuditOrigin {
  organizationId: string | null;
  actorUserId: string | null;
  ip: string | null;
  requestId: string | null;
}

export async function runAudited<T>(
  db: Database,
  /** Read after the change: a change may establish its organization (organization.create). */
  origin: AuditOrigin | (() => AuditOrigin),
  action: string,
  change: (tx: Database, audit: (entry: AuditEntry) => void) => Promise<T>,
): Promise<T> {
  let auditWrite: Promise<unknown> = Promise.resolve();
  const result = await db.transaction(async (tx) => {
    let entry: AuditEntry = {};
    const result = await change(tx, (e) => {
      entry = { ...entry, ...e };
    });
    const from = typeof origin === "function" ? origin() : origin;
    // Sent without waiting, so the audit row reaches PostgreSQL in the same round trip as the
    // COMMIT that follows. Should the row be refused, PostgreSQL turns that COMMIT into a
    // ROLLBACK (the change is not kept either) and the refusal is thrown: by the transaction
    // on PostgreSQL (db's pipelined client), below on PGlite.
    auditWrite = tx
      .insert(schema.auditLog)
      .values({
        organizationId: from.organizationId,
        actorUserId: entry.actorUserId ?? from.actorUserId,
        action,
        entityType: entry.entityType ?? null,
        entityId: entry.entityId ?? null,
        before: entry.before ?? null,
        after: entry.after ?? null,
        ip: from.ip,
        requestId: from.requestId,
      })
      .execute();
    // Observed after the commit; until then a refusal must not count as unhandled.
    auditWrite.catch(() => undefined);
    return result;
  });
  await auditWrite;
  return result;
}
