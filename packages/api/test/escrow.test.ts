// Consultations paid at booking: the booking waits for its payment, the money is held until the
// consultation is done and its dispute window has passed, then released to the doctor exactly
// once less the practice's fee; cancellations are refunded by the practice's policy, a dispute
// freezes the release, a refund after release is taken back from the doctor and the fee, and
// payouts never exceed what the doctor has available. Driven through the real Stripe SDK against
// the stand-in, on a real database.
import { schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import {
  addMember,
  callerFor,
  createOrganization,
  createPatient,
  failureOf,
  nextWeekdayAt,
  signUp,
  testStripe,
  uniqueEmail,
  uniqueIdempotencyKey,
  type Caller,
  type TestMember,
} from "@caredesk/api/testing";
import type { StripeStandIn } from "@caredesk/payments/testing";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { processPayments } from "../src/payments";
import { cancelUnpaidBookings, releaseDueEscrows, sendReservedRefund } from "../src/service/escrow";

let database: TestDatabase;
let db: Database;
let stripe: StripeStandIn;

const price = 33_333;
/** 12.5%: 4,166.625 rounds to 4,167. */
const feeBps = 1_250;
const fee = 4_167;
const hour = 3_600_000;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  stripe = await testStripe();
});
afterAll(() => database.drop());

interface Clinic {
  organizationId: string;
  staff: Caller;
  doctor: TestMember;
  doctorCaller: Caller;
  practitionerId: string;
  serviceId: string;
  patientId: string;
  portal: Caller;
}

/** A practice taking Stripe, a doctor with a video service, and a patient in the portal. */
async function clinic(policy: { fullRefundHours?: number; lateRefundBps?: number } = {}) {
  const owner = await signUp(db, { name: "Olivia Owner" });
  const organization = await createOrganization(db, owner, { name: "Escrow Clinic" });
  const doctor = await addMember(db, organization.id, owner, "doctor");
  const staff = await callerFor(db, { token: owner.token, organizationId: organization.id });
  const practitioner = await staff.practitioner.create({ name: "Dr Amira", userId: doctor.id });
  await staff.schedule.setWeek({
    resourceId: practitioner.resourceId,
    rules: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "09:00", end: "17:00" })),
  });
  const service = await staff.service.create({
    name: "Video consultation",
    durationMinutes: 20,
    priceMinor: price,
    colour: "#2563eb",
  });
  await staff.paymentAccount.save({
    provider: "stripe",
    publishableKey: stripe.publishableKey,
    secretKey: stripe.secretKey,
    webhookSecret: stripe.webhookSecret,
    enabled: true,
  });
  await staff.billing.updateSettings({
    taxRateBps: 0,
    taxLabel: "VAT",
    platformFeeBps: feeBps,
    disputeWindowHours: 48,
    fullRefundHours: policy.fullRefundHours ?? 24,
    lateRefundBps: policy.lateRefundBps ?? 5_000,
  });
  const person = await signUp(db, { name: "Pat Patient", email: uniqueEmail("pat") });
  const patient = await createPatient(staff, { email: person.email });
  await staff.patient.linkAccount({ id: patient.id, email: person.email });
  return {
    organizationId: organization.id,
    staff,
    doctor,
    doctorCaller: await callerFor(db, { token: doctor.token, organizationId: organization.id }),
    practitionerId: practitioner.id,
    serviceId: service.id,
    patientId: patient.id,
    portal: await callerFor(db, { token: person.token, organizationId: organization.id }),
  } satisfies Clinic;
}

let slot = 0;
/** A free start on a weekday ahead (each booking its own time). */
function nextSlot() {
  slot++;
  const day = 2 + Math.floor(slot / 12);
  const minutes = 9 * 60 + (slot % 12) * 30;
  const time = `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
  return nextWeekdayAt(time, day);
}

async function book(c: Clinic) {
  return c.portal.appointment.bookMine({
    serviceId: c.serviceId,
    start: nextSlot(),
    kind: "video",
    resourceIds: [],
    idempotencyKey: uniqueIdempotencyKey(),
  });
}

/** Books a video consultation and pays it with a test card, as the Payment Element would. */
async function bookAndPay(c: Clinic) {
  const booked = await book(c);
  return { appointmentId: booked.id, ...(await pay(c, booked.id)) };
}

/** Pays a booked consultation with a test card, then the portal asks the server to check. */
async function pay(c: Clinic, appointmentId: string) {
  const checkout = await c.portal.payment.checkoutMine({
    appointmentId,
    provider: "stripe",
    idempotencyKey: uniqueIdempotencyKey(),
  });
  const [row] = await db
    .select({ providerRef: schema.payment.providerRef })
    .from(schema.payment)
    .where(eq(schema.payment.id, checkout.paymentId));
  // What Stripe.js does in the browser with a card entered: confirm the PaymentIntent.
  const confirmed = await fetch(
    `${stripe.url}/v1/payment_intents/${row?.providerRef ?? ""}/confirm`,
    {
      method: "POST",
      headers: {
        authorization: `Bearer ${stripe.secretKey}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: "payment_method=pm_card_visa",
    },
  );
  expect(confirmed.status).toBe(200);
  const payment = await c.portal.payment.confirmMine({ paymentId: checkout.paymentId });
  return { paymentId: payment.id, payment };
}

async function escrowOf(paymentId: string) {
  const [row] = await db.select().from(schema.escrow).where(eq(schema.escrow.paymentId, paymentId));
  if (!row) throw new Error("no escrow for this payment");
  return row;
}

async function complete(c: Clinic, appointmentId: string) {
  const current = await c.staff.appointment.byId({ id: appointmentId });
  return c.staff.appointment.setStatus({
    id: appointmentId,
    status: "completed",
    version: current.version,
  });
}

async function cancelMine(c: Clinic, appointmentId: string) {
  return c.portal.appointment.cancelMine({ id: appointmentId, reason: "Cannot make it" });
}

/** Balance of a ledger account of the practice (optionally one doctor's sub-account). */
async function balance(organizationId: string, account: string, practitionerId?: string) {
  const [row] = await db
    .select({ sum: sql<string>`coalesce(sum(${schema.journalPosting.amountMinor}), 0)` })
    .from(schema.journalPosting)
    .where(
      and(
        eq(schema.journalPosting.organizationId, organizationId),
        sql`${schema.journalPosting.account}::text = ${account}`,
        practitionerId ? eq(schema.journalPosting.practitionerId, practitionerId) : undefined,
      ),
    );
  return Number(row?.sum ?? 0);
}

async function unbalancedEntries(organizationId: string) {
  return db
    .select({ entryId: schema.journalPosting.entryId })
    .from(schema.journalPosting)
    .where(eq(schema.journalPosting.organizationId, organizationId))
    .groupBy(schema.journalPosting.entryId, schema.journalPosting.currency)
    .having(sql`sum(${schema.journalPosting.amountMinor}) <> 0`);
}

/** Runs the refund job for every refund the practice has waiting, as the worker would. */
async function sendPendingRefunds(organizationId: string) {
  const pending = await db
    .select({ id: schema.refund.id })
    .from(schema.refund)
    .where(
      and(eq(schema.refund.organizationId, organizationId), eq(schema.refund.status, "pending")),
    );
  for (const r of pending) {
    await sendReservedRefund(db, processPayments(), organizationId, r.id);
  }
  return pending.length;
}

describe("booking a video consultation in the portal", () => {
  it("waits for its payment, and the payment confirms it and holds the money", async () => {
    const c = await clinic();
    const booked = await book(c);
    expect(booked.status).toBe("pending");

    const { paymentId, payment } = await pay(c, booked.id);

    expect(payment.status).toBe("succeeded");
    expect((await c.staff.appointment.byId({ id: booked.id })).status).toBe("confirmed");
    const held = await escrowOf(paymentId);
    expect(held).toMatchObject({ status: "held", amountMinor: price, releaseAfter: null });
    expect(await balance(c.organizationId, "escrow")).toBe(-price);
    const earnings = await c.doctorCaller.earnings.mine();
    expect(earnings).toMatchObject({ heldMinor: price, availableMinor: 0, paidOutMinor: 0 });
  });

  it("is cancelled when it is not paid within 30 minutes, freeing its time", async () => {
    const c = await clinic();
    const booked = await book(c);

    expect(await cancelUnpaidBookings(db, new Date(Date.now() + 29 * 60_000))).toBe(0);
    expect(await cancelUnpaidBookings(db, new Date(Date.now() + 31 * 60_000))).toBeGreaterThan(0);

    const after = await c.staff.appointment.byId({ id: booked.id });
    expect(after).toMatchObject({ status: "cancelled", cancellationReason: "Not paid in time" });
  });

  it("is not a booking request for staff to answer while it waits for payment", async () => {
    const c = await clinic();
    const booked = await book(c);
    const requests = await c.staff.appointment.requests({ limit: 50 });
    expect(requests.items.map((r) => r.id)).not.toContain(booked.id);
  });
});

describe("release", () => {
  it("happens once the dispute window after completion has passed, never before", async () => {
    const c = await clinic();
    const { appointmentId, paymentId } = await bookAndPay(c);
    await complete(c, appointmentId);
    const held = await escrowOf(paymentId);
    expect(held.releaseAfter).not.toBeNull();
    const due = held.releaseAfter ?? new Date();
    expect(due.getTime() - Date.now()).toBeGreaterThan(47 * hour);

    const early = await releaseDueEscrows(db, new Date(due.getTime() - 60_000));
    expect(early.releases.map((r) => r.escrowId)).not.toContain(held.id);
    expect((await escrowOf(paymentId)).status).toBe("held");
  });

  it("releases each escrow exactly once under four concurrent releasers, the fee exact", async () => {
    const c = await clinic();
    const paid = [await bookAndPay(c), await bookAndPay(c), await bookAndPay(c)];
    for (const p of paid) await complete(c, p.appointmentId);
    const later = new Date(Date.now() + 49 * hour);

    const runs = await Promise.all([1, 2, 3, 4].map(() => releaseDueEscrows(db, later)));

    const mine = new Set(
      await Promise.all(paid.map(async (p) => (await escrowOf(p.paymentId)).id)),
    );
    const released = runs.flatMap((r) => r.releases).filter((r) => mine.has(r.escrowId));
    expect(released).toHaveLength(3);
    expect(new Set(released.map((r) => r.escrowId)).size).toBe(3);
    expect(released.every((r) => r.amountMinor === price && r.feeMinor === fee)).toBe(true);
    const entries = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(schema.journalEntry)
      .where(
        and(
          eq(schema.journalEntry.organizationId, c.organizationId),
          eq(schema.journalEntry.kind, "escrow_release"),
        ),
      );
    expect(entries[0]?.n).toBe(3);
    expect(await balance(c.organizationId, "escrow")).toBe(0);
    expect(await balance(c.organizationId, "platform_revenue")).toBe(-3 * fee);
    expect(await balance(c.organizationId, "doctor_payable", c.practitionerId)).toBe(
      -3 * (price - fee),
    );
    expect(await unbalancedEntries(c.organizationId)).toEqual([]);

    const earnings = await c.doctorCaller.earnings.mine();
    expect(earnings).toMatchObject({
      heldMinor: 0,
      availableMinor: 3 * (price - fee),
      feesMinor: 3 * fee,
    });
    expect(earnings?.releases[0]).toMatchObject({
      amountMinor: price,
      feeMinor: fee,
      netMinor: price - fee,
    });
  });
});

describe("disputes", () => {
  it("a patient's dispute within the window freezes the release until staff resolve it", async () => {
    const c = await clinic();
    const { appointmentId, paymentId } = await bookAndPay(c);
    await complete(c, appointmentId);

    const disputed = await c.portal.escrow.disputeMine({
      paymentId,
      reason: "The doctor never joined the call",
    });
    expect(disputed.status).toBe("disputed");
    await releaseDueEscrows(db, new Date(Date.now() + 49 * hour));
    expect((await escrowOf(paymentId)).status).toBe("disputed");

    const resolved = await c.staff.escrow.resolve({
      escrowId: disputed.id,
      outcome: "release",
      note: "The call log shows the consultation took place",
    });
    expect(resolved.status).toBe("released");
    expect(await balance(c.organizationId, "doctor_payable", c.practitionerId)).toBe(
      -(price - fee),
    );
  });

  it("refuses a patient's dispute once the window has closed", async () => {
    const c = await clinic();
    const { appointmentId, paymentId } = await bookAndPay(c);
    await complete(c, appointmentId);
    await db
      .update(schema.escrow)
      .set({ releaseAfter: new Date(Date.now() - 60_000) })
      .where(eq(schema.escrow.paymentId, paymentId));

    const failure = await failureOf(c.portal.escrow.disputeMine({ paymentId, reason: "Too late" }));
    expect(failure.code).toBe("CONFLICT");
    expect(failure.fieldErrors?.paymentId).toBeDefined();
    expect((await escrowOf(paymentId)).status).toBe("held");
  });

  it("resolving with a refund gives the money back through the provider", async () => {
    const c = await clinic();
    const { paymentId } = await bookAndPay(c);
    const held = await escrowOf(paymentId);
    await c.staff.escrow.dispute({ escrowId: held.id, reason: "Charged twice, says the patient" });

    await c.staff.escrow.resolve({ escrowId: held.id, outcome: "refund", note: "Refund agreed" });
    expect(await sendPendingRefunds(c.organizationId)).toBe(1);

    expect((await escrowOf(paymentId)).status).toBe("refunded");
    const payment = await c.staff.payment.byId({ id: paymentId });
    expect(payment).toMatchObject({ status: "refunded", refundedMinor: price });
    expect(payment.refunds[0]).toMatchObject({ origin: "dispute", status: "succeeded" });
    expect(await balance(c.organizationId, "escrow")).toBe(0);
  });
});

describe("the cancellation policy", () => {
  it("refunds the whole payment through the provider when cancelled in time", async () => {
    const c = await clinic({ fullRefundHours: 24 });
    const { appointmentId, paymentId } = await bookAndPay(c);
    const refundsBefore = stripe.events.filter((e) => e.type === "charge.refunded").length;

    await cancelMine(c, appointmentId);
    expect(await sendPendingRefunds(c.organizationId)).toBe(1);

    const payment = await c.staff.payment.byId({ id: paymentId });
    expect(payment).toMatchObject({ status: "refunded", refundedMinor: price });
    expect(payment.refunds[0]).toMatchObject({ origin: "policy", amountMinor: price });
    expect(stripe.events.filter((e) => e.type === "charge.refunded").length).toBe(
      refundsBefore + 1,
    );
    expect((await escrowOf(paymentId)).status).toBe("refunded");
    expect(await balance(c.organizationId, "escrow")).toBe(0);
    expect(await unbalancedEntries(c.organizationId)).toEqual([]);
  });

  it("refunds the late share when cancelled late, and releases the rest after the window", async () => {
    // Every booking here is "late": the full refund needs 30 days' notice.
    const c = await clinic({ fullRefundHours: 720, lateRefundBps: 5_000 });
    const { appointmentId, paymentId } = await bookAndPay(c);

    await c.staff.appointment.cancel({ id: appointmentId, reason: "The patient called late" });
    await sendPendingRefunds(c.organizationId);

    const payment = await c.staff.payment.byId({ id: paymentId });
    const refunded = Math.floor(price / 2);
    expect(payment).toMatchObject({ status: "partially_refunded", refundedMinor: refunded });
    const run = await releaseDueEscrows(db, new Date(Date.now() + 49 * hour));
    const held = await escrowOf(paymentId);
    expect(run.releases.find((r) => r.escrowId === held.id)?.amountMinor).toBe(price - refunded);
    expect(held.status).toBe("released");
    expect(await balance(c.organizationId, "escrow")).toBe(0);
    expect(await unbalancedEntries(c.organizationId)).toEqual([]);
  });

  it("refunds nothing for a no-show; the escrow releases after the window", async () => {
    const c = await clinic();
    const { appointmentId, paymentId } = await bookAndPay(c);
    const current = await c.staff.appointment.byId({ id: appointmentId });
    await c.staff.appointment.setStatus({
      id: appointmentId,
      status: "no_show",
      version: current.version,
    });

    expect(await sendPendingRefunds(c.organizationId)).toBe(0);
    await releaseDueEscrows(db, new Date(Date.now() + 49 * hour));
    expect((await escrowOf(paymentId)).status).toBe("released");
  });
});

describe("a refund after release", () => {
  it("is taken back from the doctor's payable and the fee in the released shares", async () => {
    const c = await clinic();
    const { appointmentId, paymentId } = await bookAndPay(c);
    await complete(c, appointmentId);
    await releaseDueEscrows(db, new Date(Date.now() + 49 * hour));
    expect((await escrowOf(paymentId)).status).toBe("released");

    await c.staff.payment.refund({
      paymentId,
      amountMinor: 8_000,
      reason: "Goodwill",
      idempotencyKey: uniqueIdempotencyKey(),
    });

    // 12.5% of 8,000 is 1,000 from the fee, 7,000 from the doctor.
    expect(await balance(c.organizationId, "doctor_payable", c.practitionerId)).toBe(
      -(price - fee - 7_000),
    );
    expect(await balance(c.organizationId, "platform_revenue")).toBe(-(fee - 1_000));
    expect(await unbalancedEntries(c.organizationId)).toEqual([]);
    const earnings = await c.doctorCaller.earnings.mine();
    expect(earnings?.availableMinor).toBe(price - fee - 7_000);
  });
});

describe("payouts", () => {
  it("refuses more than the doctor has available, and records the rest from the payable", async () => {
    const c = await clinic();
    const { appointmentId } = await bookAndPay(c);
    await complete(c, appointmentId);
    await releaseDueEscrows(db, new Date(Date.now() + 49 * hour));
    const available = price - fee;

    const failure = await failureOf(
      c.staff.payout.record({
        practitionerId: c.practitionerId,
        amountMinor: available + 1,
        reference: "TRF-1",
        idempotencyKey: uniqueIdempotencyKey(),
      }),
    );
    expect(failure.code).toBe("BAD_REQUEST");
    expect(failure.fieldErrors?.amountMinor).toBeDefined();

    const paidOut = await c.staff.payout.record({
      practitionerId: c.practitionerId,
      amountMinor: available,
      reference: "TRF-2",
      idempotencyKey: uniqueIdempotencyKey(),
    });
    expect(paidOut).toMatchObject({ amountMinor: available, method: "manual" });
    const [row] = (await c.staff.earnings.list()).filter(
      (e) => e.practitionerId === c.practitionerId,
    );
    expect(row).toMatchObject({ availableMinor: 0, paidOutMinor: available });
  });

  it("lets two payouts at once take no more than is available", async () => {
    const c = await clinic();
    const { appointmentId } = await bookAndPay(c);
    await complete(c, appointmentId);
    await releaseDueEscrows(db, new Date(Date.now() + 49 * hour));
    const available = price - fee;
    const attempt = () =>
      c.staff.payout.record({
        practitionerId: c.practitionerId,
        amountMinor: available - 100,
        reference: "TRF-3",
        idempotencyKey: uniqueIdempotencyKey(),
      });

    const results = await Promise.allSettled([attempt(), attempt()]);

    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await balance(c.organizationId, "doctor_payable", c.practitionerId)).toBe(-100);
  });
});
