// The portal's orders: one's orders from the practice's shop, and one order with its progress in
// words, its items, paying online while unpaid, and cancelling while the pharmacy has not picked
// it yet.
import type { RouterOutputs } from "@caredesk/api";
import { errorMessage, PagedListBody, trpc } from "@caredesk/client";
import type { OrderStatus } from "@caredesk/validators";
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
  type MessageKey,
} from "@caredesk/ui";
import { getRouteApi, Link } from "@tanstack/react-router";
import { useMemo, useState } from "react";
import { QueryError } from "../../components/query-error";
import { formatMoney } from "../../lib/money";
import { useWorkspace, type MyOrganization } from "../../lib/workspace";
import { zonedFormat } from "../../lib/zoned";
import { PayOnline } from "./pay";

type Order = RouterOutputs["order"]["mineById"];
type Format = ReturnType<typeof zonedFormat>;

export const portalOrderStatus: Record<OrderStatus, MessageKey> = {
  placed: "portalOrders.status.placed",
  approved: "portalOrders.status.approved",
  picked: "portalOrders.status.picked",
  ready: "portalOrders.status.ready",
  out_for_delivery: "portalOrders.status.out_for_delivery",
  delivered: "portalOrders.status.delivered",
  collected: "portalOrders.status.collected",
  rejected: "portalOrders.status.rejected",
  cancelled: "portalOrders.status.cancelled",
};

const tones: Record<OrderStatus, BadgeTone> = {
  placed: "warning",
  approved: "brand",
  picked: "brand",
  ready: "success",
  out_for_delivery: "brand",
  delivered: "success",
  collected: "success",
  rejected: "danger",
  cancelled: "neutral",
};

export function PortalOrdersPage() {
  const { organization } = useWorkspace();
  if (!organization) return null;
  return <PortalOrders organization={organization} />;
}

function PortalOrders({ organization }: { organization: MyOrganization }) {
  const { t, tag } = useI18n();
  const fmt = useMemo(() => zonedFormat(tag, organization.timeZone), [tag, organization.timeZone]);
  const list = trpc.order.mine.useInfiniteQuery(
    { limit: 25 },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  return (
    <>
      <PageHeader title={t("portalOrders.title")} />
      <Card>
        <PagedListBody
          list={list}
          empty={
            <EmptyState
              titleAs="h2"
              title={t("portalOrders.empty")}
              description={t("portalOrders.empty.body")}
            />
          }
          status={(shown) => t("portalOrders.shown", { count: shown })}
        >
          {(items) => (
            <ul className="divide-y divide-slate-100" aria-label={t("portalOrders.title")}>
              {items.map((order) => (
                <li key={order.id} className="flex flex-wrap items-center gap-3 py-3">
                  <Link
                    to="/portal/orders/$orderId"
                    params={{ orderId: order.id }}
                    className="font-medium text-brand-700 hover:underline"
                  >
                    {t("portalOrders.number", { number: order.number })}
                  </Link>
                  <Badge tone={tones[order.status]}>{t(portalOrderStatus[order.status])}</Badge>
                  <span className="text-sm text-slate-600">
                    {t("portalOrders.placedOn", { date: fmt.dateTime(order.createdAt) })}
                  </span>
                  <span className="ms-auto tabular-nums">
                    {formatMoney(order.totalMinor, order.currency, tag)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </PagedListBody>
      </Card>
    </>
  );
}

const route = getRouteApi("/portal/orders/$orderId");

export function PortalOrderPage() {
  const { organization } = useWorkspace();
  const { orderId } = route.useParams();
  if (!organization) return null;
  return <PortalOrder organization={organization} orderId={orderId} />;
}

/** The steps an order goes through, with when each was reached. */
function timeline(order: Order): { status: OrderStatus; at: Date | null }[] {
  const last: OrderStatus[] =
    order.fulfilment === "delivery" ? ["out_for_delivery", "delivered"] : ["ready", "collected"];
  const at: Partial<Record<OrderStatus, Date | null>> = {
    placed: order.createdAt,
    approved: order.reviewedAt,
    picked: order.pickedAt,
    ready: order.readyAt,
    out_for_delivery: order.dispatchedAt,
    delivered: order.completedAt,
    collected: order.completedAt,
  };
  if (order.status === "rejected" || order.status === "cancelled") {
    return [
      { status: "placed", at: order.createdAt },
      { status: order.status, at: order.cancelledAt },
    ];
  }
  return (["placed", "approved", "picked", ...last] as OrderStatus[]).map((status) => ({
    status,
    at: at[status] ?? null,
  }));
}

function PortalOrder({ organization, orderId }: { organization: MyOrganization; orderId: string }) {
  const { t, tag } = useI18n();
  const fmt = useMemo(() => zonedFormat(tag, organization.timeZone), [tag, organization.timeZone]);
  const utils = trpc.useUtils();
  const order = trpc.order.mineById.useQuery({ id: orderId });
  const [paying, setPaying] = useState(false);
  const cancel = trpc.order.cancelMine.useMutation({
    onSuccess: () => void utils.order.invalidate(),
  });
  const back = (
    <Link to="/portal/orders" className="text-sm text-brand-700 hover:underline">
      {t("portalOrders.back")}
    </Link>
  );
  if (order.isPending) return <LoadingState />;
  if (order.isError) {
    return (
      <Card>
        <QueryError
          error={order.error}
          onRetry={() => void order.refetch()}
          notFoundTitle={t("portalOrders.notFound")}
          notFoundAction={back}
        />
      </Card>
    );
  }
  const o = order.data;
  const money = (minor: number) => formatMoney(minor, o.currency, tag);
  const cancellable = o.status === "placed" || o.status === "approved";
  return (
    <>
      {back}
      <PageHeader title={t("portalOrders.number", { number: o.number })} />
      <div className="flex flex-col gap-4">
        <Card>
          <h2 className="mb-2 font-medium">{t("portalOrders.timeline")}</h2>
          <Steps order={o} fmt={fmt} />
          {o.cancelReason && (
            <p className="mt-2 text-sm text-slate-700">
              {t("portalOrders.reason", { reason: o.cancelReason })}
            </p>
          )}
        </Card>
        <Card>
          <h2 className="mb-2 font-medium">{t("portalOrders.items")}</h2>
          <ul className="divide-y divide-slate-100">
            {o.items.map((item) => (
              <li key={item.id} className="flex gap-2 py-2 text-sm">
                <span>
                  {item.quantity} × {item.name}
                </span>
                <span className="ms-auto tabular-nums">{money(item.totalMinor)}</span>
              </li>
            ))}
          </ul>
          <p className="mt-2 flex font-medium">
            <span>{t("portalOrders.total")}</span>
            <span className="ms-auto tabular-nums">{money(o.totalMinor)}</span>
          </p>
          <div className="mt-3 flex flex-col gap-2">
            {o.refundDueMinor > 0 && (
              <Alert tone="info">
                {t("portalOrders.refund", { amount: money(o.refundDueMinor) })}
              </Alert>
            )}
            {o.outstandingMinor === 0 && o.paidMinor > 0 && (
              <Badge tone="success">{t("portalOrders.paid")}</Badge>
            )}
            {o.outstandingMinor > 0 && o.paymentChoice === "cash_on_delivery" && (
              <p className="text-sm">
                {t("portalOrders.payCash", { amount: money(o.outstandingMinor) })}
              </p>
            )}
            {o.outstandingMinor > 0 && o.paymentChoice === "online" && o.invoiceId && (
              <>
                <p className="text-sm">
                  {t("portalOrders.unpaid", { amount: money(o.outstandingMinor) })}
                </p>
                {paying ? (
                  <PayOnline
                    target={{ invoiceId: o.invoiceId }}
                    onPaid={() => {
                      setPaying(false);
                      void utils.order.invalidate();
                    }}
                  />
                ) : (
                  <Button onClick={() => setPaying(true)}>{t("portalOrders.pay")}</Button>
                )}
              </>
            )}
          </div>
        </Card>
        {cancellable && (
          <div className="flex flex-col gap-2">
            {cancel.error && (
              <Alert tone="error">{errorMessage(cancel.error, t("ui.error.network"))}</Alert>
            )}
            <Button
              variant="secondary"
              loading={cancel.isPending}
              onClick={() => cancel.mutate({ id: o.id })}
            >
              {t("portalOrders.cancel")}
            </Button>
          </div>
        )}
        {cancel.isSuccess && <Alert tone="success">{t("portalOrders.cancelled")}</Alert>}
      </div>
    </>
  );
}

function Steps({ order, fmt }: { order: Order; fmt: Format }) {
  const { t } = useI18n();
  return (
    <ol className="flex flex-col gap-2" data-testid="order-timeline">
      {timeline(order).map((step) => (
        <li key={step.status} className="flex items-center gap-3 text-sm">
          <span
            aria-hidden
            className={
              step.at ? "h-3 w-3 rounded-full bg-brand-600" : "h-3 w-3 rounded-full bg-slate-200"
            }
          />
          <span className={step.at ? "font-medium text-slate-900" : "text-slate-500"}>
            {t(portalOrderStatus[step.status])}
          </span>
          {step.at && <span className="text-slate-500">{fmt.dateTime(step.at)}</span>}
        </li>
      ))}
    </ol>
  );
}
