// Medical-history forms: questionnaires built by the practice and published as immutable
// versions, requests that send one version to a patient by link, and the signed submissions
// kept as evidence (what was asked, what was answered, who signed, when and from where).
import { sql } from "drizzle-orm";
import {
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { constraints } from "../constraints";
import { id, timestamps } from "./_columns";
import { file } from "./file";
import { organization, user } from "./identity";
import { notificationChannel } from "./notification";
import { document, patient } from "./patient";

const orgId = () =>
  uuid()
    .notNull()
    .references(() => organization.id, { onDelete: "cascade" });

/** A form the practice builds; what patients see is one of its published versions. */
export const questionnaire = pgTable(
  "questionnaire",
  {
    id: id(),
    organizationId: orgId(),
    title: text().notNull(),
    description: text(),
    /** The newest published version's number; 0 before the first publication. */
    currentVersion: integer().notNull().default(0),
    createdBy: uuid().references(() => user.id, { onDelete: "set null" }),
    archivedAt: timestamp({ withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    unique("questionnaire_org_id_key").on(t.organizationId, t.id),
    index("questionnaire_org_title_idx").on(t.organizationId, t.title),
  ],
);

/**
 * One published version of a questionnaire: its title and questions exactly as sent, and the
 * SHA-256 of their canonical JSON. Never changed (a trigger, migration 0011); editing the form
 * publishes the next version.
 */
export const questionnaireVersion = pgTable(
  "questionnaire_version",
  {
    id: id(),
    organizationId: orgId(),
    questionnaireId: uuid().notNull(),
    version: integer().notNull(),
    title: text().notNull(),
    description: text(),
    /** The questions in order (type, label, required, options, follow-up rule, alert rule). */
    questions: jsonb().notNull(),
    contentHash: text().notNull(),
    publishedBy: uuid().references(() => user.id, { onDelete: "set null" }),
    publishedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("questionnaire_version_org_id_key").on(t.organizationId, t.id),
    uniqueIndex(constraints.questionnaireVersionNumber).on(
      t.organizationId,
      t.questionnaireId,
      t.version,
    ),
    foreignKey({
      name: constraints.questionnaireVersionQuestionnaire,
      columns: [t.organizationId, t.questionnaireId],
      foreignColumns: [questionnaire.organizationId, questionnaire.id],
    }).onDelete("cascade"),
  ],
);

/**
 * A form sent to a patient: one version, by email or SMS, until it expires, is revoked or is
 * submitted (once). The link's token is minted when the message is rendered and kept hashed in
 * `action_token` (purpose `form_request`); date-of-birth failures lock the request.
 */
export const formRequest = pgTable(
  "form_request",
  {
    id: id(),
    organizationId: orgId(),
    patientId: uuid().notNull(),
    questionnaireVersionId: uuid().notNull(),
    channel: notificationChannel().notNull(),
    sentBy: uuid().references(() => user.id, { onDelete: "set null" }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    submittedAt: timestamp({ withTimezone: true }),
    /** Wrong dates of birth so far; at the limit the request locks. */
    birthDateFailures: smallint().notNull().default(0),
    lockedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("form_request_org_id_key").on(t.organizationId, t.id),
    index("form_request_org_patient_idx").on(t.organizationId, t.patientId, t.createdAt),
    foreignKey({
      name: constraints.formRequestPatient,
      columns: [t.organizationId, t.patientId],
      foreignColumns: [patient.organizationId, patient.id],
    }),
    foreignKey({
      name: constraints.formRequestVersion,
      columns: [t.organizationId, t.questionnaireVersionId],
      foreignColumns: [questionnaireVersion.organizationId, questionnaireVersion.id],
    }),
  ],
);

/**
 * A completed, signed form: the version it answered (and that version's content hash), the
 * answers, the date of birth given, the drawn signature, when and from where, the alerts its
 * answers raised, and the PDF of it all filed as a patient document. Never changed.
 */
export const formSubmission = pgTable(
  "form_submission",
  {
    id: id(),
    organizationId: orgId(),
    formRequestId: uuid().notNull(),
    patientId: uuid().notNull(),
    questionnaireVersionId: uuid().notNull(),
    contentHash: text().notNull(),
    /** By question id: a string, a list of strings, or a boolean. */
    answers: jsonb().notNull(),
    dateOfBirth: date({ mode: "string" }).notNull(),
    signatureFileId: uuid().notNull(),
    signedAt: timestamp({ withTimezone: true }).notNull(),
    ip: text(),
    userAgent: text(),
    /** Labels of answers flagged as alerts ("Allergy: penicillin"), shown on the patient header. */
    alerts: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    pdfFileId: uuid().notNull(),
    pdfSha256: text().notNull(),
    documentId: uuid().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex(constraints.formSubmissionRequest).on(t.organizationId, t.formRequestId),
    index("form_submission_org_patient_idx").on(t.organizationId, t.patientId, t.createdAt),
    foreignKey({
      name: "form_submission_request_fk",
      columns: [t.organizationId, t.formRequestId],
      foreignColumns: [formRequest.organizationId, formRequest.id],
    }),
    foreignKey({
      name: "form_submission_patient_fk",
      columns: [t.organizationId, t.patientId],
      foreignColumns: [patient.organizationId, patient.id],
    }),
    foreignKey({
      name: "form_submission_version_fk",
      columns: [t.organizationId, t.questionnaireVersionId],
      foreignColumns: [questionnaireVersion.organizationId, questionnaireVersion.id],
    }),
    foreignKey({
      name: "form_submission_signature_fk",
      columns: [t.organizationId, t.signatureFileId],
      foreignColumns: [file.organizationId, file.id],
    }),
    foreignKey({
      name: "form_submission_pdf_fk",
      columns: [t.organizationId, t.pdfFileId],
      foreignColumns: [file.organizationId, file.id],
    }),
    foreignKey({
      name: "form_submission_document_fk",
      columns: [t.organizationId, t.documentId],
      foreignColumns: [document.organizationId, document.id],
    }),
  ],
);
