// Medical-history forms sent to patients: staff send a form version (email or SMS, through the
// outbox; the delivery job mints the link), revoke it, and follow each request's state. The
// patient's side of the link is form-link.ts; what they signed, form-submission.ts.
import { schema, type Database } from "@caredesk/db";
import { type FormRequestSendInput } from "@caredesk/validators";
import { and, desc, eq, sql } from "drizzle-orm";
import { conflict, FieldError, notFound } from "../errors";
import type { OrgScope } from "../scope";
import { queueNotifications } from "./outbox";
import { getPatient } from "./patient";
import { currentVersionOf } from "./questionnaire";

const { formRequest, formSubmission, questionnaire, questionnaireVersion } = schema;

export type FormRequestStatus = "sent" | "submitted" | "expired" | "revoked" | "locked";

/** Where a request stands; a submitted one stays submitted whatever else happened. */
export function statusOf(
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
