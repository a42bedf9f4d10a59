// The dental chart and the patient ledger: conditions and procedures per tooth and surface,
// treatment plans that group planned procedures, and the ledger of charges, payments and
// adjustments every balance is derived from.
//
// Teeth are stored in Universal notation whatever the practice writes ("1"–"32" permanent,
// "A"–"T" primary); the practice's setting (organization.tooth_numbering) only changes how they
// are read and written at the edges. Ledger entries are never updated or deleted (a trigger,
// migration 0011): corrections are reversing entries.
import { sql } from "drizzle-orm";
import {
  bigint,
  check,
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
import { constraints } from "../constraints";
import { id, timestamps } from "./_columns";
import { organization, user } from "./identity";
import { patient } from "./patient";
import { practitioner, service } from "./structure";

const orgId = () =>
  uuid()
    .notNull()
    .references(() => organization.id, { onDelete: "cascade" });

/** M mesial, O occlusal, I incisal, D distal, B buccal, F facial, L lingual. */
export const toothSurfaces = ["M", "O", "I", "D", "B", "F", "L"] as const;

const toothPattern = "^([1-9]|[12][0-9]|3[0-2]|[A-T])$";

export const toothConditionKind = pgEnum("tooth_condition_kind", [
  "caries",
  "missing",
  "crown",
  "implant",
  "root_canal",
  "filling",
  "fracture",
  "bridge",
  "veneer",
  "sealant",
  "impacted",
  "abscess",
  "mobility",
]);

/** Something found on a tooth (caries on MO, a crown, a missing tooth), until resolved. */
export const toothCondition = pgTable(
  "tooth_condition",
  {
    id: id(),
    organizationId: orgId(),
    patientId: uuid().notNull(),
    tooth: text().notNull(),
    surfaces: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    condition: toothConditionKind().notNull(),
    notes: text(),
    notedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    notedBy: uuid().references(() => user.id, { onDelete: "set null" }),
    resolvedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("tooth_condition_org_patient_idx").on(t.organizationId, t.patientId, t.notedAt),
    foreignKey({
      name: constraints.toothConditionPatient,
      columns: [t.organizationId, t.patientId],
      foreignColumns: [patient.organizationId, patient.id],
    }),
    check("tooth_condition_tooth", sql`${t.tooth} ~ ${sql.raw(`'${toothPattern}'`)}`),
    check(
      "tooth_condition_surfaces",
      sql`${t.surfaces} <@ array['M','O','I','D','B','F','L']::text[]`,
    ),
  ],
);

export const treatmentPlanStatus = pgEnum("treatment_plan_status", [
  "draft",
  "proposed",
  "accepted",
  "declined",
]);

/** Planned procedures grouped for the patient to accept, with their total. */
export const treatmentPlan = pgTable(
  "treatment_plan",
  {
    id: id(),
    organizationId: orgId(),
    patientId: uuid().notNull(),
    title: text().notNull(),
    notes: text(),
    status: treatmentPlanStatus().notNull().default("draft"),
    createdBy: uuid().references(() => user.id, { onDelete: "set null" }),
    /** Who accepted or declined it (the patient in the portal, or staff on their word). */
    decidedBy: uuid().references(() => user.id, { onDelete: "set null" }),
    decidedAt: timestamp({ withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    unique("treatment_plan_org_id_key").on(t.organizationId, t.id),
    index("treatment_plan_org_patient_idx").on(t.organizationId, t.patientId, t.createdAt),
    foreignKey({
      name: constraints.treatmentPlanPatient,
      columns: [t.organizationId, t.patientId],
      foreignColumns: [patient.organizationId, patient.id],
    }),
  ],
);

export const treatmentStatus = pgEnum("treatment_status", [
  "planned",
  "in_progress",
  "completed",
  "existing",
]);

/**
 * A procedure on a tooth (or the whole mouth when `tooth` is null): the seed's treatment with
 * tooth number, total price and discount; what was paid comes from the ledger.
 */
export const treatment = pgTable(
  "treatment",
  {
    id: id(),
    organizationId: orgId(),
    patientId: uuid().notNull(),
    tooth: text(),
    surfaces: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    serviceId: uuid(),
    /** What was done, in words (the service's name when one was picked). */
    description: text().notNull(),
    priceMinor: bigint({ mode: "number" }).notNull(),
    discountMinor: bigint({ mode: "number" }).notNull().default(0),
    status: treatmentStatus().notNull().default("planned"),
    /** The day it was (or is to be) done, in the practice's calendar. */
    performedOn: date({ mode: "string" }),
    practitionerId: uuid(),
    planId: uuid(),
    notes: text(),
    createdBy: uuid().references(() => user.id, { onDelete: "set null" }),
    completedAt: timestamp({ withTimezone: true }),
    /** Set instead of deleting a planned procedure entered by mistake. */
    removedAt: timestamp({ withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    unique("treatment_org_id_key").on(t.organizationId, t.id),
    index("treatment_org_patient_idx").on(t.organizationId, t.patientId, t.createdAt),
    index("treatment_org_plan_idx")
      .on(t.organizationId, t.planId)
      .where(sql`${t.planId} is not null`),
    foreignKey({
      name: constraints.treatmentPatient,
      columns: [t.organizationId, t.patientId],
      foreignColumns: [patient.organizationId, patient.id],
    }),
    foreignKey({
      name: constraints.treatmentService,
      columns: [t.organizationId, t.serviceId],
      foreignColumns: [service.organizationId, service.id],
    }),
    foreignKey({
      name: constraints.treatmentPractitioner,
      columns: [t.organizationId, t.practitionerId],
      foreignColumns: [practitioner.organizationId, practitioner.id],
    }),
    foreignKey({
      name: constraints.treatmentPlanFk,
      columns: [t.organizationId, t.planId],
      foreignColumns: [treatmentPlan.organizationId, treatmentPlan.id],
    }),
    check("treatment_tooth", sql`${t.tooth} ~ ${sql.raw(`'${toothPattern}'`)}`),
    check("treatment_surfaces", sql`${t.surfaces} <@ array['M','O','I','D','B','F','L']::text[]`),
    check(
      "treatment_money",
      sql`${t.priceMinor} >= 0 and ${t.discountMinor} >= 0 and ${t.discountMinor} <= ${t.priceMinor}`,
    ),
  ],
);

export const ledgerEntryKind = pgEnum("ledger_entry_kind", [
  /** What the patient owes for a procedure or service (positive). */
  "charge",
  /** Money received from the patient (negative). */
  "payment",
  /** A write-off, courtesy discount or correction (either sign). */
  "adjustment",
  /** Money given back to the patient (positive: it undoes a payment). */
  "refund",
]);

export const paymentMethod = pgEnum("payment_method", [
  "cash",
  "card_terminal",
  "bank_transfer",
  "cheque",
  "stripe",
  "razorpay",
  "fawry",
]);

/**
 * One line of a patient's account, in the practice's currency and integer minor units: positive
 * amounts raise what the patient owes, negative ones lower it. Never updated or deleted; a
 * mistake is undone by an entry that reverses it (`reversesEntryId`, at most once).
 */
export const ledgerEntry = pgTable(
  "ledger_entry",
  {
    id: id(),
    organizationId: orgId(),
    patientId: uuid().notNull(),
    kind: ledgerEntryKind().notNull(),
    amountMinor: bigint({ mode: "number" }).notNull(),
    currency: text().notNull(),
    /** How money moved, for payments and refunds. */
    method: paymentMethod(),
    treatmentId: uuid(),
    reversesEntryId: uuid(),
    description: text().notNull(),
    /** A receipt number, a terminal's slip number, a provider's transaction id. */
    reference: text(),
    /** The journal entry this is the receivable posting of (money.ts); null only before 0012. */
    journalEntryId: uuid(),
    /** The payment or refund it records, for payments and refunds made since 0012. */
    paymentId: uuid(),
    refundId: uuid(),
    /** The day the entry counts from for aging, in the practice's calendar. */
    effectiveOn: date({ mode: "string" }).notNull(),
    createdBy: uuid().references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("ledger_entry_org_id_key").on(t.organizationId, t.id),
    index("ledger_entry_org_patient_idx").on(t.organizationId, t.patientId, t.createdAt, t.id),
    uniqueIndex(constraints.ledgerReversal)
      .on(t.organizationId, t.reversesEntryId)
      .where(sql`${t.reversesEntryId} is not null`),
    index("ledger_entry_org_payment_idx")
      .on(t.organizationId, t.paymentId)
      .where(sql`${t.paymentId} is not null`),
    index("ledger_entry_org_treatment_idx")
      .on(t.organizationId, t.treatmentId)
      .where(sql`${t.treatmentId} is not null`),
    foreignKey({
      name: constraints.ledgerPatient,
      columns: [t.organizationId, t.patientId],
      foreignColumns: [patient.organizationId, patient.id],
    }),
    foreignKey({
      name: constraints.ledgerTreatment,
      columns: [t.organizationId, t.treatmentId],
      foreignColumns: [treatment.organizationId, treatment.id],
    }),
    foreignKey({
      name: "ledger_entry_reverses_fk",
      columns: [t.organizationId, t.reversesEntryId],
      foreignColumns: [t.organizationId, t.id],
    }),
    check("ledger_entry_currency", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check(
      "ledger_entry_sign",
      sql`${t.amountMinor} <> 0 and (${t.reversesEntryId} is not null
        or (${t.kind} = 'charge' and ${t.amountMinor} > 0)
        or (${t.kind} = 'payment' and ${t.amountMinor} < 0)
        or (${t.kind} = 'refund' and ${t.amountMinor} > 0)
        or ${t.kind} = 'adjustment')`,
    ),
    check(
      "ledger_entry_method",
      sql`(${t.method} is not null) = (${t.kind} in ('payment', 'refund'))`,
    ),
  ],
);
