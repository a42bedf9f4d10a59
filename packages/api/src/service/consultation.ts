// Consultations: a doctor's note of one encounter. A draft changes freely; signing makes it
// evidence, which the database itself keeps unchanged (migration 0011's triggers), and later
// corrections are addenda with their author and time.
import { schema, type Database } from "@caredesk/db";
import type {
  AddendumInput,
  ConsultationDocumentInput,
  ConsultationListInput,
  ConsultationStartInput,
  ConsultationUpdateInput,
  MyConsultationsInput,
} from "@caredesk/validators";
import { and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { conflict, forbidden, notFound } from "../errors";
import type { OrgScope, PatientScope, RecordReader } from "../scope";
import { changeStatus } from "./appointment";
import { decodeCursor, olderThanCursor, toPage, type Page } from "./pagination";
import { getPatient } from "./patient";
import { recordRead } from "./record-access";

const {
  appointment,
  consultation,
  consultationAddendum,
  consultationDocument,
  diagnosis,
  document,
  file,
  organization,
  patient,
  practitioner,
  prescription,
  user,
} = schema;

const author = alias(user, "consultation_author");
const signer = alias(user, "consultation_signer");

const summaryColumns = {
  id: consultation.id,
  patientId: consultation.patientId,
  appointmentId: consultation.appointmentId,
  practitionerId: consultation.practitionerId,
  practitionerName: practitioner.name,
  practitionerTitle: practitioner.title,
  authorUserId: consultation.authorUserId,
  authorName: author.name,
  status: consultation.status,
  startedAt: consultation.startedAt,
  assessment: consultation.assessment,
  signedAt: consultation.signedAt,
  createdAt: consultation.createdAt,
};

const recordColumns = {
  ...summaryColumns,
  subjective: consultation.subjective,
  objective: consultation.objective,
  plan: consultation.plan,
  systolicMmHg: consultation.systolicMmHg,
  diastolicMmHg: consultation.diastolicMmHg,
  pulseBpm: consultation.pulseBpm,
  temperatureC: consultation.temperatureC,
  respiratoryRate: consultation.respiratoryRate,
  oxygenSaturation: consultation.oxygenSaturation,
  weightKg: consultation.weightKg,
  heightCm: consultation.heightCm,
  bmi: consultation.bmi,
  signedBy: consultation.signedBy,
  signedByName: signer.name,
  updatedAt: consultation.updatedAt,
};

export type ConsultationSummary = {
  id: string;
  patientId: string;
  appointmentId: string | null;
  practitionerId: string | null;
  practitionerName: string | null;
  practitionerTitle: string | null;
  authorUserId: string | null;
  authorName: string | null;
  status: "draft" | "signed";
  startedAt: Date;
  assessment: string | null;
  signedAt: Date | null;
  createdAt: Date;
};

export type ConsultationDiagnosis = {
  id: string;
  description: string;
  code: string | null;
  codeSystem: string | null;
};

export type ConsultationPrescription = {
  id: string;
  drug: string;
  strength: string | null;
  dose: string;
  frequency: string;
  duration: string | null;
  instructions: string | null;
};

export type ConsultationAttachment = {
  documentId: string;
  fileId: string;
  title: string;
  kind: "medical_record" | "lab_result" | "imaging" | "id" | "insurance" | "other";
  documentDate: string | null;
  fileName: string;
  mimeType: string;
};

export type ConsultationAddendum = {
  id: string;
  body: string;
  authorUserId: string | null;
  authorName: string | null;
  createdAt: Date;
};

/** A whole consultation, as the editor, the print view and the portal show it. */
export type Consultation = ConsultationSummary & {
  subjective: string | null;
  objective: string | null;
  plan: string | null;
  systolicMmHg: number | null;
  diastolicMmHg: number | null;
  pulseBpm: number | null;
  temperatureC: number | null;
  respiratoryRate: number | null;
  oxygenSaturation: number | null;
  weightKg: number | null;
  heightCm: number | null;
  /** Kept by PostgreSQL from weight and height. */
  bmi: number | null;
  signedBy: string | null;
  signedByName: string | null;
  updatedAt: Date;
  diagnoses: ConsultationDiagnosis[];
  prescriptions: ConsultationPrescription[];
  documents: ConsultationAttachment[];
  addenda: ConsultationAddendum[];
  /** Who the note is about, for headers and the printed prescription. */
  patient: { id: string; firstName: string; lastName: string; dateOfBirth: string | null };
  /** The practice, for the printed prescription (the logo downloads at /files/{org}/{id}). */
  practice: { name: string; logoFileId: string | null };
};

const lockedMessage = "This consultation is signed and cannot be changed. Add an addendum instead.";

function selectConsultations(db: Database) {
  return db
    .select(recordColumns)
    .from(consultation)
    .leftJoin(
      practitioner,
      and(
        eq(practitioner.organizationId, consultation.organizationId),
        eq(practitioner.id, consultation.practitionerId),
      ),
    )
    .leftJoin(author, eq(author.id, consultation.authorUserId))
    .leftJoin(signer, eq(signer.id, consultation.signedBy));
}

/** The consultations' parts, in one query each, keyed by consultation. */
async function withParts(
  db: Database,
  organizationId: string,
  rows: Awaited<ReturnType<ReturnType<typeof selectConsultations>["where"]>>,
): Promise<Consultation[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const patientIds = [...new Set(rows.map((row) => row.patientId))];
  const [diagnoses, prescriptions, documents, addenda, patients, [practice]] = await Promise.all([
    db
      .select({
        consultationId: diagnosis.consultationId,
        id: diagnosis.id,
        description: diagnosis.description,
        code: diagnosis.code,
        codeSystem: diagnosis.codeSystem,
      })
      .from(diagnosis)
      .where(
        and(eq(diagnosis.organizationId, organizationId), inArray(diagnosis.consultationId, ids)),
      )
      .orderBy(asc(diagnosis.position), asc(diagnosis.createdAt)),
    db
      .select({
        consultationId: prescription.consultationId,
        id: prescription.id,
        drug: prescription.drug,
        strength: prescription.strength,
        dose: prescription.dose,
        frequency: prescription.frequency,
        duration: prescription.duration,
        instructions: prescription.instructions,
      })
      .from(prescription)
      .where(
        and(
          eq(prescription.organizationId, organizationId),
          inArray(prescription.consultationId, ids),
        ),
      )
      .orderBy(asc(prescription.position), asc(prescription.createdAt)),
    db
      .select({
        consultationId: consultationDocument.consultationId,
        documentId: document.id,
        fileId: document.fileId,
        title: document.title,
        kind: document.kind,
        documentDate: document.documentDate,
        fileName: file.originalName,
        mimeType: file.mimeType,
      })
      .from(consultationDocument)
      .innerJoin(
        document,
        and(
          eq(document.organizationId, consultationDocument.organizationId),
          eq(document.id, consultationDocument.documentId),
        ),
      )
      .innerJoin(
        file,
        and(eq(file.organizationId, document.organizationId), eq(file.id, document.fileId)),
      )
      .where(
        and(
          eq(consultationDocument.organizationId, organizationId),
          inArray(consultationDocument.consultationId, ids),
          isNull(document.archivedAt),
        ),
      )
      .orderBy(asc(consultationDocument.createdAt)),
    db
      .select({
        consultationId: consultationAddendum.consultationId,
        id: consultationAddendum.id,
        body: consultationAddendum.body,
        authorUserId: consultationAddendum.authorUserId,
        authorName: user.name,
        createdAt: consultationAddendum.createdAt,
      })
      .from(consultationAddendum)
      .leftJoin(user, eq(user.id, consultationAddendum.authorUserId))
      .where(
        and(
          eq(consultationAddendum.organizationId, organizationId),
          inArray(consultationAddendum.consultationId, ids),
        ),
      )
      .orderBy(asc(consultationAddendum.createdAt), asc(consultationAddendum.id)),
    db
      .select({
        id: patient.id,
        firstName: patient.firstName,
        lastName: patient.lastName,
        dateOfBirth: patient.dateOfBirth,
      })
      .from(patient)
      .where(and(eq(patient.organizationId, organizationId), inArray(patient.id, patientIds))),
    db
      .select({ name: organization.name, logoFileId: organization.logoFileId })
      .from(organization)
      .where(eq(organization.id, organizationId)),
  ]);
  const of = <T extends { consultationId: string }>(list: T[], id: string) =>
    list.filter((item) => item.consultationId === id).map(({ consultationId: _, ...rest }) => rest);
  return rows.map((row) => {
    const owner = patients.find((p) => p.id === row.patientId);
    if (!owner || !practice) throw notFound("Consultation not found");
    return {
      ...row,
      diagnoses: of(diagnoses, row.id),
      prescriptions: of(prescriptions, row.id),
      documents: of(documents, row.id),
      addenda: of(addenda, row.id),
      patient: owner,
      practice,
    };
  });
}

/** One consultation of the organization (of `patientId`, when given), or NOT_FOUND. */
export async function getConsultation(
  db: Database,
  organizationId: string,
  id: string,
  patientId?: string,
): Promise<Consultation> {
  const rows = await selectConsultations(db).where(
    and(
      eq(consultation.organizationId, organizationId),
      eq(consultation.id, id),
      patientId ? eq(consultation.patientId, patientId) : undefined,
    ),
  );
  const [found] = await withParts(db, organizationId, rows);
  if (!found) throw notFound("Consultation not found");
  return found;
}

/** A consultation as staff read it: the read is recorded on the patient's access log. */
export async function readConsultation(ctx: RecordReader, id: string): Promise<Consultation> {
  const found = await getConsultation(ctx.db, ctx.org.id, id);
  await recordRead(ctx, { patientId: found.patientId, kind: "consultation", entityId: found.id });
  return found;
}

/** A patient's consultations, newest first (drafts included: staff see work in progress). */
export async function listConsultations(
  ctx: RecordReader,
  input: ConsultationListInput,
): Promise<Page<ConsultationSummary>> {
  await getPatient(ctx.db, ctx.org.id, input.patientId);
  const rows = await ctx.db
    .select(summaryColumns)
    .from(consultation)
    .leftJoin(
      practitioner,
      and(
        eq(practitioner.organizationId, consultation.organizationId),
        eq(practitioner.id, consultation.practitionerId),
      ),
    )
    .leftJoin(author, eq(author.id, consultation.authorUserId))
    .where(
      and(
        eq(consultation.organizationId, ctx.org.id),
        eq(consultation.patientId, input.patientId),
        olderThanCursor(
          decodeCursor(input.cursor),
          consultation,
          consultation.createdAt,
          consultation.id,
        ),
      ),
    )
    .orderBy(desc(consultation.createdAt), desc(consultation.id))
    .limit(input.limit + 1);
  await recordRead(ctx, { patientId: input.patientId, kind: "consultations" });
  return toPage(rows, input.limit, (row) => [row.id]);
}

/** The portal: the caller's own signed consultations, whole, newest first. No drafts. */
export async function listMyConsultations(
  ctx: Pick<PatientScope, "db" | "org" | "patient">,
  input: MyConsultationsInput,
): Promise<Page<Consultation>> {
  const rows = await selectConsultations(ctx.db)
    .where(
      and(
        eq(consultation.organizationId, ctx.org.id),
        eq(consultation.patientId, ctx.patient.id),
        eq(consultation.status, "signed"),
        olderThanCursor(
          decodeCursor(input.cursor),
          consultation,
          consultation.createdAt,
          consultation.id,
        ),
      ),
    )
    .orderBy(desc(consultation.createdAt), desc(consultation.id))
    .limit(input.limit + 1);
  const page = toPage(rows, input.limit, (row) => [row.id]);
  return { items: await withParts(ctx.db, ctx.org.id, page.items), nextCursor: page.nextCursor };
}

/** The draft's status row, locked for this transaction; a signed one is CONFLICT. */
async function lockDraft(tx: Database, organizationId: string, id: string) {
  const [row] = await tx
    .select({
      id: consultation.id,
      status: consultation.status,
      patientId: consultation.patientId,
      authorUserId: consultation.authorUserId,
    })
    .from(consultation)
    .where(and(eq(consultation.organizationId, organizationId), eq(consultation.id, id)))
    .for("update");
  if (!row) throw notFound("Consultation not found");
  if (row.status !== "draft") throw conflict(lockedMessage);
  return row;
}

/**
 * Starts a draft for a patient, from their appointment or as a walk-in. The author's
 * practitioner profile, if any, becomes the treating practitioner.
 */
export function startConsultation(
  ctx: Pick<OrgScope, "org" | "user" | "mutate">,
  input: ConsultationStartInput,
): Promise<Consultation> {
  const organizationId = ctx.org.id;
  return ctx.mutate(async (tx, audit) => {
    await getPatient(tx, organizationId, input.patientId);
    if (input.appointmentId) {
      const [visit] = await tx
        .select({ patientId: appointment.patientId, status: appointment.status })
        .from(appointment)
        .where(
          and(
            eq(appointment.organizationId, organizationId),
            eq(appointment.id, input.appointmentId),
          ),
        );
      // Another patient's appointment is as unknown here as another practice's.
      if (visit?.patientId !== input.patientId) throw notFound("Appointment not found");
      // The patient is being seen: the calendar shows the visit in progress.
      if (visit.status === "confirmed") {
        await changeStatus(tx, organizationId, input.appointmentId, "in_progress", {});
      }
    }
    const [profile] = await tx
      .select({ id: practitioner.id })
      .from(practitioner)
      .where(
        and(eq(practitioner.organizationId, organizationId), eq(practitioner.userId, ctx.user.id)),
      )
      .limit(1);
    const [row] = await tx
      .insert(consultation)
      .values({
        organizationId,
        patientId: input.patientId,
        appointmentId: input.appointmentId ?? null,
        practitionerId: profile?.id ?? null,
        authorUserId: ctx.user.id,
      })
      .returning({ id: consultation.id });
    if (!row) throw new Error("consultation insert returned nothing");
    const created = await getConsultation(tx, organizationId, row.id);
    audit({
      entityType: "consultation",
      entityId: created.id,
      patientId: created.patientId,
      after: created,
    });
    return created;
  });
}

/** Changes a draft; diagnoses and prescriptions, when given, are replaced as a whole. */
export function updateConsultation(
  ctx: Pick<OrgScope, "org" | "mutate">,
  input: ConsultationUpdateInput,
): Promise<Consultation> {
  const organizationId = ctx.org.id;
  const { id, diagnoses, prescriptions, ...fields } = input;
  return ctx.mutate(async (tx, audit) => {
    const draft = await lockDraft(tx, organizationId, id);
    const before = await getConsultation(tx, organizationId, id);
    // Guarded again in SQL: only a draft is ever written (and the trigger refuses the rest).
    await tx
      .update(consultation)
      .set({ ...fields, updatedAt: new Date() })
      .where(
        and(
          eq(consultation.organizationId, organizationId),
          eq(consultation.id, id),
          eq(consultation.status, "draft"),
        ),
      );
    if (diagnoses) {
      await tx
        .delete(diagnosis)
        .where(and(eq(diagnosis.organizationId, organizationId), eq(diagnosis.consultationId, id)));
      if (diagnoses.length > 0) {
        await tx.insert(diagnosis).values(
          diagnoses.map((item, position) => ({
            ...item,
            organizationId,
            consultationId: id,
            position,
          })),
        );
      }
    }
    if (prescriptions) {
      await tx
        .delete(prescription)
        .where(
          and(eq(prescription.organizationId, organizationId), eq(prescription.consultationId, id)),
        );
      if (prescriptions.length > 0) {
        await tx.insert(prescription).values(
          prescriptions.map((item, position) => ({
            ...item,
            organizationId,
            consultationId: id,
            patientId: draft.patientId,
            position,
          })),
        );
      }
    }
    const after = await getConsultation(tx, organizationId, id);
    audit({ entityType: "consultation", entityId: id, patientId: draft.patientId, before, after });
    return after;
  });
}

/** Attaches one of the patient's documents to a draft (again: no change). */
export function attachConsultationDocument(
  ctx: Pick<OrgScope, "org" | "mutate">,
  input: ConsultationDocumentInput,
): Promise<Consultation> {
  const organizationId = ctx.org.id;
  return ctx.mutate(async (tx, audit) => {
    const draft = await lockDraft(tx, organizationId, input.consultationId);
    const [found] = await tx
      .select({ id: document.id })
      .from(document)
      .where(
        and(
          eq(document.organizationId, organizationId),
          eq(document.id, input.documentId),
          eq(document.patientId, draft.patientId),
          isNull(document.archivedAt),
        ),
      );
    if (!found) throw notFound("Document not found");
    await tx
      .insert(consultationDocument)
      .values({ organizationId, consultationId: draft.id, documentId: found.id })
      .onConflictDoNothing();
    const after = await getConsultation(tx, organizationId, draft.id);
    audit({
      entityType: "consultation",
      entityId: draft.id,
      patientId: draft.patientId,
      after: { documentId: found.id },
    });
    return after;
  });
}

/** Takes a document off a draft (the document stays on the patient's record). */
export function detachConsultationDocument(
  ctx: Pick<OrgScope, "org" | "mutate">,
  input: ConsultationDocumentInput,
): Promise<Consultation> {
  const organizationId = ctx.org.id;
  return ctx.mutate(async (tx, audit) => {
    const draft = await lockDraft(tx, organizationId, input.consultationId);
    const removed = await tx
      .delete(consultationDocument)
      .where(
        and(
          eq(consultationDocument.organizationId, organizationId),
          eq(consultationDocument.consultationId, draft.id),
          eq(consultationDocument.documentId, input.documentId),
        ),
      )
      .returning({ documentId: consultationDocument.documentId });
    if (removed.length === 0) throw notFound("Document not found");
    const after = await getConsultation(tx, organizationId, draft.id);
    audit({
      entityType: "consultation",
      entityId: draft.id,
      patientId: draft.patientId,
      before: { documentId: input.documentId },
    });
    return after;
  });
}

/** Signs a draft: from now on the database refuses any change to it and its parts. */
export function signConsultation(
  ctx: Pick<OrgScope, "org" | "user" | "mutate">,
  id: string,
): Promise<Consultation> {
  const organizationId = ctx.org.id;
  return ctx.mutate(async (tx, audit) => {
    const draft = await lockDraft(tx, organizationId, id);
    const signedAt = new Date();
    const signed = await tx
      .update(consultation)
      .set({ status: "signed", signedAt, signedBy: ctx.user.id, updatedAt: signedAt })
      .where(
        and(
          eq(consultation.organizationId, organizationId),
          eq(consultation.id, id),
          eq(consultation.status, "draft"),
        ),
      )
      .returning({ id: consultation.id });
    if (signed.length === 0) throw conflict(lockedMessage);
    const after = await getConsultation(tx, organizationId, id);
    audit({
      entityType: "consultation",
      entityId: id,
      patientId: draft.patientId,
      before: { status: "draft" },
      after,
    });
    return after;
  });
}

/** A correction or addition to a signed consultation, by the caller, now. Never changed. */
export function addConsultationAddendum(
  ctx: Pick<OrgScope, "org" | "user" | "mutate">,
  input: AddendumInput,
): Promise<Consultation> {
  const organizationId = ctx.org.id;
  return ctx.mutate(async (tx, audit) => {
    const [found] = await tx
      .select({ status: consultation.status, patientId: consultation.patientId })
      .from(consultation)
      .where(
        and(
          eq(consultation.organizationId, organizationId),
          eq(consultation.id, input.consultationId),
        ),
      );
    if (!found) throw notFound("Consultation not found");
    if (found.status !== "signed") {
      throw conflict("Addenda are for signed consultations; edit the draft instead.");
    }
    const [row] = await tx
      .insert(consultationAddendum)
      .values({
        organizationId,
        consultationId: input.consultationId,
        authorUserId: ctx.user.id,
        body: input.body,
      })
      .returning();
    if (!row) throw new Error("addendum insert returned nothing");
    audit({
      entityType: "consultation_addendum",
      entityId: row.id,
      patientId: found.patientId,
      after: row,
    });
    return getConsultation(tx, organizationId, input.consultationId);
  });
}

/** Deletes a draft its author started by mistake; a signed consultation is kept for good. */
export function discardConsultation(
  ctx: Pick<OrgScope, "org" | "user" | "mutate">,
  id: string,
): Promise<{ ok: true }> {
  const organizationId = ctx.org.id;
  return ctx.mutate(async (tx, audit) => {
    const draft = await lockDraft(tx, organizationId, id);
    if (draft.authorUserId !== ctx.user.id) {
      throw forbidden("Only the author can discard a draft consultation");
    }
    const before = await getConsultation(tx, organizationId, id);
    await tx
      .delete(consultation)
      .where(
        and(
          eq(consultation.organizationId, organizationId),
          eq(consultation.id, id),
          eq(consultation.status, "draft"),
        ),
      );
    audit({ entityType: "consultation", entityId: id, patientId: draft.patientId, before });
    return { ok: true as const };
  });
}
