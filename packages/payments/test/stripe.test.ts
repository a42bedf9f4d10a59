// The Stripe gateway through the real `stripe` SDK against the local stand-in: checkouts, test
// cards, refunds, idempotency keys, and webhooks that arrive signed and are read back as facts.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { stripeGateway } from "../src/stripe";
import { startStripeStandIn, type StripeStandIn } from "../src/testing/stripe-standin";
import {
  ProviderError,
  WebhookPayloadError,
  WebhookSignatureError,
  type CheckoutRequest,
  type Gateway,
  type ProviderEvent,
} from "../src/types";

interface Receiver {
  url: string;
  /** What arrived and was accepted, in arrival order. */
  accepted: ProviderEvent[];
  /** HTTP statuses answered, in arrival order. */
  answered: number[];
  close(): Promise<void>;
}

/** A webhook endpoint like the server's: verify over the raw bytes, 400 on a bad signature. */
async function startReceiver(gateway: Gateway): Promise<Receiver> {
  const accepted: ProviderEvent[] = [];
  const answered: number[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        headers[name] = Array.isArray(value) ? value.join(",") : value;
      }
      let status = 200;
      try {
        accepted.push(gateway.parseWebhook(Buffer.concat(chunks).toString("utf8"), headers));
      } catch {
        status = 400;
      }
      answered.push(status);
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/stripe`,
    accepted,
    answered,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Asymmetric matchers, typed as the strings they stand for. */
const like = (pattern: RegExp): string => expect.stringMatching(pattern) as string;
const containing = (text: string): string => expect.stringContaining(text) as string;

let standIn: StripeStandIn;
let gateway: Gateway;
let receiver: Receiver;
let sdk: Stripe;
let sequence = 0;

function checkout(overrides: Partial<CheckoutRequest> = {}): CheckoutRequest {
  sequence += 1;
  return {
    paymentId: `0190c0de-0000-7000-8000-${String(sequence).padStart(12, "0")}`,
    amountMinor: 45_000,
    currency: "EGP",
    description: "Video consultation, 3 Dec",
    customer: { name: "A patient" },
    ...overrides,
  };
}

/** What Stripe.js does when the payer presses Pay: confirm with the publishable key. */
async function confirmInBrowser(clientSecret: string, cardNumber: string) {
  const intentId = clientSecret.split("_secret_")[0] ?? "";
  const response = await fetch(`${standIn.url}/v1/payment_intents/${intentId}/confirm`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: "http://localhost:5173",
    },
    body: new URLSearchParams({
      key: standIn.publishableKey,
      client_secret: clientSecret,
      "payment_method_data[type]": "card",
      "payment_method_data[card][number]": cardNumber,
      "payment_method_data[card][exp_month]": "12",
      "payment_method_data[card][exp_year]": "2034",
      "payment_method_data[card][cvc]": "123",
    }),
  });
  return {
    status: response.status,
    cors: response.headers.get("access-control-allow-origin"),
    body: (await response.json()) as Record<string, unknown>,
  };
}

async function paid(request = checkout()) {
  const started = await gateway.startCheckout(request);
  await sdk.paymentIntents.confirm(started.providerRef, { payment_method: "pm_card_visa" });
  return started;
}

beforeAll(async () => {
  standIn = await startStripeStandIn();
  const credentials = {
    secretKey: standIn.secretKey,
    publishableKey: standIn.publishableKey,
    webhookSecret: standIn.webhookSecret,
  };
  gateway = stripeGateway(credentials, { baseUrl: standIn.url });
  receiver = await startReceiver(gateway);
  standIn.setWebhookUrl(receiver.url);
  const { hostname, port } = new URL(standIn.url);
  sdk = new Stripe(standIn.secretKey, {
    host: hostname,
    port,
    protocol: "http",
    maxNetworkRetries: 0,
  });
});

afterEach(async () => {
  await standIn.idle();
});

afterAll(async () => {
  await standIn.close();
  await receiver.close();
});

describe("checkout", () => {
  it("starts a PaymentIntent and gives the browser only its client secret and publishable key", async () => {
    const request = checkout({ amountMinor: 12_345, currency: "USD" });
    const started = await gateway.startCheckout(request);

    expect(started.providerRef).toMatch(/^pi_/);
    expect(started.status).toBe("requires_action");
    expect(started.clientData).toEqual({
      clientSecret: like(new RegExp(`^${started.providerRef}_secret_`)),
      publishableKey: standIn.publishableKey,
    });
    const intent = await sdk.paymentIntents.retrieve(started.providerRef);
    expect(intent).toMatchObject({
      amount: 12_345,
      currency: "usd",
      description: "Video consultation, 3 Dec",
      metadata: { payment_id: request.paymentId },
    });
  });

  it("answers the same PaymentIntent when a checkout is started twice for one payment", async () => {
    const request = checkout();
    const first = await gateway.startCheckout(request);
    const second = await gateway.startCheckout(request);

    expect(second.providerRef).toBe(first.providerRef);
    expect(second.clientData.clientSecret).toBe(first.clientData.clientSecret);
  });

  it("refuses to reuse a payment's checkout for another amount, and says retrying will not help", async () => {
    const request = checkout();
    await gateway.startCheckout(request);

    const error = await gateway
      .startCheckout({ ...request, amountMinor: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: "stripe", retryable: false });
  });

  it("marks a payment succeeded from the signed webhook after the payer's card is accepted", async () => {
    const started = await gateway.startCheckout(checkout({ amountMinor: 45_000, currency: "EGP" }));

    const confirmed = await confirmInBrowser(
      started.clientData.clientSecret ?? "",
      "4242 4242 4242 4242",
    );
    expect(confirmed.status).toBe(200);
    expect(confirmed.cors).toBe("http://localhost:5173");
    expect(confirmed.body).toMatchObject({ id: started.providerRef, status: "succeeded" });
    await standIn.idle();

    const facts = receiver.accepted.filter((e) => e.providerRef === started.providerRef);
    const succeeded = facts.find((e) => e.type === "payment_intent.succeeded");
    expect(succeeded).toMatchObject({
      provider: "stripe",
      eventId: like(/^evt_/),
      providerPaymentId: like(/^ch_/),
      amountMinor: 45_000,
      currency: "EGP",
      fact: { kind: "status", status: "succeeded" },
    });
    // The charge's own event is acknowledged and changes nothing.
    expect(facts.find((e) => e.type === "charge.succeeded")?.fact).toEqual({ kind: "ignored" });
  });

  it("reports a declined card as a failed payment, by webhook and by retrieval", async () => {
    const started = await gateway.startCheckout(checkout());

    const confirmed = await confirmInBrowser(
      started.clientData.clientSecret ?? "",
      "4000000000000002",
    );
    expect(confirmed.status).toBe(402);
    expect(confirmed.body).toMatchObject({ error: { type: "card_error", code: "card_declined" } });
    await standIn.idle();

    const failed = receiver.accepted.find(
      (e) => e.providerRef === started.providerRef && e.type === "payment_intent.payment_failed",
    );
    expect(failed?.fact).toEqual({
      kind: "status",
      status: "failed",
      failureReason: "generic_decline",
    });
    expect(await gateway.retrieve(started.providerRef)).toMatchObject({ status: "failed" });
  });

  it("refuses a confirmation from the browser that does not carry the intent's client secret", async () => {
    const started = await gateway.startCheckout(checkout());
    const other = await gateway.startCheckout(checkout());

    // Another intent's secret, as a page holding one checkout might send for another.
    const confirmed = await fetch(
      `${standIn.url}/v1/payment_intents/${started.providerRef}/confirm`,
      {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          key: standIn.publishableKey,
          client_secret: other.clientData.clientSecret ?? "",
          "payment_method_data[card][number]": "4242424242424242",
        }),
      },
    );
    expect(confirmed.status).toBe(400);
    expect(await gateway.retrieve(started.providerRef)).toMatchObject({
      status: "requires_action",
    });
  });
});

describe("retrieve", () => {
  it("reads each state of a PaymentIntent as the payment's state", async () => {
    const waiting = await gateway.startCheckout(checkout({ amountMinor: 900, currency: "USD" }));
    expect(await gateway.retrieve(waiting.providerRef)).toEqual({
      providerRef: waiting.providerRef,
      providerPaymentId: null,
      status: "requires_action",
      amountMinor: 900,
      currency: "USD",
      refunds: [],
    });

    const succeeded = await paid(checkout({ amountMinor: 1_500, currency: "USD" }));
    expect(await gateway.retrieve(succeeded.providerRef)).toMatchObject({
      status: "succeeded",
      amountMinor: 1_500,
      providerPaymentId: like(/^ch_/),
    });

    const cancelled = await gateway.startCheckout(checkout());
    await sdk.paymentIntents.cancel(cancelled.providerRef);
    expect(await gateway.retrieve(cancelled.providerRef)).toMatchObject({ status: "cancelled" });

    const declined = await gateway.startCheckout(checkout());
    await expect(
      sdk.paymentIntents.confirm(declined.providerRef, {
        payment_method: "pm_card_chargeDeclined",
      }),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(await gateway.retrieve(declined.providerRef)).toMatchObject({ status: "failed" });
  });

  it("says an unknown PaymentIntent is not found and not worth retrying", async () => {
    await expect(gateway.retrieve("pi_doesnotexist")).rejects.toMatchObject({
      name: "ProviderError",
      retryable: false,
    });
  });

  it("refuses calls made with a wrong secret key, not worth retrying", async () => {
    const wrong = stripeGateway(
      { secretKey: "sk_test_wrong", publishableKey: "pk_test_wrong", webhookSecret: "whsec_wrong" },
      { baseUrl: standIn.url },
    );
    await expect(wrong.startCheckout(checkout())).rejects.toMatchObject({
      name: "ProviderError",
      retryable: false,
    });
  });

  it("says a Stripe that cannot be reached is worth retrying", async () => {
    const closed = await startStripeStandIn();
    const url = closed.url;
    await closed.close();
    const unreachable = stripeGateway(
      {
        secretKey: closed.secretKey,
        publishableKey: closed.publishableKey,
        webhookSecret: closed.webhookSecret,
      },
      { baseUrl: url },
    );
    await expect(unreachable.retrieve("pi_any")).rejects.toMatchObject({
      name: "ProviderError",
      retryable: true,
    });
  });
});

describe("refunds", () => {
  it("refunds part of a payment, then the rest, and lists both refunds", async () => {
    const started = await paid(checkout({ amountMinor: 10_000, currency: "EGP" }));
    const payment = {
      providerRef: started.providerRef,
      providerPaymentId: null,
      currency: "EGP",
      reason: "",
    };

    const first = await gateway.refund({
      ...payment,
      amountMinor: 3_000,
      refundId: "refund-1-" + started.providerRef,
    });
    const rest = await gateway.refund({
      ...payment,
      amountMinor: 7_000,
      refundId: "refund-2-" + started.providerRef,
    });

    expect(first).toEqual({
      refundId: like(/^re_/),
      amountMinor: 3_000,
      status: "succeeded",
    });
    expect(rest).toMatchObject({ amountMinor: 7_000, status: "succeeded" });
    const read = await gateway.retrieve(started.providerRef);
    expect(read.refunds.map((r) => r.amountMinor).sort((a, b) => a - b)).toEqual([3_000, 7_000]);
    expect(read.refunds.map((r) => r.refundId).sort()).toEqual(
      [first.refundId, rest.refundId].sort(),
    );
  });

  it("refuses a refund beyond what was received, and says retrying will not help", async () => {
    const started = await paid(checkout({ amountMinor: 5_000 }));
    const payment = {
      providerRef: started.providerRef,
      providerPaymentId: null,
      currency: "EGP",
      reason: "",
    };
    await gateway.refund({ ...payment, amountMinor: 4_000, refundId: "a-" + started.providerRef });

    const error = await gateway
      .refund({ ...payment, amountMinor: 1_001, refundId: "b-" + started.providerRef })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({
      retryable: false,
      message: containing("amount_too_large"),
    });
    expect((await gateway.retrieve(started.providerRef)).refunds).toHaveLength(1);
  });

  it("refunds once when the same refund is asked for twice", async () => {
    const started = await paid(checkout({ amountMinor: 5_000 }));
    const request = {
      providerRef: started.providerRef,
      providerPaymentId: null,
      currency: "EGP",
      reason: "",
      amountMinor: 2_000,
      refundId: "again-" + started.providerRef,
    };

    const first = await gateway.refund(request);
    const second = await gateway.refund(request);

    expect(second.refundId).toBe(first.refundId);
    expect((await gateway.retrieve(started.providerRef)).refunds).toHaveLength(1);
  });

  it("delivers a refund as a signed refund fact about the payment", async () => {
    const started = await paid(checkout({ amountMinor: 8_000, currency: "USD" }));
    const refund = await gateway.refund({
      providerRef: started.providerRef,
      providerPaymentId: null,
      currency: "USD",
      reason: "",
      amountMinor: 2_500,
      refundId: "fact-" + started.providerRef,
    });
    await standIn.idle();

    const fact = receiver.accepted.find(
      (e) => e.type === "refund.created" && e.providerRef === started.providerRef,
    );
    expect(fact).toMatchObject({
      providerPaymentId: like(/^ch_/),
      currency: "USD",
      fact: {
        kind: "refund",
        refund: { refundId: refund.refundId, amountMinor: 2_500, status: "succeeded" },
      },
    });
  });
});

describe("webhooks", () => {
  const intent = (status: string, extra: Record<string, unknown> = {}) => ({
    id: "pi_webhook",
    object: "payment_intent",
    amount: 2_000,
    amount_received: status === "succeeded" ? 2_000 : 0,
    currency: "egp",
    status,
    latest_charge: "ch_webhook",
    last_payment_error: null,
    ...extra,
  });

  it("accepts a delivery sent again under the same event id, for the API to store once", async () => {
    const started = await paid();
    await standIn.idle();
    const event = standIn.events.find(
      (e) => e.type === "payment_intent.succeeded" && e.data.object.id === started.providerRef,
    );
    if (!event) throw new Error("the stand-in made no success event");

    const delivery = await standIn.resend(event.id);

    expect(delivery.outcome).toBe(200);
    const again = receiver.accepted.filter((e) => e.eventId === event.id);
    expect(again).toHaveLength(2);
    expect(again[1]).toEqual(again[0]);
  });

  it("refuses a body changed after signing", () => {
    const signed = standIn.signedEvent("payment_intent.succeeded", intent("succeeded"));
    const tampered = signed.payload.replace('"amount": 2000', '"amount": 1');
    expect(tampered).not.toBe(signed.payload);

    expect(() => gateway.parseWebhook(tampered, signed.headers)).toThrow(WebhookSignatureError);
  });

  it("refuses a signature made with another secret", () => {
    const signed = standIn.signedEvent("payment_intent.succeeded", intent("succeeded"), {
      secret: "whsec_someone_else",
    });
    expect(() => gateway.parseWebhook(signed.payload, signed.headers)).toThrow(
      WebhookSignatureError,
    );
  });

  it("refuses a delivery without a Stripe-Signature header", () => {
    const signed = standIn.signedEvent("payment_intent.succeeded", intent("succeeded"));
    expect(() =>
      gateway.parseWebhook(signed.payload, { "content-type": "application/json" }),
    ).toThrow(WebhookSignatureError);
  });

  it("refuses a signature older than five minutes, and accepts one just inside them", () => {
    const now = new Date("2026-11-30T10:00:00Z");
    const seconds = now.getTime() / 1000;
    const stale = standIn.signedEvent("payment_intent.succeeded", intent("succeeded"), {
      timestamp: seconds - 301,
    });
    const fresh = standIn.signedEvent("payment_intent.succeeded", intent("succeeded"), {
      timestamp: seconds - 299,
    });

    expect(() => gateway.parseWebhook(stale.payload, stale.headers, now)).toThrow(
      WebhookSignatureError,
    );
    expect(gateway.parseWebhook(fresh.payload, fresh.headers, now).fact).toEqual({
      kind: "status",
      status: "succeeded",
    });
  });

  it("reads the header whatever its case, as frameworks hand it over", () => {
    const signed = standIn.signedEvent("payment_intent.processing", intent("processing"));
    const read = gateway.parseWebhook(signed.payload, {
      "Stripe-Signature": signed.headers["stripe-signature"],
    });
    expect(read).toMatchObject({
      eventId: signed.event.id,
      providerRef: "pi_webhook",
      providerPaymentId: "ch_webhook",
      amountMinor: 2_000,
      currency: "EGP",
      occurredAt: new Date(signed.event.created * 1000),
      fact: { kind: "status", status: "processing" },
    });
  });

  it("maps each PaymentIntent event to the payment's state", () => {
    const cases = [
      ["payment_intent.succeeded", "succeeded", "succeeded"],
      ["payment_intent.processing", "processing", "processing"],
      ["payment_intent.canceled", "canceled", "cancelled"],
      ["payment_intent.requires_action", "requires_action", "requires_action"],
    ] as const;
    for (const [type, status, expected] of cases) {
      const signed = standIn.signedEvent(type, intent(status));
      expect(gateway.parseWebhook(signed.payload, signed.headers).fact).toEqual({
        kind: "status",
        status: expected,
      });
    }
  });

  it("reads a failed refund as a failed refund fact", () => {
    const signed = standIn.signedEvent("refund.failed", {
      id: "re_failed",
      object: "refund",
      amount: 700,
      currency: "usd",
      charge: "ch_webhook",
      payment_intent: "pi_webhook",
      status: "failed",
    });
    expect(gateway.parseWebhook(signed.payload, signed.headers)).toMatchObject({
      providerRef: "pi_webhook",
      amountMinor: null,
      currency: "USD",
      fact: {
        kind: "refund",
        refund: { refundId: "re_failed", amountMinor: 700, status: "failed" },
      },
    });
  });

  it("reads charge.refunded as the newest refund when the charge carries its refunds", () => {
    const signed = standIn.signedEvent("charge.refunded", {
      id: "ch_webhook",
      object: "charge",
      amount: 2_000,
      currency: "egp",
      payment_intent: "pi_webhook",
      refunds: {
        object: "list",
        data: [
          { id: "re_second", amount: 500, status: "succeeded", created: 20 },
          { id: "re_first", amount: 300, status: "succeeded", created: 10 },
        ],
      },
    });
    expect(gateway.parseWebhook(signed.payload, signed.headers).fact).toEqual({
      kind: "refund",
      refund: { refundId: "re_second", amountMinor: 500, status: "succeeded" },
    });
  });

  it("acknowledges events that change no payment as ignored", () => {
    const signed = standIn.signedEvent("customer.created", { id: "cus_1", object: "customer" });
    expect(gateway.parseWebhook(signed.payload, signed.headers)).toMatchObject({
      type: "customer.created",
      fact: { kind: "ignored" },
    });
  });

  it("refuses a correctly signed body that is not an event it can read", () => {
    const notJson = standIn.sign("this is not json at all");
    expect(() => gateway.parseWebhook(notJson.payload, notJson.headers)).toThrow(
      WebhookPayloadError,
    );

    const noAmount = standIn.signedEvent("payment_intent.succeeded", {
      id: "pi_x",
      object: "payment_intent",
    });
    expect(() => gateway.parseWebhook(noAmount.payload, noAmount.headers)).toThrow(
      WebhookPayloadError,
    );
  });
});

describe("the stand-in", () => {
  it("refuses calls without the secret key, in Stripe's error shape", async () => {
    const response = await fetch(`${standIn.url}/v1/payment_intents`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "amount=100&currency=usd",
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { type: "invalid_request_error" } });
  });

  it("answers a browser's preflight so Stripe.js can confirm from the page", async () => {
    const response = await fetch(`${standIn.url}/v1/payment_intents/pi_any/confirm`, {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:5173",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(response.headers.get("access-control-allow-methods")).toContain("POST");
  });

  it("makes transfers to a connected account for payouts, and refuses one without a destination", async () => {
    const transfer = await sdk.transfers.create({
      amount: 4_000,
      currency: "egp",
      destination: "acct_doctor",
    });
    expect(transfer).toMatchObject({
      object: "transfer",
      amount: 4_000,
      currency: "egp",
      destination: "acct_doctor",
    });
    expect(transfer.id).toMatch(/^tr_/);

    await expect(
      sdk.transfers.create({ amount: 4_000, currency: "egp" } as Stripe.TransferCreateParams),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });
});
