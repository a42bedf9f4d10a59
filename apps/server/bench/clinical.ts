// A dental patient's record at the size a long-standing patient reaches: 300 treatments across
// the mouth (most completed, each with its charge), 40 desk payments, 20 signed medical-history
// forms. Loading the chart and the ledger goes through their real procedures (session,
// membership, permission, the record-read entry they write), as the chart screen calls them.
import { createHash } from "node:crypto";
import { appRouter, createCallerFactory, createContextInner } from "@caredesk/api";
import { validateSessionToken } from "@caredesk/auth";
import { schema, type DbHandle } from "@caredesk/db";
import { createBenchPractice } from "./fixture";
import { quantile, writeResult } from "./lib";

const statuses = [
  "completed",
  "completed",
  "completed",
  "planned",
  "existing",
  "in_progress",
] as const;
const posterior = new Set([
  1, 2, 3, 4, 5, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 28, 29, 30, 31, 32,
]);

export async function benchClinical(
  database: DbHandle,
  options: { treatments?: number; payments?: number; submissions?: number; rounds?: number } = {},
) {
  const treatments = options.treatments ?? 300;
  const payments = options.payments ?? 40;
  const submissions = options.submissions ?? 20;
  const rounds = options.rounds ?? 200;
  const { db } = database;
  const practice = await createBenchPractice(database, { resources: 1, patients: 1 });
  const organizationId = practice.organizationId;
  const patientId = practice.patientIds[0];
  if (!patientId) throw new Error("no patient");
  try {
    const day = (daysAgo: number) =>
      new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);

    // Treatments: every tooth, surfaces it has, a spread of statuses and dates over two years.
    const treatmentRows = await db
      .insert(schema.treatment)
      .values(
        Array.from({ length: treatments }, (_, i) => {
          const tooth = 1 + (i % 32);
          const status = statuses[i % statuses.length] ?? "planned";
          const priceMinor = 5_000 + (i % 7) * 2_500;
          return {
            organizationId,
            patientId,
            tooth: String(tooth),
            surfaces: posterior.has(tooth) ? ["M", "O", "D"] : ["M", "I"],
            serviceId: practice.serviceId,
            description: `Bench procedure ${i + 1}`,
            priceMinor,
            discountMinor: i % 5 === 0 ? 500 : 0,
            status,
            performedOn: day(730 - i * 2),
            completedAt:
              status === "completed" ? new Date(Date.now() - (730 - i * 2) * 86_400_000) : null,
          };
        }),
      )
      .returning({
        id: schema.treatment.id,
        status: schema.treatment.status,
        priceMinor: schema.treatment.priceMinor,
        discountMinor: schema.treatment.discountMinor,
        performedOn: schema.treatment.performedOn,
      });
    const completed = treatmentRows.filter((t) => t.status === "completed");
    await db.insert(schema.ledgerEntry).values([
      ...completed.map((t) => ({
        organizationId,
        patientId,
        kind: "charge" as const,
        amountMinor: t.priceMinor - t.discountMinor,
        currency: "GBP",
        treatmentId: t.id,
        description: "Bench charge",
        effectiveOn: t.performedOn ?? day(0),
      })),
      ...Array.from({ length: payments }, (_, i) => ({
        organizationId,
        patientId,
        kind: "payment" as const,
        amountMinor: -(10_000 + (i % 4) * 5_000),
        currency: "GBP",
        method: i % 2 === 0 ? ("cash" as const) : ("card_terminal" as const),
        description: "Bench payment",
        effectiveOn: day(720 - i * 18),
      })),
    ]);

    // Signed forms: one questionnaire version, a request and a submission with its files each.
    const [questionnaire] = await db
      .insert(schema.questionnaire)
      .values({ organizationId, title: "Medical history", currentVersion: 1 })
      .returning({ id: schema.questionnaire.id });
    if (!questionnaire) throw new Error("no questionnaire");
    // The shape the form builder publishes (validators' QuestionnaireQuestion).
    const questions = [
      {
        key: "allergy",
        type: "yes_no",
        label: "Are you allergic to any medicine?",
        required: true,
        alert: { label: "Allergy", when: ["yes"] },
      },
      {
        key: "which",
        type: "text",
        label: "Which?",
        required: true,
        showIf: { questionKey: "allergy", equals: "yes" },
      },
    ];
    const [version] = await db
      .insert(schema.questionnaireVersion)
      .values({
        organizationId,
        questionnaireId: questionnaire.id,
        version: 1,
        title: "Medical history",
        questions,
        contentHash: createHash("sha256").update(JSON.stringify(questions)).digest("hex"),
      })
      .returning({ id: schema.questionnaireVersion.id });
    if (!version) throw new Error("no version");
    for (let i = 0; i < submissions; i++) {
      const [request] = await db
        .insert(schema.formRequest)
        .values({
          organizationId,
          patientId,
          questionnaireVersionId: version.id,
          channel: "email",
          expiresAt: new Date(Date.now() + 7 * 86_400_000),
          submittedAt: new Date(),
        })
        .returning({ id: schema.formRequest.id });
      const files = await db
        .insert(schema.file)
        .values(
          (["signature", "form"] as const).map((purpose) => ({
            organizationId,
            storageKey: `${organizationId}/bench/${purpose}-${i}-${Math.random().toString(36).slice(2)}`,
            mimeType: purpose === "form" ? "application/pdf" : "image/png",
            sizeBytes: 1000,
            sha256: "0".repeat(64),
            originalName: `${purpose}.bin`,
            purpose,
          })),
        )
        .returning({ id: schema.file.id });
      const [signature, pdf] = files;
      if (!request || !signature || !pdf) throw new Error("no form rows");
      const [document] = await db
        .insert(schema.document)
        .values({
          organizationId,
          patientId,
          fileId: pdf.id,
          kind: "medical_record",
          title: "Medical history",
        })
        .returning({ id: schema.document.id });
      if (!document) throw new Error("no document");
      await db.insert(schema.formSubmission).values({
        organizationId,
        formRequestId: request.id,
        patientId,
        questionnaireVersionId: version.id,
        contentHash: "0".repeat(64),
        answers: { allergy: true, which: "Penicillin" },
        dateOfBirth: "1980-01-01",
        signatureFileId: signature.id,
        signedAt: new Date(),
        alerts: ["Allergy: Penicillin"],
        pdfFileId: pdf.id,
        pdfSha256: "0".repeat(64),
        documentId: document.id,
      });
    }

    const auth = await validateSessionToken(db, practice.ownerToken);
    const caller = createCallerFactory(appRouter)(createContextInner({ db, auth, organizationId }));
    const time = async (call: () => Promise<unknown>) => {
      const started = performance.now();
      await call();
      return performance.now() - started;
    };
    for (let i = 0; i < 20; i++) {
      await caller.chart.get({ patientId });
      await caller.ledger.get({ patientId });
    }
    const chart: number[] = [];
    const ledger: number[] = [];
    // Alternated, so drift of the machine hits both alike.
    for (let i = 0; i < rounds; i++) {
      chart.push(await time(() => caller.chart.get({ patientId })));
      ledger.push(await time(() => caller.ledger.get({ patientId })));
    }
    const result = {
      database: database.kind,
      treatments,
      submissions,
      chart_p50_ms: quantile(chart, 0.5),
      chart_p95_ms: quantile(chart, 0.95),
      ledger_p50_ms: quantile(ledger, 0.5),
    };
    writeResult("clinical", result);
    return result;
  } finally {
    await practice.cleanup();
  }
}
