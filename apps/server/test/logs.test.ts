// Logs carry ids, never patient data or secrets: each test sends values it can recognise and
// greps everything the server logged for them.
import { Writable } from "node:stream";
import { createOrganization, signUp, type TestUser } from "@caredesk/api/testing";
import { schema, type DbHandle } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { logError, loggerOptions } from "../src/log";
import { behindOutage } from "./outage-proxy";
import { memberHeaders, mutationBody, queryInput, startServer } from "./server";

const template = inject("dbTemplate");
let database: TestDatabase;
let owner: TestUser;
let organizationId: string;
const servers: FastifyInstance[] = [];
/** What a test opened beyond the servers (an outage proxy and its handle). */
const closers: (() => Promise<void>)[] = [];

// Values no other code writes, so any appearance in a log is a leak.
const patient = { firstName: "Zenobia", lastName: "Quillfeather", mobile: "+201009876543" };
const leaks = ["Zenobia", "Quillfeather", "1009876543", "987 6543"];

beforeAll(async () => {
  database = await createTestDatabase(template);
  owner = await signUp(database.db);
  organizationId = (await createOrganization(database.db, owner)).id;
});
afterAll(async () => {
  await Promise.all(servers.map((app) => app.close()));
  await Promise.all(closers.map((close) => close()));
  await database.drop();
});

/** A server whose every log line (info and up) is kept in `lines`. */
async function loggedServer(on: DbHandle) {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const app = await startServer(on, {}, { ...loggerOptions("info"), stream: sink });
  servers.push(app);
  return { app, log: () => lines.join("") };
}

const headers = () => ({
  ...memberHeaders(owner.token, organizationId),
  "content-type": "application/json",
});

function expectNoPatientData(log: string) {
  for (const value of [...leaks, owner.token.split(".")[1] ?? owner.token]) {
    expect(log, `the log contains "${value}"`).not.toContain(value);
  }
}

describe("server logs", () => {
  it("log a search's path, not the name searched for", async () => {
    const { app, log } = await loggedServer(database);

    const response = await app.inject({
      method: "GET",
      url: `/trpc/patient.list?${queryInput({ search: `${patient.firstName} ${patient.lastName}` })}`,
      headers: headers(),
    });

    expect(response.statusCode).toBe(200);
    expect(log()).toContain("/trpc/patient.list");
    expectNoPatientData(log());
  });

  it("describe a failed query without its parameters or PostgreSQL's detail", async () => {
    await database.db.insert(schema.patient).values({ ...patient, organizationId });
    const failure = await database.db
      .insert(schema.patient)
      .values({ ...patient, organizationId })
      .then(
        () => null,
        (error: unknown) => error,
      );

    const logged = JSON.stringify(logError(failure));

    expect(logged).toContain("23505");
    expect(logged).toContain("patient_org_mobile_key");
    expectNoPatientData(logged);
  });

  it.runIf(template.kind === "postgres")(
    "log a write that failed for want of the database without the patient it carried",
    async () => {
      const behind = await behindOutage(database.url ?? "");
      closers.push(behind.close);
      const { outage, proxied } = behind;
      const { app, log } = await loggedServer(proxied);
      // The session and membership are read; the database goes away as the insert is sent.
      outage.cutWhenSent('insert into "patient"');

      const response = await app.inject({
        method: "POST",
        url: "/trpc/patient.create",
        headers: headers(),
        payload: mutationBody({ ...patient, mobile: "+20 100 987 6543", notes: "Zenobia's notes" }),
      });

      expect(response.statusCode).toBe(503);
      expect(log()).toContain("database unreachable");
      // The logged error is the failed insert itself (so its parameters were there to leak).
      expect(log()).toContain('insert into \\"patient\\"');
      expectNoPatientData(log());
    },
  );
});
