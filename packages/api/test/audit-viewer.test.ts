// The audit viewer and the practice settings it sits next to: who changed what and when, by
// patient, member, record, action and time, only ever the organization's own rows; the logo
// and the chart settings.
import { schema, type Database } from "@caredesk/db";
import type { Channel, OutgoingMessage, SendResult } from "@caredesk/notifications";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import {
  addMember,
  callerFor,
  createStockedPractice,
  failureOf,
  hostCallerFor,
  uploadFile,
  type StockedPractice,
} from "@caredesk/api/testing";
import { and, eq, isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { deliverNotification } from "../src/service/delivery";

let database: TestDatabase;
let db: Database;
let a: StockedPractice;
let b: StockedPractice;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  a = await createStockedPractice(db, { name: "Nile Clinic" });
  b = await createStockedPractice(db, { name: "Delta Dental" });
});
afterAll(() => database.drop());

const ownerOf = (practice: StockedPractice) =>
  callerFor(db, { token: practice.owner.token, organizationId: practice.organization.id });

describe("the audit log", () => {
  it("shows a change to a patient's record with who, the patient, and before and after", async () => {
    const owner = await ownerOf(a);

    const page = await owner.audit.list({
      patientId: a.ids.patient,
      actorUserId: a.doctor.id,
      action: "patient.update",
    });

    expect(page.items).toHaveLength(1);
    const [row] = page.items;
    expect(row).toMatchObject({
      action: "patient.update",
      entityType: "patient",
      entityId: a.ids.patient,
      patientId: a.ids.patient,
      patientName: "Mona Saleh",
      actor: { id: a.doctor.id, name: a.doctor.name, email: a.doctor.email },
      ip: "127.0.0.1",
      after: expect.objectContaining({ notes: "Prefers morning visits" }) as unknown,
    });
    expect(row?.before).toMatchObject({ notes: null });
  });

  it("finds the patient's documents and appointments by the patient", async () => {
    const owner = await ownerOf(a);

    const page = await owner.audit.list({ patientId: a.ids.patient, limit: 100 });

    const actions = page.items.map((row) => row.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        "patient.create",
        "patient.update",
        "document.create",
        "appointment.book",
      ]),
    );
    expect(page.items.every((row) => row.patientId === a.ids.patient)).toBe(true);
  });

  it("filters by member, record, action prefix and time", async () => {
    const owner = await ownerOf(a);

    const byDoctor = await owner.audit.list({ actorUserId: a.doctor.id, limit: 100 });
    const byRecord = await owner.audit.list({
      entityType: "document",
      entityId: a.ids.document,
      limit: 100,
    });
    const byAction = await owner.audit.list({ action: "organization.", limit: 100 });
    const future = await owner.audit.list({ from: new Date(Date.now() + 3_600_000) });
    const past = await owner.audit.list({ to: new Date(Date.now() - 3_600_000) });

    expect(byDoctor.items.length).toBeGreaterThan(0);
    expect(byDoctor.items.every((row) => row.actor?.id === a.doctor.id)).toBe(true);
    expect(byRecord.items.map((row) => row.action)).toContain("document.create");
    expect(byRecord.items.every((row) => row.entityId === a.ids.document)).toBe(true);
    expect(byAction.items.map((row) => row.action)).toEqual(
      expect.arrayContaining(["organization.create", "organization.setLogo"]),
    );
    expect(byAction.items.every((row) => row.action.startsWith("organization."))).toBe(true);
    expect(future.items).toEqual([]);
    expect(past.items).toEqual([]);
  });

  it("pages newest first without repeating a row", async () => {
    const owner = await ownerOf(a);
    // Every row, read in pages of `limit`: small pages must give the same rows as large ones.
    const everyRow = async (limit: number) => {
      const rows: Awaited<ReturnType<typeof owner.audit.list>>["items"] = [];
      let cursor: string | undefined;
      do {
        const page = await owner.audit.list({ limit, cursor });
        rows.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return rows;
    };
    const all = await everyRow(100);
    const seen = await everyRow(7);

    expect(seen.map((row) => row.id)).toEqual(all.map((row) => row.id));
    expect(new Set(seen.map((row) => row.id)).size).toBe(seen.length);
    const times = all.map((row) => row.createdAt.getTime());
    expect([...times].sort((x, y) => y - x)).toEqual(times);
  });

  it("never shows another organization's rows, nor rows of no organization", async () => {
    const owner = await ownerOf(a);

    const page = await owner.audit.list({ limit: 100 });

    const bIds = new Set(Object.values(b.ids));
    expect(page.items.filter((row) => row.entityId && bIds.has(row.entityId))).toEqual([]);
    // Sign-ups and sign-ins are audited without an organization.
    expect(page.items.filter((row) => row.action.startsWith("auth."))).toEqual([]);
  });

  it("answers NOT_FOUND for another organization's patient, member or record", async () => {
    const owner = await ownerOf(a);

    for (const filter of [
      { patientId: b.ids.patient },
      { actorUserId: b.doctor.id },
      { entityId: b.ids.document },
    ]) {
      expect((await failureOf(owner.audit.list(filter))).code).toBe("NOT_FOUND");
    }
  });

  it("refuses a range that ends before it starts, and unknown record types", async () => {
    const owner = await ownerOf(a);

    const range = await failureOf(
      owner.audit.list({ from: new Date(), to: new Date(Date.now() - 60_000) }),
    );
    const kind = await failureOf(
      owner.audit.list({ entityType: "session" as unknown as "patient" }),
    );
    const action = await failureOf(owner.audit.list({ action: "'; drop table audit_log; --" }));

    expect(range).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { to: [expect.any(String)] } });
    expect(kind).toMatchObject({ code: "BAD_REQUEST" });
    expect(kind.fieldErrors).toHaveProperty("entityType");
    expect(action.fieldErrors).toHaveProperty("action");
  });

  it("is FORBIDDEN to members without audit.read", async () => {
    const doctor = await callerFor(db, {
      token: a.doctor.token,
      organizationId: a.organization.id,
    });
    const staff = await addMember(db, a.organization.id, a.owner, "staff");
    const staffCaller = await callerFor(db, {
      token: staff.token,
      organizationId: a.organization.id,
    });

    expect((await failureOf(doctor.audit.list({}))).code).toBe("FORBIDDEN");
    expect((await failureOf(staffCaller.audit.list({}))).code).toBe("FORBIDDEN");
  });

  it("is open to managers", async () => {
    const manager = await addMember(db, a.organization.id, a.owner, "manager");
    const caller = await callerFor(db, { token: manager.token, organizationId: a.organization.id });

    expect((await caller.audit.list({})).items.length).toBeGreaterThan(0);
  });
});

describe("the practice logo", () => {
  it("is set from an uploaded logo, shown to members, and removed", async () => {
    const owner = await ownerOf(a);
    const logo = await uploadFile(db, a.owner, a.organization.id, "logo");

    const set = await owner.organization.setLogo({ fileId: logo.id });
    const me = await owner.auth.me();
    const cleared = await owner.organization.setLogo({ fileId: null });

    expect(set.logoFileId).toBe(logo.id);
    expect(me?.organizations.find((o) => o.id === a.organization.id)?.logoFileId).toBe(logo.id);
    expect(cleared.logoFileId).toBeNull();
    expect((await owner.organization.settings()).logoFileId).toBeNull();
  });

  it("answers NOT_FOUND for a file of another purpose or organization", async () => {
    const owner = await ownerOf(a);
    const before = (await owner.organization.settings()).logoFileId;

    for (const fileId of [a.ids.documentFile, a.ids.photoFile, b.ids.logoFile]) {
      const failure = await failureOf(owner.organization.setLogo({ fileId }));
      expect(failure).toMatchObject({
        code: "NOT_FOUND",
        fieldErrors: { fileId: ["File not found"] },
      });
    }
    expect((await owner.organization.settings()).logoFileId).toBe(before);
  });

  it("is FORBIDDEN to members who may not change the practice", async () => {
    const doctor = await callerFor(db, {
      token: a.doctor.token,
      organizationId: a.organization.id,
    });

    expect((await failureOf(doctor.organization.setLogo({ fileId: null }))).code).toBe("FORBIDDEN");
  });
});

describe("the public logo for emails", () => {
  it("serves the current logo by the practice's address, to anyone", async () => {
    const host = await hostCallerFor(db, {});
    const owner = await ownerOf(b);
    const { slug } = await owner.organization.settings();

    const found = await host.file.publicLogo({ slug, fileId: b.ids.logoFile });

    expect(found).toMatchObject({ id: b.ids.logoFile, mimeType: "image/png" });
  });

  it("answers NOT_FOUND for another file, another practice's logo, or a replaced logo", async () => {
    const host = await hostCallerFor(db, {});
    const owner = await ownerOf(b);
    const { slug } = await owner.organization.settings();
    const replacement = await uploadFile(db, b.owner, b.organization.id, "logo");
    await owner.organization.setLogo({ fileId: replacement.id });

    for (const fileId of [b.ids.photoFile, a.ids.logoFile, b.ids.logoFile]) {
      expect((await failureOf(host.file.publicLogo({ slug, fileId }))).code).toBe("NOT_FOUND");
    }
    await owner.organization.setLogo({ fileId: b.ids.logoFile });
  });
});

describe("the chart settings", () => {
  it("keeps the numbering and whether primary teeth are charted", async () => {
    const owner = await ownerOf(a);

    const after = await owner.organization.update({
      id: a.organization.id,
      toothNumbering: "fdi",
      chartPrimaryTeeth: true,
    });
    const me = await owner.auth.me();

    expect(after).toMatchObject({ toothNumbering: "fdi", chartPrimaryTeeth: true });
    expect(me?.organizations.find((o) => o.id === a.organization.id)).toMatchObject({
      toothNumbering: "fdi",
      chartPrimaryTeeth: true,
    });
  });

  it("refuses an unknown numbering with a message on the field", async () => {
    const owner = await ownerOf(a);

    const failure = await failureOf(
      owner.organization.update({
        id: a.organization.id,
        toothNumbering: "palmer" as unknown as "fdi",
      }),
    );

    expect(failure.code).toBe("BAD_REQUEST");
    expect(failure.fieldErrors).toHaveProperty("toothNumbering");
  });
});

describe("the logo in emails", () => {
  it("is in the practice's appointment emails, at its public address", async () => {
    const sent: OutgoingMessage[] = [];
    const email: Channel = {
      name: "email",
      send(message: OutgoingMessage): Promise<SendResult> {
        sent.push(message);
        return Promise.resolve({ providerMessageId: "kept" });
      },
    };
    const owner = await ownerOf(b);
    const { slug, logoFileId } = await owner.organization.settings();
    const [message] = await db
      .select({ id: schema.notification.id })
      .from(schema.notification)
      .where(
        and(
          eq(schema.notification.organizationId, b.organization.id),
          eq(schema.notification.channel, "email"),
          eq(schema.notification.status, "pending"),
          isNotNull(schema.notification.appointmentId),
        ),
      )
      .limit(1);
    if (!message) throw new Error("the stocked practice queued no appointment email");

    const outcome = await deliverNotification(
      { db, channels: { email }, appOrigin: "https://caredesk.example" },
      message.id,
      { finalAttempt: false },
    );

    expect(outcome.result).toBe("sent");
    expect(logoFileId).toBe(b.ids.logoFile);
    expect(sent[0]?.html).toContain(`https://caredesk.example/files/logo/${slug}/${logoFileId}`);
  });
});
