// Medical-history forms sent by link: staff send a form version to a patient (email or SMS,
// through the outbox; the delivery job mints the link), the patient opens it without an
// account, confirms their date of birth (wrong tries lock the request), answers and signs.
// The submission is kept as evidence: the version and its hash, the answers, the signature,
// when, from where, and a PDF of it all filed as a patient document with its SHA-256.
import { hashSecret } from "@caredesk/auth";
import { schema, type Database } from "@caredesk/db";
import {
  maxSignatureBytes,
  type Answers,
  type FormLinkSubmitInput,
  type FormRequestSendInput,
  type Question,
} from "@caredesk/validators";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { createHash } from "node:crypto";
import { inflateSync } from "node:zlib";
import { badRequest, conflict, type DomainError, FieldError, notFound } from "../errors";
import { newStorageKey } from "../file-store";
import type { AuditEntry } from "../audit";
import type { OrgScope, RequestScope } from "../scope";
import { invalidLinkMessage } from "./action-token";
import { answerText, renderFormPdf, UnreadableSignatureError } from "./form-pdf";
import { practiceLogo, practiceLogoFileId } from "./logo";
import { queueNotifications } from "./outbox";
import { getPatient } from "./patient";
import { currentVersionOf, getQuestionnaireVersion } from "./questionnaire";
import { recordRead } from "./record-access";

const { formRequest, formSubmission, questionnaire, questionnaireVersion, actionToken } = schema;

/** Wrong dates of birth a request takes before it locks. */
export const birthDateAttempts = 5;

export type FormRequestStatus = "sent" | "submitted" | "expired" | "revoked" | "locked";

function statusOf(
  row: {
    submittedAt: Date | null;
    revokedAt: Date | null;
    lockedAt: Date | null;
    expiresAt: Date;
  },
  now = new Date(),
): FormRequestStatus {
  if (row.submittedAt) return "submitted";
  if (row.revokedAt) return "revoked";
  if (row.lockedAt) return "locked";
  if (row.expiresAt <= now) return "expired";
  return "sent";
}

// ---------------------------------------------------------------------------------------------
// Staff: sending, revoking, listing

/** Sends the form's current version to the patient: the request and its message, together. */
export function sendFormRequest(
  ctx: Pick<OrgScope, "org" | "user" | "mutate">,
  input: FormRequestSendInput,
) {
  return ctx.mutate(async (tx, audit) => {
    const patient = await getPatient(tx, ctx.org.id, input.patientId);
    const [form] = await tx
      .select({ id: questionnaire.id, archivedAt: questionnaire.archivedAt })
      .from(questionnaire)
      .where(
        and(
          eq(questionnaire.organizationId, ctx.org.id),
          eq(questionnaire.id, input.questionnaireId),
        ),
      );
    if (!form) throw notFound("Form not found");
    if (form.archivedAt) {
      throw new FieldError("BAD_REQUEST", { questionnaireId: ["This form is archived"] });
    }
    if (!patient.dateOfBirth) {
      throw new FieldError("BAD_REQUEST", {
        patientId: [
          "Add the patient's date of birth first: the patient confirms it to open the form",
        ],
      });
    }
    const recipient = input.channel === "email" ? patient.email : patient.mobile;
    if (!recipient) {
      throw new FieldError("BAD_REQUEST", {
        channel: [
          input.channel === "email"
            ? "The patient has no email address"
            : "The patient has no mobile number",
        ],
      });
    }
    const version = await currentVersionOf(tx, ctx.org.id, form.id);
    const expiresAt = new Date(Date.now() + input.expiresInDays * 86_400_000);
    const [row] = await tx
      .insert(formRequest)
      .values({
        organizationId: ctx.org.id,
        patientId: patient.id,
        questionnaireVersionId: version.id,
        channel: input.channel,
        sentBy: ctx.user.id,
        expiresAt,
      })
      .returning();
    if (!row) throw new Error("form request insert returned nothing");
    await queueNotifications(tx, [
      {
        organizationId: ctx.org.id,
        kind: "form_request",
        channel: input.channel,
        patientId: patient.id,
        recipient,
        payload: { formRequestId: row.id },
      },
    ]);
    const created = {
      id: row.id,
      patientId: row.patientId,
      questionnaireVersionId: version.id,
      version: version.version,
      channel: row.channel,
      expiresAt: row.expiresAt,
      status: statusOf(row),
    };
    audit({ entityType: "form_request", entityId: row.id, patientId: patient.id, after: created });
    return created;
  });
}

/** Withdraws a request: its link stops working. A submitted form cannot be withdrawn. */
export function revokeFormRequest(ctx: Pick<OrgScope, "org" | "mutate">, id: string) {
  return ctx.mutate(async (tx, audit) => {
    const [before] = await tx
      .select()
      .from(formRequest)
      .where(and(eq(formRequest.organizationId, ctx.org.id), eq(formRequest.id, id)))
      .for("update");
    if (!before) throw notFound("Form request not found");
    if (before.submittedAt) throw conflict("This form has already been submitted");
    if (!before.revokedAt) {
      await tx
        .update(formRequest)
        .set({ revokedAt: new Date() })
        .where(and(eq(formRequest.organizationId, ctx.org.id), eq(formRequest.id, id)));
    }
    audit({
      entityType: "form_request",
      entityId: id,
      patientId: before.patientId,
      before: { status: statusOf(before) },
      after: { status: "revoked" },
    });
    return { ok: true as const };
  });
}

/** A patient's form requests, newest first, with their status and their message's. */
export async function listFormRequests(db: Database, organizationId: string, patientId: string) {
  await getPatient(db, organizationId, patientId);
  const rows = await db
    .select({
      id: formRequest.id,
      channel: formRequest.channel,
      createdAt: formRequest.createdAt,
      expiresAt: formRequest.expiresAt,
      submittedAt: formRequest.submittedAt,
      revokedAt: formRequest.revokedAt,
      lockedAt: formRequest.lockedAt,
      birthDateFailures: formRequest.birthDateFailures,
      title: questionnaireVersion.title,
      version: questionnaireVersion.version,
      questionnaireId: questionnaireVersion.questionnaireId,
      messageStatus: sql<string | null>`(select n.status::text from notification n
        where n.organization_id = ${formRequest.organizationId}
          and n.patient_id = ${formRequest.patientId}
          and n.kind = 'form_request'
          and n.payload ->> 'formRequestId' = ${formRequest.id}::text
        order by n.created_at desc limit 1)`,
      submissionId: formSubmission.id,
    })
    .from(formRequest)
    .innerJoin(
      questionnaireVersion,
      and(
        eq(questionnaireVersion.organizationId, formRequest.organizationId),
        eq(questionnaireVersion.id, formRequest.questionnaireVersionId),
      ),
    )
    .leftJoin(
      formSubmission,
      and(
        eq(formSubmission.organizationId, formRequest.organizationId),
        eq(formSubmission.formRequestId, formRequest.id),
      ),
    )
    .where(
      and(eq(formRequest.organizationId, organizationId), eq(formRequest.patientId, patientId)),
    )
    .orderBy(desc(formRequest.createdAt), desc(formRequest.id))
    .limit(200);
  const now = new Date();
  return rows.map((row) => ({ ...row, status: statusOf(row, now) }));
}

// ---------------------------------------------------------------------------------------------
// Staff: submissions

const submissionColumns = {
  id: formSubmission.id,
  formRequestId: formSubmission.formRequestId,
  patientId: formSubmission.patientId,
  questionnaireVersionId: formSubmission.questionnaireVersionId,
  contentHash: formSubmission.contentHash,
  signedAt: formSubmission.signedAt,
  alerts: formSubmission.alerts,
  pdfFileId: formSubmission.pdfFileId,
  pdfSha256: formSubmission.pdfSha256,
  signatureFileId: formSubmission.signatureFileId,
  documentId: formSubmission.documentId,
  title: questionnaireVersion.title,
  version: questionnaireVersion.version,
  questionnaireId: questionnaireVersion.questionnaireId,
};

function submissionsQuery(db: Database, organizationId: string) {
  return db
    .select(submissionColumns)
    .from(formSubmission)
    .innerJoin(
      questionnaireVersion,
      and(
        eq(questionnaireVersion.organizationId, formSubmission.organizationId),
        eq(questionnaireVersion.id, formSubmission.questionnaireVersionId),
      ),
    )
    .$dynamic()
    .where(eq(formSubmission.organizationId, organizationId));
}

/** A patient's signed forms, newest first (a read of the clinical record). */
export async function listFormSubmissions(
  ctx: Pick<OrgScope, "db" | "org" | "user" | "ip" | "membership">,
  patientId: string,
) {
  await getPatient(ctx.db, ctx.org.id, patientId);
  const rows = await ctx.db
    .select(submissionColumns)
    .from(formSubmission)
    .innerJoin(
      questionnaireVersion,
      and(
        eq(questionnaireVersion.organizationId, formSubmission.organizationId),
        eq(questionnaireVersion.id, formSubmission.questionnaireVersionId),
      ),
    )
    .where(
      and(eq(formSubmission.organizationId, ctx.org.id), eq(formSubmission.patientId, patientId)),
    )
    .orderBy(desc(formSubmission.signedAt), desc(formSubmission.id))
    .limit(200);
  await recordRead(ctx, { patientId, kind: "form_submissions" });
  return rows;
}

/** One signed form: the questions of ITS version with the answers, and all the evidence. */
export async function getFormSubmission(
  ctx: Pick<OrgScope, "db" | "org" | "user" | "ip" | "membership">,
  id: string,
) {
  const [row] = await ctx.db
    .select({
      ...submissionColumns,
      answers: formSubmission.answers,
      dateOfBirth: formSubmission.dateOfBirth,
      ip: formSubmission.ip,
      userAgent: formSubmission.userAgent,
      questions: questionnaireVersion.questions,
      description: questionnaireVersion.description,
    })
    .from(formSubmission)
    .innerJoin(
      questionnaireVersion,
      and(
        eq(questionnaireVersion.organizationId, formSubmission.organizationId),
        eq(questionnaireVersion.id, formSubmission.questionnaireVersionId),
      ),
    )
    .where(and(eq(formSubmission.organizationId, ctx.org.id), eq(formSubmission.id, id)));
  if (!row) throw notFound("Submission not found");
  await recordRead(ctx, { patientId: row.patientId, kind: "form_submission", entityId: row.id });
  const questions = row.questions as Question[];
  const answers = row.answers as Answers;
  const shown = shownQuestions(questions, answers);
  return {
    ...row,
    questions,
    answers,
    items: questions.map((q) => ({
      key: q.key,
      label: q.label,
      type: q.type,
      shown: shown.has(q.key),
      answer: answers[q.key] ?? null,
      answerText: answerText(q, answers[q.key]),
    })),
  };
}

/** The alerts of each form's newest submission for the patient (the header's flags). */
export async function patientFormAlerts(db: Database, organizationId: string, patientId: string) {
  await getPatient(db, organizationId, patientId);
  const rows = await submissionsQuery(db, organizationId)
    .where(
      and(
        eq(formSubmission.organizationId, organizationId),
        eq(formSubmission.patientId, patientId),
      ),
    )
    .orderBy(desc(formSubmission.signedAt), desc(formSubmission.id))
    .limit(200);
  const seen = new Set<string>();
  const alerts: { label: string; submissionId: string; title: string; signedAt: Date }[] = [];
  for (const row of rows) {
    if (seen.has(row.questionnaireId)) continue;
    seen.add(row.questionnaireId);
    for (const label of row.alerts) {
      alerts.push({ label, submissionId: row.id, title: row.title, signedAt: row.signedAt });
    }
  }
  return alerts;
}

// ---------------------------------------------------------------------------------------------
// Answers: which questions were shown, whether the answers fit them, which alerts they raise

function matches(answer: unknown, equals: string): boolean {
  if (typeof answer === "boolean") return (answer ? "yes" : "no") === equals;
  if (Array.isArray(answer)) return answer.includes(equals);
  return answer === equals;
}

/** Questions shown to the patient: follow-ups only when the question they follow was shown and has the answer. */
export function shownQuestions(questions: readonly Question[], answers: Answers): Set<string> {
  const shown = new Set<string>();
  for (const q of questions) {
    if (!q.showIf) {
      shown.add(q.key);
      continue;
    }
    if (
      shown.has(q.showIf.questionKey) &&
      matches(answers[q.showIf.questionKey], q.showIf.equals)
    ) {
      shown.add(q.key);
    }
  }
  return shown;
}

function isBlank(answer: unknown): boolean {
  return (
    answer === undefined ||
    answer === null ||
    (typeof answer === "string" && answer.trim() === "") ||
    (Array.isArray(answer) && answer.length === 0)
  );
}

/**
 * The answers kept for a version: those of shown questions, each of its question's kind;
 * required ones present. Refuses with the field of each problem (`answers.<key>`).
 */
export function checkAnswers(questions: readonly Question[], answers: Answers): Answers {
  const errors: Record<string, string[]> = {};
  const known = new Set(questions.map((q) => q.key));
  for (const key of Object.keys(answers)) {
    if (!known.has(key)) errors[`answers.${key}`] = ["This form has no such question"];
  }
  const shown = shownQuestions(questions, answers);
  const kept: Answers = {};
  for (const q of questions) {
    const answer = answers[q.key];
    if (!shown.has(q.key)) continue;
    if (isBlank(answer)) {
      if (q.required) errors[`answers.${q.key}`] = ["Please answer this question"];
      continue;
    }
    const field = `answers.${q.key}`;
    switch (q.type) {
      case "text":
      case "textarea":
        if (typeof answer !== "string") errors[field] = ["Answer with text"];
        else if (q.type === "text" && /[\n\r]/.test(answer))
          errors[field] = ["Keep this on one line"];
        else if (answer.length > (q.type === "text" ? 500 : 4000)) errors[field] = ["Too long"];
        break;
      case "date":
        if (
          typeof answer !== "string" ||
          !/^\d{4}-\d{2}-\d{2}$/.test(answer) ||
          Number.isNaN(Date.parse(`${answer}T00:00:00Z`)) ||
          new Date(`${answer}T00:00:00Z`).toISOString().slice(0, 10) !== answer
        ) {
          errors[field] = ["Use a date like 2026-03-31"];
        }
        break;
      case "yes_no":
        if (typeof answer !== "boolean") errors[field] = ["Answer yes or no"];
        break;
      case "single":
        if (typeof answer !== "string" || !(q.options ?? []).includes(answer)) {
          errors[field] = ["Choose one of the options"];
        }
        break;
      case "multiple":
        if (
          !Array.isArray(answer) ||
          !answer.every((a) => (q.options ?? []).includes(a)) ||
          new Set(answer).size !== answer.length
        ) {
          errors[field] = ["Choose among the options"];
        }
        break;
    }
    if (!errors[field] && answer !== undefined)
      kept[q.key] = typeof answer === "string" ? answer.trim() : answer;
  }
  if (Object.keys(errors).length > 0) throw new FieldError("BAD_REQUEST", errors);
  return kept;
}

/** The alerts the answers raise: "<alert label>: <question> — <answer>" for each flagged answer. */
export function alertsOf(questions: readonly Question[], answers: Answers): string[] {
  const alerts: string[] = [];
  const shown = shownQuestions(questions, answers);
  for (const q of questions) {
    if (!q.alert || !shown.has(q.key)) continue;
    const answer = answers[q.key];
    const hit = q.alert.when.some((value) => matches(answer, value));
    if (!hit) continue;
    // The follow-ups of a flagged answer say what it is ("Which?" → "Penicillin").
    const detail = questions
      .filter((f) => f.showIf?.questionKey === q.key && shown.has(f.key))
      .map((f) => answers[f.key])
      .filter((a): a is string | string[] => typeof a === "string" || Array.isArray(a))
      .map((a) => (Array.isArray(a) ? a.join(", ") : a))
      .filter((a) => a.trim() !== "");
    const what =
      detail.length > 0
        ? detail.join("; ")
        : typeof answer === "boolean"
          ? q.label
          : answerText(q, answer);
    alerts.push(`${q.alert.label}: ${what}`.slice(0, 300));
  }
  return alerts;
}

// ---------------------------------------------------------------------------------------------
// The signature

const pngMagic = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (crcTable[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Truecolour and truecolour with alpha, 8 bits: what canvases export. */
const channelsOf: Record<number, number> = { 2: 3, 6: 4 };

/**
 * The PNG bytes of a data URL, checked before any decoder sees them: magic bytes, IHDR, size,
 * sane dimensions, every chunk's CRC, and image data that inflates to exactly the rows the
 * header promises (a decoder fed garbage may never finish).
 */
export function signatureBytes(dataUrl: string): Buffer {
  const refuse = (message: string) => new FieldError("BAD_REQUEST", { signature: [message] });
  const notPng = () => refuse("The signature must be a PNG image");
  const comma = dataUrl.indexOf(",");
  if (!dataUrl.startsWith("data:image/png;base64,") || comma < 0) throw notPng();
  const bytes = Buffer.from(dataUrl.slice(comma + 1), "base64");
  if (bytes.length > maxSignatureBytes) {
    throw refuse("The signature image is too large (200 KB at most)");
  }
  if (bytes.length < 8 + 25 || !bytes.subarray(0, 8).equals(pngMagic)) throw notPng();
  if (bytes.readUInt32BE(8) !== 13 || bytes.toString("latin1", 12, 16) !== "IHDR") throw notPng();
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  if (width < 20 || height < 20 || width > 4000 || height > 4000) {
    throw refuse("The signature image has unusable dimensions");
  }
  const bitDepth = bytes.readUInt8(24);
  const channels = channelsOf[bytes.readUInt8(25)];
  const interlaced = bytes.readUInt8(28) !== 0;
  if (!channels || bitDepth !== 8 || interlaced) throw notPng();
  const idat: Buffer[] = [];
  let at = 8;
  let ended = false;
  while (at + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString("latin1", at + 4, at + 8);
    if (at + 12 + length > bytes.length) throw notPng();
    const body = bytes.subarray(at + 4, at + 8 + length);
    if (crc32(body) !== bytes.readUInt32BE(at + 8 + length)) throw notPng();
    if (type === "IDAT") idat.push(bytes.subarray(at + 8, at + 8 + length));
    at += 12 + length;
    if (type === "IEND") {
      ended = true;
      break;
    }
  }
  if (!ended || idat.length === 0) throw notPng();
  const rowBytes = 1 + Math.ceil((width * channels * bitDepth) / 8);
  const expected = rowBytes * height;
  let pixels: Buffer;
  try {
    pixels = inflateSync(Buffer.concat(idat), { maxOutputLength: expected + 1 });
  } catch {
    throw notPng();
  }
  if (pixels.length !== expected) throw notPng();
  for (let row = 0; row < height; row++) {
    if ((pixels[row * rowBytes] ?? 255) > 4) throw notPng();
  }
  return bytes;
}

// ---------------------------------------------------------------------------------------------
// The patient's link

interface LinkedRequest {
  id: string;
  organizationId: string;
  patientId: string;
  questionnaireVersionId: string;
  expiresAt: Date;
  revokedAt: Date | null;
  submittedAt: Date | null;
  lockedAt: Date | null;
  birthDateFailures: number;
}

/**
 * The request a link's token names, whatever state it is in (so the page can say why it no
 * longer works). Unknown or malformed tokens all answer the same.
 */
async function requestOfToken(db: Database, token: string, lock = false): Promise<LinkedRequest> {
  if (!/^[a-km-np-z2-9]{48}$/.test(token)) throw badRequest(invalidLinkMessage);
  const [found] = await db
    .select({
      formRequestId: actionToken.formRequestId,
      organizationId: actionToken.organizationId,
    })
    .from(actionToken)
    .where(
      and(eq(actionToken.tokenHash, hashSecret(token)), eq(actionToken.purpose, "form_request")),
    )
    .limit(1);
  if (!found?.formRequestId || !found.organizationId) throw badRequest(invalidLinkMessage);
  const query = db
    .select({
      id: formRequest.id,
      organizationId: formRequest.organizationId,
      patientId: formRequest.patientId,
      questionnaireVersionId: formRequest.questionnaireVersionId,
      expiresAt: formRequest.expiresAt,
      revokedAt: formRequest.revokedAt,
      submittedAt: formRequest.submittedAt,
      lockedAt: formRequest.lockedAt,
      birthDateFailures: formRequest.birthDateFailures,
    })
    .from(formRequest)
    .where(
      and(
        eq(formRequest.organizationId, found.organizationId),
        eq(formRequest.id, found.formRequestId),
      ),
    );
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw badRequest(invalidLinkMessage);
  return row;
}

const unusable: Record<Exclude<FormRequestStatus, "sent">, () => DomainError> = {
  submitted: () => conflict("This form has already been submitted. Thank you."),
  expired: () => badRequest("This link has expired. Ask the practice to send you a new one."),
  revoked: () =>
    badRequest("The practice withdrew this form. Ask the practice if you need a new link."),
  locked: () =>
    badRequest(
      "This link is locked after too many wrong dates of birth. Ask the practice to send a new one.",
    ),
};

function requireOpen(request: LinkedRequest, now = new Date()) {
  const status = statusOf(request, now);
  if (status !== "sent") throw unusable[status]();
}

async function practiceOf(db: Database, organizationId: string) {
  const [org] = await db
    .select({
      name: schema.organization.name,
      slug: schema.organization.slug,
      timeZone: schema.organization.timeZone,
    })
    .from(schema.organization)
    .where(eq(schema.organization.id, organizationId));
  if (!org) throw badRequest(invalidLinkMessage);
  return org;
}

/** What the link's page shows first: whether it can be used, the practice and the form's title. */
export async function openFormLink(db: Database, input: { token: string }) {
  const request = await requestOfToken(db, input.token);
  const org = await practiceOf(db, request.organizationId);
  const version = await getQuestionnaireVersion(
    db,
    request.organizationId,
    request.questionnaireVersionId,
  );
  return {
    status: statusOf(request),
    organizationId: request.organizationId,
    practiceName: org.name,
    practiceSlug: org.slug,
    logoFileId: await practiceLogoFileId(db, request.organizationId),
    title: version.title,
    attemptsLeft: Math.max(0, birthDateAttempts - request.birthDateFailures),
    expiresAt: request.expiresAt,
  };
}

/** Whether the date of birth given on the link is the patient's. */
async function birthDateMatches(db: Database, request: LinkedRequest, dateOfBirth: string) {
  const [patient] = await db
    .select({ dateOfBirth: schema.patient.dateOfBirth })
    .from(schema.patient)
    .where(
      and(
        eq(schema.patient.organizationId, request.organizationId),
        eq(schema.patient.id, request.patientId),
      ),
    );
  return Boolean(patient?.dateOfBirth) && patient?.dateOfBirth === dateOfBirth;
}

/**
 * Counts a wrong date of birth (a guarded update, so parallel guesses all count) and locks the
 * request at the limit. It commits although the call is then refused: answers the tries left.
 */
async function countWrongBirthDate(
  tx: Database,
  request: LinkedRequest,
  audit: (entry: AuditEntry) => void,
): Promise<number> {
  const [counted] = await tx
    .update(formRequest)
    .set({
      birthDateFailures: sql`${formRequest.birthDateFailures} + 1`,
      lockedAt: sql`case when ${formRequest.birthDateFailures} + 1 >= ${birthDateAttempts} then now() else null end`,
    })
    .where(
      and(
        eq(formRequest.organizationId, request.organizationId),
        eq(formRequest.id, request.id),
        isNull(formRequest.lockedAt),
        isNull(formRequest.submittedAt),
      ),
    )
    .returning({ failures: formRequest.birthDateFailures, lockedAt: formRequest.lockedAt });
  audit({
    organizationId: request.organizationId,
    entityType: "form_request",
    entityId: request.id,
    patientId: request.patientId,
    after: { birthDateFailures: counted?.failures ?? null, locked: Boolean(counted?.lockedAt) },
  });
  return Math.max(0, birthDateAttempts - (counted?.failures ?? birthDateAttempts));
}

/** Counts a wrong date of birth in its own transaction, then refuses the call. */
async function refuseWrongBirthDate(
  ctx: Pick<RequestScope, "mutate">,
  token: string,
): Promise<never> {
  const attemptsLeft = await ctx.mutate(async (tx, audit) => {
    const request = await requestOfToken(tx, token, true);
    requireOpen(request);
    return countWrongBirthDate(tx, request, audit);
  });
  throw wrongBirthDate(attemptsLeft);
}

function wrongBirthDate(attemptsLeft: number): DomainError {
  if (attemptsLeft <= 0) return unusable.locked();
  return new FieldError("BAD_REQUEST", {
    dateOfBirth: [
      `That date of birth does not match our records. ${attemptsLeft} ${attemptsLeft === 1 ? "try" : "tries"} left.`,
    ],
  });
}

/** The patient confirms their date of birth; the answer is the form's questions. */
export async function verifyFormLink(
  ctx: Pick<RequestScope, "db" | "mutate">,
  input: { token: string; dateOfBirth: string },
) {
  const request = await requestOfToken(ctx.db, input.token);
  requireOpen(request);
  if (!(await birthDateMatches(ctx.db, request, input.dateOfBirth))) {
    return refuseWrongBirthDate(ctx, input.token);
  }
  return ctx.mutate(async (tx, audit) => {
    const locked = await requestOfToken(tx, input.token, true);
    requireOpen(locked);
    const version = await getQuestionnaireVersion(
      tx,
      locked.organizationId,
      locked.questionnaireVersionId,
    );
    audit({
      organizationId: locked.organizationId,
      entityType: "form_request",
      entityId: locked.id,
      patientId: locked.patientId,
      after: { dateOfBirthConfirmed: true },
    });
    return {
      title: version.title,
      description: version.description,
      version: version.version,
      questions: version.questions,
    };
  });
}

/**
 * The patient's signed answers: checked against the version the request was sent with, the
 * signature's bytes and the PDF stored first (random keys; orphans are harmless), then the
 * files, the document, the submission and the request's end written in one transaction.
 */
export async function submitFormLink(ctx: RequestScope, input: FormLinkSubmitInput) {
  const now = new Date();
  const request = await requestOfToken(ctx.db, input.token);
  requireOpen(request, now);
  if (!(await birthDateMatches(ctx.db, request, input.dateOfBirth))) {
    return refuseWrongBirthDate(ctx, input.token);
  }

  const orgId = request.organizationId;
  const version = await getQuestionnaireVersion(ctx.db, orgId, request.questionnaireVersionId);
  const answers = checkAnswers(version.questions, input.answers);
  const signature = signatureBytes(input.signature);
  const alerts = alertsOf(version.questions, answers);
  const org = await practiceOf(ctx.db, orgId);
  const patient = await getPatient(ctx.db, orgId, request.patientId);
  const logo = await practiceLogo(ctx.db, ctx.files, orgId);
  let pdf: Buffer;
  try {
    pdf = await renderFormPdf({
      practiceName: org.name,
      logo,
      formTitle: version.title,
      formDescription: version.description,
      version: version.version,
      contentHash: version.contentHash,
      patientName: `${patient.firstName} ${patient.lastName}`,
      dateOfBirth: input.dateOfBirth,
      questions: version.questions,
      answers,
      shown: shownQuestions(version.questions, answers),
      alerts,
      signaturePng: signature,
      signedAt: now,
      timeZone: org.timeZone,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      requestId: request.id,
    });
  } catch (error) {
    if (error instanceof UnreadableSignatureError) {
      throw new FieldError("BAD_REQUEST", { signature: [error.message] });
    }
    throw error;
  }
  const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
  const pdfSha256 = sha256(pdf);
  const signatureKey = newStorageKey(orgId, now);
  const pdfKey = newStorageKey(orgId, now);
  await ctx.files.put(signatureKey, signature, "image/png");
  await ctx.files.put(pdfKey, pdf, "application/pdf");
  const day = now.toISOString().slice(0, 10);

  return ctx.mutate(async (tx, audit) => {
    const [ended] = await tx
      .update(formRequest)
      .set({ submittedAt: now })
      .where(
        and(
          eq(formRequest.organizationId, orgId),
          eq(formRequest.id, request.id),
          isNull(formRequest.submittedAt),
          isNull(formRequest.revokedAt),
          isNull(formRequest.lockedAt),
          gt(formRequest.expiresAt, now),
        ),
      )
      .returning({ id: formRequest.id });
    if (!ended) {
      const again = await requestOfToken(tx, input.token);
      requireOpen(again, now);
      throw conflict("This form has already been submitted. Thank you.");
    }
    await tx
      .update(actionToken)
      .set({ usedAt: now })
      .where(and(eq(actionToken.formRequestId, request.id), isNull(actionToken.usedAt)));
    const files = await tx
      .insert(schema.file)
      .values([
        {
          organizationId: orgId,
          storageKey: signatureKey,
          mimeType: "image/png",
          sizeBytes: signature.length,
          sha256: sha256(signature),
          originalName: "signature.png",
          purpose: "signature",
        },
        {
          organizationId: orgId,
          storageKey: pdfKey,
          mimeType: "application/pdf",
          sizeBytes: pdf.length,
          sha256: pdfSha256,
          originalName: `${version.title.replace(/[^\p{L}\p{N} ._-]+/gu, "").trim() || "form"} ${day}.pdf`,
          // Filed as a document: its downloads are recorded reads, and the portal shows it.
          purpose: "document",
        },
      ])
      .returning({ id: schema.file.id, storageKey: schema.file.storageKey });
    const signatureFileId = files.find((f) => f.storageKey === signatureKey)?.id;
    const pdfFileId = files.find((f) => f.storageKey === pdfKey)?.id;
    if (!signatureFileId || !pdfFileId) throw new Error("file insert returned nothing");
    const [doc] = await tx
      .insert(schema.document)
      .values({
        organizationId: orgId,
        patientId: request.patientId,
        fileId: pdfFileId,
        kind: "medical_record",
        title: `${version.title} — signed ${day}`.slice(0, 200),
        documentDate: day,
      })
      .returning({ id: schema.document.id });
    if (!doc) throw new Error("document insert returned nothing");
    const [submission] = await tx
      .insert(formSubmission)
      .values({
        organizationId: orgId,
        formRequestId: request.id,
        patientId: request.patientId,
        questionnaireVersionId: version.id,
        contentHash: version.contentHash,
        answers,
        dateOfBirth: input.dateOfBirth,
        signatureFileId,
        signedAt: now,
        ip: ctx.ip,
        userAgent: ctx.userAgent?.slice(0, 1000) ?? null,
        alerts,
        pdfFileId,
        pdfSha256,
        documentId: doc.id,
      })
      .returning({ id: formSubmission.id });
    if (!submission) throw new Error("submission insert returned nothing");
    audit({
      organizationId: orgId,
      entityType: "form_submission",
      entityId: submission.id,
      patientId: request.patientId,
      after: {
        formRequestId: request.id,
        questionnaireVersionId: version.id,
        contentHash: version.contentHash,
        pdfSha256,
        signedAt: now,
      },
    });
    return { submissionId: submission.id, signedAt: now, pdfSha256 };
  });
}
