// The security headers recorded from @fastify/helmet at start-up (src/trpc-security-headers.ts)
// are the ones @fastify/helmet sets itself, on every kind of answer: the same names, values and
// order, in development and in production (HSTS).
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import type { FastifyInstance, InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { buildServer } from "../src/app";
import { loadEnv } from "../src/env";
import { appOrigin, queryInput } from "./server";

let database: TestDatabase;
const servers: FastifyInstance[] = [];

async function pair(nodeEnv: "test" | "production") {
  const env = loadEnv({
    NODE_ENV: nodeEnv,
    APP_ORIGIN: appOrigin,
    SEED_DEMO: "false",
    LOG_LEVEL: "silent",
    ...(nodeEnv === "production"
      ? { WEB_DIST: "/nonexistent/web", ADMIN_DIST: "/nonexistent/admin" }
      : {}),
  });
  const build = (securityHeaders: "recorded" | "plugin") =>
    buildServer({ env, database, logger: false, securityHeaders });
  const [recorded, plugin] = await Promise.all([build("recorded"), build("plugin")]);
  servers.push(recorded, plugin);
  return { recorded, plugin };
}

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await database.drop();
});

const requests: (InjectOptions & { url: string })[] = [
  { method: "GET", url: "/healthz" },
  { method: "GET", url: "/nothing-here" },
  { method: "GET", url: `/trpc/auth.me?${queryInput({})}` },
  { method: "GET", url: `/trpc/appointment.list?${queryInput({})}` },
  { method: "POST", url: "/trpc/auth.signIn", headers: { origin: "https://elsewhere.example" } },
  { method: "GET", url: "/api/v1/appointments" },
  { method: "GET", url: "/p/no-such-practice" },
  { method: "OPTIONS", url: "/trpc/auth.me", headers: { origin: appOrigin } },
];

describe("security headers recorded from @fastify/helmet", () => {
  for (const nodeEnv of ["test", "production"] as const) {
    it(`are @fastify/helmet's on every answer (${nodeEnv})`, async () => {
      const { recorded, plugin } = await pair(nodeEnv);
      for (const request of requests) {
        const [mine, theirs] = await Promise.all([
          recorded.inject(request),
          plugin.inject(request),
        ]);
        const headers = (response: typeof mine) =>
          Object.entries(response.headers).filter(([name]) => name !== "date");
        expect(mine.statusCode, request.url).toBe(theirs.statusCode);
        expect(headers(mine), request.url).toEqual(headers(theirs));
        expect(mine.headers["content-security-policy"], request.url).toBeDefined();
        expect(mine.headers["x-powered-by"]).toBeUndefined();
      }
    });
  }
});
