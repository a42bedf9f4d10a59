// The patient's account tab: balance and aging, the entries with their running balance, and the
// desk's forms: record a payment (amount typed in major units), adjust, reverse an entry.
import type { RouterOutputs } from "@caredesk/api";
import { errorMessage, trpc, useServerSubmit } from "@caredesk/client";
import {
  Alert,
  Badge,
  Button,
  Card,
  ConfirmDialog,
  Dialog,
  EmptyState,
  LoadingState,
  SelectField,
  Table,
  TBody,
  Td,
  TextField,
  Th,
  THead,
  Tr,
  useI18n,
  type BadgeTone,
} from "@caredesk/ui";
import { deskPaymentMethods } from "@caredesk/validators";
import { zodResolver } from "@hookform/resolvers/zod";
import { getRouteApi } from "@tanstack/react-router";
import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { PrintCopy } from "../../../components/print-copy";
import { QueryError } from "../../../components/query-error";
import { parseIsoDate } from "../../../lib/dates";
import { fileUrl } from "../../../lib/files";
import { formatMoney, inputToMinor } from "../../../lib/money";
import { can } from "../../../lib/permissions";
import type { MyOrganization } from "../../../lib/workspace";
import { PdfLink, RefundButton, type PaymentRow } from "../billing/parts";
import { PatientRecordFrame } from "./record-frame";

export type Ledger = RouterOutputs["ledger"]["get"];
type Entry = Ledger["entries"][number];

const route = getRouteApi("/app/patients/$patientId/ledger");

export function PatientLedgerPage() {
  const { patientId } = route.useParams();
  return (
    <PatientRecordFrame patientId={patientId} tab="ledger" action="ledger.read">
      {({ organization, patient }) => (
        <LedgerScreen
          organization={organization}
          patientId={patient.id}
          patientName={`${patient.firstName} ${patient.lastName}`}
        />
      )}
    </PatientRecordFrame>
  );
}

/** A fresh idempotency key: one per payment the desk means to record. */
function newKey(): string {
  return crypto.randomUUID().replaceAll("-", "");
}

function LedgerScreen({
  organization,
  patientId,
  patientName,
}: {
  organization: MyOrganization;
  patientId: string;
  patientName: string;
}) {
  const ledger = trpc.ledger.get.useQuery({ patientId });
  const writable = can(organization.role, "ledger.write");
  // The payments behind payment lines: their refunds and what may still be refunded.
  const billing = can(organization.role, "billing.read");
  const payments = trpc.payment.list.useQuery({ patientId, limit: 100 }, { enabled: billing });
  if (ledger.isPending) return <LoadingState />;
  if (ledger.isError) {
    return (
      <Card>
        <QueryError
          error={ledger.error}
          onRetry={() => void ledger.refetch()}
          retrying={ledger.isRefetching}
        />
      </Card>
    );
  }
  // What a payment can be for: the treatments charged here (their charges name them).
  const charged = new Map<string, string>();
  for (const entry of ledger.data.entries) {
    if (entry.kind === "charge" && entry.treatmentId && !entry.reversesEntryId) {
      charged.set(entry.treatmentId, entry.description);
    }
  }
  const treatments = [...charged].map(([id, description]) => ({ id, description }));
  return (
    <div className="flex flex-col gap-6">
      <BalanceCard ledger={ledger.data} />
      {writable && (
        <div className="grid gap-6 lg:grid-cols-2">
          <PaymentForm ledger={ledger.data} treatments={treatments} />
          <AdjustForm ledger={ledger.data} />
        </div>
      )}
      <EntryList
        ledger={ledger.data}
        writable={writable}
        receipt={{ organization, patientName }}
        payments={payments.data?.items}
        refundable={can(organization.role, "billing.write")}
      />
    </div>
  );
}

export function BalanceCard({
  ledger,
  title,
  own = false,
}: {
  ledger: Ledger;
  title?: string;
  /** The patient's own account (the portal): "you owe". */
  own?: boolean;
}) {
  const { t, tag } = useI18n();
  const money = (minor: number) => formatMoney(minor, ledger.currency, tag);
  const buckets = [
    ["current", ledger.aging.current],
    ["days31to60", ledger.aging.days31to60],
    ["days61to90", ledger.aging.days61to90],
    ["over90", ledger.aging.over90],
  ] as const;
  return (
    <Card title={title ?? t("ledger.balance")}>
      <div className="flex flex-wrap items-end gap-8">
        <div>
          <p className="text-sm text-slate-600">
            {ledger.balanceMinor < 0
              ? t(own ? "ledger.balance.yourCredit" : "ledger.balance.credit")
              : t(own ? "ledger.balance.youOwe" : "ledger.balance.owes")}
          </p>
          <p className="text-3xl font-semibold text-slate-900" data-testid="ledger-balance">
            {money(Math.abs(ledger.balanceMinor))}
          </p>
        </div>
        <dl className="grid flex-1 grid-cols-2 gap-3 sm:grid-cols-4" aria-label={t("ledger.aging")}>
          {buckets.map(([bucket, amount]) => (
            <div key={bucket} className="rounded-lg bg-slate-50 px-3 py-2">
              <dt className="text-xs text-slate-600">{t(`ledger.aging.${bucket}`)}</dt>
              <dd className="text-sm font-semibold text-slate-900" data-testid={`aging-${bucket}`}>
                {money(amount)}
              </dd>
            </div>
          ))}
        </dl>
      </div>
    </Card>
  );
}

function moneyField(t: ReturnType<typeof useI18n>["t"], currency: string) {
  return z
    .string()
    .trim()
    .refine((v) => (inputToMinor(v, currency) ?? 0) > 0, {
      message: t("dental.field.amountInvalid"),
    });
}

function useLedgerRefresh() {
  const utils = trpc.useUtils();
  return () => utils.ledger.get.invalidate();
}

function PaymentForm({
  ledger,
  treatments,
}: {
  ledger: Ledger;
  treatments: { id: string; description: string }[];
}) {
  const { t } = useI18n();
  const currency = ledger.currency;
  const record = trpc.ledger.recordPayment.useMutation();
  const refresh = useLedgerRefresh();
  const [key, setKey] = useState(newKey);
  const [saved, setSaved] = useState(false);
  const schema = useMemo(
    () =>
      z.object({
        amount: moneyField(t, currency),
        method: z.enum(deskPaymentMethods),
        treatmentId: z.string(),
        reference: z.string().trim().max(100),
      }),
    [t, currency],
  );
  const form = useForm({
    resolver: zodResolver(schema),
    defaultValues: { amount: "", method: "cash" as const, treatmentId: "", reference: "" },
  });
  const { errors, isSubmitting } = form.formState;
  const { formError, submit } = useServerSubmit(
    form,
    ["amount", "method", "treatmentId", "reference"],
    { amountMinor: "amount" },
  );
  const onSubmit = submit(async (values) => {
    const amountMinor = inputToMinor(values.amount, currency);
    if (amountMinor === null) return;
    setSaved(false);
    await record.mutateAsync({
      patientId: ledger.patientId,
      amountMinor,
      method: values.method,
      treatmentId: values.treatmentId || null,
      reference: values.reference,
      idempotencyKey: key,
    });
    setKey(newKey());
    setSaved(true);
    form.reset();
    await refresh();
  });
  return (
    <Card title={t("ledger.payment")}>
      <form noValidate onSubmit={onSubmit} className="flex flex-col gap-3">
        {formError && <Alert tone="error">{formError}</Alert>}
        {saved && <Alert tone="success">{t("ledger.payment.saved")}</Alert>}
        <div className="grid grid-cols-2 gap-3">
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
        </div>
        {treatments.length > 0 && (
          <SelectField
            label={t("ledger.payment.treatment")}
            placeholder={t("ledger.payment.treatmentNone")}
            options={treatments.map((tr) => ({ value: tr.id, label: tr.description }))}
            error={errors.treatmentId?.message}
            {...form.register("treatmentId")}
          />
        )}
        <TextField
          label={t("ledger.payment.reference")}
          description={t("ledger.payment.referenceHint")}
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

function AdjustForm({ ledger }: { ledger: Ledger }) {
  const { t } = useI18n();
  const currency = ledger.currency;
  const adjust = trpc.ledger.adjust.useMutation();
  const refresh = useLedgerRefresh();
  const schema = useMemo(
    () =>
      z.object({
        amount: moneyField(t, currency),
        direction: z.enum(["lower", "raise"]),
        reason: z.string().trim().min(1).max(300),
      }),
    [t, currency],
  );
  const form = useForm({
    resolver: zodResolver(schema),
    defaultValues: { amount: "", direction: "lower" as const, reason: "" },
  });
  const { errors, isSubmitting } = form.formState;
  const { formError, submit } = useServerSubmit(form, ["amount", "reason"], {
    amountMinor: "amount",
  });
  const onSubmit = submit(async (values) => {
    const minor = inputToMinor(values.amount, currency);
    if (minor === null) return;
    await adjust.mutateAsync({
      patientId: ledger.patientId,
      amountMinor: values.direction === "lower" ? -minor : minor,
      reason: values.reason,
    });
    form.reset();
    await refresh();
  });
  return (
    <Card title={t("ledger.adjust")}>
      <form noValidate onSubmit={onSubmit} className="flex flex-col gap-3">
        {formError && <Alert tone="error">{formError}</Alert>}
        <div className="grid grid-cols-2 gap-3">
          <TextField
            label={t("ledger.payment.amount", { currency })}
            inputMode="decimal"
            error={errors.amount?.message}
            {...form.register("amount")}
          />
          <SelectField
            label={t("ledger.adjust.direction")}
            options={[
              { value: "lower", label: t("ledger.adjust.lower") },
              { value: "raise", label: t("ledger.adjust.raise") },
            ]}
            {...form.register("direction")}
          />
        </div>
        <TextField
          label={t("ledger.adjust.reason")}
          error={errors.reason?.message}
          {...form.register("reason")}
        />
        <div className="flex justify-end">
          <Button type="submit" variant="secondary" loading={isSubmitting}>
            {t("ledger.adjust.save")}
          </Button>
        </div>
      </form>
    </Card>
  );
}

const kindTones: Record<Entry["kind"], BadgeTone> = {
  charge: "neutral",
  payment: "success",
  adjustment: "brand",
  refund: "warning",
};

/** Who a printed receipt is from and for. */
interface ReceiptParties {
  organization: MyOrganization;
  patientName: string;
}

export function EntryList({
  ledger,
  writable,
  receipt,
  payments,
  refundable = false,
}: {
  ledger: Ledger;
  writable: boolean;
  receipt: ReceiptParties;
  /** The patient's payments, for refunds next to their lines. */
  payments?: PaymentRow[] | undefined;
  refundable?: boolean;
}) {
  const { t, tag } = useI18n();
  const reverse = trpc.ledger.reverse.useMutation();
  const refresh = useLedgerRefresh();
  const [reversing, setReversing] = useState<Entry | null>(null);
  const [error, setError] = useState<string | null>(null);
  const money = (minor: number) => formatMoney(minor, ledger.currency, tag);
  const day = (value: string) =>
    parseIsoDate(value)?.toLocaleDateString(tag, { dateStyle: "medium" }) ?? value;
  return (
    <Card title={t("ledger.entries")}>
      {ledger.entries.length === 0 ? (
        <EmptyState title={t("ledger.entries.empty")} />
      ) : (
        <>
          {ledger.totalEntries > ledger.entries.length && (
            <p className="mb-2 text-sm text-slate-500">
              {t("ledger.entries.more", {
                shown: ledger.entries.length,
                total: ledger.totalEntries,
              })}
            </p>
          )}
          <Table caption={t("ledger.entries")} captionHidden>
            <THead>
              <Tr>
                <Th>{t("ledger.col.date")}</Th>
                <Th>{t("ledger.col.description")}</Th>
                <Th>{t("ledger.col.kind")}</Th>
                <Th className="text-right">{t("ledger.col.amount")}</Th>
                <Th className="text-right">{t("ledger.col.balance")}</Th>
                <Th>{t("dental.col.actions")}</Th>
              </Tr>
            </THead>
            <TBody>
              {ledger.entries.map((entry) => (
                <Tr key={entry.id}>
                  <Td>{day(entry.effectiveOn)}</Td>
                  <Td>
                    {entry.description}
                    {entry.reference && (
                      <span className="ml-1 text-xs text-slate-500">({entry.reference})</span>
                    )}
                  </Td>
                  <Td>
                    <div className="flex flex-wrap gap-1">
                      <Badge tone={kindTones[entry.kind]}>{t(`ledger.kind.${entry.kind}`)}</Badge>
                      {entry.reversesEntryId && <Badge>{t("ledger.reversal")}</Badge>}
                      {entry.reversedByEntryId && <Badge>{t("ledger.reversed")}</Badge>}
                    </div>
                  </Td>
                  <Td className="text-right tabular-nums">{money(entry.amountMinor)}</Td>
                  <Td className="text-right tabular-nums">{money(entry.balanceAfterMinor)}</Td>
                  <Td>
                    <div className="flex flex-wrap gap-1">
                      {entry.kind === "payment" && !entry.reversesEntryId && (
                        <ReceiptButton entry={entry} ledger={ledger} parties={receipt} />
                      )}
                      {entry.kind === "payment" && !entry.reversesEntryId && entry.paymentId && (
                        <PdfLink
                          organizationId={receipt.organization.id}
                          kind="receipt"
                          id={entry.paymentId}
                          label={t("ledger.receiptPdf")}
                        />
                      )}
                      {refundable &&
                        entry.kind === "payment" &&
                        !entry.reversesEntryId &&
                        !entry.reversedByEntryId &&
                        (() => {
                          const paid = payments?.find((p) => p.id === entry.paymentId);
                          return paid ? <RefundButton payment={paid} /> : null;
                        })()}
                      {writable && !entry.reversesEntryId && !entry.reversedByEntryId && (
                        <Button size="sm" variant="ghost" onClick={() => setReversing(entry)}>
                          {t("ledger.reverse")}
                        </Button>
                      )}
                    </div>
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </>
      )}
      <ConfirmDialog
        open={reversing !== null}
        title={t("ledger.reverse.title")}
        description={t("ledger.reverse.body")}
        confirmLabel={t("ledger.reverse")}
        pending={reverse.isPending}
        error={error}
        onCancel={() => {
          setReversing(null);
          setError(null);
        }}
        onConfirm={() => {
          if (!reversing) return;
          setError(null);
          reverse
            .mutateAsync({ entryId: reversing.id })
            .then(async () => {
              setReversing(null);
              await refresh();
            })
            .catch((cause: unknown) => setError(errorMessage(cause, t("dental.error"))));
        }}
      />
    </Card>
  );
}

/** "Receipt": a payment's receipt to hand over, previewed and printed on its own. */
function ReceiptButton({
  entry,
  ledger,
  parties,
}: {
  entry: Entry;
  ledger: Ledger;
  parties: ReceiptParties;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="sm" variant="ghost" onClick={() => setOpen(true)}>
        {t("ledger.receipt")}
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={t("ledger.receipt.title")}
        size="lg"
        footer={
          <>
            <Button variant="secondary" onClick={() => setOpen(false)}>
              {t("ui.close")}
            </Button>
            <Button onClick={() => window.print()}>{t("ledger.receipt.print")}</Button>
          </>
        }
      >
        <ReceiptSheet entry={entry} ledger={ledger} parties={parties} />
      </Dialog>
      {open && (
        <PrintCopy testId="receipt-print">
          <ReceiptSheet entry={entry} ledger={ledger} parties={parties} />
        </PrintCopy>
      )}
    </>
  );
}

function ReceiptSheet({
  entry,
  ledger,
  parties,
}: {
  entry: Entry;
  ledger: Ledger;
  parties: ReceiptParties;
}) {
  const { t, tag, formatDate } = useI18n();
  const [logoFailed, setLogoFailed] = useState(false);
  const { organization } = parties;
  const money = (minor: number) => formatMoney(minor, ledger.currency, tag);
  const received = parseIsoDate(entry.effectiveOn);
  const fact = (label: string, value: string) => (
    <div>
      <dt className="text-xs text-slate-500 uppercase">{label}</dt>
      <dd className="font-medium">{value}</dd>
    </div>
  );
  return (
    <article className="flex flex-col gap-5 rounded-lg border border-slate-200 p-6 text-slate-900">
      <header className="flex items-center justify-between gap-4 border-b border-slate-200 pb-4">
        <div>
          <p className="text-xl font-semibold">{organization.name}</p>
          <p className="text-sm text-slate-600">{t("ledger.receipt.title")}</p>
        </div>
        {organization.logoFileId && !logoFailed && (
          <img
            src={fileUrl(organization.id, organization.logoFileId, { inline: true })}
            alt=""
            className="max-h-16 max-w-40 object-contain"
            onError={() => setLogoFailed(true)}
          />
        )}
      </header>
      <dl className="grid gap-3 text-sm sm:grid-cols-2">
        {fact(t("ledger.receipt.patient"), parties.patientName)}
        {fact(t("ledger.receipt.date"), received ? formatDate(received) : entry.effectiveOn)}
        {fact(t("ledger.receipt.amount"), money(-entry.amountMinor))}
        {entry.method && fact(t("ledger.receipt.method"), t(`ledger.method.${entry.method}`))}
        {entry.reference && fact(t("ledger.receipt.reference"), entry.reference)}
        {fact(t("ledger.receipt.for"), entry.description)}
        {fact(t("ledger.receipt.number"), entry.id.slice(0, 8).toUpperCase())}
        {fact(t("ledger.receipt.balance"), money(entry.balanceAfterMinor))}
      </dl>
    </article>
  );
}
