// The patient's side of a form sent by link: no account, the token names the request; the
// date of birth is confirmed (wrong ones lock the request), the answers are checked against the
// request's own version, and the signed submission is kept as evidence with its PDF, filed as a
// patient document with its SHA-256, in one transaction.
import { hashSecret } from "@caredesk/auth";
import { enqueueJobs, jobQueues, schema, type Database } from "@caredesk/db";
import { type FormLinkSubmitInput } from "@caredesk/validators";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { createHash } from "node:crypto";
import { badRequest, conflict, type DomainError, FieldError } from "../errors";
import { newStorageKey } from "../file-store";
import { noScanner, unscannableMessage, worstVerdict } from "../malware";
import type { AuditEntry } from "../audit";
import type { RequestScope } from "../scope";
import { invalidLinkMessage } from "./action-token";
import { renderFormPdf, UnreadableSignatureError } from "./form-pdf";
import { practiceLogo, practiceLogoFileId } from "./logo";
import { getPatient } from "./patient";
import { getQuestionnaireVersion } from "./questionnaire";
import { alertsOf, checkAnswers, shownQuestions } from "./form-answers";
import { statusOf, type FormRequestStatus } from "./form-request";
import { signatureBytes } from "./signature";

const { formRequest, formSubmission, actionToken } = schema;

/** Wrong dates of birth a request takes before it locks. */
export const birthDateAttempts = 5;

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
  // The drawn signature comes from outside: scanned like any upload (and the PDF holding it).
  const scanner = ctx.scanner ?? noScanner;
  const verdict = worstVerdict(await Promise.all([scanner.scan(signature), scanner.scan(pdf)]));
  if (verdict.result === "infected") {
    await ctx.mutate(async (tx, audit) => {
      const [event] = await tx
        .insert(schema.malwareEvent)
        .values({
          organizationId: orgId,
          userId: null,
          source: "upload",
          signature: verdict.signature.slice(0, 200),
          engine: verdict.engine?.slice(0, 200) ?? null,
          fileName: "signature.png",
          purpose: "signature",
          mimeType: "image/png",
          sizeBytes: signature.length,
          sha256: sha256(signature),
        })
        .returning({ id: schema.malwareEvent.id });
      audit({
        organizationId: orgId,
        entityType: "malware_event",
        entityId: event?.id,
        after: { signature: verdict.signature, purpose: "signature" },
      });
    });
    throw new FieldError("BAD_REQUEST", {
      signature: ["The signature contains malware and was refused; nothing was stored."],
    });
  }
  if (verdict.result === "unscannable") {
    throw new FieldError("BAD_REQUEST", { signature: [unscannableMessage] });
  }
  // The scanner is away: both files wait in quarantine (the document shows "being checked").
  const scanned = {
    status: verdict.result === "unavailable" ? ("quarantined" as const) : ("available" as const),
    scanEngine: verdict.result === "clean" ? verdict.engine : null,
    scannedAt: verdict.result === "clean" && verdict.engine ? now : null,
  };
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
          ...scanned,
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
          ...scanned,
        },
      ])
      .returning({ id: schema.file.id, storageKey: schema.file.storageKey });
    const signatureFileId = files.find((f) => f.storageKey === signatureKey)?.id;
    const pdfFileId = files.find((f) => f.storageKey === pdfKey)?.id;
    if (!signatureFileId || !pdfFileId) throw new Error("file insert returned nothing");
    if (scanned.status === "quarantined") {
      await enqueueJobs(tx, [
        { name: jobQueues.fileRescan.name, data: {}, startAfter: new Date(Date.now() + 60_000) },
      ]);
    }
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
