// CSRF: a state-changing request must come from an allowed origin; reads need nothing.
import { schema } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import { signUp, type TestUser } from "@caredesk/api/testing";
import { count } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { appOrigin, mutationBody, sessionCookie, startServer, trpcError } from "./server";

let database: TestDatabase;
let app: FastifyInstance;
let person: TestUser;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  app = await startServer(database);
  person = await signUp(database.db);
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

function signIn(headers: Record<string, string>) {
  return app.inject({
    method: "POST",
    url: "/trpc/auth.signIn",
    headers: { "content-type": "application/json", ...headers },
    payload: mutationBody({ email: person.email, password: person.password }),
  });
}

async function sessionCount() {
  const [row] = await database.db.select({ n: count() }).from(schema.session);
  return row?.n;
}

describe("state-changing requests", () => {
  it("refuses a POST without Origin with 403 and a tRPC FORBIDDEN error", async () => {
    const response = await signIn({});

    expect(response.statusCode).toBe(403);
    expect(trpcError(response)).toMatchObject({
      code: -32003,
      data: { code: "FORBIDDEN", httpStatus: 403, path: "auth.signIn" },
    });
  });

  it("refuses a POST from a foreign Origin with 403 and opens no session", async () => {
    const before = await sessionCount();

    const response = await signIn({ origin: "https://evil.example" });

    expect(response.statusCode).toBe(403);
    expect(trpcError(response).data.code).toBe("FORBIDDEN");
    expect(sessionCookie(response)).toBeUndefined();
    expect(await sessionCount()).toBe(before);
  });

  it("refuses a cross-site fetch that sends no Origin", async () => {
    const response = await signIn({ "sec-fetch-site": "cross-site" });
    expect(response.statusCode).toBe(403);
  });

  it("handles a POST from the app's own Origin", async () => {
    const response = await signIn({ origin: appOrigin });

    expect(response.statusCode).toBe(200);
    expect(sessionCookie(response)?.value).toMatch(/^\w+\.\w+$/);
  });

  it("handles a same-origin fetch that sends no Origin (Sec-Fetch-Site)", async () => {
    const response = await signIn({ "sec-fetch-site": "same-origin" });

    expect(response.statusCode).toBe(200);
    expect(sessionCookie(response)).toBeDefined();
  });
});

describe("reads", () => {
  it("serves a GET query without any Origin", async () => {
    const response = await app.inject({ method: "GET", url: "/trpc/health.check" });
    expect(response.statusCode).toBe(200);
  });
});
