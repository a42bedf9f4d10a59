// A consultation as it reads once signed (the staff's read-only view and the portal), its
// addenda, and the printable prescription.
import type { RouterOutputs } from "@caredesk/api";
import { Badge, Button, Dialog, useI18n } from "@caredesk/ui";
import { useState, type ReactNode } from "react";
import { PrintCopy } from "../../../components/print-copy";
import { fileUrl } from "../../../lib/files";
import { parseIsoDate } from "../../../lib/dates";

export type Consultation = RouterOutputs["consultation"]["byId"];

export function ConsultationStatusBadge({ status }: { status: "draft" | "signed" }) {
  const { t } = useI18n();
  return status === "signed" ? (
    <Badge tone="success">{t("consultations.status.signed")}</Badge>
  ) : (
    <Badge tone="warning">{t("consultations.status.draft")}</Badge>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="flex flex-col gap-2">
      <h3 className="text-sm font-semibold text-slate-900">{title}</h3>
      {children}
    </section>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">{label}</dt>
      <dd className="mt-1 text-sm break-words whitespace-pre-line text-slate-900">{children}</dd>
    </div>
  );
}

/** "Amoxicillin 500 mg — 1 capsule, three times a day, for 10 days". */
export function prescriptionLine(p: Consultation["prescriptions"][number]): string {
  const what = [p.drug, p.strength].filter(Boolean).join(" ");
  const how = [p.dose, p.frequency, p.duration].filter(Boolean).join(", ");
  return `${what} — ${how}`;
}

/** The whole note, read-only: SOAP, vitals, diagnoses, prescriptions, attached documents. */
export function ConsultationRecord({
  consultation: c,
  organizationId,
}: {
  consultation: Consultation;
  organizationId: string;
}) {
  const { t } = useI18n();
  const soap = (["subjective", "objective", "assessment", "plan"] as const).filter((f) => c[f]);
  const vitals: [string, string][] = [];
  if (c.systolicMmHg !== null || c.diastolicMmHg !== null) {
    vitals.push([
      t("consultation.bloodPressure"),
      `${c.systolicMmHg ?? "–"}/${c.diastolicMmHg ?? "–"} mmHg`,
    ]);
  }
  if (c.pulseBpm !== null) vitals.push([t("consultation.field.pulseBpm"), String(c.pulseBpm)]);
  if (c.temperatureC !== null) {
    vitals.push([t("consultation.field.temperatureC"), String(c.temperatureC)]);
  }
  if (c.respiratoryRate !== null) {
    vitals.push([t("consultation.field.respiratoryRate"), String(c.respiratoryRate)]);
  }
  if (c.oxygenSaturation !== null) {
    vitals.push([t("consultation.field.oxygenSaturation"), String(c.oxygenSaturation)]);
  }
  if (c.weightKg !== null) vitals.push([t("consultation.field.weightKg"), String(c.weightKg)]);
  if (c.heightCm !== null) vitals.push([t("consultation.field.heightCm"), String(c.heightCm)]);
  if (c.bmi !== null) vitals.push([t("consultation.bmi"), String(c.bmi)]);

  return (
    <div className="flex flex-col gap-6">
      {soap.length > 0 && (
        <dl className="grid gap-4 sm:grid-cols-2">
          {soap.map((field) => (
            <Fact key={field} label={t(`consultation.field.${field}`)}>
              {c[field]}
            </Fact>
          ))}
        </dl>
      )}
      <Section title={t("consultation.vitals")}>
        {vitals.length === 0 ? (
          <p className="text-sm text-slate-500">{t("consultation.noVitals")}</p>
        ) : (
          <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
            {vitals.map(([label, value]) => (
              <Fact key={label} label={label}>
                {value}
              </Fact>
            ))}
          </dl>
        )}
      </Section>
      <Section title={t("consultation.diagnoses")}>
        {c.diagnoses.length === 0 ? (
          <p className="text-sm text-slate-500">{t("consultation.diagnosis.none")}</p>
        ) : (
          <ul className="list-disc ps-5 text-sm text-slate-900">
            {c.diagnoses.map((d) => (
              <li key={d.id}>
                {d.description}
                {d.code && (
                  <span className="ms-2 text-slate-500">
                    {[d.codeSystem, d.code].filter(Boolean).join(" ")}
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title={t("consultation.prescriptions")}>
        {c.prescriptions.length === 0 ? (
          <p className="text-sm text-slate-500">{t("consultation.prescription.none")}</p>
        ) : (
          <ul className="flex flex-col gap-1 text-sm text-slate-900">
            {c.prescriptions.map((p) => (
              <li key={p.id}>
                <span className="font-medium">{prescriptionLine(p)}</span>
                {p.instructions && <span className="block text-slate-600">{p.instructions}</span>}
              </li>
            ))}
          </ul>
        )}
      </Section>
      {c.documents.length > 0 && (
        <Section title={t("consultation.documents")}>
          <ul className="flex flex-col gap-1 text-sm">
            {c.documents.map((d) => (
              <li key={d.documentId}>
                <a
                  href={fileUrl(organizationId, d.fileId)}
                  className="text-brand-700 hover:underline"
                >
                  {d.title}
                </a>
              </li>
            ))}
          </ul>
        </Section>
      )}
    </div>
  );
}

/** Addenda, oldest first, each with its author and time. */
export function AddendaList({ addenda }: { addenda: Consultation["addenda"] }) {
  const { t, formatDateTime } = useI18n();
  if (addenda.length === 0) {
    return <p className="text-sm text-slate-500">{t("consultation.addenda.none")}</p>;
  }
  return (
    <ol className="flex flex-col gap-3" aria-label={t("consultation.addenda")}>
      {addenda.map((a) => (
        <li key={a.id} className="rounded-lg border border-slate-200 bg-slate-50 px-4 py-3">
          <p className="text-sm whitespace-pre-line text-slate-900">{a.body}</p>
          <p className="mt-2 text-xs text-slate-500">
            {t("consultation.addendum.by", {
              name: a.authorName ?? t("consultation.unknownAuthor"),
              date: formatDateTime(a.createdAt),
            })}
          </p>
        </li>
      ))}
    </ol>
  );
}

/** "Print prescription": a preview of the sheet, and the browser's print of only that. */
export function PrescriptionPrintButton({
  consultation: c,
  organizationId,
}: {
  consultation: Consultation;
  organizationId: string;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  if (c.status !== "signed" || c.prescriptions.length === 0) return null;
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        {t("consultation.print")}
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={t("consultation.print.title")}
        size="lg"
        footer={
          <>
            <Button variant="secondary" onClick={() => setOpen(false)}>
              {t("ui.close")}
            </Button>
            <Button onClick={() => window.print()}>{t("consultation.print.action")}</Button>
          </>
        }
      >
        <PrescriptionSheet consultation={c} organizationId={organizationId} />
      </Dialog>
      {open && (
        <PrintCopy testId="prescription-print">
          <PrescriptionSheet consultation={c} organizationId={organizationId} />
        </PrintCopy>
      )}
    </>
  );
}

function PrescriptionSheet({
  consultation: c,
  organizationId,
}: {
  consultation: Consultation;
  organizationId: string;
}) {
  const { t, formatDate } = useI18n();
  const [logoFailed, setLogoFailed] = useState(false);
  const born = c.patient.dateOfBirth ? parseIsoDate(c.patient.dateOfBirth) : null;
  const prescriber =
    [c.practitionerTitle, c.practitionerName].filter(Boolean).join(" ") ||
    c.signedByName ||
    c.authorName ||
    "";
  return (
    <article className="flex flex-col gap-5 rounded-lg border border-slate-200 p-6 text-slate-900">
      <header className="flex items-center justify-between gap-4 border-b border-slate-200 pb-4">
        <p className="text-xl font-semibold">{c.practice.name}</p>
        {c.practice.logoFileId && !logoFailed && (
          <img
            src={fileUrl(organizationId, c.practice.logoFileId, { inline: true })}
            alt=""
            className="max-h-16 max-w-40 object-contain"
            onError={() => setLogoFailed(true)}
          />
        )}
      </header>
      <dl className="grid gap-3 text-sm sm:grid-cols-3">
        <div>
          <dt className="text-xs text-slate-500 uppercase">{t("consultation.print.patient")}</dt>
          <dd className="font-medium">
            {c.patient.firstName} {c.patient.lastName}
          </dd>
          {born && (
            <dd className="text-slate-600">
              {t("consultation.print.born", { date: formatDate(born) })}
            </dd>
          )}
        </div>
        <div>
          <dt className="text-xs text-slate-500 uppercase">{t("consultation.print.date")}</dt>
          <dd className="font-medium">{formatDate(c.signedAt ?? c.startedAt)}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500 uppercase">{t("consultation.print.prescriber")}</dt>
          <dd className="font-medium">{prescriber}</dd>
        </div>
      </dl>
      <div>
        <p className="mb-2 text-2xl font-semibold italic" aria-hidden="true">
          {t("consultation.print.rx")}
        </p>
        <ol className="flex list-decimal flex-col gap-3 ps-6">
          {c.prescriptions.map((p) => (
            <li key={p.id}>
              <p className="font-medium">{[p.drug, p.strength].filter(Boolean).join(" ")}</p>
              <p className="text-sm">
                {[p.dose, p.frequency, p.duration].filter(Boolean).join(" · ")}
              </p>
              {p.instructions && <p className="text-sm text-slate-600">{p.instructions}</p>}
            </li>
          ))}
        </ol>
      </div>
      <footer className="mt-6 flex justify-end">
        <div className="w-56 border-t border-slate-400 pt-1 text-center text-xs text-slate-500">
          {t("consultation.print.signature")}
        </div>
      </footer>
    </article>
  );
}
