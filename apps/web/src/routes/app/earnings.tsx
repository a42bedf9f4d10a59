// Earnings from consultations paid at booking. A doctor sees their own: held until the
// consultation is done and its dispute window has passed, available (released, less the
// practice's fee), paid out. Managers see every doctor, record payouts and decide disputes.
import type { RouterOutputs } from "@caredesk/api";
import { errorMessage, fieldErrorOf, trpc } from "@caredesk/client";
import {
  Alert,
  Badge,
  Button,
  Card,
  EmptyState,
  LoadingState,
  PageHeader,
  Table,
  TBody,
  Td,
  TextField,
  Th,
  THead,
  Tr,
  useI18n,
} from "@caredesk/ui";
import { useState } from "react";
import { QueryError } from "../../components/query-error";
import { newIdempotencyKey } from "../../lib/booking";
import { formatMoney, inputToMinor } from "../../lib/money";
import { can } from "../../lib/permissions";
import { useWorkspace } from "../../lib/workspace";

type Earnings = RouterOutputs["earnings"]["list"][number];
type Escrow = RouterOutputs["escrow"]["list"][number];

export function EarningsPage() {
  const { t } = useI18n();
  const { organization } = useWorkspace();
  const role = organization?.role;
  const mine = role !== undefined && can(role, "earnings.read");
  const manages = role !== undefined && can(role, "payout.manage");
  return (
    <>
      <PageHeader title={t("earnings.title")} description={t("earnings.lead")} />
      <div className="flex flex-col gap-6">
        {mine && <MyEarnings />}
        {manages && <DoctorsEarnings />}
        {manages && <Disputes />}
      </div>
    </>
  );
}

function Figures({
  e,
}: {
  e: Pick<Earnings, "heldMinor" | "availableMinor" | "paidOutMinor" | "currency">;
}) {
  const { t, tag } = useI18n();
  const money = (minor: number) => formatMoney(minor, e.currency, tag);
  return (
    <dl className="grid grid-cols-3 gap-4">
      {(
        [
          ["earnings.held", e.heldMinor, "earnings-held"],
          ["earnings.available", e.availableMinor, "earnings-available"],
          ["earnings.paidOut", e.paidOutMinor, "earnings-paid-out"],
        ] as const
      ).map(([label, minor, testId]) => (
        <div key={label} className="rounded-lg bg-slate-50 p-3">
          <dt className="text-sm text-slate-500">{t(label)}</dt>
          <dd className="text-xl font-semibold text-slate-900 tabular-nums" data-testid={testId}>
            {money(minor)}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function MyEarnings() {
  const { t, tag } = useI18n();
  const { organization } = useWorkspace();
  const manages = organization !== null && can(organization.role, "payout.manage");
  const mine = trpc.earnings.mine.useQuery();
  if (mine.isPending) return <LoadingState />;
  if (mine.isError) return <QueryError error={mine.error} onRetry={() => void mine.refetch()} />;
  const e = mine.data;
  if (!e) {
    // A manager who is not a doctor sees every doctor below instead.
    return manages ? null : (
      <Card>
        <EmptyState title={t("earnings.noProfile")} />
      </Card>
    );
  }
  const money = (minor: number) => formatMoney(minor, e.currency, tag);
  return (
    <>
      <Card>
        <Figures e={e} />
      </Card>
      <Card title={t("earnings.releases")}>
        {e.releases.length === 0 ? (
          <EmptyState title={t("earnings.releases.empty")} />
        ) : (
          <Table caption={t("earnings.releases")} captionHidden>
            <THead>
              <Tr>
                <Th>{t("appointment.service")}</Th>
                <Th>{t("appointment.when")}</Th>
                <Th className="text-end">{t("earnings.release.amount")}</Th>
                <Th className="text-end">{t("earnings.release.fee")}</Th>
                <Th className="text-end">{t("earnings.release.net")}</Th>
              </Tr>
            </THead>
            <TBody>
              {e.releases.map((r) => (
                <Tr key={r.escrowId} data-testid="earnings-release">
                  <Td>{r.serviceName}</Td>
                  <Td>
                    {new Intl.DateTimeFormat(tag, { dateStyle: "medium" }).format(r.startsAt)}
                  </Td>
                  <Td className="text-end tabular-nums">{money(r.amountMinor)}</Td>
                  <Td className="text-end tabular-nums">{money(r.feeMinor)}</Td>
                  <Td className="text-end font-medium tabular-nums">{money(r.netMinor)}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
      <Card title={t("earnings.payouts")}>
        {e.payouts.length === 0 ? (
          <EmptyState title={t("earnings.payouts.empty")} />
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {e.payouts.map((p) => (
              <li key={p.id} className="flex justify-between py-2">
                <span>
                  {new Intl.DateTimeFormat(tag, { dateStyle: "medium" }).format(p.createdAt)} ·{" "}
                  {p.reference}
                </span>
                <span className="font-medium tabular-nums">{money(p.amountMinor)}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}

function DoctorsEarnings() {
  const { t, tag } = useI18n();
  const list = trpc.earnings.list.useQuery();
  const [paying, setPaying] = useState<string | null>(null);
  return (
    <Card title={t("earnings.doctors")}>
      {list.isPending ? (
        <LoadingState />
      ) : list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.length === 0 ? (
        <EmptyState title={t("earnings.doctors.empty")} />
      ) : (
        <ul className="divide-y divide-slate-100">
          {list.data.map((d) => (
            <li key={d.practitionerId} className="flex flex-col gap-3 py-3">
              <div className="flex flex-wrap items-center justify-between gap-3">
                <p className="font-medium text-slate-900">{d.practitionerName}</p>
                <div className="flex flex-wrap items-center gap-4 text-sm tabular-nums">
                  <span>
                    {t("earnings.held")}: {formatMoney(d.heldMinor, d.currency, tag)}
                  </span>
                  <span>
                    {t("earnings.available")}: {formatMoney(d.availableMinor, d.currency, tag)}
                  </span>
                  <span>
                    {t("earnings.paidOut")}: {formatMoney(d.paidOutMinor, d.currency, tag)}
                  </span>
                  {d.availableMinor > 0 && (
                    <Button
                      size="sm"
                      variant="secondary"
                      onClick={() =>
                        setPaying(paying === d.practitionerId ? null : d.practitionerId)
                      }
                    >
                      {t("earnings.payout.action")}
                    </Button>
                  )}
                </div>
              </div>
              {paying === d.practitionerId && (
                <PayoutForm doctor={d} onDone={() => setPaying(null)} />
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function PayoutForm({ doctor, onDone }: { doctor: Earnings; onDone: () => void }) {
  const { t } = useI18n();
  const utils = trpc.useUtils();
  const [amount, setAmount] = useState("");
  const [reference, setReference] = useState("");
  const [key] = useState(newIdempotencyKey);
  const [invalid, setInvalid] = useState(false);
  const record = trpc.payout.record.useMutation({
    onSuccess: () => {
      void utils.earnings.invalidate();
      onDone();
    },
  });
  return (
    <form
      className="flex flex-wrap items-end gap-3 rounded-lg bg-slate-50 p-3"
      onSubmit={(e) => {
        e.preventDefault();
        const minor = inputToMinor(amount, doctor.currency);
        if (minor === null || minor <= 0) return setInvalid(true);
        record.mutate({
          practitionerId: doctor.practitionerId,
          amountMinor: minor,
          reference: reference.trim(),
          idempotencyKey: key,
        });
      }}
    >
      <TextField
        label={t("earnings.payout.amount")}
        inputMode="decimal"
        value={amount}
        onChange={(e) => {
          setAmount(e.target.value);
          setInvalid(false);
        }}
        error={
          invalid ? t("ui.error.unknown") : (fieldErrorOf(record.error, "amountMinor") ?? undefined)
        }
      />
      <TextField
        label={t("earnings.payout.reference")}
        value={reference}
        maxLength={120}
        onChange={(e) => setReference(e.target.value)}
        error={fieldErrorOf(record.error, "reference") ?? undefined}
      />
      <Button type="submit" size="sm" loading={record.isPending}>
        {t("earnings.payout.submit")}
      </Button>
      {record.error &&
        !fieldErrorOf(record.error, "amountMinor") &&
        !fieldErrorOf(record.error, "reference") && (
          <Alert tone="error">{errorMessage(record.error, t("ui.error.unknown"))}</Alert>
        )}
    </form>
  );
}

function Disputes() {
  const { t } = useI18n();
  const list = trpc.escrow.list.useQuery({ status: "disputed" });
  return (
    <Card title={t("earnings.disputes")}>
      {list.isPending ? (
        <LoadingState />
      ) : list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.length === 0 ? (
        <EmptyState title={t("earnings.disputes.empty")} />
      ) : (
        <ul className="divide-y divide-slate-100">
          {list.data.map((e) => (
            <DisputeRow key={e.id} escrow={e} />
          ))}
        </ul>
      )}
    </Card>
  );
}

function DisputeRow({ escrow }: { escrow: Escrow }) {
  const { t, tag } = useI18n();
  const utils = trpc.useUtils();
  const [note, setNote] = useState("");
  const resolve = trpc.escrow.resolve.useMutation({
    onSuccess: () => {
      void utils.escrow.invalidate();
      void utils.earnings.invalidate();
    },
  });
  const decide = (outcome: "release" | "refund") =>
    resolve.mutate({ escrowId: escrow.id, outcome, note: note.trim() });
  return (
    <li className="flex flex-col gap-2 py-3 text-sm">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="font-medium text-slate-900">
          {escrow.serviceName} · {escrow.practitionerName}
        </span>
        <span className="tabular-nums">
          {formatMoney(escrow.amountMinor, escrow.currency, tag)}
        </span>
        <Badge tone="warning">{t("escrow.status.disputed")}</Badge>
      </div>
      {escrow.disputeReason && <p className="text-slate-600">{escrow.disputeReason}</p>}
      <div className="flex flex-wrap items-end gap-2">
        <TextField
          label={t("earnings.resolve.note")}
          value={note}
          maxLength={500}
          onChange={(e) => setNote(e.target.value)}
          error={fieldErrorOf(resolve.error, "note") ?? undefined}
        />
        <Button size="sm" loading={resolve.isPending} onClick={() => decide("release")}>
          {t("earnings.resolve.release")}
        </Button>
        <Button
          size="sm"
          variant="danger"
          loading={resolve.isPending}
          onClick={() => decide("refund")}
        >
          {t("earnings.resolve.refund")}
        </Button>
      </div>
      {resolve.error && !fieldErrorOf(resolve.error, "note") && (
        <Alert tone="error">{errorMessage(resolve.error, t("ui.error.unknown"))}</Alert>
      )}
    </li>
  );
}
