// Razorpay through its official SDK: an order per payment (Checkout pays the order), the order's
// payments read back for the truth, refunds guarded against repeats by our id in their notes,
// and webhooks checked by HMAC-SHA256 of the raw body.
import { createHmac, timingSafeEqual } from "node:crypto";
import Razorpay from "razorpay";
import {
  type CheckoutRequest,
  type CheckoutStarted,
  type Gateway,
  type ProviderEndpoint,
  type ProviderEvent,
  type ProviderEventFact,
  type ProviderPayment,
  type ProviderPaymentStatus,
  type ProviderRefund,
  type RazorpayCredentials,
  type RefundRequest,
  ProviderError,
  WebhookPayloadError,
  WebhookSignatureError,
} from "./types";

/** What the SDK answers, narrowed to the fields we read. */
interface RazorpayOrderEntity {
  id: string;
  amount: number | string;
  currency: string;
  status: string;
}

interface RazorpayPaymentEntity {
  id: string;
  order_id?: string | null;
  amount: number | string;
  currency: string;
  status: string;
  created_at?: number;
  error_code?: string | null;
  error_description?: string | null;
  error_reason?: string | null;
}

interface RazorpayRefundEntity {
  id: string;
  amount?: number | string;
  currency?: string;
  payment_id?: string;
  status?: string;
  notes?: unknown;
}

/** The `{ razorpay_order_id, razorpay_payment_id, razorpay_signature }` Checkout's handler gets. */
export interface RazorpayPaymentSignatureInput {
  orderId: string;
  paymentId: string;
  signature: string;
}

function hmacHex(secret: string, message: string): string {
  return createHmac("sha256", secret).update(message, "utf8").digest("hex");
}

/** Compares two hex digests in constant time; anything not a 64-digit hex string is unequal. */
function sameHexDigest(expected: string, given: string): boolean {
  if (!/^[0-9a-f]{64}$/i.test(given)) return false;
  const a = Buffer.from(expected, "hex");
  const b = Buffer.from(given.toLowerCase(), "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The text Razorpay signs for Checkout: `order_id + "|" + razorpay_payment_id`. */
export function razorpayPaymentSignatureText(orderId: string, paymentId: string): string {
  return `${orderId}|${paymentId}`;
}

/**
 * Checks the signature Checkout hands the browser after a payment: HMAC-SHA256 (hex) of
 * `order_id|payment_id` under the key secret, as the SDK's `validatePaymentVerification` computes
 * it, compared in constant time. Use the order id we stored, never one the browser sent alone.
 */
export function verifyRazorpayPaymentSignature(
  input: RazorpayPaymentSignatureInput,
  keySecret: string,
): boolean {
  if (!input.orderId || !input.paymentId || !keySecret) return false;
  const expected = hmacHex(keySecret, razorpayPaymentSignatureText(input.orderId, input.paymentId));
  return sameHexDigest(expected, input.signature);
}

/** `X-Razorpay-Signature`: HMAC-SHA256 (hex) of the raw body under the webhook secret. */
export function razorpayWebhookSignature(rawBody: string, webhookSecret: string): string {
  return hmacHex(webhookSecret, rawBody);
}

function minorOf(value: number | string | undefined | null): number | null {
  const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === "number" && Number.isSafeInteger(n) && n >= 0 ? n : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Our refund id, where we put it (notes.refund_id); else Razorpay's own `rfnd_…`. */
function refundIdOf(refund: RazorpayRefundEntity): string {
  const notes = refund.notes;
  if (isObject(notes) && typeof notes.refund_id === "string" && notes.refund_id) {
    return notes.refund_id;
  }
  return refund.id;
}

function refundStatusOf(status: string | undefined): ProviderRefund["status"] {
  if (status === "processed") return "succeeded";
  if (status === "failed") return "failed";
  return "pending";
}

function toProviderRefund(refund: RazorpayRefundEntity): ProviderRefund {
  return {
    refundId: refundIdOf(refund),
    amountMinor: minorOf(refund.amount) ?? 0,
    status: refundStatusOf(refund.status),
  };
}

/** The SDK rejects with `{ statusCode, error }`, or with axios's own error when nothing answered. */
function providerErrorOf(action: string, cause: unknown): ProviderError {
  if (isObject(cause) && typeof cause.statusCode === "number") {
    const status = cause.statusCode;
    const detail = isObject(cause.error)
      ? [cause.error.code, cause.error.description].filter((p) => typeof p === "string").join(": ")
      : "";
    return new ProviderError(
      `Razorpay refused to ${action} (HTTP ${status}${detail ? `, ${detail}` : ""})`,
      "razorpay",
      status === 429 || status >= 500,
      { cause },
    );
  }
  return new ProviderError(`Razorpay could not be reached to ${action}`, "razorpay", true, {
    cause,
  });
}

async function call<T>(action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (cause) {
    throw providerErrorOf(action, cause);
  }
}

/** A payment's state from its order's payments (Checkout may have tried several). */
function statusOfPayments(payments: readonly RazorpayPaymentEntity[]): {
  status: ProviderPaymentStatus;
  payment: RazorpayPaymentEntity | null;
} {
  // `refunded` is a captured payment whose money went back: the payment itself succeeded.
  const captured = payments.find((p) => p.status === "captured" || p.status === "refunded");
  if (captured) return { status: "succeeded", payment: captured };
  const authorized = payments.find((p) => p.status === "authorized");
  if (authorized) return { status: "processing", payment: authorized };
  if (payments.length > 0 && payments.every((p) => p.status === "failed")) {
    const latest = [...payments].sort((a, b) => (b.created_at ?? 0) - (a.created_at ?? 0))[0];
    return { status: "failed", payment: latest ?? null };
  }
  return { status: "requires_action", payment: null };
}

function headerOf(headers: Record<string, string | undefined>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

function entityOf(payload: Record<string, unknown>, name: string): Record<string, unknown> | null {
  const wrapper = payload[name];
  return isObject(wrapper) && isObject(wrapper.entity) ? wrapper.entity : null;
}

function stringOf(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

export function razorpayGateway(
  credentials: RazorpayCredentials,
  endpoint: ProviderEndpoint = {},
): Gateway {
  const client = new Razorpay({ key_id: credentials.keyId, key_secret: credentials.keySecret });
  // The SDK fixes its host at construction; its axios instance is `api.rq` (razorpay/dist/api.js).
  const http = (
    client.api as unknown as { rq: { defaults: { baseURL?: string; timeout?: number } } }
  ).rq;
  if (endpoint.baseUrl) http.defaults.baseURL = endpoint.baseUrl;
  http.defaults.timeout = 20_000;

  async function paymentsOf(orderId: string): Promise<RazorpayPaymentEntity[]> {
    const answer = await call("list the order's payments", () =>
      client.orders.fetchPayments(orderId),
    );
    return answer.items ?? [];
  }

  async function refundsOf(paymentId: string): Promise<RazorpayRefundEntity[]> {
    const answer = await call("list the payment's refunds", () =>
      client.payments.fetchMultipleRefund(paymentId, { count: 100 }),
    );
    return answer.items ?? [];
  }

  return {
    provider: "razorpay",

    async startCheckout(request: CheckoutRequest): Promise<CheckoutStarted> {
      if (!Number.isSafeInteger(request.amountMinor) || request.amountMinor <= 0) {
        throw new RangeError("amount must be a positive integer of minor units");
      }
      if (!/^[A-Z]{3}$/.test(request.currency)) {
        throw new RangeError("currency must be an upper-case ISO 4217 code");
      }
      // Razorpay takes no idempotency key: a retried start finds the order it made before by its
      // receipt (our payment id) instead of opening a second one the payer could also pay.
      const listed = await call("look for the payment's order", () =>
        client.orders.all({ receipt: request.paymentId, count: 10 }),
      );
      const earlier = (listed.items as unknown as RazorpayOrderEntity[]).find(
        (o) => minorOf(o.amount) === request.amountMinor && o.currency === request.currency,
      );
      const order =
        earlier ??
        (await call("create an order", () =>
          client.orders.create({
            amount: request.amountMinor,
            currency: request.currency,
            receipt: request.paymentId,
            notes: { payment_id: request.paymentId },
          }),
        ));
      return {
        providerRef: order.id,
        status: "requires_action",
        clientData: {
          orderId: order.id,
          keyId: credentials.keyId,
          amountMinor: String(request.amountMinor),
          currency: request.currency,
        },
      };
    },

    async retrieve(providerRef: string): Promise<ProviderPayment> {
      const order = (await call("fetch the order", () =>
        client.orders.fetch(providerRef),
      )) as unknown as RazorpayOrderEntity;
      const payments = await paymentsOf(providerRef);
      const { status, payment } = statusOfPayments(payments);
      const refunds: ProviderRefund[] = [];
      for (const p of payments) {
        if (p.status !== "captured" && p.status !== "refunded") continue;
        for (const refund of await refundsOf(p.id)) refunds.push(toProviderRefund(refund));
      }
      return {
        providerRef: order.id,
        providerPaymentId: payment?.id ?? null,
        status,
        amountMinor: minorOf(order.amount) ?? 0,
        currency: order.currency,
        refunds,
      };
    },

    async refund(request: RefundRequest): Promise<ProviderRefund> {
      if (!Number.isSafeInteger(request.amountMinor) || request.amountMinor <= 0) {
        throw new RangeError("refund amount must be a positive integer of minor units");
      }
      let paymentId = request.providerPaymentId;
      if (!paymentId) {
        const { status, payment } = statusOfPayments(await paymentsOf(request.providerRef));
        if (status !== "succeeded" || !payment) {
          throw new ProviderError("the order has no captured payment to refund", "razorpay", false);
        }
        paymentId = payment.id;
      }
      // Razorpay takes no idempotency key: a refund we already made carries our id in its notes,
      // so a retried call answers with that refund instead of refunding twice.
      const earlier = (await refundsOf(paymentId)).find((r) => refundIdOf(r) === request.refundId);
      if (earlier) return toProviderRefund(earlier);
      const refund = (await call("refund the payment", () =>
        client.payments.refund(paymentId, {
          amount: request.amountMinor,
          receipt: request.refundId,
          notes: { refund_id: request.refundId },
        }),
      )) as unknown as RazorpayRefundEntity;
      return toProviderRefund(refund);
    },

    parseWebhook(rawBody, headers, now = new Date()): ProviderEvent {
      // Razorpay signs the body only: no timestamp, so a replayed delivery cannot be told from the
      // first by its signature. Replays are absorbed downstream, where events are stored once by
      // their id (x-razorpay-event-id) and applying a fact twice changes nothing.
      const signature = headerOf(headers, "x-razorpay-signature");
      if (!signature) throw new WebhookSignatureError("X-Razorpay-Signature is missing");
      if (!sameHexDigest(razorpayWebhookSignature(rawBody, credentials.webhookSecret), signature)) {
        throw new WebhookSignatureError("X-Razorpay-Signature does not match the body");
      }
      const eventId = headerOf(headers, "x-razorpay-event-id");
      if (!eventId) throw new WebhookPayloadError("x-razorpay-event-id is missing");

      let body: unknown;
      try {
        body = JSON.parse(rawBody);
      } catch (cause) {
        throw new WebhookPayloadError("the webhook body is not JSON", { cause });
      }
      if (!isObject(body) || typeof body.event !== "string" || !isObject(body.payload)) {
        throw new WebhookPayloadError("the webhook body is not a Razorpay event");
      }
      const type = body.event;
      const payment = entityOf(body.payload, "payment");
      const order = entityOf(body.payload, "order");
      const refund = entityOf(body.payload, "refund");
      const createdAt =
        typeof body.created_at === "number" ? new Date(body.created_at * 1000) : now;

      let fact: ProviderEventFact;
      switch (type) {
        case "payment.captured":
        case "order.paid":
          fact = { kind: "status", status: "succeeded" };
          break;
        case "payment.authorized":
          fact = { kind: "status", status: "processing" };
          break;
        case "payment.failed":
          fact = {
            kind: "status",
            status: "failed",
            failureReason:
              stringOf(payment?.error_description) ?? stringOf(payment?.error_reason) ?? null,
          };
          break;
        case "refund.processed":
        case "refund.failed":
        case "refund.created": {
          const entity = refund as RazorpayRefundEntity | null;
          if (!entity || typeof entity.id !== "string") {
            throw new WebhookPayloadError(`${type} carries no refund`);
          }
          // The event names the refund's state; the entity inside may lag behind it.
          const status =
            type === "refund.processed"
              ? "processed"
              : type === "refund.failed"
                ? "failed"
                : "pending";
          fact = { kind: "refund", refund: toProviderRefund({ ...entity, status }) };
          break;
        }
        default:
          fact = { kind: "ignored" };
      }

      const providerRef = stringOf(order?.id) ?? stringOf(payment?.order_id);
      // A refund can be matched by its payment id when the event carries no order.
      if (fact.kind === "status" && !providerRef) {
        throw new WebhookPayloadError(`${type} names no order`);
      }
      const amountSource = type === "order.paid" ? order : (payment ?? order);
      return {
        provider: "razorpay",
        eventId,
        type,
        providerRef,
        providerPaymentId: stringOf(payment?.id) ?? stringOf(refund?.payment_id),
        amountMinor: minorOf(amountSource?.amount as number | string | undefined),
        currency: stringOf(amountSource?.currency),
        fact,
        occurredAt: createdAt,
      };
    },
  };
}
