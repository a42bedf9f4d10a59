// SMS channels against local stand-ins that speak the providers' HTTP: Twilio's Messages
// resource (form body, Basic auth, 201 / 400 / 500 JSON) and a generic signed JSON webhook.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import twilio from "twilio";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createSmsChannel,
  DeliveryError,
  signWebhook,
  TwilioSmsChannel,
  verifyTwilioSignature,
  verifyWebhookSignature,
  WebhookSmsChannel,
  type OutgoingMessage,
} from "../src";

const accountSid = `AC${"0123456789abcdef".repeat(2)}`;
const authToken = "twilio-test-auth-token";
const invalidNumber = "+15005550001";
/** The number the stand-ins answer 500 for. */
const failingNumber = "+201001234500";

interface Received {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

let server: Server;
let base: string;
let received: Received[] = [];

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", () => resolve(body));
    request.on("error", reject);
  });
}

beforeAll(async () => {
  server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const path = request.url ?? "/";
      received.push({ method: request.method ?? "", path, headers: request.headers, body });
      const json = (status: number, value: unknown) => {
        response.writeHead(status, { "content-type": "application/json" });
        response.end(JSON.stringify(value));
      };
      if (path === `/2010-04-01/Accounts/${accountSid}/Messages.json`) {
        const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
        if (request.headers.authorization !== expected) {
          return json(401, { code: 20003, message: "Authenticate", status: 401 });
        }
        const form = new URLSearchParams(body);
        const to = form.get("To");
        if (to === invalidNumber) {
          return json(400, {
            code: 21211,
            message: `The 'To' number ${to} is not a valid phone number.`,
            more_info: "https://www.twilio.com/docs/errors/21211",
            status: 400,
          });
        }
        if (to === failingNumber) {
          return json(500, { code: 20500, message: "Internal Server Error", status: 500 });
        }
        return json(201, {
          sid: "SM0123456789abcdef0123456789abcdef",
          account_sid: accountSid,
          to,
          from: form.get("From"),
          body: form.get("Body"),
          status: "queued",
        });
      }
      if (path === "/sms") {
        const to = (JSON.parse(body) as { to: string }).to;
        if (to === invalidNumber) return json(422, { error: "invalid number" });
        if (to === failingNumber) return json(503, { error: "try later" });
        return json(202, { id: "gw-42" });
      }
      json(404, { error: "not found" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  received = [];
});

function message(to: string, id = "5b0b8a52-8f1d-4b4e-9a0e-0d2b0f8c1a11"): OutgoingMessage {
  return {
    id,
    to,
    fromName: "Nile Clinic",
    subject: "Appointment reminder",
    text: "Your appointment is tomorrow at 10:00.",
  };
}

function twilioChannel(apiBase = base) {
  return new TwilioSmsChannel({
    accountSid,
    authToken,
    from: "+15005550006",
    apiBase,
    statusCallbackUrl: "https://caredesk.example/webhooks/sms/twilio",
  });
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

describe("Twilio", () => {
  it("sends with from, to, body and status callback, and keeps the message SID", async () => {
    const result = await twilioChannel().send(message("+447911123456"));

    expect(result).toEqual({ providerMessageId: "SM0123456789abcdef0123456789abcdef" });
    expect(received).toHaveLength(1);
    const form = new URLSearchParams(received[0]?.body);
    expect(received[0]?.method).toBe("POST");
    expect(Object.fromEntries(form)).toEqual({
      From: "+15005550006",
      To: "+447911123456",
      Body: "Your appointment is tomorrow at 10:00.",
      StatusCallback: "https://caredesk.example/webhooks/sms/twilio",
    });
  });

  it("sends the notification id as Twilio's idempotency token", async () => {
    await twilioChannel().send(message("+447911123456", "a9f1c0de-0000-4000-8000-000000000001"));

    expect(received[0]?.headers["i-twilio-idempotency-token"]).toBe(
      "a9f1c0de-0000-4000-8000-000000000001",
    );
  });

  it("refuses a number Twilio calls invalid for good, without the number in the error", async () => {
    const error = await deliveryErrorOf(twilioChannel().send(message(invalidNumber)));

    expect(error.permanent).toBe(true);
    expect(error.message).toContain("21211");
    expect(error.message).not.toContain(invalidNumber);
  });

  it("retries when Twilio answers 500", async () => {
    const error = await deliveryErrorOf(twilioChannel().send(message(failingNumber)));

    expect(error.permanent).toBe(false);
  });

  it("retries when Twilio cannot be reached", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const error = await deliveryErrorOf(
      twilioChannel(`http://127.0.0.1:${port}`).send(message("+447911123456")),
    );

    expect(error.permanent).toBe(false);
  });

  it("refuses a number that is not E.164 before asking Twilio", async () => {
    for (const to of ["07700 900123", "+44", "+4479111234564567", "+999123456789"]) {
      const error = await deliveryErrorOf(twilioChannel().send(message(to)));
      expect(error.permanent).toBe(true);
    }
    expect(received).toEqual([]);
  });

  it("accepts Twilio's own signature on a status callback, and nothing else", () => {
    const url = "https://caredesk.example/webhooks/sms/twilio";
    const params = { MessageSid: "SM1", MessageStatus: "delivered", AccountSid: accountSid };
    const signature = twilio.getExpectedTwilioSignature(authToken, url, params);

    expect(verifyTwilioSignature(authToken, url, params, signature)).toBe(true);
    expect(
      verifyTwilioSignature(authToken, url, { ...params, MessageStatus: "failed" }, signature),
    ).toBe(false);
    expect(verifyTwilioSignature("another-token", url, params, signature)).toBe(false);
    expect(verifyTwilioSignature(authToken, url, params, undefined)).toBe(false);
  });
});

describe("generic webhook provider", () => {
  const secret = "whsec_test_secret";
  const channel = () =>
    new WebhookSmsChannel({
      url: `${base}/sms`,
      secret,
      statusCallbackUrl: "https://caredesk.example/webhooks/sms/generic",
    });

  it("posts signed JSON and keeps the provider's message id", async () => {
    const result = await channel().send(message("+201001234567"));

    expect(result).toEqual({ providerMessageId: "gw-42" });
    const request = received[0];
    expect(JSON.parse(request?.body ?? "")).toEqual({
      id: "5b0b8a52-8f1d-4b4e-9a0e-0d2b0f8c1a11",
      to: "+201001234567",
      body: "Your appointment is tomorrow at 10:00.",
      statusCallbackUrl: "https://caredesk.example/webhooks/sms/generic",
    });
    const signature = request?.headers["x-caredesk-signature"];
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, request?.body ?? "", String(signature))).toBe(true);
  });

  it("maps 4xx to a permanent failure and 5xx to a retry", async () => {
    expect((await deliveryErrorOf(channel().send(message(invalidNumber)))).permanent).toBe(true);
    expect((await deliveryErrorOf(channel().send(message(failingNumber)))).permanent).toBe(false);
  });

  it("verifies a genuine signature and rejects a forged, altered, stale or malformed one", () => {
    const body = JSON.stringify({ id: "gw-42", status: "delivered" });
    const now = new Date();
    const header = signWebhook(secret, body, now);

    expect(verifyWebhookSignature(secret, body, header, 300, now)).toBe(true);
    expect(verifyWebhookSignature("another secret", body, header, 300, now)).toBe(false);
    expect(verifyWebhookSignature(secret, `${body} `, header, 300, now)).toBe(false);
    const later = new Date(now.getTime() + 301_000);
    expect(verifyWebhookSignature(secret, body, header, 300, later)).toBe(false);
    expect(verifyWebhookSignature(secret, body, header.replace(/v1=.*/, "v1=abc"), 300, now)).toBe(
      false,
    );
    expect(verifyWebhookSignature(secret, body, "", 300, now)).toBe(false);
    expect(verifyWebhookSignature(secret, body, undefined, 300, now)).toBe(false);
  });

  it("accepts a header with a rotated secret's signature beside the current one", () => {
    const body = "{}";
    const now = new Date();
    const current = signWebhook(secret, body, now);
    const old = signWebhook("old secret", body, now);

    expect(verifyWebhookSignature(secret, body, `${old},${current.split(",")[1]}`, 300, now)).toBe(
      true,
    );
  });
});

describe("createSmsChannel", () => {
  it("offers Twilio, the webhook, or nothing, and refuses half a configuration", () => {
    const origin = "https://caredesk.example";
    expect(createSmsChannel({ publicOrigin: origin })).toBeNull();
    expect(
      createSmsChannel({
        publicOrigin: origin,
        twilioAccountSid: accountSid,
        twilioAuthToken: authToken,
        twilioFrom: "+15005550006",
      }),
    ).toBeInstanceOf(TwilioSmsChannel);
    expect(
      createSmsChannel({ publicOrigin: origin, webhookUrl: `${base}/sms`, webhookSecret: "s" }),
    ).toBeInstanceOf(WebhookSmsChannel);
    expect(() => createSmsChannel({ publicOrigin: origin, twilioAccountSid: accountSid })).toThrow(
      /TWILIO_AUTH_TOKEN/,
    );
  });
});
