// The stocked practice's prescription refills: the portal patient's request to refill the Aspirin
// of their signed consultation, waiting for a decision, and a prescription they uploaded. Filled
// in by `createStockedPractice` (testing.ts) after the earlier parts; the generated isolation,
// audit and fuzz tests aim at the ids returned here.
import { schema, type Database } from "@caredesk/db";
import { and, eq } from "drizzle-orm";
import type { Caller, PharmacyStockingContext, PracticeIds, TestUser } from "../testing";
import { callerFor, uploadFile } from "../testing";

export interface RefillIds {
  /** A prescription of the portal patient's with no refill open (Metformin, signed). */
  prescription: string;
  /** A refill of the Aspirin 75 mg of their signed consultation, waiting for a decision. */
  refillRequest: string;
  /** A prescription the portal patient uploaded (purpose `prescription`). */
  refillUploadFile: string;
}

/** The first prescription of a consultation. */
export async function prescriptionOf(db: Database, consultationId: string): Promise<string> {
  const [row] = await db
    .select({ id: schema.prescription.id })
    .from(schema.prescription)
    .where(eq(schema.prescription.consultationId, consultationId))
    .orderBy(schema.prescription.position);
  if (!row) throw new Error("the consultation has no prescription");
  return row.id;
}

/**
 * A signed consultation of the patient prescribing Aspirin and Metformin (staff write and sign
 * it), answering the prescriptions' ids in that order.
 */
export async function signedPrescriptions(
  db: Database,
  staff: Caller,
  patientId: string,
): Promise<{ consultationId: string; aspirin: string; metformin: string }> {
  const started = await staff.consultation.start({ patientId });
  await staff.consultation.update({
    id: started.id,
    assessment: "Type 2 diabetes, on aspirin",
    prescriptions: [
      { drug: "Aspirin", strength: "75 mg", dose: "1 tablet", frequency: "daily" },
      { drug: "Metformin", strength: "500 mg", dose: "1 tablet", frequency: "twice daily" },
    ],
  });
  await staff.consultation.sign({ id: started.id });
  const rows = await db
    .select({ id: schema.prescription.id, drug: schema.prescription.drug })
    .from(schema.prescription)
    .where(
      and(
        eq(schema.prescription.patientId, patientId),
        eq(schema.prescription.consultationId, started.id),
      ),
    );
  const id = (drug: string) => {
    const found = rows.find((r) => r.drug === drug)?.id;
    if (!found) throw new Error(`no ${drug} prescription`);
    return found;
  };
  return { consultationId: started.id, aspirin: id("Aspirin"), metformin: id("Metformin") };
}

/**
 * A portal patient's own refill records: a prescription with no open request (to request), a
 * waiting request of another one, and an uploaded prescription. For a second patient of a
 * practice, as the generated isolation test's "own records".
 */
export async function stockPatientRefills(
  db: Database,
  staff: Caller,
  patient: { user: TestUser; patientId: string },
  organizationId: string,
): Promise<RefillIds> {
  const prescribed = await signedPrescriptions(db, staff, patient.patientId);
  const portal = await callerFor(db, { token: patient.user.token, organizationId });
  const upload = await uploadFile(db, patient.user, organizationId, "prescription");
  const waiting = await portal.refill.requestMine({
    prescriptionId: prescribed.metformin,
    note: "Two weeks left",
  });
  return {
    prescription: prescribed.aspirin,
    refillRequest: waiting.id,
    refillUploadFile: upload.id,
  };
}

export async function stockRefills(context: PharmacyStockingContext): Promise<RefillIds> {
  const { db, staff, portalUser, organizationId, patientId, signedConsultationId } = context;
  const aspirin = await prescriptionOf(db, signedConsultationId);
  // A later consultation's prescription stays free to request (the generated tests do).
  const later = await signedPrescriptions(db, staff, patientId);
  const portal = await callerFor(db, { token: portalUser.token, organizationId });
  const upload = await uploadFile(db, portalUser, organizationId, "prescription");
  const waiting = await portal.refill.requestMine({
    prescriptionId: aspirin,
    note: "One strip left",
  });
  return { prescription: later.metformin, refillRequest: waiting.id, refillUploadFile: upload.id };
}

/** `"<procedure> <field path>"` → the record it names, where the field name alone cannot tell. */
export const refillsRecordOverrides: Record<string, keyof PracticeIds> = {};
/** An id field's name → the record it names, in every procedure. */
export const refillsRecordOfIdField: Record<string, keyof PracticeIds> = {
  prescriptionId: "prescription",
  uploadFileId: "refillUploadFile",
};
/** A router's `id` field → the record it names (e.g. `product` → "product"). */
export const refillsRecordOfRouterId: Record<string, keyof PracticeIds> = {
  refill: "refillRequest",
};
