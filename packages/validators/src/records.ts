// Inputs of the audit viewer and of "who viewed my record": filters are ids, enums and
// bounded instants, never free text that reaches SQL.
import { z } from "zod";
import { Code, Cursor, Id, Instant, PageLimit } from "./common";

/** The kinds of record the audit viewer filters by (`entityType` of an audit row). */
export const auditEntityTypes = [
  "patient",
  "document",
  "appointment",
  "consultation",
  "diagnosis",
  "prescription",
  "consultation_addendum",
  "tooth_condition",
  "treatment_plan",
  "treatment",
  "ledger_entry",
  "questionnaire",
  "questionnaire_version",
  "form_request",
  "form_submission",
  "file",
  "organization",
  "membership",
  "invitation",
  "practitioner",
  "practitioner_certificate",
  "service",
  "resource",
  "department",
  "schedule_exception",
  "notification",
] as const;
export type AuditEntityType = (typeof auditEntityTypes)[number];

/** The kinds of clinical record a read is recorded for (record-access.ts `RecordReadKind`). */
export const recordReadKinds = [
  "consultation",
  "consultations",
  "prescription",
  "chart",
  "ledger",
  "form_submission",
  "form_submissions",
  "document",
] as const;

/** An action or the start of one: "consultation." or "consultation.sign". */
export const AuditActionPrefix = Code(
  /^[A-Za-z][A-Za-z0-9_.:-]{0,79}$/,
  "Use an action like consultation.sign or the start of one",
  80,
);

const range = {
  from: Instant.optional(),
  to: Instant.optional(),
};

function rangeInOrder(input: { from?: Date | undefined; to?: Date | undefined }) {
  return !input.from || !input.to || input.from.getTime() <= input.to.getTime();
}
const rangeMessage = { message: "The end must not be before the start", path: ["to"] };

export const AuditListInput = z
  .object({
    patientId: Id.optional(),
    actorUserId: Id.optional(),
    entityType: z.enum(auditEntityTypes).optional(),
    entityId: Id.optional(),
    action: AuditActionPrefix.optional(),
    ...range,
    cursor: Cursor.optional(),
    limit: PageLimit.default(25),
  })
  .refine(rangeInOrder, rangeMessage);
export type AuditListInput = z.infer<typeof AuditListInput>;

export const RecordAccessListInput = z
  .object({
    patientId: Id,
    ...range,
    cursor: Cursor.optional(),
    limit: PageLimit.default(25),
  })
  .refine(rangeInOrder, rangeMessage);
export type RecordAccessListInput = z.infer<typeof RecordAccessListInput>;

export const RecordAccessMineInput = z.object({
  cursor: Cursor.optional(),
  limit: PageLimit.default(25),
});
