// The practice dashboard for owners and managers: a range of practice days (presets or custom)
// and optionally one doctor, summed up as KPI cards, charts and tables, each table downloadable
// as CSV. The figures and their definitions come from `dashboard.summary`.
import type { RouterOutputs } from "@caredesk/api";
import { trpc } from "@caredesk/client";
import {
  Button,
  Card,
  EmptyState,
  ListFilters,
  LoadingState,
  PageHeader,
  SelectField,
  TextField,
  useI18n,
} from "@caredesk/ui";
import { useState } from "react";
import { OrganizationGate } from "../../components/organization-gate";
import { QueryError } from "../../components/query-error";
import { formatMoney } from "../../lib/money";
import type { MyOrganization } from "../../lib/workspace";
import { todayIn } from "../../lib/zoned";
import {
  AppointmentsChart,
  NewPatientsChart,
  RevenueByDoctorTable,
  RevenueByMethodChart,
  TopServicesTable,
  UtilisationChart,
} from "./dashboard-parts";
import {
  dashboardPresets as presets,
  presetRange as rangeOf,
  type DashboardPreset as Preset,
  type DayRange as Range,
} from "./dashboard-range";

export type Summary = RouterOutputs["dashboard"]["summary"];

export function DashboardPage() {
  const { t } = useI18n();
  return (
    <OrganizationGate action="dashboard.read" title={t("dashboard.title")}>
      {(organization) => <DashboardScreen organization={organization} />}
    </OrganizationGate>
  );
}

function DashboardScreen({ organization }: { organization: MyOrganization }) {
  const { t, tag } = useI18n();
  const today = todayIn(organization.timeZone);
  const [preset, setPreset] = useState<Preset>("last30");
  const [range, setRange] = useState<Range>(() => rangeOf("last30", today));
  const [draft, setDraft] = useState<Range>(range);
  const [practitionerId, setPractitionerId] = useState("");
  const doctors = trpc.practitioner.list.useQuery({ limit: 100 });
  const summary = trpc.dashboard.summary.useQuery(
    { ...range, ...(practitionerId ? { practitionerId } : {}) },
    { placeholderData: (previous) => previous },
  );
  const fieldError = (field: keyof Range) =>
    summary.error?.data?.fieldErrors?.[field]?.[0] ?? undefined;

  const choosePreset = (value: Preset) => {
    setPreset(value);
    if (value === "custom") {
      setDraft(range);
      return;
    }
    const next = rangeOf(value, today);
    setRange(next);
    setDraft(next);
  };

  return (
    <div>
      <PageHeader title={t("dashboard.title")} description={t("dashboard.lead")} />
      <Card className="mb-6">
        <form
          noValidate
          className="px-5 pt-4"
          onSubmit={(event) => {
            event.preventDefault();
            setRange(draft);
          }}
        >
          <ListFilters>
            <SelectField
              label={t("dashboard.range")}
              value={preset}
              onChange={(e) => choosePreset(e.target.value as Preset)}
              options={presets.map((p) => ({ value: p, label: t(`dashboard.range.${p}`) }))}
            />
            {preset === "custom" && (
              <>
                <TextField
                  label={t("dashboard.range.from")}
                  type="date"
                  value={draft.from}
                  error={fieldError("from")}
                  onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))}
                />
                <TextField
                  label={t("dashboard.range.to")}
                  type="date"
                  value={draft.to}
                  error={fieldError("to")}
                  onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))}
                />
                <Button type="submit" variant="secondary">
                  {t("dashboard.range.show")}
                </Button>
              </>
            )}
            <SelectField
              label={t("dashboard.doctor")}
              value={practitionerId}
              onChange={(e) => setPractitionerId(e.target.value)}
              options={[
                { value: "", label: t("dashboard.doctor.all") },
                ...(doctors.data?.items ?? []).map((d) => ({
                  value: d.id,
                  label: [d.title, d.name].filter(Boolean).join(" "),
                })),
              ]}
            />
          </ListFilters>
          <p className="pb-4 text-sm text-slate-600" data-testid="dashboard-range">
            {t("dashboard.range.showing", { from: range.from, to: range.to })}
            {practitionerId ? ` · ${t("dashboard.doctor.note")}` : ""}
          </p>
        </form>
      </Card>
      {summary.isPending ? (
        <LoadingState />
      ) : summary.isError && summary.error.data?.fieldErrors ? null : summary.isError ? (
        // Bad days are shown on their fields above; anything else offers a retry.
        <QueryError
          error={summary.error}
          onRetry={() => void summary.refetch()}
          retrying={summary.isRefetching}
        />
      ) : summary.data.totals.appointments === 0 &&
        summary.data.totals.revenueMinor === 0 &&
        summary.data.totals.newPatients === 0 ? (
        <Card>
          <EmptyState title={t("dashboard.empty")} description={t("dashboard.empty.body")} />
        </Card>
      ) : (
        <Figures summary={summary.data} locale={tag} />
      )}
    </div>
  );
}

function Figures({ summary, locale }: { summary: Summary; locale: string }) {
  const { t } = useI18n();
  const percent = (rate: number | null) =>
    rate === null
      ? t("dashboard.kpi.noRate")
      : new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(rate);
  const { totals } = summary;
  const kpis: { key: string; label: string; value: string; detail?: string }[] = [
    {
      key: "appointments",
      label: t("dashboard.kpi.appointments"),
      value: totals.appointments.toLocaleString(locale),
    },
    {
      key: "completed",
      label: t("dashboard.kpi.completed"),
      value: totals.completed.toLocaleString(locale),
    },
    {
      key: "no-show-rate",
      label: t("dashboard.kpi.noShowRate"),
      value: percent(summary.noShowRate),
      detail: t("dashboard.kpi.ofAppointments", {
        count: totals.noShow,
        total: totals.appointments,
      }),
    },
    {
      key: "cancellation-rate",
      label: t("dashboard.kpi.cancellationRate"),
      value: percent(summary.cancellationRate),
      detail: t("dashboard.kpi.ofAppointments", {
        count: totals.cancelled,
        total: totals.appointments,
      }),
    },
    {
      key: "new-patients",
      label: t("dashboard.kpi.newPatients"),
      value: totals.newPatients.toLocaleString(locale),
    },
    {
      key: "revenue",
      label: t("dashboard.kpi.revenue"),
      value: formatMoney(totals.revenueMinor, summary.currency, locale),
    },
  ];
  return (
    <div
      className="flex flex-col gap-6"
      data-testid="dashboard-figures"
      data-from={summary.from}
      data-to={summary.to}
    >
      <ul
        className="grid grid-cols-2 gap-4 md:grid-cols-3 xl:grid-cols-6"
        aria-label={t("dashboard.title")}
      >
        {kpis.map((kpi) => (
          <li
            key={kpi.key}
            className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
            data-testid={`kpi-${kpi.key}`}
          >
            <p className="text-sm text-slate-600">{kpi.label}</p>
            <p className="mt-1 text-2xl font-semibold tabular-nums text-slate-900">{kpi.value}</p>
            {kpi.detail && <p className="mt-1 text-xs text-slate-500">{kpi.detail}</p>}
          </li>
        ))}
      </ul>
      <AppointmentsChart summary={summary} />
      <div className="grid gap-6 lg:grid-cols-2">
        <NewPatientsChart summary={summary} />
        <RevenueByMethodChart summary={summary} />
      </div>
      <UtilisationChart summary={summary} />
      <div className="grid gap-6 lg:grid-cols-2">
        <TopServicesTable summary={summary} />
        <RevenueByDoctorTable summary={summary} />
      </div>
    </div>
  );
}
