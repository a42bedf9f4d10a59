import { trpc, useServerSubmit } from "@caredesk/client";
import { OrganizationCreateInput, organizationKinds } from "@caredesk/validators";
import { Alert, Button, Card, PageHeader, SelectField, TextField, useI18n } from "@caredesk/ui";
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
    await navigate({ to: "/app/members" });
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
          <SelectField
            label={t("orgCreate.field.kind")}
            placeholder={t("orgCreate.field.kindPlaceholder")}
            options={organizationKinds.map((kind) => ({
              value: kind,
              label: t(`org.kind.${kind}`),
            }))}
            error={errors.kind?.message}
            {...form.register("kind")}
          />
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
