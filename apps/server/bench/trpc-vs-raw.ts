// What the typed API costs: appointment.list for one day through tRPC versus its raw twin, a
// plain Fastify route in the same server that sends PostgreSQL the very statements the product
// sends (the session + membership lookup, then the calendar query; checked against the
// product's own query log before measuring) through the same postgres.js pool, named and
// prepared as the product's are, and answers plain JSON: no Drizzle builders, no tRPC, zod or
// superjson. The two run alternately (`alternate`), so drift on a shared machine hits both.
// The same call through the REST API (/api/v1/appointments, bearer token) shows what
// trpc-to-openapi adds.
import { can, secretMatches, sessionCookieName, type Role } from "@caredesk/auth";
import type { DbHandle } from "@caredesk/db";
import type { Sql } from "postgres";
import {
  epochMinutesToLocal,
  fromEpochMinutes,
  localToEpochMinutes,
  toEpochMinutes,
} from "@caredesk/scheduling";
import autocannon from "autocannon";
import type { FastifyInstance } from "fastify";
import superjson from "superjson";
import { buildServer } from "../src/app";
import { createBenchPractice, type BenchPractice } from "./fixture";
import { alternate, env, quantile, writeResult } from "./lib";
import { profiled } from "./profile-window";

/** The session, its user and the membership of the named organization (as `createContext`). */
const sessionLookupSql = `select "session"."id", "session"."secret_hash", "session"."kind", "session"."expires_at", "user"."id", "user"."email", "user"."name", "user"."is_platform_admin", "membership"."id", "membership"."role", "organization"."id", "organization"."slug", "organization"."name", "organization"."kind", "organization"."time_zone", "organization"."currency", "organization"."country", "organization"."locale", "organization"."features", "organization"."directory_version", "organization"."suspended_at", "organization"."suspension_reason" from "session" inner join "user" on "user"."id" = "session"."user_id" left join "membership" on ("membership"."user_id" = "user"."id" and "membership"."organization_id" = $1) left join "organization" on "organization"."id" = "membership"."organization_id" where "session"."id" = $2`;

/** The calendar's query (`listAppointments` without a resource filter or cancelled rows). */
const listSql = `select "appointment"."id", "appointment"."patient_id", "appointment"."service_id", "appointment"."starts_at", "appointment"."ends_at", "appointment"."status", "appointment"."kind", "appointment"."source", "appointment"."notes", "appointment"."cancellation_reason", "appointment"."version", "appointment"."hold_expires_at", "appointment"."patient_confirmed_at", "appointment"."created_at", "appointment_resource"."resource_id", "service"."name", "service"."colour", "patient"."first_name" || ' ' || "patient"."last_name" from "appointment_resource" inner join "appointment" on ("appointment"."organization_id" = "appointment_resource"."organization_id" and "appointment"."id" = "appointment_resource"."appointment_id") inner join "service" on ("service"."organization_id" = "appointment"."organization_id" and "service"."id" = "appointment"."service_id") left join "patient" on ("patient"."organization_id" = "appointment"."organization_id" and "patient"."id" = "appointment"."patient_id") where ("appointment_resource"."organization_id" = $1 and "appointment"."starts_at" < $2 and "appointment"."ends_at" > $3 and tstzrange("appointment"."starts_at", "appointment"."ends_at") && tstzrange($4::timestamptz, $5::timestamptz) and "appointment"."status" in ($6, $7, $8, $9, $10, $11)) order by "appointment"."starts_at" asc, "appointment"."id" asc`;

const listedStatuses = ["held", "pending", "confirmed", "in_progress", "completed", "no_show"];

type Row = unknown[];

/** Timestamps arrive as PostgreSQL's text (drizzle's client leaves them unparsed). */
const instant = (value: unknown) => (value === null ? null : new Date(value as string));

/** The statements `run` sends, in order (postgres.js's debug hook, the pool's own query log). */
async function statementsOf(pool: Sql, run: () => Promise<unknown>): Promise<string[]> {
  const options = pool.options as { debug?: unknown };
  const seen: string[] = [];
  options.debug = (_connection: number, text: string) => seen.push(text.trim());
  try {
    await run();
  } finally {
    options.debug = undefined;
  }
  return seen;
}

/** The day the bench lists: the practice's day two days ahead, its first minute and [from, to). */
export function benchDay(practice: BenchPractice) {
  const date = epochMinutesToLocal(toEpochMinutes(new Date()) + 2 * 1440, practice.timeZone).date;
  const dayStart = localToEpochMinutes(date, "00:00", practice.timeZone) ?? 0;
  const range = { from: fromEpochMinutes(dayStart), to: fromEpochMinutes(dayStart + 1440) };
  return { dayStart, range };
}

/** The owner's session cookie and the organization it acts in. */
export function ownerHeaders(practice: BenchPractice) {
  return {
    cookie: `${sessionCookieName}=${practice.ownerToken}`,
    "x-organization-id": practice.organizationId,
  };
}

/**
 * The tRPC body of the i-th of the 40 bookings that fill the day (every resource every half hour
 * from 08:00), so the calendar query has work to do; `label` names the bench in its key.
 */
export function dayBookingBody(
  practice: BenchPractice,
  dayStart: number,
  i: number,
  label: string,
) {
  return JSON.stringify(
    superjson.serialize({
      serviceId: practice.serviceId,
      patientId: practice.patientIds[i],
      start: fromEpochMinutes(dayStart + 8 * 60 + Math.floor(i / 10) * 30),
      resourceIds: [practice.resourceIds[i % 10]],
      idempotencyKey: `bench-${label}-${i}-${Date.now()}`,
    }),
  );
}

/** appointment.list for the day over /trpc, its raw twin's path (no origin), their range query. */
export function dayListPaths(range: { from: Date; to: Date }) {
  const input = encodeURIComponent(JSON.stringify(superjson.serialize({ ...range })));
  const query = new URLSearchParams({ from: range.from.toISOString(), to: range.to.toISOString() });
  return {
    trpc: `/trpc/appointment.list?input=${input}`,
    raw: `/bench/appointments?${query.toString()}`,
    query: query.toString(),
  };
}

/** The raw twin at /bench/appointments: the same statements and checks on their answers. */
export function registerRawTwin(app: FastifyInstance, pool: Sql) {
  app.get("/bench/appointments", async (request, reply) => {
    const [id, secret] = (request.cookies[sessionCookieName] ?? "").split(".");
    const orgId = request.headers["x-organization-id"];
    const { from, to } = request.query as { from?: string; to?: string };
    if (!id || !secret || typeof orgId !== "string" || !from || !to) {
      return reply.status(400).send();
    }
    const [session] = (await pool
      .unsafe(sessionLookupSql, [orgId, id], { prepare: true })
      .values()) as Row[];
    if (
      !session ||
      !secretMatches(secret, session[1] as string) ||
      session[2] !== "cookie" ||
      new Date(session[3] as string).getTime() <= Date.now()
    ) {
      return reply.status(401).send();
    }
    if (!session[8] || session[20] !== null) return reply.status(404).send();
    if (!can(session[9] as Role, "appointment.read")) return reply.status(403).send();
    const rows = (await pool
      .unsafe(
        listSql,
        [
          orgId,
          new Date(to).toISOString(),
          new Date(from).toISOString(),
          new Date(from).toISOString(),
          new Date(to).toISOString(),
          ...listedStatuses,
        ],
        { prepare: true },
      )
      .values()) as Row[];
    const byId = new Map<string, Record<string, unknown> & { resourceIds: unknown[] }>();
    for (const r of rows) {
      const seen = byId.get(r[0] as string);
      if (seen) {
        seen.resourceIds.push(r[14]);
        continue;
      }
      byId.set(r[0] as string, {
        id: r[0],
        patientId: r[1],
        serviceId: r[2],
        startsAt: instant(r[3]),
        endsAt: instant(r[4]),
        status: r[5],
        kind: r[6],
        source: r[7],
        notes: r[8],
        cancellationReason: r[9],
        version: r[10],
        holdExpiresAt: instant(r[11]),
        patientConfirmedAt: instant(r[12]),
        createdAt: instant(r[13]),
        serviceName: r[15],
        colour: r[16],
        patientName: r[17],
        resourceIds: [r[14]],
      });
    }
    return reply.send([...byId.values()]);
  });
}

export async function benchTrpcVsRaw(database: DbHandle, seconds = 5, rounds = 3) {
  const pool = database.sql;
  if (!pool) throw new Error("trpc-vs-raw needs PostgreSQL (DATABASE_URL): its twin is raw SQL");
  const practice = await createBenchPractice(database, { resources: 10, patients: 40 });
  const app = await buildServer({ env, database, logger: false });
  const { dayStart, range } = benchDay(practice);

  registerRawTwin(app, pool);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  const base = `http://127.0.0.1:${address && typeof address === "object" ? address.port : 0}`;
  try {
    // A day with a booking on every resource every half hour, so the query has work to do.
    for (let i = 0; i < 40; i++) {
      const caller = await fetch(`${base}/trpc/appointment.book`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          origin: env.appOrigin,
          ...ownerHeaders(practice),
        },
        body: dayBookingBody(practice, dayStart, i, "trpc-vs-raw"),
      });
      await caller.arrayBuffer();
    }
    const headers = ownerHeaders(practice);
    const paths = dayListPaths(range);
    const trpcUrl = `${base}${paths.trpc}`;
    const rawUrl = `${base}${paths.raw}`;

    // Honest twin: the product's statements are exactly the twin's, and the answers agree.
    const get = (url: string) => fetch(url, { headers }).then((r) => r.json());
    let productAnswer: unknown;
    const sent = await statementsOf(pool, async () => (productAnswer = await get(trpcUrl)));
    if (sent.join("\n") !== [sessionLookupSql, listSql].join("\n")) {
      throw new Error(`the raw twin is out of date; the product now sends:\n${sent.join("\n")}`);
    }
    const listed = superjson.deserialize(
      (productAnswer as { result: { data: never } }).result.data,
    );
    const rawAnswer = await get(rawUrl);
    if (
      JSON.stringify(listed) !== JSON.stringify(rawAnswer) ||
      (listed as unknown[]).length !== 40
    ) {
      throw new Error("the raw twin answers differently from appointment.list");
    }

    const run = (url: string, sent: Record<string, string> = headers) =>
      autocannon({ url, connections: 10, duration: seconds, headers: sent });
    const p50s = { trpc: [] as number[], raw: [] as number[] };
    const pass = async (which: "trpc" | "raw") => {
      const r = await run(which === "trpc" ? trpcUrl : rawUrl);
      if (r.non2xx > 0 || r.errors > 0) throw new Error(`${which}: ${r.non2xx} non-2xx answers`);
      p50s[which].push(r.latency.p50);
      return r.requests.average;
    };
    // Warm-up both paths (JIT, prepared statements on every pooled connection).
    await run(rawUrl);
    await run(trpcUrl);
    p50s.trpc.length = 0;
    p50s.raw.length = 0;
    const side = await alternate(
      "rate",
      rounds,
      profiled("trpc-list", () => pass("trpc")),
      profiled("raw-list", () => pass("raw")),
    );
    const rest = await run(`${base}/api/v1/appointments?${paths.query}`, {
      authorization: `Bearer ${practice.ownerBearerToken}`,
      "x-organization-id": practice.organizationId,
    });
    if (rest.non2xx > 0) throw new Error(`rest: ${rest.non2xx} non-2xx answers`);
    const result = {
      database: database.kind,
      trpc_rps: Math.round(side.product),
      raw_rps: Math.round(side.raw),
      raw_per_s: Math.round(side.raw),
      ratio: side.ratio,
      trpc_p50_ms: quantile(p50s.trpc, 0.5),
      raw_p50_ms: quantile(p50s.raw, 0.5),
      rest_rps: Math.round(rest.requests.average),
      rest_p50_ms: rest.latency.p50,
      rounds: side.rounds.map((r) => ({ trpc: Math.round(r.product), raw: Math.round(r.raw) })),
    };
    writeResult("trpc-vs-raw", result);
    return result;
  } finally {
    await app.close();
    await practice.cleanup();
  }
}
