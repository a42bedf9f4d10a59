// GET /metrics as Prometheus scrapes it: refused without the token, and series that move when
// the product is used — procedure calls, a booking that lost its slot, a job that failed, a
// message the worker delivered.
import {
  createStockedPractice,
  nextWeekdayAt,
  uniqueEmail,
  uniqueIdempotencyKey,
} from "@caredesk/api/testing";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { until } from "../bench/worker-control";
import { buildServer } from "../src/app";
import { closeChannels, deliveryFromEnv } from "../src/channels";
import { loadEnv } from "../src/env";
import { bearerMatches, createMetrics } from "../src/metrics";
import { startWorker, type Worker } from "../src/worker";
import { appOrigin, memberHeaders, mutationBody, startServer, trpcData } from "./server";

const token = "metrics-token-for-the-test-0123456789";

let database: TestDatabase;
let app: FastifyInstance;
let worker: Worker;
let delivery: ReturnType<typeof deliveryFromEnv>;

const quiet = { info() {}, warn() {}, error() {} };

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  const env = loadEnv({
    NODE_ENV: "test",
    APP_ORIGIN: appOrigin,
    SEED_DEMO: "false",
    LOG_LEVEL: "silent",
    METRICS_TOKEN: token,
    ...(database.url ? { DATABASE_URL: database.url } : {}),
  });
  // As index.ts does: the server and its worker share one set of series.
  const metrics = createMetrics(database);
  app = await buildServer({ env, database, metrics, logger: false });
  delivery = { ...deliveryFromEnv(env, database.db), observeDelivery: metrics.observeDelivery };
  worker = await startWorker({
    env,
    database,
    delivery,
    log: quiet,
    schedules: false,
    pollingIntervalSeconds: 0.5,
  });
});
afterAll(async () => {
  await worker.stop(5_000);
  await closeChannels(delivery.channels);
  await app.close();
  await database.drop();
});

async function scrape(): Promise<string> {
  const response = await app.inject({
    method: "GET",
    url: "/metrics",
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.statusCode).toBe(200);
  expect(response.headers["content-type"]).toContain("text/plain");
  return response.body;
}

/** The value of one sample (`name{labels}`), or 0 when the series has no such sample yet. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have: Record<string, string> = {};
    for (const label of (match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      have[label[1] ?? ""] = label[2] ?? "";
    }
    if (Object.entries(labels).every(([key, value]) => have[key] === value)) {
      return Number(match[3]);
    }
  }
  return 0;
}

describe("who may scrape", () => {
  it("answers 401 without the bearer token or with a wrong one", async () => {
    for (const headers of [
      {},
      { authorization: "Bearer not-the-token-at-all-0000000000" },
      { authorization: `Basic ${Buffer.from(`x:${token}`).toString("base64")}` },
      { authorization: `Bearer ${token}x` },
    ]) {
      const response = await app.inject({ method: "GET", url: "/metrics", headers });
      expect(response.statusCode).toBe(401);
      expect(response.body).not.toContain("caredesk_");
    }
  });

  it("answers 404 when no METRICS_TOKEN is set", async () => {
    const bare = await startServer(database);
    try {
      const response = await bare.inject({
        method: "GET",
        url: "/metrics",
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.statusCode).toBe(404);
    } finally {
      await bare.close();
    }
  });

  it("compares the token whole", () => {
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`bearer  ${token} `, token)).toBe(true);
    expect(bearerMatches(`Bearer ${token.slice(0, -1)}`, token)).toBe(false);
    expect(bearerMatches(undefined, token)).toBe(false);
    expect(bearerMatches("Bearer", token)).toBe(false);
  });
});

describe("the series", () => {
  it("lists every series, with process metrics", async () => {
    const text = await scrape();
    for (const name of [
      "caredesk_procedure_duration_seconds",
      "caredesk_procedure_errors_total",
      "caredesk_booking_conflicts_total",
      "caredesk_job_queue_depth",
      "caredesk_job_failed",
      "caredesk_notification_deliveries_total",
      "process_cpu_user_seconds_total",
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(text).toContain(
      'caredesk_job_queue_depth{queue="notification-deliver",state="created"}',
    );
  });

  it("counts procedure calls, their errors, a booking conflict and the message delivered", async () => {
    const before = await scrape();
    const practice = await createStockedPractice(database.db);
    const staff = {
      ...memberHeaders(practice.owner.token, practice.organization.id),
      "content-type": "application/json",
    };
    const newPatient = async (firstName: string) => {
      const created = await app.inject({
        method: "POST",
        url: "/trpc/patient.create",
        headers: staff,
        payload: mutationBody({
          firstName,
          lastName: "Patient",
          mobile: `+2010${String(Date.now()).slice(-7)}${firstName.length}`,
          email: uniqueEmail("metrics-patient"),
        }),
      });
      expect(created.statusCode).toBe(200);
      return trpcData<{ id: string }>(created);
    };
    const patient = await newPatient("Metric");
    const other = await newPatient("Other");
    const booking = {
      serviceId: practice.ids.service,
      start: nextWeekdayAt("10:00", 3),
    };
    const first = await app.inject({
      method: "POST",
      url: "/trpc/appointment.book",
      headers: staff,
      payload: mutationBody({
        ...booking,
        patientId: patient.id,
        idempotencyKey: uniqueIdempotencyKey(),
      }),
    });
    expect(first.statusCode).toBe(200);
    // The same time for another patient: it is taken now.
    const second = await app.inject({
      method: "POST",
      url: "/trpc/appointment.book",
      headers: staff,
      payload: mutationBody({
        ...booking,
        patientId: other.id,
        idempotencyKey: uniqueIdempotencyKey(),
      }),
    });
    expect(second.statusCode).toBe(409);
    // A batch of two calls counts as two calls.
    const batch = await app.inject({
      method: "GET",
      url: "/trpc/health.check,health.check?batch=1&input=%7B%7D",
      headers: staff,
    });
    expect(batch.statusCode).toBe(200);

    const after = await scrape();
    const count = (text: string, procedure: string, type: string) =>
      sample(text, "caredesk_procedure_duration_seconds_count", { procedure, type });
    expect(count(after, "patient.create", "mutation")).toBe(
      count(before, "patient.create", "mutation") + 2,
    );
    expect(count(after, "appointment.book", "mutation")).toBe(
      count(before, "appointment.book", "mutation") + 2,
    );
    expect(count(after, "health.check", "query")).toBe(count(before, "health.check", "query") + 2);
    const errors = (text: string) =>
      sample(text, "caredesk_procedure_errors_total", {
        procedure: "appointment.book",
        code: "CONFLICT",
      });
    expect(errors(after)).toBe(errors(before) + 1);
    expect(sample(after, "caredesk_booking_conflicts_total")).toBe(
      sample(before, "caredesk_booking_conflicts_total") + 1,
    );
    // No id ever becomes a label.
    expect(after).not.toContain(patient.id);
    expect(after).not.toContain(practice.organization.id);

    // The booking's confirmation leaves through the worker (the local mailbox) and counts.
    const sent = (text: string) =>
      sample(text, "caredesk_notification_deliveries_total", { channel: "email", outcome: "sent" });
    let latest = after;
    await until(async () => sent((latest = await scrape())) > sent(before), 20_000, 250).catch(
      () => undefined,
    );
    expect(sent(latest)).toBeGreaterThan(sent(before));
  });

  it("shows waiting jobs in the depth and a job that failed for good in the failures", async () => {
    const queue = "metrics-test-failing";
    await worker.boss.createQueue(queue, { name: queue, retryLimit: 0 });
    await worker.boss.send(queue, { n: 1 });
    // One due later (a reminder's kind) is told apart from those due now.
    await worker.boss.send(queue, { n: 2 }, { startAfter: new Date(Date.now() + 3600_000) });
    const waiting = await scrape();
    expect(sample(waiting, "caredesk_job_queue_depth", { queue, state: "created" })).toBe(1);
    expect(sample(waiting, "caredesk_job_queue_depth", { queue, state: "scheduled" })).toBe(1);
    expect(sample(waiting, "caredesk_job_failed", { queue })).toBe(0);

    await worker.boss.work(queue, { pollingIntervalSeconds: 0.5 }, () => {
      throw new Error("this job always fails");
    });
    let latest = waiting;
    await until(
      async () => sample((latest = await scrape()), "caredesk_job_failed", { queue }) === 1,
      20_000,
      250,
    ).catch(() => undefined);
    expect(sample(latest, "caredesk_job_failed", { queue })).toBe(1);
    expect(sample(latest, "caredesk_job_queue_depth", { queue, state: "created" })).toBe(0);
  });
});
