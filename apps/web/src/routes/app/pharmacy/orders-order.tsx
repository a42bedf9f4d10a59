// One online order for the pharmacy: its items and the lots to take them from (earliest expiry
// first), the uploaded prescription, the bill, and the next step (approve or reject, pick, ready
// or out for delivery, collected or delivered with the cash taken, or cancel with a reason).
import type { RouterOutputs } from "@caredesk/api";
import { errorMessage, trpc } from "@caredesk/client";
import { OrderCancelInput, OrderRejectInput } from "@caredesk/validators";
import {
  Alert,
  Badge,
  Button,
  Card,
  LoadingState,
  PageHeader,
  TextField,
  useI18n,
  useT,
} from "@caredesk/ui";
import { getRouteApi, Link } from "@tanstack/react-router";
import { useMemo, useState } from "react";
import { OrganizationGate } from "../../../components/organization-gate";
import { QueryError } from "../../../components/query-error";
import { ReasonDialog } from "../../../components/reason-dialog";
import { fileUrl } from "../../../lib/files";
import { formatMoney, inputToMinor } from "../../../lib/money";
import type { MyOrganization } from "../../../lib/workspace";
import { zonedFormat } from "../../../lib/zoned";
import { orderStatusLabel, orderStatusTone } from "./orders";

type Order = RouterOutputs["order"]["byId"];

const route = getRouteApi("/app/pharmacy/orders/$orderId");

export function OrderPage() {
  const t = useT();
  const { orderId } = route.useParams();
  return (
    <OrganizationGate action="pharmacy.read" title={t("orders.title")}>
      {(organization) => <OrderScreen organization={organization} orderId={orderId} />}
    </OrganizationGate>
  );
}

function OrderScreen({ organization, orderId }: { organization: MyOrganization; orderId: string }) {
  const { t, tag } = useI18n();
  const fmt = useMemo(() => zonedFormat(tag, organization.timeZone), [tag, organization.timeZone]);
  const order = trpc.order.byId.useQuery({ id: orderId });
  const back = (
    <Link to="/app/pharmacy/orders" className="text-sm text-brand-700 hover:underline">
      {t("orders.back")}
    </Link>
  );
  if (order.isPending) return <LoadingState />;
  if (order.isError) {
    return (
      <Card>
        <QueryError
          error={order.error}
          onRetry={() => void order.refetch()}
          retrying={order.isFetching}
          notFoundTitle={t("portalOrders.notFound")}
          notFoundAction={back}
        />
      </Card>
    );
  }
  const o = order.data;
  const money = (minor: number) => formatMoney(minor, o.currency, tag);
  return (
    <>
      {back}
      <PageHeader
        title={t("orders.number", { number: o.number })}
        description={`${o.customerName} · ${fmt.dateTime(o.createdAt)}`}
      />
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="flex flex-col gap-4 lg:col-span-2">
          <Card>
            <div className="mb-3 flex flex-wrap items-center gap-2">
              <Badge tone={orderStatusTone[o.status]}>{t(orderStatusLabel[o.status])}</Badge>
              {o.prescriptionReview !== "not_needed" && (
                <Badge tone={o.prescriptionReview === "rejected" ? "danger" : "neutral"}>
                  {t(`orders.review.${o.prescriptionReview}`)}
                </Badge>
              )}
              <span className="text-sm text-slate-600">
                {t(`orders.fulfilment.${o.fulfilment}`)} · {t(`orders.payment.${o.paymentChoice}`)}
              </span>
            </div>
            <ul className="divide-y divide-slate-100">
              {o.items.map((item) => (
                <li key={item.id} className="flex flex-col gap-1 py-2">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="font-medium text-slate-900">
                      {item.quantity} × {item.name}
                    </span>
                    {item.prescriptionOnly && <Badge tone="warning">{t("orders.rx")}</Badge>}
                    <span className="ms-auto tabular-nums">{money(item.totalMinor)}</span>
                  </div>
                  {item.allocations.length > 0 && (
                    <p className="text-sm text-slate-600" data-testid="order-lots">
                      {t("orders.lots")}:{" "}
                      {item.allocations
                        .map((a) =>
                          t("orders.lot", {
                            batch: a.batchNumber,
                            expiry: a.expiresOn,
                            quantity: a.quantity,
                          }),
                        )
                        .join("; ")}
                    </p>
                  )}
                </li>
              ))}
            </ul>
            <dl className="mt-3 grid grid-cols-2 gap-1 text-sm">
              <dt className="text-slate-600">{t("orders.tax")}</dt>
              <dd className="text-end tabular-nums">{money(o.taxMinor)}</dd>
              <dt className="font-medium">{t("orders.total")}</dt>
              <dd className="text-end font-medium tabular-nums">{money(o.totalMinor)}</dd>
            </dl>
            <p className="mt-2 text-sm">
              {o.outstandingMinor > 0
                ? t("orders.unpaid", { amount: money(o.outstandingMinor) })
                : o.paidMinor > 0 && t("orders.paid")}
            </p>
            {o.refundDueMinor > 0 && (
              <Alert tone="warning">
                {t("orders.refundDue", { amount: money(o.refundDueMinor) })}
              </Alert>
            )}
          </Card>
          {o.prescriptionFileId && (
            <Card>
              <h2 className="mb-2 font-medium">{t("orders.prescription")}</h2>
              <PrescriptionPreview
                src={fileUrl(organization.id, o.prescriptionFileId, { inline: true })}
                alt={t("orders.prescription")}
              />
              <a
                href={fileUrl(organization.id, o.prescriptionFileId, { inline: true })}
                target="_blank"
                rel="noreferrer"
                className="mt-2 inline-block text-sm text-brand-700 hover:underline"
              >
                {t("orders.prescription.open")}
              </a>
            </Card>
          )}
        </div>
        <div className="flex flex-col gap-4">
          <Card>
            <h2 className="mb-2 font-medium">{t("orders.customer")}</h2>
            <p className="text-sm">{o.customerName}</p>
            {o.customerPhone && <p className="text-sm text-slate-600">{o.customerPhone}</p>}
            {o.customerEmail && <p className="text-sm text-slate-600">{o.customerEmail}</p>}
            {o.deliveryAddress && (
              <>
                <h3 className="mt-3 text-sm font-medium">{t("orders.address")}</h3>
                <p className="text-sm whitespace-pre-line text-slate-700">
                  {[
                    o.deliveryAddress.line1,
                    o.deliveryAddress.line2,
                    o.deliveryAddress.city,
                    o.deliveryAddress.postalCode,
                    o.deliveryAddress.notes,
                  ]
                    .filter(Boolean)
                    .join("\n")}
                </p>
              </>
            )}
            {o.customerNote && (
              <>
                <h3 className="mt-3 text-sm font-medium">{t("orders.note")}</h3>
                <p className="text-sm whitespace-pre-line text-slate-700">{o.customerNote}</p>
              </>
            )}
            {o.cancelReason && (
              <p className="mt-3 text-sm text-slate-700">
                {t("orders.reason", { reason: o.cancelReason })}
              </p>
            )}
          </Card>
          <OrderActions order={o} organization={organization} />
        </div>
      </div>
    </>
  );
}

function OrderActions({ order, organization }: { order: Order; organization: MyOrganization }) {
  const t = useT();
  const utils = trpc.useUtils();
  const [notice, setNotice] = useState<string | null>(null);
  const [dialog, setDialog] = useState<"reject" | "cancel" | null>(null);
  const [cash, setCash] = useState("");
  const [cashError, setCashError] = useState<string | null>(null);
  const done = () => {
    setNotice(t("orders.done"));
    setCash("");
    void utils.order.invalidate();
  };
  const approve = trpc.order.approve.useMutation({ onSuccess: done });
  const pick = trpc.order.pick.useMutation({ onSuccess: done });
  const ready = trpc.order.ready.useMutation({ onSuccess: done });
  const dispatch = trpc.order.dispatch.useMutation({ onSuccess: done });
  const collect = trpc.order.collect.useMutation({ onSuccess: done });
  const deliver = trpc.order.deliver.useMutation({ onSuccess: done });
  const reject = trpc.order.reject.useMutation();
  const cancel = trpc.order.cancel.useMutation();
  const failed = [approve, pick, ready, dispatch, collect, deliver].find((m) => m.error)?.error;
  const open = ["placed", "approved", "picked", "ready", "out_for_delivery"].includes(order.status);
  const handOver = order.status === "ready" || order.status === "out_for_delivery";
  const takesCash = handOver && order.outstandingMinor > 0;
  const handOverInput = () => {
    if (!takesCash || cash.trim() === "") return { id: order.id };
    const minor = inputToMinor(cash, order.currency);
    if (minor === null) {
      setCashError(t("ui.error.unknown"));
      return null;
    }
    return { id: order.id, cashReceivedMinor: minor };
  };
  void organization;

  return (
    <Card>
      <div className="flex flex-col gap-3">
        {notice && <Alert tone="success">{notice}</Alert>}
        {failed && <Alert tone="error">{errorMessage(failed, t("ui.error.network"))}</Alert>}
        {order.status === "placed" && (
          <div className="flex flex-wrap gap-2">
            <Button loading={approve.isPending} onClick={() => approve.mutate({ id: order.id })}>
              {t("orders.approve")}
            </Button>
            <Button variant="ghost-danger" onClick={() => setDialog("reject")}>
              {t("orders.reject")}
            </Button>
          </div>
        )}
        {order.status === "approved" && (
          <Button loading={pick.isPending} onClick={() => pick.mutate({ id: order.id })}>
            {t("orders.pick")}
          </Button>
        )}
        {order.status === "picked" && order.fulfilment === "pickup" && (
          <Button loading={ready.isPending} onClick={() => ready.mutate({ id: order.id })}>
            {t("orders.ready")}
          </Button>
        )}
        {order.status === "picked" && order.fulfilment === "delivery" && (
          <Button loading={dispatch.isPending} onClick={() => dispatch.mutate({ id: order.id })}>
            {t("orders.dispatch")}
          </Button>
        )}
        {handOver && (
          <div className="flex flex-col gap-2">
            {takesCash && (
              <TextField
                label={t("orders.cash")}
                description={t("orders.cash.hint")}
                inputMode="decimal"
                value={cash}
                error={
                  cashError ??
                  (collect.error ?? deliver.error)?.data?.fieldErrors?.cashReceivedMinor?.[0]
                }
                onChange={(event) => {
                  setCash(event.target.value);
                  setCashError(null);
                }}
              />
            )}
            <Button
              loading={collect.isPending || deliver.isPending}
              onClick={() => {
                const input = handOverInput();
                if (!input) return;
                if (order.status === "ready") collect.mutate(input);
                else deliver.mutate(input);
              }}
            >
              {t(order.status === "ready" ? "orders.collect" : "orders.deliver")}
            </Button>
          </div>
        )}
        {open && (
          <Button variant="secondary" onClick={() => setDialog("cancel")}>
            {t("orders.cancel")}
          </Button>
        )}
      </div>
      {dialog === "reject" && (
        <ReasonDialog
          title={t("orders.reject.title")}
          description={t("orders.reject.body")}
          label={t("orders.reject.reason")}
          hint={t("orders.reject.hint")}
          submitLabel={t("orders.reject")}
          reason={OrderRejectInput.shape.reason}
          onSubmit={async (reason) => {
            await reject.mutateAsync({ id: order.id, reason });
            setDialog(null);
            done();
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === "cancel" && (
        <ReasonDialog
          title={t("orders.cancel.title")}
          description={t("orders.cancel.body")}
          label={t("orders.cancel.reason")}
          hint={t("orders.cancel.hint")}
          submitLabel={t("orders.cancel")}
          reason={OrderCancelInput.shape.reason}
          onSubmit={async (reason) => {
            await cancel.mutateAsync({ id: order.id, reason });
            setDialog(null);
            done();
          }}
          onClose={() => setDialog(null)}
        />
      )}
    </Card>
  );
}

/**
 * The customer's prescription when it is a photo; a PDF (which an image cannot show) is opened
 * with the link under it. No frame: the file is served sandboxed, for download or a tab.
 */
function PrescriptionPreview({ src, alt }: { src: string; alt: string }) {
  const [unreadable, setUnreadable] = useState(false);
  if (unreadable) return null;
  return (
    <div className="grid max-h-96 place-items-center overflow-auto rounded border border-slate-200 bg-slate-50 p-2">
      <img
        src={src}
        alt={alt}
        className="max-h-80 max-w-full object-contain"
        onError={() => setUnreadable(true)}
      />
    </div>
  );
}
