// Operations: the audit log every mutation writes in its own transaction, and the keys of
// idempotent requests.
import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { constraints } from "../constraints";
import { id } from "./_columns";
import { organization, user } from "./identity";

export const auditLog = pgTable(
  "audit_log",
  {
    id: id(),
    // Null for actions outside any organization (sign-up, sign-in, account changes).
    organizationId: uuid().references(() => organization.id, { onDelete: "set null" }),
    actorUserId: uuid().references(() => user.id, { onDelete: "set null" }),
    action: text().notNull(),
    entityType: text(),
    entityId: text(),
    /** The patient whose record the change touched, so a record's history can be listed. */
    patientId: uuid(),
    before: jsonb(),
    after: jsonb(),
    ip: text(),
    requestId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.organizationId, t.createdAt),
    index().on(t.actorUserId, t.createdAt),
    index().on(t.entityType, t.entityId),
    index("audit_log_org_patient_idx")
      .on(t.organizationId, t.patientId, t.createdAt)
      .where(sql`${t.patientId} is not null`),
  ],
);

/**
 * A client-chosen idempotency key, scoped to the organization, the operation (procedure) and
 * the caller: the same key from someone else, or for another operation, is another key. The
 * first request stores a hash of what it asked and the record it made, in the same transaction
 * as its change; a repeat of the same request is answered with that record, one with another
 * request is refused (Stripe's rule).
 */
export const idempotencyKey = pgTable(
  "idempotency_key",
  {
    organizationId: uuid()
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    operation: text().notNull(),
    /** `user:<id>` for a signed-in caller, `visitor` for the public page. */
    actor: text().notNull(),
    key: text().notNull(),
    requestHash: text().notNull(),
    /** The record the first request made (e.g. `appointment` and its id). */
    entityType: text().notNull(),
    entityId: uuid().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({
      name: constraints.idempotencyKey,
      columns: [t.organizationId, t.operation, t.actor, t.key],
    }),
    index().on(t.createdAt),
  ],
);
