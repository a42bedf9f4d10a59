// One refill request: the patient, the prescription (or the uploaded one), what the patient
// wrote, what was decided and its history. A doctor or pharmacist approves it — picking products
// from the catalogue makes it an order, none makes it a pickup at the desk — or declines it.
import type { RouterOutputs } from "@caredesk/api";
import { errorMessage, trpc } from "@caredesk/client";
import { RefillDeclineInput } from "@caredesk/validators";
import {
  Alert,
  Badge,
  Button,
  Card,
  Dialog,
  EmptyState,
  LoadingState,
  PageHeader,
  TextAreaField,
  TextField,
  useDebouncedValue,
  useI18n,
  useT,
  type MessageKey,
} from "@caredesk/ui";
import { getRouteApi, Link } from "@tanstack/react-router";
import { useMemo, useState } from "react";
import { OrganizationGate } from "../../components/organization-gate";
import { QueryError } from "../../components/query-error";
import { ReasonDialog } from "../../components/reason-dialog";
import { fileUrl } from "../../lib/files";
import { can } from "../../lib/permissions";
import type { MyOrganization } from "../../lib/workspace";
import { zonedFormat } from "../../lib/zoned";
import { addressText, portalRefillStatus, refillStatusTone } from "../portal/refills";

type Refill = RouterOutputs["refill"]["byId"];
type Format = ReturnType<typeof zonedFormat>;

const route = getRouteApi("/app/refills/$refillId");

const historyLabel: Record<string, MessageKey> = {
  "refill.requestMine": "refills.history.refill.requestMine",
  "refill.cancelMine": "refills.history.refill.cancelMine",
  "refill.approve": "refills.history.refill.approve",
  "refill.decline": "refills.history.refill.decline",
};

function labelOf(action: string, t: ReturnType<typeof useT>): string {
  const key = historyLabel[action];
  return key ? t(key) : action;
}

export function RefillRequestPage() {
  const t = useT();
  const { refillId } = route.useParams();
  return (
    <OrganizationGate action="patient.read" title={t("refills.title")}>
      {(organization) => <RefillScreen organization={organization} refillId={refillId} />}
    </OrganizationGate>
  );
}

function RefillScreen({
  organization,
  refillId,
}: {
  organization: MyOrganization;
  refillId: string;
}) {
  const { t, tag } = useI18n();
  const fmt = useMemo(() => zonedFormat(tag, organization.timeZone), [tag, organization.timeZone]);
  const utils = trpc.useUtils();
  const refill = trpc.refill.byId.useQuery({ id: refillId });
  const [notice, setNotice] = useState<string | null>(null);
  const [approving, setApproving] = useState(false);
  const [declining, setDeclining] = useState(false);
  const decline = trpc.refill.decline.useMutation();
  const reviewer = can(organization.role, "prescription.review");
  const changed = async (message: string) => {
    setNotice(message);
    await Promise.all([
      utils.refill.byId.invalidate({ id: refillId }),
      utils.refill.list.invalidate(),
    ]);
  };

  const back = (
    <Link to="/app/refills" className="text-sm text-brand-700 hover:underline">
      {t("refills.back")}
    </Link>
  );
  if (refill.isPending) return <LoadingState />;
  if (refill.isError) {
    return (
      <>
        <PageHeader title={t("refills.title")} />
        {back}
        <Card>
          <QueryError
            error={refill.error}
            onRetry={() => void refill.refetch()}
            retrying={refill.isRefetching}
          />
        </Card>
      </>
    );
  }
  const r = refill.data;
  const waiting = r.status === "requested";

  return (
    <>
      <PageHeader
        title={t("refills.request.title", { patient: r.patientName })}
        description={r.patientMobile}
      />
      <div className="flex flex-col gap-4">
        {back}
        {notice && <Alert tone="success">{notice}</Alert>}
        <div className="flex flex-wrap items-center gap-2">
          <Badge tone={refillStatusTone[r.status]}>{t(portalRefillStatus[r.status])}</Badge>
          <Link
            to="/app/patients/$patientId"
            params={{ patientId: r.patientId }}
            className="text-sm text-brand-700 hover:underline"
          >
            {r.patientName}
          </Link>
        </div>
        <Details refill={r} fmt={fmt} organizationId={organization.id} />
        {waiting &&
          (reviewer ? (
            <div className="flex flex-wrap gap-2">
              <Button onClick={() => setApproving(true)}>{t("refills.approve")}</Button>
              <Button variant="ghost-danger" onClick={() => setDeclining(true)}>
                {t("refills.decline")}
              </Button>
            </div>
          ) : (
            <Alert tone="info">{t("refills.reviewOnly")}</Alert>
          ))}
        <Decision refill={r} fmt={fmt} />
        <Card title={t("refills.history")}>
          {r.history.length === 0 ? (
            <EmptyState title={t("refills.history")} />
          ) : (
            <ol className="flex flex-col gap-1 text-sm">
              {r.history.map((entry, i) => (
                <li key={i}>
                  <span className="tabular-nums text-slate-600">{fmt.dateTime(entry.at)}</span>{" "}
                  {labelOf(entry.action, t)}
                  {entry.actorName ? ` · ${entry.actorName}` : ""}
                </li>
              ))}
            </ol>
          )}
        </Card>
      </div>
      {approving && (
        <ApproveDialog
          refill={r}
          onClose={() => setApproving(false)}
          onApproved={(orderNumber) => {
            setApproving(false);
            void changed(
              orderNumber === null
                ? t("refills.approved.pickup")
                : t("refills.approved.order", { number: orderNumber }),
            );
          }}
        />
      )}
      {declining && (
        <ReasonDialog
          title={t("refills.decline.title")}
          description={t("refills.decline.body")}
          label={t("refills.decline.note")}
          hint={t("refills.decline.body")}
          submitLabel={t("refills.decline.submit")}
          reason={RefillDeclineInput.shape.note}
          onSubmit={async (note) => {
            await decline.mutateAsync({ id: r.id, note });
            setDeclining(false);
            await changed(t("refills.declined"));
          }}
          onClose={() => setDeclining(false)}
        />
      )}
    </>
  );
}

function Details({
  refill: r,
  fmt,
  organizationId,
}: {
  refill: Refill;
  fmt: Format;
  organizationId: string;
}) {
  const t = useT();
  return (
    <Card>
      <dl className="grid gap-3 text-sm sm:grid-cols-2">
        {r.prescription && (
          <div className="sm:col-span-2">
            <dt className="font-medium text-slate-700">{t("refills.prescription")}</dt>
            <dd className="text-base font-medium">
              {[r.prescription.drug, r.prescription.strength].filter(Boolean).join(" ")}
            </dd>
            <dd className="text-slate-700">
              {t("refills.prescription.dose")}: {r.prescription.dose} ·{" "}
              {t("refills.prescription.frequency")}: {r.prescription.frequency}
              {r.prescription.duration &&
                ` · ${t("refills.prescription.duration")}: ${r.prescription.duration}`}
            </dd>
            {r.prescription.instructions && (
              <dd className="text-slate-700">
                {t("refills.prescription.instructions")}: {r.prescription.instructions}
              </dd>
            )}
            <dd className="text-slate-600">
              {t("refills.prescription.by", {
                date: fmt.dateTime(r.prescription.prescribedAt),
                doctor: r.prescription.practitionerName ?? "—",
              })}
            </dd>
          </div>
        )}
        {r.upload && (
          <div>
            <dt className="font-medium text-slate-700">{t("refills.upload")}</dt>
            <dd>
              <a
                href={fileUrl(organizationId, r.upload.id, { inline: true })}
                target="_blank"
                rel="noreferrer"
                className="text-brand-700 hover:underline"
              >
                {t("refills.upload.open", { name: r.upload.originalName })}
              </a>
            </dd>
          </div>
        )}
        <div>
          <dt className="font-medium text-slate-700">{t("refills.fulfilment")}</dt>
          <dd>
            {t(
              r.fulfilment === "delivery"
                ? "refills.fulfilment.delivery"
                : "refills.fulfilment.pickup",
            )}
          </dd>
        </div>
        {r.fulfilment === "delivery" && r.deliveryAddress && (
          <div>
            <dt className="font-medium text-slate-700">{t("refills.deliveryAddress")}</dt>
            <dd className="whitespace-pre-line">
              {[addressText(r.deliveryAddress), r.deliveryAddress.notes].filter(Boolean).join("\n")}
            </dd>
          </div>
        )}
        <div>
          <dt className="font-medium text-slate-700">{t("refills.col.requested")}</dt>
          <dd>{fmt.dateTime(r.createdAt)}</dd>
        </div>
        {r.note && (
          <div className="sm:col-span-2">
            <dt className="font-medium text-slate-700">{t("refills.patientNote")}</dt>
            <dd className="whitespace-pre-line">{r.note}</dd>
          </div>
        )}
      </dl>
    </Card>
  );
}

function Decision({ refill: r, fmt }: { refill: Refill; fmt: Format }) {
  const t = useT();
  if (r.status === "requested" || !r.decidedAt) return null;
  return (
    <Card title={t("refills.decision")}>
      <p className="text-sm">
        {t("refills.decidedBy", {
          status: t(portalRefillStatus[r.status]),
          name: r.decidedByName ?? "—",
          date: fmt.dateTime(r.decidedAt),
        })}
      </p>
      {r.decisionNote && (
        <p className="text-sm text-slate-700">
          {t("refills.decisionNote", { note: r.decisionNote })}
        </p>
      )}
      {r.orderId && r.orderNumber !== null && (
        <Link
          to="/app/pharmacy/orders/$orderId"
          params={{ orderId: r.orderId }}
          className="text-sm font-medium text-brand-700 hover:underline"
        >
          {t("refills.order", { number: r.orderNumber })}
        </Link>
      )}
    </Card>
  );
}

interface Line {
  productId: string;
  name: string;
  quantity: number;
}

function ApproveDialog({
  refill,
  onClose,
  onApproved,
}: {
  refill: Refill;
  onClose: () => void;
  onApproved: (orderNumber: number | null) => void;
}) {
  const t = useT();
  const [search, setSearch] = useState(refill.prescription?.drug ?? "");
  const q = useDebouncedValue(search.trim(), 250);
  const [lines, setLines] = useState<Line[]>([]);
  const [note, setNote] = useState("");
  const products = trpc.product.list.useQuery(
    { q: q || undefined, status: "active", limit: 10 },
    { retry: false },
  );
  const approve = trpc.refill.approve.useMutation({
    onSuccess: (approved) => onApproved(approved.orderNumber),
  });
  const errors = approve.error?.data?.fieldErrors ?? {};
  const lineError = (i: number) =>
    errors[`items.${i}.quantity`]?.[0] ?? errors[`items.${i}.productId`]?.[0];

  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      title={t("refills.approve.title")}
      description={t("refills.approve.body")}
    >
      <form
        noValidate
        className="flex flex-col gap-4"
        onSubmit={(event) => {
          event.preventDefault();
          approve.mutate({
            id: refill.id,
            note,
            items: lines.map(({ productId, quantity }) => ({ productId, quantity })),
          });
        }}
      >
        <TextField
          label={t("refills.approve.search")}
          type="search"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        {products.isPending ? (
          <LoadingState />
        ) : products.isError ? (
          <Alert tone="error">{errorMessage(products.error, t("ui.error.network"))}</Alert>
        ) : products.data.items.length === 0 ? (
          <p className="text-sm text-slate-600">{t("refills.approve.noMatch")}</p>
        ) : (
          <ul className="flex flex-col gap-1" aria-label={t("refills.approve.search")}>
            {products.data.items.map((product) => {
              const added = lines.some((line) => line.productId === product.id);
              return (
                <li key={product.id} className="flex items-center gap-2 text-sm">
                  <span className="flex-1">
                    {product.name}
                    <span className="ms-2 text-slate-600 tabular-nums">({product.available})</span>
                  </span>
                  <Button
                    size="sm"
                    variant="secondary"
                    disabled={added}
                    aria-label={`${t("refills.approve.add")}: ${product.name}`}
                    onClick={() =>
                      setLines((current) => [
                        ...current,
                        { productId: product.id, name: product.name, quantity: 1 },
                      ])
                    }
                  >
                    {t("refills.approve.add")}
                  </Button>
                </li>
              );
            })}
          </ul>
        )}
        <div>
          <h3 className="mb-1 text-sm font-medium text-slate-700">{t("refills.approve.items")}</h3>
          {lines.length === 0 ? (
            <p className="text-sm text-slate-600">{t("refills.approve.none")}</p>
          ) : (
            <ul className="flex flex-col gap-2">
              {lines.map((line, i) => (
                <li key={line.productId} className="flex flex-wrap items-end gap-2">
                  <TextField
                    label={t("refills.approve.quantity", { product: line.name })}
                    type="number"
                    min={1}
                    max={100}
                    inputMode="numeric"
                    value={String(line.quantity)}
                    error={lineError(i)}
                    containerClassName="flex-1"
                    onChange={(event) => {
                      const quantity = Number.parseInt(event.target.value, 10);
                      setLines((current) =>
                        current.map((l) =>
                          l.productId === line.productId
                            ? { ...l, quantity: Number.isNaN(quantity) ? 0 : quantity }
                            : l,
                        ),
                      );
                    }}
                  />
                  <Button
                    size="sm"
                    variant="ghost-danger"
                    aria-label={t("refills.approve.remove", { product: line.name })}
                    onClick={() =>
                      setLines((current) => current.filter((l) => l.productId !== line.productId))
                    }
                  >
                    ×
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </div>
        <TextAreaField
          label={t("refills.approve.note")}
          rows={2}
          value={note}
          onChange={(event) => setNote(event.target.value)}
          error={errors.note?.[0]}
        />
        {approve.error && (
          <Alert tone="error">{errorMessage(approve.error, t("ui.error.network"))}</Alert>
        )}
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={onClose}>
            {t("ui.cancel")}
          </Button>
          <Button type="submit" loading={approve.isPending}>
            {lines.length > 0
              ? t("refills.approve.submitOrder")
              : t("refills.approve.submitPickup")}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
