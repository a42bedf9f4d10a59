// The lean /trpc path (src/trpc-lean.ts) answers exactly as tRPC's own Fastify plugin does: the
// same requests sent to a server on each give the same status, body and headers — successes,
// bad input, NOT_FOUND, UNAUTHORIZED, rate limits, batches of mixed results, mutations, and
// the requests the lean path hands to the plugin.
import { gunzipSync, brotliDecompressSync } from "node:zlib";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import { fromEpochMinutes, toEpochMinutes } from "@caredesk/scheduling";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createBenchPractice, type BenchPractice } from "../bench/fixture";
import { buildServer } from "../src/app";
import { loadEnv } from "../src/env";
import { appOrigin, memberHeaders, mutationBody, queryInput } from "./server";

let database: TestDatabase;
let practice: BenchPractice;
const servers: FastifyInstance[] = [];

/** A lean server and a plugin server with the same environment (fresh rate-limit buckets). */
async function pair(overrides: Record<string, string> = {}) {
  const env = loadEnv({
    NODE_ENV: "test",
    APP_ORIGIN: appOrigin,
    SEED_DEMO: "false",
    LOG_LEVEL: "silent",
    ...overrides,
  });
  const build = (trpcAdapter: "lean" | "plugin") =>
    buildServer({ env, database, logger: false, trpcAdapter });
  const [lean, plugin] = await Promise.all([build("lean"), build("plugin")]);
  servers.push(lean, plugin);
  return { lean, plugin };
}

let apps: Awaited<ReturnType<typeof pair>>;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  practice = await createBenchPractice(database, { resources: 2, patients: 2 });
  apps = await pair();
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await database.drop();
});

/** Headers that describe the connection or the moment, not the answer. */
const transport = new Set([
  "date",
  "connection",
  "keep-alive",
  "content-length",
  "transfer-encoding",
]);

function bodyOf(response: LightMyRequestResponse): string {
  const encoding = response.headers["content-encoding"];
  if (encoding === "gzip") return gunzipSync(response.rawPayload).toString();
  if (encoding === "br") return brotliDecompressSync(response.rawPayload).toString();
  return response.body;
}

function answerOf(response: LightMyRequestResponse) {
  const headers = Object.fromEntries(
    Object.entries(response.headers).filter(([name]) => !transport.has(name)),
  );
  return { status: response.statusCode, headers, body: bodyOf(response) };
}

/** Sends the same request to both servers; returns the lean path's answer after comparing. */
async function same(request: InjectOptions, on = apps) {
  const lean = answerOf(await on.lean.inject(request));
  const plugin = answerOf(await on.plugin.inject(request));
  expect(lean).toEqual(plugin);
  return lean;
}

const member = () => memberHeaders(practice.ownerToken, practice.organizationId);
const day = () => {
  const start = toEpochMinutes(new Date()) + 3 * 1440;
  return { from: fromEpochMinutes(start), to: fromEpochMinutes(start + 1440) };
};
const get = (path: string, input: unknown, headers: Record<string, string> = member()) =>
  ({ method: "GET", url: `/trpc/${path}?${queryInput(input)}`, headers }) as const;
const post = (path: string, payload: string, headers: Record<string, string> = member()) =>
  ({
    method: "POST",
    url: `/trpc/${path}`,
    headers: { ...headers, "content-type": "application/json" },
    payload,
  }) as const;

describe("the lean /trpc path answers as tRPC's Fastify plugin", () => {
  it("a query's result", async () => {
    const answer = await same(get("appointment.list", day()));
    expect(answer.status).toBe(200);
    expect(answer.headers["content-type"]).toBe("application/json");
  });

  it("a query's result, compressed, small and large", async () => {
    const gzip = { ...member(), "accept-encoding": "gzip" };
    expect((await same(get("appointment.list", day(), gzip))).headers["content-encoding"]).toBe(
      "gzip",
    );
    const br = { ...member(), "accept-encoding": "br, gzip" };
    await same(get("appointment.catalog", {}, br));
    await same(get("appointment.list", { from: 1 }, br));
  });

  it("bad input: BAD_REQUEST with the field errors", async () => {
    const answer = await same(get("appointment.list", { from: "yesterday", to: 3 }));
    expect(answer.status).toBe(400);
  });

  it("unreadable input: BAD_REQUEST", async () => {
    await same({
      method: "GET",
      url: "/trpc/appointment.list?input=%7Bnot-json",
      headers: member(),
    });
    await same(post("appointment.book", "{not json"));
    await same(post("appointment.book", ""));
  });

  it("another organization: NOT_FOUND", async () => {
    const answer = await same(
      get(
        "appointment.list",
        day(),
        memberHeaders(practice.ownerToken, "7a0f8d4e-1b2c-4d3e-8f90-123456789abc"),
      ),
    );
    expect(answer.status).toBe(404);
  });

  it("no session: UNAUTHORIZED", async () => {
    const answer = await same(get("appointment.list", day(), {}));
    expect(answer.status).toBe(401);
    // A session cookie that is not valid is cleared, the same way.
    const stale = await same(
      get("appointment.list", day(), {
        cookie: "caredesk_session=nothing.here",
        "x-organization-id": practice.organizationId,
      }),
    );
    expect(stale.status).toBe(401);
  });

  it("rate limited: TOO_MANY_REQUESTS with Retry-After", async () => {
    const limited = await pair({ RATE_LIMIT_MAX: "2" });
    for (let i = 0; i < 2; i++) await same(get("appointment.list", day()), limited);
    const answer = await same(get("appointment.list", day()), limited);
    expect(answer.status).toBe(429);
    expect(Number(answer.headers["retry-after"])).toBeGreaterThan(0);
    // A batch where some calls are refused: 207, Retry-After too.
    const batch = await same(
      {
        method: "GET",
        url: `/trpc/appointment.list,appointment.list?batch=1&input=${encodeURIComponent(
          JSON.stringify({ 0: superjson.serialize(day()), 1: superjson.serialize(day()) }),
        )}`,
        headers: member(),
      },
      limited,
    );
    expect(batch.status).toBe(429);
  });

  it("a batch of mixed results (GET), and a batch that is not an object", async () => {
    const input = {
      0: superjson.serialize(day()),
      1: superjson.serialize({ from: "no" }),
      2: superjson.serialize({}),
    };
    const answer = await same({
      method: "GET",
      url: `/trpc/appointment.list,appointment.list,appointment.catalog?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`,
      headers: member(),
    });
    expect(answer.status).toBe(207);
    await same({
      method: "GET",
      url: `/trpc/appointment.list?batch=1&input=${encodeURIComponent("[1]")}`,
      headers: member(),
    });
    await same({
      method: "GET",
      url: `/trpc/appointment.list?batch=1&input=${encodeURIComponent("3")}`,
      headers: member(),
    });
  });

  it("mutations: a booking, its repeat, a refused one and a batch (POST)", async () => {
    const start = new Date(toEpochMinutes(new Date()) * 60_000);
    start.setUTCDate(start.getUTCDate() + 7);
    start.setUTCHours(10, 0, 0, 0);
    const booking = {
      serviceId: practice.serviceId,
      patientId: practice.patientIds[0],
      start,
      resourceIds: [practice.resourceIds[0]],
      idempotencyKey: "lean-path-booking-0001",
    };
    // The first call makes it (on the lean path); the repeats answer the same record on both.
    const made = await apps.lean.inject(post("appointment.book", mutationBody(booking)));
    expect([200, 409, 400]).toContain(made.statusCode);
    await same(post("appointment.book", mutationBody(booking)));
    // Off the grid or otherwise refused: the same error and alternatives.
    const off = { ...booking, start: new Date(start.getTime() + 7 * 60_000) };
    await same(post("appointment.book", mutationBody({ ...off, idempotencyKey: "lean-off-1" })));
    await same(post("appointment.book", mutationBody({ ...booking, patientId: "nope" })));
    // A batch of two mutations, one refused.
    await same(
      post(
        "appointment.book,appointment.book",
        JSON.stringify({
          0: superjson.serialize(booking),
          1: superjson.serialize({ ...booking, serviceId: "bad" }),
        }),
      ),
    );
  });

  it("what the lean path hands to the plugin", async () => {
    // A query asked with POST, a mutation with GET: METHOD_NOT_SUPPORTED.
    await same(post("appointment.list", mutationBody(day())));
    await same(get("appointment.book", {}));
    // An unknown procedure, a percent-encoded name, a mixed batch.
    await same(get("appointment.nothing", {}));
    await same(get("appointment%2Elist", day()));
    await same({
      method: "GET",
      url: `/trpc/appointment.list,appointment.book?batch=1&input=%7B%7D`,
      headers: member(),
    });
    // Another content type, HEAD, a streamed batch.
    await same({
      ...post("appointment.book", "x"),
      headers: { ...member(), "content-type": "text/plain" },
    });
    await same({ method: "HEAD", url: "/trpc/appointment.list", headers: member() });
    const streamed = await apps.lean.inject({
      method: "GET",
      url: `/trpc/appointment.catalog?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: superjson.serialize({}) }))}`,
      headers: { ...member(), "trpc-accept": "application/jsonl" },
    });
    expect(streamed.statusCode).toBe(200);
    expect(streamed.headers["transfer-encoding"]).toBe("chunked");
  });
});
