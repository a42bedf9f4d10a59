import type { RouterOutputs } from "@caredesk/api";
import { trpc, useServerSubmit } from "@caredesk/client";
import { PatientCreateInput, patientSexes } from "@caredesk/validators";
import { Alert, Button, SelectField, TextAreaField, TextField, useI18n } from "@caredesk/ui";
import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { todayIso } from "../../../lib/dates";

type Patient = RouterOutputs["patient"]["byId"];

const fields = [
  "firstName",
  "lastName",
  "mobile",
  "email",
  "dateOfBirth",
  "sex",
  "address",
  "notes",
] as const;

export function PatientForm({
  patient,
  onSaved,
  onCancel,
}: {
  patient: Patient | null;
  onSaved: (saved: Patient) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const utils = trpc.useUtils();
  const create = trpc.patient.create.useMutation();
  const update = trpc.patient.update.useMutation();
  const form = useForm({
    resolver: zodResolver(PatientCreateInput),
    defaultValues: {
      firstName: patient?.firstName ?? "",
      lastName: patient?.lastName ?? "",
      mobile: patient?.mobile ?? "",
      email: patient?.email ?? "",
      dateOfBirth: patient?.dateOfBirth ?? "",
      sex: patient?.sex ?? "unknown",
      address: patient?.address ?? "",
      notes: patient?.notes ?? "",
    },
  });
  const { errors, isSubmitting } = form.formState;
  const { formError, submit } = useServerSubmit(form, fields);

  const onSubmit = submit(async (values) => {
    const saved = patient
      ? await update.mutateAsync({ ...values, id: patient.id })
      : await create.mutateAsync(values);
    await utils.patient.invalidate();
    onSaved(saved);
  });

  return (
    <form noValidate onSubmit={onSubmit} className="flex flex-col gap-4">
      {formError && <Alert tone="error">{formError}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label={t("patients.field.firstName")}
          autoComplete="off"
          error={errors.firstName?.message}
          {...form.register("firstName")}
        />
        <TextField
          label={t("patients.field.lastName")}
          autoComplete="off"
          error={errors.lastName?.message}
          {...form.register("lastName")}
        />
        <TextField
          label={t("patients.field.mobile")}
          type="tel"
          autoComplete="off"
          description={t("patients.field.mobileHint")}
          error={errors.mobile?.message}
          {...form.register("mobile")}
        />
        <TextField
          label={t("patients.field.email")}
          type="email"
          autoComplete="off"
          error={errors.email?.message}
          {...form.register("email")}
        />
        <TextField
          label={t("patients.field.dateOfBirth")}
          type="date"
          max={todayIso()}
          error={errors.dateOfBirth?.message}
          {...form.register("dateOfBirth")}
        />
        <SelectField
          label={t("patients.field.sex")}
          options={patientSexes.map((s) => ({ value: s, label: t(`patients.sex.${s}`) }))}
          error={errors.sex?.message}
          {...form.register("sex")}
        />
      </div>
      <TextAreaField
        label={t("patients.field.address")}
        rows={2}
        error={errors.address?.message}
        {...form.register("address")}
      />
      <TextAreaField
        label={t("patients.field.notes")}
        description={t("patients.field.notesHint")}
        error={errors.notes?.message}
        {...form.register("notes")}
      />
      <div className="flex justify-end gap-2 border-t border-slate-100 pt-4">
        <Button variant="secondary" onClick={onCancel} disabled={isSubmitting}>
          {t("ui.cancel")}
        </Button>
        <Button type="submit" loading={isSubmitting}>
          {patient ? t("common.save") : t("patients.create")}
        </Button>
      </div>
    </form>
  );
}
