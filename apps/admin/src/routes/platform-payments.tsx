// What practices paid the platform for their plans, newest first. Read-only: plan payments have
// no refund path in the product (refunds are made in the provider's dashboard).
import { trpc } from "@caredesk/client";
import { Badge, Card, PageHeader, Td, Th, Tr, useI18n } from "@caredesk/ui";
import { Link } from "@tanstack/react-router";
import { money } from "../components/money";
import { PagedTable } from "../components/paged-table";

export function PlatformPaymentsPage() {
  const { t, tag, formatDate, formatDateTime } = useI18n();
  const payments = trpc.admin.planPayments.useInfiniteQuery(
    { limit: 25 },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  return (
    <>
      <PageHeader title={t("admin.payments.title")} description={t("admin.payments.lead")} />
      <Card>
        <PagedTable
          list={payments}
          caption={t("admin.payments.caption")}
          emptyTitle={t("admin.payments.empty.title")}
          emptyBody={t("admin.payments.empty.body")}
          head={
            <>
              <Th>{t("admin.payments.col.practice")}</Th>
              <Th className="text-end">{t("admin.payments.col.amount")}</Th>
              <Th>{t("admin.payments.col.status")}</Th>
              <Th className="hidden md:table-cell">{t("admin.payments.col.period")}</Th>
              <Th className="hidden lg:table-cell">{t("admin.payments.col.created")}</Th>
            </>
          }
        >
          {(p) => (
            <Tr key={p.id}>
              <Td>
                <Link
                  to="/organizations/$organizationId"
                  params={{ organizationId: p.organizationId }}
                  className="font-medium text-brand-700 hover:underline"
                >
                  {p.organizationName}
                </Link>
                <div className="text-xs text-slate-500">
                  {p.provider} · {p.interval} ·{" "}
                  {p.features.map((f) => t(`plans.feature.${f}`)).join(", ")}
                </div>
              </Td>
              <Td className="text-end tabular-nums">{money(p.amountMinor, p.currency, tag)}</Td>
              <Td>
                <Badge
                  tone={
                    p.status === "succeeded"
                      ? "success"
                      : p.status === "failed"
                        ? "danger"
                        : "neutral"
                  }
                >
                  {p.status}
                </Badge>
                {p.statusReason && (
                  <div className="mt-1 text-xs text-slate-500">{p.statusReason}</div>
                )}
              </Td>
              <Td className="hidden text-slate-600 md:table-cell">
                {p.periodStart && p.periodEnd
                  ? `${formatDate(p.periodStart)} – ${formatDate(p.periodEnd)}`
                  : "—"}
              </Td>
              <Td className="hidden text-slate-500 lg:table-cell">{formatDateTime(p.createdAt)}</Td>
            </Tr>
          )}
        </PagedTable>
      </Card>
    </>
  );
}
