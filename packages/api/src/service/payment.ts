// One payment state machine for every method. Desk payments are recorded succeeded by staff;
// online ones (Stripe, Razorpay, Fawry) start `created` and move only on what the provider says —
// a verified webhook or a server-side retrieval — never on the browser's word. Every move is a
// guarded update (`where status in (…)`) under the payment's row lock, so the same fact applied
// twice, or facts in any order, end in the same state; every money movement is posted to the
// journal once (unique indexes back that up).
import type { Gateway, ProviderPaymentStatus, ProviderRefund } from "@caredesk/payments";
import { schema, type Database } from "@caredesk/db";
import type {
  PaymentListInput,
  PaymentMethod,
  PaymentRefundInput,
  PaymentStatus,
} from "@caredesk/validators";
import { and, desc, eq, gte, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { DomainError, FieldError, notFound } from "../errors";
import { isWellFormedId } from "../context";
import type { OrgScope } from "../scope";
import { practiceDayStart, practiceToday } from "./dental";
import { refundFromEscrow, holdInEscrow } from "./escrow-postings";
import { claimKey, earlierRecord, idempotentRequest } from "./idempotency";
import { postJournal } from "./journal";
import { formatMinor } from "./money-text";
import { sameTenant } from "./tenant";
import { getPatient } from "./patient";
import { cursorId, decodeCursor, toPage } from "./pagination";
import { accountGateway } from "./payment-account";

const { payment, refund, patient, invoice } = schema;

export type PaymentRow = typeof payment.$inferSelect;
export type RefundRow = typeof refund.$inferSelect;

/** The statuses each status may be reached from: the whole state machine in one table. */
export const paymentTransitions: Record<PaymentStatus, readonly PaymentStatus[]> = {
  created: [],
  requires_action: ["created", "processing", "failed"],
  processing: ["created", "requires_action", "failed"],
  succeeded: ["created", "requires_action", "processing", "failed"],
  failed: ["created", "requires_action", "processing"],
  cancelled: ["created", "requires_action", "processing", "failed"],
  held_for_review: ["created", "requires_action", "processing", "failed"],
  partially_refunded: ["succeeded", "partially_refunded"],
  refunded: ["succeeded", "partially_refunded"],
};

/** Statuses in which money was received and can be refunded. */
export const paidStatuses = ["succeeded", "partially_refunded", "refunded"] as const;
const refundableStatuses = ["succeeded", "partially_refunded"] as const;

export const methodNames: Record<PaymentMethod, string> = {
  cash: "Cash",
  card_terminal: "Card",
  bank_transfer: "Bank transfer",
  cheque: "Cheque",
  stripe: "Card (Stripe)",
  razorpay: "Razorpay",
  fawry: "Fawry",
};

interface Org {
  id: string;
  currency: string;
  timeZone: string;
}

/** Moves a payment to `to` if it is in a status that may go there; null when it was not. */
async function move(
  tx: Database,
  organizationId: string,
  id: string,
  to: PaymentStatus,
  extra: Partial<Pick<PaymentRow, "statusReason" | "succeededAt" | "providerPaymentId">> = {},
): Promise<PaymentRow | null> {
  const [row] = await tx
    .update(payment)
    .set({ status: to, version: sql`${payment.version} + 1`, ...extra })
    .where(
      and(
        eq(payment.organizationId, organizationId),
        eq(payment.id, id),
        inArray(payment.status, [...paymentTransitions[to]]),
      ),
    )
    .returning();
  return row ?? null;
}

/** A payment of the practice, locked for the rest of the transaction. */
export async function lockPayment(
  tx: Database,
  organizationId: string,
  id: string,
): Promise<PaymentRow> {
  const [row] = await tx
    .select()
    .from(payment)
    .where(and(eq(payment.organizationId, organizationId), eq(payment.id, id)))
    .for("update");
  if (!row) throw notFound("Payment not found");
  return row;
}

/** Posts money received: at hand or at the provider, off the patient's account. */
async function postReceipt(
  tx: Database,
  org: Org,
  p: PaymentRow,
  createdBy: string | null,
  line: { id?: string; treatmentId?: string | null; effectiveOn?: string } = {},
) {
  if (p.escrow) return holdInEscrow(tx, org, p, createdBy);
  await postJournal(tx, org.id, {
    kind: "payment",
    memo: `Payment (${methodNames[p.method]})`,
    currency: p.currency,
    effectiveOn: line.effectiveOn ?? practiceToday(org.timeZone),
    createdBy,
    paymentId: p.id,
    invoiceId: p.invoiceId,
    postings: [
      {
        account: p.provider ? "provider_clearing" : "cash",
        amountMinor: p.amountMinor,
        method: p.method,
      },
      {
        account: "receivable",
        amountMinor: -p.amountMinor,
        patientId: p.patientId,
        line: {
          ...(line.id ? { id: line.id } : {}),
          kind: "payment",
          description: `Payment (${methodNames[p.method]})`,
          method: p.method,
          treatmentId: line.treatmentId ?? null,
          reference: p.reference ?? p.providerPaymentId ?? p.providerRef,
        },
      },
    ],
  });
}

/** Posts money given back, and the payment's status from what has been refunded so far. */
async function postRefund(
  tx: Database,
  org: Org,
  p: PaymentRow,
  r: RefundRow,
  createdBy: string | null,
) {
  if (p.escrow) {
    await refundFromEscrow(tx, org, p, r, createdBy);
  } else {
    await postJournal(tx, org.id, {
      kind: "refund",
      memo: `Refund (${methodNames[p.method]}): ${r.reason}`,
      currency: r.currency,
      effectiveOn: practiceToday(org.timeZone),
      createdBy,
      paymentId: p.id,
      refundId: r.id,
      invoiceId: p.invoiceId,
      postings: [
        {
          account: "receivable",
          amountMinor: r.amountMinor,
          patientId: p.patientId,
          line: {
            kind: "refund",
            description: `Refund (${methodNames[p.method]}): ${r.reason}`,
            method: p.method,
            reference: r.providerRefundId,
          },
        },
        {
          account: p.provider ? "provider_clearing" : "cash",
          amountMinor: -r.amountMinor,
          method: p.method,
        },
      ],
    });
  }
  const [{ refunded } = { refunded: "0" }] = await tx
    .select({ refunded: sql<string>`coalesce(sum(${refund.amountMinor}), 0)` })
    .from(refund)
    .where(
      and(
        eq(refund.organizationId, org.id),
        eq(refund.paymentId, p.id),
        eq(refund.status, "succeeded"),
      ),
    );
  await move(
    tx,
    org.id,
    p.id,
    Number(refunded) >= p.amountMinor ? "refunded" : "partially_refunded",
  );
}

// ---------------------------------------------------------------------------------------------
// The desk

export interface DeskPayment {
  patientId: string;
  amountMinor: number;
  method: PaymentMethod;
  invoiceId?: string | null;
  treatmentId?: string | null;
  reference?: string | null;
  /** The id of the patient-account line it makes (chosen before, for idempotency claims). */
  lineId?: string;
  /** The practice day the money was received; today when left out. */
  effectiveOn?: string;
}

/** Money taken at the desk: a succeeded payment and its posting, in the caller's transaction. */
export async function recordDeskPayment(
  tx: Database,
  org: Org,
  createdBy: string,
  request: DeskPayment,
): Promise<PaymentRow> {
  if (request.invoiceId) await checkInvoice(tx, org.id, request.patientId, request.invoiceId);
  const [row] = await tx
    .insert(payment)
    .values({
      organizationId: org.id,
      patientId: request.patientId,
      invoiceId: request.invoiceId ?? null,
      method: request.method,
      provider: null,
      status: "succeeded",
      amountMinor: request.amountMinor,
      currency: org.currency,
      reference: request.reference ?? null,
      succeededAt: new Date(),
      createdBy,
    })
    .returning();
  if (!row) throw new Error("payment insert returned nothing");
  await postReceipt(tx, org, row, createdBy, {
    ...(request.lineId ? { id: request.lineId } : {}),
    treatmentId: request.treatmentId ?? null,
    ...(request.effectiveOn ? { effectiveOn: request.effectiveOn } : {}),
  });
  return row;
}

/**
 * A desk payment recorded by mistake, undone with its ledger line: cancelled (a guarded move
 * from succeeded with nothing refunded). Its journal entry is reversed by the caller.
 */
export async function voidDeskPayment(
  tx: Database,
  organizationId: string,
  paymentId: string,
  reason: string,
): Promise<void> {
  const [row] = await tx
    .update(payment)
    .set({ status: "cancelled", statusReason: reason, version: sql`${payment.version} + 1` })
    .where(
      and(
        eq(payment.organizationId, organizationId),
        eq(payment.id, paymentId),
        eq(payment.status, "succeeded"),
        eq(payment.refundedMinor, 0),
        isNull(payment.provider),
      ),
    )
    .returning({ id: payment.id });
  if (!row) {
    throw new FieldError("CONFLICT", {
      entryId: ["This payment has refunds; refund the rest instead of reversing it"],
    });
  }
}

async function checkInvoiceExists(db: Database, organizationId: string, id: string) {
  const [row] = await db
    .select({ id: invoice.id })
    .from(invoice)
    .where(and(eq(invoice.organizationId, organizationId), eq(invoice.id, id)));
  if (!row) throw new FieldError("NOT_FOUND", { invoiceId: ["Invoice not found"] });
}

/** An issued invoice of this patient in the practice currency; another's is not found. */
async function checkInvoice(tx: Database, organizationId: string, patientId: string, id: string) {
  // FOR SHARE: a void (which locks the invoice for update) and this payment go one after the
  // other, so an invoice is never voided with a payment arriving under it.
  const [row] = await tx
    .select({ status: invoice.status })
    .from(invoice)
    .where(
      and(
        eq(invoice.organizationId, organizationId),
        eq(invoice.id, id),
        eq(invoice.patientId, patientId),
      ),
    )
    .for("share");
  if (!row) throw new FieldError("NOT_FOUND", { invoiceId: ["Invoice not found"] });
  if (row.status !== "issued") {
    throw new FieldError("CONFLICT", { invoiceId: ["Only an issued invoice can be paid"] });
  }
}

// ---------------------------------------------------------------------------------------------
// Online payments: what the provider says

/** A payment as the provider reports it (a verified event, or a retrieval). */
export interface Observed {
  status?: ProviderPaymentStatus | undefined;
  failureReason?: string | null | undefined;
  amountMinor?: number | null | undefined;
  currency?: string | null | undefined;
  providerPaymentId?: string | null | undefined;
  refunds?: ProviderRefund[] | undefined;
}

export type ReconcileOutcome =
  /** Applied (or already true): nothing more to do. */
  | "applied"
  /** A refund of a payment we have not seen succeed: read the payment from the provider. */
  | "needs_retrieval";

/**
 * Brings a payment in line with what the provider reports. Safe to call with the same report
 * any number of times and with reports in any order: moves are guarded, postings are once.
 */
export async function reconcilePayment(
  tx: Database,
  org: Org,
  paymentId: string,
  observed: Observed,
): Promise<ReconcileOutcome> {
  let p = await lockPayment(tx, org.id, paymentId);
  const providerPaymentId = observed.providerPaymentId ?? p.providerPaymentId;
  switch (observed.status) {
    case "succeeded": {
      if (!paymentTransitions.succeeded.includes(p.status)) break;
      const amount = observed.amountMinor ?? null;
      const currency = observed.currency?.toUpperCase() ?? null;
      if (amount !== p.amountMinor || currency !== p.currency) {
        // Money arrived, but not what was asked: never marked paid; staff look at it.
        const reported = `${amount ?? "?"} ${currency ?? "?"}`;
        await move(tx, org.id, p.id, "held_for_review", {
          statusReason: `The provider reported ${reported}, not ${p.amountMinor} ${p.currency}`,
          providerPaymentId,
        });
        return "applied";
      }
      const moved = await move(tx, org.id, p.id, "succeeded", {
        succeededAt: new Date(),
        providerPaymentId,
        statusReason: null,
      });
      if (moved) {
        await postReceipt(tx, org, moved, null);
        p = moved;
      }
      break;
    }
    case "failed":
    case "cancelled":
    case "requires_action":
    case "processing": {
      const moved = await move(tx, org.id, p.id, observed.status, {
        providerPaymentId,
        ...(observed.status === "failed" ? { statusReason: observed.failureReason ?? null } : {}),
      });
      if (moved) p = moved;
      break;
    }
    case undefined:
      break;
  }
  const refunds = observed.refunds ?? [];
  if (refunds.length === 0) return "applied";
  // `p` is the row as this transaction left it (locked at the start, or as a move returned it).
  if (!(paidStatuses as readonly string[]).includes(p.status)) return "needs_retrieval";
  for (const reported of refunds) await reconcileRefund(tx, org, p.id, reported);
  return "applied";
}

/** Brings one refund in line with the provider's report of it. */
async function reconcileRefund(
  tx: Database,
  org: Org,
  paymentId: string,
  reported: ProviderRefund,
) {
  const p = await lockPayment(tx, org.id, paymentId);
  // Providers that echo our refund id back (Razorpay's notes, Fawry) report it; others
  // (Stripe) their own id, which our row learns from the refund call's answer.
  const ours = isWellFormedId(reported.refundId) ? reported.refundId : null;
  const [known] = await tx
    .select()
    .from(refund)
    .where(
      and(
        eq(refund.organizationId, org.id),
        eq(refund.paymentId, p.id),
        ours
          ? or(eq(refund.providerRefundId, reported.refundId), eq(refund.id, ours))
          : eq(refund.providerRefundId, reported.refundId),
      ),
    );
  let row: RefundRow | undefined = known;
  if (!row) {
    // Ours, whose answer has not come back yet (the webhook can beat the API's reply).
    const [claimed] = await tx
      .update(refund)
      .set({ providerRefundId: reported.refundId })
      .where(
        and(
          eq(refund.organizationId, org.id),
          eq(
            refund.id,
            sql`(select r.id from ${refund} r where r.organization_id = ${org.id}
            and r.payment_id = ${p.id} and r.provider_refund_id is null and r.status = 'pending'
            and r.amount_minor = ${reported.amountMinor} order by r.created_at limit 1)`,
          ),
        ),
      )
      .returning();
    row = claimed;
  }
  if (!row) {
    // Made outside Caredesk (the provider's dashboard): recorded, within what was paid.
    if (reported.status === "failed") return;
    const reserved = await reserveRefund(tx, org.id, p.id, reported.amountMinor);
    if (!reserved) {
      await move(tx, org.id, p.id, "held_for_review", {
        statusReason: `The provider reported a refund of ${reported.amountMinor} beyond what was paid`,
      });
      return;
    }
    [row] = await tx
      .insert(refund)
      .values({
        organizationId: org.id,
        paymentId: p.id,
        amountMinor: reported.amountMinor,
        currency: p.currency,
        reason: "Refunded at the provider",
        status: "pending",
        providerRefundId: reported.refundId,
        origin: "provider",
      })
      .returning();
    if (!row) throw new Error("refund insert returned nothing");
  }
  await settleRefund(tx, org, p, row, reported.status, null);
}

/** Reserves `amount` of a paid payment for a refund; null when it would exceed what was paid. */
async function reserveRefund(
  tx: Database,
  organizationId: string,
  paymentId: string,
  amount: number,
) {
  const [row] = await tx
    .update(payment)
    .set({ refundedMinor: sql`${payment.refundedMinor} + ${amount}` })
    .where(
      and(
        eq(payment.organizationId, organizationId),
        eq(payment.id, paymentId),
        inArray(payment.status, [...refundableStatuses]),
        sql`${payment.refundedMinor} + ${amount} <= ${payment.amountMinor}`,
      ),
    )
    .returning();
  return row ?? null;
}

/** A pending refund becomes succeeded (posted) or failed (its reservation given back), once. */
export async function settleRefund(
  tx: Database,
  org: Org,
  p: PaymentRow,
  r: RefundRow,
  outcome: ProviderRefund["status"],
  createdBy: string | null,
) {
  if (outcome === "pending") return;
  const [settled] = await tx
    .update(refund)
    .set({ status: outcome })
    .where(
      and(eq(refund.organizationId, org.id), eq(refund.id, r.id), eq(refund.status, "pending")),
    )
    .returning();
  if (!settled) return;
  if (outcome === "succeeded") {
    await postRefund(tx, org, p, settled, createdBy);
  } else {
    await tx
      .update(payment)
      .set({ refundedMinor: sql`${payment.refundedMinor} - ${settled.amountMinor}` })
      .where(and(eq(payment.organizationId, org.id), eq(payment.id, p.id)));
  }
}

// ---------------------------------------------------------------------------------------------
// Refunds

type RefundCaller = Pick<OrgScope, "db" | "org" | "user" | "mutate" | "operation" | "payments">;

export interface RefundResult {
  refund: RefundView;
  payment: PaymentView;
}

/**
 * Gives money back, at most what was paid less what was already refunded: the amount is
 * reserved by a guarded update first, so two refunds at once can never exceed it. A desk
 * payment's refund is done at once; a provider's goes to the provider after the reservation is
 * committed and is settled by its answer (or its webhook, whichever comes first).
 */
export async function refundPayment(
  ctx: RefundCaller,
  input: PaymentRefundInput,
  origin = "staff",
): Promise<RefundResult> {
  const keyed = idempotentRequest(ctx, ctx.org.id, input.idempotencyKey, input);
  const earlier = await earlierRecord(ctx.db, keyed);
  if (earlier) {
    // A repeat answers with the refund the first request made (audited as a replay).
    const result = await refundResult(ctx.db, ctx.org.id, earlier.id);
    return ctx.mutate((_tx, audit) => {
      audit({
        entityType: "refund",
        entityId: result.refund.id,
        patientId: result.payment.patientId,
        after: { replayed: true },
      });
      return Promise.resolve(result);
    });
  }
  const reserved = await ctx.mutate(async (tx, audit) => {
    const id = randomUUID();
    const claimed = claimKey(tx, keyed, { type: "refund", id });
    claimed.catch(() => undefined);
    const run = async () => {
      const p = await lockPayment(tx, ctx.org.id, input.paymentId);
      if (!(refundableStatuses as readonly string[]).includes(p.status)) {
        throw new FieldError("CONFLICT", {
          paymentId: [
            p.status === "refunded"
              ? "This payment was refunded in full"
              : "Only a completed payment can be refunded",
          ],
        });
      }
      const left = p.amountMinor - p.refundedMinor;
      if (!(await reserveRefund(tx, ctx.org.id, p.id, input.amountMinor))) {
        throw new FieldError("BAD_REQUEST", {
          amountMinor: [
            left <= 0
              ? "Nothing is left to refund"
              : `At most ${formatMinor(left, p.currency)} can be refunded`,
          ],
        });
      }
      const [row] = await tx
        .insert(refund)
        .values({
          id,
          organizationId: ctx.org.id,
          paymentId: p.id,
          amountMinor: input.amountMinor,
          currency: p.currency,
          reason: input.reason,
          status: "pending",
          origin,
          createdBy: ctx.user.id,
        })
        .returning();
      if (!row) throw new Error("refund insert returned nothing");
      if (!p.provider) await settleRefund(tx, ctx.org, p, row, "succeeded", ctx.user.id);
      audit({ entityType: "refund", entityId: id, patientId: p.patientId, after: row });
      return { payment: p, refund: row };
    };
    const result = await run().catch(async (error: unknown) => {
      await claimed;
      throw error;
    });
    await claimed;
    return result;
  });
  if (reserved.payment.provider) await sendRefund(ctx, reserved.payment, reserved.refund);
  return refundResult(ctx.db, ctx.org.id, reserved.refund.id);
}

/** Asks the provider for a reserved refund and settles it by the answer. */
async function sendRefund(ctx: RefundCaller, p: PaymentRow, r: RefundRow) {
  let gateway: Gateway;
  try {
    gateway = await accountGateway(ctx.db, ctx.payments, ctx.org.id, p.provider ?? "stripe");
  } catch (error) {
    await failRefund(ctx, p, r, "The provider is not set up");
    throw error;
  }
  let answer: ProviderRefund;
  try {
    answer = await gateway.refund({
      providerRef: p.providerRef ?? "",
      providerPaymentId: p.providerPaymentId,
      amountMinor: r.amountMinor,
      currency: r.currency,
      refundId: r.id,
      reason: r.reason,
    });
  } catch (error) {
    const retryable = (error as { retryable?: boolean }).retryable === true;
    if (!retryable) {
      await failRefund(ctx, p, r, "The provider refused the refund");
      throw new DomainError("CONFLICT", "The provider refused the refund; nothing was refunded");
    }
    // The provider may still do it: the refund stays pending until its webhook says.
    return;
  }
  await ctx.mutate(async (tx, audit) => {
    const locked = await lockPayment(tx, ctx.org.id, p.id);
    const [row] = await tx
      .update(refund)
      .set({ providerRefundId: answer.refundId })
      .where(
        and(
          eq(refund.organizationId, ctx.org.id),
          eq(refund.id, r.id),
          isNull(refund.providerRefundId),
        ),
      )
      .returning();
    await settleRefund(tx, ctx.org, locked, row ?? r, answer.status, ctx.user.id);
    audit({
      entityType: "refund",
      entityId: r.id,
      patientId: p.patientId,
      after: { status: answer.status },
    });
  });
}

async function failRefund(ctx: RefundCaller, p: PaymentRow, r: RefundRow, why: string) {
  await ctx.mutate(async (tx, audit) => {
    const locked = await lockPayment(tx, ctx.org.id, p.id);
    await settleRefund(tx, ctx.org, locked, r, "failed", ctx.user.id);
    audit({
      entityType: "refund",
      entityId: r.id,
      patientId: p.patientId,
      after: { status: "failed", why },
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface RefundView {
  id: string;
  paymentId: string;
  amountMinor: number;
  currency: string;
  reason: string;
  status: RefundRow["status"];
  origin: string;
  createdAt: Date;
}

export interface PaymentView {
  id: string;
  patientId: string;
  patientName: string;
  invoiceId: string | null;
  appointmentId: string | null;
  method: PaymentMethod;
  provider: PaymentRow["provider"];
  status: PaymentStatus;
  amountMinor: number;
  refundedMinor: number;
  currency: string;
  reference: string | null;
  statusReason: string | null;
  escrow: boolean;
  succeededAt: Date | null;
  createdAt: Date;
  refunds: RefundView[];
}

const refundColumns = {
  id: refund.id,
  paymentId: refund.paymentId,
  amountMinor: refund.amountMinor,
  currency: refund.currency,
  reason: refund.reason,
  status: refund.status,
  origin: refund.origin,
  createdAt: refund.createdAt,
};

const paymentColumns = {
  id: payment.id,
  patientId: payment.patientId,
  patientName: sql<string>`${patient.firstName} || ' ' || ${patient.lastName}`,
  invoiceId: payment.invoiceId,
  appointmentId: payment.appointmentId,
  method: payment.method,
  provider: payment.provider,
  status: payment.status,
  amountMinor: payment.amountMinor,
  refundedMinor: payment.refundedMinor,
  currency: payment.currency,
  reference: sql<string | null>`coalesce(${payment.reference}, ${payment.providerPaymentId})`,
  statusReason: payment.statusReason,
  escrow: payment.escrow,
  succeededAt: payment.succeededAt,
  createdAt: payment.createdAt,
};

async function withRefunds(
  db: Database,
  organizationId: string,
  rows: Omit<PaymentView, "refunds">[],
): Promise<PaymentView[]> {
  if (rows.length === 0) return [];
  const refunds = await db
    .select(refundColumns)
    .from(refund)
    .where(
      and(
        eq(refund.organizationId, organizationId),
        inArray(
          refund.paymentId,
          rows.map((r) => r.id),
        ),
      ),
    )
    .orderBy(refund.createdAt);
  return rows.map((r) => ({ ...r, refunds: refunds.filter((x) => x.paymentId === r.id) }));
}

export async function getPayment(
  db: Database,
  organizationId: string,
  id: string,
  patientId?: string,
): Promise<PaymentView> {
  const rows = await db
    .select(paymentColumns)
    .from(payment)
    .innerJoin(patient, sameTenant(patient, payment.organizationId, payment.patientId))
    .where(
      and(
        eq(payment.organizationId, organizationId),
        eq(payment.id, id),
        patientId ? eq(payment.patientId, patientId) : undefined,
      ),
    );
  const [view] = await withRefunds(db, organizationId, rows);
  if (!view) throw notFound("Payment not found");
  return view;
}

async function refundResult(
  db: Database,
  organizationId: string,
  refundId: string,
): Promise<RefundResult> {
  const [r] = await db
    .select(refundColumns)
    .from(refund)
    .where(and(eq(refund.organizationId, organizationId), eq(refund.id, refundId)));
  if (!r) throw notFound("Refund not found");
  return { refund: r, payment: await getPayment(db, organizationId, r.paymentId) };
}

/** Creation time to the millisecond, as a cursor carries it (PostgreSQL keeps microseconds). */
const createdMs = sql<Date>`date_trunc('milliseconds', ${payment.createdAt})`;

export async function listPayments(
  db: Database,
  org: Org,
  input: PaymentListInput,
): Promise<{ items: PaymentView[]; nextCursor: string | null }> {
  const after = decodeCursor(input.cursor);
  const afterTime = after ? new Date(String(after[0])) : null;
  if (afterTime && Number.isNaN(afterTime.getTime())) {
    throw new FieldError("BAD_REQUEST", { cursor: ["Invalid cursor"] });
  }
  const afterId = after ? cursorId(after[1]) : null;
  // A filter naming another practice's patient or invoice is not found, not an empty list.
  await Promise.all([
    input.patientId ? getPatient(db, org.id, input.patientId) : null,
    input.invoiceId ? checkInvoiceExists(db, org.id, input.invoiceId) : null,
  ]);
  const nextDay = (d: string) =>
    new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const rows = await db
    .select(paymentColumns)
    .from(payment)
    .innerJoin(patient, sameTenant(patient, payment.organizationId, payment.patientId))
    .where(
      and(
        eq(payment.organizationId, org.id),
        input.patientId ? eq(payment.patientId, input.patientId) : undefined,
        input.invoiceId ? eq(payment.invoiceId, input.invoiceId) : undefined,
        input.status ? eq(payment.status, input.status) : undefined,
        input.method ? eq(payment.method, input.method) : undefined,
        input.from ? gte(payment.createdAt, practiceDayStart(input.from, org.timeZone)) : undefined,
        input.to
          ? lt(payment.createdAt, practiceDayStart(nextDay(input.to), org.timeZone))
          : undefined,
        afterTime && afterId
          ? or(lt(createdMs, afterTime), and(eq(createdMs, afterTime), lt(payment.id, afterId)))
          : undefined,
      ),
    )
    .orderBy(desc(createdMs), desc(payment.id))
    .limit(input.limit + 1);
  const page = toPage(rows, input.limit, (last) => [last.createdAt.toISOString(), last.id]);
  return { items: await withRefunds(db, org.id, page.items), nextCursor: page.nextCursor };
}
