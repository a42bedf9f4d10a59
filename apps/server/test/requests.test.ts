// Hostile or broken requests get a 4xx answer, never a 500; security headers are always sent.
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import { signUp } from "@caredesk/api/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  appOrigin,
  mutationBody,
  queryInput,
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

function post(url: string, payload: string) {
  return app.inject({
    method: "POST",
    url,
    headers: { "content-type": "application/json", origin: appOrigin },
    payload,
  });
}

describe("broken requests", () => {
  it("answers a malformed JSON body with a 4xx tRPC error", async () => {
    const response = await post("/trpc/auth.signIn", '{"json": {"email": ');

    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
    expect(trpcError(response).data.httpStatus).toBe(response.statusCode);
  });

  it("answers a 2 MB body with 413", async () => {
    const huge = mutationBody({ email: "a@b.test", password: "x".repeat(2 * 1024 * 1024) });

    const response = await post("/trpc/auth.signIn", huge);

    expect(response.statusCode).toBe(413);
    expect(trpcError(response).data.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("answers input of the wrong shape with 400 and field errors", async () => {
    const response = await post("/trpc/auth.signUp", mutationBody({ email: 7 }));

    expect(response.statusCode).toBe(400);
    const { data } = trpcError(response);
    expect(data.code).toBe("BAD_REQUEST");
    expect(Object.keys(data.fieldErrors ?? {}).sort()).toEqual(["email", "name", "password"]);
  });

  it("answers a query input that is not JSON with 400", async () => {
    const person = await signUp(database.db);
    const response = await app.inject({
      method: "GET",
      url: "/trpc/organization.byId?input=%7Bnot-json",
      cookies: { [sessionCookieName]: person.token },
    });
    expect(response.statusCode).toBe(400);
  });

  it("answers an unknown procedure with 404", async () => {
    const query = await app.inject({ method: "GET", url: "/trpc/patient.nothingHere" });
    const mutation = await post("/trpc/patient.nothingHere", mutationBody({}));

    expect(query.statusCode).toBe(404);
    expect(trpcError(query).data.code).toBe("NOT_FOUND");
    expect(mutation.statusCode).toBe(404);
  });

  it("answers a query called as a mutation with 4xx", async () => {
    const response = await post("/trpc/health.check", mutationBody(undefined));
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
  });

  it("answers an unknown route with 404", async () => {
    const response = await app.inject({ method: "GET", url: `/nothing-here?${queryInput(1)}` });
    expect(response.statusCode).toBe(404);
  });
});

describe("security headers", () => {
  it("sends helmet's headers on tRPC and plain routes", async () => {
    for (const url of ["/trpc/health.check", "/healthz"]) {
      const response = await app.inject({ method: "GET", url });
      expect(response.headers["x-content-type-options"]).toBe("nosniff");
      expect(response.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
      expect(response.headers["x-powered-by"]).toBeUndefined();
    }
  });
});
