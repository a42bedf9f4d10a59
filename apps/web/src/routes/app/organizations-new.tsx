import { trpc, useServerSubmit } from "@caredesk/client";
import { OrganizationCreateInput, organizationKinds } from "@caredesk/validators";
import { Alert, Button, Card, cn, PageHeader, SelectField, TextField, useI18n } from "@caredesk/ui";
import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useMemo, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { resetOrganizationData, setActiveOrganizationId } from "../../lib/active-organization";
import { suggestSlug } from "../../lib/slug";

function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export function NewOrganizationPage() {
  const { t, tag } = useI18n();
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const queryClient = useQueryClient();
  const create = trpc.organization.create.useMutation();
  const setStep = trpc.site.setStep.useMutation();
  const [slugEdited, setSlugEdited] = useState(false);

  const timeZones = useMemo(() => {
    const zones = Intl.supportedValuesOf("timeZone");
    const own = browserTimeZone();
    return (zones.includes(own) ? zones : [own, ...zones]).map((zone) => ({
      value: zone,
      label: zone.replaceAll("_", " "),
    }));
  }, []);

  const currencies = useMemo(() => {
    const names = new Intl.DisplayNames([tag], { type: "currency" });
    return Intl.supportedValuesOf("currency").map((code) => ({
      value: code,
      label: `${code} — ${names.of(code) ?? code}`,
    }));
  }, [tag]);

  const form = useForm({
    resolver: zodResolver(OrganizationCreateInput),
    defaultValues: {
      name: "",
      slug: "",
      timeZone: browserTimeZone(),
      currency: "USD",
    },
  });
  const { errors, isSubmitting } = form.formState;
  const nameField = form.register("name", {
    onChange: (event: { target: { value: string } }) => {
      if (!slugEdited) form.setValue("slug", suggestSlug(event.target.value));
    },
  });
  const slugField = form.register("slug", { onChange: () => setSlugEdited(true) });
  const slug = useWatch({ control: form.control, name: "slug" });
  const chosenKind = useWatch({ control: form.control, name: "kind" });
  const { formError, submit } = useServerSubmit(form, [
    "name",
    "slug",
    "kind",
    "timeZone",
    "currency",
  ]);

  const onSubmit = submit(async (values) => {
    const created = await create.mutateAsync(values);
    setActiveOrganizationId(created.id);
    await utils.auth.me.invalidate();
    await resetOrganizationData(queryClient);
    // The kind was the wizard's first step: the website's set-up goes on from the next one.
    await setStep.mutateAsync({ step: "features" }).catch(() => undefined);
    await navigate({ to: "/app/website" });
  });

  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader title={t("orgCreate.title")} description={t("orgCreate.lead")} />
      <Card>
        <form noValidate onSubmit={onSubmit} className="flex flex-col gap-5 py-2">
          {formError && <Alert tone="error">{formError}</Alert>}
          <TextField
            label={t("orgCreate.field.name")}
            autoComplete="organization"
            error={errors.name?.message}
            {...nameField}
          />
          <TextField
            label={t("orgCreate.field.slug")}
            description={t("orgCreate.field.slugHint", { slug: slug || "…" })}
            autoCapitalize="none"
            spellCheck={false}
            error={errors.slug?.message}
            {...slugField}
          />
          <fieldset aria-describedby={errors.kind ? "kind-error" : undefined}>
            <legend className="mb-2 text-sm font-medium text-slate-800">
              {t("orgCreate.field.kind")}
            </legend>
            <div
              role="radiogroup"
              aria-label={t("orgCreate.field.kind")}
              className="grid gap-3 sm:grid-cols-2"
            >
              {organizationKinds.map((kind) => (
                <label
                  key={kind}
                  className={cn(
                    "flex cursor-pointer flex-col gap-1 rounded-xl border-2 p-4 transition-colors",
                    chosenKind === kind
                      ? "border-brand-600 bg-brand-50"
                      : "border-slate-200 hover:border-slate-300",
                  )}
                >
                  <span className="flex items-center gap-2">
                    <input
                      type="radio"
                      value={kind}
                      className="h-4 w-4"
                      aria-label={t(`org.kind.${kind}`)}
                      aria-describedby={`kind-${kind}-hint`}
                      {...form.register("kind")}
                    />
                    <span className="text-base font-semibold text-slate-900">
                      {t(`org.kind.${kind}`)}
                    </span>
                  </span>
                  <span id={`kind-${kind}-hint`} className="text-sm text-slate-600">
                    {t(`website.kind.${kind}.hint`)}
                  </span>
                </label>
              ))}
            </div>
            {errors.kind?.message && (
              <p id="kind-error" role="alert" className="mt-2 text-sm text-red-700">
                {errors.kind.message}
              </p>
            )}
          </fieldset>
          <div className="grid gap-5 sm:grid-cols-2">
            <SelectField
              label={t("orgCreate.field.timeZone")}
              description={t("orgCreate.field.timeZoneHint")}
              options={timeZones}
              error={errors.timeZone?.message}
              {...form.register("timeZone")}
            />
            <SelectField
              label={t("orgCreate.field.currency")}
              options={currencies}
              error={errors.currency?.message}
              {...form.register("currency")}
            />
          </div>
          <div className="flex justify-end border-t border-slate-100 pt-4">
            <Button type="submit" loading={isSubmitting}>
              {t("orgCreate.submit")}
            </Button>
          </div>
        </form>
      </Card>
    </div>
  );
}
