// A local stand-in of Firebase Cloud Messaging's HTTP v1 API and of Google's OAuth2 token
// endpoint, for tests: one HTTPS server answering as fcm.googleapis.com and oauth2.googleapis.com
// (a throwaway certificate for both names), reached through `agent`, which firebase-admin takes
// as its `httpAgent` and sends every connection through to 127.0.0.1.
//
// The token endpoint checks the service account's JWT assertion (RS256 with the key pair made
// here); the send endpoint checks the access token it issued and the message's shape as FCM
// does, keeps what it accepted, and answers UNREGISTERED for tokens it was told are gone.
import { execFileSync } from "node:child_process";
import { createPublicKey, generateKeyPairSync, randomUUID, verify } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Agent, createServer, type AgentOptions, type Server } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, type ConnectionOptions } from "node:tls";

export interface FcmServiceAccount {
  projectId: string;
  clientEmail: string;
  privateKey: string;
}

/** A message FCM accepted, as it arrived (`message` of the send request). */
export interface ReceivedFcmMessage {
  name: string;
  projectId: string;
  token: string;
  notification: { title?: string; body?: string };
  data: Record<string, string>;
  android?: Record<string, unknown>;
  apns?: Record<string, unknown>;
}

export interface FcmStandIn {
  port: number;
  /** The agent to hand firebase-admin (`httpAgent`): Google's hosts, answered here. */
  agent: Agent;
  /** A service account of the stand-in's project, with a private key it verifies. */
  serviceAccount: FcmServiceAccount;
  messages(): ReceivedFcmMessage[];
  /** How many access tokens the token endpoint issued. */
  tokensIssued(): number;
  /** Requests refused (bad assertion, bad access token, bad message), with FCM's status. */
  refusals(): { path: string; status: number; reason: string }[];
  /** From now on, FCM answers UNREGISTERED for this token. */
  unregister(token: string): void;
  /**
   * The next `count` sends fail: 500 INTERNAL, or 503 UNAVAILABLE (which firebase-admin itself
   * retries with back-off before giving up).
   */
  failNext(count: number, status?: 500 | 503): void;
  close(): Promise<void>;
}

const hosts = ["fcm.googleapis.com", "oauth2.googleapis.com"];
const tokenAudience = "https://oauth2.googleapis.com/token";
const messagingScope = "https://www.googleapis.com/auth/firebase.messaging";

/** A throwaway certificate for Google's two host names, its own issuer. */
function certificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), "fcm-stand-in-"));
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
        "-days",
        "1",
        "-subj",
        "/CN=Caredesk test Google",
        "-addext",
        `subjectAltName=${hosts.map((h) => `DNS:${h}`).join(",")}`,
        "-addext",
        "basicConstraints=critical,CA:TRUE",
      ],
      { stdio: "ignore" },
    );
    return { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Sends every connection to the stand-in, keeping the host name for TLS (SNI and checks). */
class StandInAgent extends Agent {
  constructor(
    private readonly port: number,
    options: AgentOptions,
  ) {
    super(options);
  }

  override createConnection(options: ConnectionOptions): Socket {
    const servername = options.servername ?? options.host ?? "";
    return connect({ ...options, host: "127.0.0.1", port: this.port, servername });
  }
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json; charset=UTF-8" });
  response.end(JSON.stringify(body));
}

function fcmError(status: number, code: string, message: string, errorCode?: string) {
  return {
    error: {
      code: status,
      message,
      status: code,
      ...(errorCode
        ? {
            details: [
              {
                "@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError",
                errorCode,
              },
            ],
          }
        : {}),
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function decodeSegment(segment: string | undefined): unknown {
  return JSON.parse(Buffer.from(segment ?? "", "base64url").toString("utf8"));
}

/** What FCM's v1 `messages:send` refuses as INVALID_ARGUMENT; null when the message is fine. */
function invalidMessage(message: unknown): string | null {
  if (!isRecord(message)) return "message is required";
  const targets = ["token", "topic", "condition"].filter((k) => message[k] !== undefined);
  if (targets.length !== 1) return "exactly one of token, topic or condition is required";
  if (typeof message.token !== "string" || message.token.length === 0) {
    return "The registration token is not a valid FCM registration token";
  }
  const known = new Set(["token", "notification", "data", "android", "apns", "webpush", "name"]);
  const unknown = Object.keys(message).find((k) => !known.has(k) && k !== "fcm_options");
  if (unknown) return `Invalid JSON payload received. Unknown name "${unknown}"`;
  if (message.notification !== undefined) {
    if (!isRecord(message.notification)) return "notification must be an object";
    for (const [key, value] of Object.entries(message.notification)) {
      if (!["title", "body", "image"].includes(key)) return `Unknown name "notification.${key}"`;
      if (typeof value !== "string") return `notification.${key} must be a string`;
    }
  }
  if (message.data !== undefined) {
    if (!isRecord(message.data)) return "data must be a map of strings";
    for (const [key, value] of Object.entries(message.data)) {
      if (typeof value !== "string") return `data.${key} must be a string`;
      if (key === "from" || key.startsWith("google.") || key.startsWith("gcm.")) {
        return `data key "${key}" is reserved`;
      }
    }
  }
  if (message.android !== undefined) {
    if (!isRecord(message.android)) return "android must be an object";
    const ttl = message.android.ttl;
    if (ttl !== undefined && (typeof ttl !== "string" || !/^\d+(\.\d{1,9})?s$/.test(ttl))) {
      return "android.ttl must be a duration in seconds";
    }
    const priority = message.android.priority;
    if (priority !== undefined && priority !== "high" && priority !== "normal") {
      return "android.priority must be high or normal";
    }
  }
  if (message.apns !== undefined) {
    if (!isRecord(message.apns)) return "apns must be an object";
    if (message.apns.headers !== undefined && !isRecord(message.apns.headers)) {
      return "apns.headers must be a map of strings";
    }
  }
  const size = Buffer.byteLength(JSON.stringify(message), "utf8");
  if (size > 4096 + 1024) return "Message is too big";
  return null;
}

/** Starts the stand-in on a free port of 127.0.0.1. */
export async function startFcmStandIn(options: { projectId?: string } = {}): Promise<FcmStandIn> {
  const projectId = options.projectId ?? "caredesk-test";
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const serviceAccount: FcmServiceAccount = {
    projectId,
    clientEmail: `push@${projectId}.iam.gserviceaccount.com`,
    privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  };
  const accountKey = createPublicKey(publicKey.export({ type: "spki", format: "pem" }));
  const received: ReceivedFcmMessage[] = [];
  const refused: { path: string; status: number; reason: string }[] = [];
  const accessTokens = new Set<string>();
  const unregistered = new Set<string>();
  let failures = 0;
  let failureStatus: 500 | 503 = 500;

  const refuse = (
    response: ServerResponse,
    path: string,
    status: number,
    body: unknown,
    reason: string,
  ) => {
    refused.push({ path, status, reason });
    json(response, status, body);
  };

  /** Google's token endpoint, for the JWT bearer grant (RFC 7523) a service account uses. */
  const issueToken = (path: string, body: string, response: ServerResponse) => {
    const form = new URLSearchParams(body);
    const assertion = form.get("assertion") ?? "";
    const [head, claims, signature] = assertion.split(".");
    const invalid = (reason: string) =>
      refuse(
        response,
        path,
        400,
        { error: "invalid_grant", error_description: "Invalid JWT Signature." },
        reason,
      );
    if (form.get("grant_type") !== "urn:ietf:params:oauth:grant-type:jwt-bearer") {
      return refuse(response, path, 400, { error: "unsupported_grant_type" }, "grant type");
    }
    if (!head || !claims || !signature) return invalid("not a JWT");
    let header: unknown;
    let payload: unknown;
    try {
      header = decodeSegment(head);
      payload = decodeSegment(claims);
    } catch {
      return invalid("not a JWT");
    }
    if (!isRecord(header) || header.alg !== "RS256") return invalid("not RS256");
    const signed = verify(
      "RSA-SHA256",
      Buffer.from(`${head}.${claims}`),
      accountKey,
      Buffer.from(signature, "base64url"),
    );
    if (!signed) return invalid("bad signature");
    const now = Math.floor(Date.now() / 1000);
    if (
      !isRecord(payload) ||
      payload.iss !== serviceAccount.clientEmail ||
      payload.aud !== tokenAudience ||
      typeof payload.exp !== "number" ||
      payload.exp < now ||
      typeof payload.iat !== "number" ||
      payload.iat > now + 300
    ) {
      return invalid("claims");
    }
    const scopes = typeof payload.scope === "string" ? payload.scope.split(" ") : [];
    if (!scopes.includes(messagingScope)) return invalid("no messaging scope");
    const accessToken = `ya29.stand-in-${randomUUID()}`;
    accessTokens.add(accessToken);
    json(response, 200, { access_token: accessToken, expires_in: 3599, token_type: "Bearer" });
  };

  const send = (path: string, request: IncomingMessage, body: string, response: ServerResponse) => {
    const match = /^\/v1\/projects\/([^/]+)\/messages:send$/.exec(path);
    if (!match) {
      return refuse(response, path, 404, fcmError(404, "NOT_FOUND", "Not found"), "path");
    }
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
    if (!bearer || !accessTokens.has(bearer)) {
      return refuse(
        response,
        path,
        401,
        fcmError(401, "UNAUTHENTICATED", "Request had invalid authentication credentials."),
        "access token",
      );
    }
    if (match[1] !== projectId) {
      return refuse(
        response,
        path,
        403,
        fcmError(403, "PERMISSION_DENIED", "Permission denied", "SENDER_ID_MISMATCH"),
        "project",
      );
    }
    if (!(request.headers["content-type"] ?? "").startsWith("application/json")) {
      return refuse(
        response,
        path,
        400,
        fcmError(400, "INVALID_ARGUMENT", "Expected JSON"),
        "content type",
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return refuse(
        response,
        path,
        400,
        fcmError(400, "INVALID_ARGUMENT", "Invalid JSON payload received."),
        "json",
      );
    }
    const message = isRecord(parsed) ? parsed.message : undefined;
    const problem = invalidMessage(message);
    if (problem || !isRecord(message)) {
      const reason = problem ?? "message is required";
      const errorCode = reason.includes("registration token") ? "INVALID_ARGUMENT" : undefined;
      return refuse(
        response,
        path,
        400,
        fcmError(400, "INVALID_ARGUMENT", reason, errorCode),
        reason,
      );
    }
    if (failures > 0) {
      failures -= 1;
      const body =
        failureStatus === 503
          ? fcmError(503, "UNAVAILABLE", "The service is currently unavailable.", "UNAVAILABLE")
          : fcmError(500, "INTERNAL", "Internal error encountered.", "INTERNAL");
      return refuse(response, path, failureStatus, body, "unavailable");
    }
    const token = String(message.token);
    if (unregistered.has(token)) {
      return refuse(
        response,
        path,
        404,
        fcmError(404, "NOT_FOUND", "Requested entity was not found.", "UNREGISTERED"),
        "unregistered",
      );
    }
    const name = `projects/${projectId}/messages/${randomUUID()}`;
    received.push({
      name,
      projectId,
      token,
      notification: isRecord(message.notification) ? message.notification : {},
      data: isRecord(message.data) ? (message.data as Record<string, string>) : {},
      ...(isRecord(message.android) ? { android: message.android } : {}),
      ...(isRecord(message.apns) ? { apns: message.apns } : {}),
    });
    json(response, 200, { name });
  };

  const { key, cert } = certificate();
  const server: Server = createServer({ key, cert }, (request, response) => {
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    const host = (request.headers.host ?? "").split(":")[0] ?? "";
    bodyOf(request)
      .then((body) => {
        if (request.method !== "POST") {
          return refuse(response, path, 405, fcmError(405, "METHOD", "Use POST"), "method");
        }
        if (host === "oauth2.googleapis.com" && path === "/token") {
          return issueToken(path, body, response);
        }
        if (host === "fcm.googleapis.com") return send(path, request, body, response);
        return refuse(response, path, 404, fcmError(404, "NOT_FOUND", "Not found"), "host");
      })
      .catch(() => json(response, 500, fcmError(500, "INTERNAL", "Internal error")));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const agent = new StandInAgent(port, { ca: cert, keepAlive: false });

  return {
    port,
    agent,
    serviceAccount,
    messages: () => [...received],
    tokensIssued: () => accessTokens.size,
    refusals: () => [...refused],
    unregister: (token) => {
      unregistered.add(token);
    },
    failNext: (count, status = 500) => {
      failures = count;
      failureStatus = status;
    },
    close: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
