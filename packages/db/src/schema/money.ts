// Money: invoices, payments by every method behind one state machine, refunds, escrow for
// consultations paid at booking, payouts to doctors, providers' webhooks stored once, and the
// double-entry journal every movement is posted to.
//
// Amounts are integer minor units with an ISO 4217 currency. Journal entries and their postings
// are never updated or deleted, and the postings of an entry sum to zero per currency — both
// enforced by PostgreSQL (migration 0012), whatever code or SQL tries. The patient ledger
// (dental.ts, `ledger_entry`) is the receivable sub-ledger: each of its rows is the receivable
// posting of one journal entry, written with it.
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
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
import { paymentMethod, treatment } from "./dental";
import { organization, user } from "./identity";
import { patient } from "./patient";
import { pharmacyOrder } from "./pharmacy";
import { appointment } from "./scheduling";
import { practitioner, service } from "./structure";

const orgId = () =>
  uuid()
    .notNull()
    .references(() => organization.id, { onDelete: "cascade" });

export const paymentProvider = pgEnum("payment_provider", ["stripe", "razorpay", "fawry"]);

/**
 * A practice's keys for one provider. The secret parts are sealed (AES-256-GCM, a key from the
 * environment, bound to this row's id) and never leave the server; `publicKey` is what a browser
 * may see (Stripe's publishable key, Razorpay's key id, Fawry's merchant code).
 */
export const paymentAccount = pgTable(
  "payment_account",
  {
    id: id(),
    organizationId: orgId(),
    provider: paymentProvider().notNull(),
    publicKey: text().notNull(),
    sealedSecrets: text().notNull(),
    enabled: boolean().notNull().default(true),
    ...timestamps(),
  },
  (t) => [
    unique("payment_account_org_id_key").on(t.organizationId, t.id),
    uniqueIndex(constraints.paymentAccountProvider).on(t.organizationId, t.provider),
  ],
);

export const invoiceStatus = pgEnum("invoice_status", ["draft", "issued", "void"]);

/** The next invoice number of each practice: taken under a row lock, so numbers have no gaps. */
export const invoiceCounter = pgTable("invoice_counter", {
  organizationId: uuid()
    .primaryKey()
    .references(() => organization.id, { onDelete: "cascade" }),
  lastNumber: integer().notNull().default(0),
});

/**
 * What a patient is asked to pay. A draft has no number; issuing it takes the next number and
 * posts the charge of its lines that the account does not already carry. Totals are kept with
 * the lines (the service computes them together); what was paid comes from payments.
 */
export const invoice = pgTable(
  "invoice",
  {
    id: id(),
    organizationId: orgId(),
    patientId: uuid().notNull(),
    /** Sequential per practice from 1, given at issue. */
    number: integer(),
    status: invoiceStatus().notNull().default("draft"),
    currency: text().notNull(),
    subtotalMinor: bigint({ mode: "number" }).notNull().default(0),
    discountMinor: bigint({ mode: "number" }).notNull().default(0),
    taxMinor: bigint({ mode: "number" }).notNull().default(0),
    totalMinor: bigint({ mode: "number" }).notNull().default(0),
    /** The appointment it bills, if it was made from one (one live invoice per appointment). */
    appointmentId: uuid(),
    notes: text(),
    issuedAt: timestamp({ withTimezone: true }),
    dueOn: date({ mode: "string" }),
    voidedAt: timestamp({ withTimezone: true }),
    voidReason: text(),
    createdBy: uuid().references(() => user.id, { onDelete: "set null" }),
    version: integer().notNull().default(1),
    ...timestamps(),
  },
  (t) => [
    unique("invoice_org_id_key").on(t.organizationId, t.id),
    uniqueIndex(constraints.invoiceNumber)
      .on(t.organizationId, t.number)
      .where(sql`${t.number} is not null`),
    uniqueIndex(constraints.invoiceAppointment)
      .on(t.organizationId, t.appointmentId)
      .where(sql`${t.appointmentId} is not null and ${t.status} <> 'void'`),
    index("invoice_org_patient_idx").on(t.organizationId, t.patientId, t.createdAt),
    index("invoice_org_created_idx").on(t.organizationId, t.createdAt, t.id),
    foreignKey({
      name: constraints.invoicePatient,
      columns: [t.organizationId, t.patientId],
      foreignColumns: [patient.organizationId, patient.id],
    }),
    foreignKey({
      name: constraints.invoiceAppointment + "_fk",
      columns: [t.organizationId, t.appointmentId],
      foreignColumns: [appointment.organizationId, appointment.id],
    }),
    check("invoice_currency", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check(
      "invoice_totals",
      sql`${t.subtotalMinor} >= 0 and ${t.discountMinor} >= 0 and ${t.taxMinor} >= 0
        and ${t.discountMinor} <= ${t.subtotalMinor}
        and ${t.totalMinor} = ${t.subtotalMinor} - ${t.discountMinor} + ${t.taxMinor}`,
    ),
    check("invoice_number_when_issued", sql`(${t.number} is null) = (${t.status} = 'draft')`),
  ],
);

export const invoiceLine = pgTable(
  "invoice_line",
  {
    id: id(),
    organizationId: orgId(),
    invoiceId: uuid().notNull(),
    position: integer().notNull(),
    description: text().notNull(),
    quantity: integer().notNull().default(1),
    unitPriceMinor: bigint({ mode: "number" }).notNull(),
    discountMinor: bigint({ mode: "number" }).notNull().default(0),
    taxMinor: bigint({ mode: "number" }).notNull().default(0),
    /** quantity × unit price − discount + tax. */
    totalMinor: bigint({ mode: "number" }).notNull(),
    serviceId: uuid(),
    /** A completed dental treatment: its charge is already on the account, so issuing posts only its tax. */
    treatmentId: uuid(),
    ...timestamps(),
  },
  (t) => [
    index("invoice_line_org_invoice_idx").on(t.organizationId, t.invoiceId, t.position),
    uniqueIndex(constraints.invoiceLineTreatment)
      .on(t.organizationId, t.treatmentId)
      .where(sql`${t.treatmentId} is not null`),
    foreignKey({
      name: "invoice_line_invoice_fk",
      columns: [t.organizationId, t.invoiceId],
      foreignColumns: [invoice.organizationId, invoice.id],
    }).onDelete("cascade"),
    foreignKey({
      name: constraints.invoiceLineTreatment + "_fk",
      columns: [t.organizationId, t.treatmentId],
      foreignColumns: [treatment.organizationId, treatment.id],
    }),
    foreignKey({
      name: constraints.invoiceLineService,
      columns: [t.organizationId, t.serviceId],
      foreignColumns: [service.organizationId, service.id],
    }),
    check(
      "invoice_line_money",
      sql`${t.quantity} between 1 and 10000 and ${t.unitPriceMinor} >= 0 and ${t.discountMinor} >= 0
        and ${t.taxMinor} >= 0 and ${t.discountMinor} <= ${t.quantity} * ${t.unitPriceMinor}
        and ${t.totalMinor} = ${t.quantity} * ${t.unitPriceMinor} - ${t.discountMinor} + ${t.taxMinor}`,
    ),
  ],
);

export const paymentStatus = pgEnum("payment_status", [
  "created",
  "requires_action",
  "processing",
  "succeeded",
  "failed",
  "cancelled",
  "partially_refunded",
  "refunded",
  /** The provider took money that does not match what we asked (amount or currency): staff look. */
  "held_for_review",
]);

/**
 * One payment by any method. Desk payments (cash, card terminal, transfer, cheque) are recorded
 * succeeded; online ones start `created` and move only by a verified provider event or a
 * server-side retrieval, through guarded updates (`where status in (…)`).
 */
export const payment = pgTable(
  "payment",
  {
    id: id(),
    organizationId: orgId(),
    patientId: uuid().notNull(),
    invoiceId: uuid(),
    /** The appointment paid for at booking (a video consultation held in escrow). */
    appointmentId: uuid(),
    method: paymentMethod().notNull(),
    provider: paymentProvider(),
    status: paymentStatus().notNull(),
    amountMinor: bigint({ mode: "number" }).notNull(),
    currency: text().notNull(),
    refundedMinor: bigint({ mode: "number" }).notNull().default(0),
    /** The provider's id of the payment (PaymentIntent, Razorpay order, Fawry merchant reference). */
    providerRef: text(),
    /** The provider's id of the money movement (Stripe charge, Razorpay payment, Fawry reference number). */
    providerPaymentId: text(),
    /** Whether the money is held in escrow until the consultation is done. */
    escrow: boolean().notNull().default(false),
    /** What the provider reported when it did not match (held for review), or why it failed. */
    statusReason: text(),
    reference: text(),
    succeededAt: timestamp({ withTimezone: true }),
    createdBy: uuid().references(() => user.id, { onDelete: "set null" }),
    version: integer().notNull().default(1),
    ...timestamps(),
  },
  (t) => [
    unique("payment_org_id_key").on(t.organizationId, t.id),
    uniqueIndex(constraints.paymentProviderRef)
      .on(t.organizationId, t.provider, t.providerRef)
      .where(sql`${t.providerRef} is not null`),
    index("payment_org_patient_idx").on(t.organizationId, t.patientId, t.createdAt),
    index("payment_org_invoice_idx")
      .on(t.organizationId, t.invoiceId)
      .where(sql`${t.invoiceId} is not null`),
    index("payment_org_appointment_idx")
      .on(t.organizationId, t.appointmentId)
      .where(sql`${t.appointmentId} is not null`),
    index("payment_org_succeeded_idx").on(t.organizationId, t.succeededAt),
    foreignKey({
      name: constraints.paymentPatient,
      columns: [t.organizationId, t.patientId],
      foreignColumns: [patient.organizationId, patient.id],
    }),
    foreignKey({
      name: constraints.paymentInvoice,
      columns: [t.organizationId, t.invoiceId],
      foreignColumns: [invoice.organizationId, invoice.id],
    }),
    foreignKey({
      name: constraints.paymentAppointment,
      columns: [t.organizationId, t.appointmentId],
      foreignColumns: [appointment.organizationId, appointment.id],
    }),
    check("payment_currency", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check("payment_amount_positive", sql`${t.amountMinor} > 0`),
    check(
      constraints.paymentRefundLimit,
      sql`${t.refundedMinor} >= 0 and ${t.refundedMinor} <= ${t.amountMinor}`,
    ),
    check(
      "payment_provider_method",
      sql`(${t.provider} is null) = (${t.method} in ('cash', 'card_terminal', 'bank_transfer', 'cheque'))
        and (${t.provider} is null or ${t.method}::text = ${t.provider}::text)`,
    ),
  ],
);

export const refundStatus = pgEnum("refund_status", ["pending", "succeeded", "failed"]);

/**
 * Money given back. Its amount is reserved on the payment (`refunded_minor`) by a guarded
 * update before the provider is asked, so two refunds can never exceed what was paid; a refund
 * the provider fails gives its reservation back.
 */
export const refund = pgTable(
  "refund",
  {
    id: id(),
    organizationId: orgId(),
    paymentId: uuid().notNull(),
    amountMinor: bigint({ mode: "number" }).notNull(),
    currency: text().notNull(),
    reason: text().notNull(),
    status: refundStatus().notNull(),
    providerRefundId: text(),
    /** Why it was made: staff, a cancellation under the practice's policy, a dispute. */
    origin: text().notNull().default("staff"),
    createdBy: uuid().references(() => user.id, { onDelete: "set null" }),
    ...timestamps(),
  },
  (t) => [
    unique("refund_org_id_key").on(t.organizationId, t.id),
    index("refund_org_payment_idx").on(t.organizationId, t.paymentId),
    uniqueIndex(constraints.refundProviderId)
      .on(t.organizationId, t.paymentId, t.providerRefundId)
      .where(sql`${t.providerRefundId} is not null`),
    foreignKey({
      name: constraints.refundPayment,
      columns: [t.organizationId, t.paymentId],
      foreignColumns: [payment.organizationId, payment.id],
    }),
    check("refund_amount_positive", sql`${t.amountMinor} > 0`),
  ],
);

export const webhookEventStatus = pgEnum("webhook_event_status", [
  "received",
  "applied",
  "ignored",
  "failed",
]);

/** A provider's webhook, verified and stored once by its event id; a job applies it. */
export const webhookEvent = pgTable(
  "webhook_event",
  {
    id: id(),
    organizationId: orgId(),
    accountId: uuid().notNull(),
    provider: paymentProvider().notNull(),
    eventId: text().notNull(),
    type: text().notNull(),
    /** The verified event as read (ProviderEvent), not the raw body. */
    event: jsonb().notNull(),
    status: webhookEventStatus().notNull().default("received"),
    /** How many times it was delivered (a provider's retries and replays land here). */
    deliveries: integer().notNull().default(1),
    attempts: integer().notNull().default(0),
    lastError: text(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    appliedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex(constraints.webhookEventOnce).on(t.organizationId, t.provider, t.eventId),
    index("webhook_event_org_received_idx").on(t.organizationId, t.receivedAt),
    foreignKey({
      name: "webhook_event_account_fk",
      columns: [t.organizationId, t.accountId],
      foreignColumns: [paymentAccount.organizationId, paymentAccount.id],
    }).onDelete("cascade"),
  ],
);

export const escrowStatus = pgEnum("escrow_status", [
  /** Paid, the consultation not yet done (or its dispute window still open). */
  "held",
  /** A dispute stopped the release until staff resolve it. */
  "disputed",
  "released",
  "refunded",
]);

/**
 * A consultation's payment held until the consultation is done and its dispute window has
 * passed; then released exactly once (guarded update `held → released`): the doctor's payable
 * gets the amount less the practice's fee, platform revenue the fee.
 */
export const escrow = pgTable(
  "escrow",
  {
    id: id(),
    organizationId: orgId(),
    paymentId: uuid().notNull(),
    appointmentId: uuid().notNull(),
    practitionerId: uuid().notNull(),
    amountMinor: bigint({ mode: "number" }).notNull(),
    currency: text().notNull(),
    status: escrowStatus().notNull().default("held"),
    /** Set when the consultation is completed: completion + the practice's dispute window. */
    releaseAfter: timestamp({ withTimezone: true }),
    feeBps: integer(),
    feeMinor: bigint({ mode: "number" }),
    releasedAt: timestamp({ withTimezone: true }),
    disputeReason: text(),
    disputedAt: timestamp({ withTimezone: true }),
    resolution: text(),
    version: integer().notNull().default(1),
    ...timestamps(),
  },
  (t) => [
    unique("escrow_org_id_key").on(t.organizationId, t.id),
    uniqueIndex(constraints.escrowPayment).on(t.organizationId, t.paymentId),
    index("escrow_org_practitioner_idx").on(t.organizationId, t.practitionerId, t.status),
    index("escrow_due_idx")
      .on(t.releaseAfter)
      .where(sql`${t.status} = 'held' and ${t.releaseAfter} is not null`),
    foreignKey({
      name: "escrow_payment_fk",
      columns: [t.organizationId, t.paymentId],
      foreignColumns: [payment.organizationId, payment.id],
    }),
    foreignKey({
      name: "escrow_appointment_fk",
      columns: [t.organizationId, t.appointmentId],
      foreignColumns: [appointment.organizationId, appointment.id],
    }),
    foreignKey({
      name: "escrow_practitioner_fk",
      columns: [t.organizationId, t.practitionerId],
      foreignColumns: [practitioner.organizationId, practitioner.id],
    }),
    check("escrow_amount_positive", sql`${t.amountMinor} > 0`),
    check(
      "escrow_fee",
      sql`${t.feeMinor} is null or (${t.feeMinor} >= 0 and ${t.feeMinor} <= ${t.amountMinor})`,
    ),
  ],
);

export const payoutMethod = pgEnum("payout_method", [
  "manual",
  "stripe_transfer",
  "razorpay_route",
]);

/** Money paid out to a doctor from what they have earned. */
export const payout = pgTable(
  "payout",
  {
    id: id(),
    organizationId: orgId(),
    practitionerId: uuid().notNull(),
    amountMinor: bigint({ mode: "number" }).notNull(),
    currency: text().notNull(),
    method: payoutMethod().notNull(),
    reference: text(),
    createdBy: uuid().references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("payout_org_id_key").on(t.organizationId, t.id),
    index("payout_org_practitioner_idx").on(t.organizationId, t.practitionerId, t.createdAt),
    foreignKey({
      name: constraints.payoutPractitioner,
      columns: [t.organizationId, t.practitionerId],
      foreignColumns: [practitioner.organizationId, practitioner.id],
    }),
    check("payout_amount_positive", sql`${t.amountMinor} > 0`),
  ],
);

export const journalKind = pgEnum("journal_kind", [
  "charge",
  "payment",
  "refund",
  "fee",
  "escrow_hold",
  "escrow_release",
  "payout",
  "adjustment",
  "reversal",
  /** A pharmacy sale paid at the counter: cash or card in, revenue and tax out. */
  "sale",
]);

/**
 * The chart of accounts. Debits are positive, credits negative, so every account's balance is
 * the sum of its postings: what a patient owes (receivable), money at hand or at a provider
 * (cash, provider clearing), what is held for consultations (escrow), what the practice owes its
 * doctors (doctor_payable, negative = owed), and income (revenue, platform_revenue; negative).
 */
export const ledgerAccount = pgEnum("ledger_account", [
  "receivable",
  "cash",
  "provider_clearing",
  "escrow",
  "revenue",
  "tax_payable",
  "write_off",
  "doctor_payable",
  "platform_revenue",
]);

/** One movement of money; its postings sum to zero per currency (a deferred constraint trigger). */
export const journalEntry = pgTable(
  "journal_entry",
  {
    id: id(),
    organizationId: orgId(),
    kind: journalKind().notNull(),
    memo: text().notNull(),
    paymentId: uuid(),
    refundId: uuid(),
    invoiceId: uuid(),
    escrowId: uuid(),
    payoutId: uuid(),
    /** A pharmacy counter sale (pharmacy.ts). */
    orderId: uuid(),
    reversesEntryId: uuid(),
    /** The day it counts for (daily takings), in the practice's calendar. */
    effectiveOn: date({ mode: "string" }).notNull(),
    createdBy: uuid().references(() => user.id, { onDelete: "set null" }),
    postedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("journal_entry_org_id_key").on(t.organizationId, t.id),
    index("journal_entry_org_day_idx").on(t.organizationId, t.effectiveOn),
    index("journal_entry_org_payment_idx")
      .on(t.organizationId, t.paymentId)
      .where(sql`${t.paymentId} is not null`),
    uniqueIndex(constraints.journalReversal)
      .on(t.organizationId, t.reversesEntryId)
      .where(sql`${t.reversesEntryId} is not null`),
    // A money movement is posted once: one payment's receipt, one refund, one escrow hold and
    // one release, one payout (reversals aside).
    uniqueIndex(constraints.journalOnce)
      .on(t.organizationId, t.paymentId)
      .where(sql`${t.kind} = 'payment' and ${t.reversesEntryId} is null`),
    uniqueIndex("journal_entry_refund_once")
      .on(t.organizationId, t.refundId)
      .where(sql`${t.kind} = 'refund' and ${t.reversesEntryId} is null`),
    uniqueIndex("journal_entry_escrow_once")
      .on(t.organizationId, t.escrowId, t.kind)
      .where(sql`${t.kind} in ('escrow_hold', 'escrow_release') and ${t.reversesEntryId} is null`),
    uniqueIndex("journal_entry_payout_once")
      .on(t.organizationId, t.payoutId)
      .where(sql`${t.kind} = 'payout'`),
    // Only sales carry an order (and their reversals): a sale is posted once. The predicate
    // avoids naming the enum value `sale`, which cannot be used in the migration that adds it.
    uniqueIndex("journal_entry_sale_once")
      .on(t.organizationId, t.orderId)
      .where(sql`${t.orderId} is not null and ${t.reversesEntryId} is null`),
    foreignKey({
      name: "journal_entry_payment_fk",
      columns: [t.organizationId, t.paymentId],
      foreignColumns: [payment.organizationId, payment.id],
    }),
    foreignKey({
      name: "journal_entry_refund_fk",
      columns: [t.organizationId, t.refundId],
      foreignColumns: [refund.organizationId, refund.id],
    }),
    foreignKey({
      name: "journal_entry_invoice_fk",
      columns: [t.organizationId, t.invoiceId],
      foreignColumns: [invoice.organizationId, invoice.id],
    }),
    foreignKey({
      name: "journal_entry_escrow_fk",
      columns: [t.organizationId, t.escrowId],
      foreignColumns: [escrow.organizationId, escrow.id],
    }),
    foreignKey({
      name: "journal_entry_payout_fk",
      columns: [t.organizationId, t.payoutId],
      foreignColumns: [payout.organizationId, payout.id],
    }),
    foreignKey({
      name: "journal_entry_order_fk",
      columns: [t.organizationId, t.orderId],
      foreignColumns: [pharmacyOrder.organizationId, pharmacyOrder.id],
    }),
    foreignKey({
      name: "journal_entry_reverses_fk",
      columns: [t.organizationId, t.reversesEntryId],
      foreignColumns: [t.organizationId, t.id],
    }),
  ],
);

export const journalPosting = pgTable(
  "journal_posting",
  {
    id: id(),
    organizationId: orgId(),
    entryId: uuid().notNull(),
    account: ledgerAccount().notNull(),
    /** Debit positive, credit negative. */
    amountMinor: bigint({ mode: "number" }).notNull(),
    currency: text().notNull(),
    /** Whose sub-account: the patient (receivable), the doctor (doctor_payable). */
    patientId: uuid(),
    practitionerId: uuid(),
    /** For cash and provider clearing: how the money came (cash, card_terminal, stripe…). */
    method: paymentMethod(),
  },
  (t) => [
    index("journal_posting_org_entry_idx").on(t.organizationId, t.entryId),
    index("journal_posting_org_patient_idx")
      .on(t.organizationId, t.patientId)
      .where(sql`${t.patientId} is not null`),
    index("journal_posting_org_practitioner_idx")
      .on(t.organizationId, t.practitionerId)
      .where(sql`${t.practitionerId} is not null`),
    foreignKey({
      name: "journal_posting_entry_fk",
      columns: [t.organizationId, t.entryId],
      foreignColumns: [journalEntry.organizationId, journalEntry.id],
    }),
    check("journal_posting_amount", sql`${t.amountMinor} <> 0`),
    check("journal_posting_currency", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check(
      "journal_posting_subject",
      sql`(${t.account} <> 'receivable' or ${t.patientId} is not null)
        and (${t.account} <> 'doctor_payable' or ${t.practitionerId} is not null)`,
    ),
  ],
);
