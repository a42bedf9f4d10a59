// The one way to change data: the change and its audit row commit in one transaction.
// Services reach it as `ctx.mutate`; background jobs call `runAudited` directly.
import { schema, statementClientOf, type Database } from "@caredesk/db";
import { auditStatement } from "./service/booking-statements";

export interface AuditEntry {
  /** The organization, when the request did not name one (the public page, a new organization). */
  organizationId?: string;
  entityType?: string;
  entityId?: string;
  /** The patient whose record this change touches (the audit viewer filters by it). */
  patientId?: string;
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

/** A change to make in one transaction; `audit` says what it changed. */
export type Change<T> = (tx: Database, audit: (entry: AuditEntry) => void) => Promise<T>;

/**
 * The one way to change data, as services receive it (`ctx.mutate`): runs the change and its
 * audit row in one transaction. The audited action is the procedure's own name.
 */
export type Mutate = <T>(change: Change<T>) => Promise<T>;

export async function runAudited<T>(
  db: Database,
  origin: AuditOrigin,
  action: string,
  change: Change<T>,
): Promise<T> {
  let auditWrite: Promise<unknown> = Promise.resolve();
  const result = await db.transaction(async (tx) => {
    // Made for this transaction alone: each call of `audit` adds to it in place.
    const entry: AuditEntry = {};
    const result = await change(tx, (e) => {
      Object.assign(entry, e);
    });
    // Sent without waiting, so the audit row reaches PostgreSQL in the same round trip as the
    // COMMIT that follows. Should the row be refused, PostgreSQL turns that COMMIT into a
    // ROLLBACK (the change is not kept either) and the refusal is thrown: by the transaction
    // on PostgreSQL (db's pipelined client), below on PGlite.
    const row = {
      organizationId: entry.organizationId ?? origin.organizationId,
      actorUserId: entry.actorUserId ?? origin.actorUserId,
      action,
      entityType: entry.entityType ?? null,
      entityId: entry.entityId ?? null,
      patientId: entry.patientId ?? null,
      before: entry.before ?? null,
      after: entry.after ?? null,
      ip: origin.ip,
      requestId: origin.requestId,
    };
    // On PostgreSQL from text built once (service/booking-statements.ts); on PGlite by the
    // builder.
    const client = statementClientOf(tx);
    auditWrite = client
      ? auditStatement(client, row)
      : tx.insert(schema.auditLog).values(row).execute();
    // Observed after the commit; until then a refusal must not count as unhandled.
    auditWrite.catch(() => undefined);
    return result;
  });
  await auditWrite;
  return result;
}

/** `mutate` whose audit rows also name the patient whose record the change touches. */
export function forPatient(mutate: Mutate, patientId: string): Mutate {
  return (change) => mutate((tx, audit) => change(tx, (entry) => audit({ patientId, ...entry })));
}

/** Makes a record and audits it (`after`): the common shape of a create. */
export function auditCreate<T extends { id: string }>(
  mutate: Mutate,
  entityType: string,
  write: (tx: Database) => Promise<T>,
): Promise<T> {
  return mutate(async (tx, audit) => {
    const created = await write(tx);
    audit({ entityType, entityId: created.id, after: created });
    return created;
  });
}

/** Changes a record and audits it (`before` and `after`), answering with `after`. */
export function auditChange<B extends { id: string }, A extends { id: string }>(
  mutate: Mutate,
  entityType: string,
  write: (tx: Database) => Promise<{ before: B; after: A }>,
): Promise<A> {
  return mutate(async (tx, audit) => {
    const { before, after } = await write(tx);
    audit({ entityType, entityId: after.id, before, after });
    return after;
  });
}

/** Removes a record and audits what it was (`before`). */
export function auditRemoval<T extends { id: string }>(
  mutate: Mutate,
  entityType: string,
  write: (tx: Database) => Promise<T>,
): Promise<{ ok: true }> {
  return mutate(async (tx, audit) => {
    const removed = await write(tx);
    audit({ entityType, entityId: removed.id, before: removed });
    return { ok: true as const };
  });
}
