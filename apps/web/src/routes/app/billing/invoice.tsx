// One invoice: its lines and totals with tax, what was paid and what is owed; issue a draft,
// void an unpaid invoice (with a reason), take a payment against it at the desk, download its
// PDF, and refund or print a receipt for each payment.
import type { RouterOutputs } from "@caredesk/api";
import { errorMessage, trpc, useServerSubmit } from "@caredesk/client";
import {
  Alert,
  Button,
  Card,
  ConfirmDialog,
  Dialog,
  EmptyState,
  LoadingState,
  PageHeader,
  SelectField,
  Table,
  TBody,
  Td,
  TextField,
  Th,
  THead,
  Tr,
  useI18n,
} from "@caredesk/ui";
import { deskPaymentMethods } from "@caredesk/validators";
import { zodResolver } from "@hookform/resolvers/zod";
import { getRouteApi, Link } from "@tanstack/react-router";
import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { OrganizationGate } from "../../../components/organization-gate";
import { QueryError } from "../../../components/query-error";
import { formatMoney, inputToMinor, minorToInput } from "../../../lib/money";
import { can } from "../../../lib/permissions";
import type { MyOrganization } from "../../../lib/workspace";
import {
  BillingTabs,
  InvoiceStatusBadge,
  PaymentStatusBadge,
  PdfLink,
  RefundButton,
} from "./parts";

type Invoice = RouterOutputs["invoice"]["byId"];

const route = getRouteApi("/app/billing/invoices/$invoiceId");

export function BillingInvoicePage() {
  const { t } = useI18n();
  const { invoiceId } = route.useParams();
  return (
    <OrganizationGate action="billing.read" title={t("billing.title")}>
      {(organization) => <InvoiceScreen organization={organization} invoiceId={invoiceId} />}
    </OrganizationGate>
  );
}

function InvoiceScreen({
  organization,
  invoiceId,
}: {
  organization: MyOrganization;
  invoiceId: string;
}) {
  const { t } = useI18n();
  const invoice = trpc.invoice.byId.useQuery({ id: invoiceId });
  if (invoice.isPending) return <LoadingState />;
  if (invoice.isError) {
    return (
      <div>
        <PageHeader title={t("billing.title")} />
        <BillingTabs />
        <Card>
          <QueryError
            error={invoice.error}
            onRetry={() => void invoice.refetch()}
            retrying={invoice.isRefetching}
          />
        </Card>
      </div>
    );
  }
  return <InvoiceView organization={organization} invoice={invoice.data} />;
}

function InvoiceView({
  organization,
  invoice,
}: {
  organization: MyOrganization;
  invoice: Invoice;
}) {
  const { t, tag, formatDate } = useI18n();
  const utils = trpc.useUtils();
  const writable = can(organization.role, "billing.write");
  const money = (minor: number) => formatMoney(minor, invoice.currency, tag);
  // Said on the page, not in the form: a payment that settles the invoice removes the form.
  const [paymentSaved, setPaymentSaved] = useState(false);
  const refresh = () =>
    Promise.all([
      utils.invoice.invalidate(),
      utils.payment.invalidate(),
      utils.ledger.invalidate(),
      utils.billing.takings.invalidate(),
    ]);
  const title =
    invoice.number === null
      ? t("billing.invoice.draftTitle")
      : t("billing.invoice.title", { number: invoice.number });
  return (
    <div>
      <PageHeader
        title={
          <span className="flex items-center gap-3">
            {title} <InvoiceStatusBadge status={invoice.status} />
          </span>
        }
        description={invoice.patientName}
        actions={
          <div className="flex flex-wrap gap-2">
            <PdfLink
              organizationId={organization.id}
              kind="invoice"
              id={invoice.id}
              label={t("billing.invoice.pdf")}
              size="md"
            />
            {writable && invoice.status === "draft" && (
              <IssueButton invoice={invoice} onDone={refresh} />
            )}
            {writable && invoice.status === "issued" && invoice.paidMinor === 0 && (
              <VoidButton invoice={invoice} onDone={refresh} />
            )}
          </div>
        }
      />
      <BillingTabs />
      <p className="mb-4 text-sm">
        <Link to="/app/billing" className="text-brand-700 hover:underline">
          ← {t("billing.invoice.back")}
        </Link>
      </p>
      {paymentSaved && <Alert tone="success">{t("billing.invoice.paymentSaved")}</Alert>}
      {invoice.status === "void" && invoice.voidReason && (
        <Alert tone="warning">{t("billing.invoice.voided", { reason: invoice.voidReason })}</Alert>
      )}
      <div className="mt-4 grid gap-6 lg:grid-cols-3">
        <Card title={t("billing.invoice.lines")} className="lg:col-span-2">
          <Table caption={t("billing.invoice.lines")} captionHidden>
            <THead>
              <Tr>
                <Th>{t("billing.col.description")}</Th>
                <Th className="text-right">{t("billing.col.quantity")}</Th>
                <Th className="text-right">{t("billing.col.price")}</Th>
                <Th className="text-right">{t("billing.col.discount")}</Th>
                <Th className="text-right">{t("billing.col.tax")}</Th>
                <Th className="text-right">{t("billing.col.total")}</Th>
              </Tr>
            </THead>
            <TBody>
              {invoice.lines.map((line) => (
                <Tr key={line.id}>
                  <Td>{line.description}</Td>
                  <Td className="text-right tabular-nums">{line.quantity}</Td>
                  <Td className="text-right tabular-nums">{money(line.unitPriceMinor)}</Td>
                  <Td className="text-right tabular-nums">{money(line.discountMinor)}</Td>
                  <Td className="text-right tabular-nums">{money(line.taxMinor)}</Td>
                  <Td className="text-right tabular-nums">{money(line.totalMinor)}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </Card>
        <Card title={t("billing.new.totals")}>
          <dl className="flex flex-col gap-2 text-sm">
            <Row label={t("billing.invoice.subtotal")} value={money(invoice.subtotalMinor)} />
            <Row
              label={t("billing.invoice.discounts")}
              value={money(invoice.discountMinor > 0 ? -invoice.discountMinor : 0)}
            />
            <Row
              label={t("billing.invoice.tax", {
                label: invoice.taxLabel,
                rate: invoice.taxRateBps / 100,
              })}
              value={money(invoice.taxMinor)}
            />
            <Row label={t("billing.invoice.total")} value={money(invoice.totalMinor)} strong />
            <Row label={t("billing.invoice.paid")} value={money(invoice.paidMinor)} />
            <Row
              label={t("billing.invoice.outstanding")}
              value={money(invoice.outstandingMinor)}
              strong
              testId="invoice-outstanding"
            />
          </dl>
        </Card>
      </div>
      <div className="mt-6 grid gap-6 lg:grid-cols-3">
        <Card title={t("billing.invoice.payments")} className="lg:col-span-2">
          {invoice.payments.length === 0 ? (
            <EmptyState title={t("billing.invoice.noPayments")} />
          ) : (
            <Table caption={t("billing.invoice.payments")} captionHidden>
              <THead>
                <Tr>
                  <Th>{t("billing.col.date")}</Th>
                  <Th>{t("billing.col.method")}</Th>
                  <Th>{t("billing.col.status")}</Th>
                  <Th className="text-right">{t("billing.col.amount")}</Th>
                  <Th className="text-right">{t("billing.col.refunded")}</Th>
                  <Th>{t("billing.col.actions")}</Th>
                </Tr>
              </THead>
              <TBody>
                {invoice.payments.map((payment) => (
                  <Tr key={payment.id}>
                    <Td>{formatDate(new Date(payment.succeededAt ?? payment.createdAt))}</Td>
                    <Td>{t(`billing.method.${payment.method}`)}</Td>
                    <Td>
                      <PaymentStatusBadge status={payment.status} />
                    </Td>
                    <Td className="text-right tabular-nums">{money(payment.amountMinor)}</Td>
                    <Td className="text-right tabular-nums">{money(payment.refundedMinor)}</Td>
                    <Td>
                      <div className="flex flex-wrap gap-1">
                        <PdfLink
                          organizationId={organization.id}
                          kind="receipt"
                          id={payment.id}
                          label={t("billing.payments.receipt")}
                        />
                        {writable && <RefundButton payment={payment} onDone={refresh} />}
                      </div>
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          )}
        </Card>
        {writable && invoice.status === "issued" && invoice.outstandingMinor > 0 && (
          <InvoicePaymentForm
            invoice={invoice}
            onSaved={() => setPaymentSaved(true)}
            onDone={refresh}
          />
        )}
      </div>
    </div>
  );
}

function Row({
  label,
  value,
  strong = false,
  testId,
}: {
  label: string;
  value: string;
  strong?: boolean;
  testId?: string;
}) {
  return (
    <div className={`flex justify-between gap-4 ${strong ? "font-semibold text-slate-900" : ""}`}>
      <dt>{label}</dt>
      <dd className="tabular-nums" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

function IssueButton({ invoice, onDone }: { invoice: Invoice; onDone: () => Promise<unknown> }) {
  const { t } = useI18n();
  const issue = trpc.invoice.issue.useMutation();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <Button onClick={() => setOpen(true)}>{t("billing.invoice.issue")}</Button>
      <ConfirmDialog
        open={open}
        tone="primary"
        title={t("billing.invoice.issue.title")}
        description={t("billing.invoice.issue.body")}
        confirmLabel={t("billing.invoice.issue")}
        pending={issue.isPending}
        error={error}
        onCancel={() => {
          setOpen(false);
          setError(null);
        }}
        onConfirm={() => {
          setError(null);
          issue
            .mutateAsync({ id: invoice.id })
            .then(async () => {
              setOpen(false);
              await onDone();
            })
            .catch((cause: unknown) => setError(errorMessage(cause, t("billing.error"))));
        }}
      />
    </>
  );
}

function VoidButton({ invoice, onDone }: { invoice: Invoice; onDone: () => Promise<unknown> }) {
  const { t } = useI18n();
  const voidInvoice = trpc.invoice.void.useMutation();
  const [open, setOpen] = useState(false);
  const form = useForm({
    resolver: zodResolver(z.object({ reason: z.string().trim().min(1).max(300) })),
    defaultValues: { reason: "" },
  });
  const { formError, submit } = useServerSubmit(form, ["reason"], { id: "reason" });
  const onSubmit = submit(async (values) => {
    await voidInvoice.mutateAsync({ id: invoice.id, reason: values.reason });
    setOpen(false);
    await onDone();
  });
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        {t("billing.invoice.void")}
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={t("billing.invoice.void.title")}
        description={t("billing.invoice.void.body")}
      >
        <form noValidate onSubmit={onSubmit} className="flex flex-col gap-3">
          {formError && <Alert tone="error">{formError}</Alert>}
          <TextField
            label={t("billing.invoice.void.reason")}
            error={form.formState.errors.reason?.message}
            {...form.register("reason")}
          />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              {t("ui.cancel")}
            </Button>
            <Button type="submit" variant="danger" loading={form.formState.isSubmitting}>
              {t("billing.invoice.void")}
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}

function newKey(): string {
  return crypto.randomUUID().replaceAll("-", "");
}

/** Money taken at the desk against this invoice (the account's own desk payment). */
function InvoicePaymentForm({
  invoice,
  onSaved,
  onDone,
}: {
  invoice: Invoice;
  onSaved: () => void;
  onDone: () => Promise<unknown>;
}) {
  const { t } = useI18n();
  const record = trpc.ledger.recordPayment.useMutation();
  const [key, setKey] = useState(newKey);
  const currency = invoice.currency;
  const schema = useMemo(
    () =>
      z.object({
        amount: z
          .string()
          .trim()
          .refine((v) => (inputToMinor(v, currency) ?? 0) > 0, {
            message: t("billing.new.amountInvalid"),
          }),
        method: z.enum(deskPaymentMethods),
        reference: z.string().trim().max(100),
      }),
    [t, currency],
  );
  const form = useForm({
    resolver: zodResolver(schema),
    defaultValues: {
      amount: minorToInput(invoice.outstandingMinor, currency),
      method: "cash" as const,
      reference: "",
    },
  });
  const { errors, isSubmitting } = form.formState;
  const { formError, submit } = useServerSubmit(form, ["amount", "method", "reference"], {
    amountMinor: "amount",
    invoiceId: "amount",
  });
  const onSubmit = submit(async (values) => {
    const amountMinor = inputToMinor(values.amount, currency);
    if (amountMinor === null) return;
    await record.mutateAsync({
      patientId: invoice.patientId,
      invoiceId: invoice.id,
      amountMinor,
      method: values.method,
      reference: values.reference,
      idempotencyKey: key,
    });
    setKey(newKey());
    onSaved();
    await onDone();
  });
  return (
    <Card title={t("billing.invoice.takePayment")}>
      <form noValidate onSubmit={onSubmit} className="flex flex-col gap-3">
        {formError && <Alert tone="error">{formError}</Alert>}
        <TextField
          label={t("ledger.payment.amount", { currency })}
          inputMode="decimal"
          error={errors.amount?.message}
          {...form.register("amount")}
        />
        <SelectField
          label={t("ledger.payment.method")}
          options={deskPaymentMethods.map((m) => ({ value: m, label: t(`ledger.method.${m}`) }))}
          error={errors.method?.message}
          {...form.register("method")}
        />
        <TextField
          label={t("ledger.payment.reference")}
          error={errors.reference?.message}
          {...form.register("reference")}
        />
        <div className="flex justify-end">
          <Button type="submit" loading={isSubmitting}>
            {t("ledger.payment.save")}
          </Button>
        </div>
      </form>
    </Card>
  );
}
