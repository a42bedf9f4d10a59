// The session cookie over HTTP: its attributes, refusal of bad tokens, and sliding renewal.
import { sessionLifetimeMs } from "@caredesk/auth";
import { schema } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import { signUp } from "@caredesk/api/testing";
import { eq, sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  appOrigin,
  mutationBody,
  sessionCookie,
  sessionCookieName,
  startServer,
  trpcError,
} from "./server";

let database: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  app = await startServer(database);
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

const day = 24 * 60 * 60 * 1000;

async function signInOver(server: FastifyInstance) {
  const person = await signUp(database.db);
  const response = await server.inject({
    method: "POST",
    url: "/trpc/auth.signIn",
    headers: { "content-type": "application/json", origin: appOrigin },
    payload: mutationBody({ email: person.email, password: person.password }),
  });
  expect(response.statusCode).toBe(200);
  return response;
}

function callWithToken(token: string, path = "auth.sessions") {
  return app.inject({
    method: "GET",
    url: `/trpc/${path}`,
    cookies: { [sessionCookieName]: token },
  });
}

function setExpiry(token: string, expiresAt: Date | ReturnType<typeof sql>) {
  const [id = ""] = token.split(".");
  return database.db.update(schema.session).set({ expiresAt }).where(eq(schema.session.id, id));
}

describe("cookie attributes", () => {
  it("sets an HttpOnly, SameSite=Lax session cookie for the whole site, not Secure in development", async () => {
    const server = await startServer(database, { NODE_ENV: "development" });
    try {
      const cookie = sessionCookie(await signInOver(server));
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
      expect(cookie?.secure).toBeFalsy();
    } finally {
      await server.close();
    }
  });

  it("marks the session cookie Secure in production", async () => {
    const server = await startServer(database, { NODE_ENV: "production" });
    try {
      const cookie = sessionCookie(await signInOver(server));
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: true });
    } finally {
      await server.close();
    }
  });

  it("lets the cookie live as long as the session", async () => {
    const before = Date.now();
    const cookie = sessionCookie(await signInOver(app));
    const after = Date.now();

    const expires = cookie?.expires?.getTime() ?? 0;
    // Cookie dates have one-second resolution.
    expect(expires).toBeGreaterThanOrEqual(before + sessionLifetimeMs - 1000);
    expect(expires).toBeLessThanOrEqual(after + sessionLifetimeMs);
  });
});

describe("a bad cookie", () => {
  it("serves the session's owner with a valid cookie", async () => {
    const person = await signUp(database.db);
    const response = await callWithToken(person.token);
    expect(response.statusCode).toBe(200);
    expect(sessionCookie(response)).toBeUndefined();
  });

  it("answers a forged token with UNAUTHORIZED and clears the cookie", async () => {
    const person = await signUp(database.db);
    const [id] = person.token.split(".");

    const response = await callWithToken(`${id}.forgedsecretforgedsecret`);

    expect(response.statusCode).toBe(401);
    expect(trpcError(response).data.code).toBe("UNAUTHORIZED");
    const cleared = sessionCookie(response);
    expect(cleared?.value).toBe("");
    expect(cleared?.expires?.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it("answers an expired token with UNAUTHORIZED and clears the cookie", async () => {
    const person = await signUp(database.db);
    await setExpiry(person.token, sql`now() - interval '1 second'`);

    const response = await callWithToken(person.token);

    expect(response.statusCode).toBe(401);
    expect(trpcError(response).data.code).toBe("UNAUTHORIZED");
    const cleared = sessionCookie(response);
    expect(cleared?.value).toBe("");
    expect(cleared?.expires?.getTime()).toBeLessThanOrEqual(Date.now());
  });
});

describe("sliding expiry", () => {
  it("sends the cookie again, for 30 more days, when less than 15 days are left", async () => {
    const person = await signUp(database.db);
    await setExpiry(person.token, new Date(Date.now() + 10 * day));

    const before = Date.now();
    const response = await callWithToken(person.token, "auth.me");
    const after = Date.now();

    expect(response.statusCode).toBe(200);
    const cookie = sessionCookie(response);
    expect(cookie?.value).toBe(person.token);
    const expires = cookie?.expires?.getTime() ?? 0;
    expect(expires).toBeGreaterThanOrEqual(before + sessionLifetimeMs - 1000);
    expect(expires).toBeLessThanOrEqual(after + sessionLifetimeMs);
  });

  it("does not send the cookie again when more than 15 days are left", async () => {
    const person = await signUp(database.db);
    await setExpiry(person.token, new Date(Date.now() + 20 * day));

    const response = await callWithToken(person.token, "auth.me");

    expect(response.statusCode).toBe(200);
    expect(sessionCookie(response)).toBeUndefined();
  });
});
