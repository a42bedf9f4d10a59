// What the typed API costs: appointment.list for one day through tRPC versus a plain Fastify
// route running the same service function (the same Drizzle query), with the same session
// and membership lookups, so the difference is tRPC itself (and superjson). The same call
// through the REST API (/api/v1/appointments, bearer token) shows what trpc-to-openapi adds.
import { sessionCookieName, validateSessionToken } from "@caredesk/auth";
import { schema, type DbHandle } from "@caredesk/db";
import { and, eq } from "drizzle-orm";
import {
  epochMinutesToLocal,
  fromEpochMinutes,
  localToEpochMinutes,
  toEpochMinutes,
} from "@caredesk/scheduling";
import { listAppointments } from "@caredesk/api";
import autocannon from "autocannon";
import superjson from "superjson";
import { buildServer } from "../src/app";
import { createBenchPractice } from "./fixture";
import { env, writeResult } from "./lib";

export async function benchTrpcVsRaw(database: DbHandle, seconds = 8) {
  const practice = await createBenchPractice(database, { resources: 10, patients: 40 });
  const app = await buildServer({ env, database, logger: false });
  const date = epochMinutesToLocal(toEpochMinutes(new Date()) + 2 * 1440, practice.timeZone).date;
  const dayStart = localToEpochMinutes(date, "00:00", practice.timeZone) ?? 0;
  const range = { from: fromEpochMinutes(dayStart), to: fromEpochMinutes(dayStart + 1440) };
  app.get("/bench/appointments", async (request, reply) => {
    const token = request.cookies[sessionCookieName];
    const auth = token ? await validateSessionToken(database.db, token) : null;
    if (!auth) return reply.status(401).send();
    const [member] = await database.db
      .select({ role: schema.membership.role })
      .from(schema.membership)
      .where(
        and(
          eq(schema.membership.organizationId, practice.organizationId),
          eq(schema.membership.userId, auth.user.id),
        ),
      );
    if (!member) return reply.status(404).send();
    return listAppointments(database.db, practice.organizationId, {
      ...range,
      includeCancelled: false,
    });
  });
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
          cookie: `${sessionCookieName}=${practice.ownerToken}`,
          "x-organization-id": practice.organizationId,
        },
        body: JSON.stringify(
          superjson.serialize({
            serviceId: practice.serviceId,
            patientId: practice.patientIds[i],
            start: fromEpochMinutes(dayStart + 8 * 60 + Math.floor(i / 10) * 30),
            resourceIds: [practice.resourceIds[i % 10]],
            idempotencyKey: `bench-trpc-vs-raw-${i}-${Date.now()}`,
          }),
        ),
      });
      await caller.arrayBuffer();
    }
    const headers = {
      cookie: `${sessionCookieName}=${practice.ownerToken}`,
      "x-organization-id": practice.organizationId,
    };
    const input = encodeURIComponent(JSON.stringify(superjson.serialize({ ...range })));
    const run = (url: string, sent: Record<string, string> = headers) =>
      autocannon({ url, connections: 10, duration: seconds, headers: sent });
    await run(`${base}/bench/appointments`); // warm-up both paths
    const raw = await run(`${base}/bench/appointments`);
    const trpc = await run(`${base}/trpc/appointment.list?input=${input}`);
    const query = new URLSearchParams({
      from: range.from.toISOString(),
      to: range.to.toISOString(),
    });
    const rest = await run(`${base}/api/v1/appointments?${query.toString()}`, {
      authorization: `Bearer ${practice.ownerBearerToken}`,
      "x-organization-id": practice.organizationId,
    });
    if (trpc.non2xx > 0 || raw.non2xx > 0 || rest.non2xx > 0)
      throw new Error(`errors: trpc ${trpc.non2xx}, raw ${raw.non2xx}, rest ${rest.non2xx}`);
    const result = {
      database: database.kind,
      trpc_rps: Math.round(trpc.requests.average),
      raw_rps: Math.round(raw.requests.average),
      ratio: Number((trpc.requests.average / raw.requests.average).toFixed(3)),
      trpc_p50_ms: trpc.latency.p50,
      raw_p50_ms: raw.latency.p50,
      rest_rps: Math.round(rest.requests.average),
      rest_p50_ms: rest.latency.p50,
    };
    writeResult("trpc-vs-raw", result);
    return result;
  } finally {
    await app.close();
    await practice.cleanup();
  }
}
