// The platform's overview: sign-ups, active practices, bookings and revenue per day (UTC) over
// a chosen period, as charts. What "active" means is said on the page (and in admin-stats.ts).
import { ApiErrorState, trpc } from "@caredesk/client";
import { Card, EmptyState, LoadingState, PageHeader, SelectField, useI18n } from "@caredesk/ui";
import { keepPreviousData } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { MalwareScanningNotice } from "../components/malware-scanning";
import { majorUnits } from "../components/money";

type Stats = NonNullable<
  ReturnType<ReturnType<typeof trpc.useUtils>["admin"]["platformStats"]["getData"]>
>;

const ranges = [7, 30, 90, 365] as const;
const palette = ["#2563eb", "#16a34a", "#d97706", "#9333ea", "#dc2626", "#0891b2"];

export function StatsPage() {
  const { t } = useI18n();
  const [days, setDays] = useState<number>(30);
  const stats = trpc.admin.platformStats.useQuery({ days }, { placeholderData: keepPreviousData });
  return (
    <>
      <PageHeader
        title={t("admin.stats.title")}
        description={t("admin.stats.lead")}
        actions={
          <SelectField
            label={t("admin.stats.range")}
            value={String(days)}
            onChange={(event) => setDays(Number(event.target.value))}
            options={ranges.map((r) => ({
              value: String(r),
              label: t("admin.stats.days", { count: r }),
            }))}
          />
        }
      />
      <MalwareScanningNotice />
      {stats.isPending ? (
        <LoadingState />
      ) : stats.isError ? (
        <ApiErrorState
          error={stats.error}
          onRetry={() => void stats.refetch()}
          retrying={stats.isRefetching}
        />
      ) : (
        <Charts stats={stats.data} />
      )}
    </>
  );
}

function ChartCard({
  title,
  total,
  children,
}: {
  title: string;
  total?: string;
  children: ReactNode;
}) {
  return (
    <Card title={title} description={total}>
      <div className="h-64 w-full">
        <ResponsiveContainer width="100%" height="100%">
          {children}
        </ResponsiveContainer>
      </div>
    </Card>
  );
}

function Charts({ stats }: { stats: Stats }) {
  const { t } = useI18n();
  const data = stats.days.map((d) => ({ ...d, label: d.day.slice(5) }));
  const sum = (key: "signUps" | "bookings") => stats.days.reduce((n, d) => n + d[key], 0);
  const nothing =
    stats.days.every((d) => d.signUps === 0 && d.bookings === 0 && d.activePractices === 0) &&
    stats.revenue.length === 0 &&
    stats.planRevenue.length === 0;
  if (nothing) {
    return (
      <Card>
        <EmptyState title={t("admin.stats.empty")} />
      </Card>
    );
  }
  return (
    <div className="grid gap-6 lg:grid-cols-2" data-testid="platform-charts">
      <DailyBars data={data} dataKey="signUps" total={sum("signUps")} color={palette[0]} />
      <ChartCard title={t("admin.stats.activePractices")}>
        <LineChart data={data}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Line
            isAnimationActive={false}
            type="monotone"
            dataKey="activePractices"
            name={t("admin.stats.activePractices")}
            stroke={palette[1]}
            dot={false}
          />
        </LineChart>
      </ChartCard>
      <DailyBars data={data} dataKey="bookings" total={sum("bookings")} color={palette[2]} />
      <Revenue title={t("admin.stats.revenue")} stats={stats} rows={stats.revenue} />
      <Revenue title={t("admin.stats.planRevenue")} stats={stats} rows={stats.planRevenue} />
    </div>
  );
}

/** A count per day as bars, under its total over the period. */
function DailyBars({
  data,
  dataKey,
  total,
  color,
}: {
  data: Record<string, unknown>[];
  dataKey: "signUps" | "bookings";
  total: number;
  color: string | undefined;
}) {
  const { t, formatNumber } = useI18n();
  return (
    <ChartCard
      title={t(`admin.stats.${dataKey}`)}
      total={t("admin.stats.total", { count: formatNumber(total) })}
    >
      <BarChart data={data}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="label" />
        <YAxis allowDecimals={false} />
        <Tooltip />
        <Bar
          isAnimationActive={false}
          dataKey={dataKey}
          name={t(`admin.stats.${dataKey}`)}
          fill={color}
        />
      </BarChart>
    </ChartCard>
  );
}

/** One line per currency, in major units (minor units divided by the currency's digits). */
function Revenue({ title, stats, rows }: { title: string; stats: Stats; rows: Stats["revenue"] }) {
  const { t, tag } = useI18n();
  if (rows.length === 0) {
    return (
      <Card title={title}>
        <p className="text-sm text-slate-500">{t("admin.stats.noRevenue")}</p>
      </Card>
    );
  }
  const currencies = [...new Set(rows.map((r) => r.currency))];
  const data = stats.days.map((d) => {
    const point: Record<string, string | number> = { label: d.day.slice(5) };
    for (const c of currencies) {
      const row = rows.find((r) => r.day === d.day && r.currency === c);
      point[c] = row ? majorUnits(row.amountMinor, c, tag) : 0;
    }
    return point;
  });
  return (
    <ChartCard title={title}>
      <LineChart data={data}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="label" />
        <YAxis />
        <Tooltip />
        <Legend />
        {currencies.map((c, i) => (
          <Line
            isAnimationActive={false}
            key={c}
            type="monotone"
            dataKey={c}
            name={c}
            stroke={palette[i % palette.length]}
            dot={false}
          />
        ))}
      </LineChart>
    </ChartCard>
  );
}
