// SMS: Twilio's Messages API through its official SDK, or any provider behind a signed JSON
// webhook, and the checks for the delivery-status callbacks both send back.
import { AsyncLocalStorage } from "node:async_hooks";
import { createHmac, timingSafeEqual } from "node:crypto";
import { isValidPhoneNumber } from "libphonenumber-js";
import twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient";
import {
  DeliveryError,
  isRetryableStatus,
  type Channel,
  type OutgoingMessage,
  type SendResult,
} from "./channel";

/** Where providers report delivery, below the product's public origin (apps/server). */
export const smsStatusCallbackPaths = {
  twilio: "/webhooks/sms/twilio",
  generic: "/webhooks/sms/generic",
} as const;

/** The header a generic provider signs its requests (and we sign ours) with. */
export const webhookSignatureHeader = "x-caredesk-signature";

const e164 = /^\+[1-9]\d{6,14}$/;

/** Refuses, for good, anything that is not a dialable number written in E.164. */
function assertE164(to: string): void {
  if (!e164.test(to) || !isValidPhoneNumber(to)) {
    // Never the number itself: errors end up in logs and in the notification row.
    throw new DeliveryError("The recipient is not a valid E.164 mobile number", {
      permanent: true,
    });
  }
}

/** A provider's HTTP answer as a delivery error: 4xx are final, 5xx/408/429 are retried. */
function statusError(provider: string, status: number, code?: number | string): DeliveryError {
  const detail = code === undefined ? "" : `, error ${code}`;
  return new DeliveryError(`${provider} refused the message (HTTP ${status}${detail})`, {
    permanent: !isRetryableStatus(status),
  });
}

/** A request that got no answer (refused connection, reset, timeout): worth retrying. */
function unreachable(provider: string, cause: unknown): DeliveryError {
  const code =
    cause && typeof cause === "object" && "code" in cause ? String(cause.code) : "no answer";
  return new DeliveryError(`${provider} could not be reached (${code})`, {
    permanent: false,
    cause,
  });
}

// ---------------------------------------------------------------------------------------------
// Twilio

export interface TwilioSmsConfig {
  accountSid: string;
  authToken: string;
  /** The sender: an E.164 number, or a Messaging Service SID (MG…). */
  from: string;
  /** Where Twilio posts status changes (APP_ORIGIN + smsStatusCallbackPaths.twilio). */
  statusCallbackUrl?: string | undefined;
  /**
   * Replaces https://api.twilio.com (scheme, host and port), e.g. a local stand-in in tests or
   * a proxy. Region and edge routing are not applied to it.
   */
  apiBase?: string | undefined;
  /** Milliseconds before a request is given up (and retried later). */
  timeoutMs?: number | undefined;
}

/** The idempotency token of the send in progress, read by the HTTP client below. */
const idempotencyToken = new AsyncLocalStorage<string>();

/**
 * The SDK's own HTTP client, with the two things its Messages API leaves out: Twilio's
 * idempotency header (`I-Twilio-Idempotency-Token`, honoured on its REST API so a request
 * retried after a crash is not sent twice) and another API base. Both go through the SDK's
 * documented `httpClient` option; `messages.create` itself takes no headers.
 */
class CaredeskRequestClient extends twilio.RequestClient {
  constructor(
    private readonly apiBase: URL | null,
    timeoutMs: number,
  ) {
    super({ timeout: timeoutMs, autoRetry: false });
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const token = idempotencyToken.getStore();
    let uri = opts.uri;
    if (this.apiBase) {
      const target = new URL(uri);
      target.protocol = this.apiBase.protocol;
      target.host = this.apiBase.host;
      const prefix = this.apiBase.pathname.replace(/\/$/, "");
      target.pathname = `${prefix}${target.pathname}`;
      uri = target.href;
    }
    return super.request({
      ...opts,
      uri,
      headers: { ...opts.headers, ...(token ? { "I-Twilio-Idempotency-Token": token } : {}) },
    });
  }
}

function isTwilioRestException(error: unknown): error is twilio.RestException {
  return error instanceof twilio.RestException;
}

export class TwilioSmsChannel implements Channel {
  readonly name = "sms" as const;
  private readonly client: twilio.Twilio;

  constructor(private readonly config: TwilioSmsConfig) {
    const httpClient = new CaredeskRequestClient(
      config.apiBase ? new URL(config.apiBase) : null,
      config.timeoutMs ?? 15_000,
    );
    this.client = twilio(config.accountSid, config.authToken, { httpClient, lazyLoading: true });
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    assertE164(message.to);
    const sender = this.config.from.startsWith("MG")
      ? { messagingServiceSid: this.config.from }
      : { from: this.config.from };
    try {
      const sent = await idempotencyToken.run(message.id, () =>
        this.client.messages.create({
          ...sender,
          to: message.to,
          body: message.text,
          ...(this.config.statusCallbackUrl
            ? { statusCallback: this.config.statusCallbackUrl }
            : {}),
        }),
      );
      return { providerMessageId: sent.sid };
    } catch (error) {
      if (isTwilioRestException(error)) throw statusError("Twilio", error.status, error.code);
      throw unreachable("Twilio", error);
    }
  }
}

/**
 * Whether a Twilio status callback is genuine: `X-Twilio-Signature` over the full public URL
 * Twilio called (with its query string) and the POSTed form parameters.
 */
export function verifyTwilioSignature(
  authToken: string,
  url: string,
  params: Record<string, unknown>,
  signatureHeader: string | undefined | null,
): boolean {
  if (!signatureHeader) return false;
  try {
    return twilio.validateRequest(authToken, signatureHeader, url, params);
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// A generic provider behind a signed webhook

export interface WebhookSmsConfig {
  /** Where messages are POSTed as JSON. */
  url: string;
  /** Shared secret of the HMAC signatures, both ways. */
  secret: string;
  /** Where the provider posts status changes (APP_ORIGIN + smsStatusCallbackPaths.generic). */
  statusCallbackUrl?: string | undefined;
  timeoutMs?: number | undefined;
}

/** What a generic provider receives for each message. */
export interface WebhookSmsRequest {
  /** Our message id: the provider's idempotency key (also sent as `Idempotency-Key`). */
  id: string;
  to: string;
  body: string;
  statusCallbackUrl: string | null;
}

/**
 * What a generic provider posts to the status callback, signed like our requests:
 * `id` is the message id it answered with (or ours when it answered none).
 */
export interface WebhookSmsStatus {
  id: string;
  status: string;
  errorCode?: string | number | null;
}

function hmacHex(secret: string, timestamp: number, rawBody: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest("hex");
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "t.rawBody")>` (Stripe's scheme). */
export function signWebhook(secret: string, rawBody: string, now: Date = new Date()): string {
  const timestamp = Math.floor(now.getTime() / 1000);
  return `t=${timestamp},v1=${hmacHex(secret, timestamp, rawBody)}`;
}

/**
 * Whether a signed webhook is genuine and fresh: some `v1` of the header matches the HMAC of
 * its `t` and the raw body (compared in constant time), and `t` is within `toleranceSeconds`
 * of now, so a captured request cannot be replayed later.
 */
export function verifyWebhookSignature(
  secret: string,
  rawBody: string,
  header: string | undefined | null,
  toleranceSeconds = 300,
  now: Date = new Date(),
): boolean {
  if (!header || !secret) return false;
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const [key, value] = part.trim().split("=", 2);
    if (key === "t" && value && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    if (key === "v1" && value && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value);
  }
  if (timestamp === null || signatures.length === 0) return false;
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(hmacHex(secret, timestamp, rawBody), "hex");
  return signatures.some((signature) =>
    timingSafeEqual(expected, Buffer.from(signature.toLowerCase(), "hex")),
  );
}

export class WebhookSmsChannel implements Channel {
  readonly name = "sms" as const;

  constructor(private readonly config: WebhookSmsConfig) {}

  async send(message: OutgoingMessage): Promise<SendResult> {
    assertE164(message.to);
    const request: WebhookSmsRequest = {
      id: message.id,
      to: message.to,
      body: message.text,
      statusCallbackUrl: this.config.statusCallbackUrl ?? null,
    };
    const rawBody = JSON.stringify(request);
    let response: Response;
    try {
      response = await fetch(this.config.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "idempotency-key": message.id,
          [webhookSignatureHeader]: signWebhook(this.config.secret, rawBody),
        },
        body: rawBody,
        redirect: "error",
        signal: AbortSignal.timeout(this.config.timeoutMs ?? 15_000),
      });
    } catch (error) {
      throw unreachable("The SMS provider", error);
    }
    const text = await response.text().catch(() => "");
    if (!response.ok) throw statusError("The SMS provider", response.status);
    return { providerMessageId: providerIdOf(text) ?? message.id };
  }
}

/** The provider's id for the message from its JSON answer (`id`, `messageId` or `sid`). */
function providerIdOf(text: string): string | null {
  try {
    const answer = JSON.parse(text) as Record<string, unknown> | null;
    for (const key of ["id", "messageId", "sid"]) {
      const value = answer?.[key];
      if (typeof value === "string" && value.length > 0 && value.length <= 200) return value;
    }
  } catch {
    // Not JSON: the provider accepted the message without naming it.
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Configuration

export interface SmsSettings {
  twilioAccountSid?: string | undefined;
  twilioAuthToken?: string | undefined;
  twilioFrom?: string | undefined;
  twilioApiBase?: string | undefined;
  webhookUrl?: string | undefined;
  webhookSecret?: string | undefined;
  /** The product's public origin (APP_ORIGIN): status callbacks are addressed below it. */
  publicOrigin: string;
}

/**
 * The SMS channel a deployment configured: Twilio when its account, token and sender are set,
 * else the generic webhook when its URL and secret are, else null (SMS is not offered). Half a
 * configuration is a mistake worth stopping for.
 */
export function createSmsChannel(settings: SmsSettings): Channel | null {
  const origin = settings.publicOrigin.replace(/\/$/, "");
  const twilioParts = [settings.twilioAccountSid, settings.twilioAuthToken, settings.twilioFrom];
  if (twilioParts.some(Boolean)) {
    if (!twilioParts.every(Boolean)) {
      throw new Error(
        "Twilio SMS needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM together",
      );
    }
    return new TwilioSmsChannel({
      accountSid: settings.twilioAccountSid ?? "",
      authToken: settings.twilioAuthToken ?? "",
      from: settings.twilioFrom ?? "",
      apiBase: settings.twilioApiBase,
      statusCallbackUrl: `${origin}${smsStatusCallbackPaths.twilio}`,
    });
  }
  if (settings.webhookUrl || settings.webhookSecret) {
    if (!settings.webhookUrl || !settings.webhookSecret) {
      throw new Error("Webhook SMS needs SMS_WEBHOOK_URL and SMS_WEBHOOK_SECRET together");
    }
    return new WebhookSmsChannel({
      url: settings.webhookUrl,
      secret: settings.webhookSecret,
      statusCallbackUrl: `${origin}${smsStatusCallbackPaths.generic}`,
    });
  }
  return null;
}
