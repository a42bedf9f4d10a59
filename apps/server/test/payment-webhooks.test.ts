// Paying online, end to end: a portal patient starts a checkout through /trpc, the provider (a
// local stand-in speaking its API) takes the money and posts its signed notification to the real
// webhook route, the job worker applies it, and the payment is paid with a balanced journal.
// Then what providers and attackers send that must not move money: bad, foreign or stale
// signatures, repeats, events out of order, amounts that differ, keys that no longer open.
import { createHash, randomBytes } from "node:crypto";
import { callerFor, createPatient, signUp, uniqueIdempotencyKey } from "@caredesk/api/testing";
import { schema } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import { secretBox } from "@caredesk/payments";
import {
  startFawryStandIn,
  startRazorpayStandIn,
  startStripeStandIn,
  type FawryStandIn,
  type RazorpayStandIn,
  type StripeStandIn,
} from "@caredesk/payments/testing";
import { and, count, eq, sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { until } from "../bench/worker-control";
import { closeChannels, deliveryFromEnv } from "../src/channels";
import { loadEnv } from "../src/env";
import { startWorker, type Worker } from "../src/worker";
import {
  appOrigin,
  listeningPort,
  memberHeaders,
  mutationBody,
  trpcData,
  trpcError,
} from "./server";

// Razorpay's documented Checkout key secret (its "Verify Payment Signature" sample) and the
// webhook vector Razorpay's SDK tests publish: the practice's keys are those, so the stand-in
// signs with them.
const razorpayDocumented = {
  keySecret: "EnLs21M47BllR3X8PSFtjtbd",
  webhookSecret: "123456",
  webhookBody: '{"a":1,"b":2,"c":{"d":3}}',
  webhookSignature: "2fe04e22977002e6c7cb553adab8b460cb9e2a4970d5953cb27a8472752e3bbc",
};
// Fawry's demonstration merchant code and secure key (its status V2 page's PHP sample).
const fawryDocumented = {
  merchantCode: "1tSa6uxz2nTwlaAmt38enA==",
  secureKey: "259af31fc2f74453b3a55739b21ae9ef",
};

const keysSecret = randomBytes(32).toString("base64");

let database: TestDatabase;
let app: FastifyInstance;
let worker: Worker;
let delivery: ReturnType<typeof deliveryFromEnv>;
let stripe: StripeStandIn;
let razorpay: RazorpayStandIn;
let fawry: FawryStandIn;
let base: string;
let invoiceNumber = 0;

const quiet = { info() {}, warn() {}, error() {} };

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  stripe = await startStripeStandIn();
  razorpay = await startRazorpayStandIn({
    credentials: {
      keySecret: razorpayDocumented.keySecret,
      webhookSecret: razorpayDocumented.webhookSecret,
    },
  });
  fawry = await startFawryStandIn({ credentials: fawryDocumented });
  const overrides = {
    NODE_ENV: "test",
    APP_ORIGIN: appOrigin,
    SEED_DEMO: "false",
    LOG_LEVEL: "silent",
    PAYMENT_KEYS_SECRET: keysSecret,
    STRIPE_API_BASE: stripe.url,
    RAZORPAY_API_BASE: razorpay.url,
    FAWRY_API_BASE: fawry.url,
    ...(database.url ? { DATABASE_URL: database.url } : {}),
  };
  const env = loadEnv(overrides);
  const { buildServer } = await import("../src/app");
  app = await buildServer({ env, database, logger: false });
  base = `http://127.0.0.1:${await listeningPort(app)}`;
  delivery = deliveryFromEnv(env, database.db);
  worker = await startWorker({
    env,
    database,
    delivery,
    log: quiet,
    payments: env.payments,
    schedules: false,
    pollingIntervalSeconds: 0.5,
  });
});
afterAll(async () => {
  await worker.stop(5_000);
  await closeChannels(delivery.channels);
  await app.close();
  await Promise.all([stripe.close(), razorpay.close(), fawry.close()]);
  await database.drop();
});

// ---------------------------------------------------------------------------------------------
// A practice, its patient, an invoice to pay, and the calls the apps make

async function practiceWith(currency: string) {
  const owner = await signUp(database.db, { name: "Olivia Owner" });
  const org = await (
    await callerFor(database.db, { token: owner.token })
  ).organization.create({
    name: `Pay Clinic ${currency}`,
    slug: `pay-${randomBytes(5).toString("hex")}`,
    kind: "clinic",
    timeZone: "Africa/Cairo",
    currency,
  });
  const staff = await callerFor(database.db, { token: owner.token, organizationId: org.id });
  const patientUser = await signUp(database.db, { name: "Pat Patient" });
  const patient = await createPatient(staff, { firstName: "Pat", lastName: "Patient" });
  await staff.patient.linkAccount({ id: patient.id, email: patientUser.email });
  return {
    id: org.id,
    currency,
    owner: memberHeaders(owner.token, org.id),
    patient: memberHeaders(patientUser.token, org.id),
    patientId: patient.id,
  };
}
type Practice = Awaited<ReturnType<typeof practiceWith>>;

async function call<T>(headers: Record<string, string>, path: string, input: unknown) {
  const response = await app.inject({
    method: "POST",
    url: `/trpc/${path}`,
    headers: { ...headers, "content-type": "application/json" },
    payload: mutationBody(input),
  });
  return { response, data: () => trpcData<T>(response) };
}

interface AccountView {
  id: string;
  webhookPath: string;
}

/** The practice's owner saves the provider's keys in Settings, as the web app does. */
async function saveAccount(practice: Practice, input: Record<string, unknown>) {
  const { response, data } = await call<AccountView>(practice.owner, "paymentAccount.save", input);
  expect(response.statusCode).toBe(200);
  const account = data();
  return { ...account, url: `${base}${account.webhookPath}` };
}

const stripeKeys = (webhookSecret = stripe.webhookSecret) => ({
  provider: "stripe",
  publishableKey: stripe.publishableKey,
  secretKey: stripe.secretKey,
  webhookSecret,
});

/** An issued invoice of the patient's (invoices are another part's; the row is what matters). */
async function issuedInvoice(practice: Practice, totalMinor: number) {
  invoiceNumber++;
  const [row] = await database.db
    .insert(schema.invoice)
    .values({
      organizationId: practice.id,
      patientId: practice.patientId,
      number: invoiceNumber,
      status: "issued",
      currency: practice.currency,
      subtotalMinor: totalMinor,
      totalMinor,
      issuedAt: new Date(),
    })
    .returning({ id: schema.invoice.id });
  if (!row) throw new Error("no invoice");
  return row.id;
}

interface CheckoutView {
  paymentId: string;
  amountMinor: number;
  currency: string;
  clientData: Record<string, string>;
}

/** The patient presses "Pay" in the portal. */
async function checkout(practice: Practice, provider: string, totalMinor: number) {
  const invoiceId = await issuedInvoice(practice, totalMinor);
  const { response, data } = await call<CheckoutView>(practice.patient, "payment.checkoutMine", {
    provider,
    invoiceId,
    idempotencyKey: uniqueIdempotencyKey(),
  });
  expect(response.statusCode).toBe(200);
  return data();
}

/** Stripe.js confirming the PaymentIntent in the browser with a test card. */
async function payWithCard(clientSecret: string, card = "pm_card_visa") {
  const intentId = clientSecret.split("_secret_")[0] ?? "";
  const response = await fetch(`${stripe.url}/v1/payment_intents/${intentId}/confirm`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      key: stripe.publishableKey,
      client_secret: clientSecret,
      payment_method: card,
    }).toString(),
  });
  await response.arrayBuffer();
  return intentId;
}

async function paymentRow(id: string) {
  const [row] = await database.db.select().from(schema.payment).where(eq(schema.payment.id, id));
  if (!row) throw new Error("no payment");
  return row;
}

async function settlesAs(paymentId: string, status: string) {
  await until(async () => (await paymentRow(paymentId)).status === status, 20_000, 100);
}

/** Journal entries posted for a payment, by kind. */
async function entriesOf(paymentId: string) {
  const rows = await database.db
    .select({ kind: schema.journalEntry.kind, n: count() })
    .from(schema.journalEntry)
    .where(eq(schema.journalEntry.paymentId, paymentId))
    .groupBy(schema.journalEntry.kind);
  return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
}

/** Every journal entry of the database sums to zero per currency. */
async function unbalancedEntries() {
  const { journalPosting } = schema;
  const rows = await database.db
    .select({ entryId: journalPosting.entryId })
    .from(journalPosting)
    .groupBy(journalPosting.entryId, journalPosting.currency)
    .having(sql`sum(${journalPosting.amountMinor}) <> 0`);
  return rows.length;
}

async function storedEvents(organizationId: string) {
  const [row] = await database.db
    .select({ n: count() })
    .from(schema.webhookEvent)
    .where(eq(schema.webhookEvent.organizationId, organizationId));
  return row?.n ?? 0;
}

async function eventsApplied(organizationId: string) {
  await until(
    async () => {
      const [row] = await database.db
        .select({ n: count() })
        .from(schema.webhookEvent)
        .where(
          and(
            eq(schema.webhookEvent.organizationId, organizationId),
            eq(schema.webhookEvent.status, "received"),
          ),
        );
      return row?.n === 0;
    },
    20_000,
    100,
  );
}

function post(url: string, body: string, headers: Record<string, string>) {
  return fetch(url, { method: "POST", headers, body }).then(async (response) => {
    await response.arrayBuffer();
    return response.status;
  });
}

// ---------------------------------------------------------------------------------------------

describe("Stripe, from checkout to the signed webhook", () => {
  let practice: Practice;
  let account: Awaited<ReturnType<typeof saveAccount>>;

  beforeAll(async () => {
    practice = await practiceWith("GBP");
    account = await saveAccount(practice, stripeKeys());
  });

  it("marks the payment paid once the provider's event arrives, with one balanced entry", async () => {
    stripe.setWebhookUrl(account.url);
    const started = await checkout(practice, "stripe", 4_500);
    expect(started).toMatchObject({ amountMinor: 4_500, currency: "GBP" });
    expect(Object.keys(started.clientData).sort()).toEqual(["clientSecret", "publishableKey"]);
    // The browser returning proves nothing: still waiting for the provider's word.
    expect((await paymentRow(started.paymentId)).status).toBe("requires_action");

    const intentId = await payWithCard(started.clientData.clientSecret ?? "");
    await stripe.idle();
    const ids = new Set(
      stripe.events
        .filter((e) => [e.data.object.id, e.data.object.payment_intent].includes(intentId))
        .map((e) => e.id),
    );
    const outcomes = stripe.deliveries.filter((d) => ids.has(d.eventId)).map((d) => d.outcome);
    expect(outcomes).toEqual([200, 200]);

    await settlesAs(started.paymentId, "succeeded");
    expect(await entriesOf(started.paymentId)).toEqual({ payment: 1 });
    expect(await unbalancedEntries()).toBe(0);
  });

  it("applies the same event delivered again only once", async () => {
    stripe.setWebhookUrl(account.url);
    const started = await checkout(practice, "stripe", 2_000);
    const intentId = await payWithCard(started.clientData.clientSecret ?? "");
    await stripe.idle();
    await settlesAs(started.paymentId, "succeeded");
    const succeeded = stripe.events.find(
      (e) => e.type === "payment_intent.succeeded" && e.data.object.id === intentId,
    );
    if (!succeeded) throw new Error("no success event");
    // Stripe retries a delivery it thinks failed: freshly signed, the same event id.
    expect((await stripe.resend(succeeded.id)).outcome).toBe(200);
    expect((await stripe.resend(succeeded.id)).outcome).toBe(200);
    await eventsApplied(practice.id);

    const [stored] = await database.db
      .select()
      .from(schema.webhookEvent)
      .where(eq(schema.webhookEvent.eventId, succeeded.id));
    expect(stored).toMatchObject({ deliveries: 3, status: "applied" });
    expect(await entriesOf(started.paymentId)).toEqual({ payment: 1 });
  });

  it("ends right when the refund's event comes before the success it implies", async () => {
    stripe.setWebhookUrl(undefined);
    const started = await checkout(practice, "stripe", 9_000);
    const intentId = await payWithCard(started.clientData.clientSecret ?? "");
    // Refunded at the provider (its dashboard) before any event reached us.
    const refunded = await fetch(`${stripe.url}/v1/refunds`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${stripe.secretKey}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ payment_intent: intentId, amount: "3000" }).toString(),
    });
    expect(refunded.status).toBe(200);
    await stripe.idle();
    const about = (type: string) =>
      stripe.events.filter(
        (e) =>
          e.type === type &&
          (e.data.object.id === intentId || e.data.object.payment_intent === intentId),
      );

    stripe.setWebhookUrl(account.url);
    for (const event of [...about("refund.created"), ...about("charge.refunded")]) {
      expect((await stripe.resend(event.id)).outcome).toBe(200);
    }
    await eventsApplied(practice.id);
    for (const event of [...about("charge.succeeded"), ...about("payment_intent.succeeded")]) {
      expect((await stripe.resend(event.id)).outcome).toBe(200);
    }
    await eventsApplied(practice.id);

    const row = await paymentRow(started.paymentId);
    expect(row).toMatchObject({ status: "partially_refunded", refundedMinor: 3_000 });
    expect(await entriesOf(started.paymentId)).toEqual({ payment: 1, refund: 1 });
    expect(await unbalancedEntries()).toBe(0);
  });

  it("holds a payment for review when the amount or currency differs from what was asked", async () => {
    stripe.setWebhookUrl(undefined);
    for (const differs of [{ amount: 1_001, amount_received: 1_001 }, { currency: "usd" }]) {
      const started = await checkout(practice, "stripe", 1_000);
      const intentId = await payWithCard(started.clientData.clientSecret ?? "");
      const intent = stripe.paymentIntent(intentId);
      const signed = stripe.signedEvent("payment_intent.succeeded", { ...intent, ...differs });
      expect(await post(account.url, signed.payload, signed.headers)).toBe(200);
      await settlesAs(started.paymentId, "held_for_review");
      expect(await entriesOf(started.paymentId)).toEqual({});
    }
  });

  it("refuses a bad, missing or foreign signature and stores nothing", async () => {
    const before = await storedEvents(practice.id);
    const genuine = stripe.signedEvent("payment_intent.succeeded", {
      id: "pi_forged",
      object: "payment_intent",
      amount: 100,
      amount_received: 100,
      currency: "gbp",
      status: "succeeded",
    });
    const tampered = genuine.payload.replace('"amount": 100', '"amount": 999999');
    expect(tampered).not.toBe(genuine.payload);
    expect(await post(account.url, tampered, genuine.headers)).toBe(400);
    expect(await post(account.url, genuine.payload, { "content-type": "application/json" })).toBe(
      400,
    );
    const foreign = stripe.sign(genuine.payload, { secret: "whsec_someone_else" });
    expect(await post(account.url, foreign.payload, foreign.headers)).toBe(400);
    expect(await storedEvents(practice.id)).toBe(before);
  });

  it("refuses an event signed more than five minutes ago (a replay)", async () => {
    const before = await storedEvents(practice.id);
    const stale = stripe.signedEvent(
      "payment_intent.succeeded",
      { id: "pi_replayed", object: "payment_intent", amount: 100, currency: "gbp" },
      { timestamp: Math.floor(Date.now() / 1000) - 301 },
    );
    expect(await post(account.url, stale.payload, stale.headers)).toBe(400);
    expect(await storedEvents(practice.id)).toBe(before);
  });

  it("refuses an event signed with practice A's secret at practice B's address", async () => {
    const other = await practiceWith("GBP");
    const otherAccount = await saveAccount(other, stripeKeys("whsec_practice_b_secret"));
    const signedForA = stripe.signedEvent("payment_intent.succeeded", {
      id: "pi_of_a",
      object: "payment_intent",
      amount: 100,
      amount_received: 100,
      currency: "gbp",
      status: "succeeded",
    });
    expect(await post(otherAccount.url, signedForA.payload, signedForA.headers)).toBe(400);
    expect(await storedEvents(other.id)).toBe(0);
    // B's own secret is heard at B's address, and A's address does not take it.
    const signedForB = stripe.sign(signedForA.payload, { secret: "whsec_practice_b_secret" });
    expect(await post(account.url, signedForB.payload, signedForB.headers)).toBe(400);
    expect(await post(otherAccount.url, signedForB.payload, signedForB.headers)).toBe(200);
  });
});

describe("Razorpay, from order to verified notification", () => {
  let practice: Practice;
  let account: Awaited<ReturnType<typeof saveAccount>>;

  beforeAll(async () => {
    practice = await practiceWith("INR");
    account = await saveAccount(practice, {
      provider: "razorpay",
      keyId: razorpay.credentials.keyId,
      keySecret: razorpayDocumented.keySecret,
      webhookSecret: razorpayDocumented.webhookSecret,
    });
    razorpay.setWebhookUrl(account.url);
  });

  it("is paid on the captured payment's signed webhook, and Checkout's signature checks out", async () => {
    const started = await checkout(practice, "razorpay", 75_000);
    expect(started.clientData).toMatchObject({ keyId: razorpay.credentials.keyId });
    const orderId = started.clientData.orderId ?? "";
    const paid = await razorpay.pay(orderId, { succeed: true });
    expect(razorpay.deliveries.map((d) => d.status)).not.toContain(400);
    await settlesAs(started.paymentId, "succeeded");

    // Back in the portal: the browser hands over Checkout's signature (HMAC of order|payment
    // under the documented key secret); the server checks it and reads the order back.
    const confirmed = await call<{ status: string }>(practice.patient, "payment.confirmMine", {
      paymentId: started.paymentId,
      razorpay: {
        razorpay_order_id: paid.razorpay_order_id,
        razorpay_payment_id: paid.razorpay_payment_id,
        razorpay_signature: paid.razorpay_signature,
      },
    });
    expect(confirmed.response.statusCode).toBe(200);
    expect(confirmed.data().status).toBe("succeeded");
    const forged = await call(practice.patient, "payment.confirmMine", {
      paymentId: started.paymentId,
      razorpay: {
        razorpay_order_id: paid.razorpay_order_id,
        razorpay_payment_id: paid.razorpay_payment_id,
        razorpay_signature: "0".repeat(64),
      },
    });
    expect(forged.response.statusCode).toBe(400);

    await eventsApplied(practice.id);
    expect(await entriesOf(started.paymentId)).toEqual({ payment: 1 });
    expect(await unbalancedEntries()).toBe(0);
  });

  it("hears the published webhook vector's signature, then refuses its body as no event", async () => {
    const before = await storedEvents(practice.id);
    const headers = {
      "content-type": "application/json",
      "x-razorpay-signature": razorpayDocumented.webhookSignature,
      "x-razorpay-event-id": "evt_vector",
    };
    expect(await post(account.url, razorpayDocumented.webhookBody, headers)).toBe(400);
    expect(await post(account.url, `${razorpayDocumented.webhookBody} `, headers)).toBe(400);
    expect(await storedEvents(practice.id)).toBe(before);
  });

  it("refuses a webhook whose body was changed after signing", async () => {
    const started = await checkout(practice, "razorpay", 10_000);
    razorpay.setWebhookUrl(null);
    const paid = await razorpay.pay(started.clientData.orderId ?? "", { succeed: true });
    razorpay.setWebhookUrl(account.url);
    const genuine = razorpay.webhookFor("payment.captured", {
      paymentId: paid.razorpay_payment_id,
    });
    const altered = { ...genuine, body: genuine.body.replace('"amount":10000', '"amount":1') };
    expect(altered.body).not.toBe(genuine.body);
    expect(await razorpay.send(altered)).toBe(400);
    expect(await razorpay.send(genuine)).toBe(200);
    await settlesAs(started.paymentId, "succeeded");
  });
});

describe("Fawry, from reference number to server notification", () => {
  let practice: Practice;
  let account: Awaited<ReturnType<typeof saveAccount>>;

  beforeAll(async () => {
    practice = await practiceWith("EGP");
    account = await saveAccount(practice, { provider: "fawry", ...fawryDocumented });
    fawry.setWebhookUrl(account.url);
  });

  it("is paid when the outlet payment's V2 notification arrives, signed as documented", async () => {
    const started = await checkout(practice, "fawry", 15_000);
    expect(started.clientData.referenceNumber).toMatch(/^\d+$/);
    const notification = await fawry.payAtOutlet(started.paymentId);
    // The signature, computed here over the documented field order, is the one sent.
    const body = JSON.parse(notification.body) as Record<string, string | number>;
    const text = [
      body.fawryRefNumber,
      body.merchantRefNumber,
      Number(body.paymentAmount).toFixed(2),
      Number(body.orderAmount).toFixed(2),
      body.orderStatus,
      body.paymentMethod,
      body.paymentRefrenceNumber ?? "",
      fawryDocumented.secureKey,
    ].join("");
    expect(body.messageSignature).toBe(createHash("sha256").update(text).digest("hex"));
    expect(fawry.deliveries.at(-1)?.status).toBe(200);

    await settlesAs(started.paymentId, "succeeded");
    expect(await entriesOf(started.paymentId)).toEqual({ payment: 1 });
    expect(await unbalancedEntries()).toBe(0);

    // Fawry repeats notifications: heard, changes nothing.
    expect(await fawry.send(notification)).toBe(200);
    await eventsApplied(practice.id);
    expect(await entriesOf(started.paymentId)).toEqual({ payment: 1 });
  });

  it("refuses a notification whose amount was changed after signing", async () => {
    const started = await checkout(practice, "fawry", 20_000);
    fawry.setWebhookUrl(null);
    const genuine = await fawry.payAtOutlet(started.paymentId);
    fawry.setWebhookUrl(account.url);
    const body = JSON.parse(genuine.body) as Record<string, unknown>;
    const altered = { ...genuine, body: JSON.stringify({ ...body, orderAmount: 1 }) };
    expect(await fawry.send(altered)).toBe(400);
    expect((await paymentRow(started.paymentId)).status).toBe("requires_action");
  });
});

describe("keys that do not open", () => {
  it("tell the patient the practice must enter its keys again, never a 500", async () => {
    const practice = await practiceWith("GBP");
    const account = await saveAccount(practice, stripeKeys());
    // Sealed under another server's key: what a changed PAYMENT_KEYS_SECRET leaves behind.
    const elsewhere = secretBox(randomBytes(32)).seal(JSON.stringify(stripeKeys()), account.id);
    await database.db
      .update(schema.paymentAccount)
      .set({ sealedSecrets: elsewhere })
      .where(eq(schema.paymentAccount.id, account.id));

    const invoiceId = await issuedInvoice(practice, 1_000);
    const { response } = await call(practice.patient, "payment.checkoutMine", {
      provider: "stripe",
      invoiceId,
      idempotencyKey: uniqueIdempotencyKey(),
    });
    expect(response.statusCode).toBe(412);
    const error = trpcError(response);
    expect(error.data.code).toBe("PRECONDITION_FAILED");
    expect(error.message).toMatch(/keys/i);

    // The provider's events for that account wait (5xx: it retries later) and are not stored.
    const signed = stripe.signedEvent("payment_intent.succeeded", { id: "pi_x", amount: 1 });
    expect(await post(account.url, signed.payload, signed.headers)).toBe(503);
    expect(await storedEvents(practice.id)).toBe(0);
  });
});

describe("the webhook route under hostile input", () => {
  let practice: Practice;
  let account: Awaited<ReturnType<typeof saveAccount>>;

  beforeAll(async () => {
    practice = await practiceWith("GBP");
    account = await saveAccount(practice, stripeKeys());
  });

  it("answers 404 for an unknown provider or account, whatever it carries", async () => {
    const signed = stripe.signedEvent("payment_intent.succeeded", { id: "pi_y", amount: 1 });
    for (const path of [
      `/webhooks/payments/paypal/${account.id}`,
      `/webhooks/payments/razorpay/${account.id}`,
      `/webhooks/payments/stripe/${crypto.randomUUID()}`,
      "/webhooks/payments/stripe/not-an-id",
      "/webhooks/payments/stripe/%00",
    ]) {
      expect(await post(`${base}${path}`, signed.payload, signed.headers)).toBe(404);
    }
  });

  it("never answers 500 to garbage bodies, headers or content types", async () => {
    const before = await storedEvents(practice.id);
    const bodies = [
      "",
      "{",
      "null",
      "[]",
      '{"id":1}',
      "\u0000\u0001\u0002",
      "x".repeat(10_000),
      JSON.stringify({ id: "evt_1", type: "payment_intent.succeeded", data: null }),
    ];
    const headerSets: Record<string, string>[] = [
      { "content-type": "application/json" },
      { "content-type": "application/json", "stripe-signature": "t=abc,v1=zzz" },
      { "content-type": "application/json", "stripe-signature": "v1=" + "0".repeat(64) },
      {
        "content-type": "application/json",
        "stripe-signature": `t=${Math.floor(Date.now() / 1000)},v1=${"f".repeat(64)}`,
      },
      { "content-type": "text/plain", "stripe-signature": "t=1,v1=2" },
      { "content-type": "application/octet-stream" },
      { "content-type": "multipart/form-data; boundary=x" },
    ];
    for (const body of bodies) {
      for (const headers of headerSets) {
        const status = await post(account.url, body, headers);
        expect(status, `${headers["content-type"]} ${body.slice(0, 20)}`).toBeGreaterThanOrEqual(
          400,
        );
        expect(status).toBeLessThan(500);
      }
    }
    // A signed body over the limit is refused before anything reads it.
    const huge = stripe.signedEvent("payment_intent.succeeded", {
      id: "pi_huge",
      padding: "x".repeat(300 * 1024),
    });
    expect(await post(account.url, huge.payload, huge.headers)).toBe(413);
    expect(await storedEvents(practice.id)).toBe(before);
  });

  it("answers 5xx when the event cannot be stored, and stores it when the provider retries", async () => {
    stripe.setWebhookUrl(undefined);
    const started = await checkout(practice, "stripe", 3_300);
    const intentId = await payWithCard(started.clientData.clientSecret ?? "");
    const succeeded = stripe.events.find(
      (e) => e.type === "payment_intent.succeeded" && e.data.object.id === intentId,
    );
    if (!succeeded) throw new Error("no success event");
    // The database refuses the write (a failing disk, a lock timeout…), just for this table.
    await database.db.execute(sql`
      create function webhook_event_fault() returns trigger language plpgsql as $$
      begin raise exception 'simulated storage failure' using errcode = '53100'; end $$`);
    await database.db.execute(sql`
      create trigger webhook_event_fault before insert on webhook_event
      for each row execute function webhook_event_fault()`);
    stripe.setWebhookUrl(account.url);
    try {
      const failed = await stripe.resend(succeeded.id);
      expect(failed.outcome).toBe(503);
      expect(await storedEvents(practice.id)).toBe(0);
    } finally {
      await database.db.execute(sql`drop trigger webhook_event_fault on webhook_event`);
      await database.db.execute(sql`drop function webhook_event_fault()`);
    }
    // Stripe retries later: stored now, and applied.
    expect((await stripe.resend(succeeded.id)).outcome).toBe(200);
    await settlesAs(started.paymentId, "succeeded");
    expect(await entriesOf(started.paymentId)).toEqual({ payment: 1 });
  });
});
