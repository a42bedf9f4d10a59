// Stored files: the bytes live in object storage under a random key; this row says what they are.
import { sql } from "drizzle-orm";
import { bigint, check, index, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { id } from "./_columns";
import { organization, user } from "./identity";

/**
 * Whether a file's bytes may be served. `available`: scanned clean (or stored before scanning
 * existed, or while no scanner is configured); `quarantined`: stored while the scanner was
 * unreachable, hidden until a rescan finds it clean; `infected`: a rescan found malware, its
 * bytes are deleted and the row stays only so references to it answer "not found".
 */
export const fileStatuses = ["available", "quarantined", "infected"] as const;
export type FileStatus = (typeof fileStatuses)[number];

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
    /** Only `available` files are ever served (see fileStatuses). */
    status: text().$type<FileStatus>().notNull().default("available"),
    /** When the malware scanner last judged the bytes; null: never scanned. */
    scannedAt: timestamp({ withTimezone: true }),
    /** The scanner's engine and database version that judged them ("ClamAV 1.4.6/…"). */
    scanEngine: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("file_org_id_key").on(t.organizationId, t.id),
    unique("file_storage_key").on(t.storageKey),
    index().on(t.organizationId, t.createdAt),
    // The rescan job's work list.
    index("file_quarantined_idx")
      .on(t.createdAt)
      .where(sql`${t.status} = 'quarantined'`),
    check("file_status_known", sql`${t.status} in ('available', 'quarantined', 'infected')`),
  ],
);

/**
 * An upload refused (or a quarantined file removed) because the scanner found malware: who,
 * when, which practice, which signature, and what the file was. The bytes are never kept.
 */
export const malwareEvent = pgTable(
  "malware_event",
  {
    id: id(),
    organizationId: uuid()
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    /** Who uploaded it; null once that account is gone. */
    userId: uuid().references(() => user.id, { onDelete: "set null" }),
    /** `upload`: refused at the door; `rescan`: found in quarantine and deleted. */
    source: text().$type<"upload" | "rescan">().notNull(),
    signature: text().notNull(),
    engine: text(),
    fileName: text().notNull(),
    purpose: text().notNull(),
    mimeType: text().notNull(),
    sizeBytes: bigint({ mode: "number" }).notNull(),
    sha256: text().notNull(),
    /** The quarantined file a rescan removed; null for refused uploads (never stored). */
    fileId: uuid(),
    detectedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.organizationId, t.detectedAt),
    check("malware_event_source_known", sql`${t.source} in ('upload', 'rescan')`),
  ],
);
