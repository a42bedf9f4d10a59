// A local stand-in for the part of Stripe's REST API that Caredesk uses, so tests and local runs
// drive the real `stripe` SDK (and a browser, through the Stripe.js stand-in) without a network:
// PaymentIntents (create, read, confirm with test cards, cancel), refunds, transfers, idempotency
// keys, and webhooks signed with the SDK's own `generateTestHeaderString`.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { readBody } from "./http";

export interface StripeStandInOptions {
  /** Where events are POSTed as Stripe would; none are sent while unset. */
  webhookUrl?: string;
  webhookSecret?: string;
  secretKey?: string;
  publishableKey?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
}

/** An event as Stripe sends it. */
export interface StripeEventJson {
  id: string;
  object: "event";
  api_version: string;
  type: string;
  created: number;
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  data: { object: Record<string, unknown> };
}

export interface StripeSignedPayload {
  /** The exact bytes to POST. */
  payload: string;
  headers: { "content-type": string; "stripe-signature": string };
}

export interface StripeSignedDelivery extends StripeSignedPayload {
  event: StripeEventJson;
}

export interface StripeWebhookDelivery {
  eventId: string;
  type: string;
  /** The receiver's HTTP status, or the network error's message. */
  outcome: number | string;
}

export interface StripeStandIn {
  /** `http://127.0.0.1:<port>`: the gateway's `endpoint.baseUrl`, Stripe.js stand-in's `apiBase`. */
  url: string;
  secretKey: string;
  publishableKey: string;
  webhookSecret: string;
  /** Every event made, in order, whether or not a webhook URL was set. */
  events: StripeEventJson[];
  /** Every attempt to deliver an event, in order. */
  deliveries: StripeWebhookDelivery[];
  setWebhookUrl(url: string | undefined): void;
  /** Resolves once every event made so far has been delivered (or refused). */
  idle(): Promise<void>;
  /** Delivers an event made earlier again, freshly signed as Stripe's retries are. */
  resend(eventId: string): Promise<StripeWebhookDelivery>;
  /** Builds an event around an object (a PaymentIntent, a refund…) without sending it. */
  eventFor(type: string, object: Record<string, unknown>): StripeEventJson;
  /** Builds and signs a delivery without sending it; `timestamp` (seconds) back-dates the signature. */
  signedEvent(
    type: string,
    object: Record<string, unknown>,
    options?: { timestamp?: number; secret?: string },
  ): StripeSignedDelivery;
  /** Signs any payload the way Stripe signs deliveries (e.g. one a test altered on purpose). */
  sign(payload: string, options?: { timestamp?: number; secret?: string }): StripeSignedPayload;
  /** The stand-in's current copy of a PaymentIntent, as the API would answer it. */
  paymentIntent(id: string): Record<string, unknown> | undefined;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

interface Intent {
  id: string;
  amount: number;
  currency: string;
  description: string | null;
  metadata: Record<string, string>;
  status:
    | "requires_payment_method"
    | "requires_confirmation"
    | "requires_action"
    | "processing"
    | "succeeded"
    | "canceled";
  clientSecret: string;
  created: number;
  amountReceived: number;
  latestCharge: string | null;
  paymentMethod: string | null;
  lastPaymentError: Json | null;
  canceledAt: number | null;
  cancellationReason: string | null;
  transferGroup: string | null;
}

interface Charge {
  id: string;
  paymentIntent: string;
  amount: number;
  currency: string;
  status: "succeeded" | "failed";
  paymentMethod: string;
  failure: { code: string; message: string } | null;
  amountRefunded: number;
  created: number;
}

interface Refund {
  id: string;
  amount: number;
  currency: string;
  charge: string;
  paymentIntent: string;
  reason: string | null;
  metadata: Record<string, string>;
  status: "succeeded";
  created: number;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly code: string | null,
    message: string,
    readonly extra: Json = {},
  ) {
    super(message);
  }
}

/** What a test card does: Stripe's documented numbers and `pm_card_*` tokens. */
type CardOutcome =
  | { ok: true; brand: string; last4: string }
  | { ok: false; declineCode: string; code: string; message: string; last4: string };

const declinedCards: Record<string, { declineCode: string; code: string; message: string }> = {
  "4000000000000002": {
    declineCode: "generic_decline",
    code: "card_declined",
    message: "Your card was declined.",
  },
  "4000000000009995": {
    declineCode: "insufficient_funds",
    code: "card_declined",
    message: "Your card has insufficient funds.",
  },
  "4000000000000069": {
    declineCode: "expired_card",
    code: "expired_card",
    message: "Your card has expired.",
  },
};

const testPaymentMethods: Record<string, string> = {
  pm_card_visa: "4242424242424242",
  pm_card_mastercard: "5555555555554444",
  pm_card_chargeDeclined: "4000000000000002",
  pm_card_chargeDeclinedInsufficientFunds: "4000000000009995",
  pm_card_chargeDeclinedExpiredCard: "4000000000000069",
};

export async function startStripeStandIn(
  options: StripeStandInOptions = {},
): Promise<StripeStandIn> {
  const secretKey = options.secretKey ?? "sk_test_caredesk_standin";
  const publishableKey = options.publishableKey ?? "pk_test_caredesk_standin";
  const webhookSecret = options.webhookSecret ?? "whsec_caredesk_standin";
  let webhookUrl = options.webhookUrl;

  const intents = new Map<string, Intent>();
  const charges = new Map<string, Charge>();
  const refunds = new Map<string, Refund>();
  const paymentMethods = new Map<string, string>();
  const idempotent = new Map<string, { fingerprint: string; status: number; body: string }>();
  const events: StripeEventJson[] = [];
  const deliveries: StripeWebhookDelivery[] = [];
  let queue: Promise<void> = Promise.resolve();

  const now = () => Math.floor(Date.now() / 1000);
  const newId = (prefix: string) =>
    `${prefix}_${randomBytes(12).toString("base64url").replace(/[-_]/g, "x")}`;

  // Objects as the API answers them (API version 2022-11-15 and later: no embedded refunds).
  const intentJson = (pi: Intent): Json => ({
    id: pi.id,
    object: "payment_intent",
    amount: pi.amount,
    amount_capturable: 0,
    amount_received: pi.amountReceived,
    automatic_payment_methods: { allow_redirects: "always", enabled: true },
    canceled_at: pi.canceledAt,
    cancellation_reason: pi.cancellationReason,
    capture_method: "automatic_async",
    client_secret: pi.clientSecret,
    confirmation_method: "automatic",
    created: pi.created,
    currency: pi.currency,
    customer: null,
    description: pi.description,
    last_payment_error: pi.lastPaymentError,
    latest_charge: pi.latestCharge,
    livemode: false,
    metadata: pi.metadata,
    next_action: null,
    payment_method: pi.paymentMethod,
    payment_method_types: ["card"],
    receipt_email: null,
    status: pi.status,
    transfer_group: pi.transferGroup,
  });

  const chargeJson = (ch: Charge): Json => ({
    id: ch.id,
    object: "charge",
    amount: ch.amount,
    amount_captured: ch.status === "succeeded" ? ch.amount : 0,
    amount_refunded: ch.amountRefunded,
    captured: ch.status === "succeeded",
    created: ch.created,
    currency: ch.currency,
    failure_code: ch.failure?.code ?? null,
    failure_message: ch.failure?.message ?? null,
    livemode: false,
    metadata: {},
    paid: ch.status === "succeeded",
    payment_intent: ch.paymentIntent,
    payment_method: ch.paymentMethod,
    refunded: ch.amountRefunded > 0 && ch.amountRefunded === ch.amount,
    status: ch.status,
  });

  const refundJson = (re: Refund): Json => ({
    id: re.id,
    object: "refund",
    amount: re.amount,
    charge: re.charge,
    created: re.created,
    currency: re.currency,
    metadata: re.metadata,
    payment_intent: re.paymentIntent,
    reason: re.reason,
    status: re.status,
  });

  const eventFor = (
    type: string,
    object: Json,
    request?: { idempotencyKey: string | null },
  ): StripeEventJson => ({
    id: newId("evt"),
    object: "event",
    api_version: Stripe.API_VERSION,
    type,
    created: now(),
    livemode: false,
    pending_webhooks: webhookUrl ? 1 : 0,
    request: {
      id: request ? newId("req") : null,
      idempotency_key: request?.idempotencyKey ?? null,
    },
    data: { object: structuredClone(object) },
  });

  const sign = (
    payload: string,
    opts: { timestamp?: number; secret?: string } = {},
  ): StripeSignedPayload => {
    const header = Stripe.webhooks.generateTestHeaderString({
      payload,
      secret: opts.secret ?? webhookSecret,
      ...(opts.timestamp === undefined ? {} : { timestamp: opts.timestamp }),
    });
    return {
      payload,
      headers: { "content-type": "application/json; charset=utf-8", "stripe-signature": header },
    };
  };
  const signEvent = (
    event: StripeEventJson,
    opts: { timestamp?: number; secret?: string } = {},
  ): StripeSignedDelivery => ({
    event,
    ...sign(JSON.stringify(event, null, 2), opts),
  });

  const deliver = async (event: StripeEventJson): Promise<StripeWebhookDelivery> => {
    const target = webhookUrl;
    if (!target) {
      const skipped = { eventId: event.id, type: event.type, outcome: "no webhook URL" };
      deliveries.push(skipped);
      return skipped;
    }
    const signed = signEvent(event);
    let outcome: number | string;
    try {
      const response = await fetch(target, {
        method: "POST",
        headers: {
          ...signed.headers,
          "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
        },
        body: signed.payload,
      });
      await response.arrayBuffer();
      outcome = response.status;
    } catch (error) {
      outcome = error instanceof Error ? error.message : String(error);
    }
    const delivery = { eventId: event.id, type: event.type, outcome };
    deliveries.push(delivery);
    return delivery;
  };

  /** Makes events and delivers them after the API answered, one at a time, in order. */
  const emit = (list: [string, Json][], idempotencyKey: string | null) => {
    for (const [type, object] of list) {
      const event = eventFor(type, object, { idempotencyKey });
      events.push(event);
      queue = queue.then(async () => {
        await deliver(event);
      });
    }
  };

  const intentOf = (id: string): Intent => {
    const pi = intents.get(id);
    if (!pi) {
      throw new ApiError(
        404,
        "invalid_request_error",
        "resource_missing",
        `No such payment_intent: '${id}'`,
        {
          param: "intent",
        },
      );
    }
    return pi;
  };

  const createIntent = (params: Json): Json => {
    const amount = integerParam(params, "amount", true);
    const currency = currencyParam(params);
    const id = newId("pi");
    const pi: Intent = {
      id,
      amount,
      currency,
      description: optionalString(params, "description"),
      metadata: metadataParam(params),
      status: "requires_payment_method",
      clientSecret: `${id}_secret_${randomBytes(12).toString("hex")}`,
      created: now(),
      amountReceived: 0,
      latestCharge: null,
      paymentMethod: null,
      lastPaymentError: null,
      canceledAt: null,
      cancellationReason: null,
      transferGroup: optionalString(params, "transfer_group"),
    };
    intents.set(id, pi);
    return intentJson(pi);
  };

  const confirmIntent = (
    pi: Intent,
    params: Json,
    idempotencyKey: string | null,
  ): { status: number; body: Json } => {
    if (pi.status !== "requires_payment_method" && pi.status !== "requires_confirmation") {
      throw new ApiError(
        400,
        "invalid_request_error",
        "payment_intent_unexpected_state",
        `You cannot confirm this PaymentIntent because it has a status of ${pi.status}.`,
        { payment_intent: intentJson(pi) },
      );
    }
    const card = cardOf(params, paymentMethods);
    const paymentMethod = newId("pm");
    const chargeId = newId("ch");
    const base = {
      id: chargeId,
      paymentIntent: pi.id,
      amount: pi.amount,
      currency: pi.currency,
      paymentMethod,
      amountRefunded: 0,
      created: now(),
    };
    pi.paymentMethod = paymentMethod;
    pi.latestCharge = chargeId;
    if (card.ok) {
      const charge: Charge = { ...base, status: "succeeded", failure: null };
      charges.set(chargeId, charge);
      pi.status = "succeeded";
      pi.amountReceived = pi.amount;
      pi.lastPaymentError = null;
      emit(
        [
          ["charge.succeeded", chargeJson(charge)],
          ["payment_intent.succeeded", intentJson(pi)],
        ],
        idempotencyKey,
      );
      return { status: 200, body: intentJson(pi) };
    }
    const charge: Charge = {
      ...base,
      status: "failed",
      failure: { code: card.code, message: card.message },
    };
    charges.set(chargeId, charge);
    pi.status = "requires_payment_method";
    pi.paymentMethod = null;
    pi.lastPaymentError = {
      type: "card_error",
      code: card.code,
      decline_code: card.declineCode,
      message: card.message,
      charge: chargeId,
      payment_method: {
        id: paymentMethod,
        object: "payment_method",
        type: "card",
        card: { last4: card.last4 },
      },
    };
    emit(
      [
        ["charge.failed", chargeJson(charge)],
        ["payment_intent.payment_failed", intentJson(pi)],
      ],
      idempotencyKey,
    );
    // Stripe answers a decline with 402 and the updated PaymentIntent inside the error.
    return {
      status: 402,
      body: {
        error: {
          type: "card_error",
          code: card.code,
          decline_code: card.declineCode,
          message: card.message,
          charge: chargeId,
          payment_intent: intentJson(pi),
        },
      },
    };
  };

  const cancelIntent = (pi: Intent, params: Json, idempotencyKey: string | null): Json => {
    if (pi.status === "succeeded" || pi.status === "canceled" || pi.status === "processing") {
      throw new ApiError(
        400,
        "invalid_request_error",
        "payment_intent_unexpected_state",
        `You cannot cancel this PaymentIntent because it has a status of ${pi.status}.`,
      );
    }
    pi.status = "canceled";
    pi.canceledAt = now();
    pi.cancellationReason =
      optionalString(params, "cancellation_reason") ?? "requested_by_customer";
    emit([["payment_intent.canceled", intentJson(pi)]], idempotencyKey);
    return intentJson(pi);
  };

  const createRefund = (params: Json, idempotencyKey: string | null): Json => {
    const piId = optionalString(params, "payment_intent");
    const chargeParam = optionalString(params, "charge");
    let charge: Charge | undefined;
    if (piId) {
      const pi = intentOf(piId);
      charge =
        pi.status === "succeeded" && pi.latestCharge ? charges.get(pi.latestCharge) : undefined;
      if (!charge) {
        throw new ApiError(
          400,
          "invalid_request_error",
          "charge_not_refundable",
          `This PaymentIntent (${pi.id}) does not have a successful charge to refund.`,
          { param: "payment_intent" },
        );
      }
    } else if (chargeParam) {
      charge = charges.get(chargeParam);
      if (!charge) {
        throw new ApiError(
          404,
          "invalid_request_error",
          "resource_missing",
          `No such charge: '${chargeParam}'`,
          {
            param: "charge",
          },
        );
      }
    } else {
      throw new ApiError(
        400,
        "invalid_request_error",
        "parameter_missing",
        "One of the following params should be provided for this request: payment_intent or charge.",
      );
    }
    const left = charge.amount - charge.amountRefunded;
    if (left === 0) {
      throw new ApiError(
        400,
        "invalid_request_error",
        "charge_already_refunded",
        `Charge ${charge.id} has already been refunded.`,
      );
    }
    const amount = params.amount === undefined ? left : integerParam(params, "amount", true);
    if (amount > left) {
      throw new ApiError(
        400,
        "invalid_request_error",
        "amount_too_large",
        `Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`,
        { param: "amount" },
      );
    }
    const reason = optionalString(params, "reason");
    if (reason && !["duplicate", "fraudulent", "requested_by_customer"].includes(reason)) {
      throw new ApiError(
        400,
        "invalid_request_error",
        "parameter_invalid_string",
        `Invalid reason: ${reason}`,
        {
          param: "reason",
        },
      );
    }
    const refund: Refund = {
      id: newId("re"),
      amount,
      currency: charge.currency,
      charge: charge.id,
      paymentIntent: charge.paymentIntent,
      reason,
      metadata: metadataParam(params),
      status: "succeeded",
      created: now(),
    };
    refunds.set(refund.id, refund);
    charge.amountRefunded += amount;
    emit(
      [
        ["charge.refunded", chargeJson(charge)],
        ["refund.created", refundJson(refund)],
      ],
      idempotencyKey,
    );
    return refundJson(refund);
  };

  const listRefunds = (params: Json): Json => {
    const piId = optionalString(params, "payment_intent");
    const chargeId = optionalString(params, "charge");
    const limit = params.limit === undefined ? 10 : integerParam(params, "limit", true);
    const all = [...refunds.values()]
      .filter((r) => (!piId || r.paymentIntent === piId) && (!chargeId || r.charge === chargeId))
      .sort((a, b) => b.created - a.created);
    const after = optionalString(params, "starting_after");
    const start = after ? all.findIndex((r) => r.id === after) + 1 : 0;
    const page = all.slice(start, start + Math.min(limit, 100));
    return {
      object: "list",
      data: page.map(refundJson),
      has_more: start + page.length < all.length,
      url: "/v1/refunds",
    };
  };

  const createTransfer = (params: Json): Json => {
    const amount = integerParam(params, "amount", true);
    const currency = currencyParam(params);
    const destination = optionalString(params, "destination");
    if (!destination?.startsWith("acct_")) {
      throw new ApiError(
        400,
        "invalid_request_error",
        "parameter_missing",
        "Missing required param: destination.",
        {
          param: "destination",
        },
      );
    }
    return {
      id: newId("tr"),
      object: "transfer",
      amount,
      amount_reversed: 0,
      created: now(),
      currency,
      description: optionalString(params, "description"),
      destination,
      livemode: false,
      metadata: metadataParam(params),
      reversed: false,
      source_transaction: optionalString(params, "source_transaction"),
      transfer_group: optionalString(params, "transfer_group"),
    };
  };

  /** Who is calling: the secret key may do anything; the publishable key only what Stripe.js does. */
  const callerOf = (request: IncomingMessage, params: Json): "secret" | "publishable" | null => {
    const auth = request.headers.authorization ?? "";
    let key: string | null = null;
    if (auth.startsWith("Bearer ")) key = auth.slice(7).trim();
    else if (auth.startsWith("Basic ")) {
      key = Buffer.from(auth.slice(6), "base64").toString("utf8").split(":")[0] ?? null;
    } else if (typeof params.key === "string") key = params.key;
    if (key === secretKey) return "secret";
    if (key === publishableKey) return "publishable";
    return null;
  };

  const route = (
    method: string,
    path: string,
    params: Json,
    caller: "secret" | "publishable",
    idempotencyKey: string | null,
  ): { status: number; body: Json } => {
    const ok = (body: Json) => ({ status: 200, body });
    const intentMatch = /^\/v1\/payment_intents\/([^/]+)(\/confirm|\/cancel)?$/.exec(path);
    if (intentMatch) {
      const pi = intentOf(decodeURIComponent(intentMatch[1] ?? ""));
      const action = intentMatch[2];
      if (caller === "publishable") {
        // Stripe.js proves it may touch this intent with the client secret.
        if (params.client_secret !== pi.clientSecret) {
          throw new ApiError(
            400,
            "invalid_request_error",
            "payment_intent_invalid_parameter",
            "The client_secret provided does not match the client_secret associated with the PaymentIntent.",
            { param: "client_secret" },
          );
        }
        if (action === "/cancel") throw forbidden();
      }
      if (method === "GET" && !action) return ok(intentJson(pi));
      if (method === "POST" && action === "/confirm")
        return confirmIntent(pi, params, idempotencyKey);
      if (method === "POST" && action === "/cancel")
        return ok(cancelIntent(pi, params, idempotencyKey));
    }
    if (caller !== "secret") throw forbidden();
    if (method === "POST" && path === "/v1/payment_intents") return ok(createIntent(params));
    if (method === "POST" && path === "/v1/refunds")
      return ok(createRefund(params, idempotencyKey));
    if (method === "GET" && path === "/v1/refunds") return ok(listRefunds(params));
    const refundMatch = /^\/v1\/refunds\/([^/]+)$/.exec(path);
    if (method === "GET" && refundMatch) {
      const refund = refunds.get(decodeURIComponent(refundMatch[1] ?? ""));
      if (!refund)
        throw new ApiError(404, "invalid_request_error", "resource_missing", "No such refund");
      return ok(refundJson(refund));
    }
    if (method === "POST" && path === "/v1/payment_methods") {
      const card = isRecord(params.card) ? params.card : {};
      const number = typeof card.number === "string" ? card.number.replace(/\s/g, "") : "";
      if (!/^\d{12,19}$/.test(number)) {
        throw new ApiError(
          402,
          "card_error",
          "incorrect_number",
          "Your card number is incorrect.",
          { param: "card[number]" },
        );
      }
      const id = newId("pm");
      paymentMethods.set(id, number);
      return ok({ id, object: "payment_method", type: "card", card: { last4: number.slice(-4) } });
    }
    if (method === "POST" && path === "/v1/transfers") return ok(createTransfer(params));
    throw new ApiError(
      404,
      "invalid_request_error",
      null,
      `Unrecognized request URL (${method}: ${path}).`,
    );
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const origin = request.headers.origin;
    response.setHeader("access-control-allow-origin", origin ?? "*");
    response.setHeader("vary", "Origin");
    response.setHeader("access-control-allow-methods", "GET, POST, DELETE, OPTIONS");
    response.setHeader(
      "access-control-allow-headers",
      "Authorization, Content-Type, Idempotency-Key, Stripe-Version, Stripe-Account, X-Stripe-Client-User-Agent, User-Agent",
    );
    response.setHeader("access-control-max-age", "600");
    if (request.method === "OPTIONS") {
      response.writeHead(204).end();
      return;
    }
    const send = (status: number, body: Json, headers: Record<string, string> = {}) => {
      const text = JSON.stringify(body, null, 2);
      response.writeHead(status, {
        "content-type": "application/json",
        "request-id": newId("req"),
        "stripe-version": Stripe.API_VERSION,
        ...headers,
      });
      response.end(text);
      return text;
    };
    const method = request.method ?? "GET";
    const url = new URL(request.url ?? "/", "http://stand-in");
    const body = await readBody(request);
    const params =
      method === "GET" || method === "DELETE"
        ? parseForm(url.searchParams.toString())
        : parseForm(body);
    const caller = callerOf(request, params);
    if (!caller) {
      send(401, {
        error: {
          type: "invalid_request_error",
          message: "Invalid API Key provided. Send the stand-in's secret key as a Bearer token.",
        },
      });
      return;
    }
    const headerKey = request.headers["idempotency-key"];
    const idempotencyKey = typeof headerKey === "string" && headerKey ? headerKey : null;
    const scopedKey = idempotencyKey && method === "POST" ? `${caller}:${idempotencyKey}` : null;
    const fingerprint = `${method} ${url.pathname}\n${body}`;
    if (scopedKey) {
      const earlier = idempotent.get(scopedKey);
      if (earlier) {
        if (earlier.fingerprint !== fingerprint) {
          send(400, {
            error: {
              type: "idempotency_error",
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
            },
          });
          return;
        }
        response.writeHead(earlier.status, {
          "content-type": "application/json",
          "idempotent-replayed": "true",
          "idempotency-key": idempotencyKey ?? "",
          "stripe-version": Stripe.API_VERSION,
        });
        response.end(earlier.body);
        return;
      }
    }
    let status: number;
    let answer: Json;
    try {
      const result = route(method, url.pathname, params, caller, idempotencyKey);
      status = result.status;
      answer = result.body;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      status = error.status;
      answer = {
        error: {
          type: error.type,
          ...(error.code ? { code: error.code } : {}),
          message: error.message,
          ...error.extra,
        },
      };
    }
    const text = send(status, answer, idempotencyKey ? { "idempotency-key": idempotencyKey } : {});
    // Stripe stores the first answer under the key, errors included (but not 5xx).
    if (scopedKey && status < 500) idempotent.set(scopedKey, { fingerprint, status, body: text });
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) {
        response.writeHead(500, { "content-type": "application/json" });
        response.end(
          JSON.stringify({ error: { type: "api_error", message: "The stand-in failed." } }),
        );
      } else {
        response.end();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    secretKey,
    publishableKey,
    webhookSecret,
    events,
    deliveries,
    setWebhookUrl(url) {
      webhookUrl = url;
    },
    idle() {
      return queue;
    },
    resend(eventId) {
      const event = events.find((e) => e.id === eventId);
      if (!event) return Promise.reject(new Error(`No event ${eventId} was made`));
      const attempt = queue.then(() => deliver(event));
      queue = attempt.then(() => undefined);
      return attempt;
    },
    eventFor(type, object) {
      return eventFor(type, object);
    },
    signedEvent(type, object, opts) {
      return signEvent(eventFor(type, object), opts);
    },
    sign,
    paymentIntent(id) {
      const pi = intents.get(id);
      return pi ? intentJson(pi) : undefined;
    },
    async close() {
      await queue;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function forbidden(): ApiError {
  return new ApiError(
    403,
    "invalid_request_error",
    "secret_key_required",
    "This API call cannot be made with a publishable API key. Please use a secret API key.",
  );
}

function cardOf(params: Json, paymentMethods: Map<string, string>): CardOutcome {
  let number: string | null = null;
  const pmParam = params.payment_method;
  const data = params.payment_method_data;
  if (typeof pmParam === "string") {
    number = testPaymentMethods[pmParam] ?? paymentMethods.get(pmParam) ?? null;
    if (!number) {
      throw new ApiError(
        400,
        "invalid_request_error",
        "resource_missing",
        `No such PaymentMethod: '${pmParam}'`,
        {
          param: "payment_method",
        },
      );
    }
  } else if (isRecord(data) && isRecord(data.card) && typeof data.card.number === "string") {
    number = data.card.number.replace(/[\s-]/g, "");
  }
  if (number === null) {
    throw new ApiError(
      400,
      "invalid_request_error",
      "payment_intent_unexpected_state",
      "You cannot confirm this PaymentIntent because it's missing a payment method.",
      { param: "payment_method" },
    );
  }
  if (!/^\d{12,19}$/.test(number) || !luhn(number)) {
    throw new ApiError(402, "card_error", "incorrect_number", "Your card number is incorrect.", {
      param: "payment_method_data[card][number]",
    });
  }
  const last4 = number.slice(-4);
  const declined = declinedCards[number];
  if (declined) return { ok: false, last4, ...declined };
  return { ok: true, brand: number.startsWith("5") ? "mastercard" : "visa", last4 };
}

function luhn(number: string): boolean {
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let digit = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

function integerParam(params: Json, name: string, positive: boolean): number {
  const raw = params[name];
  if (raw === undefined || raw === "") {
    throw new ApiError(
      400,
      "invalid_request_error",
      "parameter_missing",
      `Missing required param: ${name}.`,
      {
        param: name,
      },
    );
  }
  const value = typeof raw === "string" && /^-?\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || (positive && value < 1)) {
    throw new ApiError(
      400,
      "invalid_request_error",
      "parameter_invalid_integer",
      `Invalid ${positive ? "positive " : ""}integer: ${JSON.stringify(raw) ?? "nothing"}`,
      { param: name },
    );
  }
  return value;
}

function currencyParam(params: Json): string {
  const raw = params.currency;
  if (typeof raw !== "string" || !/^[a-z]{3}$/.test(raw)) {
    throw new ApiError(
      400,
      "invalid_request_error",
      raw === undefined ? "parameter_missing" : "parameter_invalid_string",
      `Invalid currency: ${JSON.stringify(raw) ?? "nothing"}. Stripe currencies are three lower-case letters.`,
      {
        param: "currency",
      },
    );
  }
  return raw;
}

function optionalString(params: Json, name: string): string | null {
  const raw = params[name];
  return typeof raw === "string" && raw !== "" ? raw : null;
}

function metadataParam(params: Json): Record<string, string> {
  const raw = params.metadata;
  if (!isRecord(raw)) return {};
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw))
    if (typeof value === "string") metadata[key] = value;
  return metadata;
}

/** Reads `a[b][c]=x` form encoding (as the SDK and Stripe.js send it) into nested objects. */
function parseForm(text: string): Json {
  const root: Json = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const head = /^[^[]+/.exec(key)?.[0] ?? key;
    const path = [
      head,
      ...[...key.slice(head.length).matchAll(/\[([^\]]*)\]/g)].map((m) => m[1] ?? ""),
    ];
    let node: Json = root;
    for (let i = 0; i < path.length - 1; i++) {
      const part = path[i] ?? "";
      const next = node[part];
      if (isRecord(next)) node = next;
      else {
        const created: Json = {};
        node[part] = created;
        node = created;
      }
    }
    node[path.at(-1) ?? head] = value;
  }
  return root;
}

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
