// Sign-in and sign-up have their own small rate limit per address; other calls do not share it.
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import { signUp, type TestUser } from "@caredesk/api/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { appOrigin, mutationBody, startServer, trpcError } from "./server";

let database: TestDatabase;
let app: FastifyInstance;
let person: TestUser;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  app = await startServer(database, { AUTH_RATE_LIMIT_MAX: "3" });
  person = await signUp(database.db);
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

function signInAttempt() {
  return app.inject({
    method: "POST",
    url: "/trpc/auth.signIn",
    headers: { "content-type": "application/json", origin: appOrigin },
    payload: mutationBody({ email: person.email, password: "a wrong guess" }),
  });
}

describe("the sign-in rate limit", () => {
  it("answers the 4th attempt within a minute with 429, Retry-After and TOO_MANY_REQUESTS", async () => {
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect((await signInAttempt()).statusCode).toBe(401);
    }

    const limited = await signInAttempt();

    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(trpcError(limited)).toMatchObject({
      data: { code: "TOO_MANY_REQUESTS", httpStatus: 429, path: "auth.signIn" },
    });
  });

  it("still serves other procedures to the same address", async () => {
    expect((await signInAttempt()).statusCode).toBe(429);

    const query = await app.inject({ method: "GET", url: "/trpc/health.check" });
    const mutation = await app.inject({
      method: "POST",
      url: "/trpc/auth.signOut",
      headers: { "content-type": "application/json", origin: appOrigin },
      payload: mutationBody(undefined),
    });

    expect(query.statusCode).toBe(200);
    // Reached the procedure (no session here), rather than the rate limiter.
    expect(mutation.statusCode).toBe(401);
  });
});

describe("the public booking rate limit", () => {
  it("shares the sign-in bucket of an address", async () => {
    const fresh = await startServer(database, { AUTH_RATE_LIMIT_MAX: "2" });
    try {
      const book = () =>
        fresh.inject({
          method: "POST",
          url: "/trpc/public.book",
          headers: { "content-type": "application/json", origin: appOrigin },
          payload: mutationBody({ slug: "no-such-practice" }),
        });
      const signIn = () =>
        fresh.inject({
          method: "POST",
          url: "/trpc/auth.signIn",
          headers: { "content-type": "application/json", origin: appOrigin },
          payload: mutationBody({ email: person.email, password: "a wrong guess" }),
        });
      // Reached the procedure: bad input, not the limiter.
      expect((await book()).statusCode).toBe(400);
      expect((await signIn()).statusCode).toBe(401);

      const limited = await book();
      expect(limited.statusCode).toBe(429);
      expect(trpcError(limited)).toMatchObject({
        data: { code: "TOO_MANY_REQUESTS", httpStatus: 429, path: "public.book" },
      });
      expect((await fresh.inject({ method: "GET", url: "/trpc/health.check" })).statusCode).toBe(
        200,
      );
    } finally {
      await fresh.close();
    }
  });
});
