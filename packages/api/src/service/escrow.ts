// Video consultations paid at booking, held in escrow: the booking waits for its payment, the
// money is released to the doctor once the consultation is done and its dispute window has
// passed, cancellations are refunded by the practice's policy, disputes freeze the release, and
// doctors see what they have earned and been paid. The journal side is escrow-postings.ts.
import { schema, type Database } from "@caredesk/db";
import type { Gateway, ProviderRefund } from "@caredesk/payments";
import type {
  EscrowDisputeInput,
  EscrowDisputeMineInput,
  EscrowListInput,
  EscrowResolveInput,
  EscrowStatus,
  PayoutListInput,
  PayoutRecordInput,
} from "@caredesk/validators";
import { and, asc, desc, eq, inArray, isNotNull, isNull, lte, sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { runAudited } from "../audit";
import { FieldError, notFound } from "../errors";
import { checkPractitionerFilter } from "./practitioner";
import type { PaymentsConfig } from "../payments";
import type { OrgScope, PatientScope } from "../scope";
import { practiceToday } from "./dental";
import { releaseEscrow, reserveEscrowRefund, type Release } from "./escrow-postings";
import { claimKey, earlierRecord, idempotentRequest } from "./idempotency";
import { accountBalances, postJournal } from "./journal";
import { lockPayment, settleRefund } from "./payment";
import { accountGateway } from "./payment-account";
import { sameTenant } from "./tenant";

const {
  appointment,
  escrow,
  organization,
  payment,
  paymentAccount,
  payout,
  practitioner,
  refund,
  service,
} = schema;

/** How long a video consultation booked in the portal waits for its payment. */
export const PAY_BY_MINUTES = 30;

const hourMs = 3_600_000;

// ---------------------------------------------------------------------------------------------
// Booking

/**
 * Whether booking this service as this kind of appointment asks for payment first: a video
 * consultation of a priced service, in a practice that takes payments online.
 */
export async function paymentDueAtBooking(
  db: Database,
  organizationId: string,
  request: { serviceId: string; kind: "in_person" | "video" },
): Promise<boolean> {
  if (request.kind !== "video") return false;
  const [[priced], [online]] = await Promise.all([
    db
      .select({ price: service.priceMinor })
      .from(service)
      .where(and(eq(service.organizationId, organizationId), eq(service.id, request.serviceId))),
    db
      .select({ id: paymentAccount.id })
      .from(paymentAccount)
      .where(
        and(eq(paymentAccount.organizationId, organizationId), eq(paymentAccount.enabled, true)),
      )
      .limit(1),
  ]);
  return (priced?.price ?? 0) > 0 && online !== undefined;
}

/**
 * Video consultations booked in the portal and never paid stop blocking their time once their
 * pay-by time (kept in `hold_expires_at` while pending) has passed: each is cancelled in its own
 * audited transaction. A payment that arrives afterwards is refunded in full (holdInEscrow).
 */
export async function cancelUnpaidBookings(db: Database, now = new Date()): Promise<number> {
  const lapsed = await db
    .select({ id: appointment.id, organizationId: appointment.organizationId })
    .from(appointment)
    .where(
      and(
        eq(appointment.status, "pending"),
        isNotNull(appointment.holdExpiresAt),
        lte(appointment.holdExpiresAt, now),
      ),
    )
    .limit(500);
  // Imported here: appointment.ts calls into this module when a status changes.
  const { cancelLapsed } = await import("./appointment");
  return cancelLapsed(db, lapsed, {
    action: "appointment.expireUnpaid",
    requestId: "job:cancel-unpaid",
    reason: "Not paid in time",
  });
}

// ---------------------------------------------------------------------------------------------
// The appointment's life: completion starts the dispute window, cancellation refunds by policy

interface StatusChange {
  id: string;
  kind: string;
  startsAt: Date;
  from: string;
  to: string;
}

/**
 * Called inside the transaction that changes an appointment's status. Completion (or a no-show)
 * starts the dispute window: the escrow is released when it ends. A cancellation gives back
 * what the practice's policy says: everything at least `fullRefundHours` before the start, the
 * `lateRefundBps` share after that; the rest is released once the window ends.
 */
export async function escrowOnStatusChange(
  tx: Database,
  organizationId: string,
  change: StatusChange,
  actorUserId: string | null,
  now = new Date(),
): Promise<void> {
  if (change.kind !== "video") return;
  if (!["completed", "no_show", "cancelled"].includes(change.to)) return;
  const [held] = await tx
    .select({ id: escrow.id, paymentId: escrow.paymentId })
    .from(escrow)
    .where(
      and(
        eq(escrow.organizationId, organizationId),
        eq(escrow.appointmentId, change.id),
        inArray(escrow.status, ["held", "disputed"]),
      ),
    );
  if (!held) return;
  const [org] = await tx
    .select({
      window: organization.disputeWindowHours,
      fullRefundHours: organization.fullRefundHours,
      lateRefundBps: organization.lateRefundBps,
    })
    .from(organization)
    .where(eq(organization.id, organizationId));
  if (!org) return;
  const releaseAfter = new Date(now.getTime() + org.window * hourMs);
  if (change.to === "cancelled") {
    const p = await lockPayment(tx, organizationId, held.paymentId);
    const left = p.amountMinor - p.refundedMinor;
    const early = change.startsAt.getTime() - now.getTime() >= org.fullRefundHours * hourMs;
    const share = early ? 10_000 : org.lateRefundBps;
    // Rounded down: the patient never gets back more than the policy says.
    const amount = Math.floor((left * share) / 10_000);
    await reserveEscrowRefund(tx, organizationId, p, {
      amountMinor: amount,
      reason: early
        ? "Cancelled in time: refunded in full"
        : `Cancelled late: ${share / 100}% refunded by the practice's policy`,
      origin: "policy",
      createdBy: actorUserId,
    });
    // What is not refunded is the doctor's, after the same window as a consultation.
    if (amount >= left) return;
  }
  await tx
    .update(escrow)
    .set({ releaseAfter, version: sql`${escrow.version} + 1` })
    .where(
      and(
        eq(escrow.organizationId, organizationId),
        eq(escrow.id, held.id),
        inArray(escrow.status, ["held", "disputed"]),
      ),
    );
}

/** The providers the patient may pay with (enabled accounts; only their names). */
export async function payOptions(
  db: Database,
  organizationId: string,
): Promise<{ providers: (typeof schema.paymentProvider.enumValues)[number][] }> {
  const rows = await db
    .select({ provider: paymentAccount.provider })
    .from(paymentAccount)
    .where(and(eq(paymentAccount.organizationId, organizationId), eq(paymentAccount.enabled, true)))
    .orderBy(asc(paymentAccount.provider));
  return { providers: rows.map((r) => r.provider) };
}

// ---------------------------------------------------------------------------------------------
// Release

export interface ReleaseRun {
  released: number;
  /** Released by this run: amounts and fees, for the bench's sums. */
  releases: Release[];
}

/**
 * Releases escrows whose dispute window has passed, each in its own audited transaction. Safe
 * with several workers at once: the guarded `held → released` move decides who releases each,
 * and the others find it no longer due.
 */
export async function releaseDueEscrows(
  db: Database,
  now = new Date(),
  limit = 200,
): Promise<ReleaseRun> {
  const due = await db
    .select({ id: escrow.id, organizationId: escrow.organizationId })
    .from(escrow)
    .where(
      and(eq(escrow.status, "held"), isNotNull(escrow.releaseAfter), lte(escrow.releaseAfter, now)),
    )
    .orderBy(asc(escrow.releaseAfter))
    .limit(limit);
  const releases: Release[] = [];
  for (const row of due) {
    const origin = {
      organizationId: row.organizationId,
      actorUserId: null,
      ip: null,
      requestId: "job:escrow-release",
    };
    const released = await runAudited(db, origin, "escrow.release", async (tx, audit) => {
      const done = await releaseEscrow(tx, row.organizationId, row.id, now);
      audit({
        entityType: "escrow",
        entityId: row.id,
        after: done ? { status: "released", ...done } : { status: "not due" },
      });
      return done;
    });
    if (released) releases.push(released);
  }
  return { released: releases.length, releases };
}

// ---------------------------------------------------------------------------------------------
// Refunds the policy or a dispute reserved: sent to the provider by a job

export type RefundSendOutcome = "settled" | "pending" | "failed" | "gone";

/**
 * Sends a reserved refund to its provider and settles it by the answer (the job of the
 * `escrow-refund` queue). A provider that cannot be reached throws, so the job is retried; one
 * that refuses fails the refund and gives its reservation back. The provider keys the refund by
 * our refund id, so a retried send never refunds twice.
 */
export async function sendReservedRefund(
  db: Database,
  config: PaymentsConfig,
  organizationId: string,
  refundId: string,
): Promise<RefundSendOutcome> {
  const [r] = await db
    .select()
    .from(refund)
    .where(and(eq(refund.organizationId, organizationId), eq(refund.id, refundId)));
  if (!r || r.status !== "pending") return "gone";
  const [p] = await db
    .select()
    .from(payment)
    .where(and(eq(payment.organizationId, organizationId), eq(payment.id, r.paymentId)));
  if (!p?.provider) return "gone";
  const [org] = await db
    .select({
      id: organization.id,
      currency: organization.currency,
      timeZone: organization.timeZone,
    })
    .from(organization)
    .where(eq(organization.id, organizationId));
  if (!org) return "gone";
  const origin = { organizationId, actorUserId: null, ip: null, requestId: "job:escrow-refund" };
  const settle = (status: ProviderRefund["status"], providerRefundId: string | null) =>
    runAudited(db, origin, "escrow.refund", async (tx, audit) => {
      const locked = await lockPayment(tx, organizationId, p.id);
      const [row] = providerRefundId
        ? await tx
            .update(refund)
            .set({ providerRefundId })
            .where(
              and(
                eq(refund.organizationId, organizationId),
                eq(refund.id, r.id),
                isNull(refund.providerRefundId),
              ),
            )
            .returning()
        : [];
      await settleRefund(tx, org, locked, row ?? r, status, r.createdBy);
      audit({ entityType: "refund", entityId: r.id, patientId: p.patientId, after: { status } });
    });
  let gateway: Gateway;
  try {
    gateway = await accountGateway(db, config, organizationId, p.provider);
  } catch (error) {
    // The practice removed or broke its keys: retried, and staff see the refund pending.
    throw error instanceof Error ? error : new Error("The provider is not set up");
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
    if ((error as { retryable?: boolean }).retryable === true) throw error;
    await settle("failed", null);
    return "failed";
  }
  await settle(answer.status, answer.refundId);
  return answer.status === "pending"
    ? "pending"
    : answer.status === "failed"
      ? "failed"
      : "settled";
}

// ---------------------------------------------------------------------------------------------
// Disputes

export interface EscrowView {
  id: string;
  paymentId: string;
  appointmentId: string;
  practitionerId: string;
  practitionerName: string;
  serviceName: string;
  startsAt: Date;
  amountMinor: number;
  refundedMinor: number;
  currency: string;
  status: EscrowStatus;
  releaseAfter: Date | null;
  releasedAt: Date | null;
  feeMinor: number | null;
  disputeReason: string | null;
  disputedAt: Date | null;
  resolution: string | null;
  /** Whether the patient may still dispute it (held, its window not yet over). */
  disputable: boolean;
}

async function escrowViews(
  db: Database,
  organizationId: string,
  filter: {
    id?: string;
    status?: EscrowStatus | undefined;
    practitionerId?: string | undefined;
    patientId?: string;
  },
  now = new Date(),
): Promise<EscrowView[]> {
  const rows = await db
    .select({
      id: escrow.id,
      paymentId: escrow.paymentId,
      appointmentId: escrow.appointmentId,
      practitionerId: escrow.practitionerId,
      practitionerName: practitioner.name,
      serviceName: service.name,
      startsAt: appointment.startsAt,
      amountMinor: escrow.amountMinor,
      refundedMinor: payment.refundedMinor,
      currency: escrow.currency,
      status: escrow.status,
      releaseAfter: escrow.releaseAfter,
      releasedAt: escrow.releasedAt,
      feeMinor: escrow.feeMinor,
      disputeReason: escrow.disputeReason,
      disputedAt: escrow.disputedAt,
      resolution: escrow.resolution,
    })
    .from(escrow)
    .innerJoin(payment, sameTenant(payment, escrow.organizationId, escrow.paymentId))
    .innerJoin(appointment, sameTenant(appointment, escrow.organizationId, escrow.appointmentId))
    .innerJoin(service, sameTenant(service, appointment.organizationId, appointment.serviceId))
    .innerJoin(practitioner, sameTenant(practitioner, escrow.organizationId, escrow.practitionerId))
    .where(
      and(
        eq(escrow.organizationId, organizationId),
        filter.id ? eq(escrow.id, filter.id) : undefined,
        filter.status ? eq(escrow.status, filter.status) : undefined,
        filter.practitionerId ? eq(escrow.practitionerId, filter.practitionerId) : undefined,
        filter.patientId ? eq(payment.patientId, filter.patientId) : undefined,
      ),
    )
    .orderBy(desc(escrow.createdAt))
    .limit(200);
  return rows.map((row) => ({
    ...row,
    disputable: row.status === "held" && (row.releaseAfter === null || row.releaseAfter > now),
  }));
}

/** Escrows of the practice, newest first (staff). */
export async function listEscrows(
  db: Database,
  organizationId: string,
  input: EscrowListInput,
): Promise<EscrowView[]> {
  await checkPractitionerFilter(db, organizationId, input.practitionerId);
  return escrowViews(db, organizationId, input);
}

/** The patient's own consultations paid at booking (portal). */
export function listOwnEscrows(
  db: Database,
  organizationId: string,
  patientId: string,
): Promise<EscrowView[]> {
  return escrowViews(db, organizationId, { patientId });
}

async function escrowView(db: Database, organizationId: string, id: string) {
  const [view] = await escrowViews(db, organizationId, { id });
  if (!view) throw notFound("Payment held for a consultation not found");
  return view;
}

/** Freezes a held escrow: status disputed, so no release happens until staff resolve it. */
async function freeze(tx: Database, organizationId: string, id: string, reason: string) {
  const [row] = await tx
    .update(escrow)
    .set({
      status: "disputed",
      disputeReason: reason,
      disputedAt: new Date(),
      version: sql`${escrow.version} + 1`,
    })
    .where(
      and(eq(escrow.organizationId, organizationId), eq(escrow.id, id), eq(escrow.status, "held")),
    )
    .returning();
  return row ?? null;
}

/** Staff dispute a held payment: its release waits until the dispute is resolved. */
export async function disputeEscrow(
  ctx: Pick<OrgScope, "db" | "org" | "mutate">,
  input: EscrowDisputeInput,
): Promise<EscrowView> {
  await ctx.mutate(async (tx, audit) => {
    const [current] = await tx
      .select({ status: escrow.status, paymentId: escrow.paymentId })
      .from(escrow)
      .where(and(eq(escrow.organizationId, ctx.org.id), eq(escrow.id, input.escrowId)));
    if (!current) throw new FieldError("NOT_FOUND", { escrowId: ["Not found"] });
    const row = await freeze(tx, ctx.org.id, input.escrowId, input.reason);
    if (!row) {
      throw new FieldError("CONFLICT", {
        escrowId: [`This payment is ${current.status}: only a held payment can be disputed`],
      });
    }
    audit({ entityType: "escrow", entityId: row.id, after: { status: row.status } });
  });
  return escrowView(ctx.db, ctx.org.id, input.escrowId);
}

/** The patient disputes their consultation's payment while its dispute window is open. */
export async function disputeOwnEscrow(
  ctx: Pick<PatientScope, "db" | "org" | "mutate" | "patient">,
  input: EscrowDisputeMineInput,
  now = new Date(),
): Promise<EscrowView> {
  const id = await ctx.mutate(async (tx, audit) => {
    const [current] = await tx
      .select({ id: escrow.id, status: escrow.status, releaseAfter: escrow.releaseAfter })
      .from(escrow)
      .innerJoin(payment, sameTenant(payment, escrow.organizationId, escrow.paymentId))
      .where(
        and(
          eq(escrow.organizationId, ctx.org.id),
          eq(escrow.paymentId, input.paymentId),
          eq(payment.patientId, ctx.patient.id),
        ),
      );
    if (!current) throw new FieldError("NOT_FOUND", { paymentId: ["Payment not found"] });
    if (current.status === "disputed") {
      throw new FieldError("CONFLICT", { paymentId: ["You have already disputed this payment"] });
    }
    const open = current.releaseAfter === null || current.releaseAfter > now;
    if (current.status !== "held" || !open) {
      throw new FieldError("CONFLICT", {
        paymentId: ["The time to dispute this payment has passed"],
      });
    }
    const row = await freeze(tx, ctx.org.id, current.id, input.reason);
    if (!row) {
      throw new FieldError("CONFLICT", {
        paymentId: ["The time to dispute this payment has passed"],
      });
    }
    audit({
      entityType: "escrow",
      entityId: row.id,
      patientId: ctx.patient.id,
      after: { status: row.status },
    });
    return row.id;
  });
  return escrowView(ctx.db, ctx.org.id, id);
}

/**
 * Ends a dispute: release (the money goes to the doctor now) or refund (some or all of what is
 * left goes back to the patient; any rest is released).
 */
export async function resolveEscrow(
  ctx: Pick<OrgScope, "db" | "org" | "mutate" | "user">,
  input: EscrowResolveInput,
  now = new Date(),
): Promise<EscrowView> {
  await ctx.mutate(async (tx, audit) => {
    const [current] = await tx
      .select({ status: escrow.status, paymentId: escrow.paymentId })
      .from(escrow)
      .where(and(eq(escrow.organizationId, ctx.org.id), eq(escrow.id, input.escrowId)));
    if (!current) throw new FieldError("NOT_FOUND", { escrowId: ["Not found"] });
    // The payment first, then the escrow: the order releases and refunds take them in.
    const p = await lockPayment(tx, ctx.org.id, current.paymentId);
    const [locked] = await tx
      .select({ status: escrow.status })
      .from(escrow)
      .where(and(eq(escrow.organizationId, ctx.org.id), eq(escrow.id, input.escrowId)))
      .for("update");
    if (locked?.status !== "disputed") {
      throw new FieldError("CONFLICT", { escrowId: ["Only a disputed payment can be resolved"] });
    }
    const left = p.amountMinor - p.refundedMinor;
    let refundMinor = 0;
    if (input.outcome === "refund") {
      refundMinor = input.amountMinor ?? left;
      if (refundMinor > left) {
        throw new FieldError("BAD_REQUEST", { amountMinor: [`At most ${left} can be refunded`] });
      }
      await reserveEscrowRefund(tx, ctx.org.id, p, {
        amountMinor: refundMinor,
        reason: input.note,
        origin: "dispute",
        createdBy: ctx.user.id,
      });
    }
    const releasesRest = refundMinor < left;
    await tx
      .update(escrow)
      .set({
        resolution: `${input.outcome}: ${input.note}`.slice(0, 600),
        // Something stays for the doctor: released now (after a refund, once it is settled).
        ...(releasesRest ? { status: "held" as const, releaseAfter: now } : {}),
        version: sql`${escrow.version} + 1`,
      })
      .where(and(eq(escrow.organizationId, ctx.org.id), eq(escrow.id, input.escrowId)));
    if (releasesRest && refundMinor === 0) await releaseEscrow(tx, ctx.org.id, input.escrowId, now);
    audit({
      entityType: "escrow",
      entityId: input.escrowId,
      patientId: p.patientId,
      after: { outcome: input.outcome, refundMinor },
    });
  });
  return escrowView(ctx.db, ctx.org.id, input.escrowId);
}

// ---------------------------------------------------------------------------------------------
// Earnings and payouts

export interface Earnings {
  practitionerId: string;
  practitionerName: string;
  currency: string;
  /** Paid by patients, waiting for the consultation and its dispute window (or a dispute). */
  heldMinor: number;
  /** Released to the doctor and not yet paid out. */
  availableMinor: number;
  paidOutMinor: number;
  /** The practice's fee on what was released. */
  feesMinor: number;
}

export interface EarningsRelease {
  escrowId: string;
  serviceName: string;
  startsAt: Date;
  releasedAt: Date | null;
  amountMinor: number;
  feeMinor: number;
  netMinor: number;
}

async function practitionersEarnings(
  db: Database,
  organizationId: string,
  currency: string,
  practitionerId?: string,
): Promise<Earnings[]> {
  const [doctors, held, fees, paid, balances] = await Promise.all([
    db
      .select({ id: practitioner.id, name: practitioner.name })
      .from(practitioner)
      .where(
        and(
          eq(practitioner.organizationId, organizationId),
          practitionerId ? eq(practitioner.id, practitionerId) : undefined,
        ),
      )
      .orderBy(asc(practitioner.name)),
    db
      .select({
        practitionerId: escrow.practitionerId,
        total: sql<string>`sum(${escrow.amountMinor} - ${payment.refundedMinor})`,
      })
      .from(escrow)
      .innerJoin(payment, sameTenant(payment, escrow.organizationId, escrow.paymentId))
      .where(
        and(
          eq(escrow.organizationId, organizationId),
          inArray(escrow.status, ["held", "disputed"]),
          practitionerId ? eq(escrow.practitionerId, practitionerId) : undefined,
        ),
      )
      .groupBy(escrow.practitionerId),
    db
      .select({
        practitionerId: escrow.practitionerId,
        total: sql<string>`coalesce(sum(${escrow.feeMinor}), 0)`,
      })
      .from(escrow)
      .where(
        and(
          eq(escrow.organizationId, organizationId),
          eq(escrow.status, "released"),
          practitionerId ? eq(escrow.practitionerId, practitionerId) : undefined,
        ),
      )
      .groupBy(escrow.practitionerId),
    db
      .select({
        practitionerId: payout.practitionerId,
        total: sql<string>`sum(${payout.amountMinor})`,
      })
      .from(payout)
      .where(
        and(
          eq(payout.organizationId, organizationId),
          practitionerId ? eq(payout.practitionerId, practitionerId) : undefined,
        ),
      )
      .groupBy(payout.practitionerId),
    db
      .select({
        practitionerId: schema.journalPosting.practitionerId,
        total: sql<string>`sum(${schema.journalPosting.amountMinor})`,
      })
      .from(schema.journalPosting)
      .where(
        and(
          eq(schema.journalPosting.organizationId, organizationId),
          eq(schema.journalPosting.account, "doctor_payable"),
          eq(schema.journalPosting.currency, currency),
          practitionerId ? eq(schema.journalPosting.practitionerId, practitionerId) : undefined,
        ),
      )
      .groupBy(schema.journalPosting.practitionerId),
  ]);
  const of = (rows: { practitionerId: string | null; total: string }[], id: string) =>
    Number(rows.find((r) => r.practitionerId === id)?.total ?? 0);
  return doctors.map((d) => ({
    practitionerId: d.id,
    practitionerName: d.name,
    currency,
    heldMinor: of(held, d.id),
    // The practice owes the doctor a credit balance: negative in the journal.
    availableMinor: 0 - of(balances, d.id),
    paidOutMinor: of(paid, d.id),
    feesMinor: of(fees, d.id),
  }));
}

/**
 * A doctor's own earnings: their practitioner profile's held, available and paid-out money;
 * null for a member without a practitioner profile in this practice.
 */
export async function ownEarnings(
  ctx: Pick<OrgScope, "db" | "org" | "user">,
): Promise<(Earnings & { releases: EarningsRelease[]; payouts: PayoutView[] }) | null> {
  const [me] = await ctx.db
    .select({ id: practitioner.id })
    .from(practitioner)
    .where(and(eq(practitioner.organizationId, ctx.org.id), eq(practitioner.userId, ctx.user.id)));
  // A member who is not a doctor here has no earnings: nothing to show, not an error.
  if (!me) return null;
  const [[earnings], releases, payouts] = await Promise.all([
    practitionersEarnings(ctx.db, ctx.org.id, ctx.org.currency, me.id),
    recentReleases(ctx.db, ctx.org.id, me.id),
    listPayouts(ctx.db, ctx.org.id, { practitionerId: me.id }),
  ]);
  if (!earnings) throw notFound("You have no practitioner profile in this practice");
  return { ...earnings, releases, payouts };
}

/** Every doctor's earnings (managers). */
export function listEarnings(db: Database, org: { id: string; currency: string }) {
  return practitionersEarnings(db, org.id, org.currency);
}

async function recentReleases(
  db: Database,
  organizationId: string,
  practitionerId: string,
): Promise<EarningsRelease[]> {
  const rows = await db
    .select({
      escrowId: escrow.id,
      serviceName: service.name,
      startsAt: appointment.startsAt,
      releasedAt: escrow.releasedAt,
      amountMinor: escrow.amountMinor,
      refundedMinor: payment.refundedMinor,
      feeMinor: escrow.feeMinor,
    })
    .from(escrow)
    .innerJoin(payment, sameTenant(payment, escrow.organizationId, escrow.paymentId))
    .innerJoin(appointment, sameTenant(appointment, escrow.organizationId, escrow.appointmentId))
    .innerJoin(service, sameTenant(service, appointment.organizationId, appointment.serviceId))
    .where(
      and(
        eq(escrow.organizationId, organizationId),
        eq(escrow.practitionerId, practitionerId),
        eq(escrow.status, "released"),
      ),
    )
    .orderBy(desc(escrow.releasedAt))
    .limit(50);
  return rows.map(({ refundedMinor, ...row }) => {
    const fee = row.feeMinor ?? 0;
    const released = row.amountMinor - refundedMinor;
    return { ...row, amountMinor: released, feeMinor: fee, netMinor: released - fee };
  });
}

export interface PayoutView {
  id: string;
  practitionerId: string;
  practitionerName: string;
  amountMinor: number;
  currency: string;
  method: (typeof schema.payoutMethod.enumValues)[number];
  reference: string | null;
  createdAt: Date;
}

export async function listPayouts(
  db: Database,
  organizationId: string,
  input: PayoutListInput & { id?: string },
): Promise<PayoutView[]> {
  await checkPractitionerFilter(db, organizationId, input.practitionerId);
  return db
    .select({
      id: payout.id,
      practitionerId: payout.practitionerId,
      practitionerName: practitioner.name,
      amountMinor: payout.amountMinor,
      currency: payout.currency,
      method: payout.method,
      reference: payout.reference,
      createdAt: payout.createdAt,
    })
    .from(payout)
    .innerJoin(practitioner, sameTenant(practitioner, payout.organizationId, payout.practitionerId))
    .where(
      and(
        eq(payout.organizationId, organizationId),
        input.practitionerId ? eq(payout.practitionerId, input.practitionerId) : undefined,
        input.id ? eq(payout.id, input.id) : undefined,
      ),
    )
    .orderBy(desc(payout.createdAt))
    .limit(200);
}

/**
 * Records money paid out to a doctor by hand: posted from their payable to cash, never more
 * than is available (payouts of one doctor queue on a lock, so two at once cannot overdraw).
 */
export async function recordPayout(
  ctx: Pick<OrgScope, "db" | "org" | "user" | "mutate" | "operation">,
  input: PayoutRecordInput,
): Promise<PayoutView> {
  const keyed = idempotentRequest(ctx, ctx.org.id, input.idempotencyKey, input);
  const earlier = await earlierRecord(ctx.db, keyed);
  const id =
    earlier?.id ??
    (await ctx.mutate(async (tx, audit) => {
      const id = randomUUID();
      const claimed = claimKey(tx, keyed, { type: "payout", id });
      claimed.catch(() => undefined);
      const run = async () => {
        await tx.execute(
          sql`select pg_advisory_xact_lock(hashtextextended(${`payout:${input.practitionerId}`}, 0))`,
        );
        await checkPractitionerFilter(tx, ctx.org.id, input.practitionerId);
        const balances = await accountBalances(tx, ctx.org.id, {
          accounts: ["doctor_payable"],
          practitionerId: input.practitionerId,
        });
        const available =
          0 - (balances.find((b) => b.currency === ctx.org.currency)?.balanceMinor ?? 0);
        if (input.amountMinor > available) {
          throw new FieldError("BAD_REQUEST", {
            amountMinor: [
              available > 0
                ? `At most ${available} is available`
                : "Nothing is available to pay out",
            ],
          });
        }
        const [row] = await tx
          .insert(payout)
          .values({
            id,
            organizationId: ctx.org.id,
            practitionerId: input.practitionerId,
            amountMinor: input.amountMinor,
            currency: ctx.org.currency,
            method: "manual",
            reference: input.reference,
            createdBy: ctx.user.id,
          })
          .returning();
        if (!row) throw new Error("payout insert returned nothing");
        await postJournal(tx, ctx.org.id, {
          kind: "payout",
          memo: `Paid out to the doctor: ${input.reference}`,
          currency: ctx.org.currency,
          effectiveOn: practiceToday(ctx.org.timeZone),
          createdBy: ctx.user.id,
          payoutId: id,
          postings: [
            {
              account: "doctor_payable",
              amountMinor: input.amountMinor,
              practitionerId: input.practitionerId,
            },
            { account: "cash", amountMinor: -input.amountMinor },
          ],
        });
        audit({ entityType: "payout", entityId: id, after: row });
        return id;
      };
      const result = await run().catch(async (error: unknown) => {
        await claimed;
        throw error;
      });
      await claimed;
      return result;
    }));
  const [view] = await listPayouts(ctx.db, ctx.org.id, { id });
  if (!view) throw notFound("Payout not found");
  return view;
}
