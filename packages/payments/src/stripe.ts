// Stripe through the official SDK: a PaymentIntent per checkout (Stripe.js confirms it in the
// browser), refunds against it, and webhooks verified with the SDK's own signature check.
//
// A declined card leaves a PaymentIntent in `requires_payment_method` with `last_payment_error`
// set; Stripe lets the payer try again on the same intent, but until they do the attempt has
// failed, so both `retrieve` and the `payment_intent.payment_failed` event report "failed". A
// later success on the same intent reports "succeeded": "failed" from Stripe is not final.
import Stripe from "stripe";
import {
  ProviderError,
  WebhookPayloadError,
  WebhookSignatureError,
  type CheckoutRequest,
  type CheckoutStarted,
  type Gateway,
  type ProviderEndpoint,
  type ProviderEvent,
  type ProviderEventFact,
  type ProviderPayment,
  type ProviderPaymentStatus,
  type ProviderRefund,
  type RefundRequest,
  type StripeCredentials,
} from "./types";

/** Stripe's own default: a signature older than five minutes is a replay. */
export const stripeWebhookToleranceSeconds = 300;

const paymentIntentStatusEvents: Record<string, ProviderPaymentStatus> = {
  "payment_intent.succeeded": "succeeded",
  "payment_intent.processing": "processing",
  "payment_intent.payment_failed": "failed",
  "payment_intent.canceled": "cancelled",
  "payment_intent.requires_action": "requires_action",
};

const refundEvents = new Set(["refund.created", "refund.updated", "refund.failed"]);

export function stripeGateway(
  credentials: StripeCredentials,
  endpoint: ProviderEndpoint = {},
): Gateway {
  const stripe = new Stripe(credentials.secretKey, {
    apiVersion: Stripe.API_VERSION,
    maxNetworkRetries: 2,
    ...hostOf(endpoint.baseUrl),
  });

  return {
    provider: "stripe",

    async startCheckout(request: CheckoutRequest): Promise<CheckoutStarted> {
      checkAmount(request.amountMinor);
      const intent = await call("start the checkout", () =>
        stripe.paymentIntents.create(
          {
            amount: request.amountMinor,
            currency: request.currency.toLowerCase(),
            description: request.description,
            metadata: { payment_id: request.paymentId },
            automatic_payment_methods: { enabled: true },
          },
          { idempotencyKey: `checkout:${request.paymentId}` },
        ),
      );
      if (!intent.client_secret) {
        throw new ProviderError(
          "Stripe answered a PaymentIntent without a client secret",
          "stripe",
          false,
        );
      }
      return {
        providerRef: intent.id,
        status: paymentStatusOf(intent),
        clientData: {
          clientSecret: intent.client_secret,
          publishableKey: credentials.publishableKey,
        },
      };
    },

    async retrieve(providerRef: string): Promise<ProviderPayment> {
      const intent = await call("read the payment", () =>
        stripe.paymentIntents.retrieve(providerRef),
      );
      const refunds = await call("read the payment's refunds", () =>
        stripe.refunds
          .list({ payment_intent: intent.id, limit: 100 })
          .autoPagingToArray({ limit: 1000 }),
      );
      const status = paymentStatusOf(intent);
      return {
        providerRef: intent.id,
        providerPaymentId: idOf(intent.latest_charge),
        status,
        amountMinor: status === "succeeded" ? intent.amount_received : intent.amount,
        currency: intent.currency.toUpperCase(),
        refunds: refunds.map(refundOf),
      };
    },

    async refund(request: RefundRequest): Promise<ProviderRefund> {
      checkAmount(request.amountMinor);
      const refund = await call("refund the payment", () =>
        stripe.refunds.create(
          {
            payment_intent: request.providerRef,
            amount: request.amountMinor,
            reason: "requested_by_customer",
            metadata: { refund_id: request.refundId },
          },
          { idempotencyKey: `refund:${request.refundId}` },
        ),
      );
      if (refund.currency.toUpperCase() !== request.currency.toUpperCase()) {
        throw new ProviderError("Stripe refunded in another currency than asked", "stripe", false);
      }
      return refundOf(refund);
    },

    parseWebhook(rawBody, headers, now): ProviderEvent {
      const signature = headerOf(headers, "stripe-signature");
      if (!signature) throw new WebhookSignatureError("The Stripe-Signature header is missing");
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(
          rawBody,
          signature,
          credentials.webhookSecret,
          stripeWebhookToleranceSeconds,
          undefined,
          (now ?? new Date()).getTime(),
        );
      } catch (error) {
        if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
          throw new WebhookSignatureError(`Stripe webhook refused: ${error.message}`);
        }
        // The signature held, so the bytes are Stripe's, but they are not an event we can read.
        throw new WebhookPayloadError("The Stripe webhook is not a JSON event", { cause: error });
      }
      return readStripeEvent(event);
    },
  };
}

/**
 * Reads a verified Stripe event (a `Stripe.Event`) as a fact about one payment. Typed `unknown`
 * because it is read field by field anyway, and so that this package's declarations do not pull
 * the Stripe SDK's ~250 type files into every program that imports it (the React apps too).
 */
export function readStripeEvent(event: unknown): ProviderEvent {
  const raw: unknown = event;
  if (!isRecord(raw) || typeof raw.id !== "string" || typeof raw.type !== "string") {
    throw new WebhookPayloadError("The Stripe webhook has no event id or type");
  }
  const data = raw.data;
  const object = isRecord(data) ? data.object : undefined;
  if (!isRecord(object)) throw new WebhookPayloadError("The Stripe event carries no object");
  const created = typeof raw.created === "number" ? raw.created : Number.NaN;
  const occurredAt = Number.isFinite(created) ? new Date(created * 1000) : new Date(Number.NaN);
  if (Number.isNaN(occurredAt.getTime())) {
    throw new WebhookPayloadError("The Stripe event has no creation time");
  }
  const base = { provider: "stripe" as const, eventId: raw.id, type: raw.type, occurredAt };

  const status = paymentIntentStatusEvents[raw.type];
  if (status) {
    const intent = intentFields(object);
    const failure = intent.lastError;
    const fact: ProviderEventFact =
      status === "failed"
        ? { kind: "status", status, failureReason: failure ?? "The payment was declined" }
        : { kind: "status", status };
    return {
      ...base,
      providerRef: intent.id,
      providerPaymentId: intent.latestCharge,
      amountMinor: status === "succeeded" ? intent.amountReceived : intent.amount,
      currency: intent.currency,
      fact,
    };
  }

  if (refundEvents.has(raw.type)) {
    const refund = refundFields(object);
    return {
      ...base,
      providerRef: refund.paymentIntent,
      providerPaymentId: refund.charge,
      // The refund object knows the refund's amount, not the payment's: nothing to check here.
      amountMinor: null,
      currency: refund.currency,
      fact: {
        kind: "refund",
        refund: {
          refundId: refund.id,
          amountMinor: refund.amount,
          status: raw.type === "refund.failed" ? "failed" : refundStatusOf(refund.status),
        },
      },
    };
  }

  if (raw.type === "charge.refunded") {
    // Since API version 2022-11-15 a charge no longer embeds its refunds; when it does (an
    // expanded charge), the newest one is the refund this event announces. Without them the
    // event names no refund, and the refund.* events that Stripe sends alongside carry each one.
    const charge = chargeFields(object);
    const newest = charge.refunds.at(-1);
    return {
      ...base,
      providerRef: charge.paymentIntent,
      providerPaymentId: charge.id,
      amountMinor: charge.amount,
      currency: charge.currency,
      fact: newest
        ? {
            kind: "refund",
            refund: {
              refundId: newest.id,
              amountMinor: newest.amount,
              status: refundStatusOf(newest.status),
            },
          }
        : { kind: "ignored" },
    };
  }

  return {
    ...base,
    providerRef: typeof object.payment_intent === "string" ? object.payment_intent : null,
    providerPaymentId: null,
    amountMinor: null,
    currency: null,
    fact: { kind: "ignored" },
  };
}

function paymentStatusOf(intent: Stripe.PaymentIntent): ProviderPaymentStatus {
  return intentStatus(intent.status, intent.last_payment_error != null);
}

function intentStatus(status: string, hasError: boolean): ProviderPaymentStatus {
  switch (status) {
    case "succeeded":
      return "succeeded";
    case "processing":
      return "processing";
    case "canceled":
      return "cancelled";
    case "requires_payment_method":
      return hasError ? "failed" : "requires_action";
    default:
      // requires_confirmation, requires_action, requires_capture: the payer has more to do.
      return "requires_action";
  }
}

function refundOf(refund: Stripe.Refund): ProviderRefund {
  return { refundId: refund.id, amountMinor: refund.amount, status: refundStatusOf(refund.status) };
}

function refundStatusOf(status: string | null | undefined): ProviderRefund["status"] {
  switch (status) {
    case "succeeded":
      return "succeeded";
    case "failed":
    case "canceled":
      return "failed";
    default:
      // pending, requires_action: money not yet back with the payer.
      return "pending";
  }
}

interface IntentFields {
  id: string;
  amount: number;
  amountReceived: number;
  currency: string;
  latestCharge: string | null;
  lastError: string | null;
}

function intentFields(object: Record<string, unknown>): IntentFields {
  const { id, amount, amount_received: received, currency, latest_charge: charge } = object;
  if (typeof id !== "string" || !isMinor(amount) || typeof currency !== "string") {
    throw new WebhookPayloadError(
      "The Stripe event's PaymentIntent lacks an id, amount or currency",
    );
  }
  const error = object.last_payment_error;
  const lastError = isRecord(error)
    ? (stringOr(error.decline_code) ?? stringOr(error.code) ?? stringOr(error.message))
    : null;
  return {
    id,
    amount,
    amountReceived: isMinor(received) ? received : 0,
    currency: currency.toUpperCase(),
    latestCharge: idOf(charge),
    lastError,
  };
}

function refundFields(object: Record<string, unknown>) {
  const { id, amount, currency, status } = object;
  if (typeof id !== "string" || !isMinor(amount) || typeof currency !== "string") {
    throw new WebhookPayloadError("The Stripe event's refund lacks an id, amount or currency");
  }
  return {
    id,
    amount,
    currency: currency.toUpperCase(),
    status: stringOr(status),
    paymentIntent: idOf(object.payment_intent),
    charge: idOf(object.charge),
  };
}

function chargeFields(object: Record<string, unknown>) {
  const { id, amount, currency } = object;
  if (typeof id !== "string" || !isMinor(amount) || typeof currency !== "string") {
    throw new WebhookPayloadError("The Stripe event's charge lacks an id, amount or currency");
  }
  const list =
    isRecord(object.refunds) && Array.isArray(object.refunds.data) ? object.refunds.data : [];
  const refunds = list
    .filter(isRecord)
    .flatMap((r) =>
      typeof r.id === "string" && isMinor(r.amount)
        ? [
            {
              id: r.id,
              amount: r.amount,
              status: stringOr(r.status),
              created: isMinor(r.created) ? r.created : 0,
            },
          ]
        : [],
    )
    .sort((a, b) => a.created - b.created);
  return {
    id,
    amount,
    currency: currency.toUpperCase(),
    paymentIntent: idOf(object.payment_intent),
    refunds,
  };
}

/** Runs one SDK call and turns Stripe's errors into ours, saying whether a retry may help. */
async function call<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) {
      const status = error.statusCode ?? 0;
      const retryable =
        error instanceof Stripe.errors.StripeConnectionError ||
        error instanceof Stripe.errors.StripeRateLimitError ||
        status === 429 ||
        status === 409 ||
        status >= 500;
      const code = error.code ? ` (${error.code})` : "";
      throw new ProviderError(
        `Stripe could not ${what}${code}: ${error.message}`,
        "stripe",
        retryable,
        {
          cause: error,
        },
      );
    }
    throw new ProviderError(`Stripe could not ${what}`, "stripe", false, { cause: error });
  }
}

function hostOf(
  baseUrl: string | undefined,
): Pick<Stripe.StripeConfig, "host" | "port" | "protocol"> {
  if (!baseUrl) return {};
  const url = new URL(baseUrl);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return {
    host: url.hostname,
    port: url.port || (protocol === "http" ? 80 : 443),
    protocol,
  };
}

function checkAmount(amountMinor: number): void {
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) {
    throw new RangeError("An amount is a positive whole number of minor units");
  }
}

function headerOf(headers: Record<string, string | undefined>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name && value) return value;
  }
  return undefined;
}

function idOf(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (isRecord(value) && typeof value.id === "string") return value.id;
  return null;
}

function stringOr(value: unknown): string | null {
  return typeof value === "string" && value.length > 0 ? value : null;
}

function isMinor(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
