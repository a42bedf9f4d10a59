// Practice settings: the name, zone, currency and locale the practice writes dates and money
// in, when and how it messages patients (reminders, quiet hours, sender, channels), its logo
// (header, printouts, emails) and how its dental chart writes teeth.
import type { RouterOutputs } from "@caredesk/api";
import { trpc, useServerSubmit } from "@caredesk/client";
import {
  Alert,
  Button,
  Card,
  CheckboxField,
  LoadingState,
  PageHeader,
  SelectField,
  TextField,
  useI18n,
  useT,
} from "@caredesk/ui";
import { Link } from "@tanstack/react-router";
import { useMemo, useState } from "react";
import { useFieldArray, useForm, useWatch, type Path } from "react-hook-form";
import { LogoCard } from "../../components/logo-card";
import { OrganizationGate } from "../../components/organization-gate";
import { QueryError } from "../../components/query-error";
import { minutesToTime, timeToMinutes } from "../../lib/zoned";

type Settings = RouterOutputs["organization"]["settings"];
type Unit = "minutes" | "hours" | "days";

const unitMinutes: Record<Unit, number> = { minutes: 1, hours: 60, days: 1440 };
const maxReminders = 4;

/** Locales offered first; the practice's own is kept when it is another. */
export const offeredLocales = [
  "en-US",
  "en-GB",
  "en-IN",
  "ar-EG",
  "ar-SA",
  "fr-FR",
  "de-DE",
  "es-ES",
  "hi-IN",
  "tr-TR",
] as const;

interface Values {
  name: string;
  timeZone: string;
  currency: string;
  locale: string;
  reminders: { amount: string; unit: Unit }[];
  quiet: boolean;
  quietStart: string;
  quietEnd: string;
  senderName: string;
  email: boolean;
  sms: boolean;
  push: boolean;
}

export function SettingsPage() {
  const t = useT();
  return (
    <OrganizationGate action="organization.update" title={t("settings.title")}>
      {() => <SettingsScreen />}
    </OrganizationGate>
  );
}

function SettingsScreen() {
  const t = useT();
  const settings = trpc.organization.settings.useQuery();
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title={t("settings.title")} description={t("settings.lead")} />
      {settings.isPending ? (
        <LoadingState />
      ) : settings.isError ? (
        <Card>
          <QueryError
            error={settings.error}
            onRetry={() => void settings.refetch()}
            retrying={settings.isRefetching}
          />
        </Card>
      ) : (
        <div className="flex flex-col gap-6">
          <SettingsForm key={settings.data.id} settings={settings.data} />
          <LogoCard
            organization={settings.data}
            title={t("settings.logo")}
            description={t("settings.logo.lead")}
          />
          <ClinicalCard key={`clinical-${settings.data.id}`} settings={settings.data} />
          <AssistantLinkCard />
        </div>
      )}
    </div>
  );
}

/** An offset in minutes as the largest unit it is a whole number of. */
function toReminder(minutes: number): Values["reminders"][number] {
  if (minutes % 1440 === 0) return { amount: String(minutes / 1440), unit: "days" };
  if (minutes % 60 === 0) return { amount: String(minutes / 60), unit: "hours" };
  return { amount: String(minutes), unit: "minutes" };
}

function valuesOf(s: Settings): Values {
  return {
    name: s.name,
    timeZone: s.timeZone,
    currency: s.currency,
    locale: s.locale,
    reminders: s.reminderOffsets.map(toReminder),
    quiet: s.quietHoursStart !== null && s.quietHoursEnd !== null,
    quietStart: minutesToTime(s.quietHoursStart ?? 21 * 60),
    quietEnd: minutesToTime(s.quietHoursEnd ?? 8 * 60),
    senderName: s.senderName ?? "",
    email: s.channels.includes("email"),
    sms: s.channels.includes("sms"),
    push: s.channels.includes("push"),
  };
}

/** Where the api's field errors go on this form. */
const rename: Partial<Record<string, Path<Values>>> = {
  reminderOffsets: "reminders",
  quietHoursStart: "quietStart",
  quietHoursEnd: "quietEnd",
  ...Object.fromEntries(
    Array.from({ length: maxReminders + 1 }, (_, i) => [
      `reminderOffsets.${i}`,
      `reminders.${i}.amount` as Path<Values>,
    ]),
  ),
};

function SettingsForm({ settings }: { settings: Settings }) {
  const { t, tag } = useI18n();
  const utils = trpc.useUtils();
  const update = trpc.organization.update.useMutation();
  const [saved, setSaved] = useState(false);
  const form = useForm<Values>({ defaultValues: valuesOf(settings) });
  const reminders = useFieldArray({ control: form.control, name: "reminders" });
  const quiet = useWatch({ control: form.control, name: "quiet" });
  const { errors, isSubmitting } = form.formState;
  const { formError, submit } = useServerSubmit(
    form,
    ["name", "timeZone", "currency", "locale", "senderName", "quietStart", "quietEnd"],
    rename,
  );

  const timeZones = useMemo(() => {
    const zones = Intl.supportedValuesOf("timeZone");
    const list = zones.includes(settings.timeZone) ? zones : [settings.timeZone, ...zones];
    return list.map((zone) => ({ value: zone, label: zone.replaceAll("_", " ") }));
  }, [settings.timeZone]);

  const currencies = useMemo(() => {
    const names = new Intl.DisplayNames([tag], { type: "currency" });
    return Intl.supportedValuesOf("currency").map((code) => ({
      value: code,
      label: `${code} — ${names.of(code) ?? code}`,
    }));
  }, [tag]);

  const locales = useMemo(() => {
    const names = new Intl.DisplayNames(["en"], { type: "language" });
    const sample = new Date(Date.UTC(2026, 2, 31, 14, 30));
    const list: string[] = offeredLocales.includes(
      settings.locale as (typeof offeredLocales)[number],
    )
      ? [...offeredLocales]
      : [settings.locale, ...offeredLocales];
    return list.map((locale) => {
      let example = "";
      try {
        example = new Intl.DateTimeFormat(locale, {
          dateStyle: "medium",
          timeStyle: "short",
          timeZone: "UTC",
        }).format(sample);
      } catch {
        // Shown without an example.
      }
      return {
        value: locale,
        label: `${names.of(locale) ?? locale}${example ? ` — ${example}` : ""}`,
      };
    });
  }, [settings.locale]);

  const onSubmit = submit(async (values) => {
    setSaved(false);
    const offsets = values.reminders.map((r) => Number(r.amount) * unitMinutes[r.unit]);
    await update.mutateAsync({
      id: settings.id,
      name: values.name,
      timeZone: values.timeZone,
      currency: values.currency,
      locale: values.locale,
      reminderOffsets: offsets,
      quietHoursStart: values.quiet ? timeToMinutes(values.quietStart) : null,
      quietHoursEnd: values.quiet ? timeToMinutes(values.quietEnd) : null,
      senderName: values.senderName,
      channels: [
        ...(values.email ? (["email"] as const) : []),
        ...(values.sms ? (["sms"] as const) : []),
        ...(values.push ? (["push"] as const) : []),
      ],
    });
    // The workspace writes dates and money with the locale it reads from auth.me.
    await Promise.all([utils.auth.me.invalidate(), utils.organization.settings.invalidate()]);
    setSaved(true);
  });

  const unitOptions = [
    { value: "minutes", label: t("settings.unit.minutes") },
    { value: "hours", label: t("settings.unit.hours") },
    { value: "days", label: t("settings.unit.days") },
  ];

  return (
    <form noValidate onSubmit={onSubmit} className="flex flex-col gap-6">
      {formError && <Alert tone="error">{formError}</Alert>}
      {saved && <Alert tone="success">{t("settings.saved")}</Alert>}
      <Card title={t("settings.practice")}>
        <div className="flex flex-col gap-5">
          <TextField
            label={t("settings.name")}
            autoComplete="organization"
            error={errors.name?.message}
            {...form.register("name")}
          />
          <div className="grid gap-5 sm:grid-cols-2">
            <SelectField
              label={t("settings.timeZone")}
              options={timeZones}
              error={errors.timeZone?.message}
              {...form.register("timeZone")}
            />
            <SelectField
              label={t("settings.currency")}
              options={currencies}
              error={errors.currency?.message}
              {...form.register("currency")}
            />
          </div>
          <SelectField
            label={t("settings.locale")}
            options={locales}
            error={errors.locale?.message}
            {...form.register("locale")}
          />
        </div>
      </Card>

      <Card title={t("settings.messages")}>
        <div className="flex flex-col gap-6">
          <fieldset className="flex flex-col gap-3">
            <legend className="text-sm font-medium text-slate-900">
              {t("settings.reminders")}
            </legend>
            <p className="text-sm text-slate-600">{t("settings.reminders.hint")}</p>
            {errors.reminders?.message && (
              <p className="text-sm text-red-700" role="alert">
                {errors.reminders.message}
              </p>
            )}
            {reminders.fields.map((field, i) => (
              <div key={field.id} className="flex flex-wrap items-end gap-3">
                <TextField
                  label={t("settings.reminder.amount", { n: i + 1 })}
                  type="number"
                  inputMode="numeric"
                  min={1}
                  containerClassName="w-56"
                  error={errors.reminders?.[i]?.amount?.message}
                  {...form.register(`reminders.${i}.amount`)}
                />
                <SelectField
                  label={t("settings.reminder.unit", { n: i + 1 })}
                  options={unitOptions}
                  containerClassName="w-36"
                  {...form.register(`reminders.${i}.unit`)}
                />
                <Button type="button" variant="ghost-danger" onClick={() => reminders.remove(i)}>
                  {t("settings.reminder.remove", { n: i + 1 })}
                </Button>
              </div>
            ))}
            {reminders.fields.length < maxReminders && (
              <div>
                <Button
                  type="button"
                  variant="secondary"
                  size="sm"
                  onClick={() => reminders.append({ amount: "2", unit: "hours" })}
                >
                  {t("settings.reminder.add")}
                </Button>
              </div>
            )}
          </fieldset>

          <fieldset className="flex flex-col gap-3">
            <legend className="text-sm font-medium text-slate-900">{t("settings.quiet")}</legend>
            <CheckboxField label={t("settings.quiet.on")} {...form.register("quiet")} />
            {quiet && (
              <div className="flex flex-wrap gap-5">
                <TextField
                  label={t("settings.quiet.start")}
                  type="time"
                  containerClassName="w-40"
                  error={errors.quietStart?.message}
                  {...form.register("quietStart")}
                />
                <TextField
                  label={t("settings.quiet.end")}
                  type="time"
                  containerClassName="w-40"
                  error={errors.quietEnd?.message}
                  {...form.register("quietEnd")}
                />
              </div>
            )}
          </fieldset>

          <TextField
            label={t("settings.sender")}
            description={t("settings.sender.hint")}
            error={errors.senderName?.message}
            {...form.register("senderName")}
          />

          <fieldset className="flex flex-col gap-3">
            <legend className="text-sm font-medium text-slate-900">{t("settings.channels")}</legend>
            <p className="text-sm text-slate-600">{t("settings.channels.hint")}</p>
            <CheckboxField label={t("settings.channel.email")} {...form.register("email")} />
            <CheckboxField label={t("settings.channel.sms")} {...form.register("sms")} />
            <CheckboxField label={t("settings.channel.push")} {...form.register("push")} />
            <CheckboxField label={t("settings.channel.in_app")} checked disabled readOnly />
          </fieldset>
        </div>
      </Card>

      <div className="flex justify-end">
        <Button type="submit" loading={isSubmitting}>
          {t("settings.save")}
        </Button>
      </div>
    </form>
  );
}

interface ClinicalValues {
  toothNumbering: "universal" | "fdi";
  chartPrimaryTeeth: boolean;
}

/** How the dental chart writes teeth, and whether it shows primary teeth. */
function ClinicalCard({ settings }: { settings: Settings }) {
  const t = useT();
  const utils = trpc.useUtils();
  const update = trpc.organization.update.useMutation();
  const [saved, setSaved] = useState(false);
  const form = useForm<ClinicalValues>({
    defaultValues: {
      toothNumbering: settings.toothNumbering,
      chartPrimaryTeeth: settings.chartPrimaryTeeth,
    },
  });
  const { errors, isSubmitting } = form.formState;
  const { formError, submit } = useServerSubmit(form, ["toothNumbering", "chartPrimaryTeeth"]);

  const onSubmit = submit(async (values) => {
    setSaved(false);
    await update.mutateAsync({ id: settings.id, ...values });
    await Promise.all([utils.auth.me.invalidate(), utils.organization.settings.invalidate()]);
    setSaved(true);
  });

  return (
    <form noValidate onSubmit={onSubmit}>
      <Card title={t("settings.clinical")} description={t("settings.clinical.lead")}>
        <div className="flex flex-col gap-5">
          {formError && <Alert tone="error">{formError}</Alert>}
          {saved && <Alert tone="success">{t("settings.clinical.saved")}</Alert>}
          <SelectField
            label={t("settings.numbering")}
            options={[
              { value: "universal", label: t("settings.numbering.universal") },
              { value: "fdi", label: t("settings.numbering.fdi") },
            ]}
            error={errors.toothNumbering?.message}
            {...form.register("toothNumbering")}
          />
          <CheckboxField
            label={t("settings.primaryTeeth")}
            description={t("settings.primaryTeeth.hint")}
            {...form.register("chartPrimaryTeeth")}
          />
          <div className="flex justify-end">
            <Button type="submit" loading={isSubmitting}>
              {t("settings.clinical.save")}
            </Button>
          </div>
        </div>
      </Card>
    </form>
  );
}

/** Where the practice's questions and answers and the assistant's settings are kept. */
function AssistantLinkCard() {
  const t = useT();
  return (
    <Card title={t("assistantSettings.link")} description={t("assistantSettings.link.body")}>
      <Link
        to="/app/settings/assistant"
        className="text-sm font-medium text-brand-700 hover:underline"
      >
        {t("assistant.faqLink")}
      </Link>
    </Card>
  );
}
