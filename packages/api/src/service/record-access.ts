// Reads of a patient's clinical record, kept so a practice can answer "who looked at my
// record". Written by the read procedures of consultations, the chart, the ledger, form
// submissions and documents, after the record was found in the caller's organization.
import { schema } from "@caredesk/db";
import type { OrgScope } from "../scope";

export type RecordReadKind =
  | "consultation"
  | "consultations"
  | "prescription"
  | "chart"
  | "ledger"
  | "form_submission"
  | "form_submissions"
  | "document";

/**
 * Records that the caller read (part of) a patient's clinical record. Not a change of the record,
 * so not audited as one; it is its own evidence. A patient reading their own record is not
 * recorded: the list is of others' reads.
 */
export async function recordRead(
  scope: Pick<OrgScope, "db" | "org" | "user" | "ip" | "membership">,
  read: { patientId: string; kind: RecordReadKind; entityId?: string | null },
): Promise<void> {
  if (scope.membership.role === "patient") return;
  await scope.db.insert(schema.recordAccess).values({
    organizationId: scope.org.id,
    patientId: read.patientId,
    userId: scope.user.id,
    kind: read.kind,
    entityId: read.entityId ?? null,
    ip: scope.ip,
  });
}
