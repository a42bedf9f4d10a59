// The patient's treatment plans: what the practice proposed, item by item with the total, to
// accept or decline; and the patient's balance with the practice.
import type { RouterOutputs } from "@caredesk/api";
import { errorMessage, trpc } from "@caredesk/client";
import {
  Alert,
  Badge,
  Button,
  Card,
  EmptyState,
  LoadingState,
  PageHeader,
  useI18n,
  type BadgeTone,
} from "@caredesk/ui";
import { useState } from "react";
import { QueryError } from "../../components/query-error";
import { formatMoney } from "../../lib/money";
import { useWorkspace, type MyOrganization } from "../../lib/workspace";
import { BalanceCard } from "../app/patients/ledger";

type Plans = RouterOutputs["chart"]["myPlans"];
type Plan = Plans["plans"][number];

const planTones: Record<Plan["status"], BadgeTone> = {
  draft: "neutral",
  proposed: "brand",
  accepted: "success",
  declined: "danger",
};

export function PortalPlansPage() {
  const { organization } = useWorkspace();
  if (!organization) return null;
  return <PortalPlans organization={organization} />;
}

function PortalPlans({ organization }: { organization: MyOrganization }) {
  const { t } = useI18n();
  const plans = trpc.chart.myPlans.useQuery();
  const ledger = trpc.ledger.mine.useQuery();
  return (
    <>
      <PageHeader
        title={t("portalPlans.title")}
        description={t("portalPlans.lead", { organization: organization.name })}
      />
      <div className="flex flex-col gap-6">
        {ledger.isPending ? (
          <LoadingState />
        ) : ledger.isError ? (
          <Card>
            <QueryError
              error={ledger.error}
              onRetry={() => void ledger.refetch()}
              retrying={ledger.isRefetching}
            />
          </Card>
        ) : (
          <BalanceCard ledger={ledger.data} title={t("portalPlans.balance")} own />
        )}
        {plans.isPending ? (
          <LoadingState />
        ) : plans.isError ? (
          <Card>
            <QueryError
              error={plans.error}
              onRetry={() => void plans.refetch()}
              retrying={plans.isRefetching}
            />
          </Card>
        ) : plans.data.plans.length === 0 ? (
          <Card>
            <EmptyState title={t("portalPlans.empty")} />
          </Card>
        ) : (
          plans.data.plans.map((plan) => (
            <PlanCard key={plan.id} plan={plan} currency={plans.data.currency} />
          ))
        )}
      </div>
    </>
  );
}

function PlanCard({ plan, currency }: { plan: Plan; currency: string }) {
  const { t, tag } = useI18n();
  const utils = trpc.useUtils();
  const accept = trpc.chart.acceptPlan.useMutation();
  const decline = trpc.chart.declinePlan.useMutation();
  const [error, setError] = useState<string | null>(null);
  const money = (minor: number) => formatMoney(minor, currency, tag);
  const decide = (call: Promise<unknown>) => {
    setError(null);
    void call
      .then(() => utils.chart.myPlans.invalidate())
      .catch((cause: unknown) => setError(errorMessage(cause, t("dental.error"))));
  };
  return (
    <Card
      title={plan.title}
      actions={<Badge tone={planTones[plan.status]}>{t(`dental.planStatus.${plan.status}`)}</Badge>}
    >
      <div className="flex flex-col gap-3">
        {error && <Alert tone="error">{error}</Alert>}
        <ul className="divide-y divide-slate-100 text-sm">
          {plan.treatments.map((tr) => (
            <li key={tr.id} className="flex justify-between gap-4 py-2">
              <span>
                {tr.tooth ? `${t("dental.tooth", { tooth: tr.tooth })} · ` : ""}
                {tr.description} {tr.surfaces.join("")}
              </span>
              <span className="tabular-nums">{money(tr.chargeMinor)}</span>
            </li>
          ))}
        </ul>
        <p className="text-end font-semibold">
          {t("dental.plans.total", { amount: money(plan.totalMinor) })}
        </p>
        {plan.status === "proposed" && (
          <div className="flex justify-end gap-2">
            <Button
              variant="secondary"
              loading={decline.isPending}
              onClick={() => decide(decline.mutateAsync({ id: plan.id }))}
            >
              {t("portalPlans.decline")}
            </Button>
            <Button
              loading={accept.isPending}
              onClick={() => decide(accept.mutateAsync({ id: plan.id }))}
            >
              {t("portalPlans.accept")}
            </Button>
          </div>
        )}
      </div>
    </Card>
  );
}
