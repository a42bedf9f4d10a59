// Create and edit a service (appointment type). Price is typed in major units of the
// organization's currency and sent as integer minor units.
import type { RouterOutputs } from "@caredesk/api";
import { trpc, useServerSubmit } from "@caredesk/client";
import { ServiceCreateInput } from "@caredesk/validators";
import {
  Alert,
  Button,
  SelectField,
  TextAreaField,
  TextField,
  useI18n,
  type Translate,
} from "@caredesk/ui";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo } from "react";
import { useFieldArray, useForm, useWatch, type Path } from "react-hook-form";
import { z } from "zod";
import { emptyToNull, useDepartments } from "../../../lib/directory";
import { currencyDigits, inputToMinor, minorToInput } from "../../../lib/money";
import type { MyOrganization } from "../../../lib/workspace";
import { useResourceCategories } from "../resources";

type Service = RouterOutputs["service"]["byId"];

function serviceFormSchema(currency: string, t: Translate) {
  const digits = currencyDigits(currency);
  return ServiceCreateInput.omit({ priceMinor: true }).extend({
    price: z
      .string()
      .trim()
      .min(1, t("services.field.priceRequired"))
      .refine((v) => inputToMinor(v, currency) !== null, {
        message:
          digits === 0
            ? t("services.field.priceWhole", { currency })
            : t("services.field.priceInvalid", { digits, currency }),
      }),
  });
}
type FormInput = z.input<ReturnType<typeof serviceFormSchema>>;

const baseFields: Path<FormInput>[] = [
  "name",
  "description",
  "durationMinutes",
  "price",
  "colour",
  "bufferBeforeMinutes",
  "bufferAfterMinutes",
  "minNoticeMinutes",
  "horizonDays",
  "slotIntervalMinutes",
  "departmentId",
  "requirements",
];

const palette = [
  "#2563eb",
  "#0d9488",
  "#16a34a",
  "#ca8a04",
  "#ea580c",
  "#dc2626",
  "#db2777",
  "#7c3aed",
];

export function ServiceForm({
  organization,
  service,
  onSaved,
  onCancel,
}: {
  organization: MyOrganization;
  service: Service | null;
  onSaved: (saved: { id: string; name: string }) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const currency = organization.currency;
  const schema = useMemo(() => serviceFormSchema(currency, t), [currency, t]);
  const utils = trpc.useUtils();
  const departments = useDepartments();
  const categories = useResourceCategories();
  const create = trpc.service.create.useMutation();
  const update = trpc.service.update.useMutation();
  const form = useForm({
    resolver: zodResolver(schema),
    defaultValues: {
      name: service?.name ?? "",
      description: service?.description ?? "",
      durationMinutes: service?.durationMinutes ?? 30,
      price: service ? minorToInput(service.priceMinor, currency) : "",
      colour: service?.colour ?? palette[0] ?? "#2563eb",
      bufferBeforeMinutes: service?.bufferBeforeMinutes ?? 0,
      bufferAfterMinutes: service?.bufferAfterMinutes ?? 0,
      minNoticeMinutes: service?.minNoticeMinutes ?? 60,
      horizonDays: service?.horizonDays ?? 60,
      slotIntervalMinutes: service?.slotIntervalMinutes ?? 15,
      departmentId: service?.departmentId ?? null,
      requirements: service?.requirements ?? [
        { kind: "practitioner", departmentId: null, category: null },
      ],
    },
  });
  const { errors, isSubmitting } = form.formState;
  const requirements = useFieldArray({ control: form.control, name: "requirements" });
  const colour = useWatch({ control: form.control, name: "colour" });
  const kinds = useWatch({ control: form.control, name: "requirements" });
  const validColour = /^#[0-9a-fA-F]{6}$/.test(colour) ? colour.toLowerCase() : "#000000";
  const fields: Path<FormInput>[] = [...baseFields];
  requirements.fields.forEach((_, i) => {
    fields.push(
      `requirements.${i}.kind`,
      `requirements.${i}.departmentId`,
      `requirements.${i}.category`,
    );
  });
  const { formError, submit } = useServerSubmit(form, fields, { priceMinor: "price" });

  const onSubmit = submit(async ({ price, ...values }) => {
    const priceMinor = inputToMinor(price, currency);
    if (priceMinor === null) return; // the schema already refused it
    const saved = service
      ? await update.mutateAsync({ ...values, priceMinor, id: service.id })
      : await create.mutateAsync({ ...values, priceMinor });
    await utils.service.invalidate();
    onSaved(saved);
  });

  const number = { valueAsNumber: true } as const;

  return (
    <form noValidate onSubmit={onSubmit} className="flex flex-col gap-8">
      {formError && <Alert tone="error">{formError}</Alert>}

      <section className="flex flex-col gap-4">
        <h2 className="text-sm font-semibold text-slate-900">{t("services.section.basics")}</h2>
        <TextField
          label={t("services.field.name")}
          placeholder={t("services.field.namePlaceholder")}
          autoComplete="off"
          error={errors.name?.message}
          {...form.register("name")}
        />
        <TextAreaField
          label={t("services.field.description")}
          error={errors.description?.message}
          {...form.register("description")}
        />
        <div className="grid gap-4 sm:grid-cols-3">
          <TextField
            label={t("services.field.duration")}
            type="number"
            min={5}
            step={5}
            inputMode="numeric"
            description={t("services.field.minutesHint")}
            error={errors.durationMinutes?.message}
            {...form.register("durationMinutes", number)}
          />
          <TextField
            label={t("services.field.price", { currency })}
            inputMode="decimal"
            autoComplete="off"
            placeholder={minorToInput(0, currency)}
            description={t("services.field.priceHint", { currency })}
            error={errors.price?.message}
            {...form.register("price")}
          />
          <SelectField
            label={t("services.field.department")}
            placeholder={t("common.none")}
            options={departments.options(service?.departmentId)}
            error={errors.departmentId?.message}
            {...form.register("departmentId", { setValueAs: emptyToNull })}
          />
        </div>
        <div className="flex flex-col gap-1.5">
          <div className="flex flex-wrap items-end gap-3">
            <div className="flex flex-col gap-1.5">
              <label htmlFor="service-colour-picker" className="text-sm font-medium text-slate-700">
                {t("services.field.colourPicker")}
              </label>
              <input
                id="service-colour-picker"
                type="color"
                value={validColour}
                onChange={(e) =>
                  form.setValue("colour", e.target.value, {
                    shouldDirty: true,
                    shouldValidate: true,
                  })
                }
                className="h-10 w-14 cursor-pointer rounded-lg border border-slate-300 bg-white p-1"
              />
            </div>
            <TextField
              label={t("services.field.colour")}
              containerClassName="w-36"
              autoComplete="off"
              spellCheck={false}
              error={errors.colour?.message}
              {...form.register("colour")}
            />
            <div
              className="flex gap-1.5 pb-2"
              role="group"
              aria-label={t("services.field.palette")}
            >
              {palette.map((c) => (
                <button
                  key={c}
                  type="button"
                  aria-label={t("services.field.useColour", { colour: c })}
                  aria-pressed={validColour === c}
                  onClick={() =>
                    form.setValue("colour", c, { shouldDirty: true, shouldValidate: true })
                  }
                  className="size-6 rounded-full ring-1 ring-black/10 aria-pressed:ring-2 aria-pressed:ring-slate-900 aria-pressed:ring-offset-2"
                  style={{ backgroundColor: c }}
                />
              ))}
            </div>
          </div>
        </div>
      </section>

      <section className="flex flex-col gap-4 border-t border-slate-100 pt-6">
        <div>
          <h2 className="text-sm font-semibold text-slate-900">{t("services.section.booking")}</h2>
          <p className="mt-1 text-sm text-slate-500">{t("services.section.bookingLead")}</p>
        </div>
        <div className="grid gap-4 sm:grid-cols-3">
          <TextField
            label={t("services.field.bufferBefore")}
            type="number"
            min={0}
            inputMode="numeric"
            description={t("services.field.minutesHint")}
            error={errors.bufferBeforeMinutes?.message}
            {...form.register("bufferBeforeMinutes", number)}
          />
          <TextField
            label={t("services.field.bufferAfter")}
            type="number"
            min={0}
            inputMode="numeric"
            description={t("services.field.minutesHint")}
            error={errors.bufferAfterMinutes?.message}
            {...form.register("bufferAfterMinutes", number)}
          />
          <TextField
            label={t("services.field.slotInterval")}
            type="number"
            min={5}
            inputMode="numeric"
            description={t("services.field.minutesHint")}
            error={errors.slotIntervalMinutes?.message}
            {...form.register("slotIntervalMinutes", number)}
          />
          <TextField
            label={t("services.field.minNotice")}
            type="number"
            min={0}
            inputMode="numeric"
            description={t("services.field.minNoticeHint")}
            error={errors.minNoticeMinutes?.message}
            {...form.register("minNoticeMinutes", number)}
          />
          <TextField
            label={t("services.field.horizon")}
            type="number"
            min={1}
            inputMode="numeric"
            description={t("services.field.horizonHint")}
            error={errors.horizonDays?.message}
            {...form.register("horizonDays", number)}
          />
        </div>
      </section>

      <section className="flex flex-col gap-4 border-t border-slate-100 pt-6">
        <div>
          <h2 className="text-sm font-semibold text-slate-900">{t("services.section.needs")}</h2>
          <p className="mt-1 text-sm text-slate-500">{t("services.section.needsLead")}</p>
        </div>
        {errors.requirements?.message && (
          <p className="text-sm text-red-700">{errors.requirements.message}</p>
        )}
        <datalist id="service-resource-categories">
          {categories.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
        {requirements.fields.length === 0 && (
          <p className="rounded-lg border border-dashed border-slate-300 px-4 py-3 text-sm text-slate-500">
            {t("services.requirement.none")}
          </p>
        )}
        <ol className="flex flex-col gap-3">
          {requirements.fields.map((field, index) => {
            const rowErrors = errors.requirements?.[index];
            const kind = kinds?.[index]?.kind ?? field.kind;
            const n = index + 1;
            return (
              <li
                key={field.id}
                className="grid items-start gap-3 rounded-lg border border-slate-200 bg-slate-50/60 p-3 sm:grid-cols-[10rem_minmax(0,1fr)_minmax(0,1fr)_auto]"
              >
                <SelectField
                  label={t("services.requirement.kind", { n })}
                  options={(["practitioner", "room", "equipment"] as const).map((k) => ({
                    value: k,
                    label: t(`services.requirement.kind.${k}`),
                  }))}
                  error={rowErrors?.kind?.message}
                  {...form.register(`requirements.${index}.kind`)}
                />
                <SelectField
                  label={t("services.requirement.department", { n })}
                  placeholder={t("services.requirement.anyDepartment")}
                  options={departments.options(field.departmentId)}
                  error={rowErrors?.departmentId?.message}
                  {...form.register(`requirements.${index}.departmentId`, {
                    setValueAs: emptyToNull,
                  })}
                />
                <TextField
                  label={t("services.requirement.category", { n })}
                  placeholder={
                    kind === "practitioner"
                      ? t("services.requirement.categoryNone")
                      : t("services.requirement.categoryPlaceholder")
                  }
                  disabled={kind === "practitioner"}
                  list="service-resource-categories"
                  autoComplete="off"
                  error={rowErrors?.category?.message}
                  {...form.register(`requirements.${index}.category`)}
                />
                <Button
                  variant="ghost-danger"
                  size="sm"
                  className="sm:mt-7"
                  aria-label={t("services.requirement.remove", { n })}
                  onClick={() => requirements.remove(index)}
                >
                  {t("services.requirement.removeShort")}
                </Button>
              </li>
            );
          })}
        </ol>
        {requirements.fields.length < 5 && (
          <div className="flex flex-wrap gap-2">
            {(["practitioner", "room", "equipment"] as const).map((k) => (
              <Button
                key={k}
                variant="secondary"
                size="sm"
                onClick={() => requirements.append({ kind: k, departmentId: null, category: null })}
              >
                {t(`services.requirement.add.${k}`)}
              </Button>
            ))}
          </div>
        )}
      </section>

      <div className="flex justify-end gap-2 border-t border-slate-100 pt-4">
        <Button variant="secondary" onClick={onCancel} disabled={isSubmitting}>
          {t("ui.cancel")}
        </Button>
        <Button type="submit" loading={isSubmitting}>
          {service ? t("common.save") : t("services.create")}
        </Button>
      </div>
    </form>
  );
}
