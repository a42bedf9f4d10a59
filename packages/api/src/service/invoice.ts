// Invoices: what a patient is asked to pay, with lines typed in, taken from services, from the
// patient's completed treatments or from an appointment. A draft has no number; issuing takes the
// practice's next number under the counter's row lock (in the issuing transaction, so a failed
// issue gives its number back and numbers have no gaps) and posts the charge of the lines the
// account does not already carry. A void reverses that charge; its number stays used.
import { schema, type Database } from "@caredesk/db";
import type {
  InvoiceCreateInput,
  InvoiceLineInput,
  InvoiceListInput,
  InvoiceStatus,
  InvoiceUpdateDraftInput,
  InvoiceVoidInput,
} from "@caredesk/validators";
import { and, asc, desc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { conflict, FieldError, notFound } from "../errors";
import type { OrgScope, PatientScope } from "../scope";
import { practiceToday } from "./dental";
import { postJournal, reverseJournal, type Posting } from "./journal";
import { cursorId, decodeCursor, toPage } from "./pagination";
import { listPayments, paidStatuses, type PaymentView } from "./payment";
import { getPatient } from "./patient";
import { sameTenant } from "./tenant";

const {
  appointment,
  invoice,
  invoiceCounter,
  invoiceLine,
  journalEntry,
  ledgerEntry,
  organization,
  patient,
  payment,
  service,
  treatment,
} = schema;

type InvoiceEditor = Pick<OrgScope, "db" | "org" | "user" | "mutate">;
type InvoiceRow = typeof invoice.$inferSelect;

// ---------------------------------------------------------------------------------------------
// Money

/**
 * Tax on an amount at a rate in basis points, rounded half up, in integer arithmetic (BigInt:
 * quantity × price × rate may pass 2^53).
 */
export function taxOf(baseMinor: number, rateBps: number): number {
  if (baseMinor <= 0 || rateBps <= 0) return 0;
  return Number((BigInt(baseMinor) * BigInt(rateBps) + 5000n) / 10000n);
}

export interface LineAmounts {
  quantity: number;
  unitPriceMinor: number;
  discountMinor: number;
}

/** A line's tax and total: tax on quantity × price − discount, then total = that + tax. */
export function lineMoney(line: LineAmounts, rateBps: number) {
  const gross = line.quantity * line.unitPriceMinor;
  const base = gross - line.discountMinor;
  const taxMinor = taxOf(base, rateBps);
  return { grossMinor: gross, baseMinor: base, taxMinor, totalMinor: base + taxMinor };
}

/** An invoice's totals from its lines, as the database checks them. */
export function invoiceTotals(lines: readonly (LineAmounts & { taxMinor: number })[]) {
  let subtotal = 0;
  let discount = 0;
  let tax = 0;
  for (const l of lines) {
    subtotal += l.quantity * l.unitPriceMinor;
    discount += l.discountMinor;
    tax += l.taxMinor;
  }
  return {
    subtotalMinor: subtotal,
    discountMinor: discount,
    taxMinor: tax,
    totalMinor: subtotal - discount + tax,
  };
}

// ---------------------------------------------------------------------------------------------
// Views

export interface InvoiceLineView {
  id: string;
  position: number;
  description: string;
  quantity: number;
  unitPriceMinor: number;
  discountMinor: number;
  taxMinor: number;
  totalMinor: number;
  serviceId: string | null;
  treatmentId: string | null;
}

export interface InvoiceSummary {
  id: string;
  patientId: string;
  patientName: string;
  number: number | null;
  status: InvoiceStatus;
  currency: string;
  subtotalMinor: number;
  discountMinor: number;
  taxMinor: number;
  totalMinor: number;
  appointmentId: string | null;
  issuedAt: Date | null;
  dueOn: string | null;
  voidedAt: Date | null;
  createdAt: Date;
  /** What is still owed on it (zero for drafts and void invoices). */
  outstandingMinor: number;
}

export interface InvoiceView extends InvoiceSummary {
  notes: string | null;
  voidReason: string | null;
  version: number;
  taxRateBps: number;
  taxLabel: string;
  lines: InvoiceLineView[];
  payments: PaymentView[];
  /** What its payments keep (paid less refunded). */
  paidMinor: number;
}

const summaryColumns = {
  id: invoice.id,
  patientId: invoice.patientId,
  patientName: sql<string>`${patient.firstName} || ' ' || ${patient.lastName}`,
  number: invoice.number,
  status: invoice.status,
  currency: invoice.currency,
  subtotalMinor: invoice.subtotalMinor,
  discountMinor: invoice.discountMinor,
  taxMinor: invoice.taxMinor,
  totalMinor: invoice.totalMinor,
  appointmentId: invoice.appointmentId,
  issuedAt: invoice.issuedAt,
  dueOn: invoice.dueOn,
  voidedAt: invoice.voidedAt,
  createdAt: invoice.createdAt,
};

const lineColumns = {
  id: invoiceLine.id,
  position: invoiceLine.position,
  description: invoiceLine.description,
  quantity: invoiceLine.quantity,
  unitPriceMinor: invoiceLine.unitPriceMinor,
  discountMinor: invoiceLine.discountMinor,
  taxMinor: invoiceLine.taxMinor,
  totalMinor: invoiceLine.totalMinor,
  serviceId: invoiceLine.serviceId,
  treatmentId: invoiceLine.treatmentId,
};

async function taxSettings(db: Database, organizationId: string) {
  const [row] = await db
    .select({ taxRateBps: organization.taxRateBps, taxLabel: organization.taxLabel })
    .from(organization)
    .where(eq(organization.id, organizationId));
  if (!row) throw notFound("Organization not found");
  return row;
}

/** What the payments of an invoice keep: paid less refunded. */
export async function invoicePaid(
  db: Database,
  organizationId: string,
  invoiceId: string,
): Promise<number> {
  return (await invoicesPaid(db, organizationId, [invoiceId])).get(invoiceId) ?? 0;
}

/** What the payments of each of these invoices keep (paid less refunded), in one query. */
async function invoicesPaid(
  db: Database,
  organizationId: string,
  invoiceIds: string[],
): Promise<Map<string, number>> {
  if (invoiceIds.length === 0) return new Map();
  const rows = await db
    .select({
      invoiceId: payment.invoiceId,
      kept: sql<string>`coalesce(sum(${payment.amountMinor} - ${payment.refundedMinor}), 0)`,
    })
    .from(payment)
    .where(
      and(
        eq(payment.organizationId, organizationId),
        inArray(payment.invoiceId, invoiceIds),
        inArray(payment.status, [...paidStatuses]),
      ),
    )
    .groupBy(payment.invoiceId);
  return new Map(rows.flatMap((r) => (r.invoiceId ? [[r.invoiceId, Number(r.kept)]] : [])));
}

/** One invoice with its lines and payments; `patientId` limits it to one patient's (the portal). */
export async function getInvoice(
  db: Database,
  org: { id: string; currency: string; timeZone: string },
  id: string,
  patientId?: string,
): Promise<InvoiceView> {
  const [row] = await db
    .select({
      ...summaryColumns,
      notes: invoice.notes,
      voidReason: invoice.voidReason,
      version: invoice.version,
    })
    .from(invoice)
    .innerJoin(patient, sameTenant(patient, invoice.organizationId, invoice.patientId))
    .where(
      and(
        eq(invoice.organizationId, org.id),
        eq(invoice.id, id),
        patientId ? eq(invoice.patientId, patientId) : undefined,
      ),
    );
  if (!row) throw notFound("Invoice not found");
  const [lines, payments, paid, tax] = await Promise.all([
    db
      .select(lineColumns)
      .from(invoiceLine)
      .where(and(eq(invoiceLine.organizationId, org.id), eq(invoiceLine.invoiceId, id)))
      .orderBy(asc(invoiceLine.position)),
    listPayments(db, org, { invoiceId: id, limit: 100 }),
    invoicePaid(db, org.id, id),
    taxSettings(db, org.id),
  ]);
  return {
    ...row,
    ...tax,
    lines,
    payments: payments.items,
    paidMinor: paid,
    outstandingMinor: row.status === "issued" ? row.totalMinor - paid : 0,
  };
}

/** Creation time to the millisecond, as a cursor carries it. */
const createdMs = sql<Date>`date_trunc('milliseconds', ${invoice.createdAt})`;

export async function listInvoices(
  db: Database,
  organizationId: string,
  input: InvoiceListInput,
): Promise<{ items: InvoiceSummary[]; nextCursor: string | null }> {
  const after = decodeCursor(input.cursor);
  const afterTime = after ? new Date(String(after[0])) : null;
  if (afterTime && Number.isNaN(afterTime.getTime())) {
    throw new FieldError("BAD_REQUEST", { cursor: ["Invalid cursor"] });
  }
  const afterId = after ? cursorId(after[1]) : null;
  // Another practice's patient is not found, rather than a list that is merely empty.
  if (input.patientId) await getPatient(db, organizationId, input.patientId);
  const rows = await db
    .select(summaryColumns)
    .from(invoice)
    .innerJoin(patient, sameTenant(patient, invoice.organizationId, invoice.patientId))
    .where(
      and(
        eq(invoice.organizationId, organizationId),
        input.patientId ? eq(invoice.patientId, input.patientId) : undefined,
        input.status ? eq(invoice.status, input.status) : undefined,
        afterTime && afterId
          ? or(lt(createdMs, afterTime), and(eq(createdMs, afterTime), lt(invoice.id, afterId)))
          : undefined,
      ),
    )
    .orderBy(desc(createdMs), desc(invoice.id))
    .limit(input.limit + 1);
  const paid = await invoicesPaid(
    db,
    organizationId,
    rows.map((r) => r.id),
  );
  const items = rows.map((row) => ({
    ...row,
    outstandingMinor: row.status === "issued" ? row.totalMinor - (paid.get(row.id) ?? 0) : 0,
  }));
  return toPage(items, input.limit, (last) => [last.createdAt.toISOString(), last.id]);
}

/** The portal: the caller's own issued (and void) invoices; drafts stay with the practice. */
export async function myInvoices(
  ctx: Pick<PatientScope, "db" | "org" | "patient">,
  input: Pick<InvoiceListInput, "cursor" | "limit">,
) {
  const page = await listInvoices(ctx.db, ctx.org.id, { ...input, patientId: ctx.patient.id });
  return { ...page, items: page.items.filter((i) => i.status !== "draft") };
}

export async function myInvoice(
  ctx: Pick<PatientScope, "db" | "org" | "patient">,
  id: string,
): Promise<InvoiceView> {
  const view = await getInvoice(ctx.db, ctx.org, id, ctx.patient.id);
  if (view.status === "draft") throw notFound("Invoice not found");
  return view;
}

// ---------------------------------------------------------------------------------------------
// Drafts

interface NewLine {
  description: string;
  quantity: number;
  unitPriceMinor: number;
  discountMinor: number;
  serviceId: string | null;
  treatmentId: string | null;
}

/** Typed-in and service lines: a service fills the name and price left out. */
async function typedLines(
  tx: Database,
  organizationId: string,
  lines: readonly InvoiceLineInput[],
): Promise<NewLine[]> {
  const serviceIds = [...new Set(lines.flatMap((l) => (l.serviceId ? [l.serviceId] : [])))];
  const services = serviceIds.length
    ? await tx
        .select({ id: service.id, name: service.name, priceMinor: service.priceMinor })
        .from(service)
        .where(and(eq(service.organizationId, organizationId), inArray(service.id, serviceIds)))
    : [];
  return lines.map((line, i) => {
    const picked = line.serviceId ? services.find((s) => s.id === line.serviceId) : undefined;
    if (line.serviceId && !picked) {
      throw new FieldError("NOT_FOUND", { [`lines.${i}.serviceId`]: ["Service not found"] });
    }
    const description = line.description || picked?.name;
    if (!description) {
      throw new FieldError("BAD_REQUEST", {
        [`lines.${i}.description`]: ["Describe the line or choose a service"],
      });
    }
    const unitPriceMinor = line.unitPriceMinor ?? picked?.priceMinor;
    if (unitPriceMinor === undefined) {
      throw new FieldError("BAD_REQUEST", {
        [`lines.${i}.unitPriceMinor`]: ["Enter a price or choose a service"],
      });
    }
    if (line.discountMinor > line.quantity * unitPriceMinor) {
      throw new FieldError("BAD_REQUEST", {
        [`lines.${i}.discountMinor`]: ["The discount cannot be more than the line"],
      });
    }
    return {
      description,
      quantity: line.quantity,
      unitPriceMinor,
      discountMinor: line.discountMinor,
      serviceId: line.serviceId ?? null,
      treatmentId: null,
    };
  });
}

/**
 * Lines for completed treatments of the patient that no other invoice carries (a draft being
 * edited may keep its own). Locked, so two drafts racing for one treatment cannot both take it
 * (the unique index on invoice lines backs that up).
 */
async function treatmentLines(
  tx: Database,
  organizationId: string,
  patientId: string,
  treatmentIds: readonly string[],
  ownInvoiceId: string | null,
): Promise<NewLine[]> {
  const ids = [...new Set(treatmentIds)];
  if (ids.length === 0) return [];
  const rows = await tx
    .select({
      id: treatment.id,
      description: treatment.description,
      tooth: treatment.tooth,
      priceMinor: treatment.priceMinor,
      discountMinor: treatment.discountMinor,
      status: treatment.status,
      serviceId: treatment.serviceId,
    })
    .from(treatment)
    .where(
      and(
        eq(treatment.organizationId, organizationId),
        eq(treatment.patientId, patientId),
        inArray(treatment.id, ids),
        isNull(treatment.removedAt),
      ),
    )
    .for("update");
  const invoiced = await tx
    .select({ treatmentId: invoiceLine.treatmentId, number: invoice.number })
    .from(invoiceLine)
    .innerJoin(invoice, sameTenant(invoice, invoiceLine.organizationId, invoiceLine.invoiceId))
    .where(
      and(
        eq(invoiceLine.organizationId, organizationId),
        inArray(invoiceLine.treatmentId, ids),
        ownInvoiceId ? sql`${invoiceLine.invoiceId} <> ${ownInvoiceId}` : undefined,
      ),
    );
  return ids.map((id, i) => {
    const row = rows.find((r) => r.id === id);
    if (!row) throw new FieldError("NOT_FOUND", { [`treatmentIds.${i}`]: ["Treatment not found"] });
    if (row.status !== "completed") {
      throw new FieldError("CONFLICT", {
        [`treatmentIds.${i}`]: ["Only a completed treatment can be invoiced"],
      });
    }
    const already = invoiced.find((r) => r.treatmentId === id);
    if (already) {
      throw new FieldError("CONFLICT", {
        [`treatmentIds.${i}`]: [
          already.number
            ? `This treatment is on invoice ${already.number}`
            : "This treatment is on another draft invoice",
        ],
      });
    }
    return {
      description: row.tooth ? `${row.description} (tooth ${row.tooth})` : row.description,
      quantity: 1,
      unitPriceMinor: row.priceMinor,
      discountMinor: row.discountMinor,
      serviceId: row.serviceId,
      treatmentId: row.id,
    };
  });
}

/** The line an appointment of the patient bills: its service at the service's price. */
async function appointmentLine(
  tx: Database,
  org: { id: string; timeZone: string },
  patientId: string,
  appointmentId: string,
): Promise<NewLine> {
  const [row] = await tx
    .select({
      status: appointment.status,
      startsAt: appointment.startsAt,
      serviceId: service.id,
      name: service.name,
      priceMinor: service.priceMinor,
    })
    .from(appointment)
    .innerJoin(service, sameTenant(service, appointment.organizationId, appointment.serviceId))
    .where(
      and(
        eq(appointment.organizationId, org.id),
        eq(appointment.id, appointmentId),
        eq(appointment.patientId, patientId),
      ),
    );
  if (!row) throw new FieldError("NOT_FOUND", { appointmentId: ["Appointment not found"] });
  if (row.status === "cancelled" || row.status === "held") {
    throw new FieldError("CONFLICT", {
      appointmentId: ["A cancelled appointment cannot be invoiced"],
    });
  }
  return {
    description: `${row.name}, ${practiceToday(org.timeZone, row.startsAt)}`,
    quantity: 1,
    unitPriceMinor: row.priceMinor,
    discountMinor: 0,
    serviceId: row.serviceId,
    treatmentId: null,
  };
}

/** Writes a draft's lines (replacing any) and its totals. */
async function writeLines(
  tx: Database,
  organizationId: string,
  invoiceId: string,
  lines: readonly NewLine[],
  rateBps: number,
) {
  await tx
    .delete(invoiceLine)
    .where(
      and(eq(invoiceLine.organizationId, organizationId), eq(invoiceLine.invoiceId, invoiceId)),
    );
  const priced = lines.map((line, position) => {
    const money = lineMoney(line, rateBps);
    return {
      ...line,
      organizationId,
      invoiceId,
      position,
      taxMinor: money.taxMinor,
      totalMinor: money.totalMinor,
    };
  });
  if (priced.length > 0) await tx.insert(invoiceLine).values(priced);
  return invoiceTotals(priced);
}

function checkNotEmpty(lines: readonly NewLine[]) {
  if (lines.length === 0) {
    throw new FieldError("BAD_REQUEST", {
      lines: ["Add a line, a treatment or an appointment"],
    });
  }
}

export function createInvoice(ctx: InvoiceEditor, input: InvoiceCreateInput): Promise<InvoiceView> {
  return ctx.mutate(async (tx, audit) => {
    await getPatient(tx, ctx.org.id, input.patientId);
    const { taxRateBps } = await taxSettings(tx, ctx.org.id);
    const lines = [
      ...(input.appointmentId
        ? [await appointmentLine(tx, ctx.org, input.patientId, input.appointmentId)]
        : []),
      ...(await treatmentLines(tx, ctx.org.id, input.patientId, input.treatmentIds, null)),
      ...(await typedLines(tx, ctx.org.id, input.lines)),
    ];
    checkNotEmpty(lines);
    if (input.appointmentId) {
      const [live] = await tx
        .select({ number: invoice.number })
        .from(invoice)
        .where(
          and(
            eq(invoice.organizationId, ctx.org.id),
            eq(invoice.appointmentId, input.appointmentId),
            sql`${invoice.status} <> 'void'`,
          ),
        );
      if (live) {
        throw new FieldError("CONFLICT", {
          appointmentId: [
            live.number
              ? `This appointment is on invoice ${live.number}`
              : "This appointment is on a draft invoice",
          ],
        });
      }
    }
    const [row] = await tx
      .insert(invoice)
      .values({
        organizationId: ctx.org.id,
        patientId: input.patientId,
        currency: ctx.org.currency,
        appointmentId: input.appointmentId ?? null,
        notes: input.notes ?? null,
        dueOn: input.dueOn ?? null,
        createdBy: ctx.user.id,
      })
      .returning({ id: invoice.id });
    if (!row) throw new Error("invoice insert returned nothing");
    const totals = await writeLines(tx, ctx.org.id, row.id, lines, taxRateBps);
    await tx
      .update(invoice)
      .set(totals)
      .where(and(eq(invoice.organizationId, ctx.org.id), eq(invoice.id, row.id)));
    const view = await getInvoice(tx, ctx.org, row.id);
    audit({ entityType: "invoice", entityId: row.id, patientId: input.patientId, after: view });
    return view;
  });
}

async function lockInvoice(tx: Database, organizationId: string, id: string): Promise<InvoiceRow> {
  const [row] = await tx
    .select()
    .from(invoice)
    .where(and(eq(invoice.organizationId, organizationId), eq(invoice.id, id)))
    .for("update");
  if (!row) throw notFound("Invoice not found");
  return row;
}

export function updateDraft(
  ctx: InvoiceEditor,
  input: InvoiceUpdateDraftInput,
): Promise<InvoiceView> {
  return ctx.mutate(async (tx, audit) => {
    const row = await lockInvoice(tx, ctx.org.id, input.id);
    if (row.status !== "draft") throw conflict("Only a draft invoice can be changed");
    const before = await getInvoice(tx, ctx.org, row.id);
    const { taxRateBps } = await taxSettings(tx, ctx.org.id);
    const lines = [
      ...(await treatmentLines(tx, ctx.org.id, row.patientId, input.treatmentIds, row.id)),
      ...(await typedLines(tx, ctx.org.id, input.lines)),
    ];
    checkNotEmpty(lines);
    const totals = await writeLines(tx, ctx.org.id, row.id, lines, taxRateBps);
    await tx
      .update(invoice)
      .set({
        ...totals,
        notes: input.notes ?? null,
        dueOn: input.dueOn ?? null,
        version: sql`${invoice.version} + 1`,
      })
      .where(and(eq(invoice.organizationId, ctx.org.id), eq(invoice.id, row.id)));
    const after = await getInvoice(tx, ctx.org, row.id);
    audit({ entityType: "invoice", entityId: row.id, patientId: row.patientId, before, after });
    return after;
  });
}

// ---------------------------------------------------------------------------------------------
// Issue and void

/** The practice's next invoice number, taken under the counter's row lock until commit. */
async function nextNumber(tx: Database, organizationId: string): Promise<number> {
  const [row] = await tx
    .insert(invoiceCounter)
    .values({ organizationId, lastNumber: 1 })
    .onConflictDoUpdate({
      target: invoiceCounter.organizationId,
      set: { lastNumber: sql`${invoiceCounter.lastNumber} + 1` },
    })
    .returning({ lastNumber: invoiceCounter.lastNumber });
  if (!row) throw new Error("invoice counter returned nothing");
  return row.lastNumber;
}

/**
 * Issues a draft inside the caller's transaction: numbers it, then posts the charge of its lines
 * the account does not carry yet (a treatment's price is charged by the chart when it is
 * completed, so only its tax is posted here). Exported for the gapless-numbering test, which
 * aborts some issuing transactions after this has run.
 */
export async function issueDraft(
  tx: Database,
  org: { id: string; timeZone: string },
  userId: string | null,
  id: string,
): Promise<{ before: InvoiceRow; number: number }> {
  const row = await lockInvoice(tx, org.id, id);
  if (row.status !== "draft") throw conflict("This invoice was already issued");
  const lines = await tx
    .select(lineColumns)
    .from(invoiceLine)
    .where(and(eq(invoiceLine.organizationId, org.id), eq(invoiceLine.invoiceId, id)))
    .orderBy(asc(invoiceLine.position));
  if (lines.length === 0) throw conflict("An invoice without lines cannot be issued");
  const number = await nextNumber(tx, org.id);
  await tx
    .update(invoice)
    .set({
      number,
      status: "issued",
      issuedAt: new Date(),
      version: sql`${invoice.version} + 1`,
    })
    .where(and(eq(invoice.organizationId, org.id), eq(invoice.id, id)));
  let revenue = 0;
  let tax = 0;
  for (const line of lines) {
    tax += line.taxMinor;
    if (!line.treatmentId) revenue += line.quantity * line.unitPriceMinor - line.discountMinor;
  }
  if (revenue + tax > 0) {
    const memo = `Invoice ${number}`;
    const postings: Posting[] = [
      {
        account: "receivable",
        amountMinor: revenue + tax,
        patientId: row.patientId,
        line: { kind: "charge", description: memo, reference: String(number) },
      },
    ];
    if (revenue > 0) postings.push({ account: "revenue", amountMinor: -revenue });
    if (tax > 0) postings.push({ account: "tax_payable", amountMinor: -tax });
    await postJournal(tx, org.id, {
      kind: "charge",
      memo,
      currency: row.currency,
      effectiveOn: practiceToday(org.timeZone),
      createdBy: userId,
      invoiceId: id,
      postings,
    });
  }
  return { before: row, number };
}

/** A line priced by its caller (an order's item, taxed at its product's rate). */
export interface PricedLine extends LineAmounts {
  description: string;
  taxMinor: number;
}

/**
 * Makes and issues an invoice inside the caller's transaction, from lines priced elsewhere (a
 * pharmacy order's items): numbered and charged like any other. Answers its id and number.
 */
export async function createIssuedInvoice(
  tx: Database,
  org: { id: string; currency: string; timeZone: string },
  userId: string | null,
  input: { patientId: string; notes: string | null; lines: readonly PricedLine[] },
): Promise<{ id: string; number: number }> {
  const [row] = await tx
    .insert(invoice)
    .values({
      organizationId: org.id,
      patientId: input.patientId,
      currency: org.currency,
      notes: input.notes,
      createdBy: userId,
    })
    .returning({ id: invoice.id });
  if (!row) throw new Error("invoice insert returned nothing");
  const lines = input.lines.map((line, position) => ({
    organizationId: org.id,
    invoiceId: row.id,
    position,
    description: line.description,
    quantity: line.quantity,
    unitPriceMinor: line.unitPriceMinor,
    discountMinor: line.discountMinor,
    taxMinor: line.taxMinor,
    totalMinor: line.quantity * line.unitPriceMinor - line.discountMinor + line.taxMinor,
  }));
  if (lines.length > 0) await tx.insert(invoiceLine).values(lines);
  await tx
    .update(invoice)
    .set(invoiceTotals(lines))
    .where(and(eq(invoice.organizationId, org.id), eq(invoice.id, row.id)));
  const { number } = await issueDraft(tx, org, userId, row.id);
  return { id: row.id, number };
}

export function issueInvoice(ctx: InvoiceEditor, id: string): Promise<InvoiceView> {
  return ctx.mutate(async (tx, audit) => {
    const { before } = await issueDraft(tx, ctx.org, ctx.user.id, id);
    const after = await getInvoice(tx, ctx.org, id);
    audit({ entityType: "invoice", entityId: id, patientId: before.patientId, before, after });
    return after;
  });
}

/**
 * Voids an issued invoice nothing was paid on: its charge is reversed (the account line too);
 * its number stays used, so the sequence keeps no gaps.
 */
export function voidInvoice(ctx: InvoiceEditor, input: InvoiceVoidInput): Promise<InvoiceView> {
  return ctx.mutate(async (tx, audit) => {
    const row = await voidIssuedInvoice(tx, ctx.org, ctx.user.id, input.id, input.reason);
    const after = await getInvoice(tx, ctx.org, row.id);
    audit({
      entityType: "invoice",
      entityId: row.id,
      patientId: row.patientId,
      before: row,
      after,
    });
    return after;
  });
}

/**
 * Voids an issued invoice inside the caller's transaction (a cancelled order's bill): refused
 * while money paid on it is kept. Answers the invoice as it was.
 */
export async function voidIssuedInvoice(
  tx: Database,
  org: { id: string; timeZone: string },
  userId: string,
  id: string,
  reason: string,
): Promise<InvoiceRow> {
  const row = await lockInvoice(tx, org.id, id);
  if (row.status !== "issued") {
    throw conflict(
      row.status === "void" ? "This invoice is already void" : "A draft is changed, not voided",
    );
  }
  const [open] = await tx
    .select({ id: payment.id })
    .from(payment)
    .where(
      and(
        eq(payment.organizationId, org.id),
        eq(payment.invoiceId, row.id),
        or(
          inArray(payment.status, ["processing", "requires_action", "held_for_review"]),
          and(
            inArray(payment.status, [...paidStatuses]),
            sql`${payment.amountMinor} > ${payment.refundedMinor}`,
          ),
        ),
      ),
    )
    .limit(1);
  if (open) {
    throw new FieldError("CONFLICT", {
      id: ["Money was paid on this invoice: refund it before voiding the invoice"],
    });
  }
  const charges = await tx
    .select({ id: journalEntry.id, memo: journalEntry.memo })
    .from(journalEntry)
    .where(
      and(
        eq(journalEntry.organizationId, org.id),
        eq(journalEntry.invoiceId, row.id),
        eq(journalEntry.kind, "charge"),
      ),
    );
  const memo = `Invoice ${row.number ?? ""} void: ${reason}`;
  for (const charge of charges) {
    const lines = await tx
      .select({
        id: ledgerEntry.id,
        kind: ledgerEntry.kind,
        description: ledgerEntry.description,
        method: ledgerEntry.method,
        treatmentId: ledgerEntry.treatmentId,
        reference: ledgerEntry.reference,
      })
      .from(ledgerEntry)
      .where(and(eq(ledgerEntry.organizationId, org.id), eq(ledgerEntry.journalEntryId, charge.id)))
      .orderBy(asc(ledgerEntry.createdAt), asc(ledgerEntry.id));
    await reverseJournal(
      tx,
      org.id,
      { entryId: charge.id, memo: charge.memo },
      {
        memo,
        effectiveOn: practiceToday(org.timeZone),
        createdBy: userId,
        lines,
        links: { invoiceId: row.id },
      },
    );
  }
  await tx
    .update(invoice)
    .set({
      status: "void",
      voidedAt: new Date(),
      voidReason: reason,
      version: sql`${invoice.version} + 1`,
    })
    .where(and(eq(invoice.organizationId, org.id), eq(invoice.id, row.id)));
  return row;
}
