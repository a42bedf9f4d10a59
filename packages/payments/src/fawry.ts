// Fawry (Egypt) pay-at-outlet: a charge makes a reference number the payer takes to any Fawry
// point, the status API and Server Notification V2 say when it was paid. Fawry has no SDK; every
// call is signed with SHA-256 over documented fields followed by the merchant's secure key.
// Field orders are from Fawry's developer documentation:
//   charge       https://atfawry.com/developer-guide/checkout-Api.html
//   status V2    https://developer.fawrystaging.com/docs/payment-notifications/get-payment-status-v2
//   refund       https://developer.fawrystaging.com/docs/server-apis/refund-issue-api
//   notification https://developer.fawrystaging.com/docs/sdks/payment-notifications/server-notification-v2
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import {
  type CheckoutRequest,
  type CheckoutStarted,
  type FawryCredentials,
  type Gateway,
  type ProviderEndpoint,
  type ProviderEvent,
  type ProviderEventFact,
  type ProviderPayment,
  type ProviderPaymentStatus,
  type ProviderRefund,
  type RefundRequest,
  ProviderError,
  WebhookPayloadError,
  WebhookSignatureError,
} from "./types";

export const fawryProductionUrl = "https://www.atfawry.com";
export const fawryStagingUrl = "https://atfawry.fawrystaging.com";
const paymentsPath = "/ECommerceWeb/Fawry/payments";

/** Fawry settles in Egyptian pounds only; piastres are its minor unit (2 decimals). */
export const fawryCurrency = "EGP";

/** Minor units as Fawry writes amounts: two decimals (`2010` → `"20.10"`), by integer arithmetic. */
export function fawryAmount(amountMinor: number): string {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0) {
    throw new RangeError("amount must be a non-negative integer of minor units");
  }
  const pounds = Math.floor(amountMinor / 100);
  const piastres = amountMinor % 100;
  return `${pounds}.${String(piastres).padStart(2, "0")}`;
}

/**
 * An amount Fawry sent (`840.0`, `"152.00"`, `20`) as minor units, read from its decimal text so
 * no float rounding happens; more than two decimals, negative or exponent forms answer null.
 */
export function parseFawryAmount(value: unknown): number | null {
  const text =
    typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : "";
  const match = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return null;
  const [, pounds = "0", piastres = ""] = match;
  return Number(pounds) * 100 + Number(piastres.padEnd(2, "0"));
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Charge: merchantCode + merchantRefNum + customerProfileId + paymentMethod + amount (2 dec) + cardToken (none for PAYATFAWRY) + secureKey. */
export function fawryChargeSignatureText(
  fields: {
    merchantCode: string;
    merchantRefNum: string;
    customerProfileId: string;
    paymentMethod: string;
    amount: string;
    cardToken?: string | null;
  },
  secureKey: string,
): string {
  return (
    fields.merchantCode +
    fields.merchantRefNum +
    fields.customerProfileId +
    fields.paymentMethod +
    fields.amount +
    (fields.cardToken ?? "") +
    secureKey
  );
}

/** Payment status: merchantCode + merchantRefNumber + secureKey. */
export function fawryStatusSignatureText(
  merchantCode: string,
  merchantRefNumber: string,
  secureKey: string,
): string {
  return merchantCode + merchantRefNumber + secureKey;
}

/** Refund: merchantCode + referenceNumber + refundAmount (2 dec) + reason (if any) + secureKey. */
export function fawryRefundSignatureText(
  fields: {
    merchantCode: string;
    referenceNumber: string;
    refundAmount: string;
    reason?: string | null;
  },
  secureKey: string,
): string {
  return (
    fields.merchantCode +
    fields.referenceNumber +
    fields.refundAmount +
    (fields.reason ?? "") +
    secureKey
  );
}

/**
 * Server Notification V2 `messageSignature`: fawryRefNumber + merchantRefNumber + paymentAmount
 * (2 dec) + orderAmount (2 dec) + orderStatus + paymentMethod + paymentRefrenceNumber (Fawry's
 * spelling; only when present) + secureKey.
 */
export function fawryNotificationSignatureText(
  fields: {
    fawryRefNumber: string;
    merchantRefNumber: string;
    paymentAmount: string;
    orderAmount: string;
    orderStatus: string;
    paymentMethod: string;
    paymentRefrenceNumber?: string | null;
  },
  secureKey: string,
): string {
  return (
    fields.fawryRefNumber +
    fields.merchantRefNumber +
    fields.paymentAmount +
    fields.orderAmount +
    fields.orderStatus +
    fields.paymentMethod +
    (fields.paymentRefrenceNumber ?? "") +
    secureKey
  );
}

/** A number Fawry should see with exactly two decimals (`20.10`, not `20.1`) in a JSON body. */
export class FawryDecimal {
  constructor(readonly text: string) {
    if (!/^\d+\.\d{2}$/.test(text)) throw new RangeError(`not a two-decimal amount: ${text}`);
  }
  static ofMinor(amountMinor: number): FawryDecimal {
    return new FawryDecimal(fawryAmount(amountMinor));
  }
}

/** JSON.stringify, but `FawryDecimal`s become bare numbers written as their text. */
export function toFawryJson(value: unknown): string {
  const marker = `fawry-decimal-${randomBytes(8).toString("hex")}:`;
  const json = JSON.stringify(value, (_key, v: unknown) =>
    v instanceof FawryDecimal ? `${marker}${v.text}` : v,
  );
  return json.replace(new RegExp(`"${marker}(\\d+\\.\\d{2})"`, "g"), "$1");
}

function sameHexDigest(expected: string, given: string): boolean {
  if (!/^[0-9a-f]{64}$/i.test(given)) return false;
  const a = Buffer.from(expected, "hex");
  const b = Buffer.from(given.toLowerCase(), "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Fawry writes reference numbers as strings or as bare integers. */
function textOf(value: unknown): string | null {
  if (typeof value === "string" && value !== "") return value;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return String(value);
  return null;
}

/** A Server Notification V2 (and the status V2 answer, which has the same fields). */
export interface FawryOrderReport {
  fawryRefNumber: string;
  merchantRefNumber: string;
  paymentAmountMinor: number;
  orderAmountMinor: number;
  orderStatus: string;
  paymentMethod: string;
  paymentRefrenceNumber: string | null;
  messageSignature: string | null;
  paymentTime: number | null;
  failureReason: string | null;
}

/** Reads the fields the signature covers; null when any is missing or malformed. */
function orderReportOf(body: Record<string, unknown>): FawryOrderReport | null {
  const fawryRefNumber = textOf(body.fawryRefNumber);
  const merchantRefNumber = textOf(body.merchantRefNumber);
  const paymentAmountMinor = parseFawryAmount(body.paymentAmount);
  const orderAmountMinor = parseFawryAmount(body.orderAmount);
  const orderStatus = typeof body.orderStatus === "string" ? body.orderStatus : null;
  const paymentMethod = typeof body.paymentMethod === "string" ? body.paymentMethod : null;
  if (
    fawryRefNumber === null ||
    merchantRefNumber === null ||
    paymentAmountMinor === null ||
    orderAmountMinor === null ||
    orderStatus === null ||
    paymentMethod === null
  ) {
    return null;
  }
  return {
    fawryRefNumber,
    merchantRefNumber,
    paymentAmountMinor,
    orderAmountMinor,
    orderStatus,
    paymentMethod,
    paymentRefrenceNumber: textOf(body.paymentRefrenceNumber),
    messageSignature: typeof body.messageSignature === "string" ? body.messageSignature : null,
    paymentTime: typeof body.paymentTime === "number" ? body.paymentTime : null,
    failureReason: typeof body.failureReason === "string" ? body.failureReason : null,
  };
}

/** The signature Fawry puts on a report of an order (`messageSignature`). */
export function fawryReportSignature(report: FawryOrderReport, secureKey: string): string {
  return sha256Hex(
    fawryNotificationSignatureText(
      {
        fawryRefNumber: report.fawryRefNumber,
        merchantRefNumber: report.merchantRefNumber,
        paymentAmount: fawryAmount(report.paymentAmountMinor),
        orderAmount: fawryAmount(report.orderAmountMinor),
        orderStatus: report.orderStatus,
        paymentMethod: report.paymentMethod,
        paymentRefrenceNumber: report.paymentRefrenceNumber,
      },
      secureKey,
    ),
  );
}

/**
 * Fawry's order statuses. A refunded order was paid: the payment itself succeeded. The reports
 * carry no refund id nor (for partial refunds) the refunded amount, so refunds are known from the
 * refund call's own answer, not from here.
 */
function statusOfOrder(orderStatus: string): ProviderPaymentStatus | null {
  switch (orderStatus.toUpperCase()) {
    case "NEW":
    case "UNPAID":
      return "requires_action";
    case "PAID":
    case "REFUNDED":
    case "PARTIAL_REFUNDED":
      return "succeeded";
    case "EXPIRED":
    case "CANCELED":
    case "CANCELLED":
      return "cancelled";
    case "FAILED":
      return "failed";
    default:
      return null;
  }
}

export interface FawryOptions {
  /** How long the payer has to pay at an outlet. Default: 48 hours. */
  paymentExpiryMinutes?: number;
  /** The clock, for the expiry sent to Fawry. */
  now?: () => Date;
}

export function fawryGateway(
  credentials: FawryCredentials,
  endpoint: ProviderEndpoint = {},
  options: FawryOptions = {},
): Gateway {
  const baseUrl = (endpoint.baseUrl ?? fawryProductionUrl).replace(/\/+$/, "");
  const now = options.now ?? (() => new Date());
  const expiryMinutes = options.paymentExpiryMinutes ?? 48 * 60;

  /** Calls Fawry and answers its JSON; Fawry reports refusals as `statusCode` ≠ 200 in the body. */
  async function request(
    action: string,
    path: string,
    init: { method: "GET" | "POST"; body?: string },
    outcomeUnknownIsFinal = false,
  ): Promise<Record<string, unknown>> {
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${paymentsPath}${path}`, {
        method: init.method,
        headers: {
          accept: "application/json",
          ...(init.body ? { "content-type": "application/json" } : {}),
        },
        body: init.body ?? null,
        signal: AbortSignal.timeout(20_000),
      });
    } catch (cause) {
      throw new ProviderError(
        outcomeUnknownIsFinal
          ? `Fawry did not answer the request to ${action}; its outcome is unknown, check before trying again`
          : `Fawry could not be reached to ${action}`,
        "fawry",
        !outcomeUnknownIsFinal,
        { cause },
      );
    }
    const text = await response.text();
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
    if (!response.ok || !isObject(body)) {
      const retryable = response.status === 429 || response.status >= 500;
      throw new ProviderError(
        `Fawry failed to ${action} (HTTP ${response.status})`,
        "fawry",
        retryable && !outcomeUnknownIsFinal,
      );
    }
    const statusCode = body.statusCode;
    if (statusCode !== undefined && statusCode !== 200 && statusCode !== "200") {
      const description = typeof body.statusDescription === "string" ? body.statusDescription : "";
      throw new ProviderError(
        `Fawry refused to ${action} (statusCode ${JSON.stringify(statusCode)}${description ? `: ${description}` : ""})`,
        "fawry",
        false,
      );
    }
    return body;
  }

  async function status(merchantRefNumber: string): Promise<FawryOrderReport> {
    const query = new URLSearchParams({
      merchantCode: credentials.merchantCode,
      merchantRefNumber,
      signature: sha256Hex(
        fawryStatusSignatureText(
          credentials.merchantCode,
          merchantRefNumber,
          credentials.secureKey,
        ),
      ),
    });
    const body = await request("read the payment's status", `/status/v2?${query.toString()}`, {
      method: "GET",
    });
    const report = orderReportOf(body);
    if (!report)
      throw new ProviderError("Fawry answered a status without the order's fields", "fawry", false);
    if (
      report.messageSignature !== null &&
      !sameHexDigest(fawryReportSignature(report, credentials.secureKey), report.messageSignature)
    ) {
      throw new ProviderError(
        "Fawry's status answer is not signed with our secure key",
        "fawry",
        false,
      );
    }
    if (report.merchantRefNumber !== merchantRefNumber) {
      throw new ProviderError("Fawry answered about another order", "fawry", false);
    }
    return report;
  }

  return {
    provider: "fawry",

    async startCheckout(checkout: CheckoutRequest): Promise<CheckoutStarted> {
      if (checkout.currency !== fawryCurrency) {
        throw new RangeError(`Fawry takes ${fawryCurrency} only, not ${checkout.currency}`);
      }
      if (!Number.isSafeInteger(checkout.amountMinor) || checkout.amountMinor <= 0) {
        throw new RangeError("amount must be a positive integer of minor units");
      }
      const amount = fawryAmount(checkout.amountMinor);
      const customerProfileId = checkout.customer.id ?? checkout.paymentId;
      const paymentMethod = "PAYATFAWRY";
      const paymentExpiry = now().getTime() + expiryMinutes * 60_000;
      const signature = sha256Hex(
        fawryChargeSignatureText(
          {
            merchantCode: credentials.merchantCode,
            merchantRefNum: checkout.paymentId,
            customerProfileId,
            paymentMethod,
            amount,
          },
          credentials.secureKey,
        ),
      );
      const body = toFawryJson({
        merchantCode: credentials.merchantCode,
        merchantRefNum: checkout.paymentId,
        customerProfileId,
        customerName: checkout.customer.name,
        customerMobile: checkout.customer.phone ?? undefined,
        customerEmail: checkout.customer.email ?? undefined,
        paymentMethod,
        amount: new FawryDecimal(amount),
        currencyCode: fawryCurrency,
        description: checkout.description,
        paymentExpiry,
        chargeItems: [
          {
            itemId: checkout.paymentId,
            description: checkout.description,
            price: new FawryDecimal(amount),
            quantity: 1,
          },
        ],
        signature,
      });
      const answer = await request("create the reference number", "/charge", {
        method: "POST",
        body,
      });
      const referenceNumber = textOf(answer.referenceNumber);
      if (!referenceNumber) {
        throw new ProviderError(
          "Fawry answered the charge without a reference number",
          "fawry",
          false,
        );
      }
      const expiresAt =
        typeof answer.expirationTime === "number" ? answer.expirationTime : paymentExpiry;
      return {
        // Our payment id is Fawry's merchantRefNum: the status API and the notifications are
        // keyed by it, so it is the provider reference. Fawry's own number is for the payer.
        providerRef: checkout.paymentId,
        status: "requires_action",
        clientData: { referenceNumber, expiresAt: new Date(expiresAt).toISOString() },
      };
    },

    async retrieve(providerRef: string): Promise<ProviderPayment> {
      const report = await status(providerRef);
      const mapped = statusOfOrder(report.orderStatus);
      if (!mapped) {
        throw new ProviderError(
          `Fawry reported an unknown order status ${report.orderStatus}`,
          "fawry",
          false,
        );
      }
      return {
        providerRef: report.merchantRefNumber,
        providerPaymentId: report.fawryRefNumber,
        status: mapped,
        amountMinor: report.orderAmountMinor,
        currency: fawryCurrency,
        refunds: [],
      };
    },

    async refund(refund: RefundRequest): Promise<ProviderRefund> {
      if (refund.currency !== fawryCurrency) {
        throw new RangeError(`Fawry refunds ${fawryCurrency} only, not ${refund.currency}`);
      }
      if (!Number.isSafeInteger(refund.amountMinor) || refund.amountMinor <= 0) {
        throw new RangeError("refund amount must be a positive integer of minor units");
      }
      const referenceNumber =
        refund.providerPaymentId ?? (await status(refund.providerRef)).fawryRefNumber;
      const refundAmount = fawryAmount(refund.amountMinor);
      const reason = refund.reason;
      const signature = sha256Hex(
        fawryRefundSignatureText(
          { merchantCode: credentials.merchantCode, referenceNumber, refundAmount, reason },
          credentials.secureKey,
        ),
      );
      // Fawry takes no idempotency key and lists no refunds: a refund whose answer was lost may
      // have happened, so that failure is final (not retryable) until someone checks.
      await request(
        "refund the payment",
        "/refund",
        {
          method: "POST",
          body: toFawryJson({
            merchantCode: credentials.merchantCode,
            referenceNumber,
            refundAmount: new FawryDecimal(refundAmount),
            reason,
            signature,
          }),
        },
        true,
      );
      return { refundId: refund.refundId, amountMinor: refund.amountMinor, status: "succeeded" };
    },

    parseWebhook(rawBody, _headers, now = new Date()): ProviderEvent {
      let body: unknown;
      try {
        body = JSON.parse(rawBody);
      } catch (cause) {
        throw new WebhookSignatureError(
          "the notification is not JSON, so it carries no signature",
          {
            cause,
          },
        );
      }
      if (!isObject(body) || typeof body.messageSignature !== "string") {
        throw new WebhookSignatureError("messageSignature is missing");
      }
      const report = orderReportOf(body);
      if (!report) {
        throw new WebhookSignatureError("the notification lacks fields its signature covers");
      }
      if (
        !sameHexDigest(fawryReportSignature(report, credentials.secureKey), body.messageSignature)
      ) {
        throw new WebhookSignatureError("messageSignature does not match the notification");
      }
      // Fawry's notifications carry no timestamp signature and no event id. An order passes
      // through each status once, so (Fawry's number, status) names the event: a repeated
      // delivery of the same news is stored once under it.
      const eventId = `fawry:${report.fawryRefNumber}:${report.orderStatus}`;
      const mapped = statusOfOrder(report.orderStatus);
      const fact: ProviderEventFact = mapped
        ? {
            kind: "status",
            status: mapped,
            ...(mapped === "failed" ? { failureReason: report.failureReason } : {}),
          }
        : { kind: "ignored" };
      if (!report.merchantRefNumber)
        throw new WebhookPayloadError("the notification names no order");
      return {
        provider: "fawry",
        eventId,
        type: report.orderStatus,
        providerRef: report.merchantRefNumber,
        providerPaymentId: report.fawryRefNumber,
        // orderAmount is what we asked for; paymentAmount adds Fawry's fees the payer paid.
        amountMinor: report.orderAmountMinor,
        currency: fawryCurrency,
        fact,
        occurredAt:
          report.orderStatus === "PAID" && report.paymentTime !== null
            ? new Date(report.paymentTime)
            : now,
      };
    },
  };
}
