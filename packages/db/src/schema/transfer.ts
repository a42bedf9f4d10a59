// Moving a practice's records in and out in bulk: imports from CSV or Excel (an upload, its
// column mapping, a dry run, a commit run as a background job) and the mapping each practice
// last used for each kind, so the next file of the same shape maps itself.
import { sql } from "drizzle-orm";
import {
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { id } from "./_columns";
import { file } from "./file";
import { organization, user } from "./identity";

/** What a file brings in: one kind of record per import. */
export const importKind = pgEnum("import_kind", [
  "patients",
  "appointments",
  "services",
  "practitioners",
  "products",
]);

/**
 * uploaded: read and checked (header, size, type), waiting for a mapping and a dry run;
 * checked: dry run done (its error rows stored), may be committed;
 * queued → running → completed (every row tried) or failed (the job gave up; rows written so far
 * stay, and committing again continues where it stopped, since rows are matched by natural key).
 */
export const importStatus = pgEnum("import_status", [
  "uploaded",
  "checked",
  "queued",
  "running",
  "completed",
  "failed",
]);

export const importFormat = pgEnum("import_format", ["csv", "xlsx"]);

export const importJob = pgTable(
  "import_job",
  {
    id: id(),
    organizationId: uuid()
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    kind: importKind().notNull(),
    status: importStatus().notNull().default("uploaded"),
    format: importFormat().notNull(),
    /** The uploaded file (purpose "import"), kept while the import may still run. */
    fileId: uuid().notNull(),
    /** The header row as read from the file, in order. */
    columns: text().array().notNull(),
    /** Field of the kind → the file's column it is read from (absent: not imported). */
    mapping: jsonb().$type<Record<string, string>>().notNull().default({}),
    /** Data rows in the file (the header excluded). */
    totalRows: integer().notNull().default(0),
    /** Rows tried so far by the commit (for the progress bar). */
    processedRows: integer().notNull().default(0),
    createdRows: integer().notNull().default(0),
    /** Rows matching a record that already exists (same mobile, SKU, name…): nothing written. */
    skippedRows: integer().notNull().default(0),
    errorRows: integer().notNull().default(0),
    /** Why a failed job stopped (never row data). */
    failure: text(),
    createdBy: uuid().references(() => user.id, { onDelete: "set null" }),
    checkedAt: timestamp({ withTimezone: true }),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("import_job_org_id_key").on(t.organizationId, t.id),
    index().on(t.organizationId, t.createdAt),
    foreignKey({
      name: "import_job_file_fk",
      columns: [t.organizationId, t.fileId],
      foreignColumns: [file.organizationId, file.id],
    }),
    check(
      "import_job_counts",
      sql`${t.totalRows} >= 0 and ${t.processedRows} between 0 and ${t.totalRows}
        and ${t.createdRows} >= 0 and ${t.skippedRows} >= 0 and ${t.errorRows} >= 0`,
    ),
  ],
);

/**
 * One refused row of an import: its 1-based line in the file (the header is line 1), the field
 * and the message, and the row as read (for the downloadable error file the manager fixes and
 * uploads again). `phase` says whether the dry run or the commit found it.
 */
export const importError = pgTable(
  "import_error",
  {
    organizationId: uuid().notNull(),
    importId: uuid().notNull(),
    line: integer().notNull(),
    phase: text().notNull(),
    field: text(),
    message: text().notNull(),
    row: jsonb().$type<Record<string, string>>().notNull(),
  },
  (t) => [
    primaryKey({
      name: "import_error_pkey",
      columns: [t.organizationId, t.importId, t.phase, t.line],
    }),
    foreignKey({
      name: "import_error_import_fk",
      columns: [t.organizationId, t.importId],
      foreignColumns: [importJob.organizationId, importJob.id],
    }).onDelete("cascade"),
    check("import_error_phase", sql`${t.phase} in ('check', 'commit')`),
  ],
);

/** The mapping a practice last committed for a kind, offered again for the next file. */
export const importMapping = pgTable(
  "import_mapping",
  {
    organizationId: uuid()
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    kind: importKind().notNull(),
    mapping: jsonb().$type<Record<string, string>>().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: "import_mapping_pkey", columns: [t.organizationId, t.kind] })],
);
