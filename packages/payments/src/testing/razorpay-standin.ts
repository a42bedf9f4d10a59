// A stand-in for Razorpay's REST API on 127.0.0.1, for tests and local runs: the calls our gateway
// makes through the official SDK (orders, their payments, refunds), Basic auth with the key pair,
// and a payer who pays an order the way Checkout would, with signed webhooks sent after.
import { createHmac, randomBytes } from "node:crypto";
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import { type AddressInfo } from "node:net";
import { razorpayPaymentSignatureText, razorpayWebhookSignature } from "../razorpay";
import { type RazorpayCredentials } from "../types";
import { postDelivery, readBody } from "./http";

interface Order {
  id: string;
  entity: "order";
  amount: number;
  amount_paid: number;
  amount_due: number;
  currency: string;
  receipt: string | null;
  status: "created" | "attempted" | "paid";
  attempts: number;
  notes: Record<string, string | number>;
  created_at: number;
}

interface Payment {
  id: string;
  entity: "payment";
  amount: number;
  currency: string;
  status: "created" | "authorized" | "captured" | "refunded" | "failed";
  order_id: string;
  method: "card";
  captured: boolean;
  amount_refunded: number;
  refund_status: "partial" | "full" | null;
  error_code: string | null;
  error_description: string | null;
  error_reason: string | null;
  notes: Record<string, string | number>;
  created_at: number;
}

interface Refund {
  id: string;
  entity: "refund";
  amount: number;
  currency: string;
  payment_id: string;
  receipt: string | null;
  notes: Record<string, string | number>;
  status: "pending" | "processed" | "failed";
  created_at: number;
}

/** What Checkout's `handler` receives after a successful payment. */
export interface RazorpayCheckoutSuccess {
  razorpay_order_id: string;
  razorpay_payment_id: string;
  razorpay_signature: string;
}

/** What Checkout's `payment.failed` listener receives. */
export interface RazorpayCheckoutFailure {
  error: {
    code: string;
    description: string;
    reason: string;
    metadata: { order_id: string; payment_id: string };
  };
}

/** A webhook as Razorpay would POST it: the raw body and its headers. */
export interface RazorpayWebhookDelivery {
  event: string;
  eventId: string;
  body: string;
  headers: Record<string, string>;
}

export interface RazorpayStandIn {
  /** Base URL to give `razorpayGateway(credentials, { baseUrl })`. */
  readonly url: string;
  readonly credentials: RazorpayCredentials;
  /** Webhooks sent so far, with the receiver's HTTP status (null when it could not be reached). */
  readonly deliveries: { delivery: RazorpayWebhookDelivery; status: number | null }[];
  setWebhookUrl(url: string | null): void;
  /**
   * The payer pays the order in Checkout. Success captures the payment and sends
   * payment.authorized, payment.captured and order.paid; failure sends payment.failed.
   */
  pay(orderId: string, options: { succeed: true }): Promise<RazorpayCheckoutSuccess>;
  pay(orderId: string, options: { succeed: false }): Promise<RazorpayCheckoutFailure>;
  /** Builds a signed delivery of `event` about a payment (and its order / refund) without sending it. */
  webhookFor(event: string, ids: { paymentId: string; refundId?: string }): RazorpayWebhookDelivery;
  /** Sends a delivery to the configured webhook URL; answers the receiver's status. */
  send(delivery: RazorpayWebhookDelivery): Promise<number | null>;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    readonly field: string | null = null,
  ) {
    super(description);
  }
}

function idOf(prefix: string): string {
  // Razorpay ids are 14 base62 characters after the prefix.
  const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  const bytes = randomBytes(14);
  return `${prefix}_${Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("")}`;
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

function positiveInteger(value: unknown, field: string): number {
  const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n <= 0) {
    throw new HttpError(400, `The ${field} must be an integer.`, field);
  }
  return n;
}

function notesOf(value: unknown): Record<string, string | number> {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new HttpError(400, "notes should be an object", "notes");
  }
  const notes: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === "string" || typeof v === "number") notes[k] = v;
  }
  return notes;
}

export async function startRazorpayStandIn(
  options: { credentials?: Partial<RazorpayCredentials>; webhookUrl?: string } = {},
): Promise<RazorpayStandIn> {
  const credentials: RazorpayCredentials = {
    keyId: options.credentials?.keyId ?? "rzp_test_StandIn0000001",
    keySecret: options.credentials?.keySecret ?? "standin_key_secret",
    webhookSecret: options.credentials?.webhookSecret ?? "standin_webhook_secret",
  };
  let webhookUrl: string | null = options.webhookUrl ?? null;
  const orders = new Map<string, Order>();
  const payments = new Map<string, Payment>();
  const refunds = new Map<string, Refund>();
  const deliveries: RazorpayStandIn["deliveries"] = [];

  function authorized(req: IncomingMessage): boolean {
    const header = req.headers.authorization ?? "";
    if (!header.startsWith("Basic ")) return false;
    const decoded = Buffer.from(header.slice(6), "base64").toString("utf8");
    return decoded === `${credentials.keyId}:${credentials.keySecret}`;
  }

  function orderOf(id: string): Order {
    const order = orders.get(id);
    if (!order) throw new HttpError(400, "The id provided does not exist");
    return order;
  }

  function paymentOf(id: string): Payment {
    const payment = payments.get(id);
    if (!payment) throw new HttpError(400, "The id provided does not exist");
    return payment;
  }

  function refundsOfPayment(paymentId: string): Refund[] {
    return [...refunds.values()].filter((r) => r.payment_id === paymentId);
  }

  function createOrder(body: Record<string, unknown>): Order {
    const amount = positiveInteger(body.amount, "amount");
    const currency = typeof body.currency === "string" ? body.currency : "INR";
    if (!/^[A-Z]{3}$/.test(currency))
      throw new HttpError(400, "The currency is invalid.", "currency");
    const receipt = typeof body.receipt === "string" ? body.receipt : null;
    if (receipt !== null && receipt.length > 40) {
      throw new HttpError(400, "The receipt may not be greater than 40 characters.", "receipt");
    }
    const order: Order = {
      id: idOf("order"),
      entity: "order",
      amount,
      amount_paid: 0,
      amount_due: amount,
      currency,
      receipt,
      status: "created",
      attempts: 0,
      notes: notesOf(body.notes),
      created_at: nowSeconds(),
    };
    orders.set(order.id, order);
    return order;
  }

  function refundPayment(paymentId: string, body: Record<string, unknown>): Refund {
    const payment = paymentOf(paymentId);
    if (payment.status !== "captured") {
      throw new HttpError(400, "The payment has been fully refunded already or is not captured");
    }
    const left = payment.amount - payment.amount_refunded;
    const amount = body.amount === undefined ? left : positiveInteger(body.amount, "amount");
    if (amount > left) {
      throw new HttpError(
        400,
        "The refund amount provided is greater than amount captured",
        "amount",
      );
    }
    const refund: Refund = {
      id: idOf("rfnd"),
      entity: "refund",
      amount,
      currency: payment.currency,
      payment_id: payment.id,
      receipt: typeof body.receipt === "string" ? body.receipt : null,
      notes: notesOf(body.notes),
      status: "processed",
      created_at: nowSeconds(),
    };
    refunds.set(refund.id, refund);
    payment.amount_refunded += amount;
    payment.refund_status = payment.amount_refunded === payment.amount ? "full" : "partial";
    if (payment.refund_status === "full") payment.status = "refunded";
    return refund;
  }

  async function route(
    req: IncomingMessage,
    path: string,
    query: URLSearchParams,
  ): Promise<unknown> {
    const method = req.method ?? "GET";
    let m: RegExpMatchArray | null;
    if (method === "POST" && path === "/v1/orders") {
      return createOrder(parseJson(await readBody(req)));
    }
    if (method === "GET" && path === "/v1/orders") {
      const receipt = query.get("receipt");
      const items = [...orders.values()]
        .filter((o) => receipt === null || o.receipt === receipt)
        .sort((a, b) => b.created_at - a.created_at);
      return { entity: "collection", count: items.length, items };
    }
    if (method === "GET" && (m = path.match(/^\/v1\/orders\/([^/]+)$/))) {
      return orderOf(decodeURIComponent(m[1] ?? ""));
    }
    if (method === "GET" && (m = path.match(/^\/v1\/orders\/([^/]+)\/payments$/))) {
      const order = orderOf(decodeURIComponent(m[1] ?? ""));
      const items = [...payments.values()].filter((p) => p.order_id === order.id);
      return { entity: "collection", count: items.length, items };
    }
    if (method === "GET" && (m = path.match(/^\/v1\/payments\/([^/]+)$/))) {
      return paymentOf(decodeURIComponent(m[1] ?? ""));
    }
    if (method === "GET" && (m = path.match(/^\/v1\/payments\/([^/]+)\/refunds$/))) {
      const payment = paymentOf(decodeURIComponent(m[1] ?? ""));
      const items = refundsOfPayment(payment.id);
      return { entity: "collection", count: items.length, items };
    }
    if (method === "POST" && (m = path.match(/^\/v1\/payments\/([^/]+)\/refund$/))) {
      const refund = refundPayment(decodeURIComponent(m[1] ?? ""), parseJson(await readBody(req)));
      // Razorpay tells the merchant about a refund twice: created, then processed. The stand-in
      // delivers both before it answers, so a test sees them without waiting on a clock.
      const ids = { paymentId: refund.payment_id, refundId: refund.id };
      await sendIfConfigured(webhookFor("refund.created", ids));
      await sendIfConfigured(webhookFor("refund.processed", ids));
      return refund;
    }
    throw new HttpError(404, "The requested URL was not found on the server.");
  }

  function parseJson(text: string): Record<string, unknown> {
    try {
      const value: unknown = text === "" ? {} : JSON.parse(text);
      if (typeof value === "object" && value !== null && !Array.isArray(value)) {
        return value as Record<string, unknown>;
      }
    } catch {
      // answered below
    }
    throw new HttpError(400, "The request body is not valid JSON");
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://standin");
    const path = url.pathname;
    let status = 200;
    let body: unknown;
    try {
      if (!authorized(req)) throw new HttpError(401, "Authentication failed");
      body = await route(req, path, url.searchParams);
    } catch (err) {
      const e =
        err instanceof HttpError ? err : new HttpError(500, "The server encountered an error.");
      status = e.status;
      body = {
        error: {
          code: status >= 500 ? "SERVER_ERROR" : "BAD_REQUEST_ERROR",
          description: e.description,
          source: "NA",
          step: "NA",
          reason: "NA",
          metadata: {},
          field: e.field,
        },
      };
    }
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  }

  function webhookFor(
    event: string,
    ids: { paymentId: string; refundId?: string },
  ): RazorpayWebhookDelivery {
    const payment = paymentOf(ids.paymentId);
    const order = orderOf(payment.order_id);
    const payload: Record<string, { entity: unknown }> = { payment: { entity: { ...payment } } };
    const contains = ["payment"];
    if (event.startsWith("order.")) {
      payload.order = { entity: { ...order } };
      contains.push("order");
    }
    if (ids.refundId) {
      const refund = refunds.get(ids.refundId);
      if (!refund) throw new Error(`no refund ${ids.refundId}`);
      payload.refund = { entity: { ...refund } };
      contains.unshift("refund");
    }
    const body = JSON.stringify({
      entity: "event",
      account_id: "acc_StandIn0000001",
      event,
      contains,
      payload,
      created_at: nowSeconds(),
    });
    const eventId = idOf("evt").replace("evt_", "");
    return {
      event,
      eventId,
      body,
      headers: {
        "content-type": "application/json",
        "x-razorpay-signature": razorpayWebhookSignature(body, credentials.webhookSecret),
        "x-razorpay-event-id": eventId,
      },
    };
  }

  async function send(delivery: RazorpayWebhookDelivery): Promise<number | null> {
    if (!webhookUrl) throw new Error("no webhook URL is set on the Razorpay stand-in");
    const status = await postDelivery(webhookUrl, delivery);
    deliveries.push({ delivery, status });
    return status;
  }

  async function sendIfConfigured(delivery: RazorpayWebhookDelivery): Promise<void> {
    if (webhookUrl) await send(delivery);
  }

  async function pay(
    orderId: string,
    options: { succeed: boolean },
  ): Promise<RazorpayCheckoutSuccess | RazorpayCheckoutFailure> {
    const order = orderOf(orderId);
    if (order.status === "paid") throw new Error(`order ${orderId} is paid already`);
    order.attempts += 1;
    order.status = "attempted";
    const payment: Payment = {
      id: idOf("pay"),
      entity: "payment",
      amount: order.amount,
      currency: order.currency,
      status: options.succeed ? "captured" : "failed",
      order_id: order.id,
      method: "card",
      captured: options.succeed,
      amount_refunded: 0,
      refund_status: null,
      error_code: options.succeed ? null : "BAD_REQUEST_ERROR",
      error_description: options.succeed ? null : "Your payment has been declined by the bank.",
      error_reason: options.succeed ? null : "payment_declined",
      notes: {},
      created_at: nowSeconds(),
    };
    payments.set(payment.id, payment);
    if (!options.succeed) {
      await sendIfConfigured(webhookFor("payment.failed", { paymentId: payment.id }));
      return {
        error: {
          code: "BAD_REQUEST_ERROR",
          description: payment.error_description ?? "",
          reason: payment.error_reason ?? "",
          metadata: { order_id: order.id, payment_id: payment.id },
        },
      };
    }
    order.status = "paid";
    order.amount_paid = order.amount;
    order.amount_due = 0;
    // Checkout signs `order_id|payment_id` with the key secret (not the webhook secret).
    const signature = createHmac("sha256", credentials.keySecret)
      .update(razorpayPaymentSignatureText(order.id, payment.id))
      .digest("hex");
    for (const event of ["payment.authorized", "payment.captured", "order.paid"]) {
      await sendIfConfigured(webhookFor(event, { paymentId: payment.id }));
    }
    return {
      razorpay_order_id: order.id,
      razorpay_payment_id: payment.id,
      razorpay_signature: signature,
    };
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
    pay: pay as RazorpayStandIn["pay"],
    webhookFor,
    send,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
