// A stand-in for Fawry's payment API on 127.0.0.1, for tests and local runs: the charge (pay at
// outlet), status V2 and refund calls, each checking its SHA-256 signature the way Fawry does and
// refusing in the body (`statusCode` 9901 merchant, 9946 signature, 9938 not found), plus a payer
// who pays at an outlet and the signed Server Notification V2 that follows.
import { randomInt, randomUUID } from "node:crypto";
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import { type AddressInfo } from "node:net";
import {
  FawryDecimal,
  type FawryOrderReport,
  fawryAmount,
  fawryChargeSignatureText,
  fawryRefundSignatureText,
  fawryReportSignature,
  fawryStatusSignatureText,
  parseFawryAmount,
  sha256Hex,
  toFawryJson,
} from "../fawry";
import { type FawryCredentials } from "../types";
import { postDelivery, readBody } from "./http";

type OrderStatus = "UNPAID" | "PAID" | "EXPIRED" | "CANCELED" | "REFUNDED" | "PARTIAL_REFUNDED";

interface Order {
  referenceNumber: string;
  merchantRefNum: string;
  customerProfileId: string;
  customerName: string | null;
  customerMobile: string | null;
  customerEmail: string | null;
  amountMinor: number;
  feesMinor: number;
  refundedMinor: number;
  status: OrderStatus;
  paymentMethod: string;
  paymentRefrenceNumber: string | null;
  paymentTime: number | null;
  expiresAt: number;
}

/** A Server Notification V2 as Fawry would POST it. */
export interface FawryNotificationDelivery {
  orderStatus: string;
  body: string;
  headers: Record<string, string>;
}

export interface FawryStandIn {
  /** Base URL to give `fawryGateway(credentials, { baseUrl })`. */
  readonly url: string;
  readonly credentials: FawryCredentials;
  /** Notifications sent so far, with the receiver's HTTP status (null when unreachable). */
  readonly deliveries: { delivery: FawryNotificationDelivery; status: number | null }[];
  setWebhookUrl(url: string | null): void;
  /** The payer pays the reference at a Fawry outlet (fees on top, default none); notifies. */
  payAtOutlet(
    merchantRefNum: string,
    options?: { feesMinor?: number },
  ): Promise<FawryNotificationDelivery>;
  /** The reference lapses unpaid; notifies. */
  expire(merchantRefNum: string): Promise<FawryNotificationDelivery>;
  /** A signed notification of the order's current state, not sent. */
  notificationFor(merchantRefNum: string): FawryNotificationDelivery;
  /** Sends a notification to the configured URL; answers the receiver's status. */
  send(delivery: FawryNotificationDelivery): Promise<number | null>;
  close(): Promise<void>;
}

/** Fawry answers HTTP 200 and puts its verdict in the body. */
class FawryRefusal extends Error {
  constructor(
    readonly statusCode: number,
    readonly statusDescription: string,
  ) {
    super(statusDescription);
  }
}

const refusals = {
  merchant: () => new FawryRefusal(9901, "merchant code is blank or invalid"),
  signature: () => new FawryRefusal(9946, "blank or invalid signature"),
  notFound: () => new FawryRefusal(9938, "payment not found"),
  blankReference: () => new FawryRefusal(9944, "reference number is blank"),
  // Codes below are the stand-in's own: Fawry's pages do not name one for these cases.
  invalid: (what: string) => new FawryRefusal(9999, what),
};

function text(value: unknown): string | null {
  if (typeof value === "string" && value !== "") return value;
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  return null;
}

export async function startFawryStandIn(
  options: { credentials?: Partial<FawryCredentials>; webhookUrl?: string } = {},
): Promise<FawryStandIn> {
  const credentials: FawryCredentials = {
    merchantCode: options.credentials?.merchantCode ?? "standInMerchant0001==",
    secureKey: options.credentials?.secureKey ?? "standin0secure0key0000000000000",
  };
  let webhookUrl: string | null = options.webhookUrl ?? null;
  const orders = new Map<string, Order>();
  const deliveries: FawryStandIn["deliveries"] = [];

  function orderOf(merchantRefNum: string): Order {
    const order = orders.get(merchantRefNum);
    if (!order) throw new Error(`no Fawry order ${merchantRefNum}`);
    return order;
  }

  function reportOf(order: Order): FawryOrderReport {
    return {
      fawryRefNumber: order.referenceNumber,
      merchantRefNumber: order.merchantRefNum,
      paymentAmountMinor: order.amountMinor + order.feesMinor,
      orderAmountMinor: order.amountMinor,
      orderStatus: order.status,
      paymentMethod: order.paymentMethod,
      paymentRefrenceNumber: order.paymentRefrenceNumber,
      messageSignature: null,
      paymentTime: order.paymentTime,
      failureReason: null,
    };
  }

  /** The V2 notification's body; the status V2 answer carries the same fields. */
  function reportBody(order: Order): Record<string, unknown> {
    const report = reportOf(order);
    return {
      requestId: randomUUID().replaceAll("-", ""),
      fawryRefNumber: order.referenceNumber,
      merchantRefNumber: order.merchantRefNum,
      customerName: order.customerName ?? undefined,
      customerMobile: order.customerMobile ?? undefined,
      customerMail: order.customerEmail ?? undefined,
      customerMerchantId: order.customerProfileId,
      paymentAmount: FawryDecimal.ofMinor(report.paymentAmountMinor),
      orderAmount: FawryDecimal.ofMinor(report.orderAmountMinor),
      fawryFees: FawryDecimal.ofMinor(order.feesMinor),
      orderStatus: order.status,
      paymentMethod: order.paymentMethod,
      paymentTime: order.paymentTime ?? undefined,
      paymentRefrenceNumber: order.paymentRefrenceNumber ?? undefined,
      messageSignature: fawryReportSignature(report, credentials.secureKey),
      orderExpiryDate: order.expiresAt,
      orderItems: [
        {
          itemCode: order.merchantRefNum,
          price: FawryDecimal.ofMinor(order.amountMinor),
          quantity: 1,
        },
      ],
    };
  }

  function notificationFor(merchantRefNum: string): FawryNotificationDelivery {
    const order = orderOf(merchantRefNum);
    return {
      orderStatus: order.status,
      body: toFawryJson(reportBody(order)),
      headers: { "content-type": "application/json" },
    };
  }

  async function send(delivery: FawryNotificationDelivery): Promise<number | null> {
    if (!webhookUrl) throw new Error("no notification URL is set on the Fawry stand-in");
    const status = await postDelivery(webhookUrl, delivery);
    deliveries.push({ delivery, status });
    return status;
  }

  async function notify(merchantRefNum: string): Promise<FawryNotificationDelivery> {
    const delivery = notificationFor(merchantRefNum);
    if (webhookUrl) await send(delivery);
    return delivery;
  }

  function charge(body: Record<string, unknown>): Record<string, unknown> {
    if (body.merchantCode !== credentials.merchantCode) throw refusals.merchant();
    const merchantRefNum = text(body.merchantRefNum);
    const customerProfileId = text(body.customerProfileId) ?? "";
    const paymentMethod = typeof body.paymentMethod === "string" ? body.paymentMethod : "";
    const amountMinor = parseFawryAmount(body.amount);
    if (!merchantRefNum) throw refusals.blankReference();
    if (amountMinor === null || amountMinor <= 0) throw refusals.invalid("invalid amount");
    const expected = sha256Hex(
      fawryChargeSignatureText(
        {
          merchantCode: credentials.merchantCode,
          merchantRefNum,
          customerProfileId,
          paymentMethod,
          amount: fawryAmount(amountMinor),
          cardToken: typeof body.cardToken === "string" ? body.cardToken : null,
        },
        credentials.secureKey,
      ),
    );
    if (body.signature !== expected) throw refusals.signature();
    if (paymentMethod !== "PAYATFAWRY") {
      throw refusals.invalid("the stand-in speaks PAYATFAWRY only");
    }
    if (body.currencyCode !== undefined && body.currencyCode !== "EGP") {
      throw refusals.invalid("invalid currency");
    }
    const existing = orders.get(merchantRefNum);
    if (existing) {
      // The same charge again answers the same reference; another with that number is refused.
      if (existing.amountMinor !== amountMinor) {
        throw refusals.invalid("merchantRefNum is used by another charge");
      }
      return chargeAnswer(existing);
    }
    const order: Order = {
      referenceNumber: String(randomInt(100_000_000, 999_999_999)),
      merchantRefNum,
      customerProfileId,
      customerName: typeof body.customerName === "string" ? body.customerName : null,
      customerMobile: typeof body.customerMobile === "string" ? body.customerMobile : null,
      customerEmail: typeof body.customerEmail === "string" ? body.customerEmail : null,
      amountMinor,
      feesMinor: 0,
      refundedMinor: 0,
      status: "UNPAID",
      paymentMethod,
      paymentRefrenceNumber: null,
      paymentTime: null,
      expiresAt:
        typeof body.paymentExpiry === "number" ? body.paymentExpiry : Date.now() + 86_400_000,
    };
    orders.set(merchantRefNum, order);
    return chargeAnswer(order);
  }

  function chargeAnswer(order: Order): Record<string, unknown> {
    return {
      type: "ChargeResponse",
      referenceNumber: order.referenceNumber,
      merchantRefNumber: order.merchantRefNum,
      expirationTime: order.expiresAt,
      statusCode: 200,
      statusDescription: "Operation done successfully",
    };
  }

  function status(query: URLSearchParams): Record<string, unknown> {
    const merchantCode = query.get("merchantCode");
    const merchantRefNumber = query.get("merchantRefNumber");
    if (merchantCode !== credentials.merchantCode) throw refusals.merchant();
    if (!merchantRefNumber) throw refusals.blankReference();
    const expected = sha256Hex(
      fawryStatusSignatureText(merchantCode, merchantRefNumber, credentials.secureKey),
    );
    if (query.get("signature") !== expected) throw refusals.signature();
    const order = orders.get(merchantRefNumber);
    if (!order) throw refusals.notFound();
    return {
      type: "PaymentStatusResponse",
      ...reportBody(order),
      statusCode: 200,
      statusDescription: "Operation done successfully",
    };
  }

  async function refund(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (body.merchantCode !== credentials.merchantCode) throw refusals.merchant();
    const referenceNumber = text(body.referenceNumber);
    if (!referenceNumber) throw refusals.blankReference();
    const amountMinor = parseFawryAmount(body.refundAmount);
    if (amountMinor === null || amountMinor <= 0) throw refusals.invalid("invalid refund amount");
    const reason = typeof body.reason === "string" ? body.reason : null;
    const expected = sha256Hex(
      fawryRefundSignatureText(
        {
          merchantCode: credentials.merchantCode,
          referenceNumber,
          refundAmount: fawryAmount(amountMinor),
          reason,
        },
        credentials.secureKey,
      ),
    );
    if (body.signature !== expected) throw refusals.signature();
    const order = [...orders.values()].find((o) => o.referenceNumber === referenceNumber);
    if (!order) throw refusals.notFound();
    if (order.status !== "PAID" && order.status !== "PARTIAL_REFUNDED") {
      throw refusals.invalid("the order is not paid");
    }
    if (amountMinor > order.amountMinor - order.refundedMinor) {
      throw refusals.invalid("the refund amount exceeds what is left to refund");
    }
    order.refundedMinor += amountMinor;
    order.status = order.refundedMinor === order.amountMinor ? "REFUNDED" : "PARTIAL_REFUNDED";
    // Delivered before the answer, so a test sees it without waiting on a clock.
    await notify(order.merchantRefNum);
    return {
      type: "ResponseDataModel",
      statusCode: 200,
      statusDescription: "Operation done successfully",
    };
  }

  function parseJson(body: string): Record<string, unknown> {
    try {
      const value: unknown = JSON.parse(body);
      if (typeof value === "object" && value !== null && !Array.isArray(value)) {
        return value as Record<string, unknown>;
      }
    } catch {
      // answered below
    }
    throw refusals.invalid("the request body is not a JSON object");
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://standin");
    const route = `${req.method ?? "GET"} ${url.pathname}`;
    let httpStatus = 200;
    let answer: Record<string, unknown>;
    try {
      if (route === "POST /ECommerceWeb/Fawry/payments/charge") {
        answer = charge(parseJson(await readBody(req)));
      } else if (route === "GET /ECommerceWeb/Fawry/payments/status/v2") {
        answer = status(url.searchParams);
      } else if (route === "POST /ECommerceWeb/Fawry/payments/refund") {
        answer = await refund(parseJson(await readBody(req)));
      } else {
        httpStatus = 404;
        answer = { statusCode: 404, statusDescription: "not found" };
      }
    } catch (err) {
      const refusal =
        err instanceof FawryRefusal ? err : new FawryRefusal(9999, "the stand-in failed");
      httpStatus = err instanceof FawryRefusal ? 200 : 500;
      answer = { statusCode: refusal.statusCode, statusDescription: refusal.statusDescription };
    }
    res.writeHead(httpStatus, { "content-type": "application/json" });
    res.end(toFawryJson(answer));
  }

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    credentials,
    deliveries,
    setWebhookUrl(url) {
      webhookUrl = url;
    },
    async payAtOutlet(merchantRefNum, payOptions = {}) {
      const order = orderOf(merchantRefNum);
      if (order.status !== "UNPAID") throw new Error(`order ${merchantRefNum} is ${order.status}`);
      order.status = "PAID";
      order.feesMinor = payOptions.feesMinor ?? 0;
      order.paymentRefrenceNumber = String(randomInt(10_000, 99_999));
      order.paymentTime = Date.now();
      return notify(merchantRefNum);
    },
    async expire(merchantRefNum) {
      const order = orderOf(merchantRefNum);
      if (order.status !== "UNPAID") throw new Error(`order ${merchantRefNum} is ${order.status}`);
      order.status = "EXPIRED";
      return notify(merchantRefNum);
    },
    notificationFor,
    send,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
