// Push to the Caredesk mobile app through Firebase Cloud Messaging (HTTP v1), with the official
// `firebase-admin` SDK: one message per registered device, addressed by its FCM token.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Agent } from "node:http";
import {
  deleteApp,
  initializeApp,
  type App,
  type Credential,
  type GoogleOAuthAccessToken,
} from "firebase-admin/app";
import { getMessaging, type Messaging } from "firebase-admin/messaging";
import { JWT } from "google-auth-library";
import { DeliveryError, type Channel, type OutgoingMessage, type SendResult } from "./channel";

export interface FcmConfig {
  /** The Firebase project the app is registered in. */
  projectId: string;
  clientEmail: string;
  /** The service account's PEM private key. */
  privateKey: string;
  /** The agent for Google's token and FCM endpoints (a proxy, or a test's local stand-in). */
  httpAgent?: Agent | undefined;
}

/** The FCM error codes (firebase-admin's `messaging/…`) that mean the token is dead. */
const goneCodes = new Set([
  "messaging/registration-token-not-registered",
  "messaging/invalid-registration-token",
]);

/** Codes that no retry will change: our credentials or the message itself are refused. */
const finalCodes = new Set([
  "messaging/invalid-argument",
  "messaging/invalid-recipient",
  "messaging/invalid-payload",
  "messaging/invalid-data-payload-key",
  "messaging/payload-size-limit-exceeded",
  "messaging/invalid-options",
  "messaging/invalid-package-name",
  "messaging/mismatched-credential",
  "messaging/third-party-auth-error",
  "messaging/authentication-error",
]);

function codeOf(error: unknown): string {
  return error && typeof error === "object" && "code" in error ? String(error.code) : "";
}

/**
 * FCM's answer as a delivery error. An unregistered token (or one FCM calls malformed) is gone:
 * the delivery job removes its device. Refusals of the message or of our credentials are final;
 * FCM being unavailable or busy, or Google's token endpoint out of reach, is retried.
 */
export function fcmDeliveryError(error: unknown): DeliveryError {
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : "";
  // FCM answers INVALID_ARGUMENT both for a malformed token and for a malformed message.
  const tokenRefused = code === "messaging/invalid-argument" && /registration token/i.test(message);
  if (goneCodes.has(code) || tokenRefused) {
    return new DeliveryError(`The mobile device is no longer registered (${code})`, {
      permanent: true,
      gone: true,
    });
  }
  if (finalCodes.has(code)) {
    return new DeliveryError(`FCM refused the message (${code})`, { permanent: true });
  }
  // Never the error's own text: it can quote the token.
  return new DeliveryError(`FCM could not take the message (${code || "no answer"})`, {
    permanent: false,
    cause: error,
  });
}

/** Android shows about this much of a notification's text; FCM takes 4 KB in all. */
const maxBodyCharacters = 1000;

function truncate(text: string, max: number): string {
  const characters = Array.from(text);
  return characters.length <= max ? text : `${characters.slice(0, max - 1).join("")}…`;
}

const messagingScope = "https://www.googleapis.com/auth/firebase.messaging";

/**
 * The service account's access tokens (the JWT bearer grant), from Google's own auth library as
 * firebase-admin uses it. Built here rather than with firebase-admin's `cert()` because `cert()`
 * drops its `httpAgent` for a key given as an object (firebase-admin 13's `populateGoogleAuth`
 * calls `fromJSON` without the client options), so token requests would bypass the agent.
 */
class ServiceAccountCredential implements Credential {
  private readonly client: JWT;

  constructor(config: FcmConfig) {
    this.client = new JWT({
      email: config.clientEmail,
      key: config.privateKey,
      scopes: [messagingScope],
      ...(config.httpAgent ? { transporterOptions: { agent: config.httpAgent } } : {}),
    });
  }

  async getAccessToken(): Promise<GoogleOAuthAccessToken> {
    const { token } = await this.client.getAccessToken();
    if (!token) throw new Error("Google's token endpoint answered no access token");
    const expiry = this.client.credentials.expiry_date ?? Date.now() + 3_000_000;
    return {
      access_token: token,
      expires_in: Math.max(0, Math.floor((expiry - Date.now()) / 1000)),
    };
  }
}

export class FcmChannel implements Channel {
  readonly name = "mobile" as const;
  private readonly app: App;
  private readonly messaging: Messaging;

  constructor(config: FcmConfig) {
    // A named app of our own: several channels (tests, restarts) never share SDK state.
    this.app = initializeApp(
      {
        credential: new ServiceAccountCredential(config),
        projectId: config.projectId,
        ...(config.httpAgent ? { httpAgent: config.httpAgent } : {}),
      },
      `caredesk-fcm-${randomUUID()}`,
    );
    this.messaging = getMessaging(this.app);
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    const token = message.to.trim();
    if (!token) throw new DeliveryError("No FCM token for the device", { permanent: true });
    const title = truncate(message.subject, 200);
    const body = truncate(message.text, maxBodyCharacters);
    // A retried delivery replaces the copy the device may already show (Android tag, APNs
    // collapse id ≤ 64 bytes).
    const collapse = message.id.replaceAll("-", "").slice(0, 32);
    try {
      const name = await this.messaging.send({
        token,
        notification: { title, body },
        data: { url: message.url ?? "/", notificationId: message.id },
        android: {
          priority: "high",
          ttl: 86_400_000,
          collapseKey: collapse,
          notification: { tag: collapse },
        },
        apns: {
          headers: { "apns-collapse-id": collapse, "apns-priority": "10" },
          payload: { aps: { sound: "default" } },
        },
      });
      return { providerMessageId: name };
    } catch (error) {
      throw fcmDeliveryError(error);
    }
  }

  async close(): Promise<void> {
    await deleteApp(this.app);
  }
}

export interface FcmSettings {
  /** The service account's JSON key, or a path to its file. */
  serviceAccountJson?: string | undefined;
  projectId?: string | undefined;
  clientEmail?: string | undefined;
  privateKey?: string | undefined;
  httpAgent?: Agent | undefined;
}

function serviceAccountFrom(json: string): Omit<FcmConfig, "httpAgent"> {
  const text = json.trimStart().startsWith("{") ? json : readFileSync(json, "utf8");
  const parsed = JSON.parse(text) as {
    project_id?: unknown;
    client_email?: unknown;
    private_key?: unknown;
  };
  const { project_id: projectId, client_email: clientEmail, private_key: privateKey } = parsed;
  if (
    typeof projectId !== "string" ||
    typeof clientEmail !== "string" ||
    typeof privateKey !== "string"
  ) {
    throw new Error(
      "FCM_SERVICE_ACCOUNT_JSON needs project_id, client_email and private_key (a service account key)",
    );
  }
  return { projectId, clientEmail, privateKey };
}

/**
 * The mobile push channel from a service account (its JSON, a path to it, or its three parts),
 * else null (not offered). Half a configuration refuses to start.
 */
export function createFcmChannel(settings: FcmSettings): Channel | null {
  if (settings.serviceAccountJson) {
    return new FcmChannel({
      ...serviceAccountFrom(settings.serviceAccountJson),
      httpAgent: settings.httpAgent,
    });
  }
  const parts = [settings.projectId, settings.clientEmail, settings.privateKey];
  if (!parts.some(Boolean)) return null;
  if (!parts.every(Boolean)) {
    throw new Error(
      "FCM needs FCM_SERVICE_ACCOUNT_JSON, or FCM_PROJECT_ID, FCM_CLIENT_EMAIL and FCM_PRIVATE_KEY together",
    );
  }
  return new FcmChannel({
    projectId: settings.projectId ?? "",
    clientEmail: settings.clientEmail ?? "",
    // Environment files often carry the PEM's newlines as "\n".
    privateKey: (settings.privateKey ?? "").replaceAll("\\n", "\n"),
    httpAgent: settings.httpAgent,
  });
}
