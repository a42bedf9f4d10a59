// Patients of one organization, and the documents kept on their record.
import { constraints } from "../constraints";
import { sql, type SQL } from "drizzle-orm";
import {
  boolean,
  date,
  foreignKey,
  index,
  pgEnum,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { id, timestamps } from "./_columns";
import { file } from "./file";
import { organization, user } from "./identity";

export const patientSex = pgEnum("patient_sex", ["female", "male", "other", "unknown"]);

export const documentKind = pgEnum("document_kind", [
  "medical_record",
  "lab_result",
  "imaging",
  "id",
  "insurance",
  "other",
]);

export const patient = pgTable(
  "patient",
  {
    id: id(),
    organizationId: uuid()
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    firstName: text().notNull(),
    lastName: text().notNull(),
    /** E.164, unique within the organization. */
    mobile: text().notNull(),
    email: text(),
    dateOfBirth: date({ mode: "string" }),
    sex: patientSex().notNull().default("unknown"),
    address: text(),
    notes: text(),
    /** The portal account this record belongs to, if the patient has one. */
    userId: uuid().references(() => user.id, { onDelete: "set null" }),
    archivedAt: timestamp({ withTimezone: true }),
    /** The channels the patient agreed to receive messages on; unsubscribing clears them. */
    emailOptIn: boolean().notNull().default(true),
    smsOptIn: boolean().notNull().default(false),
    pushOptIn: boolean().notNull().default(true),
    /** When and how the patient's current choice was recorded ("portal", "staff", "link"). */
    consentRecordedAt: timestamp({ withTimezone: true }),
    consentSource: text(),
    /** Lower-cased name, mobile and email, kept by PostgreSQL, for trigram search. */
    searchText: text().generatedAlwaysAs(
      (): SQL =>
        sql`lower(${patient.firstName} || ' ' || ${patient.lastName} || ' ' || ${patient.mobile} || ' ' || coalesce(${patient.email}, ''))`,
    ),
    ...timestamps(),
  },
  (t) => [
    unique("patient_org_id_key").on(t.organizationId, t.id),
    uniqueIndex(constraints.patientMobile).on(t.organizationId, t.mobile),
    uniqueIndex(constraints.patientUser).on(t.organizationId, t.userId),
    index("patient_org_name_idx").on(t.organizationId, t.lastName, t.firstName, t.id),
    // GIN trigram (led by the organization, via btree_gin) answers "contains" (LIKE): it reads
    // only the posting lists of the term's trigrams, where the GiST walks lossy signatures.
    // Without the pending list (fastupdate), a search never scans the rows inserted since the
    // last vacuum one by one: up to 4 MB of them (thousands of patients) on every search.
    index("patient_search_gin_idx")
      .using("gin", t.organizationId, t.searchText.op("gin_trgm_ops"))
      .with({ fastupdate: false }),
    // GiST trigram (via btree_gist) answers "closest spelling first" (KNN on word distance)
    // without reading every row. A 256-byte signature (the default is 12) keeps the distance
    // bounds of its inner pages tight enough that the walk stops early. Its predicate (true of
    // every row: the mobile is never empty) is one a LIKE cannot imply, so "contains" always
    // reads the GIN: at a million rows the planner otherwise costs LIKE through this index
    // cheaper under generic plans, and it is ten times slower.
    index("patient_search_trgm_idx")
      .using("gist", t.organizationId, t.searchText.op("gist_trgm_ops(siglen=256)"))
      .where(sql`${t.searchText} <> ''`),
  ],
);

export const document = pgTable(
  "document",
  {
    id: id(),
    organizationId: uuid()
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    patientId: uuid().notNull(),
    fileId: uuid().notNull(),
    kind: documentKind().notNull(),
    title: text().notNull(),
    documentDate: date({ mode: "string" }),
    uploadedBy: uuid().references(() => user.id, { onDelete: "set null" }),
    archivedAt: timestamp({ withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    unique("document_org_id_key").on(t.organizationId, t.id),
    index().on(t.organizationId, t.patientId, t.createdAt),
    foreignKey({
      name: constraints.documentPatient,
      columns: [t.organizationId, t.patientId],
      foreignColumns: [patient.organizationId, patient.id],
    }).onDelete("cascade"),
    foreignKey({
      name: constraints.documentFile,
      columns: [t.organizationId, t.fileId],
      foreignColumns: [file.organizationId, file.id],
    }),
  ],
);
