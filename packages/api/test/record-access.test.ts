// "Who viewed my record": staff reads of a patient's clinical record are recorded and shown to
// the practice (audit.read) and to the patient in the portal; the patient's own reads are not.
import type { Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import {
  addMember,
  addPortalPatient,
  callerFor,
  createStockedPractice,
  failureOf,
  hostCallerFor,
  type PortalPatient,
  type StockedPractice,
  type TestMember,
} from "@caredesk/api/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

let database: TestDatabase;
let db: Database;
let a: StockedPractice;
let b: StockedPractice;
let pat: PortalPatient;
let nurse: TestMember;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  a = await createStockedPractice(db, { name: "Nile Clinic" });
  b = await createStockedPractice(db, { name: "Delta Dental" });
  pat = await addPortalPatient(db, a.organization.id, a.owner);
  nurse = await addMember(db, a.organization.id, a.owner, "staff");
});
afterAll(() => database.drop());

const as = (user: { token: string }, organizationId: string) =>
  callerFor(db, { token: user.token, organizationId });

async function myReads() {
  const portal = await as(pat.user, a.organization.id);
  return (await portal.recordAccess.mine({ limit: 100 })).items;
}

describe("who viewed my record", () => {
  it("shows the patient a staff member's read of a document, with their name and role", async () => {
    const staff = await as(nurse, a.organization.id);
    await staff.document.byId({ id: pat.documentId });

    const reads = await myReads();

    expect(reads[0]).toMatchObject({
      kind: "document",
      entityId: pat.documentId,
      reader: { name: nurse.name, role: "staff" },
    });
    expect(reads[0]).not.toHaveProperty("ip");
    expect(reads[0]?.reader).not.toHaveProperty("email");
  });

  it("records a staff member listing the patient's documents", async () => {
    const before = (await myReads()).length;
    const staff = await as(nurse, a.organization.id);
    await staff.document.list({ patientId: pat.patientId, limit: 10 });

    const reads = await myReads();

    expect(reads).toHaveLength(before + 1);
    expect(reads[0]).toMatchObject({ kind: "document", entityId: null });
  });

  it("records a staff member downloading a document's file", async () => {
    const before = (await myReads()).length;
    const doctor = await addMember(db, a.organization.id, a.owner, "doctor");
    const host = await hostCallerFor(db, {
      token: doctor.token,
      organizationId: a.organization.id,
    });
    await host.file.forDownload({ id: pat.documentFileId });

    const reads = await myReads();

    expect(reads).toHaveLength(before + 1);
    expect(reads[0]).toMatchObject({
      kind: "document",
      entityId: pat.documentId,
      reader: { name: doctor.name },
    });
  });

  it("counts the same reader reading the same thing again within minutes as one read", async () => {
    const staff = await as(nurse, a.organization.id);
    await staff.document.byId({ id: pat.documentId });
    const before = (await myReads()).length;

    await staff.document.byId({ id: pat.documentId });
    await staff.document.list({ patientId: pat.patientId, limit: 10 });

    expect(await myReads()).toHaveLength(before);
  });

  it("does not list the patient's own reads", async () => {
    const before = await myReads();
    const portal = await as(pat.user, a.organization.id);
    await portal.portal.documents({ limit: 10 });
    const host = await hostCallerFor(db, {
      token: pat.user.token,
      organizationId: a.organization.id,
    });
    await host.file.forDownload({ id: pat.documentFileId });

    expect(await myReads()).toEqual(before);
  });

  it("shows a patient only reads of their own record", async () => {
    const staff = await as(a.owner, a.organization.id);
    await staff.document.byId({ id: a.ids.document });

    const reads = await myReads();

    expect(reads.map((r) => r.entityId)).not.toContain(a.ids.document);
  });

  it("is not recorded when the document is not found", async () => {
    const before = (await myReads()).length;
    const staff = await as(nurse, a.organization.id);
    const failure = await failureOf(staff.document.byId({ id: b.ids.document }));

    expect(failure.code).toBe("NOT_FOUND");
    expect(await myReads()).toHaveLength(before);
  });
});

describe("the practice's list of a patient's record reads", () => {
  it("shows who read it, what and when, and from where", async () => {
    const owner = await as(a.owner, a.organization.id);

    const page = await owner.recordAccess.list({ patientId: pat.patientId, limit: 100 });

    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.find((item) => item.reader?.id === nurse.id)).toMatchObject({
      kind: "document",
      reader: { id: nurse.id, name: nurse.name, email: nurse.email, role: "staff" },
      ip: "127.0.0.1",
    });
    for (let i = 1; i < page.items.length; i++) {
      const newer = page.items[i - 1]?.createdAt.getTime() ?? 0;
      expect(page.items[i]?.createdAt.getTime()).toBeLessThanOrEqual(newer);
    }
  });

  it("pages newest first without repeating a read", async () => {
    const owner = await as(a.owner, a.organization.id);
    const all = await owner.recordAccess.list({ patientId: pat.patientId, limit: 100 });
    const first = await owner.recordAccess.list({ patientId: pat.patientId, limit: 2 });
    expect(first.nextCursor).not.toBeNull();
    const second = await owner.recordAccess.list({
      patientId: pat.patientId,
      limit: 2,
      cursor: first.nextCursor ?? undefined,
    });

    expect([...first.items, ...second.items].map((r) => r.id)).toEqual(
      all.items.slice(0, 4).map((r) => r.id),
    );
  });

  it("answers NOT_FOUND for another organization's patient", async () => {
    const owner = await as(a.owner, a.organization.id);

    const failure = await failureOf(owner.recordAccess.list({ patientId: b.ids.patient }));

    expect(failure.code).toBe("NOT_FOUND");
  });

  it("is FORBIDDEN to staff without audit.read", async () => {
    const staff = await as(nurse, a.organization.id);
    const doctor = await as(a.doctor, a.organization.id);

    expect((await failureOf(staff.recordAccess.list({ patientId: pat.patientId }))).code).toBe(
      "FORBIDDEN",
    );
    expect((await failureOf(doctor.recordAccess.list({ patientId: pat.patientId }))).code).toBe(
      "FORBIDDEN",
    );
  });

  it("is FORBIDDEN as the portal's list to staff", async () => {
    const owner = await as(a.owner, a.organization.id);

    expect((await failureOf(owner.recordAccess.mine({}))).code).toBe("FORBIDDEN");
  });
});
