// Signed forms as staff read them: a patient's submissions, one with the questions of its own
// version and all the evidence, and the alerts the newest answers raise for the header.
import { schema, type Database } from "@caredesk/db";
import { type Answers, type Question } from "@caredesk/validators";
import { and, desc, eq } from "drizzle-orm";
import { notFound } from "../errors";
import type { RecordReader } from "../scope";
import { answerText } from "./form-pdf";
import { getPatient } from "./patient";
import { recordRead } from "./record-access";
import { shownQuestions } from "./form-answers";

const { formSubmission, questionnaireVersion } = schema;

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

/** Submissions of a patient with their version's title and number, newest first. */
function patientSubmissions(db: Database, organizationId: string, patientId: string) {
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
    .where(
      and(
        eq(formSubmission.organizationId, organizationId),
        eq(formSubmission.patientId, patientId),
      ),
    )
    .orderBy(desc(formSubmission.signedAt), desc(formSubmission.id))
    .limit(200);
}

/** A patient's signed forms, newest first (a read of the clinical record). */
export async function listFormSubmissions(ctx: RecordReader, patientId: string) {
  await getPatient(ctx.db, ctx.org.id, patientId);
  const rows = await patientSubmissions(ctx.db, ctx.org.id, patientId);
  await recordRead(ctx, { patientId, kind: "form_submissions" });
  return rows;
}

/** One signed form: the questions of ITS version with the answers, and all the evidence. */
export async function getFormSubmission(ctx: RecordReader, id: string) {
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
  const rows = await patientSubmissions(db, organizationId, patientId);
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
