import { createHash } from "node:crypto";
import { createServer } from "node:http";
import { type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  FawryDecimal,
  fawryAmount,
  fawryChargeSignatureText,
  fawryGateway,
  fawryNotificationSignatureText,
  fawryRefundSignatureText,
  fawryStatusSignatureText,
  parseFawryAmount,
  sha256Hex,
  toFawryJson,
} from "../src/fawry";
import { type FawryStandIn, startFawryStandIn } from "../src/testing/fawry-standin";
import { type Gateway, WebhookSignatureError } from "../src/types";

/** SHA-256 computed here, independently of the code under test. */
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

// Fawry's "for the sake of demonstration" secure key, printed with merchant code
// 1tSa6uxz2nTwlaAmt38enA== and merchantRefNumber 23124654641 in the PHP sample of
// https://developer.fawrystaging.com/docs/payment-notifications/get-payment-status-v2
const demoKey = "259af31fc2f74453b3a55739b21ae9ef";

describe("Fawry signatures against the documented field orders and examples", () => {
  it("signs a status request as the status V2 page's example (merchantCode + merchantRefNumber + secureKey)", () => {
    // The page gives the inputs but no digest: pin the string, hash it independently.
    const text = fawryStatusSignatureText("1tSa6uxz2nTwlaAmt38enA==", "23124654641", demoKey);
    expect(text).toBe("1tSa6uxz2nTwlaAmt38enA==23124654641259af31fc2f74453b3a55739b21ae9ef");
    expect(sha256Hex(text)).toBe(sha256(text));
  });

  it("signs a PAYATFAWRY charge in the documented order, amount with two decimals", () => {
    // Sample PAYATFAWRY charge request, https://atfawry.com/developer-guide/checkout-Api.html:
    // merchantCode is0N+YQzlE4=, merchantRefNum and customerProfileId 9990064204, amount 20.10.
    // Its printed signature (fc82…67fa, the same on the CARD sample) was made with a secure key
    // the page does not give, so the digest below uses Fawry's demonstration key instead.
    const text = fawryChargeSignatureText(
      {
        merchantCode: "is0N+YQzlE4=",
        merchantRefNum: "9990064204",
        customerProfileId: "9990064204",
        paymentMethod: "PAYATFAWRY",
        amount: fawryAmount(2010),
      },
      demoKey,
    );
    expect(text).toBe(
      "is0N+YQzlE4=99900642049990064204PAYATFAWRY20.10259af31fc2f74453b3a55739b21ae9ef",
    );
    expect(sha256Hex(text)).toBe(sha256(text));
  });

  it("signs a refund as merchantCode + referenceNumber + amount (2 dec) + reason + secureKey", () => {
    // https://developer.fawrystaging.com/docs/server-apis/refund-issue-api gives the order and an
    // example amount of 362.50 EGP; the reference number and reason here are ours.
    const text = fawryRefundSignatureText(
      {
        merchantCode: "1tSa6uxz2nTwlaAmt38enA==",
        referenceNumber: "100163201",
        refundAmount: fawryAmount(36_250),
        reason: "Item not delivered",
      },
      demoKey,
    );
    expect(text).toBe(
      "1tSa6uxz2nTwlaAmt38enA==100163201362.50Item not delivered259af31fc2f74453b3a55739b21ae9ef",
    );
    expect(
      fawryRefundSignatureText(
        { merchantCode: "m", referenceNumber: "1", refundAmount: "1.00", reason: null },
        "k",
      ),
    ).toBe("m11.00k");
  });

  it("checks a V2 notification over the documented fields, payment reference only when present", () => {
    // Field order: https://developer.fawrystaging.com/docs/sdks/payment-notifications/server-notification-v2
    // Values: the sample notification in https://github.com/fawry-api/fawry-node#usage (a third
    // party's; its requestId is the V2 page's example). Its messageSignature (b017…f587) was made
    // with a key nobody published, so the digest is computed with the demonstration key.
    const sample = {
      fawryRefNumber: "970177",
      merchantRefNumber: "9708f1cea8b5426cb57922df51b7f790",
      paymentAmount: fawryAmount(parseFawryAmount("152.00") ?? -1),
      orderAmount: fawryAmount(parseFawryAmount("150.00") ?? -1),
      orderStatus: "NEW",
      paymentMethod: "PAYATFAWRY",
    };
    const text = fawryNotificationSignatureText(sample, demoKey);
    expect(text).toBe(
      "9701779708f1cea8b5426cb57922df51b7f790152.00150.00NEWPAYATFAWRY259af31fc2f74453b3a55739b21ae9ef",
    );
    expect(sha256Hex(text)).toBe(sha256(text));
    expect(
      fawryNotificationSignatureText(
        { ...sample, orderStatus: "PAID", paymentRefrenceNumber: "24480" },
        "k",
      ),
    ).toBe("9701779708f1cea8b5426cb57922df51b7f790152.00150.00PAIDPAYATFAWRY24480k");
  });
});

describe("Fawry amounts", () => {
  it("writes minor units with exactly two decimals", () => {
    expect([0, 5, 100, 2010, 58_055, 123_456_789].map(fawryAmount)).toEqual([
      "0.00",
      "0.05",
      "1.00",
      "20.10",
      "580.55",
      "1234567.89",
    ]);
    expect(() => fawryAmount(10.5)).toThrow(RangeError);
    expect(() => fawryAmount(-1)).toThrow(RangeError);
  });

  it("reads Fawry's amounts from their decimal text, never through float arithmetic", () => {
    expect(parseFawryAmount(840.0)).toBe(84_000);
    expect(parseFawryAmount("152.00")).toBe(15_200);
    expect(parseFawryAmount(20.1)).toBe(2010);
    expect(parseFawryAmount(1.15)).toBe(115);
    expect(parseFawryAmount(20)).toBe(2000);
    for (const bad of [0.1 + 0.2, "20.105", "1e3", 1e21, -1, "", null, "12,50", Number.NaN]) {
      expect(parseFawryAmount(bad)).toBeNull();
    }
  });

  it("puts two-decimal amounts into request bodies as numbers Fawry reads", () => {
    expect(toFawryJson({ amount: FawryDecimal.ofMinor(2010), note: "20.10" })).toBe(
      '{"amount":20.10,"note":"20.10"}',
    );
  });
});

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
    url: `http://127.0.0.1:${port}/webhooks/fawry`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const checkout = (paymentId: string, amountMinor = 35_000) => ({
  paymentId,
  amountMinor,
  currency: "EGP",
  description: "Dental check-up, 3 Dec",
  customer: { name: "Mona Adel", email: "mona@example.test", phone: "01000000200", id: "pat-1" },
});

describe("Fawry gateway against the stand-in", () => {
  let standIn: FawryStandIn;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let gateway: Gateway;
  const fixedNow = new Date("2026-12-01T10:00:00Z");

  beforeAll(async () => {
    standIn = await startFawryStandIn();
    receiver = await startReceiver();
    standIn.setWebhookUrl(receiver.url);
    gateway = fawryGateway(
      standIn.credentials,
      { baseUrl: standIn.url },
      { paymentExpiryMinutes: 60, now: () => fixedNow },
    );
  });

  afterAll(async () => {
    await standIn.close();
    await receiver.close();
  });

  it("creates a reference number to pay at an outlet, keyed by our payment id", async () => {
    const started = await gateway.startCheckout(checkout("pmt-ref-1"));
    expect(started.providerRef).toBe("pmt-ref-1");
    expect(started.status).toBe("requires_action");
    expect(started.clientData.referenceNumber).toMatch(/^\d{9}$/);
    expect(started.clientData.expiresAt).toBe("2026-12-01T11:00:00.000Z");
    expect(JSON.stringify(started.clientData)).not.toContain(standIn.credentials.secureKey);

    expect(await gateway.retrieve("pmt-ref-1")).toEqual({
      providerRef: "pmt-ref-1",
      providerPaymentId: started.clientData.referenceNumber,
      status: "requires_action",
      amountMinor: 35_000,
      currency: "EGP",
      refunds: [],
    });
  });

  it("answers the same charge again with the same reference number", async () => {
    const first = await gateway.startCheckout(checkout("pmt-ref-2"));
    const again = await gateway.startCheckout(checkout("pmt-ref-2"));
    expect(again.clientData.referenceNumber).toBe(first.clientData.referenceNumber);
  });

  it("turns payment at an outlet into a verified notification and a succeeded read", async () => {
    const started = await gateway.startCheckout(checkout("pmt-outlet-1", 35_050));
    const before = receiver.received.length;
    await standIn.payAtOutlet("pmt-outlet-1", { feesMinor: 250 });

    const [delivery] = receiver.received.slice(before);
    if (!delivery) throw new Error("no notification arrived");
    expect(delivery.body).toContain('"paymentAmount":353.00');
    const event = gateway.parseWebhook(delivery.body, delivery.headers);
    expect(event).toMatchObject({
      provider: "fawry",
      eventId: `fawry:${started.clientData.referenceNumber}:PAID`,
      type: "PAID",
      providerRef: "pmt-outlet-1",
      providerPaymentId: started.clientData.referenceNumber,
      // What we asked for, not what the payer paid with Fawry's fees.
      amountMinor: 35_050,
      currency: "EGP",
      fact: { kind: "status", status: "succeeded" },
    });
    // The same news delivered twice is the same event.
    expect(gateway.parseWebhook(delivery.body, delivery.headers).eventId).toBe(event.eventId);

    expect(await gateway.retrieve("pmt-outlet-1")).toMatchObject({
      status: "succeeded",
      providerPaymentId: started.clientData.referenceNumber,
      amountMinor: 35_050,
    });
  });

  it("reports a reference that lapsed unpaid as cancelled", async () => {
    await gateway.startCheckout(checkout("pmt-expired-1"));
    const delivery = await standIn.expire("pmt-expired-1");
    expect(gateway.parseWebhook(delivery.body, delivery.headers)).toMatchObject({
      type: "EXPIRED",
      fact: { kind: "status", status: "cancelled" },
    });
    expect((await gateway.retrieve("pmt-expired-1")).status).toBe("cancelled");
  });

  it("refunds part and then the rest, and the payment still reads as succeeded", async () => {
    const started = await gateway.startCheckout(checkout("pmt-refund-1", 10_000));
    await standIn.payAtOutlet("pmt-refund-1");
    const before = receiver.received.length;
    const base = {
      providerRef: "pmt-refund-1",
      providerPaymentId: started.clientData.referenceNumber ?? null,
      currency: "EGP",
      reason: "Appointment cancelled",
    };
    expect(await gateway.refund({ ...base, amountMinor: 2_550, refundId: "rfd-1" })).toEqual({
      refundId: "rfd-1",
      amountMinor: 2_550,
      status: "succeeded",
    });
    // Without Fawry's number, the gateway looks it up from our payment id.
    expect(
      await gateway.refund({
        ...base,
        providerPaymentId: null,
        amountMinor: 7_450,
        refundId: "rfd-2",
      }),
    ).toEqual({ refundId: "rfd-2", amountMinor: 7_450, status: "succeeded" });

    const events = receiver.received
      .slice(before)
      .map((d) => gateway.parseWebhook(d.body, d.headers));
    expect(events.map((e) => [e.type, e.fact])).toEqual([
      ["PARTIAL_REFUNDED", { kind: "status", status: "succeeded" }],
      ["REFUNDED", { kind: "status", status: "succeeded" }],
    ]);
    expect((await gateway.retrieve("pmt-refund-1")).status).toBe("succeeded");
  });

  it("refuses a refund beyond what was paid, and says retrying will not help", async () => {
    const started = await gateway.startCheckout(checkout("pmt-refund-2", 1_000));
    await standIn.payAtOutlet("pmt-refund-2");
    await expect(
      gateway.refund({
        providerRef: "pmt-refund-2",
        providerPaymentId: started.clientData.referenceNumber ?? null,
        amountMinor: 1_001,
        currency: "EGP",
        refundId: "rfd-3",
        reason: "Too much",
      }),
    ).rejects.toMatchObject({ name: "ProviderError", provider: "fawry", retryable: false });
  });

  it("refuses notifications that are unsigned, altered or signed with another key", async () => {
    await gateway.startCheckout(checkout("pmt-forged-1"));
    await standIn.payAtOutlet("pmt-forged-1");
    const genuine = standIn.notificationFor("pmt-forged-1");
    expect(gateway.parseWebhook(genuine.body, genuine.headers).fact).toEqual({
      kind: "status",
      status: "succeeded",
    });

    const body = JSON.parse(genuine.body) as Record<string, unknown>;
    const forge = (changes: Record<string, unknown>) => JSON.stringify({ ...body, ...changes });
    expect(() => gateway.parseWebhook(forge({ orderAmount: 1 }), {})).toThrow(
      WebhookSignatureError,
    );
    expect(() => gateway.parseWebhook(forge({ orderStatus: "REFUNDED" }), {})).toThrow(
      WebhookSignatureError,
    );
    expect(() => gateway.parseWebhook(forge({ merchantRefNumber: "pmt-other" }), {})).toThrow(
      WebhookSignatureError,
    );
    expect(() => gateway.parseWebhook(forge({ messageSignature: undefined }), {})).toThrow(
      WebhookSignatureError,
    );
    expect(() => gateway.parseWebhook("not json", {})).toThrow(WebhookSignatureError);

    const otherKey = fawryGateway({ ...standIn.credentials, secureKey: "another-key" });
    expect(() => otherKey.parseWebhook(genuine.body, genuine.headers)).toThrow(
      WebhookSignatureError,
    );
  });

  it("is refused by Fawry with a wrong secure key or merchant code, as provider errors", async () => {
    const wrongKey = fawryGateway(
      { ...standIn.credentials, secureKey: "wrong" },
      { baseUrl: standIn.url },
    );
    await expect(wrongKey.startCheckout(checkout("pmt-wrong-1"))).rejects.toMatchObject({
      name: "ProviderError",
      retryable: false,
      message: expect.stringContaining("9946") as string,
    });
    const wrongMerchant = fawryGateway(
      { ...standIn.credentials, merchantCode: "someoneElse==" },
      { baseUrl: standIn.url },
    );
    await expect(wrongMerchant.retrieve("pmt-ref-1")).rejects.toMatchObject({
      message: expect.stringContaining("9901") as string,
    });
    await expect(gateway.retrieve("pmt-never-charged")).rejects.toMatchObject({
      message: expect.stringContaining("9938") as string,
    });
  });

  it("takes Egyptian pounds only", async () => {
    await expect(
      gateway.startCheckout({ ...checkout("pmt-usd-1"), currency: "USD" }),
    ).rejects.toBeInstanceOf(RangeError);
  });

  it("marks an unreachable Fawry retryable for reads but final for refunds, whose outcome is unknown", async () => {
    const gone = await startFawryStandIn();
    await gone.close();
    const unreachable = fawryGateway(gone.credentials, { baseUrl: gone.url });
    await expect(unreachable.retrieve("pmt-any")).rejects.toMatchObject({ retryable: true });
    await expect(
      unreachable.refund({
        providerRef: "pmt-any",
        providerPaymentId: "123456789",
        amountMinor: 100,
        currency: "EGP",
        refundId: "rfd-lost",
        reason: "Lost",
      }),
    ).rejects.toMatchObject({ retryable: false });
  });
});
