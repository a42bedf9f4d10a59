// Liveness and readiness probes.
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startServer } from "./server";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
});
afterAll(() => database.drop());

describe("probes", () => {
  it("answers /healthz with 200", async () => {
    const app = await startServer(database);
    try {
      const response = await app.inject({ method: "GET", url: "/healthz" });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ ok: true });
    } finally {
      await app.close();
    }
  });

  it("answers /readyz with 200 while the database answers", async () => {
    const app = await startServer(database);
    try {
      const response = await app.inject({ method: "GET", url: "/readyz" });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ ok: true, database: database.kind });
    } finally {
      await app.close();
    }
  });

  it("answers /readyz with 503 once the database is gone", async () => {
    // Its own database: this test closes it.
    const doomed = await createTestDatabase(inject("dbTemplate"));
    const app = await startServer(doomed);
    try {
      expect((await app.inject({ method: "GET", url: "/readyz" })).statusCode).toBe(200);
      await doomed.drop();

      const response = await app.inject({ method: "GET", url: "/readyz" });

      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({ ok: false });
    } finally {
      await app.close();
    }
  });
});
