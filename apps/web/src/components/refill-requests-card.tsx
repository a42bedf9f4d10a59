// The requests inbox's section of prescription refills waiting for a doctor or pharmacist,
// shown while the practice has the feature and the member may read patients.
import { trpc } from "@caredesk/client";
import { Card, EmptyState, LoadingState, useI18n } from "@caredesk/ui";
import { Link } from "@tanstack/react-router";
import { can } from "../lib/permissions";
import type { MyOrganization } from "../lib/workspace";
import { QueryError } from "./query-error";

export function RefillRequestsCard({ organization }: { organization: MyOrganization }) {
  const enabled =
    organization.features.includes("prescription_refill") && can(organization.role, "patient.read");
  if (!enabled) return null;
  return <WaitingRefills />;
}

function WaitingRefills() {
  const { t, formatNumber } = useI18n();
  const waiting = trpc.refill.list.useQuery(
    { status: "requested", limit: 10 },
    { refetchInterval: 30_000 },
  );
  return (
    <Card title={t("requests.refills.title")}>
      {waiting.isPending ? (
        <LoadingState />
      ) : waiting.isError ? (
        <QueryError
          error={waiting.error}
          onRetry={() => void waiting.refetch()}
          retrying={waiting.isRefetching}
        />
      ) : waiting.data.items.length === 0 ? (
        <EmptyState title={t("refills.empty")} description={t("refills.empty.body")} />
      ) : (
        <div className="flex flex-col gap-3">
          <p className="text-sm text-slate-700">
            {t("requests.refills.waiting", {
              count: formatNumber(waiting.data.items.length) + (waiting.data.nextCursor ? "+" : ""),
            })}
          </p>
          <ul className="divide-y divide-slate-100" aria-label={t("requests.refills.title")}>
            {waiting.data.items.map((refill) => (
              <li key={refill.id} className="flex flex-wrap items-center gap-3 py-2">
                <Link
                  to="/app/refills/$refillId"
                  params={{ refillId: refill.id }}
                  className="font-medium text-brand-700 hover:underline"
                >
                  {refill.patientName}
                </Link>
                <span className="text-sm text-slate-700">
                  {refill.medicine ?? t("refills.uploaded")}
                </span>
              </li>
            ))}
          </ul>
          <Link to="/app/refills" className="text-sm text-brand-700 hover:underline">
            {t("requests.refills.open")}
          </Link>
        </div>
      )}
    </Card>
  );
}
