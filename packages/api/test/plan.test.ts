// Plans: the price comes from the catalogue; paying on the platform's keys (the Stripe stand-in)
// buys one period and switches the features on, once, whatever the order or number of the
// provider's reports; renewals extend from the end of the period paid; a site lapses after its
// grace days; features off answer NOT_FOUND; operators keep the catalogue, audited.
import { schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import {
  callerFor,
  createPatient,
  failureOf,
  makePlatformOperator,
  signUp,
  testStripe,
  uniqueIdempotencyKey,
  type Caller,
  type TestUser,
} from "@caredesk/api/testing";
import {
  startFawryStandIn,
  type FawryStandIn,
  type StripeStandIn,
} from "@caredesk/payments/testing";
import { randomBytes } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { processPayments } from "../src/payments";
import { receivePlanWebhook } from "../src/service/plan-payment";
import { liveSite } from "../src/service/site";

let database: TestDatabase;
let db: Database;
let stripe: StripeStandIn;
let fawry: FawryStandIn;

const dayMs = 86_400_000;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  stripe = await testStripe();
  fawry = await startFawryStandIn();
  processPayments().endpoints.fawry = { baseUrl: fawry.url };
  processPayments().platform = {
    stripe: {
      secretKey: stripe.secretKey,
      publishableKey: stripe.publishableKey,
      webhookSecret: stripe.webhookSecret,
    },
    fawry: fawry.credentials,
  };
});
afterAll(async () => {
  await fawry.close();
  await database.drop();
});

interface FreshPractice {
  id: string;
  slug: string;
  owner: TestUser;
  staff: Caller;
}

/** A practice just signed up: nothing chosen, nothing paid, its site unpublished. */
async function freshPractice(currency = "GBP"): Promise<FreshPractice> {
  const owner = await signUp(db, { name: "Olivia Owner" });
  const slug = `plan-${randomBytes(5).toString("hex")}`;
  const org = await (
    await callerFor(db, { token: owner.token })
  ).organization.create({
    name: "Plan Clinic",
    slug,
    kind: "clinic",
    timeZone: "Europe/London",
    currency,
  });
  const staff = await callerFor(db, { token: owner.token, organizationId: org.id });
  return { id: org.id, slug, owner, staff };
}

async function price(currency: string, item: string, interval: "month" | "year") {
  const [row] = await db
    .select({ amount: schema.planPrice.amountMinor })
    .from(schema.planPrice)
    .where(
      and(
        eq(schema.planPrice.currency, currency),
        eq(schema.planPrice.item, item),
        eq(schema.planPrice.interval, interval),
      ),
    );
  if (!row) throw new Error(`no ${currency} ${interval} price for ${item}`);
  return row.amount;
}

async function subscriptionOf(orgId: string) {
  const [row] = await db
    .select()
    .from(schema.subscription)
    .where(eq(schema.subscription.organizationId, orgId));
  if (!row) throw new Error("no subscription");
  return row;
}

async function providerRefOf(planPaymentId: string) {
  const [row] = await db
    .select({ ref: schema.planPayment.providerRef })
    .from(schema.planPayment)
    .where(eq(schema.planPayment.id, planPaymentId));
  if (!row?.ref) throw new Error("the plan payment has no provider reference");
  return row.ref;
}

/** The card succeeds at the stand-in, as Stripe.js would confirm it in the browser. */
async function confirmCard(providerRef: string, card = "pm_card_visa") {
  const response = await fetch(`${stripe.url}/v1/payment_intents/${providerRef}/confirm`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${stripe.secretKey}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: `payment_method=${card}`,
  });
  if (!response.ok) throw new Error(`the stand-in refused the card: ${response.status}`);
}

/** Choose, check out and pay with a card; the server reads the payment back. */
async function buyPlan(
  practice: FreshPractice,
  features: ("reviews" | "patient_portal")[],
  interval: "month" | "year" = "month",
) {
  await practice.staff.plan.choose({ features, interval });
  const checkout = await practice.staff.plan.checkout({
    provider: "stripe",
    idempotencyKey: uniqueIdempotencyKey(),
  });
  await confirmCard(await providerRefOf(checkout.planPaymentId));
  const synced = await practice.staff.plan.sync({ planPaymentId: checkout.planPaymentId });
  return { checkout, synced };
}

function monthsAfter(start: Date, months: number) {
  const end = new Date(start);
  end.setUTCMonth(end.getUTCMonth() + months);
  return end;
}

describe("the price", () => {
  it("quotes the base and each feature from the catalogue, per interval", async () => {
    const practice = await freshPractice("EGP");
    const catalogue = await practice.staff.plan.catalogue();
    expect(catalogue).toMatchObject({ currency: "EGP", available: true });
    expect(catalogue.features).toEqual([
      "reviews",
      "patient_portal",
      "assistant",
      "ambulance",
      "prescription_refill",
    ]);
    const quote = await practice.staff.plan.quote({
      features: ["patient_portal", "reviews"],
      interval: "year",
    });
    const base = await price("EGP", "base", "year");
    const reviews = await price("EGP", "reviews", "year");
    const portal = await price("EGP", "patient_portal", "year");
    expect(quote).toEqual({
      lines: [
        { item: "base", amountMinor: base },
        { item: "reviews", amountMinor: reviews },
        { item: "patient_portal", amountMinor: portal },
      ],
      totalMinor: base + reviews + portal,
      currency: "EGP",
      interval: "year",
    });
    const monthly = await practice.staff.plan.quote({ features: [], interval: "month" });
    expect(monthly.totalMinor).toBe(await price("EGP", "base", "month"));
  });

  it("says so when the practice's currency has no prices", async () => {
    const practice = await freshPractice("JPY");
    const catalogue = await practice.staff.plan.catalogue();
    expect(catalogue).toMatchObject({ currency: "JPY", available: false, prices: [] });
    const failure = await failureOf(
      practice.staff.plan.quote({ features: ["reviews"], interval: "month" }),
    );
    expect(failure.code).toBe("PRECONDITION_FAILED");
    expect(failure.message).toContain("not priced in JPY");
  });

  it("refuses a feature listed twice or one the product does not offer", async () => {
    const practice = await freshPractice();
    for (const features of [["reviews", "reviews"], ["teleportation"]]) {
      const failure = await failureOf(
        practice.staff.plan.choose({ features: features as ["reviews"], interval: "month" }),
      );
      expect(failure.code).toBe("BAD_REQUEST");
    }
  });
});

describe("paying for a plan", () => {
  it("buys one period, switches the features on and moves the wizard on", async () => {
    const practice = await freshPractice();
    const chosen = await practice.staff.plan.choose({
      features: ["reviews"],
      interval: "month",
      template: "classic",
    });
    expect(chosen.step).toBe("pay");
    const checkout = await practice.staff.plan.checkout({
      provider: "stripe",
      idempotencyKey: uniqueIdempotencyKey(),
    });
    const expected =
      (await price("GBP", "base", "month")) + (await price("GBP", "reviews", "month"));
    expect(checkout).toMatchObject({ provider: "stripe", amountMinor: expected, currency: "GBP" });
    expect(checkout.clientData.clientSecret).toBeTruthy();
    expect(checkout.clientData.publishableKey).toBe(stripe.publishableKey);
    // Not paid yet: nothing changes.
    const before = await practice.staff.plan.sync({ planPaymentId: checkout.planPaymentId });
    expect(before.status).toBe("requires_action");
    expect((await subscriptionOf(practice.id)).paidUntil).toBeNull();

    const started = Date.now();
    await confirmCard(await providerRefOf(checkout.planPaymentId));
    const paid = await practice.staff.plan.sync({ planPaymentId: checkout.planPaymentId });
    expect(paid.status).toBe("succeeded");
    const sub = await subscriptionOf(practice.id);
    expect(sub.features).toEqual(["reviews"]);
    const periodStart = paid.periodStart ?? new Date(0);
    expect(periodStart.getTime()).toBeGreaterThanOrEqual(started - 1000);
    expect(sub.paidUntil?.toISOString()).toBe(monthsAfter(periodStart, 1).toISOString());
    const [org] = await db
      .select({ features: schema.organization.features })
      .from(schema.organization)
      .where(eq(schema.organization.id, practice.id));
    expect(org?.features).toEqual(["reviews"]);
    const current = await practice.staff.plan.current();
    expect(current).toMatchObject({ state: "active", step: "profile", paidFeatures: ["reviews"] });
    expect(current.payments.map((p) => p.status)).toEqual(["succeeded"]);

    // Reading it back again applies nothing more.
    await practice.staff.plan.sync({ planPaymentId: checkout.planPaymentId });
    expect((await subscriptionOf(practice.id)).paidUntil).toEqual(sub.paidUntil);
  });

  it("answers the same payment for the same request key", async () => {
    const practice = await freshPractice();
    await practice.staff.plan.choose({ features: [], interval: "month" });
    const key = uniqueIdempotencyKey();
    const first = await practice.staff.plan.checkout({ provider: "stripe", idempotencyKey: key });
    const again = await practice.staff.plan.checkout({ provider: "stripe", idempotencyKey: key });
    expect(again.planPaymentId).toBe(first.planPaymentId);
    const other = await failureOf(
      practice.staff.plan.checkout({ provider: "fawry", idempotencyKey: key }),
    );
    // The same key for another request is refused.
    expect(other.code).toBe("CONFLICT");
  });

  it("renews from the end of the period already paid", async () => {
    const practice = await freshPractice();
    const first = await buyPlan(practice, ["patient_portal"], "month");
    const firstEnd = first.synced.periodEnd ?? new Date(0);
    const renewal = await buyPlan(practice, ["patient_portal"], "year");
    expect(renewal.synced.periodStart?.toISOString()).toBe(firstEnd.toISOString());
    const yearLater = new Date(firstEnd);
    yearLater.setUTCFullYear(yearLater.getUTCFullYear() + 1);
    expect((await subscriptionOf(practice.id)).paidUntil?.toISOString()).toBe(
      yearLater.toISOString(),
    );
    expect((await practice.staff.plan.current()).payments).toHaveLength(2);
  });

  it("skips paying when the period paid already covers the choice", async () => {
    const practice = await freshPractice();
    await buyPlan(practice, ["reviews", "patient_portal"]);
    await db
      .update(schema.practiceSite)
      .set({ step: "features" })
      .where(eq(schema.practiceSite.organizationId, practice.id));
    const chosen = await practice.staff.plan.choose({ features: ["reviews"], interval: "month" });
    expect(chosen).toMatchObject({ step: "profile", covered: true });
  });

  it("is refused when the server has no platform keys", async () => {
    const practice = await freshPractice();
    await practice.staff.plan.choose({ features: [], interval: "month" });
    const config = processPayments();
    const keys = config.platform;
    config.platform = {};
    try {
      const failure = await failureOf(
        practice.staff.plan.checkout({
          provider: "stripe",
          idempotencyKey: uniqueIdempotencyKey(),
        }),
      );
      expect(failure.code).toBe("PRECONDITION_FAILED");
      expect(JSON.stringify(failure)).toContain(
        "Online payment for plans is not set up on this server",
      );
    } finally {
      config.platform = keys;
    }
    const [row] = await db
      .select({ id: schema.planPayment.id })
      .from(schema.planPayment)
      .where(eq(schema.planPayment.organizationId, practice.id));
    expect(row).toBeUndefined();
  });
});

describe("paying at a Fawry outlet", () => {
  it("gives a reference number; paid at the outlet, the notification buys the period", async () => {
    const practice = await freshPractice("EGP");
    await practice.staff.plan.choose({ features: ["patient_portal"], interval: "month" });
    const checkout = await practice.staff.plan.checkout({
      provider: "fawry",
      idempotencyKey: uniqueIdempotencyKey(),
    });
    expect(checkout.clientData.referenceNumber).toMatch(/^\d+$/);
    expect(
      (await practice.staff.plan.sync({ planPaymentId: checkout.planPaymentId })).status,
    ).not.toBe("succeeded");
    const paid = await fawry.payAtOutlet(checkout.planPaymentId);
    const receipt = await receivePlanWebhook(db, processPayments(), {
      provider: "fawry",
      rawBody: paid.body,
      headers: paid.headers,
    });
    expect(receipt).toMatchObject({ result: "stored", repeat: false, outcome: "applied" });
    const synced = await practice.staff.plan.sync({ planPaymentId: checkout.planPaymentId });
    expect(synced.status).toBe("succeeded");
    expect((await subscriptionOf(practice.id)).features).toEqual(["patient_portal"]);
  });
});

describe("the platform's webhooks", () => {
  async function pendingPayment() {
    const practice = await freshPractice();
    await practice.staff.plan.choose({ features: ["reviews"], interval: "month" });
    const checkout = await practice.staff.plan.checkout({
      provider: "stripe",
      idempotencyKey: uniqueIdempotencyKey(),
    });
    const ref = await providerRefOf(checkout.planPaymentId);
    return { practice, checkout, ref };
  }

  function deliver(delivery: { payload: string; headers: Record<string, string> }) {
    return receivePlanWebhook(db, processPayments(), {
      provider: "stripe",
      rawBody: delivery.payload,
      headers: delivery.headers,
    });
  }

  it("applies a success once, however often and in whatever order it is reported", async () => {
    const { practice, ref } = await pendingPayment();
    await confirmCard(ref);
    const intent = stripe.paymentIntent(ref) ?? {};
    const succeeded = stripe.signedEvent("payment_intent.succeeded", intent);
    const processing = stripe.signedEvent("payment_intent.processing", {
      ...intent,
      status: "processing",
    });
    const failed = stripe.signedEvent("payment_intent.payment_failed", {
      ...intent,
      status: "requires_payment_method",
    });
    expect(await deliver(succeeded)).toMatchObject({ result: "stored", outcome: "applied" });
    const paidUntil = (await subscriptionOf(practice.id)).paidUntil;
    expect(paidUntil).not.toBeNull();
    // The same event again, and older news after it.
    expect(await deliver(succeeded)).toMatchObject({ result: "stored", repeat: true });
    expect(await deliver(processing)).toMatchObject({ result: "stored", outcome: "unchanged" });
    expect(await deliver(failed)).toMatchObject({ result: "stored", outcome: "unchanged" });
    // And the server's own read-back.
    const [payment] = await db
      .select({ id: schema.planPayment.id })
      .from(schema.planPayment)
      .where(eq(schema.planPayment.providerRef, ref));
    const synced = await practice.staff.plan.sync({ planPaymentId: payment?.id ?? "" });
    expect(synced.status).toBe("succeeded");
    expect((await subscriptionOf(practice.id)).paidUntil).toEqual(paidUntil);
    const events = await db
      .select({ deliveries: schema.planWebhookEvent.deliveries })
      .from(schema.planWebhookEvent)
      .where(eq(schema.planWebhookEvent.planPaymentId, payment?.id ?? ""));
    expect(events.map((e) => e.deliveries).sort()).toEqual([1, 1, 2]);
  });

  it("a failure then a success (another card) buys the period", async () => {
    const { practice, ref } = await pendingPayment();
    const intent = stripe.paymentIntent(ref) ?? {};
    const failed = stripe.signedEvent("payment_intent.payment_failed", {
      ...intent,
      status: "requires_payment_method",
    });
    expect(await deliver(failed)).toMatchObject({ outcome: "moved" });
    await confirmCard(ref);
    const succeeded = stripe.signedEvent(
      "payment_intent.succeeded",
      stripe.paymentIntent(ref) ?? {},
    );
    expect(await deliver(succeeded)).toMatchObject({ outcome: "applied" });
    expect((await practice.staff.plan.current()).state).toBe("active");
  });

  it("holds a payment of another amount for review and buys nothing", async () => {
    const { practice, ref } = await pendingPayment();
    await confirmCard(ref);
    const intent = stripe.paymentIntent(ref) ?? {};
    const short = stripe.signedEvent("payment_intent.succeeded", {
      ...intent,
      amount: 1,
      amount_received: 1,
    });
    expect(await deliver(short)).toMatchObject({ outcome: "held" });
    const [row] = await db
      .select({ status: schema.planPayment.status, appliedAt: schema.planPayment.appliedAt })
      .from(schema.planPayment)
      .where(eq(schema.planPayment.providerRef, ref));
    expect(row).toEqual({ status: "held_for_review", appliedAt: null });
    expect((await subscriptionOf(practice.id)).paidUntil).toBeNull();
    expect((await practice.staff.plan.current()).state).toBe("unpaid");
  });

  it("refuses a bad signature and stores nothing", async () => {
    const { ref } = await pendingPayment();
    const forged = stripe.signedEvent("payment_intent.succeeded", stripe.paymentIntent(ref) ?? {}, {
      secret: "whsec_someone_else",
    });
    expect(await deliver(forged)).toEqual({ result: "refused", reason: "Invalid signature" });
    const [stored] = await db
      .select()
      .from(schema.planWebhookEvent)
      .where(eq(schema.planWebhookEvent.eventId, forged.event.id));
    expect(stored).toBeUndefined();
  });
});

describe("lapsing and grace", () => {
  it("serves the site through the grace days, then not", async () => {
    const practice = await freshPractice();
    await db
      .update(schema.practiceSite)
      .set({ publishedAt: new Date() })
      .where(eq(schema.practiceSite.organizationId, practice.id));
    const paidUntil = (daysAgo: number) =>
      db
        .update(schema.subscription)
        .set({ paidUntil: new Date(Date.now() - daysAgo * dayMs), graceDays: 7 })
        .where(eq(schema.subscription.organizationId, practice.id));
    const visitor = await callerFor(db);
    await paidUntil(3);
    await expect(liveSite(db, { slug: practice.slug })).resolves.toMatchObject({
      id: practice.id,
    });
    await expect(visitor.public.practice({ slug: practice.slug })).resolves.toBeTruthy();
    expect((await practice.staff.plan.current()).state).toBe("grace");
    await paidUntil(8);
    await expect(liveSite(db, { slug: practice.slug })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await failureOf(visitor.public.practice({ slug: practice.slug }))).code).toBe(
      "NOT_FOUND",
    );
    expect((await practice.staff.plan.current()).state).toBe("lapsed");
  });
});

describe("switching features", () => {
  it("off makes its procedures not found; on again needs it in the plan", async () => {
    const practice = await freshPractice();
    await buyPlan(practice, ["patient_portal"]);
    const patientUser = await signUp(db, { name: "Pat Patient" });
    const patient = await createPatient(practice.staff, { firstName: "Pat", lastName: "Patient" });
    await practice.staff.patient.linkAccount({ id: patient.id, email: patientUser.email });
    const portal = () => callerFor(db, { token: patientUser.token, organizationId: practice.id });
    await expect((await portal()).portal.me()).resolves.toMatchObject({ id: patient.id });

    await practice.staff.plan.setFeatureEnabled({ feature: "patient_portal", enabled: false });
    expect((await failureOf((await portal()).portal.me())).code).toBe("NOT_FOUND");

    const notBought = await failureOf(
      practice.staff.plan.setFeatureEnabled({ feature: "reviews", enabled: true }),
    );
    expect(notBought.code).toBe("PRECONDITION_FAILED");
    expect(JSON.stringify(notBought)).toContain("add it to your plan");

    await practice.staff.plan.setFeatureEnabled({ feature: "patient_portal", enabled: true });
    await expect((await portal()).portal.me()).resolves.toMatchObject({ id: patient.id });
  });
});

describe("the catalogue, as operators keep it", () => {
  it("changes a price with an audit entry, and quotes use it", async () => {
    const operator = await signUp(db, { name: "Platform Operator" });
    await makePlatformOperator(db, operator);
    const admin = await callerFor(db, { token: operator.token });
    const list = await admin.planCatalogue.list();
    expect(list.some((p) => p.currency === "EUR" && p.item === "base")).toBe(true);
    await admin.planCatalogue.setPrice({
      item: "reviews",
      interval: "month",
      currency: "CHF",
      amountMinor: 1234,
      active: true,
    });
    await admin.planCatalogue.setPrice({
      item: "base",
      interval: "month",
      currency: "CHF",
      amountMinor: 4900,
      active: true,
    });
    const practice = await freshPractice("CHF");
    expect(
      (await practice.staff.plan.quote({ features: ["reviews"], interval: "month" })).totalMinor,
    ).toBe(6134);
    const [entry] = await db
      .select()
      .from(schema.auditLog)
      .where(eq(schema.auditLog.action, "planCatalogue.setPrice"))
      .orderBy(desc(schema.auditLog.createdAt))
      .limit(1);
    expect(entry).toMatchObject({ actorUserId: operator.id, entityId: "CHF:month:base" });

    // Deactivated: no longer offered.
    await admin.planCatalogue.setPrice({
      item: "reviews",
      interval: "month",
      currency: "CHF",
      amountMinor: 1234,
      active: false,
    });
    expect(
      (await failureOf(practice.staff.plan.quote({ features: ["reviews"], interval: "month" })))
        .code,
    ).toBe("PRECONDITION_FAILED");
  });

  it("is forbidden to anyone but an operator", async () => {
    const practice = await freshPractice();
    const owner = await callerFor(db, { token: practice.owner.token });
    const failure = await failureOf(
      owner.planCatalogue.setPrice({
        item: "base",
        interval: "month",
        currency: "EUR",
        amountMinor: 1,
        active: true,
      }),
    );
    expect(failure.code).toBe("FORBIDDEN");
    expect(await price("EUR", "base", "month")).not.toBe(1);
  });
});
