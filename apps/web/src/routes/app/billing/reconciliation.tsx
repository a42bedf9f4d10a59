// Reconciliation: each online payment as we hold it next to what the journal booked at its
// provider. Rows that disagree, or that the provider reported differently from the invoice, come
// first; "Check with the provider" reads the payment back from the provider and applies it.
import { trpc } from "@caredesk/client";
import {
  Badge,
  Button,
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
  type BadgeTone,
} from "@caredesk/ui";
import { useState } from "react";
import { OrganizationGate } from "../../../components/organization-gate";
import { QueryError } from "../../../components/query-error";
import { formatMoney } from "../../../lib/money";
import type { MyOrganization } from "../../../lib/workspace";
import { addDays, todayIn } from "../../../lib/zoned";
import { BillingTabs, DayRangeForm, PaymentStatusBadge } from "./parts";

const stateTones: Record<"matched" | "open" | "review" | "mismatch", BadgeTone> = {
  matched: "success",
  open: "neutral",
  review: "warning",
  mismatch: "danger",
};
const stateOrder = ["mismatch", "review", "open", "matched"] as const;

export function BillingReconciliationPage() {
  const { t } = useI18n();
  return (
    <OrganizationGate action="billing.read" title={t("billing.title")}>
      {(organization) => <ReconciliationScreen organization={organization} />}
    </OrganizationGate>
  );
}

function ReconciliationScreen({ organization }: { organization: MyOrganization }) {
  const { t, tag } = useI18n();
  const today = todayIn(organization.timeZone);
  const [range, setRange] = useState({ from: addDays(today, -29), to: today });
  const report = trpc.billing.reconciliation.useQuery(range);
  const utils = trpc.useUtils();
  const sync = trpc.payment.sync.useMutation({
    onSettled: () => void utils.billing.reconciliation.invalidate(),
  });
  const fieldError = (field: "from" | "to") =>
    report.error?.data?.fieldErrors?.[field]?.[0] ?? undefined;
  const rows = [...(report.data?.rows ?? [])].sort(
    (a, b) => stateOrder.indexOf(a.state) - stateOrder.indexOf(b.state),
  );
  return (
    <div>
      <PageHeader title={t("billing.title")} description={t("billing.reconciliation.lead")} />
      <BillingTabs />
      <Card>
        <DayRangeForm initial={range} onShow={setRange} errorOf={fieldError} />
        {sync.error ? (
          <p role="alert" className="mb-4 text-sm text-red-700">
            {sync.error.message}
          </p>
        ) : null}
        {report.isPending ? (
          <LoadingState />
        ) : report.isError ? (
          <QueryError
            error={report.error}
            onRetry={() => void report.refetch()}
            retrying={report.isRefetching}
          />
        ) : rows.length === 0 ? (
          <EmptyState title={t("billing.reconciliation.empty")} />
        ) : (
          <>
            <p className="mb-3 text-sm text-slate-600" data-testid="reconciliation-summary">
              {report.data.mismatches === 0
                ? t("billing.reconciliation.allMatch")
                : t("billing.reconciliation.mismatches", { count: report.data.mismatches })}
            </p>
            <Table caption={t("billing.tab.reconciliation")}>
              <THead>
                <Tr>
                  <Th>{t("billing.col.date")}</Th>
                  <Th>{t("billing.col.method")}</Th>
                  <Th>{t("billing.reconciliation.reference")}</Th>
                  <Th>{t("billing.col.status")}</Th>
                  <Th className="text-right">{t("billing.reconciliation.expected")}</Th>
                  <Th className="text-right">{t("billing.reconciliation.booked")}</Th>
                  <Th>{t("billing.reconciliation.state")}</Th>
                  <Th>{t("billing.col.actions")}</Th>
                </Tr>
              </THead>
              <TBody>
                {rows.map((row) => (
                  <Tr key={row.paymentId}>
                    <Td>{new Date(row.createdAt).toLocaleDateString(tag)}</Td>
                    <Td>{t(`billing.method.${row.provider}`)}</Td>
                    <Td className="font-mono text-xs">{row.providerRef ?? "—"}</Td>
                    <Td>
                      <PaymentStatusBadge status={row.status} />
                    </Td>
                    <Td className="text-right tabular-nums">
                      {formatMoney(row.expectedMinor, row.currency, tag)}
                    </Td>
                    <Td className="text-right tabular-nums">
                      {formatMoney(row.bookedMinor, row.currency, tag)}
                    </Td>
                    <Td>
                      <Badge tone={stateTones[row.state]}>
                        {t(`billing.reconciliation.state.${row.state}`)}
                      </Badge>
                    </Td>
                    <Td>
                      <Button
                        size="sm"
                        variant="ghost"
                        disabled={sync.isPending && sync.variables.paymentId === row.paymentId}
                        onClick={() => sync.mutate({ paymentId: row.paymentId })}
                      >
                        {t("billing.reconciliation.check")}
                      </Button>
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          </>
        )}
      </Card>
    </div>
  );
}
