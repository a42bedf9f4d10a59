// One consultation: the draft's editor (SOAP, vitals with a live BMI, diagnoses, prescriptions,
// attached documents; save, sign, discard), and once signed the read-only note with its
// addenda, "Add addendum" and the printable prescription.
import { errorMessage, trpc, useServerSubmit } from "@caredesk/client";
import { AddendumInput, bodyMassIndex } from "@caredesk/validators";
import {
  Alert,
  Button,
  Card,
  ConfirmDialog,
  LoadingState,
  SelectField,
  TextAreaField,
  TextField,
  useI18n,
} from "@caredesk/ui";
import { zodResolver } from "@hookform/resolvers/zod";
import { getRouteApi, Link, useNavigate } from "@tanstack/react-router";
import { useState, type ReactNode } from "react";
import { useFieldArray, useForm, useWatch, type Path } from "react-hook-form";
import { QueryError } from "../../../components/query-error";
import { fileUrl } from "../../../lib/files";
import { can } from "../../../lib/permissions";
import { useWorkspace, type MyOrganization } from "../../../lib/workspace";
import {
  AddendaList,
  ConsultationRecord,
  ConsultationStatusBadge,
  PrescriptionPrintButton,
  type Consultation,
} from "./consultation-view";
import { PatientRecordFrame, type RecordPatient } from "./record-frame";

const route = getRouteApi("/app/patients/$patientId/consultations/$consultationId");

export function ConsultationPage() {
  const { patientId, consultationId } = route.useParams();
  return (
    <PatientRecordFrame patientId={patientId} tab="consultations" action="consultation.read">
      {({ organization, patient }) => (
        <ConsultationScreen
          organization={organization}
          patient={patient}
          consultationId={consultationId}
        />
      )}
    </PatientRecordFrame>
  );
}

function BackToConsultations({ patientId }: { patientId: string }) {
  const { t } = useI18n();
  return (
    <Link
      to="/app/patients/$patientId/consultations"
      params={{ patientId }}
      className="text-sm text-brand-700 hover:underline"
    >
      {t("consultations.back")}
    </Link>
  );
}

function ConsultationScreen({
  organization,
  patient,
  consultationId,
}: {
  organization: MyOrganization;
  patient: RecordPatient;
  consultationId: string;
}) {
  const { t, formatDateTime } = useI18n();
  const consultation = trpc.consultation.byId.useQuery({ id: consultationId });
  if (consultation.isPending) return <LoadingState />;
  if (consultation.isError || consultation.data.patientId !== patient.id) {
    return (
      <Card>
        <QueryError
          error={consultation.error}
          onRetry={() => void consultation.refetch()}
          retrying={consultation.isRefetching}
          notFoundTitle={t("consultation.notFound.title")}
          notFoundBody={t("consultation.notFound.body")}
          notFoundAction={<BackToConsultations patientId={patient.id} />}
        />
      </Card>
    );
  }
  const c = consultation.data;
  const write = can(organization.role, "consultation.write");
  const title = (
    <span className="flex flex-wrap items-center gap-2">
      {t("consultation.title", { date: formatDateTime(c.startedAt) })}
      <ConsultationStatusBadge status={c.status} />
    </span>
  );
  return (
    <div className="flex flex-col gap-6">
      <div>
        <BackToConsultations patientId={patient.id} />
      </div>
      {c.status === "draft" && write ? (
        <ConsultationEditor key={c.id} organization={organization} consultation={c} title={title} />
      ) : (
        <SignedConsultation
          organization={organization}
          consultation={c}
          title={title}
          write={write}
        />
      )}
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// The signed note

function SignedConsultation({
  organization,
  consultation: c,
  title,
  write,
}: {
  organization: MyOrganization;
  consultation: Consultation;
  title: ReactNode;
  write: boolean;
}) {
  const { t, formatDateTime } = useI18n();
  const author = c.authorName ?? t("consultation.unknownAuthor");
  return (
    <>
      <Card
        title={title}
        description={
          c.signedAt
            ? t("consultation.signedBy", {
                name: c.signedByName ?? t("consultation.unknownAuthor"),
                date: formatDateTime(c.signedAt),
              })
            : t("consultation.writtenBy", { name: author })
        }
        actions={<PrescriptionPrintButton consultation={c} organizationId={organization.id} />}
      >
        {c.status === "signed" && (
          <div className="mb-4">
            <Alert tone="info">{t("consultation.signedLock")}</Alert>
          </div>
        )}
        <ConsultationRecord consultation={c} organizationId={organization.id} />
      </Card>
      {c.status === "signed" && (
        <Card title={t("consultation.addenda")}>
          <div className="flex flex-col gap-4">
            <AddendaList addenda={c.addenda} />
            {write && <AddendumForm consultationId={c.id} />}
          </div>
        </Card>
      )}
    </>
  );
}

const AddendumBody = AddendumInput.pick({ body: true });

function AddendumForm({ consultationId }: { consultationId: string }) {
  const { t } = useI18n();
  const utils = trpc.useUtils();
  const add = trpc.consultation.addAddendum.useMutation();
  const [notice, setNotice] = useState<string | null>(null);
  const form = useForm({ resolver: zodResolver(AddendumBody), defaultValues: { body: "" } });
  const { formError, submit } = useServerSubmit(form, ["body"]);
  const onSubmit = submit(async (values) => {
    setNotice(null);
    const updated = await add.mutateAsync({ consultationId, body: values.body });
    utils.consultation.byId.setData({ id: consultationId }, updated);
    form.reset({ body: "" });
    setNotice(t("consultation.addendum.added"));
  });
  return (
    <form
      noValidate
      onSubmit={onSubmit}
      className="flex flex-col gap-3 border-t border-slate-100 pt-4"
    >
      {formError && <Alert tone="error">{formError}</Alert>}
      {notice && <Alert tone="success">{notice}</Alert>}
      <TextAreaField
        label={t("consultation.addendum.field")}
        description={t("consultation.addendum.hint")}
        rows={3}
        error={form.formState.errors.body?.message}
        {...form.register("body")}
      />
      <div className="flex justify-end">
        <Button type="submit" loading={form.formState.isSubmitting}>
          {t("consultation.addendum.add")}
        </Button>
      </div>
    </form>
  );
}

// ---------------------------------------------------------------------------------------------
// The draft's editor

const vitalFields = [
  "systolicMmHg",
  "diastolicMmHg",
  "pulseBpm",
  "temperatureC",
  "respiratoryRate",
  "oxygenSaturation",
  "weightKg",
  "heightCm",
] as const;
type VitalField = (typeof vitalFields)[number];

const soapFields = ["subjective", "objective", "assessment", "plan"] as const;

type DiagnosisRow = {
  description: string;
  code: string;
  codeSystem: string;
};
type PrescriptionRow = {
  drug: string;
  strength: string;
  dose: string;
  frequency: string;
  duration: string;
  instructions: string;
};

type EditorValues = Record<(typeof soapFields)[number], string> &
  Record<VitalField, string> & {
    diagnoses: DiagnosisRow[];
    prescriptions: PrescriptionRow[];
  };

const emptyDiagnosis: DiagnosisRow = { description: "", code: "", codeSystem: "" };
const emptyPrescription: PrescriptionRow = {
  drug: "",
  strength: "",
  dose: "",
  frequency: "",
  duration: "",
  instructions: "",
};

function valuesOf(c: Consultation): EditorValues {
  const text = (value: string | null) => value ?? "";
  const number = (value: number | null) => (value === null ? "" : String(value));
  return {
    subjective: text(c.subjective),
    objective: text(c.objective),
    assessment: text(c.assessment),
    plan: text(c.plan),
    systolicMmHg: number(c.systolicMmHg),
    diastolicMmHg: number(c.diastolicMmHg),
    pulseBpm: number(c.pulseBpm),
    temperatureC: number(c.temperatureC),
    respiratoryRate: number(c.respiratoryRate),
    oxygenSaturation: number(c.oxygenSaturation),
    weightKg: number(c.weightKg),
    heightCm: number(c.heightCm),
    diagnoses: c.diagnoses.map((d) => ({
      description: d.description,
      code: text(d.code),
      codeSystem: text(d.codeSystem),
    })),
    prescriptions: c.prescriptions.map((p) => ({
      drug: p.drug,
      strength: text(p.strength),
      dose: p.dose,
      frequency: p.frequency,
      duration: text(p.duration),
      instructions: text(p.instructions),
    })),
  };
}

/** A typed number as the api takes it: blank is null; anything else the server judges. */
function measurement(value: string): number | null {
  const trimmed = value.trim().replace(",", ".");
  return trimmed === "" ? null : Number(trimmed);
}

const filled = (row: Record<string, string>) =>
  Object.values(row).some((value) => value.trim() !== "");

function inputOf(id: string, values: EditorValues) {
  return {
    id,
    subjective: values.subjective,
    objective: values.objective,
    assessment: values.assessment,
    plan: values.plan,
    systolicMmHg: measurement(values.systolicMmHg),
    diastolicMmHg: measurement(values.diastolicMmHg),
    pulseBpm: measurement(values.pulseBpm),
    temperatureC: measurement(values.temperatureC),
    respiratoryRate: measurement(values.respiratoryRate),
    oxygenSaturation: measurement(values.oxygenSaturation),
    weightKg: measurement(values.weightKg),
    heightCm: measurement(values.heightCm),
    // Rows left completely blank are dropped rather than refused.
    diagnoses: values.diagnoses.filter(filled),
    prescriptions: values.prescriptions.filter(filled),
  };
}

function ConsultationEditor({
  organization,
  consultation: c,
  title,
}: {
  organization: MyOrganization;
  consultation: Consultation;
  title: ReactNode;
}) {
  const { t } = useI18n();
  const { user } = useWorkspace();
  const utils = trpc.useUtils();
  const navigate = useNavigate();
  const update = trpc.consultation.update.useMutation();
  const sign = trpc.consultation.sign.useMutation();
  const discard = trpc.consultation.discard.useMutation();
  const [notice, setNotice] = useState<string | null>(null);
  const [confirmSign, setConfirmSign] = useState(false);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const form = useForm<EditorValues>({ defaultValues: valuesOf(c) });
  const diagnoses = useFieldArray({ control: form.control, name: "diagnoses" });
  const prescriptions = useFieldArray({ control: form.control, name: "prescriptions" });
  const [weight, height] = useWatch({ control: form.control, name: ["weightKg", "heightCm"] });
  const bmi = bodyMassIndex(measurement(weight), measurement(height));
  const { errors, isSubmitting } = form.formState;

  // Server field errors land on the fields and rows they name ("diagnoses.0.description").
  const fields = [
    ...soapFields,
    ...vitalFields,
    ...diagnoses.fields.flatMap((_, i) =>
      (["description", "code", "codeSystem"] as const).map((f) => `diagnoses.${i}.${f}`),
    ),
    ...prescriptions.fields.flatMap((_, i) =>
      (["drug", "strength", "dose", "frequency", "duration", "instructions"] as const).map(
        (f) => `prescriptions.${i}.${f}`,
      ),
    ),
  ] as Path<EditorValues>[];
  const { formError, submit } = useServerSubmit(form, fields);

  const save = async (values: EditorValues) => {
    const saved = await update.mutateAsync(inputOf(c.id, values));
    utils.consultation.byId.setData({ id: c.id }, saved);
    form.reset(valuesOf(saved));
    return saved;
  };
  const onSave = submit(async (values) => {
    setNotice(null);
    await save(values);
    setNotice(t("consultation.saved"));
  });
  const onSign = submit(async (values) => {
    setConfirmSign(false);
    setNotice(null);
    await save(values);
    const signed = await sign.mutateAsync({ id: c.id });
    utils.consultation.byId.setData({ id: c.id }, signed);
    await utils.consultation.list.invalidate({ patientId: c.patientId });
  });
  const onDiscard = async () => {
    try {
      await discard.mutateAsync({ id: c.id });
      setConfirmDiscard(false);
      await utils.consultation.list.invalidate({ patientId: c.patientId });
      await navigate({
        to: "/app/patients/$patientId/consultations",
        params: { patientId: c.patientId },
      });
    } catch {
      // Shown in the dialog.
    }
  };

  const rowError = (
    list: "diagnoses" | "prescriptions",
    index: number,
    field: string,
  ): string | undefined => {
    const rows = errors[list] as unknown as
      (Record<string, { message?: string } | undefined> | undefined)[] | undefined;
    return rows?.[index]?.[field]?.message;
  };

  return (
    <form noValidate onSubmit={onSave} className="flex flex-col gap-6">
      <Card title={title} description={t("consultation.draftLead")}>
        <div className="flex flex-col gap-4">
          {formError && <Alert tone="error">{formError}</Alert>}
          {notice && <Alert tone="success">{notice}</Alert>}
          <h3 className="text-sm font-semibold text-slate-900">{t("consultation.soap")}</h3>
          <TextAreaField
            label={t("consultation.field.subjective")}
            description={t("consultation.field.subjectiveHint")}
            rows={3}
            error={errors.subjective?.message}
            {...form.register("subjective")}
          />
          <TextAreaField
            label={t("consultation.field.objective")}
            description={t("consultation.field.objectiveHint")}
            rows={3}
            error={errors.objective?.message}
            {...form.register("objective")}
          />
          <TextAreaField
            label={t("consultation.field.assessment")}
            rows={2}
            error={errors.assessment?.message}
            {...form.register("assessment")}
          />
          <TextAreaField
            label={t("consultation.field.plan")}
            rows={2}
            error={errors.plan?.message}
            {...form.register("plan")}
          />
        </div>
      </Card>

      <Card title={t("consultation.vitals")}>
        <div className="grid grid-cols-2 gap-4 sm:grid-cols-4">
          {vitalFields.map((field) => (
            <TextField
              key={field}
              label={t(`consultation.field.${field}`)}
              inputMode="decimal"
              autoComplete="off"
              error={errors[field]?.message}
              {...form.register(field)}
            />
          ))}
        </div>
        <p className="mt-4 text-sm text-slate-700" aria-live="polite" data-testid="bmi">
          {bmi === null
            ? t("consultation.bmiNone")
            : t("consultation.bmiValue", { value: String(bmi) })}
        </p>
      </Card>

      <Card
        title={t("consultation.diagnoses")}
        actions={
          <Button variant="secondary" size="sm" onClick={() => diagnoses.append(emptyDiagnosis)}>
            {t("consultation.diagnosis.add")}
          </Button>
        }
      >
        {diagnoses.fields.length === 0 ? (
          <p className="text-sm text-slate-500">{t("consultation.diagnosis.none")}</p>
        ) : (
          <ol className="flex flex-col gap-4">
            {diagnoses.fields.map((row, i) => (
              <li key={row.id} className="grid items-start gap-3 sm:grid-cols-[1fr_8rem_8rem_auto]">
                <TextField
                  label={t("consultation.field.description")}
                  autoComplete="off"
                  error={rowError("diagnoses", i, "description")}
                  {...form.register(`diagnoses.${i}.description`)}
                />
                <TextField
                  label={t("consultation.field.code")}
                  autoComplete="off"
                  error={rowError("diagnoses", i, "code")}
                  {...form.register(`diagnoses.${i}.code`)}
                />
                <TextField
                  label={t("consultation.field.codeSystem")}
                  autoComplete="off"
                  placeholder="ICD-10"
                  error={rowError("diagnoses", i, "codeSystem")}
                  {...form.register(`diagnoses.${i}.codeSystem`)}
                />
                <Button
                  variant="ghost-danger"
                  size="sm"
                  className="sm:mt-7"
                  aria-label={t("consultation.diagnosis.remove", { number: String(i + 1) })}
                  onClick={() => diagnoses.remove(i)}
                >
                  ✕
                </Button>
              </li>
            ))}
          </ol>
        )}
      </Card>

      <Card
        title={t("consultation.prescriptions")}
        actions={
          <Button
            variant="secondary"
            size="sm"
            onClick={() => prescriptions.append(emptyPrescription)}
          >
            {t("consultation.prescription.add")}
          </Button>
        }
      >
        {prescriptions.fields.length === 0 ? (
          <p className="text-sm text-slate-500">{t("consultation.prescription.none")}</p>
        ) : (
          <ol className="flex flex-col gap-6">
            {prescriptions.fields.map((row, i) => (
              <li key={row.id} className="flex flex-col gap-3 border-b border-slate-100 pb-4">
                <div className="grid items-start gap-3 sm:grid-cols-3">
                  <TextField
                    label={t("consultation.field.drug")}
                    autoComplete="off"
                    error={rowError("prescriptions", i, "drug")}
                    {...form.register(`prescriptions.${i}.drug`)}
                  />
                  <TextField
                    label={t("consultation.field.strength")}
                    autoComplete="off"
                    error={rowError("prescriptions", i, "strength")}
                    {...form.register(`prescriptions.${i}.strength`)}
                  />
                  <TextField
                    label={t("consultation.field.dose")}
                    autoComplete="off"
                    error={rowError("prescriptions", i, "dose")}
                    {...form.register(`prescriptions.${i}.dose`)}
                  />
                  <TextField
                    label={t("consultation.field.frequency")}
                    autoComplete="off"
                    error={rowError("prescriptions", i, "frequency")}
                    {...form.register(`prescriptions.${i}.frequency`)}
                  />
                  <TextField
                    label={t("consultation.field.duration")}
                    autoComplete="off"
                    error={rowError("prescriptions", i, "duration")}
                    {...form.register(`prescriptions.${i}.duration`)}
                  />
                </div>
                <TextAreaField
                  label={t("consultation.field.instructions")}
                  rows={2}
                  error={rowError("prescriptions", i, "instructions")}
                  {...form.register(`prescriptions.${i}.instructions`)}
                />
                <div className="flex justify-end">
                  <Button variant="ghost-danger" size="sm" onClick={() => prescriptions.remove(i)}>
                    {t("consultation.prescription.remove", { number: String(i + 1) })}
                  </Button>
                </div>
              </li>
            ))}
          </ol>
        )}
      </Card>

      <AttachedDocuments organization={organization} consultation={c} />

      <div className="flex flex-wrap justify-between gap-2">
        {c.authorUserId === user.id ? (
          <Button variant="ghost-danger" onClick={() => setConfirmDiscard(true)}>
            {t("consultation.discard")}
          </Button>
        ) : (
          <span />
        )}
        <div className="flex gap-2">
          <Button type="submit" variant="secondary" loading={isSubmitting && !confirmSign}>
            {t("consultation.save")}
          </Button>
          <Button onClick={() => setConfirmSign(true)} disabled={isSubmitting}>
            {t("consultation.sign")}
          </Button>
        </div>
      </div>

      <ConfirmDialog
        open={confirmSign}
        tone="primary"
        title={t("consultation.sign.title")}
        description={t("consultation.sign.body")}
        confirmLabel={t("consultation.sign.confirm")}
        pending={isSubmitting}
        onConfirm={() => void onSign()}
        onCancel={() => setConfirmSign(false)}
      />
      <ConfirmDialog
        open={confirmDiscard}
        title={t("consultation.discard.title")}
        description={t("consultation.discard.body")}
        confirmLabel={t("consultation.discard.confirm")}
        pending={discard.isPending}
        error={discard.isError ? errorMessage(discard.error, t("ui.error.unknown")) : null}
        onConfirm={() => void onDiscard()}
        onCancel={() => setConfirmDiscard(false)}
      />
    </form>
  );
}

/** The draft's attached documents, and a picker of the patient's other documents. */
function AttachedDocuments({
  organization,
  consultation: c,
}: {
  organization: MyOrganization;
  consultation: Consultation;
}) {
  const { t } = useI18n();
  const utils = trpc.useUtils();
  const readDocuments = can(organization.role, "document.read");
  const documents = trpc.document.list.useQuery(
    { patientId: c.patientId, limit: 100 },
    { enabled: readDocuments },
  );
  const [chosen, setChosen] = useState("");
  const onChanged = (updated: Consultation) =>
    utils.consultation.byId.setData({ id: c.id }, updated);
  const attach = trpc.consultation.attachDocument.useMutation({ onSuccess: onChanged });
  const detach = trpc.consultation.detachDocument.useMutation({ onSuccess: onChanged });
  const attachedIds = new Set(c.documents.map((d) => d.documentId));
  const available = (documents.data?.items ?? []).filter((d) => !attachedIds.has(d.id));
  const failure = attach.error ?? detach.error;

  return (
    <Card title={t("consultation.documents")}>
      <div className="flex flex-col gap-4">
        {failure && <Alert tone="error">{errorMessage(failure, t("ui.error.unknown"))}</Alert>}
        {c.documents.length === 0 ? (
          <p className="text-sm text-slate-500">{t("consultation.documents.none")}</p>
        ) : (
          <ul className="flex flex-col gap-2 text-sm">
            {c.documents.map((d) => (
              <li key={d.documentId} className="flex items-center justify-between gap-2">
                <a
                  href={fileUrl(organization.id, d.fileId)}
                  className="text-brand-700 hover:underline"
                >
                  {d.title}
                </a>
                <Button
                  variant="ghost-danger"
                  size="sm"
                  loading={detach.isPending && detach.variables.documentId === d.documentId}
                  onClick={() => detach.mutate({ consultationId: c.id, documentId: d.documentId })}
                >
                  {t("consultation.documents.detach", { title: d.title })}
                </Button>
              </li>
            ))}
          </ul>
        )}
        {readDocuments &&
          (documents.isPending ? (
            <LoadingState />
          ) : available.length === 0 ? (
            <p className="text-sm text-slate-500">{t("consultation.documents.noneToAttach")}</p>
          ) : (
            <div className="flex flex-wrap items-end gap-2">
              <SelectField
                label={t("consultation.documents.choose")}
                containerClassName="w-72"
                value={chosen}
                onChange={(e) => setChosen(e.target.value)}
                options={[
                  { value: "", label: t("consultation.documents.choosePlaceholder") },
                  ...available.map((d) => ({ value: d.id, label: d.title })),
                ]}
              />
              <Button
                variant="secondary"
                disabled={!chosen}
                loading={attach.isPending}
                onClick={() => {
                  attach.mutate(
                    { consultationId: c.id, documentId: chosen },
                    { onSuccess: () => setChosen("") },
                  );
                }}
              >
                {t("consultation.documents.attach")}
              </Button>
            </div>
          ))}
      </div>
    </Card>
  );
}
