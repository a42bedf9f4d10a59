// The patient's payments: what was paid and refunded, receipts to download, and consultations
// paid at booking — held until done — which can be disputed while their window is open.
import type { RouterOutputs } from "@caredesk/api";
import { errorMessage, fieldErrorOf, trpc } from "@caredesk/client";
import {
  Alert,
  Badge,
  Button,
  buttonClasses,
  Card,
  EmptyState,
  LoadingState,
  PageHeader,
  TextAreaField,
  useI18n,
} from "@caredesk/ui";
import { useState } from "react";
import { QueryError } from "../../components/query-error";
import { formatMoney } from "../../lib/money";
import { PayOnline } from "./pay";
import { useWorkspace } from "../../lib/workspace";

type Held = RouterOutputs["escrow"]["mine"][number];

const escrowTone = {
  held: "brand",
  disputed: "warning",
  released: "success",
  refunded: "neutral",
} as const;

const paymentTone = {
  created: "neutral",
  requires_action: "warning",
  processing: "brand",
  succeeded: "success",
  failed: "danger",
  cancelled: "neutral",
  partially_refunded: "brand",
  refunded: "neutral",
  held_for_review: "warning",
} as const;

export function PortalPaymentsPage() {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t("portalPayments.title")} description={t("portalPayments.lead")} />
      <div className="flex flex-col gap-6">
        <MyInvoices />
        <HeldForConsultations />
        <MyPayments />
      </div>
    </>
  );
}

/** The patient's invoices: each to download, and to pay online while something is owed. */
function MyInvoices() {
  const { t, tag } = useI18n();
  const { organization } = useWorkspace();
  const invoices = trpc.invoice.mine.useQuery({ limit: 50 });
  const [paying, setPaying] = useState<string | null>(null);
  return (
    <Card>
      <h2 className="mb-3 text-base font-semibold text-slate-900">{t("portalInvoices.title")}</h2>
      {invoices.isPending ? (
        <LoadingState />
      ) : invoices.isError ? (
        <QueryError error={invoices.error} onRetry={() => void invoices.refetch()} />
      ) : invoices.data.items.length === 0 ? (
        <EmptyState title={t("portalInvoices.empty")} />
      ) : (
        <ul className="divide-y divide-slate-100" aria-label={t("portalInvoices.title")}>
          {invoices.data.items.map((invoice) => (
            <li key={invoice.id} className="py-3 text-sm" data-testid="my-invoice">
              <div className="flex flex-wrap items-center justify-between gap-3">
                <div>
                  <p className="font-medium text-slate-900">
                    {t("portalInvoices.number", { number: String(invoice.number ?? "") })}
                  </p>
                  <p className="text-slate-600">
                    {invoice.issuedAt
                      ? new Intl.DateTimeFormat(tag, { dateStyle: "medium" }).format(
                          invoice.issuedAt,
                        )
                      : null}
                  </p>
                </div>
                <div className="flex items-center gap-3">
                  <span className="font-semibold tabular-nums">
                    {formatMoney(invoice.totalMinor, invoice.currency, tag)}
                  </span>
                  {invoice.status === "void" ? (
                    <Badge>{t("portalInvoices.void")}</Badge>
                  ) : invoice.outstandingMinor <= 0 ? (
                    <Badge tone="success">{t("portalInvoices.settled")}</Badge>
                  ) : (
                    <Button
                      size="sm"
                      variant={paying === invoice.id ? "primary" : "secondary"}
                      aria-expanded={paying === invoice.id}
                      onClick={() => setPaying(paying === invoice.id ? null : invoice.id)}
                    >
                      {t("portalInvoices.pay")}
                    </Button>
                  )}
                  {organization && (
                    <a
                      className={buttonClasses("ghost", "sm")}
                      download
                      href={`/files/${encodeURIComponent(organization.id)}/billing/invoice/${encodeURIComponent(invoice.id)}`}
                    >
                      {t("portalInvoices.pdf")}
                    </a>
                  )}
                </div>
              </div>
              {paying === invoice.id && <InvoicePayment invoiceId={invoice.id} />}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

/** What is still owed on one invoice, and the providers to pay it with. */
function InvoicePayment({ invoiceId }: { invoiceId: string }) {
  const { t, tag } = useI18n();
  const invoice = trpc.invoice.mineById.useQuery({ id: invoiceId });
  if (invoice.isPending) return <LoadingState />;
  if (invoice.isError) {
    return <QueryError error={invoice.error} onRetry={() => void invoice.refetch()} />;
  }
  if (invoice.data.outstandingMinor <= 0) {
    return <Alert tone="success">{t("portalInvoices.paid")}</Alert>;
  }
  return (
    <div className="mt-3 flex flex-col gap-2 rounded-md border border-slate-200 p-3">
      <p className="text-sm text-slate-700" data-testid="invoice-outstanding">
        {t("portalInvoices.outstanding", {
          amount: formatMoney(invoice.data.outstandingMinor, invoice.data.currency, tag),
        })}
      </p>
      <PayOnline target={{ invoiceId }} onPaid={() => void invoice.refetch()} />
    </div>
  );
}

function MyPayments() {
  const { t, tag } = useI18n();
  const { organization } = useWorkspace();
  const payments = trpc.payment.mine.useQuery({ limit: 50 });
  return (
    <Card>
      {payments.isPending ? (
        <LoadingState />
      ) : payments.isError ? (
        <QueryError error={payments.error} onRetry={() => void payments.refetch()} />
      ) : payments.data.items.length === 0 ? (
        <EmptyState title={t("portalPayments.empty")} />
      ) : (
        <ul className="divide-y divide-slate-100" aria-label={t("portalPayments.title")}>
          {payments.data.items.map((p) => (
            <li
              key={p.id}
              className="flex flex-wrap items-center justify-between gap-3 py-3 text-sm"
              data-testid="my-payment"
            >
              <div>
                <p className="font-medium text-slate-900">
                  {p.reference ?? t(`pay.provider.${p.provider ?? "stripe"}`)}
                </p>
                <p className="text-slate-600">
                  {new Intl.DateTimeFormat(tag, { dateStyle: "medium" }).format(p.createdAt)}
                  {p.refundedMinor > 0 &&
                    ` · ${t("portalPayments.refunded", { amount: formatMoney(p.refundedMinor, p.currency, tag) })}`}
                </p>
              </div>
              <div className="flex items-center gap-3">
                <span className="font-semibold tabular-nums">
                  {formatMoney(p.amountMinor, p.currency, tag)}
                </span>
                <Badge tone={paymentTone[p.status]}>{t(`portalPayments.status.${p.status}`)}</Badge>
                {organization &&
                  ["succeeded", "partially_refunded", "refunded"].includes(p.status) && (
                    <a
                      href={`/files/${encodeURIComponent(organization.id)}/billing/receipt/${encodeURIComponent(p.id)}`}
                      download
                      className={buttonClasses("ghost", "sm")}
                    >
                      {t("portalPayments.receipt")}
                    </a>
                  )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function HeldForConsultations() {
  const { t } = useI18n();
  const held = trpc.escrow.mine.useQuery();
  return (
    <Card title={t("portalPayments.held.title")}>
      {held.isPending ? (
        <LoadingState />
      ) : held.isError ? (
        <QueryError error={held.error} onRetry={() => void held.refetch()} />
      ) : held.data.length === 0 ? (
        <EmptyState title={t("portalPayments.held.empty")} />
      ) : (
        <ul className="divide-y divide-slate-100">
          {held.data.map((e) => (
            <HeldRow key={e.id} escrow={e} />
          ))}
        </ul>
      )}
    </Card>
  );
}

function HeldRow({ escrow }: { escrow: Held }) {
  const { t, tag } = useI18n();
  const utils = trpc.useUtils();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [missing, setMissing] = useState(false);
  const dispute = trpc.escrow.disputeMine.useMutation({
    onSuccess: () => {
      setOpen(false);
      void utils.escrow.mine.invalidate();
    },
  });
  const when = new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeStyle: "short" });
  return (
    <li className="flex flex-col gap-2 py-3 text-sm" data-testid="held-payment">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <p className="font-medium text-slate-900">
            {escrow.serviceName} · {escrow.practitionerName}
          </p>
          <p className="text-slate-600">
            {when.format(escrow.startsAt)}
            {escrow.status === "held" &&
              ` · ${
                escrow.releaseAfter
                  ? t("portalPayments.held.until", { time: when.format(escrow.releaseAfter) })
                  : t("portalPayments.held.untilDone")
              }`}
          </p>
        </div>
        <div className="flex items-center gap-3">
          <span className="font-semibold tabular-nums">
            {formatMoney(escrow.amountMinor, escrow.currency, tag)}
          </span>
          <Badge tone={escrowTone[escrow.status]}>{t(`escrow.status.${escrow.status}`)}</Badge>
          {escrow.disputable && (
            <Button size="sm" variant="secondary" onClick={() => setOpen(!open)}>
              {t("portalPayments.dispute")}
            </Button>
          )}
        </div>
      </div>
      {escrow.status === "disputed" && (
        <Alert tone="info">{t("portalPayments.dispute.sent")}</Alert>
      )}
      {open && (
        <form
          className="flex flex-col gap-2 rounded-lg bg-slate-50 p-3"
          onSubmit={(e) => {
            e.preventDefault();
            if (!reason.trim()) return setMissing(true);
            dispute.mutate({ paymentId: escrow.paymentId, reason: reason.trim() });
          }}
        >
          <TextAreaField
            label={t("portalPayments.dispute.reason")}
            rows={2}
            maxLength={500}
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
              setMissing(false);
            }}
            error={
              missing
                ? t("portalPayments.dispute.required")
                : (fieldErrorOf(dispute.error, "reason") ?? undefined)
            }
          />
          {dispute.error && !fieldErrorOf(dispute.error, "reason") && (
            <Alert tone="error">
              {fieldErrorOf(dispute.error, "paymentId") ??
                errorMessage(dispute.error, t("ui.error.unknown"))}
            </Alert>
          )}
          <div className="flex justify-end">
            <Button type="submit" size="sm" loading={dispute.isPending}>
              {t("portalPayments.dispute.submit")}
            </Button>
          </div>
        </form>
      )}
    </li>
  );
}
