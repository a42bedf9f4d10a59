// Pieces the import screens share: the labels of kinds, statuses and fields, the status badge,
// the wizard's step list, the figures row and the link to an import's error file.
import type { RouterOutputs } from "@caredesk/api";
import { importErrorsHref } from "@caredesk/client";
import type { ImportKind, ImportStatus } from "@caredesk/validators";
import {
  Badge,
  Button,
  buttonClasses,
  cn,
  useI18n,
  useT,
  type BadgeTone,
  type MessageKey,
} from "@caredesk/ui";
import { Link } from "@tanstack/react-router";

export type ImportView = RouterOutputs["dataImport"]["byId"];
export type ImportSummary = RouterOutputs["dataImport"]["list"]["items"][number];

export const kindLabels: Record<ImportKind, MessageKey> = {
  patients: "import.kind.patients",
  appointments: "import.kind.appointments",
  services: "import.kind.services",
  practitioners: "import.kind.practitioners",
  products: "import.kind.products",
};

const statusLabels: Record<ImportStatus, { label: MessageKey; tone: BadgeTone }> = {
  uploaded: { label: "import.status.uploaded", tone: "neutral" },
  checked: { label: "import.status.checked", tone: "brand" },
  queued: { label: "import.status.queued", tone: "warning" },
  running: { label: "import.status.running", tone: "warning" },
  completed: { label: "import.status.completed", tone: "success" },
  failed: { label: "import.status.failed", tone: "danger" },
};

/** Whether the background job has yet to finish (the screen polls while it has). */
export function inProgress(status: ImportStatus): boolean {
  return status === "queued" || status === "running";
}

export function StatusBadge({ status }: { status: ImportStatus }) {
  const t = useT();
  const { label, tone } = statusLabels[status];
  return <Badge tone={tone}>{t(label)}</Badge>;
}

/** Each field a kind reads, by the key the API names it with. */
const fieldLabels: Partial<Record<string, MessageKey>> = {
  firstName: "import.field.firstName",
  lastName: "import.field.lastName",
  mobile: "import.field.mobile",
  email: "import.field.email",
  dateOfBirth: "import.field.dateOfBirth",
  sex: "import.field.sex",
  address: "import.field.address",
  notes: "import.field.notes",
  patientMobile: "import.field.patientMobile",
  start: "import.field.start",
  service: "import.field.service",
  practitioner: "import.field.practitioner",
  status: "import.field.status",
  name: "import.field.name",
  durationMinutes: "import.field.durationMinutes",
  price: "import.field.price",
  currency: "import.field.currency",
  description: "import.field.description",
  colour: "import.field.colour",
  title: "import.field.title",
  specialization: "import.field.specialization",
  phone: "import.field.phone",
  yearsOfExperience: "import.field.yearsOfExperience",
  bio: "import.field.bio",
  sku: "import.field.sku",
  barcode: "import.field.barcode",
  genericName: "import.field.genericName",
  form: "import.field.form",
  strength: "import.field.strength",
  category: "import.field.category",
  taxBps: "import.field.taxBps",
  prescriptionOnly: "import.field.prescriptionOnly",
  controlled: "import.field.controlled",
  reorderLevel: "import.field.reorderLevel",
};

/** A field's name as a person reads it; a field this screen does not know keeps its key. */
export function useFieldLabel(): (key: string) => string {
  const t = useT();
  return (key) => {
    const label = fieldLabels[key];
    return label ? t(label) : key;
  };
}

export type Step = "file" | "mapping" | "check" | "commit" | "summary";
const steps: { step: Step; label: MessageKey }[] = [
  { step: "file", label: "import.step.file" },
  { step: "mapping", label: "import.step.mapping" },
  { step: "check", label: "import.step.check" },
  { step: "commit", label: "import.step.commit" },
  { step: "summary", label: "import.step.summary" },
];

/** Where the wizard stands: the steps before the current one are done. */
export function Steps({ current }: { current: Step }) {
  const t = useT();
  const index = steps.findIndex((s) => s.step === current);
  return (
    <nav aria-label={t("import.steps")} className="mb-6">
      <ol className="flex flex-wrap gap-2 text-sm">
        {steps.map((s, i) => (
          <li
            key={s.step}
            aria-current={i === index ? "step" : undefined}
            className={cn(
              "flex items-center gap-2 rounded-full px-3 py-1",
              i === index
                ? "bg-brand-600 font-medium text-white"
                : i < index
                  ? "bg-brand-50 text-brand-800"
                  : "bg-slate-100 text-slate-600",
            )}
          >
            <span aria-hidden="true" className="tabular-nums">
              {i + 1}.
            </span>
            {t(s.label)}
            {i < index && <span className="sr-only">({t("import.step.done")})</span>}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** A row of labelled counts ("Will be created 97"), each findable by its label. */
export function Figures({
  figures,
}: {
  figures: { label: string; value: number; tone?: "danger" | "success" }[];
}) {
  const { formatNumber } = useI18n();
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
      {figures.map((figure) => (
        <div
          key={figure.label}
          className="rounded-lg border border-slate-200 px-4 py-3"
          data-testid="import-figure"
        >
          <dt className="text-xs text-slate-600">{figure.label}</dt>
          <dd
            className={cn(
              "text-2xl font-semibold tabular-nums",
              figure.tone === "danger" && figure.value > 0 ? "text-red-700" : "text-slate-900",
              figure.tone === "success" && "text-emerald-700",
            )}
          >
            {formatNumber(figure.value)}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The CSV of every refused row (the file's own columns, its line and the error), to fix. */
export function ErrorFileLink({
  organizationId,
  importId,
}: {
  organizationId: string;
  importId: string;
}) {
  const t = useT();
  return (
    <a
      href={importErrorsHref(organizationId, importId)}
      download
      className={buttonClasses("secondary", "sm")}
    >
      {t("import.errorsFile")}
    </a>
  );
}

/**
 * A wizard step's form buttons: submit, and back to the list of imports (or the step's own
 * cancel, when it is given).
 */
export function FormActions({
  submitLabel,
  loading,
  onCancel,
}: {
  submitLabel: string;
  loading: boolean;
  onCancel?: (() => void) | null;
}) {
  const t = useT();
  return (
    <div className="flex flex-wrap gap-2">
      <Button type="submit" loading={loading}>
        {submitLabel}
      </Button>
      {onCancel ? (
        <Button type="button" variant="secondary" onClick={onCancel}>
          {t("ui.cancel")}
        </Button>
      ) : (
        <Link to="/app/import" className={buttonClasses("secondary")}>
          {t("import.cancel")}
        </Link>
      )}
    </div>
  );
}
