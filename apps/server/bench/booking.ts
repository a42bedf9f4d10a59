// Booking over real HTTP: (2) 200 concurrent requests for one slot, (3) throughput of
// bookings for distinct slots. The server is the production build path (buildServer).
import { randomUUID } from "node:crypto";
import { sessionCookieName } from "@caredesk/auth";
import type { DbHandle } from "@caredesk/db";
import { queryRows } from "@caredesk/db";
import {
  epochMinutesToLocal,
  fromEpochMinutes,
  localToEpochMinutes,
  toEpochMinutes,
} from "@caredesk/scheduling";
import { sql } from "drizzle-orm";
import { createRequire } from "node:module";
import superjson from "superjson";
import { buildServer } from "../src/app";
import { createBenchPractice, type BenchPractice } from "./fixture";
import { env, writeResult } from "./lib";

const require = createRequire(import.meta.url);

async function startHttp(database: DbHandle) {
  const app = await buildServer({ env, database, logger: false });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  const port = address && typeof address === "object" ? address.port : 0;
  return { app, base: `http://127.0.0.1:${port}` };
}

function bookRequest(base: string, practice: BenchPractice, body: object) {
  return fetch(`${base}/trpc/appointment.book`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      origin: env.appOrigin,
      cookie: `${sessionCookieName}=${practice.ownerToken}`,
      "x-organization-id": practice.organizationId,
    },
    body: JSON.stringify(superjson.serialize(body)),
  });
}

async function errorCode(response: Response): Promise<string> {
  const body = (await response.json()) as { error?: { json?: { data?: { code?: string } } } };
  return body.error?.json?.data?.code ?? `HTTP ${response.status}`;
}

/** The first local day after tomorrow at `time`, in the practice's zone. */
function dayAfterTomorrow(practice: BenchPractice, time: string, plusDays = 0): number {
  const date = epochMinutesToLocal(
    toEpochMinutes(new Date()) + (2 + plusDays) * 1440,
    practice.timeZone,
  ).date;
  return localToEpochMinutes(date, time, practice.timeZone) ?? 0;
}

async function overlaps(database: DbHandle, organizationId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    database.db,
    sql`select count(*)::int as n from appointment_resource a join appointment_resource b
          on a.resource_id = b.resource_id and a.id < b.id and a.during && b.during
       where a.organization_id = ${organizationId}::uuid
         and a.status in ('held','pending','confirmed','in_progress')
         and b.status in ('held','pending','confirmed','in_progress')`,
  );
  return row?.n ?? -1;
}

export async function benchBookingRace(database: DbHandle, requests = 200) {
  const practice = await createBenchPractice(database, { resources: 1, patients: requests });
  const { app, base } = await startHttp(database);
  try {
    const start = fromEpochMinutes(dayAfterTomorrow(practice, "10:00"));
    const started = performance.now();
    const responses = await Promise.all(
      practice.patientIds.slice(0, requests).map(async (patientId) => {
        const response = await bookRequest(base, practice, {
          serviceId: practice.serviceId,
          patientId,
          start,
          idempotencyKey: randomUUID().replaceAll("-", ""),
        });
        return response.ok ? "OK" : errorCode(response);
      }),
    );
    const wall = performance.now() - started;
    const result = {
      database: database.kind,
      requests,
      successes: responses.filter((r) => r === "OK").length,
      conflicts: responses.filter((r) => r === "CONFLICT").length,
      other_errors: responses.filter((r) => r !== "OK" && r !== "CONFLICT").length,
      overlaps: await overlaps(database, practice.organizationId),
      wall_ms: Math.round(wall),
    };
    writeResult("booking-race", result);
    return result;
  } finally {
    await app.close();
    await practice.cleanup();
  }
}

/**
 * The load generator is autocannon (raw keep-alive sockets, as Fastify's own benchmarks use)
 * in a worker thread: sharing the server's event loop would make the client's work count
 * against the server being measured, and fetch costs the shared 2 cores three to four times
 * as much CPU per request. Each request carries its own slot, patient and idempotency key.
 */
const loadWorker = `
const { parentPort, workerData } = require("node:worker_threads");
const autocannon = require(workerData.autocannon);
const { base, headers, concurrency } = workerData;
// One pass per message: { bodies } in, { ok, failures, seconds } out.
parentPort.on("message", ({ bodies }) => {
  let next = 0;
  const failures = [];
  const started = performance.now();
  let finished = started;
  autocannon({
    url: base,
    connections: concurrency,
    amount: bodies.length,
    headers,
    requests: [{
      method: "POST",
      path: "/trpc/appointment.book",
      setupRequest: (request) => ({ ...request, body: bodies[next++] }),
      onResponse: (status, body) => {
        finished = performance.now();
        if (status !== 200) failures.push(String(body).slice(0, 200));
      },
    }],
  }, (error, result) => {
    if (error) throw error;
    // Up to the last response: autocannon itself reports only on its one-second timer's ticks.
    const seconds = (finished - started) / 1000;
    parentPort.postMessage({ ok: result["2xx"], failures, seconds });
  });
});
`;

/**
 * Bookings for distinct slots over keep-alive connections: `rounds` timed passes of `bookings`
 * each, reported by their median. A warm-up pass of as many bookings (on later days, not
 * counted) lets V8 optimise the request path and every pooled connection prepare its
 * statements first, as in a server that has been up for a minute.
 */
export async function benchBookingThroughput(
  database: DbHandle,
  bookings = 1200,
  concurrency = 24,
  rounds = 3,
) {
  const resources = 20;
  const warmup = bookings;
  const practice = await createBenchPractice(database, { resources, patients: bookings });
  const { app, base } = await startHttp(database);
  try {
    // Every booking its own slot: resource × 20-minute step across some days, from `firstDay`.
    const perDay = Math.floor((14 * 60) / 20);
    const bodiesFor = (count: number, firstDay: number) =>
      practice.patientIds.slice(0, count).map((patientId, i) => {
        const slot = Math.floor(i / resources);
        const day = firstDay + Math.floor(slot / perDay);
        const minute = dayAfterTomorrow(practice, "07:00", day) + (slot % perDay) * 20;
        return JSON.stringify(
          superjson.serialize({
            serviceId: practice.serviceId,
            patientId,
            start: fromEpochMinutes(minute),
            resourceIds: [practice.resourceIds[i % resources]],
            idempotencyKey: randomUUID().replaceAll("-", ""),
          }),
        );
      });
    const daysNeeded = Math.ceil(bookings / resources / perDay);
    const headers = {
      "content-type": "application/json",
      origin: env.appOrigin,
      cookie: `${sessionCookieName}=${practice.ownerToken}`,
      "x-organization-id": practice.organizationId,
    };
    const load = await startLoadWorker({ base, headers, concurrency });
    // Each pass on days of its own; the warm-up after them all.
    const passes = await (async () => {
      try {
        const warm = await load.pass(bodiesFor(warmup, rounds * (daysNeeded + 1)));
        if (warm.failures.length > 0) throw new Error(`warm-up failed: ${warm.failures[0]}`);
        const measured = [];
        for (let round = 0; round < rounds; round++) {
          measured.push(await load.pass(bodiesFor(bookings, round * (daysNeeded + 1))));
        }
        return measured;
      } finally {
        await load.stop();
      }
    })();
    const rates = passes.map((p) => Math.round(p.ok / p.seconds));
    const failures = passes.flatMap((p) => p.failures);
    const result = {
      database: database.kind,
      bookings: Math.min(...passes.map((p) => p.ok)),
      failed: failures.length,
      concurrency,
      warmup_bookings: warmup,
      passes_per_s: rates,
      /** The median pass: one pass's rate swings by a tenth either way on a shared 2-core box. */
      bookings_per_s: [...rates].sort((x, y) => x - y)[Math.floor(rates.length / 2)] ?? 0,
    };
    if (failures.length > 0) console.error("booking failures, first:", failures[0]);
    writeResult("booking-throughput", result);
    return result;
  } finally {
    await app.close();
    await practice.cleanup();
  }
}

interface LoadResult {
  ok: number;
  failures: string[];
  seconds: number;
}

/** The load generator's worker thread; `pass` sends each body once, `concurrency` at a time. */
async function startLoadWorker(options: {
  base: string;
  headers: Record<string, string>;
  concurrency: number;
}) {
  const { Worker } = await import("node:worker_threads");
  const worker = new Worker(loadWorker, {
    eval: true,
    workerData: { ...options, autocannon: require.resolve("autocannon") },
  });
  return {
    pass: (bodies: string[]) =>
      new Promise<LoadResult>((resolve, reject) => {
        worker.once("message", resolve);
        worker.once("error", reject);
        worker.postMessage({ bodies });
      }),
    stop: () => worker.terminate(),
  };
}
