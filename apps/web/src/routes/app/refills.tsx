// The refill queue: patients' requests to refill a prescription, by status, newest first. The
// front desk sees them; a doctor or pharmacist opens one to approve or decline it. On top, the
// last 30 days in figures: requests by status and how long a decision took.
import type { RouterOutputs } from "@caredesk/api";
import { errorCode, PagedListBody, trpc } from "@caredesk/client";
import type { RefillStatus } from "@caredesk/validators";
import {
  Badge,
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
  type MessageKey,
} from "@caredesk/ui";
import { Link } from "@tanstack/react-router";
import { useMemo, useState } from "react";
import { OrganizationGate } from "../../components/organization-gate";
import { QueryError } from "../../components/query-error";
import type { MyOrganization } from "../../lib/workspace";
import { addDays, todayIn, zonedFormat } from "../../lib/zoned";
import { portalRefillStatus, refillStatusTone } from "../portal/refills";

type Refill = RouterOutputs["refill"]["list"]["items"][number];
type Stats = RouterOutputs["refill"]["stats"];

const tabs: { status: RefillStatus; label: MessageKey }[] = [
  { status: "requested", label: "refills.tab.requested" },
  { status: "approved", label: "refills.tab.approved" },
  { status: "declined", label: "refills.tab.declined" },
  { status: "cancelled", label: "refills.tab.cancelled" },
];

export function RefillsPage() {
  const t = useT();
  return (
    <OrganizationGate action="patient.read" title={t("refills.title")}>
      {(organization) => <RefillsScreen organization={organization} />}
    </OrganizationGate>
  );
}

function RefillsScreen({ organization }: { organization: MyOrganization }) {
  const { t, tag } = useI18n();
  const fmt = useMemo(() => zonedFormat(tag, organization.timeZone), [tag, organization.timeZone]);
  const [status, setStatus] = useState<RefillStatus>("requested");
  const list = trpc.refill.list.useInfiniteQuery(
    { status, limit: 25 },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  const tab = tabs.find((candidate) => candidate.status === status) ?? tabs[0];

  return (
    <>
      <PageHeader title={t("refills.title")} description={t("refills.lead")} />
      <div className="flex flex-col gap-4">
        <RefillStats timeZone={organization.timeZone} />
        <div role="tablist" aria-label={t("refills.tabs")} className="flex flex-wrap gap-1">
          {tabs.map((candidate) => (
            <button
              key={candidate.status}
              type="button"
              role="tab"
              aria-selected={candidate.status === status}
              onClick={() => setStatus(candidate.status)}
              className={cn(
                "min-h-11 rounded-md px-3 py-1.5 text-sm",
                candidate.status === status
                  ? "bg-brand-50 font-medium text-brand-700"
                  : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
              )}
            >
              {t(candidate.label)}
            </button>
          ))}
        </div>
        <Card>
          {list.isError && errorCode(list.error) === "NOT_FOUND" ? (
            <EmptyState titleAs="h2" title={t("refills.off")} description={t("refills.off.body")} />
          ) : (
            <PagedListBody
              list={list}
              empty={
                <EmptyState
                  titleAs="h2"
                  title={t("refills.empty")}
                  description={t("refills.empty.body")}
                />
              }
              status={(shown) => t("refills.shown", { count: shown })}
            >
              {(items) => (
                <Table caption={t(tab?.label ?? "refills.title")} captionHidden>
                  <THead>
                    <Tr>
                      <Th>{t("refills.col.patient")}</Th>
                      <Th>{t("refills.col.medicine")}</Th>
                      <Th>{t("refills.col.requested")}</Th>
                      <Th>{t("refills.col.status")}</Th>
                    </Tr>
                  </THead>
                  <TBody>
                    {items.map((refill) => (
                      <RefillRow
                        key={refill.id}
                        refill={refill}
                        when={fmt.dateTime(refill.createdAt)}
                      />
                    ))}
                  </TBody>
                </Table>
              )}
            </PagedListBody>
          )}
        </Card>
      </div>
    </>
  );
}

function RefillRow({ refill, when }: { refill: Refill; when: string }) {
  const t = useT();
  const medicine = refill.medicine ?? t("refills.uploaded");
  return (
    <Tr>
      <Td>
        <Link
          to="/app/refills/$refillId"
          params={{ refillId: refill.id }}
          className="font-medium text-brand-700 hover:underline"
          aria-label={`${t("refills.open")}: ${refill.patientName}, ${medicine}`}
        >
          {refill.patientName}
        </Link>
        <span className="block text-xs text-slate-600 tabular-nums">{refill.patientMobile}</span>
      </Td>
      <Td>
        {medicine}
        {refill.dose && (
          <span className="block text-xs text-slate-600">
            {refill.dose}, {refill.frequency}
          </span>
        )}
      </Td>
      <Td className="whitespace-nowrap">{when}</Td>
      <Td>
        <Badge tone={refillStatusTone[refill.status]}>{t(portalRefillStatus[refill.status])}</Badge>
      </Td>
    </Tr>
  );
}

/** The last 30 days up to today in the practice's zone: counts and hours to a decision. */
function RefillStats({ timeZone }: { timeZone: string }) {
  const t = useT();
  const [range] = useState(() => {
    const today = todayIn(timeZone);
    return { from: addDays(today, -29), to: today };
  });
  const stats = trpc.refill.stats.useQuery(range);
  // Refills off: the queue below says so.
  if (stats.isError && errorCode(stats.error) === "NOT_FOUND") return null;
  if (stats.isPending) {
    return (
      <Card title={t("refills.stats.title")}>
        <LoadingState />
      </Card>
    );
  }
  if (stats.isError) {
    return (
      <Card title={t("refills.stats.title")}>
        <QueryError
          error={stats.error}
          onRetry={() => void stats.refetch()}
          retrying={stats.isRefetching}
        />
      </Card>
    );
  }
  const data: Stats = stats.data;
  const figure = (label: MessageKey, value: string, detail?: string) => (
    <div>
      <dt className="text-sm text-slate-600">{t(label)}</dt>
      <dd className="text-lg font-semibold text-slate-900 tabular-nums">{value}</dd>
      {detail && <dd className="text-sm text-slate-600 tabular-nums">{detail}</dd>}
    </div>
  );
  const { medianHours, p90Hours } = data.toDecision;
  return (
    <Card title={t("refills.stats.title")}>
      <dl className="grid grid-cols-2 gap-4 md:grid-cols-5" data-testid="refill-stats">
        {figure(
          "refills.stats.toDecision",
          medianHours === null
            ? t("refills.stats.none")
            : t("refills.stats.median", { hours: medianHours }),
          p90Hours === null ? undefined : t("refills.stats.p90", { hours: p90Hours }),
        )}
        {figure("refills.stats.total", String(data.total))}
        {figure("refills.stats.waiting", String(data.byStatus.requested))}
        {figure("refills.stats.approved", String(data.byStatus.approved))}
        {figure("refills.stats.declined", String(data.byStatus.declined))}
      </dl>
    </Card>
  );
}
