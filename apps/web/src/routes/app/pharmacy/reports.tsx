// The pharmacy's reports: the shelf's value at cost, products at or below their reorder level,
// lots expiring within 30/60/90 days, and sales by day (chart) and top products over a range.
import { fieldErrorOf, trpc } from "@caredesk/client";
import {
  Card,
  cn,
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
  useT,
} from "@caredesk/ui";
import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { OrganizationGate } from "../../../components/organization-gate";
import { QueryError } from "../../../components/query-error";
import { currencyDigits, formatMoney } from "../../../lib/money";
import type { MyOrganization } from "../../../lib/workspace";
import { addDays, todayIn } from "../../../lib/zoned";
import { DayRangeForm } from "../billing/parts";
import { PharmacyTabs } from "./products";

const horizons = [30, 60, 90] as const;
type Horizon = (typeof horizons)[number];

export function PharmacyReportsPage() {
  const t = useT();
  return (
    <OrganizationGate action="pharmacy.read" title={t("pharmacy.reports.title")}>
      {(organization) => <ReportsScreen organization={organization} />}
    </OrganizationGate>
  );
}

function ReportsScreen({ organization }: { organization: MyOrganization }) {
  const t = useT();
  return (
    <>
      <PageHeader title={t("pharmacy.reports.title")} description={t("pharmacy.reports.lead")} />
      <PharmacyTabs />
      <div className="flex flex-col gap-4">
        <Shelf organization={organization} />
        <Sales organization={organization} />
      </div>
    </>
  );
}

function Shelf({ organization }: { organization: MyOrganization }) {
  const { t, tag } = useI18n();
  const summary = trpc.pharmacyReport.summary.useQuery();
  const [horizon, setHorizon] = useState<Horizon>(30);
  if (summary.isPending) return <LoadingState />;
  if (summary.isError) {
    return (
      <QueryError
        error={summary.error}
        onRetry={() => void summary.refetch()}
        retrying={summary.isRefetching}
      />
    );
  }
  const s = summary.data;
  const money = (minor: number) => formatMoney(minor, s.currency || organization.currency, tag);
  const expiring = s.expiring.filter((lot) => lot.daysLeft <= horizon);
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-3">
        <Card>
          <p className="text-sm text-slate-600">{t("pharmacy.reports.value")}</p>
          <p className="text-2xl font-semibold text-slate-900" data-testid="stock-value">
            {money(s.stockValueMinor)}
          </p>
          <p className="text-xs text-slate-600">
            {t("pharmacy.reports.units", { units: s.unitsOnHand, lots: s.lots })}
          </p>
        </Card>
        <Card>
          <p className="text-sm text-slate-600">{t("pharmacy.reports.low")}</p>
          <p className="text-2xl font-semibold text-slate-900">{s.belowReorder.length}</p>
        </Card>
        <Card>
          <p className="text-sm text-slate-600">{t("pharmacy.reports.expiring", { days: 90 })}</p>
          <p className="text-2xl font-semibold text-slate-900">{s.expiringCounts[90]}</p>
          {s.expiredUnitsOnShelf > 0 && (
            <p className="text-xs text-red-700">
              {t("pharmacy.reports.expiredOnShelf", { units: s.expiredUnitsOnShelf })}
            </p>
          )}
        </Card>
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <h2 className="mb-3 text-lg font-semibold text-slate-900">{t("pharmacy.reports.low")}</h2>
          {s.belowReorder.length === 0 ? (
            <EmptyState title={t("pharmacy.reports.low.empty")} />
          ) : (
            <Table caption={t("pharmacy.reports.low")}>
              <THead>
                <Tr>
                  <Th>{t("pharmacy.col.product")}</Th>
                  <Th className="text-right">{t("pharmacy.onHand.label")}</Th>
                  <Th className="text-right">{t("pharmacy.field.reorderLevel")}</Th>
                </Tr>
              </THead>
              <TBody>
                {s.belowReorder.map((row) => (
                  <Tr key={row.id}>
                    <Td>
                      <Link
                        to="/app/pharmacy/products/$productId"
                        params={{ productId: row.id }}
                        className="text-brand-700 hover:underline"
                      >
                        {row.name}
                      </Link>
                    </Td>
                    <Td className="text-right tabular-nums">{row.onHand}</Td>
                    <Td className="text-right tabular-nums">{row.reorderLevel}</Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          )}
        </Card>
        <Card>
          <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
            <h2 className="text-lg font-semibold text-slate-900">
              {t("pharmacy.reports.expiring", { days: horizon })}
            </h2>
            <div role="tablist" aria-label={t("pharmacy.reports.horizon")} className="flex gap-1">
              {horizons.map((h) => (
                <button
                  key={h}
                  type="button"
                  role="tab"
                  aria-selected={h === horizon}
                  onClick={() => setHorizon(h)}
                  className={cn(
                    "min-h-9 rounded-md px-3 text-sm",
                    h === horizon
                      ? "bg-brand-50 font-medium text-brand-700"
                      : "text-slate-600 hover:bg-slate-100",
                  )}
                >
                  {t("pharmacy.reports.days", { days: h })} ({s.expiringCounts[h]})
                </button>
              ))}
            </div>
          </div>
          {expiring.length === 0 ? (
            <EmptyState title={t("pharmacy.reports.expiring.empty", { days: horizon })} />
          ) : (
            <Table caption={t("pharmacy.reports.expiring", { days: horizon })}>
              <THead>
                <Tr>
                  <Th>{t("pharmacy.col.product")}</Th>
                  <Th>{t("pharmacy.col.batch")}</Th>
                  <Th>{t("pharmacy.col.expiry")}</Th>
                  <Th className="text-right">{t("pharmacy.col.quantity")}</Th>
                </Tr>
              </THead>
              <TBody>
                {expiring.map((lot) => (
                  <Tr key={lot.lotId}>
                    <Td>{lot.productName}</Td>
                    <Td>{lot.batchNumber}</Td>
                    <Td>{lot.expiresOn}</Td>
                    <Td className="text-right tabular-nums">{lot.quantity}</Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          )}
        </Card>
      </div>
    </>
  );
}

function Sales({ organization }: { organization: MyOrganization }) {
  const { t, tag } = useI18n();
  const today = todayIn(organization.timeZone);
  const [range, setRange] = useState({ from: addDays(today, -29), to: today });
  const sales = trpc.pharmacyReport.sales.useQuery(range);
  const currency = sales.data?.currency ?? organization.currency;
  const money = (minor: number) => formatMoney(minor, currency, tag);
  const major = (minor: number) => minor / 10 ** currencyDigits(currency);
  return (
    <Card>
      <h2 className="mb-3 text-lg font-semibold text-slate-900">{t("pharmacy.reports.sales")}</h2>
      <DayRangeForm
        initial={range}
        onShow={setRange}
        errorOf={(field) => fieldErrorOf(sales.error, field) ?? undefined}
      />
      {sales.isPending ? (
        <LoadingState />
      ) : sales.isError ? (
        <QueryError
          error={sales.error}
          onRetry={() => void sales.refetch()}
          retrying={sales.isRefetching}
        />
      ) : sales.data.totalUnits === 0 ? (
        <EmptyState title={t("pharmacy.reports.sales.empty")} />
      ) : (
        <div className="flex flex-col gap-6">
          <div>
            <p className="text-sm text-slate-600">{t("pharmacy.reports.sales.total")}</p>
            <p className="text-3xl font-semibold text-slate-900" data-testid="sales-total">
              {money(sales.data.totalRevenueMinor)}
            </p>
            <p className="text-xs text-slate-600">
              {t("pharmacy.reports.sales.units", { units: sales.data.totalUnits })}
            </p>
          </div>
          <div className="h-72" role="img" aria-label={t("pharmacy.reports.sales.byDay")}>
            <ResponsiveContainer width="100%" height="100%">
              <BarChart
                data={sales.data.byDay.map((d) => ({ day: d.day, revenue: major(d.revenueMinor) }))}
              >
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="day" />
                <YAxis />
                <Tooltip />
                <Bar
                  dataKey="revenue"
                  name={t("pharmacy.reports.sales.revenue")}
                  fill="#2563eb"
                  isAnimationActive={false}
                />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <Table caption={t("pharmacy.reports.sales.top")}>
            <THead>
              <Tr>
                <Th>{t("pharmacy.col.product")}</Th>
                <Th className="text-right">{t("pharmacy.col.units")}</Th>
                <Th className="text-right">{t("pharmacy.reports.sales.revenue")}</Th>
              </Tr>
            </THead>
            <TBody>
              {sales.data.topProducts.map((p) => (
                <Tr key={p.productId}>
                  <Td>{p.name}</Td>
                  <Td className="text-right tabular-nums">{p.units}</Td>
                  <Td className="text-right tabular-nums">{money(p.revenueMinor)}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </div>
      )}
    </Card>
  );
}
