// Stored files: the bytes live in object storage under a random key; this row says what they are.
import { bigint, index, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { id } from "./_columns";
import { organization, user } from "./identity";

export const file = pgTable(
  "file",
  {
    id: id(),
    organizationId: uuid()
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    uploadedBy: uuid().references(() => user.id, { onDelete: "set null" }),
    storageKey: text().notNull(),
    /** Decided from the bytes, never from the client's claim. */
    mimeType: text().notNull(),
    sizeBytes: bigint({ mode: "number" }).notNull(),
    sha256: text().notNull(),
    /** Sanitised display name; never used to build a path. */
    originalName: text().notNull(),
    /** What the file is for: document, photo, certificate. */
    purpose: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("file_org_id_key").on(t.organizationId, t.id),
    unique("file_storage_key").on(t.storageKey),
    index().on(t.organizationId, t.createdAt),
  ],
);
