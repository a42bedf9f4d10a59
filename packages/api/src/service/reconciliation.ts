// Reconciliation: each online payment as we hold it, next to what the journal says reached (or
// left) the provider for it. A payment the provider took that our books do not show, or a refund
// booked twice, stands out; staff can then ask the provider (`payment.sync`).
import { schema, type Database } from "@caredesk/db";
import type { TakingsInput } from "@caredesk/validators";
import { and, desc, eq, gte, inArray, isNotNull, lt, sql } from "drizzle-orm";
import { paidStatuses, type PaymentRow } from "./payment";
import { practiceDayStart } from "./dental";
import { sameTenant } from "./tenant";

const { journalEntry, journalPosting, payment, refund } = schema;

export type ReconciliationState =
  /** Our books show exactly what the provider kept. */
  | "matched"
  /** Not settled yet (waiting for the payer or the provider). */
  | "open"
  /** The provider reported something that did not match the invoice: staff decide. */
  | "review"
  /** The journal and the payment disagree. */
  | "mismatch";

export interface ReconciliationRow {
  paymentId: string;
  provider: NonNullable<PaymentRow["provider"]>;
  providerRef: string | null;
  status: PaymentRow["status"];
  currency: string;
  /** What the provider kept by our payment's record: paid less refunds it confirmed. */
  expectedMinor: number;
  /** What the journal shows at the provider for this payment. */
  bookedMinor: number;
  state: ReconciliationState;
  createdAt: Date;
}

export interface Reconciliation {
  rows: ReconciliationRow[];
  /** At most this many payments are compared per request (the newest). */
  limit: number;
  mismatches: number;
}

const limit = 500;

export async function reconcile(
  db: Database,
  org: { id: string; timeZone: string },
  input: TakingsInput,
): Promise<Reconciliation> {
  const nextDay = new Date(Date.parse(`${input.to}T00:00:00Z`) + 86_400_000)
    .toISOString()
    .slice(0, 10);
  const payments = await db
    .select({
      id: payment.id,
      provider: payment.provider,
      providerRef: payment.providerRef,
      status: payment.status,
      amountMinor: payment.amountMinor,
      currency: payment.currency,
      createdAt: payment.createdAt,
    })
    .from(payment)
    .where(
      and(
        eq(payment.organizationId, org.id),
        isNotNull(payment.provider),
        gte(payment.createdAt, practiceDayStart(input.from, org.timeZone)),
        lt(payment.createdAt, practiceDayStart(nextDay, org.timeZone)),
      ),
    )
    .orderBy(desc(payment.createdAt))
    .limit(limit);
  const ids = payments.map((p) => p.id);
  if (ids.length === 0) return { rows: [], limit, mismatches: 0 };
  const [booked, refunded] = await Promise.all([
    db
      .select({
        paymentId: journalEntry.paymentId,
        sum: sql<string>`sum(${journalPosting.amountMinor})`,
      })
      .from(journalPosting)
      .innerJoin(
        journalEntry,
        sameTenant(journalEntry, journalPosting.organizationId, journalPosting.entryId),
      )
      .where(
        and(
          eq(journalPosting.organizationId, org.id),
          eq(journalPosting.account, "provider_clearing"),
          inArray(journalEntry.paymentId, ids),
        ),
      )
      .groupBy(journalEntry.paymentId),
    db
      .select({ paymentId: refund.paymentId, sum: sql<string>`sum(${refund.amountMinor})` })
      .from(refund)
      .where(
        and(
          eq(refund.organizationId, org.id),
          eq(refund.status, "succeeded"),
          inArray(refund.paymentId, ids),
        ),
      )
      .groupBy(refund.paymentId),
  ]);
  const bookedBy = new Map(booked.map((b) => [b.paymentId, Number(b.sum)]));
  const refundedBy = new Map(refunded.map((r) => [r.paymentId, Number(r.sum)]));
  const rows = payments.flatMap((p): ReconciliationRow[] => {
    if (!p.provider) return [];
    const paid = (paidStatuses as readonly string[]).includes(p.status);
    const expectedMinor = paid ? p.amountMinor - (refundedBy.get(p.id) ?? 0) : 0;
    const bookedMinor = bookedBy.get(p.id) ?? 0;
    const state: ReconciliationState =
      p.status === "held_for_review"
        ? "review"
        : expectedMinor !== bookedMinor
          ? "mismatch"
          : paid
            ? "matched"
            : "open";
    return [
      {
        paymentId: p.id,
        provider: p.provider,
        providerRef: p.providerRef,
        status: p.status,
        currency: p.currency,
        expectedMinor,
        bookedMinor,
        state,
        createdAt: p.createdAt,
      },
    ];
  });
  return { rows, limit, mismatches: rows.filter((r) => r.state === "mismatch").length };
}
