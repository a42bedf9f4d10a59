// Words for recorded reads of a patient's record: what was read, and the reader's role.
import type { MessageKey, Translate } from "@caredesk/ui";

const kindLabels: Record<string, MessageKey> = {
  consultation: "access.kind.consultation",
  consultations: "access.kind.consultations",
  prescription: "access.kind.prescription",
  chart: "access.kind.chart",
  ledger: "access.kind.ledger",
  form_submission: "access.kind.form_submission",
  form_submissions: "access.kind.form_submissions",
  document: "access.kind.document",
};

const roleLabels: Record<string, MessageKey> = {
  owner: "role.owner",
  admin: "role.admin",
  manager: "role.manager",
  doctor: "role.doctor",
  pharmacist: "role.pharmacist",
  staff: "role.staff",
  patient: "role.patient",
};

/** What was read, in words ("a consultation", "the documents"). */
export function readKindLabel(t: Translate, kind: string): string {
  const key = kindLabels[kind];
  return key ? t(key) : kind;
}

/** The reader's role in the practice; empty when they are no longer a member. */
export function readerRoleLabel(t: Translate, role: string | null): string {
  const key = role ? roleLabels[role] : undefined;
  return key ? t(key) : "";
}
