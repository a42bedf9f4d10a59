// The pharmacy's order queue: online orders by status, with how many each status holds; an
// order opens on its own page (review, picking, hand-over).
import type { RouterOutputs } from "@caredesk/api";
import { PagedListBody, trpc } from "@caredesk/client";
import { orderStatuses, type OrderStatus } from "@caredesk/validators";
import {
  Badge,
  Card,
  cn,
  EmptyState,
  PageHeader,
  useI18n,
  useT,
  type BadgeTone,
  type MessageKey,
} from "@caredesk/ui";
import { Link } from "@tanstack/react-router";
import { useMemo, useState } from "react";
import { OrganizationGate } from "../../../components/organization-gate";
import { formatMoney } from "../../../lib/money";
import type { MyOrganization } from "../../../lib/workspace";
import { zonedFormat } from "../../../lib/zoned";

type Order = RouterOutputs["order"]["list"]["items"][number];

export const orderStatusLabel: Record<OrderStatus, MessageKey> = {
  placed: "orders.status.placed",
  approved: "orders.status.approved",
  picked: "orders.status.picked",
  ready: "orders.status.ready",
  out_for_delivery: "orders.status.out_for_delivery",
  delivered: "orders.status.delivered",
  collected: "orders.status.collected",
  rejected: "orders.status.rejected",
  cancelled: "orders.status.cancelled",
};

export const orderStatusTone: Record<OrderStatus, BadgeTone> = {
  placed: "warning",
  approved: "brand",
  picked: "brand",
  ready: "success",
  out_for_delivery: "brand",
  delivered: "neutral",
  collected: "neutral",
  rejected: "danger",
  cancelled: "neutral",
};

export function OrdersPage() {
  const t = useT();
  return (
    <OrganizationGate action="pharmacy.read" title={t("orders.title")}>
      {(organization) => <OrdersScreen organization={organization} />}
    </OrganizationGate>
  );
}

function OrdersScreen({ organization }: { organization: MyOrganization }) {
  const { t, tag } = useI18n();
  const fmt = useMemo(() => zonedFormat(tag, organization.timeZone), [tag, organization.timeZone]);
  const [status, setStatus] = useState<OrderStatus>("placed");
  const list = trpc.order.list.useInfiniteQuery(
    { status, limit: 25 },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  const counts = list.data?.pages[0]?.counts;

  return (
    <>
      <PageHeader title={t("orders.title")} description={t("orders.lead")} />
      <div className="flex flex-col gap-4">
        <div role="tablist" aria-label={t("orders.tabs")} className="flex flex-wrap gap-1">
          {orderStatuses.map((candidate) => (
            <button
              key={candidate}
              type="button"
              role="tab"
              aria-selected={candidate === status}
              onClick={() => setStatus(candidate)}
              className={cn(
                "min-h-11 rounded-md px-3 py-1.5 text-sm",
                candidate === status
                  ? "bg-brand-50 font-medium text-brand-700"
                  : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
              )}
            >
              {t(orderStatusLabel[candidate])}
              {counts ? ` (${counts[candidate]})` : ""}
            </button>
          ))}
        </div>
        <Card>
          <PagedListBody
            list={list}
            empty={
              <EmptyState
                titleAs="h2"
                title={t("orders.empty")}
                description={t("orders.empty.body")}
              />
            }
            status={(shown) => t("orders.shown", { count: shown })}
          >
            {(items) => (
              <ul className="divide-y divide-slate-100" aria-label={t(orderStatusLabel[status])}>
                {items.map((order) => (
                  <OrderRow key={order.id} order={order} when={fmt.dateTime(order.createdAt)} />
                ))}
              </ul>
            )}
          </PagedListBody>
        </Card>
      </div>
    </>
  );
}

function OrderRow({ order, when }: { order: Order; when: string }) {
  const { t, tag } = useI18n();
  return (
    <li className="flex flex-wrap items-center gap-3 py-3 first:pt-0 last:pb-0" data-testid="order">
      <Link
        to="/app/pharmacy/orders/$orderId"
        params={{ orderId: order.id }}
        className="font-medium text-brand-700 hover:underline"
      >
        {t("orders.number", { number: order.number })}
      </Link>
      <span className="text-sm text-slate-800">{order.customerName}</span>
      <Badge tone={orderStatusTone[order.status]}>{t(orderStatusLabel[order.status])}</Badge>
      {order.prescriptionReview === "pending" && (
        <Badge tone="warning">{t("orders.review.pending")}</Badge>
      )}
      <span className="text-sm text-slate-600">
        {t(
          order.fulfilment === "delivery"
            ? "orders.fulfilment.delivery"
            : "orders.fulfilment.pickup",
        )}
      </span>
      <span className="ms-auto text-sm tabular-nums text-slate-800">
        {formatMoney(order.totalMinor, order.currency, tag)}
      </span>
      <span className="text-xs text-slate-500">{when}</span>
    </li>
  );
}
