// One product: its details, its lots (batch, expiry, quantity, held for orders, cost) with
// "Adjust" on each, "Receive stock" from a supplier, and the movements history.
import type { RouterOutputs } from "@caredesk/api";
import { errorMessage, PagedListBody, trpc } from "@caredesk/client";
import {
  Alert,
  Badge,
  Button,
  buttonClasses,
  Card,
  Dialog,
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
  useT,
} from "@caredesk/ui";
import { Link, useParams } from "@tanstack/react-router";
import { useMemo, useState, type FormEvent } from "react";
import { OrganizationGate } from "../../../components/organization-gate";
import { QueryError } from "../../../components/query-error";
import { formatMoney, inputToMinor } from "../../../lib/money";
import { can } from "../../../lib/permissions";
import type { MyOrganization } from "../../../lib/workspace";
import { zonedFormat } from "../../../lib/zoned";
import { PharmacyTabs } from "./products";

type Product = RouterOutputs["product"]["byId"];
type Lot = Product["lots"][number];

export function ProductPage() {
  const t = useT();
  const { productId } = useParams({ from: "/app/pharmacy/products/$productId" });
  return (
    <OrganizationGate action="pharmacy.read" title={t("pharmacy.title")}>
      {(organization) => <ProductScreen organization={organization} productId={productId} />}
    </OrganizationGate>
  );
}

/** The server's messages per input field (`lots.0.expiresOn`…), first message each. */
export function serverFieldErrors(error: unknown): Record<string, string> {
  const fieldErrors = (error as { data?: { fieldErrors?: Record<string, string[]> | null } } | null)
    ?.data?.fieldErrors;
  const out: Record<string, string> = {};
  for (const [field, messages] of Object.entries(fieldErrors ?? {})) {
    if (messages[0]) out[field] = messages[0];
  }
  return out;
}

function ProductScreen({
  organization,
  productId,
}: {
  organization: MyOrganization;
  productId: string;
}) {
  const { t, tag } = useI18n();
  const product = trpc.product.byId.useQuery({ id: productId });
  const utils = trpc.useUtils();
  const [receiving, setReceiving] = useState(false);
  const [adjusting, setAdjusting] = useState<Lot | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const archive = trpc.product.archive.useMutation({
    onSuccess: () => void utils.product.invalidate(),
  });
  const restore = trpc.product.restore.useMutation({
    onSuccess: () => void utils.product.invalidate(),
  });
  const manage = can(organization.role, "pharmacy.manage");
  const currency = organization.currency;
  const money = (minor: number) => formatMoney(minor, currency, tag);
  const changed = async (message: string) => {
    setNotice(message);
    await Promise.all([utils.product.invalidate(), utils.stock.movements.invalidate()]);
  };

  if (product.isPending) return <LoadingState />;
  if (product.isError) {
    return (
      <QueryError
        error={product.error}
        onRetry={() => void product.refetch()}
        retrying={product.isRefetching}
        notFoundTitle={t("pharmacy.product.notFound")}
        notFoundAction={
          <Link to="/app/pharmacy/products" className={buttonClasses("secondary")}>
            {t("pharmacy.product.back")}
          </Link>
        }
      />
    );
  }
  const p = product.data;
  return (
    <>
      <PageHeader
        title={p.name}
        description={[p.genericName, p.strength, p.category].filter(Boolean).join(" · ")}
        actions={
          manage ? (
            <>
              <Link
                to="/app/pharmacy/products/$productId/edit"
                params={{ productId: p.id }}
                className={buttonClasses("secondary")}
              >
                {t("pharmacy.product.edit")}
              </Link>
              {p.status === "active" ? (
                <Button
                  variant="secondary"
                  loading={archive.isPending}
                  onClick={() => archive.mutate({ id: p.id })}
                >
                  {t("pharmacy.product.archive")}
                </Button>
              ) : (
                <Button
                  variant="secondary"
                  loading={restore.isPending}
                  onClick={() => restore.mutate({ id: p.id })}
                >
                  {t("pharmacy.product.restore")}
                </Button>
              )}
              <Button onClick={() => setReceiving(true)}>{t("pharmacy.receive")}</Button>
            </>
          ) : undefined
        }
      />
      <PharmacyTabs />
      <div className="flex flex-col gap-4">
        {notice && <Alert tone="success">{notice}</Alert>}
        {(archive.error ?? restore.error) && (
          <Alert tone="error">
            {errorMessage(archive.error ?? restore.error, t("ui.error.network"))}
          </Alert>
        )}
        <Card>
          <dl className="grid gap-4 text-sm sm:grid-cols-3 lg:grid-cols-6">
            <Fact label={t("pharmacy.field.sku")} value={p.sku} />
            <Fact label={t("pharmacy.field.barcode")} value={p.barcode ?? "—"} />
            <Fact label={t("pharmacy.field.priceShort")} value={money(p.priceMinor)} />
            <Fact label={t("pharmacy.onHand.label")} value={String(p.onHand)} testId="on-hand" />
            <Fact
              label={t("pharmacy.available.label")}
              value={String(p.available)}
              testId="available"
            />
            <Fact label={t("pharmacy.field.reorderLevel")} value={String(p.reorderLevel)} />
          </dl>
          <div className="mt-3 flex flex-wrap gap-2">
            {p.prescriptionOnly && <Badge tone="brand">{t("pharmacy.rx")}</Badge>}
            {p.controlled && <Badge tone="danger">{t("pharmacy.controlled")}</Badge>}
            {p.low && <Badge tone="warning">{t("pharmacy.lowStock")}</Badge>}
            {p.status === "archived" && (
              <Badge tone="neutral">{t("pharmacy.status.archived")}</Badge>
            )}
          </div>
        </Card>
        <Card>
          <h2 className="mb-3 text-lg font-semibold text-slate-900">{t("pharmacy.lots.title")}</h2>
          {p.lots.length === 0 ? (
            <EmptyState
              title={t("pharmacy.lots.empty")}
              description={t("pharmacy.lots.empty.body")}
            />
          ) : (
            <Table caption={t("pharmacy.lots.title")}>
              <THead>
                <Tr>
                  <Th>{t("pharmacy.col.batch")}</Th>
                  <Th>{t("pharmacy.col.expiry")}</Th>
                  <Th className="text-right">{t("pharmacy.col.quantity")}</Th>
                  <Th className="text-right">{t("pharmacy.col.reserved")}</Th>
                  <Th className="text-right">{t("pharmacy.col.cost")}</Th>
                  {manage && <Th className="sr-only">{t("pharmacy.adjust")}</Th>}
                </Tr>
              </THead>
              <TBody>
                {p.lots.map((lot) => (
                  <Tr key={lot.id} data-testid="lot">
                    <Td>{lot.batchNumber}</Td>
                    <Td>
                      {lot.expiresOn}{" "}
                      {lot.expired && <Badge tone="danger">{t("pharmacy.lots.expired")}</Badge>}
                    </Td>
                    <Td className="text-right tabular-nums">{lot.quantity}</Td>
                    <Td className="text-right tabular-nums">{lot.reserved}</Td>
                    <Td className="text-right tabular-nums">{money(lot.unitCostMinor)}</Td>
                    {manage && (
                      <Td className="text-right">
                        <Button
                          size="sm"
                          variant="secondary"
                          aria-label={`${t("pharmacy.adjust")}: ${lot.batchNumber}`}
                          onClick={() => setAdjusting(lot)}
                        >
                          {t("pharmacy.adjust")}
                        </Button>
                      </Td>
                    )}
                  </Tr>
                ))}
              </TBody>
            </Table>
          )}
        </Card>
        <Movements organization={organization} productId={p.id} />
      </div>
      {receiving && (
        <ReceiveDialog
          product={p}
          currency={currency}
          onClose={() => setReceiving(false)}
          onDone={() => {
            setReceiving(false);
            void changed(t("pharmacy.receive.done"));
          }}
        />
      )}
      {adjusting && (
        <AdjustDialog
          lot={adjusting}
          onClose={() => setAdjusting(null)}
          onDone={() => {
            setAdjusting(null);
            void changed(t("pharmacy.adjust.done"));
          }}
        />
      )}
    </>
  );
}

function Fact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <dt className="text-slate-600">{label}</dt>
      <dd className="font-medium text-slate-900 tabular-nums" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

function Movements({
  organization,
  productId,
}: {
  organization: MyOrganization;
  productId: string;
}) {
  const { t, tag } = useI18n();
  const fmt = useMemo(() => zonedFormat(tag, organization.timeZone), [tag, organization.timeZone]);
  const list = trpc.stock.movements.useInfiniteQuery(
    { productId, limit: 25 },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  return (
    <Card>
      <h2 className="mb-3 text-lg font-semibold text-slate-900">{t("pharmacy.movements.title")}</h2>
      <PagedListBody
        list={list}
        empty={<EmptyState title={t("pharmacy.movements.empty")} />}
        status={(shown) => t("pharmacy.movements.shown", { count: shown })}
      >
        {(items) => (
          <ul className="divide-y divide-slate-100" aria-label={t("pharmacy.movements.title")}>
            {items.map((m) => (
              <li
                key={m.id}
                className="flex flex-wrap items-center gap-3 py-2 text-sm"
                data-testid="movement"
              >
                <Badge tone={m.quantity > 0 ? "success" : "neutral"}>
                  {t(`pharmacy.kind.${m.kind}`)}
                </Badge>
                <span className="w-16 text-end font-medium tabular-nums">
                  {m.quantity > 0 ? `+${m.quantity}` : m.quantity}
                </span>
                <span className="text-slate-700">
                  {t("pharmacy.movements.batch", { batch: m.batchNumber })}
                </span>
                {m.reason && <span className="text-slate-600">{m.reason}</span>}
                <span className="ms-auto text-xs text-slate-500">
                  {[m.createdByName, fmt.dateTime(m.createdAt)].filter(Boolean).join(" · ")}
                </span>
              </li>
            ))}
          </ul>
        )}
      </PagedListBody>
    </Card>
  );
}

function todayText(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

function ReceiveDialog({
  product,
  currency,
  onClose,
  onDone,
}: {
  product: Product;
  currency: string;
  onClose: () => void;
  onDone: () => void;
}) {
  const t = useT();
  const receive = trpc.stock.receive.useMutation();
  const [v, setV] = useState({
    supplier: "",
    reference: "",
    receivedOn: todayText(),
    batchNumber: "",
    expiresOn: "",
    quantity: "",
    unitCost: "",
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const set = (key: keyof typeof v, value: string) => setV((old) => ({ ...old, [key]: value }));
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const quantity = /^\d{1,7}$/.test(v.quantity.trim()) ? Number(v.quantity) : Number.NaN;
    const unitCostMinor = v.unitCost.trim() ? inputToMinor(v.unitCost, currency) : 0;
    if (unitCostMinor === null) {
      setErrors({ "lots.0.unitCostMinor": t("pharmacy.form.price.invalid") });
      return;
    }
    try {
      await receive.mutateAsync({
        supplier: v.supplier,
        reference: v.reference,
        receivedOn: v.receivedOn,
        lots: [
          {
            productId: product.id,
            batchNumber: v.batchNumber,
            expiresOn: v.expiresOn,
            quantity,
            unitCostMinor,
          },
        ],
      });
      onDone();
    } catch (error) {
      const fields = serverFieldErrors(error);
      setErrors(fields);
      if (Object.keys(fields).length === 0)
        setFormError(errorMessage(error, t("ui.error.network")));
    }
  };
  const lotError = (field: string) => errors[`lots.0.${field}`] ?? errors[`lots.${field}`];
  return (
    <Dialog open onClose={onClose} title={t("pharmacy.receive.title", { product: product.name })}>
      <form noValidate onSubmit={(e) => void onSubmit(e)} className="flex flex-col gap-4">
        {formError && <Alert tone="error">{formError}</Alert>}
        <TextField
          label={t("pharmacy.receive.supplier")}
          value={v.supplier}
          onChange={(e) => set("supplier", e.target.value)}
          error={errors.supplier}
          required
        />
        <TextField
          label={t("pharmacy.receive.reference")}
          value={v.reference}
          onChange={(e) => set("reference", e.target.value)}
          error={errors.reference}
        />
        <TextField
          type="date"
          label={t("pharmacy.receive.receivedOn")}
          value={v.receivedOn}
          onChange={(e) => set("receivedOn", e.target.value)}
          error={errors.receivedOn}
          required
        />
        <TextField
          label={t("pharmacy.col.batch")}
          value={v.batchNumber}
          onChange={(e) => set("batchNumber", e.target.value)}
          error={lotError("batchNumber")}
          required
        />
        <TextField
          type="date"
          label={t("pharmacy.col.expiry")}
          value={v.expiresOn}
          onChange={(e) => set("expiresOn", e.target.value)}
          error={lotError("expiresOn")}
          required
        />
        <TextField
          label={t("pharmacy.col.quantity")}
          inputMode="numeric"
          value={v.quantity}
          onChange={(e) => set("quantity", e.target.value)}
          error={lotError("quantity")}
          required
        />
        <TextField
          label={t("pharmacy.receive.unitCost", { currency })}
          inputMode="decimal"
          value={v.unitCost}
          onChange={(e) => set("unitCost", e.target.value)}
          error={lotError("unitCostMinor")}
        />
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={onClose}>
            {t("ui.cancel")}
          </Button>
          <Button type="submit" loading={receive.isPending}>
            {t("pharmacy.receive.submit")}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function AdjustDialog({
  lot,
  onClose,
  onDone,
}: {
  lot: Lot;
  onClose: () => void;
  onDone: () => void;
}) {
  const t = useT();
  const adjust = trpc.stock.adjust.useMutation();
  const [quantity, setQuantity] = useState("");
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const n = /^[+-]?\d{1,7}$/.test(quantity.trim()) ? Number(quantity) : Number.NaN;
    try {
      await adjust.mutateAsync({ lotId: lot.id, quantity: n, reason });
      onDone();
    } catch (error) {
      const fields = serverFieldErrors(error);
      setErrors(fields);
      if (Object.keys(fields).length === 0)
        setFormError(errorMessage(error, t("ui.error.network")));
    }
  };
  return (
    <Dialog
      open
      onClose={onClose}
      title={t("pharmacy.adjust.title", { batch: lot.batchNumber })}
      description={t("pharmacy.adjust.body", { quantity: lot.quantity })}
    >
      <form noValidate onSubmit={(e) => void onSubmit(e)} className="flex flex-col gap-4">
        {formError && <Alert tone="error">{formError}</Alert>}
        <TextField
          label={t("pharmacy.adjust.quantity")}
          description={t("pharmacy.adjust.quantity.hint")}
          inputMode="numeric"
          value={quantity}
          onChange={(e) => setQuantity(e.target.value)}
          error={errors.quantity}
          required
        />
        <TextField
          label={t("pharmacy.adjust.reason")}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={errors.reason}
          required
        />
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={onClose}>
            {t("ui.cancel")}
          </Button>
          <Button type="submit" loading={adjust.isPending}>
            {t("pharmacy.adjust.submit")}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
