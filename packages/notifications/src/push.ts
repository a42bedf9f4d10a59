// Web push (RFC 8030) to the browsers people enabled notifications on, with VAPID (RFC 8292)
// and the aes128gcm payload encryption of RFC 8291, through the `web-push` library.
import type { Agent } from "node:https";
import webPush from "web-push";
import {
  DeliveryError,
  isRetryableStatus,
  type Channel,
  type OutgoingMessage,
  type SendResult,
} from "./channel";

export interface WebPushConfig {
  /** VAPID key pair, base64url (`npx web-push generate-vapid-keys`). */
  publicKey: string;
  privateKey: string;
  /** A `mailto:` or `https:` contact the push services can reach the sender at. */
  subject: string;
  /** How long a push service keeps an undelivered message, in seconds (default one day). */
  ttlSeconds?: number | undefined;
  timeoutMs?: number | undefined;
  /** The HTTPS agent for push services (tests trust a local endpoint's certificate with it). */
  agent?: Agent | undefined;
}

/** What the service worker (apps/web/public/sw.js) receives, decrypted. */
export interface PushPayload {
  title: string;
  body: string;
  /** Where a tap on the notification leads (a path of the app). */
  url: string;
  /** The notification's id: repeats of one message replace each other on the device. */
  id: string;
}

/** A push subscription as the delivery job passes it (`to`): the browser's own JSON shape. */
interface Subscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

function parseSubscription(to: string): Subscription {
  try {
    const value = JSON.parse(to) as Partial<Subscription> | null;
    const endpoint = value?.endpoint;
    const keys = value?.keys;
    if (
      typeof endpoint === "string" &&
      new URL(endpoint).protocol === "https:" &&
      typeof keys?.p256dh === "string" &&
      typeof keys.auth === "string"
    ) {
      return { endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth } };
    }
  } catch {
    // Falls through to the refusal below.
  }
  throw new DeliveryError("Not a push subscription", { permanent: true });
}

/** Push services take about 4 KB of payload; long texts are cut to stay well inside it. */
const maxBodyCharacters = 1000;

function truncate(text: string, max: number): string {
  const characters = Array.from(text);
  return characters.length <= max ? text : `${characters.slice(0, max - 1).join("")}…`;
}

interface WebPushFailure {
  statusCode: number;
}

function isWebPushError(error: unknown): error is WebPushFailure {
  return (
    error instanceof webPush.WebPushError ||
    (error instanceof Error && error.name === "WebPushError" && "statusCode" in error)
  );
}

export class WebPushChannel implements Channel {
  readonly name = "push" as const;

  constructor(private readonly config: WebPushConfig) {}

  async send(message: OutgoingMessage): Promise<SendResult> {
    const subscription = parseSubscription(message.to);
    const payload: PushPayload = {
      title: truncate(message.subject, 200),
      body: truncate(message.text, maxBodyCharacters),
      url: message.url ?? "/",
      id: message.id,
    };
    let sent: webPush.SendResult;
    try {
      sent = await webPush.sendNotification(subscription, JSON.stringify(payload), {
        vapidDetails: {
          subject: this.config.subject,
          publicKey: this.config.publicKey,
          privateKey: this.config.privateKey,
        },
        TTL: this.config.ttlSeconds ?? 86_400,
        contentEncoding: "aes128gcm",
        urgency: "normal",
        // A retried delivery replaces the copy a push service may still hold (≤ 32 base64url).
        topic: message.id.replaceAll("-", "").slice(0, 32),
        timeout: this.config.timeoutMs ?? 15_000,
        ...(this.config.agent ? { agent: this.config.agent } : {}),
      });
    } catch (error) {
      if (isWebPushError(error)) {
        const status = error.statusCode;
        // 404/410: the browser dropped the subscription; the delivery job removes it.
        if (status === 404 || status === 410) {
          throw new DeliveryError(`The push subscription is gone (HTTP ${status})`, {
            permanent: true,
            gone: true,
          });
        }
        throw new DeliveryError(`The push service refused the message (HTTP ${status})`, {
          permanent: !isRetryableStatus(status),
        });
      }
      const code =
        error && typeof error === "object" && "code" in error ? String(error.code) : "no answer";
      throw new DeliveryError(`The push service could not be reached (${code})`, {
        permanent: false,
        cause: error,
      });
    }
    const location = sent.headers.location;
    return { providerMessageId: typeof location === "string" ? location : null };
  }
}

export interface PushSettings {
  vapidPublicKey?: string | undefined;
  vapidPrivateKey?: string | undefined;
  vapidSubject?: string | undefined;
}

/** The web push channel when the VAPID keys and subject are set, else null (not offered). */
export function createPushChannel(settings: PushSettings): Channel | null {
  const parts = [settings.vapidPublicKey, settings.vapidPrivateKey, settings.vapidSubject];
  if (!parts.some(Boolean)) return null;
  if (!parts.every(Boolean)) {
    throw new Error(
      "Web push needs VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT together",
    );
  }
  const config: WebPushConfig = {
    publicKey: settings.vapidPublicKey ?? "",
    privateKey: settings.vapidPrivateKey ?? "",
    subject: settings.vapidSubject ?? "",
  };
  // Refuses malformed keys or subject now, at start-up, rather than at the first delivery.
  webPush.getVapidHeaders(
    "https://push.example",
    config.subject,
    config.publicKey,
    config.privateKey,
    "aes128gcm",
  );
  return new WebPushChannel(config);
}
