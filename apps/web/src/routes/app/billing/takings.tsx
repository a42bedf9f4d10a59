// Daily takings: money received less money given back over a range of practice days, as the
// journal has it — a bar chart by method per day, and tables by method and by doctor.
import { trpc } from "@caredesk/client";
import { Card, EmptyState, LoadingState, PageHeader, useI18n } from "@caredesk/ui";
import { paymentMethods } from "@caredesk/validators";
import { useState } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { AmountTable, methodColours } from "../../../components/amounts";
import { OrganizationGate } from "../../../components/organization-gate";
import { QueryError } from "../../../components/query-error";
import { currencyDigits, formatMoney } from "../../../lib/money";
import type { MyOrganization } from "../../../lib/workspace";
import { addDays, todayIn } from "../../../lib/zoned";
import { BillingTabs, DayRangeForm } from "./parts";

export function BillingTakingsPage() {
  const { t } = useI18n();
  return (
    <OrganizationGate action="billing.read" title={t("billing.title")}>
      {(organization) => <TakingsScreen organization={organization} />}
    </OrganizationGate>
  );
}

function TakingsScreen({ organization }: { organization: MyOrganization }) {
  const { t, tag } = useI18n();
  const today = todayIn(organization.timeZone);
  const [range, setRange] = useState({ from: addDays(today, -6), to: today });
  const takings = trpc.billing.takings.useQuery(range);
  const currency = takings.data?.currency ?? organization.currency;
  const money = (minor: number) => formatMoney(minor, currency, tag);
  const major = (minor: number) => minor / 10 ** currencyDigits(currency);
  const fieldError = (field: "from" | "to") =>
    takings.error?.data?.fieldErrors?.[field]?.[0] ?? undefined;
  const used = paymentMethods.filter((m) => (takings.data?.byMethod[m] ?? 0) !== 0);
  return (
    <div>
      <PageHeader title={t("billing.title")} description={t("billing.takings.lead")} />
      <BillingTabs />
      <Card>
        <DayRangeForm initial={range} onShow={setRange} errorOf={fieldError} />
        {takings.isPending ? (
          <LoadingState />
        ) : takings.isError ? (
          <QueryError
            error={takings.error}
            onRetry={() => void takings.refetch()}
            retrying={takings.isRefetching}
          />
        ) : takings.data.days.length === 0 ? (
          <EmptyState title={t("billing.takings.empty")} />
        ) : (
          <div className="flex flex-col gap-6">
            <div>
              <p className="text-sm text-slate-600">{t("billing.takings.total")}</p>
              <p className="text-3xl font-semibold text-slate-900" data-testid="takings-total">
                {money(takings.data.totalMinor)}
              </p>
            </div>
            <div className="h-72" role="img" aria-label={t("billing.takings.byDay")}>
              <ResponsiveContainer width="100%" height="100%">
                <BarChart
                  data={takings.data.days.map((day) => ({
                    day: day.day,
                    ...Object.fromEntries(used.map((m) => [m, major(day.byMethod[m])])),
                  }))}
                >
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="day" />
                  <YAxis />
                  <Tooltip />
                  <Legend />
                  {used.map((m) => (
                    <Bar
                      key={m}
                      dataKey={m}
                      name={t(`billing.method.${m}`)}
                      stackId="takings"
                      fill={methodColours[m]}
                      isAnimationActive={false}
                    />
                  ))}
                </BarChart>
              </ResponsiveContainer>
            </div>
            <div className="grid gap-6 lg:grid-cols-2">
              <AmountTable
                caption={t("billing.takings.byMethod")}
                nameHeader={t("billing.col.method")}
                amountHeader={t("billing.col.amount")}
                rows={used.map((m) => ({
                  key: m,
                  name: t(`billing.method.${m}`),
                  amount: money(takings.data.byMethod[m]),
                  testId: `takings-method-${m}`,
                }))}
              />
              <AmountTable
                caption={t("billing.takings.byDoctor")}
                nameHeader={t("billing.col.doctor")}
                amountHeader={t("billing.col.amount")}
                rows={takings.data.byDoctor.map((doctor) => ({
                  key: doctor.practitionerId ?? "unassigned",
                  name: doctor.practitionerId ? doctor.name : t("billing.takings.unassigned"),
                  amount: money(doctor.amountMinor),
                }))}
              />
            </div>
          </div>
        )}
      </Card>
    </div>
  );
}
