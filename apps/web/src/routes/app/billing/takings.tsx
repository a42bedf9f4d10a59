// Daily takings: money received less money given back over a range of practice days, as the
// journal has it — a bar chart by method per day, and tables by method and by doctor.
import { trpc } from "@caredesk/client";
import {
  Card,
  EmptyState,
  LoadingState,
  PageHeader,
  Table,
  TBody,
  Td,
  Th,
  THead,
  Tr,
  useI18n,
} from "@caredesk/ui";
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
import { OrganizationGate } from "../../../components/organization-gate";
import { QueryError } from "../../../components/query-error";
import { currencyDigits, formatMoney } from "../../../lib/money";
import type { MyOrganization } from "../../../lib/workspace";
import { addDays, todayIn } from "../../../lib/zoned";
import { BillingTabs, DayRangeForm } from "./parts";

const methodColours: Record<(typeof paymentMethods)[number], string> = {
  cash: "#16a34a",
  card_terminal: "#2563eb",
  bank_transfer: "#9333ea",
  cheque: "#ca8a04",
  stripe: "#635bff",
  razorpay: "#0ea5e9",
  fawry: "#f97316",
};

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
              <Table caption={t("billing.takings.byMethod")}>
                <THead>
                  <Tr>
                    <Th>{t("billing.col.method")}</Th>
                    <Th className="text-right">{t("billing.col.amount")}</Th>
                  </Tr>
                </THead>
                <TBody>
                  {used.map((m) => (
                    <Tr key={m}>
                      <Td>{t(`billing.method.${m}`)}</Td>
                      <Td className="text-right tabular-nums" data-testid={`takings-method-${m}`}>
                        {money(takings.data.byMethod[m])}
                      </Td>
                    </Tr>
                  ))}
                </TBody>
              </Table>
              <Table caption={t("billing.takings.byDoctor")}>
                <THead>
                  <Tr>
                    <Th>{t("billing.col.doctor")}</Th>
                    <Th className="text-right">{t("billing.col.amount")}</Th>
                  </Tr>
                </THead>
                <TBody>
                  {takings.data.byDoctor.map((doctor) => (
                    <Tr key={doctor.practitionerId ?? "unassigned"}>
                      <Td>
                        {doctor.practitionerId ? doctor.name : t("billing.takings.unassigned")}
                      </Td>
                      <Td className="text-right tabular-nums">{money(doctor.amountMinor)}</Td>
                    </Tr>
                  ))}
                </TBody>
              </Table>
            </div>
          </div>
        )}
      </Card>
    </div>
  );
}
