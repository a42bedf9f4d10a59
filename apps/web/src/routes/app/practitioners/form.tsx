// Create and edit a practitioner, photo included: the photo is uploaded as soon as it is
// chosen (with progress), and its file id saved with the rest of the form.
import type { RouterOutputs } from "@caredesk/api";
import { trpc, useServerSubmit } from "@caredesk/client";
import { PractitionerCreateInput } from "@caredesk/validators";
import { Alert, Button, SelectField, TextAreaField, TextField, useI18n } from "@caredesk/ui";
import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, useWatch } from "react-hook-form";
import { Avatar } from "../../../components/avatar";
import { FileInput } from "../../../components/file-input";
import { UploadStatus, useUpload } from "../../../components/upload";
import { emptyToNull, toOptionalNumber, useDepartments } from "../../../lib/directory";
import { acceptFor } from "../../../lib/files";
import type { MyOrganization } from "../../../lib/workspace";

type Practitioner = RouterOutputs["practitioner"]["byId"];

const fields = [
  "title",
  "name",
  "specialization",
  "departmentId",
  "email",
  "phone",
  "yearsOfExperience",
  "bio",
  "photoFileId",
] as const;

export function PractitionerForm({
  organization,
  practitioner,
  onSaved,
  onCancel,
}: {
  organization: MyOrganization;
  practitioner: Practitioner | null;
  onSaved: (saved: { id: string; name: string }) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const utils = trpc.useUtils();
  const departments = useDepartments();
  const create = trpc.practitioner.create.useMutation();
  const update = trpc.practitioner.update.useMutation();
  const photo = useUpload(organization.id);
  const form = useForm({
    resolver: zodResolver(PractitionerCreateInput),
    defaultValues: {
      title: practitioner?.title ?? "",
      name: practitioner?.name ?? "",
      specialization: practitioner?.specialization ?? "",
      departmentId: practitioner?.departmentId ?? null,
      email: practitioner?.email ?? "",
      phone: practitioner?.phone ?? "",
      yearsOfExperience: practitioner?.yearsOfExperience ?? null,
      bio: practitioner?.bio ?? "",
      photoFileId: practitioner?.photoFileId ?? null,
    },
  });
  const { errors, isSubmitting } = form.formState;
  const photoFileId = useWatch({ control: form.control, name: "photoFileId" });
  const name = useWatch({ control: form.control, name: "name" });
  const { formError, submit } = useServerSubmit(form, fields);

  const onPhoto = async (file: File | undefined) => {
    if (!file) return;
    const uploaded = await photo.upload(file, "photo");
    if (uploaded) form.setValue("photoFileId", uploaded.id, { shouldDirty: true });
  };

  const onSubmit = submit(async (values) => {
    const saved = practitioner
      ? await update.mutateAsync({ ...values, id: practitioner.id })
      : await create.mutateAsync(values);
    await utils.practitioner.invalidate();
    onSaved(saved);
  });

  return (
    <form noValidate onSubmit={onSubmit} className="flex flex-col gap-6">
      {formError && <Alert tone="error">{formError}</Alert>}

      <fieldset className="flex flex-col gap-4 sm:flex-row sm:items-start">
        <legend className="sr-only">{t("practitioners.field.photo")}</legend>
        <Avatar
          organizationId={organization.id}
          fileId={photoFileId ?? null}
          name={name || "?"}
          size="lg"
        />
        <div className="flex min-w-0 flex-1 flex-col gap-3">
          <FileInput
            label={t("practitioners.field.photo")}
            description={t("practitioners.field.photoHint")}
            accept={acceptFor.photo}
            disabled={photo.uploading}
            error={errors.photoFileId?.message}
            onChange={(e) => {
              void onPhoto(e.target.files?.[0]);
              e.target.value = "";
            }}
          />
          <UploadStatus state={photo} />
          {photoFileId && !photo.uploading && (
            <div>
              <Button
                variant="ghost-danger"
                size="sm"
                onClick={() => form.setValue("photoFileId", null, { shouldDirty: true })}
              >
                {t("practitioners.removePhoto")}
              </Button>
            </div>
          )}
        </div>
      </fieldset>

      <div className="grid gap-4 sm:grid-cols-[8rem_minmax(0,1fr)]">
        <TextField
          label={t("practitioners.field.title")}
          placeholder={t("practitioners.field.titlePlaceholder")}
          error={errors.title?.message}
          {...form.register("title")}
        />
        <TextField
          label={t("practitioners.field.name")}
          autoComplete="off"
          error={errors.name?.message}
          {...form.register("name")}
        />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label={t("practitioners.field.specialization")}
          placeholder={t("practitioners.field.specializationPlaceholder")}
          error={errors.specialization?.message}
          {...form.register("specialization")}
        />
        <SelectField
          label={t("practitioners.field.department")}
          placeholder={t("common.none")}
          options={departments.options(practitioner?.departmentId)}
          error={errors.departmentId?.message}
          {...form.register("departmentId", { setValueAs: emptyToNull })}
        />
        <TextField
          label={t("practitioners.field.email")}
          type="email"
          autoComplete="off"
          error={errors.email?.message}
          {...form.register("email")}
        />
        <TextField
          label={t("practitioners.field.phone")}
          type="tel"
          autoComplete="off"
          error={errors.phone?.message}
          {...form.register("phone")}
        />
        <TextField
          label={t("practitioners.field.experience")}
          type="number"
          min={0}
          max={80}
          inputMode="numeric"
          error={errors.yearsOfExperience?.message}
          {...form.register("yearsOfExperience", { setValueAs: toOptionalNumber })}
        />
      </div>
      <TextAreaField
        label={t("practitioners.field.bio")}
        rows={4}
        error={errors.bio?.message}
        {...form.register("bio")}
      />
      <div className="flex justify-end gap-2 border-t border-slate-100 pt-4">
        <Button variant="secondary" onClick={onCancel} disabled={isSubmitting}>
          {t("ui.cancel")}
        </Button>
        <Button type="submit" loading={isSubmitting} disabled={photo.uploading}>
          {practitioner ? t("common.save") : t("practitioners.create")}
        </Button>
      </div>
    </form>
  );
}
