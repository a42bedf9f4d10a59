// Booking over real HTTP: (2) 200 concurrent requests for one slot, (3) throughput of
// bookings for distinct slots. The server is the production build path (buildServer).
import { createHash, randomUUID } from "node:crypto";
import { secretMatches, sessionCookieName } from "@caredesk/auth";
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
import type { FastifyInstance } from "fastify";
import type { Sql } from "postgres";
import superjson from "superjson";
import { buildServer } from "../src/app";
import { createBenchPractice, type BenchPractice } from "./fixture";
import { alternate, env, writeResult } from "./lib";

const require = createRequire(import.meta.url);

async function startHttp(
  database: DbHandle,
  beforeListen?: (app: FastifyInstance) => Promise<void>,
) {
  const app = await buildServer({ env, database, logger: false });
  if (beforeListen) await beforeListen(app);
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
// One pass per message: { path, bodies } in, { ok, failures, seconds } out.
parentPort.on("message", ({ path, bodies }) => {
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
      path,
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
 * Bookings for distinct slots over keep-alive connections, through tRPC (`appointment.book`)
 * and through its raw twin (`/bench/book`, the same statements over postgres.js), alternated
 * round by round so drift on the shared machine hits both: `rounds` timed passes of `bookings`
 * each per path, reported by their medians. A warm-up pass of as many bookings per path (on
 * later days, not counted) lets V8 optimise both paths and every pooled connection prepare its
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
  const { app, base } = await startHttp(database, (server) =>
    registerRawBooking(server, database, practice),
  );
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
    // Pass n books days n × (daysNeeded + 1) onwards: no two passes share a slot.
    let nextPass = 0;
    const nextBodies = (count: number) => bodiesFor(count, nextPass++ * (daysNeeded + 1));
    const headers = {
      "content-type": "application/json",
      origin: env.appOrigin,
      cookie: `${sessionCookieName}=${practice.ownerToken}`,
      "x-organization-id": practice.organizationId,
    };
    await sameStatements(database, base, headers, nextBodies);
    const load = await startLoadWorker({ base, headers, concurrency });
    const productPasses: LoadResult[] = [];
    const rawPasses: LoadResult[] = [];
    const measure = async (path: string, into: LoadResult[]) => {
      const bodies = nextBodies(bookings);
      const pass = await profiled(`booking-${path === productPath ? "product" : "raw"}`, () =>
        load.pass(path, bodies),
      );
      into.push(pass);
      return Math.round(pass.ok / pass.seconds);
    };
    const sideBySide = await (async () => {
      try {
        for (const path of [productPath, rawPath]) {
          const warm = await load.pass(path, nextBodies(warmup));
          if (warm.failures.length > 0)
            throw new Error(`warm-up of ${path} failed: ${warm.failures[0]}`);
        }
        return await alternate(
          "rate",
          rounds,
          () => measure(productPath, productPasses),
          () => measure(rawPath, rawPasses),
        );
      } finally {
        await load.stop();
      }
    })();
    const rates = productPasses.map((p) => Math.round(p.ok / p.seconds));
    const failures = [...productPasses, ...rawPasses].flatMap((p) => p.failures);
    const result = {
      database: database.kind,
      bookings: Math.min(...productPasses.map((p) => p.ok)),
      failed: failures.length,
      concurrency,
      warmup_bookings: warmup,
      passes_per_s: rates,
      /** The median pass: one pass's rate swings by a tenth either way on a shared 2-core box. */
      bookings_per_s: sideBySide.product,
      raw_passes_per_s: rawPasses.map((p) => Math.round(p.ok / p.seconds)),
      /** The same statements over postgres.js from a plain Fastify route: its median pass. */
      raw_per_s: sideBySide.raw,
      /** bookings_per_s / raw_per_s. */
      ratio: sideBySide.ratio,
    };
    if (failures.length > 0) console.error("booking failures, first:", failures[0]);
    writeResult("booking-throughput", result);
    return result;
  } finally {
    await app.close();
    await practice.cleanup();
  }
}

/**
 * An honest twin: one booking through the product and one through the twin send the very same
 * statements, in the same order (postgres.js's debug hook: the pool's own query log). The
 * product books once first, so that what it loads once per practice (its directory) is loaded.
 */
async function sameStatements(
  database: DbHandle,
  base: string,
  headers: Record<string, string>,
  nextBodies: (count: number) => string[],
) {
  const pool = database.sql;
  if (!pool) throw new Error("the raw booking twin needs PostgreSQL");
  const post = async (path: string, body: string) => {
    const response = await fetch(`${base}${path}`, { method: "POST", headers, body });
    if (!response.ok)
      throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  };
  const [first, forProduct, forRaw] = nextBodies(3);
  if (!first || !forProduct || !forRaw) throw new Error("no bodies for the statement check");
  await post(productPath, first);
  const product = await statementsOf(pool, () => post(productPath, forProduct));
  const raw = await statementsOf(pool, () => post(rawPath, forRaw));
  if (!product.some((text) => text.startsWith('insert into "appointment" '))) {
    throw new Error(`the statement log did not see the booking: ${product.join("\n")}`);
  }
  if (product.join("\n") !== raw.join("\n")) {
    throw new Error(
      `the raw booking twin is out of date; the product sends:\n${product.join("\n")}\n` +
        `the twin sends:\n${raw.join("\n")}`,
    );
  }
}

/** The statements `run` sends, in order, whitespace folded. */
async function statementsOf(pool: Sql, run: () => Promise<unknown>): Promise<string[]> {
  const options = pool.options as { debug?: unknown };
  const seen: string[] = [];
  options.debug = (_connection: number, text: string) =>
    seen.push(text.replace(/\s+/g, " ").trim());
  try {
    await run();
  } finally {
    options.debug = undefined;
  }
  return seen;
}

/**
 * With BENCH_PROFILE_DIR set, a CPU profile of the server's thread (the load generator has its
 * own) for each measured pass, written there as `<name>-<n>.cpuprofile`.
 */
async function profiled<T>(name: string, run: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_PROFILE_DIR;
  if (!dir) return run();
  const { Session } = await import("node:inspector/promises");
  const { mkdirSync, writeFileSync } = await import("node:fs");
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  await session.post("Profiler.start");
  try {
    return await run();
  } finally {
    const { profile } = await session.post("Profiler.stop");
    session.disconnect();
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}/${name}-${Date.now()}.cpuprofile`, JSON.stringify(profile));
  }
}

const productPath = "/trpc/appointment.book";
const rawPath = "/bench/book";

/**
 * The raw twin of `appointment.book`: a plain Fastify route sending the statements the product
 * sends (read from PostgreSQL's statement log), as its named prepared statements over the same
 * postgres.js pool, pipelined in one transaction as the product's client pipelines them: the
 * session with the membership of the named organization; then BEGIN, the idempotency key, the
 * per-resource advisory locks, both inserts, NOTIFY and the audience query in one write; then
 * the audit row with COMMIT. What the product knows without asking PostgreSQL (the service and
 * its resources, from its in-memory directory) the twin reads once, before the first request.
 * No Drizzle, tRPC, zod, superjson or scheduling engine.
 */
async function registerRawBooking(
  app: FastifyInstance,
  database: DbHandle,
  practice: BenchPractice,
) {
  const sql = database.sql;
  if (!sql) throw new Error("the raw booking twin needs PostgreSQL");
  const prepared = { prepare: true } as const;
  const [svc] = await sql<
    { name: string; colour: string; duration: number; before: number; after: number }[]
  >`select name, colour, duration_minutes as duration, buffer_before_minutes as before,
       buffer_after_minutes as after
     from service where organization_id = ${practice.organizationId} and id = ${practice.serviceId}`;
  if (!svc) throw new Error("no bench service");
  const rooms = new Map(
    (
      await sql<{ id: string; name: string; kind: string }[]>`select id, name, kind from resource
        where organization_id = ${practice.organizationId}`
    ).map((r) => [r.id, r]),
  );
  app.post(rawPath, async (request, reply) => {
    const token = request.cookies[sessionCookieName];
    const orgId = request.headers["x-organization-id"];
    const [sessionId, secret, ...more] = token?.split(".") ?? [];
    if (!sessionId || !secret || more.length > 0 || typeof orgId !== "string")
      return reply.status(401).send({ error: "UNAUTHORIZED" });
    // Columns by position, as Drizzle reads them (several share a name: id, kind, name).
    const [session] = (await sql
      .unsafe(rawStatements.session, [orgId, sessionId], prepared)
      .values()) as unknown as SessionRow[];
    if (
      !session ||
      !secretMatches(secret, session[1]) ||
      session[2] !== "cookie" ||
      new Date(session[3]).getTime() <= Date.now()
    )
      return reply.status(401).send({ error: "UNAUTHORIZED" });
    if (!session[9] || session[10] !== orgId || session[20] !== null)
      return reply.status(404).send({ error: "NOT_FOUND" });
    const userId = session[4];
    const input = (request.body as { json: RawBookInput }).json;
    const { idempotencyKey: key, ...asked } = input;
    const requestHash = createHash("sha256").update(JSON.stringify(asked)).digest("hex");
    const [resourceId] = input.resourceIds;
    const room = resourceId ? rooms.get(resourceId) : undefined;
    if (!resourceId || !room) return reply.status(404).send({ error: "NOT_FOUND" });
    const startsAt = new Date(input.start);
    const endsAt = new Date(startsAt.getTime() + svc.duration * 60_000);
    const during = `["${pgTime(startsAt.getTime() - svc.before * 60_000)}","${pgTime(endsAt.getTime() + svc.after * 60_000)}")`;
    const id = randomUUID();
    const conn = await sql.reserve();
    try {
      void conn.unsafe("begin").execute();
      const claimed = conn.unsafe(
        rawStatements.claimKey,
        [orgId, "appointment.book", `user:${userId}`, key, requestHash, "appointment", id],
        prepared,
      );
      claimed.catch(() => undefined);
      const notice = JSON.stringify({
        organizationId: orgId,
        type: "appointment.changed",
        appointmentId: id,
        status: "confirmed",
        startsAt: startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
        resourceIds: [resourceId],
      });
      const [, inserted, , , audience] = await Promise.all([
        conn.unsafe(rawStatements.lock, [`{${resourceId}}`], prepared),
        conn.unsafe<AppointmentRow[]>(
          rawStatements.insertAppointment,
          [
            id,
            orgId,
            input.patientId,
            input.serviceId,
            startsAt.toISOString(),
            endsAt.toISOString(),
            "confirmed",
            "in_person",
            "staff",
            null,
            null,
            userId,
          ] as never[],
          prepared,
        ),
        conn.unsafe(
          rawStatements.insertResource,
          [orgId, id, resourceId, during, "confirmed"],
          prepared,
        ),
        conn.unsafe(rawStatements.notify, ["caredesk_changes", notice], prepared),
        conn.unsafe(rawStatements.audience, [orgId, id], prepared),
      ]);
      await claimed;
      const [created] = inserted as AppointmentRow[];
      if (!created || audience.length !== 1) throw new Error("raw booking wrote nothing");
      const booked = {
        id: created.id,
        patientId: created.patient_id,
        serviceId: created.service_id,
        startsAt: new Date(created.starts_at),
        endsAt: new Date(created.ends_at),
        status: created.status,
        kind: created.kind,
        source: created.source,
        notes: created.notes,
        cancellationReason: created.cancellation_reason,
        version: created.version,
        holdExpiresAt: dateOrNull(created.hold_expires_at),
        patientConfirmedAt: dateOrNull(created.patient_confirmed_at),
        createdAt: new Date(created.created_at),
        serviceName: svc.name,
        colour: svc.colour,
        patientName: null,
        resources: [room],
      };
      const audited = conn.unsafe(
        rawStatements.audit,
        [
          orgId,
          userId,
          "appointment.book",
          "appointment",
          id,
          created.patient_id,
          null,
          JSON.stringify({ ...booked, replayed: false }),
          request.ip,
          request.id,
        ] as never[],
        prepared,
      );
      audited.catch(() => undefined);
      const ended = await conn.unsafe("commit");
      await audited;
      if (ended.command !== "COMMIT") throw new Error(`ended with ${ended.command}`);
      return booked;
    } catch (error) {
      await conn.unsafe("rollback").catch(() => undefined);
      throw error;
    } finally {
      conn.release();
    }
  });
}

interface RawBookInput {
  serviceId: string;
  patientId: string;
  start: string;
  resourceIds: string[];
  idempotencyKey: string;
}

/** The session lookup's columns by position (see `rawStatements.session`). */
type SessionRow = [string, string, string, string, string, ...unknown[]];

interface AppointmentRow {
  id: string;
  patient_id: string | null;
  service_id: string;
  starts_at: string;
  ends_at: string;
  status: string;
  kind: string;
  source: string;
  notes: string | null;
  cancellation_reason: string | null;
  version: number;
  hold_expires_at: string | null;
  patient_confirmed_at: string | null;
  created_at: string;
}

/** Timestamps arrive as text: Drizzle sets postgres.js's parsers so, and maps them itself. */
const dateOrNull = (value: string | null) => (value === null ? null : new Date(value));

/** A timestamptz as drizzle writes a range bound. */
const pgTime = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace(".000Z", "+00");

/** The statements `appointment.book` sends, as PostgreSQL's statement log shows them. */
const rawStatements = {
  session: `select "session"."id", "session"."secret_hash", "session"."kind", "session"."expires_at", "user"."id", "user"."email", "user"."name", "user"."is_platform_admin", "membership"."id", "membership"."role", "organization"."id", "organization"."slug", "organization"."name", "organization"."kind", "organization"."time_zone", "organization"."currency", "organization"."country", "organization"."locale", "organization"."features", "organization"."directory_version", "organization"."suspended_at", "organization"."suspension_reason" from "session" inner join "user" on "user"."id" = "session"."user_id" left join "membership" on ("membership"."user_id" = "user"."id" and "membership"."organization_id" = $1) left join "organization" on "organization"."id" = "membership"."organization_id" where "session"."id" = $2`,
  claimKey: `insert into "idempotency_key" ("organization_id", "operation", "actor", "key", "request_hash", "entity_type", "entity_id", "created_at") values ($1, $2, $3, $4, $5, $6, $7, default)`,
  lock: `select pg_advisory_xact_lock(hashtextextended(id, 0)) from unnest($1::text[]) as r(id)`,
  notify: `select pg_notify($1, $2)`,
  insertAppointment: `insert into "appointment" ("id", "organization_id", "patient_id", "service_id", "starts_at", "ends_at", "status", "kind", "source", "notes", "cancellation_reason", "patient_confirmed_at", "version", "hold_expires_at", "created_by", "created_at", "updated_at") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, default, default, default, $11, $12, default, default) returning "id", "patient_id", "service_id", "starts_at", "ends_at", "status", "kind", "source", "notes", "cancellation_reason", "version", "hold_expires_at", "patient_confirmed_at", "created_at"`,
  insertResource: `insert into "appointment_resource" ("id", "organization_id", "appointment_id", "resource_id", "during", "status") values (default, $1, $2, $3, $4, $5)`,
  audience: `select o.name, o.sender_name, o.locale, o.time_zone, o.channels, o.reminder_offsets,
          o.quiet_hours_start, o.quiet_hours_end, s.name as service_name, p.first_name,
          p.email, p.mobile, p.email_opt_in, p.sms_opt_in, p.push_opt_in, p.user_id,
          (select array_agg(ps.id) from push_subscription ps where ps.user_id = p.user_id)
            as push_subscriptions,
          (select array_agg(md.id) from mobile_device md where md.user_id = p.user_id)
            as mobile_devices
        from appointment a
        join patient p on p.organization_id = a.organization_id and p.id = a.patient_id
        join service s on s.organization_id = a.organization_id and s.id = a.service_id
        join organization o on o.id = a.organization_id
        where a.organization_id = $1 and a.id = $2`,
  audit: `insert into "audit_log" ("id", "organization_id", "actor_user_id", "action", "entity_type", "entity_id", "patient_id", "before", "after", "ip", "request_id", "created_at") values (default, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, default)`,
};

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
    pass: (path: string, bodies: string[]) =>
      new Promise<LoadResult>((resolve, reject) => {
        worker.once("message", resolve);
        worker.once("error", reject);
        worker.postMessage({ path, bodies });
      }),
    stop: () => worker.terminate(),
  };
}
