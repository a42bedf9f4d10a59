// What every payment provider looks like to the rest of Caredesk: start a checkout, read a
// payment back from the provider (server-side retrieval), refund, and turn a webhook's raw bytes
// into a verified event. Amounts are integer minor units with an ISO 4217 currency, always.

export const providers = ["stripe", "razorpay", "fawry"] as const;
export type Provider = (typeof providers)[number];

/** A practice's (or the platform's) keys for one provider, as decrypted for a call. */
export interface StripeCredentials {
  /** `sk_test_…` / `sk_live_…`. */
  secretKey: string;
  /** `pk_test_…`: the browser's key for Stripe.js; not secret. */
  publishableKey: string;
  /** `whsec_…`: checks the `Stripe-Signature` header of webhooks. */
  webhookSecret: string;
}

export interface RazorpayCredentials {
  /** `rzp_test_…`: also the browser's key for Checkout; not secret. */
  keyId: string;
  keySecret: string;
  /** The secret set on the webhook in Razorpay's dashboard (checks `X-Razorpay-Signature`). */
  webhookSecret: string;
}

export interface FawryCredentials {
  /** Fawry's merchant code; not secret. */
  merchantCode: string;
  /** The merchant's secure key: signs charge requests and checks server notifications. */
  secureKey: string;
}

export interface CredentialsOf {
  stripe: StripeCredentials;
  razorpay: RazorpayCredentials;
  fawry: FawryCredentials;
}

/**
 * Where a provider's API is. Production leaves it unset; tests and local runs point it at a
 * stand-in that speaks the provider's HTTP API (e.g. `http://127.0.0.1:12111`).
 */
export interface ProviderEndpoint {
  baseUrl?: string | undefined;
}

/** A payment's state as the provider reports it. */
export type ProviderPaymentStatus =
  "requires_action" | "processing" | "succeeded" | "failed" | "cancelled";

export interface CheckoutRequest {
  /** Our payment's id: sent as metadata / receipt / merchant reference, and as idempotency key. */
  paymentId: string;
  amountMinor: number;
  /** ISO 4217, upper case. */
  currency: string;
  /** Shown to the payer by the provider ("Video consultation, 3 Dec"). */
  description: string;
  customer: { name: string; email?: string | null; phone?: string | null; id?: string | null };
}

export interface CheckoutStarted {
  /** The provider's id for this payment: PaymentIntent `pi_…`, Razorpay order `order_…`, Fawry's reference number. */
  providerRef: string;
  status: ProviderPaymentStatus;
  /**
   * What the browser needs to finish paying, and nothing secret beyond what the provider meant
   * for the browser: Stripe `{ clientSecret, publishableKey }`, Razorpay `{ orderId, keyId }`,
   * Fawry `{ referenceNumber, expiresAt }`.
   */
  clientData: Record<string, string>;
}

export interface ProviderRefund {
  refundId: string;
  amountMinor: number;
  status: "pending" | "succeeded" | "failed";
}

/** A payment read back from the provider: the truth the state machine reconciles with. */
export interface ProviderPayment {
  providerRef: string;
  /** The provider's id of the money movement itself, where it has one (Razorpay `pay_…`, Stripe `ch_…`). */
  providerPaymentId: string | null;
  status: ProviderPaymentStatus;
  amountMinor: number;
  currency: string;
  refunds: ProviderRefund[];
}

export interface RefundRequest {
  providerRef: string;
  providerPaymentId: string | null;
  amountMinor: number;
  currency: string;
  /** Our refund's id: the provider's idempotency key, so a retried call refunds once. */
  refundId: string;
  reason: string;
}

/**
 * One verified webhook, reduced to a fact about one payment. Applying the same fact twice, or
 * facts in any order, must end in the same state: see the api's payment service.
 */
export type ProviderEventFact =
  | { kind: "status"; status: ProviderPaymentStatus; failureReason?: string | null }
  | { kind: "refund"; refund: ProviderRefund }
  /** An event we store and acknowledge but that changes no payment (e.g. `charge.updated`). */
  | { kind: "ignored" };

export interface ProviderEvent {
  provider: Provider;
  /** The provider's id of this event: webhooks are stored once under it. */
  eventId: string;
  /** The provider's own event type, as sent (`payment_intent.succeeded`, `payment.captured`…). */
  type: string;
  /** The provider's id of the payment the event is about (see `CheckoutStarted.providerRef`). */
  providerRef: string | null;
  providerPaymentId: string | null;
  /** Amount and currency the event reports for the payment (checked against ours). */
  amountMinor: number | null;
  currency: string | null;
  fact: ProviderEventFact;
  occurredAt: Date;
}

/** A webhook whose signature is missing, wrong, or too old: answered 400 and never stored. */
export class WebhookSignatureError extends Error {
  override name = "WebhookSignatureError";
}

/** A webhook that is signed correctly but is not something we can read. Answered 400. */
export class WebhookPayloadError extends Error {
  override name = "WebhookPayloadError";
}

/** A provider refused or failed a call; `retryable` says whether trying again may help. */
export class ProviderError extends Error {
  override name = "ProviderError";
  constructor(
    message: string,
    readonly provider: Provider,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface Gateway {
  readonly provider: Provider;
  startCheckout(request: CheckoutRequest): Promise<CheckoutStarted>;
  retrieve(providerRef: string): Promise<ProviderPayment>;
  refund(request: RefundRequest): Promise<ProviderRefund>;
  /**
   * Verifies a webhook over its raw bytes and reads it. Throws `WebhookSignatureError` (bad,
   * missing or stale signature) or `WebhookPayloadError` (signed, but unreadable).
   */
  parseWebhook(
    rawBody: string,
    headers: Record<string, string | undefined>,
    now?: Date,
  ): ProviderEvent;
}
