// SMS delivery-status callbacks: only a genuine provider signature is heard, each report is
// recorded once, and a message never moves back from delivered.
import { createHmac } from "node:crypto";
import { schema } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import { createOrganization, signUp } from "@caredesk/api/testing";
import { signWebhook } from "@caredesk/notifications";
import { count, eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { appOrigin, startServer } from "./server";

const authToken = "0123456789abcdef0123456789abcdef";
const webhookSecret = "whsec_0123456789abcdef";
const twilioPath = "/webhooks/sms/twilio";
const genericPath = "/webhooks/sms/generic";

let database: TestDatabase;
let app: FastifyInstance;
let organizationId: string;
let sequence = 0;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  app = await startServer(database, {
    TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`,
    TWILIO_AUTH_TOKEN: authToken,
    TWILIO_FROM: "+15005550006",
    SMS_WEBHOOK_URL: "https://sms-gateway.example/messages",
    SMS_WEBHOOK_SECRET: webhookSecret,
  });
  const owner = await signUp(database.db);
  organizationId = (await createOrganization(database.db, owner)).id;
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

/** An SMS the delivery job handed to the provider, which named it `providerMessageId`. */
async function sentSms() {
  sequence++;
  const providerMessageId = `SM${String(sequence).padStart(32, "0")}`;
  const [row] = await database.db
    .insert(schema.notification)
    .values({
      organizationId,
      kind: "appointment_reminder",
      channel: "sms",
      status: "sent",
      recipient: "+201001234567",
      providerMessageId,
      sentAt: new Date(),
    })
    .returning({ id: schema.notification.id });
  if (!row) throw new Error("no notification");
  return { id: row.id, providerMessageId };
}

async function notificationRow(id: string) {
  const [row] = await database.db
    .select()
    .from(schema.notification)
    .where(eq(schema.notification.id, id));
  return row;
}

async function reportCount(providerMessageId: string) {
  const [row] = await database.db
    .select({ n: count() })
    .from(schema.deliveryReport)
    .where(eq(schema.deliveryReport.providerMessageId, providerMessageId));
  return row?.n;
}

/** Twilio's scheme, written out: HMAC-SHA1 of the URL and the sorted parameters, base64. */
function twilioSignature(url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((text, key) => text + key + params[key], url);
  return createHmac("sha1", authToken).update(data).digest("base64");
}

function twilioCallback(params: Record<string, string>, signature?: string) {
  return app.inject({
    method: "POST",
    url: twilioPath,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(signature === undefined ? {} : { "x-twilio-signature": signature }),
    },
    payload: new URLSearchParams(params).toString(),
  });
}

function statusParams(providerMessageId: string, status: string, errorCode?: string) {
  return {
    AccountSid: `AC${"0".repeat(32)}`,
    MessageSid: providerMessageId,
    MessageStatus: status,
    To: "+201001234567",
    ...(errorCode ? { ErrorCode: errorCode } : {}),
  };
}

/** A genuine Twilio callback about `providerMessageId`. */
function twilioReport(providerMessageId: string, status: string, errorCode?: string) {
  const params = statusParams(providerMessageId, status, errorCode);
  return twilioCallback(params, twilioSignature(`${appOrigin}${twilioPath}`, params));
}

function genericReport(body: string, signature: string | undefined) {
  return app.inject({
    method: "POST",
    url: genericPath,
    headers: {
      "content-type": "application/json",
      ...(signature === undefined ? {} : { "x-caredesk-signature": signature }),
    },
    payload: body,
  });
}

describe("Twilio status callbacks", () => {
  it("refuses a forged signature with 400 and records nothing", async () => {
    const sms = await sentSms();
    const params = statusParams(sms.providerMessageId, "delivered");

    const forged = await twilioCallback(params, twilioSignature("https://evil.example/x", params));
    const missing = await twilioCallback(params);

    expect(forged.statusCode).toBe(400);
    expect(missing.statusCode).toBe(400);
    expect(await reportCount(sms.providerMessageId)).toBe(0);
    expect((await notificationRow(sms.id))?.status).toBe("sent");
  });

  it("refuses a signature over other parameters than those posted", async () => {
    const sms = await sentSms();
    const signed = statusParams(sms.providerMessageId, "failed");
    const posted = statusParams(sms.providerMessageId, "delivered");

    const response = await twilioCallback(
      posted,
      twilioSignature(`${appOrigin}${twilioPath}`, signed),
    );

    expect(response.statusCode).toBe(400);
    expect(await reportCount(sms.providerMessageId)).toBe(0);
  });

  it("marks the message delivered on a genuine report, past the CSRF guard", async () => {
    const sms = await sentSms();

    const response = await twilioReport(sms.providerMessageId, "delivered");

    expect(response.statusCode).toBe(204);
    const row = await notificationRow(sms.id);
    expect(row?.status).toBe("delivered");
    expect(row?.deliveredAt).toBeInstanceOf(Date);
    const [report] = await database.db
      .select()
      .from(schema.deliveryReport)
      .where(eq(schema.deliveryReport.providerMessageId, sms.providerMessageId));
    expect(report).toMatchObject({
      notificationId: sms.id,
      provider: "twilio",
      status: "delivered",
      delivered: true,
    });
  });

  it("records a replayed report once", async () => {
    const sms = await sentSms();

    const first = await twilioReport(sms.providerMessageId, "delivered");
    const deliveredAt = (await notificationRow(sms.id))?.deliveredAt;
    const replay = await twilioReport(sms.providerMessageId, "delivered");

    expect([first.statusCode, replay.statusCode]).toEqual([204, 204]);
    expect(await reportCount(sms.providerMessageId)).toBe(1);
    expect((await notificationRow(sms.id))?.deliveredAt).toEqual(deliveredAt);
  });

  it("keeps a delivered message delivered when a failure arrives after it", async () => {
    const sms = await sentSms();

    await twilioReport(sms.providerMessageId, "delivered");
    const late = await twilioReport(sms.providerMessageId, "failed", "30008");

    expect(late.statusCode).toBe(204);
    expect(await reportCount(sms.providerMessageId)).toBe(2);
    const row = await notificationRow(sms.id);
    expect(row?.status).toBe("delivered");
    expect(row?.lastError).toBeNull();
  });

  it("marks an undelivered message failed with the provider's code", async () => {
    const sms = await sentSms();

    await twilioReport(sms.providerMessageId, "sent");
    await twilioReport(sms.providerMessageId, "undelivered", "30003");

    const row = await notificationRow(sms.id);
    expect(row?.status).toBe("failed");
    expect(row?.lastError).toContain("30003");
  });

  it("lets a delivery report correct an earlier failure", async () => {
    const sms = await sentSms();

    await twilioReport(sms.providerMessageId, "failed", "30008");
    await twilioReport(sms.providerMessageId, "delivered");

    expect((await notificationRow(sms.id))?.status).toBe("delivered");
  });
});

describe("generic provider status callbacks", () => {
  it("marks the message delivered on a correctly signed report", async () => {
    const sms = await sentSms();
    const body = JSON.stringify({ id: sms.providerMessageId, status: "delivered" });

    const response = await genericReport(body, signWebhook(webhookSecret, body));

    expect(response.statusCode).toBe(204);
    expect((await notificationRow(sms.id))?.status).toBe("delivered");
  });

  it("refuses a wrong, stale or missing signature with 400 and records nothing", async () => {
    const sms = await sentSms();
    const body = JSON.stringify({ id: sms.providerMessageId, status: "delivered" });
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);

    const responses = await Promise.all([
      genericReport(body, signWebhook("another secret 123456", body)),
      genericReport(body, signWebhook(webhookSecret, body, tenMinutesAgo)),
      genericReport(body, signWebhook(webhookSecret, `${body} `)),
      genericReport(body, undefined),
    ]);

    expect(responses.map((response) => response.statusCode)).toEqual([400, 400, 400, 400]);
    expect(await reportCount(sms.providerMessageId)).toBe(0);
    expect((await notificationRow(sms.id))?.status).toBe("sent");
  });

  it("refuses a signed body that is not a status report", async () => {
    const body = JSON.stringify({ id: "x\u0000y", status: "delivered" });

    const response = await genericReport(body, signWebhook(webhookSecret, body));

    expect(response.statusCode).toBe(400);
  });
});
