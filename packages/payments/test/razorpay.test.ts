import { createServer } from "node:http";
import { type AddressInfo } from "node:net";
import Razorpay from "razorpay";
import { validatePaymentVerification } from "razorpay/dist/utils/razorpay-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  razorpayGateway,
  razorpayPaymentSignatureText,
  razorpayWebhookSignature,
  verifyRazorpayPaymentSignature,
} from "../src/razorpay";
import { type RazorpayStandIn, startRazorpayStandIn } from "../src/testing/razorpay-standin";
import {
  type Gateway,
  type ProviderEvent,
  ProviderError,
  WebhookPayloadError,
  WebhookSignatureError,
} from "../src/types";

/** Our webhook endpoint, as far as Razorpay can tell: it records raw bodies and headers. */
async function startReceiver() {
  const received: { body: string; headers: Record<string, string | undefined> }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v[0] : v;
      received.push({ body: Buffer.concat(chunks).toString("utf8"), headers });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/razorpay`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const checkout = (paymentId: string, amountMinor = 150_000) => ({
  paymentId,
  amountMinor,
  currency: "INR",
  description: "Video consultation, 3 Dec",
  customer: { name: "Asha Rao", email: "asha@example.test" },
});

describe("Razorpay signatures against the documented vectors", () => {
  // https://razorpay.com/docs/payments/payment-gateway/web-integration/custom/build-integration
  // (1.5 Verify Payment Signature, Java sample): secret, order id, payment id and the signature
  // Checkout returned for them.
  const documented = {
    secret: "EnLs21M47BllR3X8PSFtjtbd",
    orderId: "order_IEIaMR65cu6nz3",
    paymentId: "pay_IH4NVgf4Dreq1l",
    signature: "0d4e745a1838664ad6c9c9902212a32d627d68e917290b0ad5f08ff4561bc50f",
  };

  it("accepts the documented Checkout signature, as the SDK does", () => {
    expect(razorpayPaymentSignatureText(documented.orderId, documented.paymentId)).toBe(
      "order_IEIaMR65cu6nz3|pay_IH4NVgf4Dreq1l",
    );
    expect(verifyRazorpayPaymentSignature(documented, documented.secret)).toBe(true);
    expect(
      validatePaymentVerification(
        { order_id: documented.orderId, payment_id: documented.paymentId },
        documented.signature,
        documented.secret,
      ),
    ).toBe(true);
  });

  it("refuses the documented signature for another order, payment or secret", () => {
    expect(
      verifyRazorpayPaymentSignature(
        { ...documented, orderId: "order_IEIaMR65cu6nz4" },
        documented.secret,
      ),
    ).toBe(false);
    expect(
      verifyRazorpayPaymentSignature(
        { ...documented, paymentId: "pay_IH4NVgf4Dreq1m" },
        documented.secret,
      ),
    ).toBe(false);
    expect(verifyRazorpayPaymentSignature(documented, "another-secret")).toBe(false);
    expect(
      verifyRazorpayPaymentSignature({ ...documented, signature: "" }, documented.secret),
    ).toBe(false);
    expect(
      verifyRazorpayPaymentSignature(
        { ...documented, signature: documented.signature.toUpperCase() },
        documented.secret,
      ),
    ).toBe(true);
  });

  // Razorpay's own SDK test suite publishes the webhook vector (body, secret, signature):
  // https://github.com/razorpay/razorpay-node/blob/master/test/utils/razorpay-utils.spec.js
  const webhookVector = {
    body: '{"a":1,"b":2,"c":{"d":3}}',
    secret: "123456",
    signature: "2fe04e22977002e6c7cb553adab8b460cb9e2a4970d5953cb27a8472752e3bbc",
  };

  it("signs webhook bodies as Razorpay's published vector says", () => {
    expect(razorpayWebhookSignature(webhookVector.body, webhookVector.secret)).toBe(
      webhookVector.signature,
    );
    expect(
      Razorpay.validateWebhookSignature(
        webhookVector.body,
        webhookVector.signature,
        webhookVector.secret,
      ),
    ).toBe(true);
  });

  it("lets the vector's signature through and then refuses its body as no Razorpay event", () => {
    const gateway = razorpayGateway({
      keyId: "rzp_test_x",
      keySecret: "k",
      webhookSecret: "123456",
    });
    const headers = {
      "x-razorpay-signature": webhookVector.signature,
      "x-razorpay-event-id": "e1",
    };
    expect(() => gateway.parseWebhook(webhookVector.body, headers)).toThrow(WebhookPayloadError);
    expect(() => gateway.parseWebhook(`${webhookVector.body} `, headers)).toThrow(
      WebhookSignatureError,
    );
  });
});

describe("Razorpay gateway against the stand-in", () => {
  let standIn: RazorpayStandIn;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let gateway: Gateway;

  beforeAll(async () => {
    standIn = await startRazorpayStandIn();
    receiver = await startReceiver();
    standIn.setWebhookUrl(receiver.url);
    gateway = razorpayGateway(standIn.credentials, { baseUrl: standIn.url });
  });

  afterAll(async () => {
    await standIn.close();
    await receiver.close();
  });

  function parsedSince(start: number): ProviderEvent[] {
    return receiver.received.slice(start).map((d) => gateway.parseWebhook(d.body, d.headers));
  }

  it("opens an order with our payment id and gives the browser only what Checkout needs", async () => {
    const started = await gateway.startCheckout(checkout("pmt-open-1"));
    expect(started.providerRef).toMatch(/^order_/);
    expect(started.status).toBe("requires_action");
    expect(started.clientData).toEqual({
      orderId: started.providerRef,
      keyId: standIn.credentials.keyId,
      amountMinor: "150000",
      currency: "INR",
    });
    expect(JSON.stringify(started.clientData)).not.toContain(standIn.credentials.keySecret);

    const read = await gateway.retrieve(started.providerRef);
    expect(read).toEqual({
      providerRef: started.providerRef,
      providerPaymentId: null,
      status: "requires_action",
      amountMinor: 150_000,
      currency: "INR",
      refunds: [],
    });
  });

  it("opens one order per payment, however often the start is retried", async () => {
    const first = await gateway.startCheckout(checkout("pmt-retried-1"));
    const again = await gateway.startCheckout(checkout("pmt-retried-1"));
    expect(again.providerRef).toBe(first.providerRef);
    const other = await gateway.startCheckout(checkout("pmt-retried-2"));
    expect(other.providerRef).not.toBe(first.providerRef);
  });

  it("takes a paid order from Checkout's signed answer to verified webhooks and a succeeded read", async () => {
    const started = await gateway.startCheckout(checkout("pmt-paid-1"));
    const before = receiver.received.length;
    const answer = await standIn.pay(started.providerRef, { succeed: true });

    expect(
      verifyRazorpayPaymentSignature(
        {
          orderId: started.providerRef,
          paymentId: answer.razorpay_payment_id,
          signature: answer.razorpay_signature,
        },
        standIn.credentials.keySecret,
      ),
    ).toBe(true);

    const events = parsedSince(before);
    expect(events.map((e) => [e.type, e.fact])).toEqual([
      ["payment.authorized", { kind: "status", status: "processing" }],
      ["payment.captured", { kind: "status", status: "succeeded" }],
      ["order.paid", { kind: "status", status: "succeeded" }],
    ]);
    for (const event of events) {
      expect(event).toMatchObject({
        provider: "razorpay",
        providerRef: started.providerRef,
        providerPaymentId: answer.razorpay_payment_id,
        amountMinor: 150_000,
        currency: "INR",
      });
    }
    expect(new Set(events.map((e) => e.eventId)).size).toBe(3);

    const read = await gateway.retrieve(started.providerRef);
    expect(read).toMatchObject({
      status: "succeeded",
      providerPaymentId: answer.razorpay_payment_id,
      amountMinor: 150_000,
    });
  });

  it("reports a declined payment as failed, with the bank's reason", async () => {
    const started = await gateway.startCheckout(checkout("pmt-declined-1"));
    const before = receiver.received.length;
    const answer = await standIn.pay(started.providerRef, { succeed: false });
    expect(answer.error.metadata.order_id).toBe(started.providerRef);

    const [event] = parsedSince(before);
    expect(event).toMatchObject({
      type: "payment.failed",
      providerRef: started.providerRef,
      fact: {
        kind: "status",
        status: "failed",
        failureReason: "Your payment has been declined by the bank.",
      },
    });
    expect((await gateway.retrieve(started.providerRef)).status).toBe("failed");
  });

  it("refunds once per refund id, however often the call is retried", async () => {
    const started = await gateway.startCheckout(checkout("pmt-refund-1"));
    const paid = await standIn.pay(started.providerRef, { succeed: true });
    const request = {
      providerRef: started.providerRef,
      providerPaymentId: paid.razorpay_payment_id,
      amountMinor: 40_000,
      currency: "INR",
      refundId: "rfd-ours-1",
      reason: "Appointment cancelled by the practice",
    };
    const before = receiver.received.length;
    const first = await gateway.refund(request);
    const again = await gateway.refund(request);
    expect(first).toEqual({ refundId: "rfd-ours-1", amountMinor: 40_000, status: "succeeded" });
    expect(again).toEqual(first);

    const read = await gateway.retrieve(started.providerRef);
    expect(read.status).toBe("succeeded");
    expect(read.refunds).toEqual([first]);

    const events = parsedSince(before);
    expect(events.map((e) => [e.type, e.fact])).toEqual([
      [
        "refund.created",
        {
          kind: "refund",
          refund: { refundId: "rfd-ours-1", amountMinor: 40_000, status: "pending" },
        },
      ],
      [
        "refund.processed",
        {
          kind: "refund",
          refund: { refundId: "rfd-ours-1", amountMinor: 40_000, status: "succeeded" },
        },
      ],
    ]);
    expect(events[0]?.providerRef).toBe(started.providerRef);
  });

  it("finds the captured payment itself when the refund names only the order", async () => {
    const started = await gateway.startCheckout(checkout("pmt-refund-2", 2_000));
    await standIn.pay(started.providerRef, { succeed: true });
    const refund = await gateway.refund({
      providerRef: started.providerRef,
      providerPaymentId: null,
      amountMinor: 2_000,
      currency: "INR",
      refundId: "rfd-ours-2",
      reason: "Duplicate booking",
    });
    expect(refund).toEqual({ refundId: "rfd-ours-2", amountMinor: 2_000, status: "succeeded" });
    expect((await gateway.retrieve(started.providerRef)).status).toBe("succeeded");
  });

  it("refuses to refund more than was captured, as a provider error that retrying will not fix", async () => {
    const started = await gateway.startCheckout(checkout("pmt-refund-3", 1_000));
    const paid = await standIn.pay(started.providerRef, { succeed: true });
    await expect(
      gateway.refund({
        providerRef: started.providerRef,
        providerPaymentId: paid.razorpay_payment_id,
        amountMinor: 1_001,
        currency: "INR",
        refundId: "rfd-too-much",
        reason: "Too much",
      }),
    ).rejects.toMatchObject({ name: "ProviderError", provider: "razorpay", retryable: false });
  });

  it("refuses webhooks whose signature is missing, wrong or made with another secret", async () => {
    const started = await gateway.startCheckout(checkout("pmt-forged-1"));
    const answer = await standIn.pay(started.providerRef, { succeed: true });
    const genuine = standIn.webhookFor("payment.captured", {
      paymentId: answer.razorpay_payment_id,
    });
    expect(gateway.parseWebhook(genuine.body, genuine.headers).fact).toEqual({
      kind: "status",
      status: "succeeded",
    });

    const tampered = genuine.body.replace('"amount":150000', '"amount":1');
    expect(() => gateway.parseWebhook(tampered, genuine.headers)).toThrow(WebhookSignatureError);
    const { "x-razorpay-signature": _dropped, ...unsigned } = genuine.headers;
    expect(() => gateway.parseWebhook(genuine.body, unsigned)).toThrow(WebhookSignatureError);
    const otherSecret = razorpayWebhookSignature(genuine.body, "not-the-webhook-secret");
    expect(() =>
      gateway.parseWebhook(genuine.body, {
        ...genuine.headers,
        "x-razorpay-signature": otherSecret,
      }),
    ).toThrow(WebhookSignatureError);
    // Signed with the key secret instead of the webhook secret: still refused.
    const keySigned = razorpayWebhookSignature(genuine.body, standIn.credentials.keySecret);
    expect(() =>
      gateway.parseWebhook(genuine.body, { ...genuine.headers, "x-razorpay-signature": keySigned }),
    ).toThrow(WebhookSignatureError);
  });

  it("refuses a signed webhook without Razorpay's event id, since it could not be stored once", async () => {
    const started = await gateway.startCheckout(checkout("pmt-noid-1"));
    const answer = await standIn.pay(started.providerRef, { succeed: true });
    const delivery = standIn.webhookFor("payment.captured", {
      paymentId: answer.razorpay_payment_id,
    });
    const { "x-razorpay-event-id": _dropped, ...withoutId } = delivery.headers;
    expect(() => gateway.parseWebhook(delivery.body, withoutId)).toThrow(WebhookPayloadError);
  });

  it("reads header names in any case and acknowledges events it does not act on", async () => {
    const started = await gateway.startCheckout(checkout("pmt-other-1"));
    const answer = await standIn.pay(started.providerRef, { succeed: true });
    const delivery = standIn.webhookFor("payment.dispute.created", {
      paymentId: answer.razorpay_payment_id,
    });
    const shouting = {
      "X-Razorpay-Signature": delivery.headers["x-razorpay-signature"],
      "X-Razorpay-Event-Id": delivery.headers["x-razorpay-event-id"],
    };
    const event = gateway.parseWebhook(delivery.body, shouting);
    expect(event).toMatchObject({ eventId: delivery.eventId, fact: { kind: "ignored" } });
  });

  it("answers unknown orders and wrong keys as provider errors, never as crashes", async () => {
    await expect(gateway.retrieve("order_DoesNotExist01")).rejects.toMatchObject({
      name: "ProviderError",
      retryable: false,
    });
    const wrongKeys = razorpayGateway(
      { ...standIn.credentials, keySecret: "wrong" },
      { baseUrl: standIn.url },
    );
    const refused = wrongKeys.startCheckout(checkout("pmt-wrongkey-1"));
    await expect(refused).rejects.toBeInstanceOf(ProviderError);
    await expect(refused).rejects.toMatchObject({ retryable: false });
    await expect(refused).rejects.not.toHaveProperty("message", expect.stringContaining("wrong"));
  });

  it("answers an unreachable Razorpay as a provider error worth retrying", async () => {
    const closed = await startRazorpayStandIn();
    const url = closed.url;
    await closed.close();
    const unreachable = razorpayGateway(closed.credentials, { baseUrl: url });
    await expect(unreachable.retrieve("order_Anything000001")).rejects.toMatchObject({
      name: "ProviderError",
      retryable: true,
    });
  });

  it("refuses amounts that are not positive integers of minor units before calling Razorpay", async () => {
    await expect(gateway.startCheckout(checkout("pmt-bad-1", 10.5))).rejects.toBeInstanceOf(
      RangeError,
    );
    await expect(gateway.startCheckout(checkout("pmt-bad-2", 0))).rejects.toBeInstanceOf(
      RangeError,
    );
  });
});
