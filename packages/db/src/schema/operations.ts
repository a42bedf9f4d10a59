// Operations: the audit log every mutation writes in its own transaction.
import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
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
  ],
);
