// Clinical records: consultations (encounters) with their vitals, diagnoses, prescriptions and
// addenda, and the log of who read a patient's clinical record.
//
// A signed consultation is evidence: triggers (migration 0011) refuse any UPDATE or DELETE of
// it, and any change to its diagnoses and prescriptions, whoever connects. Corrections are
// addenda, which are never changed either.
import { sql, type SQL } from "drizzle-orm";
import {
  check,
  foreignKey,
  index,
  integer,
  numeric,
  pgEnum,
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
import { organization, user } from "./identity";
import { document, patient } from "./patient";
import { appointment } from "./scheduling";
import { practitioner } from "./structure";

const orgId = () =>
  uuid()
    .notNull()
    .references(() => organization.id, { onDelete: "cascade" });

export const consultationStatus = pgEnum("consultation_status", ["draft", "signed"]);

export const consultation = pgTable(
  "consultation",
  {
    id: id(),
    organizationId: orgId(),
    patientId: uuid().notNull(),
    /** The visit it records; null for a walk-in. One consultation per appointment. */
    appointmentId: uuid(),
    /** The treating practitioner (a directory entry), when the author is one. */
    practitionerId: uuid(),
    authorUserId: uuid().references(() => user.id, { onDelete: "set null" }),
    status: consultationStatus().notNull().default("draft"),
    /** When the encounter took place. */
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** SOAP. */
    subjective: text(),
    objective: text(),
    assessment: text(),
    plan: text(),
    /** Vitals; every one optional. */
    systolicMmHg: smallint(),
    diastolicMmHg: smallint(),
    pulseBpm: smallint(),
    temperatureC: numeric({ precision: 4, scale: 1, mode: "number" }),
    respiratoryRate: smallint(),
    oxygenSaturation: smallint(),
    weightKg: numeric({ precision: 5, scale: 1, mode: "number" }),
    heightCm: numeric({ precision: 4, scale: 1, mode: "number" }),
    /** Body-mass index, kept by PostgreSQL from weight and height. */
    bmi: numeric({ precision: 4, scale: 1, mode: "number" }).generatedAlwaysAs(
      (): SQL =>
        sql`round(${consultation.weightKg} / ((${consultation.heightCm} / 100.0) * (${consultation.heightCm} / 100.0)), 1)`,
    ),
    signedAt: timestamp({ withTimezone: true }),
    signedBy: uuid().references(() => user.id, { onDelete: "set null" }),
    ...timestamps(),
  },
  (t) => [
    unique("consultation_org_id_key").on(t.organizationId, t.id),
    uniqueIndex(constraints.consultationAppointment)
      .on(t.organizationId, t.appointmentId)
      .where(sql`${t.appointmentId} is not null`),
    index("consultation_org_patient_idx").on(t.organizationId, t.patientId, t.startedAt),
    foreignKey({
      name: constraints.consultationPatient,
      columns: [t.organizationId, t.patientId],
      foreignColumns: [patient.organizationId, patient.id],
    }),
    foreignKey({
      name: constraints.consultationAppointmentFk,
      columns: [t.organizationId, t.appointmentId],
      foreignColumns: [appointment.organizationId, appointment.id],
    }),
    foreignKey({
      name: constraints.consultationPractitioner,
      columns: [t.organizationId, t.practitionerId],
      foreignColumns: [practitioner.organizationId, practitioner.id],
    }),
    check("consultation_signed_state", sql`(${t.status} = 'signed') = (${t.signedAt} is not null)`),
    check(
      "consultation_vitals_range",
      sql`(${t.systolicMmHg} is null or ${t.systolicMmHg} between 40 and 300)
        and (${t.diastolicMmHg} is null or ${t.diastolicMmHg} between 20 and 200)
        and (${t.pulseBpm} is null or ${t.pulseBpm} between 20 and 300)
        and (${t.temperatureC} is null or ${t.temperatureC} between 25 and 45)
        and (${t.respiratoryRate} is null or ${t.respiratoryRate} between 4 and 80)
        and (${t.oxygenSaturation} is null or ${t.oxygenSaturation} between 50 and 100)
        and (${t.weightKg} is null or ${t.weightKg} between 0.3 and 500)
        and (${t.heightCm} is null or ${t.heightCm} between 20 and 260)`,
    ),
  ],
);

/** A diagnosis written in a consultation: free text, optionally coded (ICD-10, SNOMED…). */
export const diagnosis = pgTable(
  "diagnosis",
  {
    id: id(),
    organizationId: orgId(),
    consultationId: uuid().notNull(),
    description: text().notNull(),
    code: text(),
    codeSystem: text(),
    position: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("diagnosis_org_consultation_idx").on(t.organizationId, t.consultationId, t.position),
    foreignKey({
      name: constraints.diagnosisConsultation,
      columns: [t.organizationId, t.consultationId],
      foreignColumns: [consultation.organizationId, consultation.id],
    }).onDelete("cascade"),
  ],
);

/** A medicine prescribed in a consultation; printable, and shown in the portal once signed. */
export const prescription = pgTable(
  "prescription",
  {
    id: id(),
    organizationId: orgId(),
    consultationId: uuid().notNull(),
    patientId: uuid().notNull(),
    drug: text().notNull(),
    strength: text(),
    dose: text().notNull(),
    frequency: text().notNull(),
    duration: text(),
    instructions: text(),
    position: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("prescription_org_id_key").on(t.organizationId, t.id),
    index("prescription_org_consultation_idx").on(t.organizationId, t.consultationId, t.position),
    index("prescription_org_patient_idx").on(t.organizationId, t.patientId, t.createdAt),
    foreignKey({
      name: constraints.prescriptionConsultation,
      columns: [t.organizationId, t.consultationId],
      foreignColumns: [consultation.organizationId, consultation.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "prescription_patient_fk",
      columns: [t.organizationId, t.patientId],
      foreignColumns: [patient.organizationId, patient.id],
    }),
  ],
);

/** A correction or addition to a signed consultation: who wrote it and when. Never changed. */
export const consultationAddendum = pgTable(
  "consultation_addendum",
  {
    id: id(),
    organizationId: orgId(),
    consultationId: uuid().notNull(),
    authorUserId: uuid().references(() => user.id, { onDelete: "set null" }),
    body: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("consultation_addendum_org_consultation_idx").on(
      t.organizationId,
      t.consultationId,
      t.createdAt,
    ),
    foreignKey({
      name: constraints.addendumConsultation,
      columns: [t.organizationId, t.consultationId],
      foreignColumns: [consultation.organizationId, consultation.id],
    }).onDelete("cascade"),
  ],
);

/**
 * One read of a patient's clinical record by someone (a consultation, the chart, the ledger, a
 * form submission, a document…): the answer to "who looked at my record".
 */
export const recordAccess = pgTable(
  "record_access",
  {
    id: id(),
    organizationId: orgId(),
    patientId: uuid().notNull(),
    userId: uuid().references(() => user.id, { onDelete: "set null" }),
    /** What was read: consultation, prescription, chart, ledger, form_submission, document… */
    kind: text().notNull(),
    /** The record read, when it was one record. */
    entityId: uuid(),
    ip: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("record_access_org_patient_idx").on(t.organizationId, t.patientId, t.createdAt),
    foreignKey({
      name: "record_access_patient_fk",
      columns: [t.organizationId, t.patientId],
      foreignColumns: [patient.organizationId, patient.id],
    }).onDelete("cascade"),
  ],
);

/** A patient document attached to a consultation (a scan, a lab result, an X-ray). */
export const consultationDocument = pgTable(
  "consultation_document",
  {
    organizationId: orgId(),
    consultationId: uuid().notNull(),
    documentId: uuid().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("consultation_document_key").on(t.organizationId, t.consultationId, t.documentId),
    foreignKey({
      name: constraints.consultationDocumentConsultation,
      columns: [t.organizationId, t.consultationId],
      foreignColumns: [consultation.organizationId, consultation.id],
    }).onDelete("cascade"),
    foreignKey({
      name: constraints.consultationDocumentDocument,
      columns: [t.organizationId, t.documentId],
      foreignColumns: [document.organizationId, document.id],
    }).onDelete("cascade"),
  ],
);
