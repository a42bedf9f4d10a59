// Clinical demo data, made the way staff make it (through the procedures, so every change is
// audited and every rule holds): a medical-history form in each clinical practice; for the
// demo patient, a signed consultation with a prescription (hospital) or a charted mouth with a
// completed filling, a proposed plan and a desk payment (dental). A practice that has a form
// already is left alone, so a second start adds nothing.
import { schema, type Database } from "@caredesk/db";
import { demoEmail, demoPractices } from "@caredesk/db/seed";
import { and, eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { asDemoMember } from "./seed";

const { organization, patient, questionnaire, service, user } = schema;

export const demoMedicalHistory = {
  title: "Medical history",
  description: "Please answer before your visit. Your answers are kept with your record.",
  questions: [
    {
      key: "allergy",
      type: "yes_no" as const,
      label: "Are you allergic to any medicine?",
      required: true,
      alert: { label: "Allergy", when: ["yes"] },
    },
    {
      key: "allergy-which",
      type: "text" as const,
      label: "Which medicines?",
      required: true,
      showIf: { questionKey: "allergy", equals: "yes" },
    },
    {
      key: "anticoagulants",
      type: "yes_no" as const,
      label: "Do you take blood thinners (warfarin, apixaban, aspirin…)?",
      required: true,
      alert: { label: "Anticoagulants", when: ["yes"] },
    },
    {
      key: "conditions",
      type: "multiple" as const,
      label: "Do you have any of these conditions?",
      required: false,
      options: ["Diabetes", "Heart disease", "High blood pressure", "Asthma", "Epilepsy"],
      alert: { label: "Condition", when: ["Heart disease", "Epilepsy"] },
    },
    {
      key: "pregnant",
      type: "yes_no" as const,
      label: "Are you pregnant or could you be?",
      required: false,
      alert: { label: "Pregnancy", when: ["yes"] },
    },
    {
      key: "notes",
      type: "textarea" as const,
      label: "Anything else we should know?",
      required: false,
    },
  ],
};

export async function seedDemoClinical(db: Database): Promise<{ practices: number }> {
  let practices = 0;
  for (const practice of demoPractices) {
    if (practice.kind === "pharmacy") continue;
    const [org] = await db
      .select({ id: organization.id })
      .from(organization)
      .where(eq(organization.slug, practice.slug));
    if (!org) continue;
    const [existing] = await db
      .select({ id: questionnaire.id })
      .from(questionnaire)
      .where(eq(questionnaire.organizationId, org.id))
      .limit(1);
    if (existing) continue;
    const [demoPatient] = await db
      .select({ id: patient.id })
      .from(patient)
      .innerJoin(user, eq(user.id, patient.userId))
      .where(
        and(
          eq(patient.organizationId, org.id),
          eq(user.email, demoEmail("patient", practice.slug)),
        ),
      );
    await asDemoMember(db, org.id, practice.slug, "doctor", async (doctor) => {
      await doctor.questionnaire.create(demoMedicalHistory);
      if (!demoPatient) return;
      const patientId = demoPatient.id;
      if (practice.kind === "dental") {
        const serviceId = async (name: string) => {
          const [row] = await db
            .select({ id: service.id })
            .from(service)
            .where(and(eq(service.organizationId, org.id), eq(service.name, name)));
          return row?.id ?? null;
        };
        const filling = await doctor.chart.addTreatment({
          patientId,
          tooth: "14",
          surfaces: ["M", "O", "D"],
          serviceId: await serviceId("Composite filling"),
          status: "planned",
        });
        await doctor.chart.setTreatmentStatus({ id: filling.id, status: "completed" });
        const rootCanal = await doctor.chart.addTreatment({
          patientId,
          tooth: "3",
          serviceId: await serviceId("Root canal treatment"),
          status: "planned",
        });
        const plan = await doctor.chart.createPlan({
          patientId,
          title: "Upper right molar",
          treatmentIds: [rootCanal.id],
        });
        await doctor.chart.proposePlan({ id: plan.id });
        await doctor.chart.addCondition({
          patientId,
          tooth: "19",
          surfaces: ["O"],
          condition: "caries",
        });
        await doctor.chart.addCondition({ patientId, tooth: "1", condition: "missing" });
        // Billed on an issued invoice, paid at the desk, with part of it handed back.
        const invoice = await doctor.invoice.create({ patientId, treatmentIds: [filling.id] });
        await doctor.invoice.issue({ id: invoice.id });
        await doctor.ledger.recordPayment({
          patientId,
          amountMinor: 100_000,
          method: "cash",
          treatmentId: filling.id,
          invoiceId: invoice.id,
          idempotencyKey: randomUUID(),
        });
        const [paid] = (await doctor.payment.list({ patientId, limit: 1 })).items;
        if (paid) {
          await doctor.payment.refund({
            paymentId: paid.id,
            amountMinor: 10_000,
            reason: "Paid twice for the X-ray",
            idempotencyKey: randomUUID(),
          });
        }
      } else {
        const note = await doctor.consultation.start({ patientId });
        await doctor.consultation.update({
          id: note.id,
          subjective: "Sore throat and fever for two days.",
          objective: "Tonsils swollen with exudate; temperature 38.4 °C.",
          assessment: "Acute tonsillitis.",
          plan: "Antibiotics, fluids, review in a week if not better.",
          systolicMmHg: 118,
          diastolicMmHg: 76,
          pulseBpm: 88,
          temperatureC: 38.4,
          weightKg: 70,
          heightCm: 175,
          diagnoses: [{ description: "Acute tonsillitis", code: "J03.9", codeSystem: "ICD-10" }],
          prescriptions: [
            {
              drug: "Amoxicillin",
              strength: "500 mg",
              dose: "1 capsule",
              frequency: "3 times a day",
              duration: "7 days",
              instructions: "Finish the course even if you feel better.",
            },
          ],
        });
        await doctor.consultation.sign({ id: note.id });
      }
    });
    practices++;
  }
  return { practices };
}
