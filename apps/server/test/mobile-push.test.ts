// Push to the mobile app: the app registers its FCM token over REST with a bearer token, and an
// appointment reminder then reaches that device through the real firebase-admin SDK, talking to
// a local stand-in of FCM's HTTP v1 API and Google's token endpoint. A token FCM calls
// unregistered loses its device; nobody can remove another account's device.
import { deliverNotification, type DeliveryDeps } from "@caredesk/api";
import {
  callerFor,
  createStockedPractice,
  nextWeekdayAt,
  uniqueIdempotencyKey,
  type StockedPractice,
} from "@caredesk/api/testing";
import { schema } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import { createFcmChannel, type Channel } from "@caredesk/notifications";
import { startFcmStandIn, type FcmStandIn } from "@caredesk/notifications/testing/fcm";
import { and, eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { channelsFromEnv } from "../src/channels";
import { loadEnv } from "../src/env";
import { appOrigin, startServer } from "./server";

let database: TestDatabase;
let app: FastifyInstance;
let practice: StockedPractice;
let fcm: FcmStandIn;
let mobile: Channel;
let patientBearer: string;

const deps = (): DeliveryDeps => ({
  db: database.db,
  channels: { mobile },
  appOrigin: "https://caredesk.example",
});

/** An FCM registration token as the Firebase SDK hands it to the app. */
function fcmToken(label: string): string {
  return `${label}-${crypto.randomUUID().replaceAll("-", "")}:APA91bH${"x".repeat(120)}`;
}

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  app = await startServer(database);
  practice = await createStockedPractice(database.db);
  fcm = await startFcmStandIn();
  const channel = createFcmChannel({
    serviceAccountJson: JSON.stringify({
      type: "service_account",
      project_id: fcm.serviceAccount.projectId,
      client_email: fcm.serviceAccount.clientEmail,
      private_key: fcm.serviceAccount.privateKey,
    }),
    httpAgent: fcm.agent,
  });
  if (!channel) throw new Error("no FCM channel");
  mobile = channel;

  // The practice sends push (browser and app); the patient has not opted out of it.
  const staff = await callerFor(database.db, {
    token: practice.owner.token,
    organizationId: practice.organization.id,
  });
  await staff.organization.update({
    id: practice.organization.id,
    channels: ["email", "push", "in_app"],
  });

  const signIn = await app.inject({
    method: "POST",
    url: "/api/v1/auth/token",
    headers: { "content-type": "application/json" },
    payload: JSON.stringify({
      email: practice.portalUser.email,
      password: practice.portalUser.password,
      deviceName: "Mona's phone",
    }),
  });
  expect(signIn.statusCode).toBe(200);
  patientBearer = signIn.json<{ token: string }>().token;
});
afterAll(async () => {
  await mobile.close?.();
  await fcm.close();
  await app.close();
  await database.drop();
});

function rest(method: "GET" | "POST" | "DELETE", url: string, body?: unknown) {
  return app.inject({
    method,
    url,
    headers: {
      authorization: `Bearer ${patientBearer}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
}

async function register(token: string, deviceName: string): Promise<string> {
  const response = await rest("POST", "/api/v1/me/devices", {
    token,
    platform: "android",
    appVersion: "2.3.1",
    deviceName,
  });
  expect(response.statusCode, response.body).toBe(200);
  const device = response.json<{ id: string }>();
  // The token is never answered back.
  expect(response.body).not.toContain(token);
  return device.id;
}

/** Books the patient as staff: the booking queues reminders on every channel, one per device. */
async function bookWithReminders(daysAhead: number, time: string) {
  const staff = await callerFor(database.db, {
    token: practice.owner.token,
    organizationId: practice.organization.id,
  });
  const booked = await staff.appointment.book({
    serviceId: practice.ids.service,
    patientId: practice.ids.patient,
    start: nextWeekdayAt(time, daysAhead),
    idempotencyKey: uniqueIdempotencyKey(),
  });
  return database.db
    .select()
    .from(schema.notification)
    .where(
      and(
        eq(schema.notification.appointmentId, booked.id),
        eq(schema.notification.kind, "appointment_reminder"),
        eq(schema.notification.channel, "mobile"),
      ),
    );
}

describe("push to the mobile app", () => {
  it("a reminder reaches the device the app registered over REST", async () => {
    const token = fcmToken("phone");
    const deviceId = await register(token, "Mona's Pixel");
    const listed = await rest("GET", "/api/v1/me/devices");
    expect(listed.json()).toContainEqual(
      expect.objectContaining({ id: deviceId, platform: "android", deviceName: "Mona's Pixel" }),
    );

    const reminders = await bookWithReminders(9, "11:00");
    const reminder = reminders.find((r) => r.recipient === deviceId);
    if (!reminder) throw new Error("no reminder for the device");
    expect(reminder.userId).toBe(practice.portalUser.id);

    const outcome = await deliverNotification(deps(), reminder.id, { finalAttempt: false });
    expect(outcome).toMatchObject({ result: "sent" });
    const [received] = fcm.messages().filter((m) => m.data.notificationId === reminder.id);
    expect(received).toMatchObject({
      token,
      notification: { title: "Reminder: Echocardiogram" },
      data: { url: "https://caredesk.example/portal", notificationId: reminder.id },
    });
    // The text says when, and which practice it is from.
    expect(received?.notification.body).toContain("Nile Clinic");

    const [stored] = await database.db
      .select()
      .from(schema.notification)
      .where(eq(schema.notification.id, reminder.id));
    expect(stored).toMatchObject({ status: "sent", providerMessageId: received?.name });
    expect(fcm.refusals()).toEqual([]);
  });

  it("a token FCM calls unregistered loses its device, and the message is recorded failed", async () => {
    const token = fcmToken("old-phone");
    const deviceId = await register(token, "Mona's old phone");
    const reminders = await bookWithReminders(10, "11:00");
    const reminder = reminders.find((r) => r.recipient === deviceId);
    if (!reminder) throw new Error("no reminder for the device");

    fcm.unregister(token);
    const outcome = await deliverNotification(deps(), reminder.id, { finalAttempt: false });
    expect(outcome.result).toBe("failed");

    const left = await database.db
      .select()
      .from(schema.mobileDevice)
      .where(eq(schema.mobileDevice.id, deviceId));
    expect(left).toEqual([]);
    const [stored] = await database.db
      .select()
      .from(schema.notification)
      .where(eq(schema.notification.id, reminder.id));
    expect(stored?.status).toBe("failed");
    expect(stored?.lastError).not.toContain(token);
    const trail = await database.db
      .select()
      .from(schema.auditLog)
      .where(
        and(
          eq(schema.auditLog.action, "notification.deviceGone"),
          eq(schema.auditLog.entityId, deviceId),
        ),
      );
    expect(trail).toHaveLength(1);

    // The device's other reminders are not sent anywhere: there is no device left.
    const later = reminders.find((r) => r.recipient === deviceId && r.id !== reminder.id);
    if (later) {
      const skipped = await deliverNotification(deps(), later.id, { finalAttempt: false });
      expect(skipped).toMatchObject({ result: "skipped" });
    }
    const listed = await rest("GET", "/api/v1/me/devices");
    expect(listed.json<{ id: string }[]>().map((d) => d.id)).not.toContain(deviceId);
  });

  it("another account's device answers NOT_FOUND and stays registered", async () => {
    const ownerDevice = practice.ids.mobileDevice;
    const response = await rest("DELETE", `/api/v1/me/devices/${ownerDevice}`);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: "NOT_FOUND" });
    const still = await database.db
      .select({ id: schema.mobileDevice.id })
      .from(schema.mobileDevice)
      .where(eq(schema.mobileDevice.id, ownerDevice));
    expect(still).toHaveLength(1);
  });

  it("unregistering the app's own device stops its push", async () => {
    const deviceId = await register(fcmToken("tablet"), "Mona's tablet");
    const removed = await rest("DELETE", `/api/v1/me/devices/${deviceId}`);
    expect(removed.json()).toEqual({ ok: true });
    const again = await rest("DELETE", `/api/v1/me/devices/${deviceId}`);
    expect(again.statusCode).toBe(404);
  });

  it("a token registered again by another account moves to it", async () => {
    const token = fcmToken("shared");
    const deviceId = await register(token, "Family tablet");
    const owner = await callerFor(database.db, { token: practice.owner.token });
    const taken = await owner.device.register({ token, platform: "ios" });
    expect(taken.id).toBe(deviceId);
    const mine = await rest("GET", "/api/v1/me/devices");
    expect(mine.json<{ id: string }[]>().map((d) => d.id)).not.toContain(deviceId);
  });

  it("refuses a malformed token with a field error, writing nothing", async () => {
    const before = await database.db.select().from(schema.mobileDevice);
    const response = await rest("POST", "/api/v1/me/devices", {
      token: "not a token\n",
      platform: "android",
    });
    expect(response.statusCode).toBe(400);
    expect(await database.db.select().from(schema.mobileDevice)).toHaveLength(before.length);
  });

  it("is offered when a service account is configured, and not otherwise", () => {
    const base = { NODE_ENV: "test", APP_ORIGIN: appOrigin, SEED_DEMO: "false" };
    expect(channelsFromEnv(loadEnv(base), database.db).mobile).toBeUndefined();
    const configured = channelsFromEnv(
      loadEnv({
        ...base,
        FCM_PROJECT_ID: fcm.serviceAccount.projectId,
        FCM_CLIENT_EMAIL: fcm.serviceAccount.clientEmail,
        FCM_PRIVATE_KEY: fcm.serviceAccount.privateKey.replaceAll("\n", "\\n"),
      }),
      database.db,
    );
    expect(configured.mobile?.name).toBe("mobile");
    return configured.mobile?.close?.();
  });
});
