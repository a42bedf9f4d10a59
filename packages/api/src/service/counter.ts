// The pharmacy's counter (point of sale): a walk-in sale is one `pharmacy_order` of channel
// `counter`, collected at once. Prices and tax are the server's (the product's price and tax
// rate); its units are reserved and taken first-expiry-first-out by the stock core in the same
// transaction, and the money is one `sale` journal entry (cash or card terminal in; revenue and
// tax out) for the practice day, so the day's takings show it. A same-day void puts the units
// back and reverses the entry.
import { can } from "@caredesk/auth";
import { schema, type Database } from "@caredesk/db";
import {
  counterMethods,
  type CounterMethod,
  type CounterSalesInput,
  type CounterSellInput,
  type CounterVoidInput,
} from "@caredesk/validators";
import { and, asc, desc, eq, gte, inArray, lt, or, sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { conflict, FieldError, notFound } from "../errors";
import type { OrgScope } from "../scope";
import { practiceDayStart } from "./dental";
import { claimKey, earlierRecord, idempotentRequest } from "./idempotency";
import { lineMoney } from "./invoice";
import { postJournal, reverseJournal, type Posting } from "./journal";
import { nextOrderNumber } from "./order";
import { cursorId, decodeCursor, toPage, type Page } from "./pagination";
import { practiceToday, releaseOrder, reserveForOrder, takeReserved } from "./stock-ledger";

const { journalEntry, orderAllocation, orderItem, patient, pharmacyOrder, product, stockLot } =
  schema;

type CounterSeller = Pick<OrgScope, "db" | "org" | "user" | "membership" | "mutate" | "operation">;

/** The customer of a sale without a patient record. */
export const walkInCustomer = "Walk-in customer";

export const prescriptionApprovalMessage = "A pharmacist must approve prescription-only items";

export interface CounterSaleLot {
  lotId: string;
  batchNumber: string;
  expiresOn: string;
  quantity: number;
}

export interface CounterSaleLine {
  id: string;
  productId: string;
  name: string;
  prescriptionOnly: boolean;
  quantity: number;
  unitPriceMinor: number;
  discountMinor: number;
  taxMinor: number;
  totalMinor: number;
  /** The lots its units were taken from, soonest expiry first. */
  lots: CounterSaleLot[];
}

export interface CounterSaleSummary {
  id: string;
  number: number;
  /** "collected", or "cancelled" once voided. */
  status: "collected" | "cancelled";
  customerName: string;
  patientId: string | null;
  currency: string;
  subtotalMinor: number;
  discountMinor: number;
  taxMinor: number;
  totalMinor: number;
  method: CounterMethod;
  tenderedMinor: number | null;
  changeMinor: number | null;
  createdAt: Date;
  cancelledAt: Date | null;
}

export interface CounterSale extends CounterSaleSummary {
  lines: CounterSaleLine[];
  prescriptionNote: string | null;
  cancelReason: string | null;
  /** The practice day the sale counts for (voids are same-day only). */
  day: string;
  canVoid: boolean;
}

const summaryColumns = {
  id: pharmacyOrder.id,
  number: pharmacyOrder.number,
  status: pharmacyOrder.status,
  customerName: pharmacyOrder.customerName,
  patientId: pharmacyOrder.patientId,
  currency: pharmacyOrder.currency,
  subtotalMinor: pharmacyOrder.subtotalMinor,
  discountMinor: pharmacyOrder.discountMinor,
  taxMinor: pharmacyOrder.taxMinor,
  totalMinor: pharmacyOrder.totalMinor,
  counterMethod: pharmacyOrder.counterMethod,
  tenderedMinor: pharmacyOrder.tenderedMinor,
  createdAt: pharmacyOrder.createdAt,
  cancelledAt: pharmacyOrder.cancelledAt,
  reviewNote: pharmacyOrder.reviewNote,
  cancelReason: pharmacyOrder.cancelReason,
};

type SummaryRow = Pick<typeof pharmacyOrder.$inferSelect, keyof typeof summaryColumns>;

const CounterMethodValue = z.enum(counterMethods);

function toSummary(row: SummaryRow): CounterSaleSummary {
  const method = CounterMethodValue.catch("cash").parse(row.counterMethod);
  const total = Number(row.totalMinor ?? 0);
  const tendered = row.tenderedMinor === null ? null : Number(row.tenderedMinor);
  return {
    id: row.id,
    number: row.number,
    status: row.status === "cancelled" ? "cancelled" : "collected",
    customerName: row.customerName,
    patientId: row.patientId ?? null,
    currency: row.currency,
    subtotalMinor: Number(row.subtotalMinor ?? 0),
    discountMinor: Number(row.discountMinor ?? 0),
    taxMinor: Number(row.taxMinor ?? 0),
    totalMinor: total,
    method,
    tenderedMinor: tendered,
    changeMinor: method === "cash" && tendered !== null ? tendered - total : null,
    createdAt: row.createdAt,
    cancelledAt: row.cancelledAt ?? null,
  };
}

const counterSale = (organizationId: string) =>
  and(eq(pharmacyOrder.organizationId, organizationId), eq(pharmacyOrder.channel, "counter"));

// ---------------------------------------------------------------------------------------------
// Reading

/** One counter sale with its lines and the lots they came from; another practice's is not found. */
export async function getCounterSale(
  db: Database,
  org: { id: string; timeZone: string },
  id: string,
): Promise<CounterSale> {
  const [row] = await db
    .select(summaryColumns)
    .from(pharmacyOrder)
    .where(and(counterSale(org.id), eq(pharmacyOrder.id, id)));
  if (!row) throw notFound("Sale not found");
  const [items, lots] = await Promise.all([
    db
      .select({
        id: orderItem.id,
        productId: orderItem.productId,
        name: orderItem.name,
        prescriptionOnly: orderItem.prescriptionOnly,
        quantity: orderItem.quantity,
        unitPriceMinor: orderItem.unitPriceMinor,
        discountMinor: orderItem.discountMinor,
        taxMinor: orderItem.taxMinor,
        totalMinor: orderItem.totalMinor,
      })
      .from(orderItem)
      .where(and(eq(orderItem.organizationId, org.id), eq(orderItem.orderId, id)))
      .orderBy(asc(orderItem.position)),
    db
      .select({
        orderItemId: orderAllocation.orderItemId,
        lotId: orderAllocation.lotId,
        quantity: orderAllocation.quantity,
        batchNumber: stockLot.batchNumber,
        expiresOn: stockLot.expiresOn,
      })
      .from(orderAllocation)
      .innerJoin(
        stockLot,
        and(
          eq(stockLot.organizationId, orderAllocation.organizationId),
          eq(stockLot.id, orderAllocation.lotId),
        ),
      )
      .where(
        and(
          eq(orderAllocation.organizationId, org.id),
          eq(orderAllocation.orderId, id),
          inArray(orderAllocation.state, ["taken", "returned"]),
        ),
      )
      .orderBy(asc(stockLot.expiresOn), asc(stockLot.id)),
  ]);
  const summary = toSummary(row);
  const day = practiceToday(org.timeZone, summary.createdAt);
  return {
    ...summary,
    prescriptionNote: row.reviewNote ?? null,
    cancelReason: row.cancelReason ?? null,
    day,
    canVoid: summary.status === "collected" && day === practiceToday(org.timeZone),
    lines: items.map((item) => ({
      ...item,
      lots: lots
        .filter((lot) => lot.orderItemId === item.id)
        .map(({ lotId, batchNumber, expiresOn, quantity }) => ({
          lotId,
          batchNumber,
          expiresOn,
          quantity,
        })),
    })),
  };
}

/** The day after a `YYYY-MM-DD` date. */
function nextDay(day: string): string {
  const at = new Date(`${day}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + 1);
  return at.toISOString().slice(0, 10);
}

/** Counter sales, newest first, a page at a time; optionally one practice day's. */
export async function listCounterSales(
  db: Database,
  org: { id: string; timeZone: string },
  input: CounterSalesInput,
): Promise<Page<CounterSaleSummary>> {
  const after = decodeCursor(input.cursor);
  const afterTime = after ? new Date(String(after[0])) : null;
  if (afterTime && Number.isNaN(afterTime.getTime())) {
    throw new FieldError("BAD_REQUEST", { cursor: ["Invalid cursor"] });
  }
  const afterId = after ? cursorId(after[1]) : null;
  // Milliseconds, as the cursor carries them (JavaScript dates drop microseconds).
  const createdMs = sql<Date>`date_trunc('milliseconds', ${pharmacyOrder.createdAt})`;
  const rows = await db
    .select(summaryColumns)
    .from(pharmacyOrder)
    .where(
      and(
        counterSale(org.id),
        input.day
          ? and(
              gte(pharmacyOrder.createdAt, practiceDayStart(input.day, org.timeZone)),
              lt(pharmacyOrder.createdAt, practiceDayStart(nextDay(input.day), org.timeZone)),
            )
          : undefined,
        afterTime && afterId
          ? or(
              lt(createdMs, afterTime),
              and(eq(createdMs, afterTime), lt(pharmacyOrder.id, afterId)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(createdMs), desc(pharmacyOrder.id))
    .limit(input.limit + 1);
  return toPage(rows.map(toSummary), input.limit, (last) => [
    last.createdAt.toISOString(),
    last.id,
  ]);
}

// ---------------------------------------------------------------------------------------------
// Selling

interface PricedLine {
  productId: string;
  name: string;
  prescriptionOnly: boolean;
  quantity: number;
  unitPriceMinor: number;
  discountMinor: number;
  taxMinor: number;
  totalMinor: number;
}

/** The sale's lines priced by the server; bad lines are refused together, by field. */
async function priceLines(
  db: Database,
  organizationId: string,
  input: Pick<CounterSellInput, "items">,
): Promise<PricedLine[]> {
  const ids = input.items.map((item) => item.productId);
  const products = await db
    .select({
      id: product.id,
      name: product.name,
      strength: product.strength,
      priceMinor: product.priceMinor,
      taxBps: product.taxBps,
      prescriptionOnly: product.prescriptionOnly,
      status: product.status,
    })
    .from(product)
    .where(and(eq(product.organizationId, organizationId), inArray(product.id, ids)));
  const byId = new Map(products.map((p) => [p.id, p]));
  const notFoundErrors: Record<string, string[]> = {};
  const errors: Record<string, string[]> = {};
  const lines: PricedLine[] = [];
  input.items.forEach((item, index) => {
    const found = byId.get(item.productId);
    if (!found) {
      notFoundErrors[`items.${index}.productId`] = ["Product not found"];
      return;
    }
    if (found.status !== "active") {
      errors[`items.${index}.productId`] = ["This product is no longer sold"];
      return;
    }
    const discountMinor = item.discountMinor ?? 0;
    const gross = item.quantity * found.priceMinor;
    if (discountMinor > gross) {
      errors[`items.${index}.discountMinor`] = ["A discount cannot be more than the line"];
      return;
    }
    const money = lineMoney(
      { quantity: item.quantity, unitPriceMinor: found.priceMinor, discountMinor },
      found.taxBps,
    );
    lines.push({
      productId: found.id,
      name: found.strength ? `${found.name} ${found.strength}` : found.name,
      prescriptionOnly: found.prescriptionOnly,
      quantity: item.quantity,
      unitPriceMinor: found.priceMinor,
      discountMinor,
      taxMinor: money.taxMinor,
      totalMinor: money.totalMinor,
    });
  });
  // Another practice's product is not found, whatever else is wrong.
  if (Object.keys(notFoundErrors).length > 0) throw new FieldError("NOT_FOUND", notFoundErrors);
  if (Object.keys(errors).length > 0) throw new FieldError("BAD_REQUEST", errors);
  return lines;
}

/**
 * Records a walk-in sale: priced, its units taken off the shelf first-expiry-first-out, its money
 * posted. A repeat of the same request (its idempotency key) answers with the sale it made.
 */
export async function sellAtCounter(
  ctx: CounterSeller,
  input: CounterSellInput,
): Promise<CounterSale> {
  const keyed = idempotentRequest(ctx, ctx.org.id, input.idempotencyKey, input);
  const replayed = async () => {
    const earlier = await earlierRecord(ctx.db, keyed);
    if (!earlier) return null;
    const original = await getCounterSale(ctx.db, ctx.org, earlier.id);
    return ctx.mutate((_tx, audit) => {
      audit({
        entityType: "pharmacy_order",
        entityId: original.id,
        ...(original.patientId ? { patientId: original.patientId } : {}),
        after: { ...original, replayed: true },
      });
      return Promise.resolve(original);
    });
  };
  const earlier = await replayed();
  if (earlier) return earlier;
  try {
    return await recordSale(ctx, input, keyed);
  } catch (error) {
    // A twin sent at the same moment holds the key: answer with what it recorded.
    const original = await replayed().catch(() => null);
    if (original) return original;
    throw error;
  }
}

function recordSale(
  ctx: CounterSeller,
  input: CounterSellInput,
  keyed: ReturnType<typeof idempotentRequest>,
): Promise<CounterSale> {
  return ctx.mutate(async (tx, audit) => {
    const orderId = randomUUID();
    // First in the transaction: a twin of this request waits here, then fails on the key.
    const claimed = claimKey(tx, keyed, { type: "pharmacy_order", id: orderId });
    claimed.catch(() => undefined);
    const write = async () => {
      const lines = await priceLines(tx, ctx.org.id, input);
      let customerName = walkInCustomer;
      if (input.patientId) {
        const [found] = await tx
          .select({ firstName: patient.firstName, lastName: patient.lastName })
          .from(patient)
          .where(and(eq(patient.organizationId, ctx.org.id), eq(patient.id, input.patientId)));
        if (!found) throw new FieldError("NOT_FOUND", { patientId: ["Patient not found"] });
        customerName = `${found.firstName} ${found.lastName}`;
      }
      const needsPrescription = lines.some((line) => line.prescriptionOnly);
      if (needsPrescription && !can(ctx.membership.role, "prescription.review")) {
        throw new FieldError("FORBIDDEN", { prescriptionSeen: [prescriptionApprovalMessage] });
      }
      if (needsPrescription && !input.prescriptionSeen) {
        throw new FieldError("BAD_REQUEST", {
          prescriptionSeen: ["Confirm you have seen the prescription"],
        });
      }
      const subtotal = lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0);
      const discount = lines.reduce((sum, l) => sum + l.discountMinor, 0);
      const tax = lines.reduce((sum, l) => sum + l.taxMinor, 0);
      const total = subtotal - discount + tax;
      let tendered: number | null = null;
      if (input.method === "cash") {
        tendered = input.tenderedMinor ?? null;
        if (tendered === null) {
          throw new FieldError("BAD_REQUEST", {
            tenderedMinor: ["Enter the amount handed over"],
          });
        }
        if (tendered < total) {
          throw new FieldError("BAD_REQUEST", {
            tenderedMinor: ["Less than the total: take at least the total"],
          });
        }
      }
      const now = new Date();
      const today = practiceToday(ctx.org.timeZone, now);
      const number = await nextOrderNumber(tx, ctx.org.id);
      await tx.insert(pharmacyOrder).values({
        id: orderId,
        organizationId: ctx.org.id,
        number,
        channel: "counter",
        status: "collected",
        fulfilment: "pickup",
        paymentChoice: "counter",
        patientId: input.patientId ?? null,
        customerName,
        currency: ctx.org.currency,
        subtotalMinor: subtotal,
        discountMinor: discount,
        taxMinor: tax,
        totalMinor: total,
        counterMethod: input.method,
        tenderedMinor: tendered,
        prescriptionReview: needsPrescription ? "approved" : "not_needed",
        reviewNote: needsPrescription ? (input.prescriptionNote ?? null) : null,
        reviewedBy: needsPrescription ? ctx.user.id : null,
        reviewedAt: needsPrescription ? now : null,
        pickedAt: now,
        completedAt: now,
        createdBy: ctx.user.id,
      });
      const items = lines.map((line, position) => ({
        id: randomUUID(),
        organizationId: ctx.org.id,
        orderId,
        position,
        ...line,
      }));
      await tx.insert(orderItem).values(items);
      await reserveForOrder(tx, {
        organizationId: ctx.org.id,
        orderId,
        items: items.map((item) => ({
          orderItemId: item.id,
          productId: item.productId,
          quantity: item.quantity,
        })),
        today,
      });
      await takeReserved(tx, { organizationId: ctx.org.id, orderId, userId: ctx.user.id, today });
      if (total > 0) {
        const postings: Posting[] = [
          {
            account: input.method === "cash" ? "cash" : "provider_clearing",
            amountMinor: total,
            method: input.method,
          },
        ];
        if (total - tax > 0) postings.push({ account: "revenue", amountMinor: -(total - tax) });
        if (tax > 0) postings.push({ account: "tax_payable", amountMinor: -tax });
        await postJournal(tx, ctx.org.id, {
          kind: "sale",
          memo: `Counter sale ${number}`,
          currency: ctx.org.currency,
          effectiveOn: today,
          createdBy: ctx.user.id,
          orderId,
          postings,
        });
      }
      return getCounterSale(tx, ctx.org, orderId);
    };
    // A refused key fails everything after it: its own error is the one to report.
    const sale = await write().catch(async (error: unknown) => {
      await claimed;
      throw error;
    });
    await claimed;
    audit({
      entityType: "pharmacy_order",
      entityId: sale.id,
      ...(sale.patientId ? { patientId: sale.patientId } : {}),
      after: sale,
    });
    return sale;
  });
}

/**
 * Voids a counter sale on the day it was made: its units go back on their lots (a `return`
 * movement each) and its journal entry is reversed, so the day's takings drop with it.
 */
export function voidCounterSale(
  ctx: Pick<OrgScope, "db" | "org" | "user" | "mutate">,
  input: CounterVoidInput,
): Promise<CounterSale> {
  return ctx.mutate(async (tx, audit) => {
    const before = await getCounterSale(tx, ctx.org, input.id);
    if (before.status !== "collected") throw conflict("This sale is already voided");
    const today = practiceToday(ctx.org.timeZone);
    if (before.day !== today) {
      throw conflict("Only a sale made today can be voided");
    }
    const [changed] = await tx
      .update(pharmacyOrder)
      .set({
        status: "cancelled",
        cancelledAt: new Date(),
        cancelReason: input.reason,
        version: sql`${pharmacyOrder.version} + 1`,
        updatedAt: new Date(),
      })
      .where(
        and(
          counterSale(ctx.org.id),
          eq(pharmacyOrder.id, input.id),
          eq(pharmacyOrder.status, "collected"),
        ),
      )
      .returning({ id: pharmacyOrder.id });
    if (!changed) throw conflict("This sale is already voided");
    await releaseOrder(tx, { organizationId: ctx.org.id, orderId: input.id, userId: ctx.user.id });
    const [entry] = await tx
      .select({ id: journalEntry.id, memo: journalEntry.memo })
      .from(journalEntry)
      .where(
        and(
          eq(journalEntry.organizationId, ctx.org.id),
          eq(journalEntry.orderId, input.id),
          eq(journalEntry.kind, "sale"),
        ),
      );
    if (entry) {
      await reverseJournal(
        tx,
        ctx.org.id,
        { entryId: entry.id, memo: entry.memo },
        {
          memo: `Void of counter sale ${before.number}: ${input.reason}`,
          effectiveOn: today,
          createdBy: ctx.user.id,
          links: { orderId: input.id },
        },
      );
    }
    const after = await getCounterSale(tx, ctx.org, input.id);
    audit({
      entityType: "pharmacy_order",
      entityId: after.id,
      ...(after.patientId ? { patientId: after.patientId } : {}),
      before,
      after,
    });
    return after;
  });
}
