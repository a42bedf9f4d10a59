// Pieces the billing screens share (and the patient's account tab): the area's tabs, PDF
// download links, status badges, and the refund dialog that says how much may still go back.
import type { RouterOutputs } from "@caredesk/api";
import { trpc, useServerSubmit } from "@caredesk/client";
import {
  Alert,
  Badge,
  Button,
  buttonClasses,
  Dialog,
  ListFilters,
  TextField,
  useI18n,
  type BadgeTone,
  type ButtonSize,
} from "@caredesk/ui";
import type { PaymentStatus } from "@caredesk/validators";
import { zodResolver } from "@hookform/resolvers/zod";
import { Link } from "@tanstack/react-router";
import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { formatMoney, inputToMinor, minorToInput } from "../../../lib/money";

export type PaymentRow = RouterOutputs["payment"]["list"]["items"][number];
export type InvoiceStatus = RouterOutputs["invoice"]["list"]["items"][number]["status"];

/** Where the server makes an invoice's or a receipt's PDF (an attachment, never cached). */
export function billingPdfUrl(
  organizationId: string,
  kind: "invoice" | "receipt",
  id: string,
): string {
  return `/files/${encodeURIComponent(organizationId)}/billing/${kind}/${encodeURIComponent(id)}`;
}

export function PdfLink({
  organizationId,
  kind,
  id,
  label,
  size = "sm",
}: {
  organizationId: string;
  kind: "invoice" | "receipt";
  id: string;
  label: string;
  size?: ButtonSize;
}) {
  return (
    <a
      href={billingPdfUrl(organizationId, kind, id)}
      download
      className={buttonClasses("ghost", size)}
    >
      {label}
    </a>
  );
}

export interface DayRange {
  from: string;
  to: string;
}

/** A range of practice days, applied when "Show" is pressed; the server's field errors shown. */
export function DayRangeForm({
  initial,
  onShow,
  errorOf,
}: {
  initial: DayRange;
  onShow: (range: DayRange) => void;
  errorOf: (field: keyof DayRange) => string | undefined;
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(initial);
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        onShow(draft);
      }}
    >
      <ListFilters>
        <TextField
          label={t("billing.takings.from")}
          type="date"
          value={draft.from}
          error={errorOf("from")}
          onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))}
        />
        <TextField
          label={t("billing.takings.to")}
          type="date"
          value={draft.to}
          error={errorOf("to")}
          onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))}
        />
        <Button type="submit" variant="secondary">
          {t("billing.takings.show")}
        </Button>
      </ListFilters>
    </form>
  );
}

/** The billing area's tabs: invoices, payments, daily takings, reconciliation. */
export function BillingTabs() {
  const { t } = useI18n();
  const tab = "rounded-md px-3 py-1.5 text-sm font-medium text-slate-600 hover:bg-slate-100";
  const active = "rounded-md px-3 py-1.5 text-sm font-medium bg-brand-50 text-brand-800";
  return (
    <nav aria-label={t("billing.title")} className="mb-6 flex flex-wrap gap-2">
      <Link
        to="/app/billing"
        activeOptions={{ exact: true }}
        className={tab}
        activeProps={{ className: active }}
      >
        {t("billing.tab.invoices")}
      </Link>
      <Link to="/app/billing/payments" className={tab} activeProps={{ className: active }}>
        {t("billing.tab.payments")}
      </Link>
      <Link to="/app/billing/takings" className={tab} activeProps={{ className: active }}>
        {t("billing.tab.takings")}
      </Link>
      <Link to="/app/billing/reconciliation" className={tab} activeProps={{ className: active }}>
        {t("billing.tab.reconciliation")}
      </Link>
    </nav>
  );
}

const paymentTones: Record<PaymentStatus, BadgeTone> = {
  created: "neutral",
  requires_action: "warning",
  processing: "brand",
  succeeded: "success",
  failed: "danger",
  cancelled: "neutral",
  partially_refunded: "warning",
  refunded: "neutral",
  held_for_review: "danger",
};

export function PaymentStatusBadge({ status }: { status: PaymentStatus }) {
  const { t } = useI18n();
  return <Badge tone={paymentTones[status]}>{t(`billing.paymentStatus.${status}`)}</Badge>;
}

const invoiceTones: Record<InvoiceStatus, BadgeTone> = {
  draft: "neutral",
  issued: "brand",
  void: "danger",
};

export function InvoiceStatusBadge({ status }: { status: InvoiceStatus }) {
  const { t } = useI18n();
  return <Badge tone={invoiceTones[status]}>{t(`billing.invoiceStatus.${status}`)}</Badge>;
}

/** Whether a payment can be refunded now, and how much at most. */
export function refundable(payment: {
  status: PaymentStatus;
  amountMinor: number;
  refundedMinor: number;
}): number {
  if (payment.status !== "succeeded" && payment.status !== "partially_refunded") return 0;
  return payment.amountMinor - payment.refundedMinor;
}

function newKey(): string {
  return crypto.randomUUID().replaceAll("-", "");
}

/** "Refund": an amount (the most refundable filled in) and a reason. */
export function RefundButton({
  payment,
  onDone,
}: {
  payment: {
    id: string;
    status: PaymentStatus;
    amountMinor: number;
    refundedMinor: number;
    currency: string;
  };
  onDone?: () => Promise<unknown>;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const most = refundable(payment);
  if (most <= 0) return null;
  return (
    <>
      <Button size="sm" variant="ghost" onClick={() => setOpen(true)}>
        {t("billing.refund")}
      </Button>
      {open && (
        <RefundDialog
          payment={payment}
          most={most}
          onClose={() => setOpen(false)}
          onDone={async () => {
            setOpen(false);
            await onDone?.();
          }}
        />
      )}
    </>
  );
}

function RefundDialog({
  payment,
  most,
  onClose,
  onDone,
}: {
  payment: { id: string; currency: string };
  most: number;
  onClose: () => void;
  onDone: () => Promise<void>;
}) {
  const { t, tag } = useI18n();
  const utils = trpc.useUtils();
  const refund = trpc.payment.refund.useMutation();
  const [key] = useState(newKey);
  const currency = payment.currency;
  const schema = useMemo(
    () =>
      z.object({
        amount: z
          .string()
          .trim()
          .refine((v) => (inputToMinor(v, currency) ?? 0) > 0, {
            message: t("billing.new.amountInvalid"),
          }),
        reason: z.string().trim().min(1, t("billing.refund.reason")).max(300),
      }),
    [t, currency],
  );
  const form = useForm({
    resolver: zodResolver(schema),
    defaultValues: { amount: minorToInput(most, currency), reason: "" },
  });
  const { errors, isSubmitting } = form.formState;
  const { formError, submit } = useServerSubmit(form, ["amount", "reason"], {
    amountMinor: "amount",
    paymentId: "amount",
  });
  const onSubmit = submit(async (values) => {
    const amountMinor = inputToMinor(values.amount, currency);
    if (amountMinor === null) return;
    await refund.mutateAsync({
      paymentId: payment.id,
      amountMinor,
      reason: values.reason,
      idempotencyKey: key,
    });
    await Promise.all([
      utils.payment.invalidate(),
      utils.invoice.invalidate(),
      utils.ledger.invalidate(),
      utils.billing.takings.invalidate(),
    ]);
    await onDone();
  });
  return (
    <Dialog
      open
      onClose={onClose}
      title={t("billing.refund.title")}
      description={t("billing.refund.most", { amount: formatMoney(most, currency, tag) })}
    >
      <form noValidate onSubmit={onSubmit} className="flex flex-col gap-3">
        {formError && <Alert tone="error">{formError}</Alert>}
        <TextField
          label={t("billing.refund.amount", { currency })}
          inputMode="decimal"
          error={errors.amount?.message}
          {...form.register("amount")}
        />
        <TextField
          label={t("billing.refund.reason")}
          error={errors.reason?.message}
          {...form.register("reason")}
        />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            {t("ui.cancel")}
          </Button>
          <Button type="submit" loading={isSubmitting}>
            {t("billing.refund.save")}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
