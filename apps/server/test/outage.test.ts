// While PostgreSQL is unreachable the server says so — 503 with Retry-After, never a 500 — and
// it serves again once the database is back, without a restart. The outage is a TCP proxy in
// front of the test database that this file cuts and restores; PostgreSQL itself stays up.
// Only a networked database can be unreachable, so this runs on PostgreSQL (as CI does).
import { callerFor, createOrganization, signUp, type TestUser } from "@caredesk/api/testing";
import { schema, type DbHandle } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import { count, eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { behindOutage, type Outage } from "./outage-proxy";
import { memberHeaders, mutationBody, queryInput, startServer, trpcError } from "./server";

const template = inject("dbTemplate");
let database: TestDatabase;
let outage: Outage;
let proxied: DbHandle;
let closeProxy: (() => Promise<void>) | undefined;
let app: FastifyInstance;
let owner: TestUser;
let organizationId: string;

beforeAll(async () => {
  database = await createTestDatabase(template);
  if (!database.url) return; // PGlite: nothing to cut (see the note at the top)
  ({ outage, proxied, close: closeProxy } = await behindOutage(database.url, 4));
  app = await startServer(proxied);
  owner = await signUp(database.db);
  organizationId = (await createOrganization(database.db, owner)).id;
});
afterAll(async () => {
  await app?.close();
  await closeProxy?.();
  await database.drop();
});

const headers = () => memberHeaders(owner.token, organizationId);

const listPatients = () =>
  app.inject({
    method: "GET",
    url: `/trpc/patient.list?${queryInput({ limit: 10 })}`,
    headers: headers(),
  });

const createPatient = () =>
  app.inject({
    method: "POST",
    url: "/trpc/patient.create",
    headers: { ...headers(), "content-type": "application/json" },
    payload: mutationBody({ firstName: "Outage", lastName: "Patient", mobile: "+201001112233" }),
  });

async function patientsNamedOutage() {
  const [row] = await database.db
    .select({ n: count() })
    .from(schema.patient)
    .where(eq(schema.patient.lastName, "Patient"));
  return row?.n ?? 0;
}

function expectUnavailable(response: Awaited<ReturnType<typeof listPatients>>) {
  expect(response.statusCode).toBe(503);
  expect(Number(response.headers["retry-after"])).toBeGreaterThan(0);
  const error = trpcError(response);
  expect(error.message).toMatch(/cannot reach its database/);
  expect(error.data).toMatchObject({ code: "SERVICE_UNAVAILABLE", httpStatus: 503 });
}

describe.runIf(template.kind === "postgres")("a database outage", () => {
  it("answers 503 with Retry-After while connections are refused, then serves again", async () => {
    expect((await listPatients()).statusCode).toBe(200);

    await outage.refuse();
    expectUnavailable(await listPatients());
    expectUnavailable(await createPatient());
    const visitor = await app.inject({
      method: "GET",
      url: `/trpc/public.practice?${queryInput({ slug: "no-such-practice" })}`,
    });
    expect(visitor.statusCode).toBe(503);

    await outage.restore();
    expect((await listPatients()).statusCode).toBe(200);
    expect(await patientsNamedOutage()).toBe(0);
  });

  it("answers 503 when connections hang, instead of holding requests", async () => {
    await outage.restore();
    expect((await listPatients()).statusCode).toBe(200);

    outage.hang();
    const responses = await Promise.all([listPatients(), createPatient(), listPatients()]);
    for (const response of responses) expectUnavailable(response);
    expect(await patientsNamedOutage()).toBe(0);

    await outage.restore();
    expect((await createPatient()).statusCode).toBe(200);
    expect(await patientsNamedOutage()).toBe(1);
    // A session check, a membership and a write all work again on the same server.
    const caller = await callerFor(proxied.db, { token: owner.token, organizationId });
    expect((await caller.patient.list({ limit: 5 })).items).toHaveLength(1);
  });

  it("answers /readyz with 503 during the outage and 200 after it", async () => {
    await outage.refuse();
    expect((await app.inject({ method: "GET", url: "/readyz" })).statusCode).toBe(503);
    await outage.restore();
    expect((await app.inject({ method: "GET", url: "/readyz" })).statusCode).toBe(200);
  });
});
