// Over HTTP the membership of the organization a request names is read together with the
// session. Every request must still see the membership as it is now: a removed member or a
// changed role takes effect on the very next request, and a foreign organization is unknown.
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import { createPractice } from "@caredesk/api/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  memberHeaders,
  mutationBody,
  queryInput,
  startServer,
  trpcData,
  trpcError,
} from "./server";

let database: TestDatabase;
let app: FastifyInstance;
let practice: Awaited<ReturnType<typeof createPractice>>;
let otherPractice: Awaited<ReturnType<typeof createPractice>>;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  app = await startServer(database);
  practice = await createPractice(database.db);
  otherPractice = await createPractice(database.db);
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

function call(
  method: "GET" | "POST",
  path: string,
  token: string,
  organizationId: string,
  input?: unknown,
) {
  return app.inject({
    method,
    url: method === "GET" ? `/trpc/${path}?${queryInput(input ?? {})}` : `/trpc/${path}`,
    headers: {
      ...memberHeaders(token, organizationId),
      ...(method === "POST" ? { "content-type": "application/json" } : {}),
    },
    ...(method === "POST" ? { payload: mutationBody(input) } : {}),
  });
}

const departments = (token: string, organizationId: string) =>
  call("GET", "department.list", token, organizationId);

describe("the organization a request names", () => {
  it("answers a member with that organization's data", async () => {
    const response = await departments(practice.staff.token, practice.organization.id);
    expect(response.statusCode).toBe(200);
    expect(trpcData<{ items: unknown[] }>(response).items).toEqual([]);
  });

  it("answers NOT_FOUND for another practice's id and for a malformed one", async () => {
    for (const id of [otherPractice.organization.id, "not-a-uuid", "'; drop table user; --"]) {
      const response = await departments(practice.staff.token, id);
      expect(response.statusCode).toBe(404);
      expect(trpcError(response).data.code).toBe("NOT_FOUND");
    }
  });

  it("sees a role change on the next request", async () => {
    const { manager, owner, organization } = practice;
    const create = () =>
      call("POST", "department.create", manager.token, organization.id, { name: "Radiology" });
    expect((await create()).statusCode).toBe(200);
    const demoted = await call("POST", "organization.changeRole", owner.token, organization.id, {
      membershipId: manager.membershipId,
      role: "patient",
    });
    expect(demoted.statusCode).toBe(200);
    const refused = await create();
    expect(refused.statusCode).toBe(403);
    expect(trpcError(refused).data.code).toBe("FORBIDDEN");
  });

  it("sees a removed member on the next request", async () => {
    const { doctor, owner, organization } = practice;
    expect((await departments(doctor.token, organization.id)).statusCode).toBe(200);
    const removed = await call("POST", "organization.removeMember", owner.token, organization.id, {
      membershipId: doctor.membershipId,
    });
    expect(removed.statusCode).toBe(200);
    const after = await departments(doctor.token, organization.id);
    expect(after.statusCode).toBe(404);
    expect(trpcError(after).data.code).toBe("NOT_FOUND");
  });
});
