// Consultations: the doctor's note of an encounter (SOAP, vitals, diagnoses, prescriptions),
// signed once and then only amended by addenda.
import { z } from "zod";
import {
  Cursor,
  Id,
  Instant,
  MultiLine,
  OptionalMultiLine,
  OptionalSingleLine,
  PageLimit,
  SingleLine,
} from "./common";

export const consultationStatuses = ["draft", "signed"] as const;

/** A measurement within the range the database accepts (consultation_vitals_range). */
function vital(min: number, max: number, unit: string, { whole }: { whole: boolean }) {
  const range = `Use a value between ${min} and ${max} ${unit}`;
  const number = z.number("Enter a number").min(min, range).max(max, range);
  return (whole ? number.int("Use a whole number") : number).nullish();
}

/** Vitals: each optional; null clears a value. */
export const consultationVitals = {
  systolicMmHg: vital(40, 300, "mmHg", { whole: true }),
  diastolicMmHg: vital(20, 200, "mmHg", { whole: true }),
  pulseBpm: vital(20, 300, "beats per minute", { whole: true }),
  temperatureC: vital(25, 45, "°C", { whole: false }),
  respiratoryRate: vital(4, 80, "breaths per minute", { whole: true }),
  oxygenSaturation: vital(50, 100, "%", { whole: true }),
  weightKg: vital(0.3, 500, "kg", { whole: false }),
  heightCm: vital(20, 260, "cm", { whole: false }),
};

export const DiagnosisInput = z.object({
  description: SingleLine(500, "Enter a diagnosis"),
  /** A code of a classification (ICD-10, SNOMED CT…), when the doctor gives one. */
  code: OptionalSingleLine(32),
  codeSystem: OptionalSingleLine(32),
});
export type DiagnosisInput = z.infer<typeof DiagnosisInput>;

export const PrescriptionInput = z.object({
  drug: SingleLine(200, "Enter the drug"),
  strength: OptionalSingleLine(100),
  dose: SingleLine(100, "Enter the dose"),
  frequency: SingleLine(100, "Enter how often"),
  duration: OptionalSingleLine(100),
  instructions: OptionalMultiLine(1000),
});
export type PrescriptionInput = z.infer<typeof PrescriptionInput>;

export const ConsultationListInput = z.object({
  patientId: Id,
  cursor: Cursor.optional(),
  limit: PageLimit.default(25),
});
export type ConsultationListInput = z.infer<typeof ConsultationListInput>;

/** The portal's own list: the caller's signed consultations. */
export const MyConsultationsInput = z.object({
  cursor: Cursor.optional(),
  limit: PageLimit.default(25),
});
export type MyConsultationsInput = z.infer<typeof MyConsultationsInput>;

export const ConsultationStartInput = z.object({
  patientId: Id,
  /** The visit it records; left out for a walk-in. */
  appointmentId: Id.optional(),
});
export type ConsultationStartInput = z.infer<typeof ConsultationStartInput>;

const noteText = OptionalMultiLine(20_000);

/**
 * A draft's changes: a field left out stays as it is, null clears it; `diagnoses` and
 * `prescriptions`, when given, replace the lists as a whole.
 */
export const ConsultationUpdateInput = z.object({
  id: Id,
  startedAt: Instant.optional(),
  subjective: noteText,
  objective: noteText,
  assessment: noteText,
  plan: noteText,
  ...consultationVitals,
  diagnoses: z.array(DiagnosisInput).max(50, "Use at most 50 diagnoses").optional(),
  prescriptions: z.array(PrescriptionInput).max(50, "Use at most 50 prescriptions").optional(),
});
export type ConsultationUpdateInput = z.infer<typeof ConsultationUpdateInput>;

export const ConsultationDocumentInput = z.object({
  consultationId: Id,
  documentId: Id,
});
export type ConsultationDocumentInput = z.infer<typeof ConsultationDocumentInput>;

export const AddendumInput = z.object({
  consultationId: Id,
  body: MultiLine(10_000, "Write the addendum"),
});
export type AddendumInput = z.infer<typeof AddendumInput>;

/** Body-mass index as the database computes it (weight / height², one decimal). */
export function bodyMassIndex(
  weightKg: number | null | undefined,
  heightCm: number | null | undefined,
): number | null {
  if (!weightKg || !heightCm) return null;
  const metres = heightCm / 100;
  return Math.round((weightKg / (metres * metres)) * 10) / 10;
}
