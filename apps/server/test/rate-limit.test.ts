// Rate limits count procedure calls as tRPC decoded them: every call of a batch, however the URL
// spells the procedure's name. Sign-in/sign-up and public booking have their own small buckets.
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import { signUp, uniqueEmail, type TestUser } from "@caredesk/api/testing";
import type { FastifyInstance } from "fastify";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { appOrigin, mutationBody, startServer, trpcError, type TrpcErrorBody } from "./server";

let database: TestDatabase;
let person: TestUser;
const servers: FastifyInstance[] = [];

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  person = await signUp(database.db);
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await database.drop();
});

/** A server of its own, so each test starts with full buckets. */
async function server(limits: Record<string, string>) {
  const app = await startServer(database, limits);
  servers.push(app);
  return app;
}

const json = { "content-type": "application/json", origin: appOrigin };
// Another account per call: the per-account back-off (five failures) must not be what answers.
const wrongGuess = () => ({ email: uniqueEmail(), password: "a wrong guess" });

function post(app: FastifyInstance, path: string, input: unknown) {
  return app.inject({
    method: "POST",
    url: `/trpc/${path}`,
    headers: json,
    payload: mutationBody(input),
  });
}

/** The error codes of a batched response, one per call ("OK" for a success). */
function batchCodes(body: string): string[] {
  const items = JSON.parse(body) as ({ error: never } | { result: unknown })[];
  return items.map((item) =>
    "error" in item ? superjson.deserialize<TrpcErrorBody>(item.error).data.code : "OK",
  );
}

describe("the sign-in rate limit", () => {
  it("answers the 4th attempt within a minute with 429, Retry-After and TOO_MANY_REQUESTS", async () => {
    const app = await server({ AUTH_RATE_LIMIT_MAX: "3" });
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect((await post(app, "auth.signIn", wrongGuess())).statusCode).toBe(401);
    }

    const limited = await post(app, "auth.signIn", wrongGuess());

    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(trpcError(limited)).toMatchObject({
      data: { code: "TOO_MANY_REQUESTS", httpStatus: 429, path: "auth.signIn" },
    });
  });

  it("counts the procedure however its name is percent-encoded in the URL", async () => {
    const app = await server({ AUTH_RATE_LIMIT_MAX: "2" });
    expect((await post(app, "auth.signIn", wrongGuess())).statusCode).toBe(401);
    expect((await post(app, "auth.signIn", wrongGuess())).statusCode).toBe(401);

    for (const spelling of ["auth%2EsignIn", "auth.sign%49n", "auth%2esignIn", "%61uth.signIn"]) {
      const attempt = await post(app, spelling, { email: person.email, password: person.password });
      expect(attempt.statusCode, spelling).toBe(429);
    }
  });

  it("counts every sign-in of a batch, so a batch cannot carry more guesses", async () => {
    const app = await server({ AUTH_RATE_LIMIT_MAX: "3" });
    const calls = 51;
    const body = Object.fromEntries(
      Array.from({ length: calls }, (_, i) => [i, superjson.serialize(wrongGuess())]),
    );

    const response = await app.inject({
      method: "POST",
      url: `/trpc/${Array.from({ length: calls }, () => "auth.signIn").join(",")}?batch=1`,
      headers: json,
      payload: JSON.stringify(body),
    });

    const codes = batchCodes(response.body);
    expect(codes.filter((code) => code === "UNAUTHORIZED")).toHaveLength(3);
    expect(codes.filter((code) => code === "TOO_MANY_REQUESTS")).toHaveLength(calls - 3);
  });

  it("still serves other procedures to the same address", async () => {
    const app = await server({ AUTH_RATE_LIMIT_MAX: "1" });
    await post(app, "auth.signIn", wrongGuess());
    expect((await post(app, "auth.signIn", wrongGuess())).statusCode).toBe(429);

    const query = await app.inject({ method: "GET", url: "/trpc/health.check" });
    const mutation = await post(app, "auth.signOut", undefined);

    expect(query.statusCode).toBe(200);
    // Reached the procedure (no session here), rather than the rate limiter.
    expect(mutation.statusCode).toBe(401);
  });
});

describe("the public booking rate limit", () => {
  it("has its own bucket, counted however the name is spelled", async () => {
    const app = await server({ PUBLIC_BOOKING_RATE_LIMIT_MAX: "2", AUTH_RATE_LIMIT_MAX: "1" });
    // Reached the procedure: bad input, not the limiter.
    expect((await post(app, "public.book", { slug: "no-such-practice" })).statusCode).toBe(400);
    expect((await post(app, "public%2Ebook", { slug: "no-such-practice" })).statusCode).toBe(400);
    // Sign-in's bucket is untouched by bookings.
    expect((await post(app, "auth.signIn", wrongGuess())).statusCode).toBe(401);

    const limited = await post(app, "public%2ebook", { slug: "no-such-practice" });

    expect(limited.statusCode).toBe(429);
    expect(trpcError(limited)).toMatchObject({
      data: { code: "TOO_MANY_REQUESTS", httpStatus: 429, path: "public.book" },
    });
  });
});

describe("the assistant's rate limit", () => {
  it("counts each question, on the site and in the portal, in a bucket of its own", async () => {
    const app = await server({ ASSISTANT_RATE_LIMIT_MAX: "2", PUBLIC_BOOKING_RATE_LIMIT_MAX: "1" });
    const ask = { slug: "no-such-practice", message: "When are you open?" };
    // Reached the procedure: no such practice, not the limiter.
    expect((await post(app, "assistant.ask", ask)).statusCode).toBe(404);
    expect((await post(app, "assistant%2Eask", ask)).statusCode).toBe(404);
    // Bookings keep their own allowance.
    expect((await post(app, "public.book", { slug: "no-such-practice" })).statusCode).toBe(400);

    const limited = await post(app, "assistant.ask", ask);

    expect(limited.statusCode).toBe(429);
    expect(trpcError(limited)).toMatchObject({
      data: { code: "TOO_MANY_REQUESTS", path: "assistant.ask" },
    });
  });
});

describe("the limit on all calls", () => {
  it("counts each call of a batched query", async () => {
    const app = await server({ RATE_LIMIT_MAX: "5" });

    const response = await app.inject({
      method: "GET",
      url: `/trpc/${Array.from({ length: 8 }, () => "health.check").join(",")}?batch=1&input=${encodeURIComponent("{}")}`,
    });

    const codes = batchCodes(response.body);
    expect(codes.filter((code) => code === "OK")).toHaveLength(5);
    expect(codes.filter((code) => code === "TOO_MANY_REQUESTS")).toHaveLength(3);
    expect(Number(response.headers["retry-after"])).toBeGreaterThan(0);
  });
});
