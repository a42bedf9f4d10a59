// Web push to a local HTTPS push service, as a browser's subscription: the test holds the
// subscription's private key and auth secret, and decrypts what arrived (RFC 8291 over RFC 8188
// aes128gcm) to prove the payload is intact and readable only with them.
import { execFileSync } from "node:child_process";
import {
  createDecipheriv,
  createECDH,
  createPublicKey,
  hkdfSync,
  randomBytes,
  verify,
  type ECDH,
} from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Agent, createServer, type Server } from "node:https";
import type { IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import webPush from "web-push";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createPushChannel,
  DeliveryError,
  WebPushChannel,
  type OutgoingMessage,
  type PushPayload,
} from "../src";

const vapid = webPush.generateVAPIDKeys();
const subject = "mailto:ops@caredesk.test";

interface Delivery {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

let server: Server;
let origin: string;
let agent: Agent;
let deliveries: Delivery[] = [];

beforeAll(async () => {
  // A throwaway certificate for 127.0.0.1: web-push speaks only HTTPS.
  const dir = mkdtempSync(join(tmpdir(), "push-test-"));
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
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
    ],
    { stdio: "ignore" },
  );
  const key = readFileSync(join(dir, "key.pem"));
  const cert = readFileSync(join(dir, "cert.pem"));
  rmSync(dir, { recursive: true, force: true });

  server = createServer({ key, cert }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const path = request.url ?? "/";
      deliveries.push({ path, headers: request.headers, body: Buffer.concat(chunks) });
      const status = Number(/^\/status\/(\d{3})/.exec(path)?.[1] ?? 201);
      response.writeHead(status, status === 201 ? { location: `${origin}/messages/m-1` } : {});
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  agent = new Agent({ ca: cert });
});
afterAll(async () => {
  agent.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  deliveries = [];
});

/** A browser's subscription: its P-256 key pair and 16-byte auth secret, and the JSON it shares. */
function browserSubscription(path = "/push/device-1") {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  const auth = randomBytes(16);
  const json = {
    endpoint: `${origin}${path}`,
    keys: {
      p256dh: ecdh.getPublicKey().toString("base64url"),
      auth: auth.toString("base64url"),
    },
  };
  return { ecdh, auth, to: JSON.stringify(json) };
}

/** RFC 8291 §3.4 and RFC 8188 §2: the browser's side of aes128gcm. */
function decrypt(body: Buffer, ecdh: ECDH, authSecret: Buffer): string {
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idLength = body.readUInt8(20);
  const serverPublicKey = body.subarray(21, 21 + idLength);
  const ciphertext = body.subarray(21 + idLength);
  expect(idLength).toBe(65);
  // One record carries a push message (at most 4096 bytes).
  expect(ciphertext.length).toBeLessThanOrEqual(recordSize);

  const sharedSecret = ecdh.computeSecret(serverPublicKey);
  const keyInfo = Buffer.concat([
    Buffer.from("WebPush: info\0"),
    ecdh.getPublicKey(),
    serverPublicKey,
  ]);
  const ikm = Buffer.from(hkdfSync("sha256", sharedSecret, authSecret, keyInfo, 32));
  const cek = Buffer.from(
    hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: aes128gcm\0"), 16),
  );
  const nonce = Buffer.from(
    hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: nonce\0"), 12),
  );

  const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([
    decipher.update(ciphertext.subarray(0, ciphertext.length - 16)),
    decipher.final(),
  ]);
  // The last record ends with the delimiter 0x02, then any zero padding.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  expect(padded[end]).toBe(2);
  return padded.subarray(0, end).toString("utf8");
}

/** Checks the VAPID header (RFC 8292): our public key, and an ES256 JWT it verifies. */
function vapidClaims(authorization: string | undefined): Record<string, unknown> {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization ?? "");
  if (!match?.[1] || !match[2]) throw new Error(`not a VAPID header: ${authorization}`);
  expect(match[2]).toBe(vapid.publicKey);
  const [header, claims, signature] = match[1].split(".");
  const point = Buffer.from(match[2], "base64url");
  const publicKey = createPublicKey({
    key: {
      kty: "EC",
      crv: "P-256",
      x: point.subarray(1, 33).toString("base64url"),
      y: point.subarray(33, 65).toString("base64url"),
    },
    format: "jwk",
  });
  const valid = verify(
    "sha256",
    Buffer.from(`${header}.${claims}`),
    { key: publicKey, dsaEncoding: "ieee-p1363" },
    Buffer.from(signature ?? "", "base64url"),
  );
  expect(valid).toBe(true);
  return JSON.parse(Buffer.from(claims ?? "", "base64url").toString("utf8")) as Record<
    string,
    unknown
  >;
}

function channel() {
  return new WebPushChannel({
    publicKey: vapid.publicKey,
    privateKey: vapid.privateKey,
    subject,
    ttlSeconds: 3600,
    agent,
  });
}

function message(to: string): OutgoingMessage {
  return {
    id: "5b0b8a52-8f1d-4b4e-9a0e-0d2b0f8c1a11",
    to,
    fromName: "Nile Clinic",
    subject: "Appointment confirmed",
    text: "Tuesday 10:00 with Dr Amira Hassan — أهلاً 🦷",
    url: "/portal/appointments",
  };
}

async function deliveryErrorOf(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(
    () => null,
    (cause: unknown) => cause,
  );
  if (!(error instanceof DeliveryError))
    throw new Error(`expected a DeliveryError: ${String(error)}`);
  return error;
}

describe("web push", () => {
  it("delivers an encrypted payload only the subscription's keys can read", async () => {
    const device = browserSubscription();

    const result = await channel().send(message(device.to));

    expect(result.providerMessageId).toBe(`${origin}/messages/m-1`);
    expect(deliveries).toHaveLength(1);
    const delivery = deliveries[0];
    if (!delivery) throw new Error("nothing arrived");
    expect(delivery.path).toBe("/push/device-1");
    expect(delivery.headers["content-encoding"]).toBe("aes128gcm");
    expect(delivery.headers.ttl).toBe("3600");
    expect(delivery.body.includes(Buffer.from("Appointment"))).toBe(false);
    const payload = JSON.parse(decrypt(delivery.body, device.ecdh, device.auth)) as PushPayload;
    expect(payload).toEqual({
      title: "Appointment confirmed",
      body: "Tuesday 10:00 with Dr Amira Hassan — أهلاً 🦷",
      url: "/portal/appointments",
      id: "5b0b8a52-8f1d-4b4e-9a0e-0d2b0f8c1a11",
    });
  });

  it("signs for the push service's origin with the VAPID key", async () => {
    const device = browserSubscription();

    await channel().send(message(device.to));

    const claims = vapidClaims(deliveries[0]?.headers.authorization);
    expect(claims).toMatchObject({ aud: origin, sub: subject });
    expect(Number(claims.exp)).toBeGreaterThan(Date.now() / 1000);
  });

  it("cannot be read with another device's keys", async () => {
    const device = browserSubscription();
    const stranger = browserSubscription();

    await channel().send(message(device.to));

    const body = deliveries[0]?.body ?? Buffer.alloc(0);
    expect(() => decrypt(body, stranger.ecdh, stranger.auth)).toThrow();
  });

  it.each([404, 410])("reports a subscription answered %i as gone, for good", async (status) => {
    const device = browserSubscription(`/status/${status}`);

    const error = await deliveryErrorOf(channel().send(message(device.to)));

    expect(error).toMatchObject({ permanent: true, gone: true });
  });

  it("does not retry a 4xx refusal, and keeps the subscription", async () => {
    const device = browserSubscription("/status/400");

    const error = await deliveryErrorOf(channel().send(message(device.to)));

    expect(error).toMatchObject({ permanent: true, gone: false });
  });

  it.each([500, 503, 429])("retries when the push service answers %i", async (status) => {
    const device = browserSubscription(`/status/${status}`);

    const error = await deliveryErrorOf(channel().send(message(device.to)));

    expect(error).toMatchObject({ permanent: false, gone: false });
  });

  it("refuses a recipient that is not a subscription, for good", async () => {
    for (const to of ["+201001234567", "{}", JSON.stringify({ endpoint: "http://x.test" })]) {
      const error = await deliveryErrorOf(channel().send(message(to)));
      expect(error.permanent).toBe(true);
    }
    expect(deliveries).toEqual([]);
  });
});

describe("createPushChannel", () => {
  it("offers push only with the whole VAPID configuration", () => {
    expect(createPushChannel({})).toBeNull();
    expect(
      createPushChannel({
        vapidPublicKey: vapid.publicKey,
        vapidPrivateKey: vapid.privateKey,
        vapidSubject: subject,
      }),
    ).toBeInstanceOf(WebPushChannel);
    expect(() => createPushChannel({ vapidPublicKey: vapid.publicKey })).toThrow(/VAPID_SUBJECT/);
  });
});
