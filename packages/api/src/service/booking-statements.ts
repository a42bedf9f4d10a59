// The booking's statements as fixed SQL text, built once instead of by Drizzle's builders on
// every call (the booking profile spent about a sixth of the server's CPU rebuilding them).
// On PostgreSQL they go straight to the transaction's postgres.js connection, which prepares
// them by name and pipelines them (db's postgres-client.ts); values are encoded and returned
// rows decoded by the schema's own columns, and a refusal is wrapped as Drizzle wraps it, so
// callers see exactly what the builders gave them. On PGlite (no postgres.js client) callers
// keep using the builders. `booking-statements.test.ts` checks each text against what Drizzle
// builds for the same change.
import {
  decodeRows,
  encode,
  issueRows,
  issueStatement,
  schema,
  type StatementClient,
} from "@caredesk/db";

export type { StatementClient };

const { appointment, appointmentResource, auditLog, idempotencyKey } = schema;

export const claimKeyText = `insert into "idempotency_key" ("organization_id", "operation", "actor", "key", "request_hash", "entity_type", "entity_id", "created_at") values ($1, $2, $3, $4, $5, $6, $7, default)`;

export function claimKeyStatement(
  client: StatementClient,
  row: {
    organizationId: string;
    operation: string;
    actor: string;
    key: string;
    requestHash: string;
    entityType: string;
    entityId: string;
  },
): Promise<unknown> {
  return issueStatement(client, claimKeyText, [
    encode(idempotencyKey.organizationId, row.organizationId),
    encode(idempotencyKey.operation, row.operation),
    encode(idempotencyKey.actor, row.actor),
    encode(idempotencyKey.key, row.key),
    encode(idempotencyKey.requestHash, row.requestHash),
    encode(idempotencyKey.entityType, row.entityType),
    encode(idempotencyKey.entityId, row.entityId),
  ]);
}

/** Per-resource advisory locks in the (sorted) order of the array: see `lockResources`. */
export const lockText = `select pg_advisory_xact_lock(hashtextextended(id, 0)) from unnest($1::text[]) as r(id)`;

export function lockStatement(client: StatementClient, sortedIds: string[]): Promise<unknown> {
  return issueStatement(client, lockText, [`{${sortedIds.join(",")}}`]);
}

export const notifyText = `select pg_notify($1, $2)`;

export function notifyStatement(
  client: StatementClient,
  channel: string,
  payload: string,
): Promise<unknown> {
  return issueStatement(client, notifyText, [channel, payload]);
}

/** `appointmentColumns` (appointment.ts), in its order, as `returning` lists them. */
const returnedColumns = [
  ["id", appointment.id],
  ["patientId", appointment.patientId],
  ["serviceId", appointment.serviceId],
  ["startsAt", appointment.startsAt],
  ["endsAt", appointment.endsAt],
  ["status", appointment.status],
  ["kind", appointment.kind],
  ["source", appointment.source],
  ["notes", appointment.notes],
  ["cancellationReason", appointment.cancellationReason],
  ["version", appointment.version],
  ["holdExpiresAt", appointment.holdExpiresAt],
  ["patientConfirmedAt", appointment.patientConfirmedAt],
  ["createdAt", appointment.createdAt],
] as const;

export const insertAppointmentText = `insert into "appointment" ("id", "organization_id", "patient_id", "service_id", "starts_at", "ends_at", "status", "kind", "source", "notes", "cancellation_reason", "patient_confirmed_at", "version", "hold_expires_at", "created_by", "created_at", "updated_at") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, default, default, default, $11, $12, default, default) returning "id", "patient_id", "service_id", "starts_at", "ends_at", "status", "kind", "source", "notes", "cancellation_reason", "version", "hold_expires_at", "patient_confirmed_at", "created_at"`;

type AppointmentInsert = typeof appointment.$inferInsert;
type Returned = {
  [K in (typeof returnedColumns)[number][0]]: (typeof appointment.$inferSelect)[K];
};

/** The new appointment's row (as `.returning(appointmentColumns)` answers it), or none. */
export async function insertAppointmentStatement(
  client: StatementClient,
  row: Required<
    Pick<
      AppointmentInsert,
      | "id"
      | "organizationId"
      | "patientId"
      | "serviceId"
      | "startsAt"
      | "endsAt"
      | "status"
      | "kind"
      | "source"
      | "notes"
      | "holdExpiresAt"
      | "createdBy"
    >
  >,
): Promise<Returned[]> {
  const rows = await issueRows(client, insertAppointmentText, [
    encode(appointment.id, row.id),
    encode(appointment.organizationId, row.organizationId),
    encode(appointment.patientId, row.patientId),
    encode(appointment.serviceId, row.serviceId),
    encode(appointment.startsAt, row.startsAt),
    encode(appointment.endsAt, row.endsAt),
    encode(appointment.status, row.status),
    encode(appointment.kind, row.kind),
    encode(appointment.source, row.source),
    encode(appointment.notes, row.notes),
    encode(appointment.holdExpiresAt, row.holdExpiresAt),
    encode(appointment.createdBy, row.createdBy),
  ]);
  return decodeRows<Returned>(rows, returnedColumns);
}

/** The text for `count` resource rows (a service needs one resource or a few). */
const resourceTexts = new Map<number, string>();
export function insertResourcesText(count: number): string {
  let text = resourceTexts.get(count);
  if (!text) {
    const rows = Array.from({ length: count }, (_, i) => {
      const p = i * 5;
      return `(default, $${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5})`;
    });
    text = `insert into "appointment_resource" ("id", "organization_id", "appointment_id", "resource_id", "during", "status") values ${rows.join(", ")}`;
    if (count <= 16) resourceTexts.set(count, text);
  }
  return text;
}

export function insertResourcesStatement(
  client: StatementClient,
  rows: readonly (typeof appointmentResource.$inferInsert)[],
): Promise<unknown> {
  return issueStatement(
    client,
    insertResourcesText(rows.length),
    rows.flatMap((r) => [
      encode(appointmentResource.organizationId, r.organizationId),
      encode(appointmentResource.appointmentId, r.appointmentId),
      encode(appointmentResource.resourceId, r.resourceId),
      encode(appointmentResource.during, r.during),
      encode(appointmentResource.status, r.status),
    ]),
  );
}

export const auditText = `insert into "audit_log" ("id", "organization_id", "actor_user_id", "action", "entity_type", "entity_id", "patient_id", "before", "after", "ip", "request_id", "created_at") values (default, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, default)`;

export function auditStatement(
  client: StatementClient,
  row: Required<
    Pick<
      typeof auditLog.$inferInsert,
      | "organizationId"
      | "actorUserId"
      | "action"
      | "entityType"
      | "entityId"
      | "patientId"
      | "before"
      | "after"
      | "ip"
      | "requestId"
    >
  >,
): Promise<unknown> {
  return issueStatement(client, auditText, [
    encode(auditLog.organizationId, row.organizationId),
    encode(auditLog.actorUserId, row.actorUserId),
    encode(auditLog.action, row.action),
    encode(auditLog.entityType, row.entityType),
    encode(auditLog.entityId, row.entityId),
    encode(auditLog.patientId, row.patientId),
    encode(auditLog.before, row.before),
    encode(auditLog.after, row.after),
    encode(auditLog.ip, row.ip),
    encode(auditLog.requestId, row.requestId),
  ]);
}
