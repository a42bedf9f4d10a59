// Consultations: a doctor writes a draft (SOAP, vitals, diagnoses, prescriptions, attached
// documents), signs it, and from then on the note is evidence — the database itself refuses
// to change it, whoever asks — and corrections are addenda with their author and time.
import { findPgError, queryRows, schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import {
  addMember,
  addPortalPatient,
  callerFor,
  createPatient,
  createStockedPractice,
  failureOf,
  nextWeekdayAt,
  uniqueIdempotencyKey,
  type Caller,
  type PortalPatient,
  type StockedPractice,
  type TestMember,
} from "@caredesk/api/testing";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

let database: TestDatabase;
let db: Database;
let practice: StockedPractice;
let other: StockedPractice;
let doctor: Caller;
let staffMember: TestMember;
let portal: PortalPatient;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  [practice, other] = await Promise.all([
    createStockedPractice(db, { name: "Nile Clinic" }),
    createStockedPractice(db, { name: "Delta Clinic" }),
  ]);
  doctor = await callerFor(db, {
    token: practice.doctor.token,
    organizationId: practice.organization.id,
  });
  staffMember = await addMember(db, practice.organization.id, practice.owner, "staff");
  portal = await addPortalPatient(db, practice.organization.id, practice.owner);
});
afterAll(() => database.drop());

const as = (member: { token: string }, organizationId = practice.organization.id) =>
  callerFor(db, { token: member.token, organizationId });

/** A signed consultation of `patientId` with one diagnosis and one prescription. */
async function signedConsultation(patientId: string) {
  const draft = await doctor.consultation.start({ patientId });
  await doctor.consultation.update({
    id: draft.id,
    subjective: "Sore throat for three days",
    assessment: "Streptococcal pharyngitis",
    weightKg: 70,
    heightCm: 175,
    diagnoses: [{ description: "Streptococcal pharyngitis", code: "J02.0", codeSystem: "ICD-10" }],
    prescriptions: [
      {
        drug: "Amoxicillin",
        strength: "500 mg",
        dose: "1 capsule",
        frequency: "three times a day",
        duration: "10 days",
        instructions: "Take with food",
      },
    ],
  });
  return doctor.consultation.sign({ id: draft.id });
}

/** The consultation's row, diagnoses and prescriptions exactly as stored. */
async function stored(id: string) {
  const [row] = await db.select().from(schema.consultation).where(eq(schema.consultation.id, id));
  const diagnoses = await db
    .select()
    .from(schema.diagnosis)
    .where(eq(schema.diagnosis.consultationId, id));
  const prescriptions = await db
    .select()
    .from(schema.prescription)
    .where(eq(schema.prescription.consultationId, id));
  return { row, diagnoses, prescriptions };
}

/** The SQLSTATE and constraint a raw statement fails with. */
async function refusal(statement: Promise<unknown>) {
  try {
    await statement;
  } catch (error) {
    const pg = findPgError(error);
    return { code: pg?.code, constraint: pg?.constraint };
  }
  throw new Error("the statement was accepted");
}

describe("writing a consultation", () => {
  it("keeps SOAP notes, vitals with the database's BMI, diagnoses and prescriptions", async () => {
    const draft = await doctor.consultation.start({ patientId: practice.ids.patient });
    expect(draft).toMatchObject({
      status: "draft",
      signedAt: null,
      patientId: practice.ids.patient,
    });
    const saved = await doctor.consultation.update({
      id: draft.id,
      subjective: "Headache",
      objective: "Alert, afebrile",
      assessment: "Tension headache",
      plan: "Rest, fluids",
      systolicMmHg: 128,
      diastolicMmHg: 82,
      pulseBpm: 72,
      temperatureC: 36.8,
      weightKg: 80,
      heightCm: 180,
      diagnoses: [
        { description: "Tension-type headache", code: "G44.2" },
        { description: "Stress" },
      ],
      prescriptions: [{ drug: "Paracetamol", dose: "1 g", frequency: "every 6 hours" }],
    });
    expect(saved).toMatchObject({
      subjective: "Headache",
      systolicMmHg: 128,
      temperatureC: 36.8,
      bmi: 24.7,
      diagnoses: [
        { description: "Tension-type headache", code: "G44.2" },
        { description: "Stress", code: null },
      ],
      prescriptions: [{ drug: "Paracetamol", dose: "1 g", frequency: "every 6 hours" }],
    });

    // Lists are replaced as a whole; fields left out stay.
    const again = await doctor.consultation.update({
      id: draft.id,
      diagnoses: [{ description: "Migraine without aura" }],
      prescriptions: [],
    });
    expect(again.diagnoses.map((d) => d.description)).toEqual(["Migraine without aura"]);
    expect(again.prescriptions).toEqual([]);
    expect(again.plan).toBe("Rest, fluids");
  });

  it("starts from the patient's appointment once; another patient's appointment is not found", async () => {
    const staff = await as(practice.owner);
    const patient = await createPatient(staff);
    const visit = await staff.appointment.book({
      serviceId: practice.ids.service,
      patientId: patient.id,
      start: nextWeekdayAt("14:00", 5),
      idempotencyKey: uniqueIdempotencyKey(),
    });
    const started = await doctor.consultation.start({
      patientId: patient.id,
      appointmentId: visit.id,
    });
    expect(started.appointmentId).toBe(visit.id);
    // The visit is now in progress on the calendar.
    expect((await staff.appointment.byId({ id: visit.id })).status).toBe("in_progress");
    expect(
      await failureOf(
        doctor.consultation.start({ patientId: patient.id, appointmentId: visit.id }),
      ),
    ).toMatchObject({ code: "CONFLICT" });
    expect(
      await failureOf(
        doctor.consultation.start({ patientId: practice.ids.patient, appointmentId: visit.id }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses vitals outside the plausible range with field errors", async () => {
    const draft = await doctor.consultation.start({ patientId: practice.ids.patient });
    const failure = await failureOf(
      doctor.consultation.update({ id: draft.id, systolicMmHg: 900, temperatureC: 80 }),
    );
    expect(failure.code).toBe("BAD_REQUEST");
    expect(Object.keys(failure.fieldErrors ?? {})).toEqual(
      expect.arrayContaining(["systolicMmHg", "temperatureC"]),
    );
  });

  it("attaches only the same patient's documents", async () => {
    const draft = await doctor.consultation.start({ patientId: practice.ids.patient });
    const attached = await doctor.consultation.attachDocument({
      consultationId: draft.id,
      documentId: practice.ids.document,
    });
    expect(attached.documents).toMatchObject([{ documentId: practice.ids.document }]);
    expect(
      await failureOf(
        doctor.consultation.attachDocument({
          consultationId: draft.id,
          documentId: portal.documentId,
        }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
    const detached = await doctor.consultation.detachDocument({
      consultationId: draft.id,
      documentId: practice.ids.document,
    });
    expect(detached.documents).toEqual([]);
  });

  it("sets the treating practitioner when the author has a practitioner profile", async () => {
    const staff = await as(practice.owner);
    const profile = await staff.practitioner.create({
      name: "Doctor With Profile",
      userId: practice.doctor.id,
    });
    const draft = await doctor.consultation.start({ patientId: practice.ids.patient });
    expect(draft.practitionerId).toBe(profile.id);
    expect(draft.authorUserId).toBe(practice.doctor.id);
  });

  it("lets the author discard a draft, but never a signed consultation", async () => {
    const draft = await doctor.consultation.start({ patientId: practice.ids.patient });
    const owner = await as(practice.owner);
    expect(await failureOf(owner.consultation.discard({ id: draft.id }))).toMatchObject({
      code: "FORBIDDEN",
    });
    await doctor.consultation.discard({ id: draft.id });
    expect(await failureOf(doctor.consultation.byId({ id: draft.id }))).toMatchObject({
      code: "NOT_FOUND",
    });
    const signed = await signedConsultation(practice.ids.patient);
    expect(await failureOf(doctor.consultation.discard({ id: signed.id }))).toMatchObject({
      code: "CONFLICT",
    });
  });
});

describe("a signed consultation is evidence", () => {
  it("records who signed it and when", async () => {
    const before = Date.now();
    const signed = await signedConsultation(practice.ids.patient);
    expect(signed).toMatchObject({ status: "signed", signedBy: practice.doctor.id });
    expect(signed.signedByName).toBe(practice.doctor.name);
    expect(signed.signedAt?.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it("answers CONFLICT to any change through the api and changes nothing", async () => {
    const signed = await signedConsultation(practice.ids.patient);
    const before = await stored(signed.id);
    for (const call of [
      () => doctor.consultation.update({ id: signed.id, assessment: "Something else" }),
      () => doctor.consultation.update({ id: signed.id, diagnoses: [] }),
      () => doctor.consultation.sign({ id: signed.id }),
      () =>
        doctor.consultation.attachDocument({
          consultationId: signed.id,
          documentId: practice.ids.document,
        }),
    ]) {
      const failure = await failureOf(call());
      expect(failure.code).toBe("CONFLICT");
      expect(failure.message).toMatch(/signed/);
    }
    expect(await stored(signed.id)).toEqual(before);
  });

  it("cannot be changed even by SQL through the application's own database role", async () => {
    const signed = await signedConsultation(practice.ids.patient);
    const before = await stored(signed.id);
    const [diagnosisId] = before.diagnoses.map((d) => d.id);
    const organizationId = practice.organization.id;
    const locked = { code: "55000", constraint: "signed_record_locked" };

    expect(
      await refusal(
        db.execute(sql`update consultation set assessment = 'x' where id = ${signed.id}`),
      ),
    ).toEqual(locked);
    expect(
      await refusal(
        db.execute(sql`update consultation set status = 'draft', signed_at = null
        where id = ${signed.id}`),
      ),
    ).toEqual(locked);
    expect(
      await refusal(db.execute(sql`delete from consultation where id = ${signed.id}`)),
    ).toEqual(locked);
    expect(
      await refusal(
        db.execute(sql`insert into prescription
          (organization_id, consultation_id, patient_id, drug, dose, frequency)
          values (${organizationId}, ${signed.id}, ${practice.ids.patient}, 'Morphine', '10 mg', 'hourly')`),
      ),
    ).toEqual(locked);
    expect(
      await refusal(
        db.execute(sql`update diagnosis set description = 'x' where id = ${diagnosisId}`),
      ),
    ).toEqual(locked);
    expect(
      await refusal(db.execute(sql`delete from diagnosis where consultation_id = ${signed.id}`)),
    ).toEqual(locked);
    expect(
      await refusal(
        db.execute(sql`insert into diagnosis (organization_id, consultation_id, description)
          values (${organizationId}, ${signed.id}, 'x')`),
      ),
    ).toEqual(locked);
    expect(
      await refusal(
        db.execute(sql`update prescription set dose = '10 g' where consultation_id = ${signed.id}`),
      ),
    ).toEqual(locked);

    expect(await stored(signed.id)).toEqual(before);
  });

  it("keeps an addendum with its author and time, which SQL cannot change either", async () => {
    const signed = await signedConsultation(practice.ids.patient);
    const before = Date.now();
    const amended = await doctor.consultation.addAddendum({
      consultationId: signed.id,
      body: "Penicillin allergy reported after signing: switch to azithromycin.",
    });
    const [addendum] = amended.addenda;
    expect(addendum).toMatchObject({
      body: "Penicillin allergy reported after signing: switch to azithromycin.",
      authorUserId: practice.doctor.id,
      authorName: practice.doctor.name,
    });
    expect(addendum?.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    const id = addendum?.id ?? "";
    const locked = { code: "55000", constraint: "signed_record_locked" };
    expect(
      await refusal(db.execute(sql`update consultation_addendum set body = 'x' where id = ${id}`)),
    ).toEqual(locked);
    expect(
      await refusal(db.execute(sql`delete from consultation_addendum where id = ${id}`)),
    ).toEqual(locked);
    const rows = await queryRows<{ body: string; author_user_id: string }>(
      db,
      sql`select body, author_user_id from consultation_addendum where id = ${id}`,
    );
    expect(rows).toEqual([
      {
        body: "Penicillin allergy reported after signing: switch to azithromycin.",
        author_user_id: practice.doctor.id,
      },
    ]);
  });

  it("takes addenda only once signed", async () => {
    const draft = await doctor.consultation.start({ patientId: practice.ids.patient });
    expect(
      await failureOf(doctor.consultation.addAddendum({ consultationId: draft.id, body: "x" })),
    ).toMatchObject({ code: "CONFLICT" });
  });

  it("audits every change with the patient it belongs to", async () => {
    const signed = await signedConsultation(practice.ids.patient);
    const rows = await db
      .select({ action: schema.auditLog.action, patientId: schema.auditLog.patientId })
      .from(schema.auditLog)
      .where(
        and(
          eq(schema.auditLog.entityId, signed.id),
          eq(schema.auditLog.organizationId, practice.organization.id),
        ),
      );
    expect(rows.map((row) => row.action).sort()).toEqual([
      "consultation.sign",
      "consultation.start",
      "consultation.update",
    ]);
    for (const row of rows) expect(row.patientId).toBe(practice.ids.patient);
  });
});

describe("who may read and write consultations", () => {
  it("refuses staff without clinical permission, to read and to write", async () => {
    const staff = await as(staffMember);
    expect(
      await failureOf(staff.consultation.list({ patientId: practice.ids.patient })),
    ).toMatchObject({ code: "FORBIDDEN" });
    expect(
      await failureOf(staff.consultation.byId({ id: practice.ids.signedConsultation })),
    ).toMatchObject({ code: "FORBIDDEN" });
    expect(
      await failureOf(staff.consultation.start({ patientId: practice.ids.patient })),
    ).toMatchObject({ code: "FORBIDDEN" });
  });

  it("records each read on the patient's access log", async () => {
    const countReads = async () =>
      (
        await db
          .select()
          .from(schema.recordAccess)
          .where(
            and(
              eq(schema.recordAccess.entityId, practice.ids.signedConsultation),
              eq(schema.recordAccess.userId, practice.doctor.id),
            ),
          )
      ).length;
    const before = await countReads();
    const read = await doctor.consultation.byId({ id: practice.ids.signedConsultation });
    expect(read.diagnoses.length).toBeGreaterThan(0);
    expect(await countReads()).toBe(before + 1);
  });

  it("answers another practice's consultation as not found", async () => {
    expect(
      await failureOf(doctor.consultation.byId({ id: other.ids.signedConsultation })),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(
      await failureOf(doctor.consultation.list({ patientId: other.ids.patient })),
    ).toMatchObject({ code: "NOT_FOUND" });
  });

  it("lists a patient's consultations newest first, page by page", async () => {
    const staff = await as(practice.owner);
    const patient = await createPatient(staff);
    const first = await doctor.consultation.start({ patientId: patient.id });
    const second = await signedConsultation(patient.id);
    const page1 = await doctor.consultation.list({ patientId: patient.id, limit: 1 });
    expect(page1.items.map((c) => c.id)).toEqual([second.id]);
    expect(page1.nextCursor).not.toBeNull();
    const page2 = await doctor.consultation.list({
      patientId: patient.id,
      limit: 1,
      cursor: page1.nextCursor ?? undefined,
    });
    expect(page2.items.map((c) => c.id)).toEqual([first.id]);
    expect(page2.nextCursor).toBeNull();
  });
});

describe("the portal", () => {
  it("shows the patient their signed consultations only, with prescriptions and addenda", async () => {
    const signed = await signedConsultation(portal.patientId);
    await doctor.consultation.addAddendum({ consultationId: signed.id, body: "Recheck in a week" });
    const draft = await doctor.consultation.start({ patientId: portal.patientId });
    const patient = await as(portal.user);
    const mine = await patient.consultation.mine({});
    const ids = mine.items.map((c) => c.id);
    expect(ids).toContain(signed.id);
    expect(ids).not.toContain(draft.id);
    // Another patient's consultations never appear.
    expect(ids).not.toContain(practice.ids.signedConsultation);
    const shown = mine.items.find((c) => c.id === signed.id);
    expect(shown).toMatchObject({
      prescriptions: [{ drug: "Amoxicillin", strength: "500 mg" }],
      diagnoses: [{ description: "Streptococcal pharyngitis" }],
      addenda: [{ body: "Recheck in a week", authorName: practice.doctor.name }],
      practice: { name: "Nile Clinic" },
    });
  });

  it("does not let a patient use the staff procedures", async () => {
    const patient = await as(portal.user);
    expect(
      await failureOf(patient.consultation.list({ patientId: portal.patientId })),
    ).toMatchObject({ code: "FORBIDDEN" });
    expect(
      await failureOf(patient.consultation.start({ patientId: portal.patientId })),
    ).toMatchObject({ code: "FORBIDDEN" });
  });
});
