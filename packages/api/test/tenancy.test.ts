// Tenancy: another organization's members are invisible (NOT_FOUND), roles limit what members
// may do, and an organization always keeps an owner. The generated walk over every procedure
// lives in isolation.test.ts.
import { randomUUID } from "node:crypto";
import { schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import {
  addMember,
  callerFor,
  createOrganization,
  createPractice,
  errorShapeOf,
  failureOf,
  signUp,
  uniqueEmail,
  type Caller,
  type TestMember,
  type TestUser,
} from "@caredesk/api/testing";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

let database: TestDatabase;
let db: Database;
let a: Awaited<ReturnType<typeof createPractice>>;
let b: { organization: { id: string }; owner: TestUser; doctor: TestMember };

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  a = await createPractice(db);
  const ownerB = await signUp(db, { name: "Bruno Owner" });
  const orgB = await createOrganization(db, ownerB, { name: "Bayside Dental" });
  b = {
    organization: orgB,
    owner: ownerB,
    doctor: await addMember(db, orgB.id, ownerB, "doctor"),
  };
});
afterAll(() => database.drop());

/** Everything stored about an organization and its members, to prove nothing changed. */
async function snapshot(organizationId: string) {
  const org = await db
    .select()
    .from(schema.organization)
    .where(eq(schema.organization.id, organizationId));
  const members = await db
    .select()
    .from(schema.membership)
    .where(eq(schema.membership.organizationId, organizationId))
    .orderBy(asc(schema.membership.id));
  return { org, members };
}

describe("another organization is not found", () => {
  // Every procedure is walked with another organization's ids in isolation.test.ts; these
  // are the membership cases that need two members of the same organization.
  it("answers NOT_FOUND for changeRole on a member of another organization", async () => {
    const before = await snapshot(b.organization.id);
    const caller = await callerFor(db, { token: a.owner.token, organizationId: a.organization.id });

    const failure = await failureOf(
      caller.organization.changeRole({ membershipId: b.doctor.membershipId, role: "patient" }),
    );

    expect(failure.code).toBe("NOT_FOUND");
    expect(await snapshot(b.organization.id)).toEqual(before);
  });

  it("answers NOT_FOUND for removeMember on a member of another organization", async () => {
    const before = await snapshot(b.organization.id);
    const caller = await callerFor(db, { token: a.owner.token, organizationId: a.organization.id });

    const failure = await failureOf(
      caller.organization.removeMember({ membershipId: b.doctor.membershipId }),
    );

    expect(failure.code).toBe("NOT_FOUND");
    expect(await snapshot(b.organization.id)).toEqual(before);
  });

  it("answers NOT_FOUND when updating another organization's id from one's own", async () => {
    const before = await snapshot(b.organization.id);
    const caller = await callerFor(db, { token: a.owner.token, organizationId: a.organization.id });

    const failure = await failureOf(
      caller.organization.update({ id: b.organization.id, name: "Taken Over" }),
    );

    expect(failure.code).toBe("NOT_FOUND");
    expect(await snapshot(b.organization.id)).toEqual(before);
  });

  it("answers byId of another organization exactly like a missing one", async () => {
    const caller = await callerFor(db, { token: a.owner.token });

    const foreign = await failureOf(caller.organization.byId({ id: b.organization.id }));
    const missing = await failureOf(caller.organization.byId({ id: randomUUID() }));

    expect(foreign.code).toBe("NOT_FOUND");
    expect(foreign).toEqual(missing);
  });

  it("does not list another organization among one's own", async () => {
    const caller = await callerFor(db, { token: a.owner.token });
    const mine = await caller.organization.listMine();
    expect(mine.map((o) => o.id)).toEqual([a.organization.id]);
  });
});

describe("roles", () => {
  const patientCalls: { path: string; call: (c: Caller) => Promise<unknown> }[] = [
    { path: "members", call: (c) => c.organization.members({}) },
    {
      path: "addMember",
      call: (c) => c.organization.addMember({ email: b.owner.email, role: "staff" }),
    },
    {
      path: "update",
      call: (c) => c.organization.update({ id: a.organization.id, name: "Patient Clinic" }),
    },
  ];

  it.each(patientCalls)(
    "refuses organization.$path to a patient with FORBIDDEN",
    async ({ call }) => {
      const before = await snapshot(a.organization.id);
      const caller = await callerFor(db, {
        token: a.patient.token,
        organizationId: a.organization.id,
      });

      const failure = await failureOf(call(caller));

      expect(failure.code).toBe("FORBIDDEN");
      expect(await snapshot(a.organization.id)).toEqual(before);
    },
  );

  it("refuses an admin adding an owner (FORBIDDEN)", async () => {
    const newcomer = await signUp(db);
    const caller = await callerFor(db, { token: a.admin.token, organizationId: a.organization.id });

    const failure = await failureOf(
      caller.organization.addMember({ email: newcomer.email, role: "owner" }),
    );

    expect(failure.code).toBe("FORBIDDEN");
    const rows = await db
      .select()
      .from(schema.membership)
      .where(eq(schema.membership.userId, newcomer.id));
    expect(rows).toEqual([]);
  });

  it("refuses an admin promoting a member to owner (FORBIDDEN)", async () => {
    const before = await snapshot(a.organization.id);
    const caller = await callerFor(db, { token: a.admin.token, organizationId: a.organization.id });

    const failure = await failureOf(
      caller.organization.changeRole({ membershipId: a.staff.membershipId, role: "owner" }),
    );

    expect(failure.code).toBe("FORBIDDEN");
    expect(await snapshot(a.organization.id)).toEqual(before);
  });

  it("lets an admin manage a non-owner role", async () => {
    const org = await createPractice(db);
    const caller = await callerFor(db, {
      token: org.admin.token,
      organizationId: org.organization.id,
    });

    const after = await caller.organization.changeRole({
      membershipId: org.staff.membershipId,
      role: "manager",
    });

    expect(after.role).toBe("manager");
  });
});

describe("an organization keeps an owner", () => {
  it("refuses to demote the last owner (PRECONDITION_FAILED)", async () => {
    const owner = await signUp(db);
    const org = await createOrganization(db, owner);
    const [own] = await db
      .select({ id: schema.membership.id })
      .from(schema.membership)
      .where(eq(schema.membership.organizationId, org.id));
    const caller = await callerFor(db, { token: owner.token, organizationId: org.id });

    const failure = await failureOf(
      caller.organization.changeRole({ membershipId: own?.id ?? "", role: "admin" }),
    );

    expect(failure.code).toBe("PRECONDITION_FAILED");
    expect((await snapshot(org.id)).members.map((m) => m.role)).toEqual(["owner"]);
  });

  it("refuses to remove the last owner (PRECONDITION_FAILED)", async () => {
    const owner = await signUp(db);
    const org = await createOrganization(db, owner);
    const [own] = await db
      .select({ id: schema.membership.id })
      .from(schema.membership)
      .where(eq(schema.membership.organizationId, org.id));
    const caller = await callerFor(db, { token: owner.token, organizationId: org.id });

    const failure = await failureOf(
      caller.organization.removeMember({ membershipId: own?.id ?? "" }),
    );

    expect(failure.code).toBe("PRECONDITION_FAILED");
    expect((await snapshot(org.id)).members).toHaveLength(1);
  });

  it("lets an owner step down once another owner exists", async () => {
    const owner = await signUp(db);
    const org = await createOrganization(db, owner);
    const second = await addMember(db, org.id, owner, "owner");
    const caller = await callerFor(db, { token: second.token, organizationId: org.id });
    const [first] = await db
      .select({ id: schema.membership.id })
      .from(schema.membership)
      .where(eq(schema.membership.userId, owner.id));

    const after = await caller.organization.changeRole({
      membershipId: first?.id ?? "",
      role: "admin",
    });

    expect(after.role).toBe("admin");
  });

  it("keeps an owner when two owners demote each other at the same time", async () => {
    const first = await signUp(db);
    const org = await createOrganization(db, first);
    const second = await addMember(db, org.id, first, "owner");
    const [firstMembership] = await db
      .select({ id: schema.membership.id })
      .from(schema.membership)
      .where(eq(schema.membership.userId, first.id));
    const firstCaller = await callerFor(db, { token: first.token, organizationId: org.id });
    const secondCaller = await callerFor(db, { token: second.token, organizationId: org.id });

    const results = await Promise.allSettled([
      firstCaller.organization.changeRole({ membershipId: second.membershipId, role: "admin" }),
      secondCaller.organization.changeRole({
        membershipId: firstMembership?.id ?? "",
        role: "admin",
      }),
    ]);

    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    // Whoever goes second is already an admin by then, and admins cannot touch owners.
    const refused = results.find((r) => r.status === "rejected");
    expect(errorShapeOf(refused?.reason).code).toBe("FORBIDDEN");
    const roles = (await snapshot(org.id)).members.map((m) => m.role).sort();
    expect(roles).toEqual(["admin", "owner"]);
  });

  it("keeps an owner when two owners remove each other at the same time", async () => {
    const first = await signUp(db);
    const org = await createOrganization(db, first);
    const second = await addMember(db, org.id, first, "owner");
    const [firstMembership] = await db
      .select({ id: schema.membership.id })
      .from(schema.membership)
      .where(eq(schema.membership.userId, first.id));
    const firstCaller = await callerFor(db, { token: first.token, organizationId: org.id });
    const secondCaller = await callerFor(db, { token: second.token, organizationId: org.id });

    const results = await Promise.allSettled([
      firstCaller.organization.removeMember({ membershipId: second.membershipId }),
      secondCaller.organization.removeMember({ membershipId: firstMembership?.id ?? "" }),
    ]);

    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await snapshot(org.id)).members.map((m) => m.role)).toEqual(["owner"]);
  });
});

describe("adding members", () => {
  it("answers an email nobody uses with NOT_FOUND on the email field", async () => {
    const before = await snapshot(a.organization.id);
    const caller = await callerFor(db, { token: a.owner.token, organizationId: a.organization.id });

    const failure = await failureOf(
      caller.organization.addMember({ email: uniqueEmail("stranger"), role: "staff" }),
    );

    expect(failure.code).toBe("NOT_FOUND");
    expect(Object.keys(failure.fieldErrors ?? {})).toEqual(["email"]);
    expect(await snapshot(a.organization.id)).toEqual(before);
  });

  it("refuses to add an existing member twice (CONFLICT)", async () => {
    const before = await snapshot(a.organization.id);
    const caller = await callerFor(db, { token: a.owner.token, organizationId: a.organization.id });

    const failure = await failureOf(
      caller.organization.addMember({ email: a.doctor.email, role: "staff" }),
    );

    expect(failure.code).toBe("CONFLICT");
    expect(Object.keys(failure.fieldErrors ?? {})).toEqual(["email"]);
    expect(await snapshot(a.organization.id)).toEqual(before);
  });
});
