// The dashboard's sections: charts (Recharts) and tables, each with its own CSV export.
import { Button, Card, EmptyState, Table, TBody, Td, Th, THead, Tr, useI18n } from "@caredesk/ui";
import type { ReactNode } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { AmountTable, methodColours } from "../../components/amounts";
import { currencyDigits, formatMoney } from "../../lib/money";
import type { Summary } from "./dashboard";
import { downloadCsv, majorUnits, toCsv, type CsvCell } from "./dashboard-csv";

const statusColours = {
  booked: "#2563eb",
  completed: "#16a34a",
  cancelled: "#94a3b8",
  noShow: "#dc2626",
} as const;
const statuses = ["booked", "completed", "cancelled", "noShow"] as const;

/** The short day label of an axis: "11-03" for 2026-11-03. */
const shortDay = (day: string) => day.slice(5);

function ExportButton({
  label,
  name,
  summary,
  header,
  rows,
}: {
  label: string;
  name: string;
  summary: Summary;
  header: string[];
  rows: CsvCell[][];
}) {
  const { t } = useI18n();
  return (
    <Button
      type="button"
      variant="secondary"
      size="sm"
      aria-label={label}
      onClick={() =>
        downloadCsv(`dashboard-${name}-${summary.from}-${summary.to}.csv`, toCsv(header, rows))
      }
    >
      {t("dashboard.export")}
    </Button>
  );
}

function Chart({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="h-72 px-2 py-4" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        {children}
      </ResponsiveContainer>
    </div>
  );
}

/** Appointments and new patients per day: one CSV for both, exported from the first chart. */
export function AppointmentsChart({ summary }: { summary: Summary }) {
  const { t } = useI18n();
  const title = t("dashboard.appointments.title");
  return (
    <Card
      title={title}
      actions={
        <ExportButton
          label={t("dashboard.export.days")}
          name="days"
          summary={summary}
          header={[
            t("dashboard.col.day"),
            ...statuses.map((s) => t(`dashboard.status.${s}`)),
            t("dashboard.kpi.newPatients"),
          ]}
          rows={summary.days.map((d) => [
            d.day,
            d.booked,
            d.completed,
            d.cancelled,
            d.noShow,
            d.newPatients,
          ])}
        />
      }
    >
      {summary.totals.appointments === 0 ? (
        <EmptyState title={t("dashboard.empty")} />
      ) : (
        <Chart label={title}>
          <BarChart data={summary.days.map((d) => ({ ...d, label: shortDay(d.day) }))}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Legend />
            {statuses.map((s) => (
              <Bar
                key={s}
                dataKey={s}
                name={t(`dashboard.status.${s}`)}
                stackId="appointments"
                fill={statusColours[s]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </Chart>
      )}
    </Card>
  );
}

export function NewPatientsChart({ summary }: { summary: Summary }) {
  const { t } = useI18n();
  const title = t("dashboard.newPatients.title");
  return (
    <Card title={title}>
      <Chart label={title}>
        <BarChart data={summary.days.map((d) => ({ ...d, label: shortDay(d.day) }))}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Bar
            dataKey="newPatients"
            name={t("dashboard.kpi.newPatients")}
            fill="#0d9488"
            isAnimationActive={false}
          />
        </BarChart>
      </Chart>
    </Card>
  );
}

export function RevenueByMethodChart({ summary }: { summary: Summary }) {
  const { t, tag } = useI18n();
  const title = t("dashboard.revenue.byMethod");
  const digits = currencyDigits(summary.currency);
  const money = (minor: number) => formatMoney(minor, summary.currency, tag);
  const methods = summary.revenue.byMethod;
  // A pie cannot show a net refund; a method's negative total is listed below it only.
  const slices = methods.filter((m) => m.amountMinor > 0);
  return (
    <Card
      title={title}
      description={t("dashboard.revenue.note")}
      actions={
        <ExportButton
          label={t("dashboard.export.methods")}
          name="revenue-by-method"
          summary={summary}
          header={[
            t("dashboard.col.method"),
            t("dashboard.col.amount"),
            t("dashboard.col.currency"),
          ]}
          rows={methods.map((m) => [
            t(`billing.method.${m.method}`),
            majorUnits(m.amountMinor, digits),
            summary.currency,
          ])}
        />
      }
    >
      {methods.length === 0 ? (
        <EmptyState title={t("dashboard.revenue.none")} />
      ) : (
        <>
          <Chart label={title}>
            <PieChart>
              <Pie
                data={slices.map((m) => ({
                  name: t(`billing.method.${m.method}`),
                  value: m.amountMinor / 10 ** digits,
                  method: m.method,
                }))}
                dataKey="value"
                nameKey="name"
                outerRadius="80%"
                isAnimationActive={false}
              >
                {slices.map((m) => (
                  <Cell key={m.method} fill={methodColours[m.method]} />
                ))}
              </Pie>
              <Tooltip formatter={(value) => money(Math.round(Number(value) * 10 ** digits))} />
              <Legend />
            </PieChart>
          </Chart>
          <AmountTable
            caption={title}
            nameHeader={t("dashboard.col.method")}
            amountHeader={t("dashboard.col.amount")}
            rows={methods.map((m) => ({
              key: m.method,
              name: t(`billing.method.${m.method}`),
              amount: money(m.amountMinor),
              testId: `revenue-method-${m.method}`,
            }))}
          />
        </>
      )}
    </Card>
  );
}

export function UtilisationChart({ summary }: { summary: Summary }) {
  const { t, tag } = useI18n();
  const title = t("dashboard.utilisation.title");
  const kindLabel = (kind: "practitioner" | "room") =>
    kind === "practitioner" ? t("dashboard.utilisation.doctor") : t("dashboard.utilisation.room");
  const percent = new Intl.NumberFormat(tag, { style: "percent", maximumFractionDigits: 1 });
  const rows = summary.utilisation;
  return (
    <Card
      title={title}
      description={t("dashboard.utilisation.note")}
      actions={
        <ExportButton
          label={t("dashboard.export.utilisation")}
          name="utilisation"
          summary={summary}
          header={[
            t("dashboard.col.name"),
            t("dashboard.col.kind"),
            t("dashboard.col.booked"),
            t("dashboard.col.available"),
            t("dashboard.utilisation.rate"),
          ]}
          rows={rows.map((u) => [
            u.name,
            kindLabel(u.kind),
            u.bookedMinutes,
            u.availableMinutes,
            u.rate === null ? null : Math.round(u.rate * 10_000) / 10_000,
          ])}
        />
      }
    >
      {rows.length === 0 ? (
        <EmptyState title={t("dashboard.utilisation.none")} />
      ) : (
        <div
          className="px-2 py-4"
          style={{ height: Math.max(160, 48 + rows.length * 36) }}
          role="img"
          aria-label={title}
        >
          <ResponsiveContainer width="100%" height="100%">
            <BarChart
              layout="vertical"
              data={rows.map((u) => ({
                name: `${u.name} (${kindLabel(u.kind)})`,
                rate: u.rate === null ? 0 : Math.round(u.rate * 1000) / 10,
                kind: u.kind,
              }))}
              margin={{ left: 24, right: 24 }}
            >
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis type="number" unit="%" domain={[0, (max: number) => Math.max(100, max)]} />
              <YAxis type="category" dataKey="name" width={180} />
              <Tooltip formatter={(value) => percent.format(Number(value) / 100)} />
              <Bar dataKey="rate" name={t("dashboard.utilisation.rate")} isAnimationActive={false}>
                {rows.map((u) => (
                  <Cell
                    key={u.resourceId}
                    fill={u.kind === "practitioner" ? "#2563eb" : "#0d9488"}
                  />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </Card>
  );
}

export function TopServicesTable({ summary }: { summary: Summary }) {
  const { t, tag } = useI18n();
  const title = t("dashboard.services.title");
  const digits = currencyDigits(summary.currency);
  return (
    <Card
      title={title}
      actions={
        <ExportButton
          label={t("dashboard.export.services")}
          name="top-services"
          summary={summary}
          header={[
            t("dashboard.col.service"),
            t("dashboard.col.appointments"),
            t("dashboard.col.revenue"),
            t("dashboard.col.currency"),
          ]}
          rows={summary.topServices.map((s) => [
            s.name,
            s.appointments,
            majorUnits(s.revenueMinor, digits),
            summary.currency,
          ])}
        />
      }
    >
      {summary.topServices.length === 0 ? (
        <EmptyState title={t("dashboard.services.none")} />
      ) : (
        <Table caption={title}>
          <THead>
            <Tr>
              <Th>{t("dashboard.col.service")}</Th>
              <Th className="text-right">{t("dashboard.col.appointments")}</Th>
              <Th className="text-right">{t("dashboard.col.revenue")}</Th>
            </Tr>
          </THead>
          <TBody>
            {summary.topServices.map((s) => (
              <Tr key={s.serviceId}>
                <Td>{s.name}</Td>
                <Td className="text-right tabular-nums">{s.appointments.toLocaleString(tag)}</Td>
                <Td className="text-right tabular-nums">
                  {formatMoney(s.revenueMinor, summary.currency, tag)}
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
    </Card>
  );
}

export function RevenueByDoctorTable({ summary }: { summary: Summary }) {
  const { t, tag } = useI18n();
  const title = t("dashboard.revenue.byDoctor");
  const digits = currencyDigits(summary.currency);
  const name = (d: Summary["revenue"]["byDoctor"][number]) =>
    d.practitionerId ? d.name : t("dashboard.revenue.unassigned");
  return (
    <Card
      title={title}
      actions={
        <ExportButton
          label={t("dashboard.export.doctors")}
          name="revenue-by-doctor"
          summary={summary}
          header={[
            t("dashboard.col.doctor"),
            t("dashboard.col.amount"),
            t("dashboard.col.currency"),
          ]}
          rows={summary.revenue.byDoctor.map((d) => [
            name(d),
            majorUnits(d.amountMinor, digits),
            summary.currency,
          ])}
        />
      }
    >
      {summary.revenue.byDoctor.length === 0 ? (
        <EmptyState title={t("dashboard.revenue.none")} />
      ) : (
        <AmountTable
          caption={title}
          nameHeader={t("dashboard.col.doctor")}
          amountHeader={t("dashboard.col.amount")}
          rows={summary.revenue.byDoctor.map((d) => ({
            key: d.practitionerId ?? "unassigned",
            name: name(d),
            amount: formatMoney(d.amountMinor, summary.currency, tag),
          }))}
        />
      )}
    </Card>
  );
}
