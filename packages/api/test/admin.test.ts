// The operators' views: every organization and user, with counts, searchable.
import type { Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import {
  callerFor,
  createPractice,
  failureOf,
  makePlatformOperator,
  signUp,
} from "@caredesk/api/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

let database: TestDatabase;
let db: Database;
let practice: Awaited<ReturnType<typeof createPractice>>;
let operatorToken: string;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  practice = await createPractice(db);
  const operator = await signUp(db, { name: "Platform Operator" });
  await makePlatformOperator(db, operator);
  operatorToken = operator.token;
});
afterAll(() => database.drop());

describe("admin lists", () => {
  it("counts the members of each organization", async () => {
    const admin = await callerFor(db, { token: operatorToken });
    const page = await admin.admin.organizations({ search: practice.organization.name });
    const row = page.items.find((o) => o.id === practice.organization.id);
    expect(row?.memberCount).toBe(6);
  });

  it("counts the organizations of each user", async () => {
    const admin = await callerFor(db, { token: operatorToken });
    const page = await admin.admin.users({ search: practice.doctor.email });
    expect(page.items.map((u) => [u.email, u.organizationCount])).toEqual([
      [practice.doctor.email, 1],
    ]);
  });

  it("matches % and _ in a search literally", async () => {
    const admin = await callerFor(db, { token: operatorToken });
    expect((await admin.admin.users({ search: "%" })).items).toEqual([]);
    expect((await admin.admin.organizations({ search: "_" })).items).toEqual([]);
  });

  it("is closed to everyone who is not a platform operator", async () => {
    const owner = await callerFor(db, { token: practice.owner.token });
    expect((await failureOf(owner.admin.organizations({}))).code).toBe("FORBIDDEN");
    expect((await failureOf(owner.admin.users({}))).code).toBe("FORBIDDEN");
  });
});
