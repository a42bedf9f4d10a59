// Notification delivery, measured end to end against a real SMTP server (smtp-server):
// - notifications.json: 10,000 reminders due at once, delivered by a worker process that is
//   killed (SIGKILL) once a third have arrived and started again; messages per second from the
//   first worker's start to the last message's arrival, duplicates and losses counted at the
//   server (one copy per Message-ID is kept; `duplicates` counts copies kept twice).
// - confirmation-latency.json: from `appointment.book` returning to its confirmation email
//   arriving at the SMTP server, with the worker running in-process as the server runs it.
import { randomUUID } from "node:crypto";
import { callerFor } from "@caredesk/api/testing";
import { schema, type DbHandle } from "@caredesk/db";
import { startSmtpCapture } from "@caredesk/notifications/testing";
import { eq } from "drizzle-orm";
import { deliveryFromEnv } from "../src/channels";
import { startWorker } from "../src/worker";
import { createBenchPractice } from "./fixture";
import { env, quantile, writeResult } from "./lib";
import { sentCount } from "./reminder-delivery";
import { createReminderLoad } from "./reminder-load";
import { spawnWorker, until } from "./worker-control";

const REMINDERS = 10_000;

export async function benchNotifications(database: DbHandle) {
  if (database.kind !== "postgres" || !env.DATABASE_URL) {
    throw new Error("the notifications benchmark needs DATABASE_URL (a worker process)");
  }
  const smtp = await startSmtpCapture();
  const load = await createReminderLoad(database.db, REMINDERS);
  const started = performance.now();
  const first = await spawnWorker(env.DATABASE_URL, smtp.url, { concurrency: 4, batchSize: 50 });
  await until(() => smtp.messages().length >= REMINDERS / 3, 300_000);
  first.kill("SIGKILL");
  const killedAt = performance.now();
  const second = await spawnWorker(env.DATABASE_URL, smtp.url, { concurrency: 4, batchSize: 50 });
  const sent = () => sentCount(database.db, load.organizationId);
  await until(
    async () => smtp.messages().length >= REMINDERS && (await sent()) === REMINDERS,
    600_000,
  );
  const last = Math.max(...smtp.messages().map((m) => m.receivedAt));
  const seconds = (last - (Date.now() - (performance.now() - started))) / 1000;
  second.kill("SIGTERM");

  const expected = new Set(load.notificationIds.map((id) => `<${id}@caredesk.local>`));
  const received = smtp.messages().map((m) => m.messageId);
  const delivered = received.filter((id) => expected.has(id)).length;
  const repeatedArrivals = [...smtp.arrivals().values()].reduce((n, c) => n + (c - 1), 0);
  const result = {
    messages: REMINDERS,
    delivered,
    // Copies kept twice at the server (it keeps one per Message-ID): 0 by construction of the
    // key; `resent` below counts the sends that key absorbed.
    duplicates: received.length - new Set(received).size,
    lost: REMINDERS - delivered,
    per_s: Math.round(delivered / seconds),
    worker_killed: 1,
  };
  writeResult("notifications", result);
  await smtp.close();
  await load.cleanup();
  return {
    ...result,
    seconds: Number(seconds.toFixed(1)),
    killed_at_s: Number(((killedAt - started) / 1000).toFixed(1)),
    resent: repeatedArrivals,
  };
}

export async function benchConfirmationLatency(database: DbHandle) {
  const smtp = await startSmtpCapture();
  const practice = await createBenchPractice(database, { resources: 4, patients: 60 });
  // Patients get email; the bench practice's patients have none.
  await database.db
    .update(schema.patient)
    .set({ email: "patient@bench.example" })
    .where(eq(schema.patient.organizationId, practice.organizationId));
  const worker = await startWorker({
    env: { ...env, WORKER_CONCURRENCY: 2, WORKER_BATCH_SIZE: 25 },
    database,
    delivery: deliveryFromEnv({ ...env, SMTP_URL: smtp.url }, database.db),
    log: { info() {}, warn() {}, error() {} },
    schedules: false,
  });
  const caller = await callerFor(database.db, {
    token: practice.ownerToken,
    organizationId: practice.organizationId,
  });
  const samples: number[] = [];
  const day = new Date();
  day.setUTCDate(day.getUTCDate() + 3);
  day.setUTCHours(9, 0, 0, 0);
  for (let i = 0; i < 50; i++) {
    // 09:00–19:00 London, a day at a time: inside the bench practice's hours.
    const start = new Date(
      day.getTime() + Math.floor(i / 20) * 86_400_000 + (i % 20) * 30 * 60_000,
    );
    const before = smtp.messages().length;
    const booked = await caller.appointment.book({
      serviceId: practice.serviceId,
      patientId: practice.patientIds[i % practice.patientIds.length] ?? "",
      start,
      idempotencyKey: randomUUID().replaceAll("-", ""),
    });
    const bookedAt = Date.now();
    await until(() => smtp.messages().length > before, 30_000);
    const mail = smtp.messages().at(-1);
    if (!mail?.raw.includes("Appointment booked"))
      throw new Error(`unexpected mail for ${booked.id}`);
    samples.push(mail.receivedAt - bookedAt);
  }
  await worker.stop();
  await smtp.close();
  await practice.cleanup();
  const result = { p50_ms: quantile(samples, 0.5), p95_ms: quantile(samples, 0.95) };
  writeResult("confirmation-latency", result);
  return result;
}
