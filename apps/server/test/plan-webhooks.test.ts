// Paying for a plan end to end on the platform's keys: the owner checks out through /trpc, the
// Stripe stand-in takes the card and posts its signed event to POST /webhooks/platform/stripe,
// which stores it once and applies it (the subscription is paid a month). A bad signature is
// refused and stores nothing; a repeat is acknowledged and changes nothing. The platform's keys
// come from the environment, all or none per provider.
import { randomBytes } from "node:crypto";
import { callerFor, signUp, uniqueIdempotencyKey } from "@caredesk/api/testing";
import { schema } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import { startStripeStandIn, type StripeStandIn } from "@caredesk/payments/testing";
import { count, eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { EnvSchema, loadEnv } from "../src/env";
import { appOrigin, listeningPort, memberHeaders, mutationBody, trpcData } from "./server";

let database: TestDatabase;
let app: FastifyInstance;
let stripe: StripeStandIn;
let base: string;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  stripe = await startStripeStandIn();
  const env = loadEnv({
    NODE_ENV: "test",
    APP_ORIGIN: appOrigin,
    SEED_DEMO: "false",
    LOG_LEVEL: "silent",
    STRIPE_API_BASE: stripe.url,
    PLATFORM_STRIPE_SECRET_KEY: stripe.secretKey,
    PLATFORM_STRIPE_PUBLISHABLE_KEY: stripe.publishableKey,
    PLATFORM_STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
    ...(database.url ? { DATABASE_URL: database.url } : {}),
  });
  const { buildServer } = await import("../src/app");
  app = await buildServer({ env, database, logger: false });
  base = `http://127.0.0.1:${await listeningPort(app)}`;
  stripe.setWebhookUrl(`${base}/webhooks/platform/stripe`);
});
afterAll(async () => {
  await app.close();
  await stripe.close();
  await database.drop();
});

async function practice() {
  const owner = await signUp(database.db, { name: "Olivia Owner" });
  const org = await (
    await callerFor(database.db, { token: owner.token })
  ).organization.create({
    name: "Plan Clinic",
    slug: `plan-${randomBytes(5).toString("hex")}`,
    kind: "clinic",
    timeZone: "Africa/Cairo",
    currency: "EGP",
  });
  return { id: org.id, headers: memberHeaders(owner.token, org.id) };
}

async function call<T>(headers: Record<string, string>, path: string, input: unknown) {
  const response = await app.inject({
    method: "POST",
    url: `/trpc/${path}`,
    headers: { ...headers, "content-type": "application/json" },
    payload: mutationBody(input),
  });
  expect(response.statusCode).toBe(200);
  return trpcData<T>(response);
}

async function subscriptionOf(orgId: string) {
  const [row] = await database.db
    .select({ paidUntil: schema.subscription.paidUntil, features: schema.subscription.features })
    .from(schema.subscription)
    .where(eq(schema.subscription.organizationId, orgId));
  return row;
}

async function storedEvents(eventId: string) {
  return database.db
    .select({
      deliveries: schema.planWebhookEvent.deliveries,
      planPaymentId: schema.planWebhookEvent.planPaymentId,
    })
    .from(schema.planWebhookEvent)
    .where(eq(schema.planWebhookEvent.eventId, eventId));
}

/** The owner chooses a plan and checks out with a card; the stand-in's PaymentIntent. */
async function startedPayment() {
  const p = await practice();
  await call(p.headers, "plan.choose", { features: ["reviews"], interval: "month" });
  const checkout = await call<{ planPaymentId: string; clientData: Record<string, string> }>(
    p.headers,
    "plan.checkout",
    { provider: "stripe", idempotencyKey: uniqueIdempotencyKey() },
  );
  const [row] = await database.db
    .select({ ref: schema.planPayment.providerRef })
    .from(schema.planPayment)
    .where(eq(schema.planPayment.id, checkout.planPaymentId));
  if (!row?.ref) throw new Error("no provider reference");
  return { ...p, planPaymentId: checkout.planPaymentId, ref: row.ref };
}

describe("POST /webhooks/platform/:provider", () => {
  it("refuses a bad signature with 400 and stores nothing", async () => {
    const { ref } = await startedPayment();
    const forged = stripe.signedEvent("payment_intent.succeeded", stripe.paymentIntent(ref) ?? {}, {
      secret: "whsec_not_the_platforms",
    });
    const response = await fetch(`${base}/webhooks/platform/stripe`, {
      method: "POST",
      headers: forged.headers,
      body: forged.payload,
    });
    expect(response.status).toBe(400);
    expect(await storedEvents(forged.event.id)).toEqual([]);
    const [stored] = await database.db.select({ n: count() }).from(schema.planWebhookEvent);
    expect(stored?.n).toBe(0);
  });

  it("stores a verified event once, applies it, and acknowledges a repeat", async () => {
    const p = await startedPayment();
    const confirmed = await fetch(`${stripe.url}/v1/payment_intents/${p.ref}/confirm`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${stripe.secretKey}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: "payment_method=pm_card_visa",
    });
    expect(confirmed.ok).toBe(true);
    await stripe.idle();
    const succeeded = stripe.events.find(
      (e) => e.type === "payment_intent.succeeded" && e.data.object.id === p.ref,
    );
    if (!succeeded) throw new Error("the stand-in sent no success event");
    expect(stripe.deliveries.find((d) => d.eventId === succeeded.id)?.outcome).toBe(200);
    expect(await storedEvents(succeeded.id)).toEqual([
      { deliveries: 1, planPaymentId: p.planPaymentId },
    ]);
    const paid = await subscriptionOf(p.id);
    expect(paid?.features).toEqual(["reviews"]);
    expect(paid?.paidUntil?.getTime()).toBeGreaterThan(Date.now() + 27 * 86_400_000);

    const again = await stripe.resend(succeeded.id);
    expect(again.outcome).toBe(200);
    expect(await storedEvents(succeeded.id)).toEqual([
      { deliveries: 2, planPaymentId: p.planPaymentId },
    ]);
    expect((await subscriptionOf(p.id))?.paidUntil).toEqual(paid?.paidUntil);
  });

  it("answers 404 for a provider the platform has no keys for", async () => {
    const response = await fetch(`${base}/webhooks/platform/fawry`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(response.status).toBe(404);
  });
});

describe("the platform's keys in the environment", () => {
  it("takes a provider's keys all together, or refuses to start naming the missing ones", () => {
    const partial = EnvSchema.safeParse({ PLATFORM_STRIPE_SECRET_KEY: "sk_test_platformkey" });
    expect(partial.success).toBe(false);
    const paths = partial.error?.issues.map((i) => i.path.join(".")).sort();
    expect(paths).toEqual(["PLATFORM_STRIPE_PUBLISHABLE_KEY", "PLATFORM_STRIPE_WEBHOOK_SECRET"]);
    expect(partial.error?.issues[0]?.message).toContain("set all of");
    expect(
      EnvSchema.safeParse({
        PLATFORM_FAWRY_MERCHANT_CODE: "merchant",
        PLATFORM_FAWRY_SECURE_KEY: "secure-key-123",
      }).success,
    ).toBe(true);
    expect(EnvSchema.safeParse({}).success).toBe(true);
  });
});
