// The pharmacy counter (point of sale): a keyboard-wedge scanner types a barcode into a field that
// keeps focus and presses Enter; products can also be found by name. The basket shows what the
// server will charge (price, line discounts, tax); payment is cash (with change) or the card
// terminal. Once complete, the receipt PDF can be downloaded and a new sale started.
import type { RouterOutputs } from "@caredesk/api";
import { errorMessage, fieldErrorOf, PagedListBody, trpc } from "@caredesk/client";
import { CounterVoidInput, type CounterMethod } from "@caredesk/validators";
import {
  Alert,
  Badge,
  Button,
  buttonClasses,
  Card,
  CheckboxField,
  EmptyState,
  PageHeader,
  Spinner,
  TextField,
  useI18n,
  useT,
} from "@caredesk/ui";
import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { OrganizationGate } from "../../../components/organization-gate";
import { ReasonDialog } from "../../../components/reason-dialog";
import { formatMoney, inputToMinor } from "../../../lib/money";
import type { MyOrganization } from "../../../lib/workspace";
import { zonedFormat } from "../../../lib/zoned";

type Product = RouterOutputs["product"]["byBarcode"];
type Sale = RouterOutputs["counter"]["sell"];
type SaleRow = RouterOutputs["counter"]["sales"]["items"][number];

interface Line {
  product: Product;
  quantity: number;
  /** The discount as typed (major units), "" for none. */
  discount: string;
}

/** Where the server makes a counter sale's receipt PDF (an attachment, never cached). */
export function counterReceiptUrl(organizationId: string, saleId: string): string {
  return `/files/${encodeURIComponent(organizationId)}/counter/receipt/${encodeURIComponent(saleId)}.pdf`;
}

function newKey(): string {
  return `counter-${crypto.randomUUID()}`;
}

/** Tax on an amount at a rate in basis points, rounded half up (as the server does). */
function taxOf(baseMinor: number, rateBps: number): number {
  if (baseMinor <= 0 || rateBps <= 0) return 0;
  return Math.floor((baseMinor * rateBps + 5000) / 10000);
}

export function CounterPage() {
  const t = useT();
  return (
    <OrganizationGate action="pharmacy.sell" title={t("counter.title")}>
      {(organization) => <CounterScreen organization={organization} />}
    </OrganizationGate>
  );
}

function CounterScreen({ organization }: { organization: MyOrganization }) {
  const { t, tag } = useI18n();
  const utils = trpc.useUtils();
  const currency = organization.currency;
  const money = (minor: number) => formatMoney(minor, currency, tag);
  const scanRef = useRef<HTMLInputElement>(null);
  const [scan, setScan] = useState("");
  const [scanError, setScanError] = useState<string | null>(null);
  const [scanNotice, setScanNotice] = useState<string | null>(null);
  const [scanning, setScanning] = useState(false);
  const [query, setQuery] = useState("");
  const [lines, setLines] = useState<Line[]>([]);
  const [method, setMethod] = useState<CounterMethod>("cash");
  const [tendered, setTendered] = useState("");
  const [prescriptionSeen, setPrescriptionSeen] = useState(false);
  const [prescriptionNote, setPrescriptionNote] = useState("");
  const [key, setKey] = useState(newKey);
  const [done, setDone] = useState<Sale | null>(null);
  const sell = trpc.counter.sell.useMutation({
    onSuccess: (sale) => {
      setDone(sale);
      void utils.counter.sales.invalidate();
      void utils.product.invalidate();
    },
  });

  const focusScan = () => scanRef.current?.focus();
  useEffect(focusScan, [lines.length, done]);

  const add = (product: Product) => {
    setDone(null);
    setLines((current) => {
      const found = current.find((line) => line.product.id === product.id);
      if (found) {
        return current.map((line) =>
          line.product.id === product.id
            ? { ...line, quantity: Math.min(line.quantity + 1, 1000) }
            : line,
        );
      }
      return [...current, { product, quantity: 1, discount: "" }];
    });
    setScanNotice(t("counter.scan.added", { name: product.name }));
    sell.reset();
  };

  const onScan = async (event: FormEvent) => {
    event.preventDefault();
    const barcode = scan.trim();
    if (!barcode) return;
    setScanError(null);
    setScanNotice(null);
    if (!/^\d{13}$/.test(barcode)) {
      setScanError(t("counter.scan.notFound"));
      return;
    }
    setScanning(true);
    try {
      const product = await utils.product.byBarcode.fetch({ barcode });
      add(product);
      setScan("");
    } catch {
      setScanError(t("counter.scan.notFound"));
    } finally {
      setScanning(false);
      focusScan();
    }
  };

  const priced = lines.map((line) => {
    const gross = line.quantity * line.product.priceMinor;
    const discountMinor = line.discount.trim() === "" ? 0 : inputToMinor(line.discount, currency);
    const discountError =
      discountMinor === null
        ? t("counter.discount.invalid")
        : discountMinor > gross
          ? t("counter.discount.tooHigh")
          : null;
    const discount = discountError ? 0 : (discountMinor ?? 0);
    const tax = taxOf(gross - discount, line.product.taxBps);
    return { ...line, gross, discount, discountError, tax, total: gross - discount + tax };
  });
  const subtotal = priced.reduce((sum, l) => sum + l.gross, 0);
  const discounts = priced.reduce((sum, l) => sum + l.discount, 0);
  const tax = priced.reduce((sum, l) => sum + l.tax, 0);
  const total = subtotal - discounts + tax;
  const tenderedMinor = tendered.trim() === "" ? null : inputToMinor(tendered, currency);
  const change = tenderedMinor !== null && tenderedMinor >= total ? tenderedMinor - total : null;
  const needsPrescription = lines.some((line) => line.product.prescriptionOnly);
  const invalid =
    lines.length === 0 ||
    priced.some((l) => l.discountError) ||
    (method === "cash" && tenderedMinor === null);

  const setLine = (productId: string, change: Partial<Line>) => {
    sell.reset();
    setLines((current) =>
      current.map((line) => (line.product.id === productId ? { ...line, ...change } : line)),
    );
  };

  const complete = (event: FormEvent) => {
    event.preventDefault();
    if (invalid) return;
    sell.mutate({
      items: priced.map((line) => ({
        productId: line.product.id,
        quantity: line.quantity,
        discountMinor: line.discount,
      })),
      method,
      tenderedMinor: method === "cash" ? tenderedMinor : null,
      prescriptionSeen: needsPrescription && prescriptionSeen,
      prescriptionNote: needsPrescription ? prescriptionNote : null,
      idempotencyKey: key,
    });
  };

  const newSale = () => {
    setDone(null);
    setLines([]);
    setTendered("");
    setMethod("cash");
    setPrescriptionSeen(false);
    setPrescriptionNote("");
    setScanNotice(null);
    setScanError(null);
    setKey(newKey());
    sell.reset();
  };

  const lineError = (index: number, field: "quantity" | "discountMinor" | "productId") =>
    fieldErrorOf(sell.error, `items.${index}.${field}`);
  const formError =
    sell.error &&
    !fieldErrorOf(sell.error, "tenderedMinor") &&
    !fieldErrorOf(sell.error, "prescriptionSeen") &&
    !lines.some((_, i) => lineError(i, "quantity") || lineError(i, "discountMinor"))
      ? errorMessage(sell.error, t("ui.error.network"))
      : null;

  return (
    <>
      <PageHeader title={t("counter.title")} description={t("counter.lead")} />
      <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <div className="flex flex-col gap-4">
          <Card>
            <form onSubmit={(event) => void onScan(event)} className="flex flex-col gap-3">
              <TextField
                ref={scanRef}
                label={t("counter.scan")}
                description={t("counter.scan.hint")}
                inputMode="numeric"
                autoComplete="off"
                autoFocus
                value={scan}
                error={scanError ?? undefined}
                onChange={(event) => {
                  setScan(event.target.value);
                  setScanError(null);
                }}
              />
              {scanning && <Spinner />}
              {scanNotice && (
                <p role="status" className="text-sm text-slate-600">
                  {scanNotice}
                </p>
              )}
            </form>
            <ProductSearch query={query} onQuery={setQuery} onAdd={add} money={money} />
          </Card>

          <Card title={t("counter.basket")}>
            {lines.length === 0 ? (
              <EmptyState
                title={t("counter.basket.empty")}
                description={t("counter.basket.empty.body")}
              />
            ) : (
              <div className="overflow-x-auto">
                <table className="w-full text-sm">
                  <thead>
                    <tr className="text-left text-slate-500">
                      <th scope="col" className="py-2 pr-3 font-medium">
                        {t("counter.col.product")}
                      </th>
                      <th scope="col" className="py-2 pr-3 text-right font-medium">
                        {t("counter.col.price")}
                      </th>
                      <th scope="col" className="py-2 pr-3 font-medium">
                        {t("counter.col.quantity")}
                      </th>
                      <th scope="col" className="py-2 pr-3 font-medium">
                        {t("counter.col.discount")}
                      </th>
                      <th scope="col" className="py-2 text-right font-medium">
                        {t("counter.col.total")}
                      </th>
                      <th scope="col" className="py-2">
                        <span className="sr-only">{t("counter.col.actions")}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {priced.map((line, index) => {
                      const name = line.product.strength
                        ? `${line.product.name} ${line.product.strength}`
                        : line.product.name;
                      const quantityError =
                        lineError(index, "quantity") ?? lineError(index, "productId");
                      return (
                        <tr key={line.product.id} data-testid="counter-line">
                          <td className="py-2 pr-3 align-top">
                            <div className="font-medium text-slate-900">{name}</div>
                            {line.product.prescriptionOnly && (
                              <Badge tone="warning">{t("counter.prescriptionOnly")}</Badge>
                            )}
                          </td>
                          <td className="py-2 pr-3 text-right align-top">
                            {money(line.product.priceMinor)}
                          </td>
                          <td className="py-2 pr-3 align-top">
                            <div className="flex items-center gap-1">
                              <Button
                                size="sm"
                                variant="secondary"
                                aria-label={t("counter.quantity.less", { name })}
                                disabled={line.quantity <= 1}
                                onClick={() =>
                                  setLine(line.product.id, { quantity: line.quantity - 1 })
                                }
                              >
                                −
                              </Button>
                              <span className="w-8 text-center tabular-nums" aria-live="polite">
                                {line.quantity}
                              </span>
                              <Button
                                size="sm"
                                variant="secondary"
                                aria-label={t("counter.quantity.more", { name })}
                                disabled={line.quantity >= 1000}
                                onClick={() =>
                                  setLine(line.product.id, { quantity: line.quantity + 1 })
                                }
                              >
                                +
                              </Button>
                            </div>
                            {quantityError && (
                              <p role="alert" className="mt-1 text-sm text-red-700">
                                {quantityError}
                              </p>
                            )}
                          </td>
                          <td className="py-2 pr-3 align-top">
                            <TextField
                              label={t("counter.discount.label", { name })}
                              hideLabel
                              inputMode="decimal"
                              className="w-24"
                              value={line.discount}
                              error={
                                line.discountError ?? lineError(index, "discountMinor") ?? undefined
                              }
                              onChange={(event) =>
                                setLine(line.product.id, { discount: event.target.value })
                              }
                            />
                          </td>
                          <td className="py-2 text-right align-top tabular-nums">
                            {money(line.total)}
                          </td>
                          <td className="py-2 pl-2 align-top">
                            <Button
                              size="sm"
                              variant="ghost"
                              aria-label={t("counter.remove", { name })}
                              onClick={() => {
                                sell.reset();
                                setLines((current) =>
                                  current.filter((l) => l.product.id !== line.product.id),
                                );
                              }}
                            >
                              ×
                            </Button>
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
          </Card>
        </div>

        <div className="flex flex-col gap-4">
          {done ? (
            <Card title={t("counter.done.title", { number: done.number })}>
              <div className="flex flex-col gap-3" data-testid="counter-receipt">
                <p className="text-sm text-slate-600">
                  {t("counter.done.total")}:{" "}
                  <strong className="text-slate-900">{money(done.totalMinor)}</strong>
                </p>
                {done.changeMinor !== null && (
                  <p className="text-lg font-semibold text-slate-900">
                    {t("counter.done.change", { amount: money(done.changeMinor) })}
                  </p>
                )}
                <a
                  href={counterReceiptUrl(organization.id, done.id)}
                  download
                  className={buttonClasses("secondary")}
                >
                  {t("counter.receipt.download")}
                </a>
                <Button onClick={newSale}>{t("counter.newSale")}</Button>
              </div>
            </Card>
          ) : (
            <Card title={t("counter.payment")}>
              <form onSubmit={complete} className="flex flex-col gap-3">
                <dl className="grid grid-cols-2 gap-y-1 text-sm">
                  <dt className="text-slate-500">{t("counter.subtotal")}</dt>
                  <dd className="text-right tabular-nums">{money(subtotal)}</dd>
                  {discounts > 0 && (
                    <>
                      <dt className="text-slate-500">{t("counter.discounts")}</dt>
                      <dd className="text-right tabular-nums">{money(-discounts)}</dd>
                    </>
                  )}
                  <dt className="text-slate-500">{t("counter.tax")}</dt>
                  <dd className="text-right tabular-nums">{money(tax)}</dd>
                  <dt className="font-semibold text-slate-900">{t("counter.total")}</dt>
                  <dd
                    className="text-right text-lg font-semibold tabular-nums"
                    data-testid="counter-total"
                  >
                    {money(total)}
                  </dd>
                </dl>
                <fieldset className="flex flex-col gap-2">
                  <legend className="text-sm font-medium text-slate-700">
                    {t("counter.method")}
                  </legend>
                  {(["cash", "card_terminal"] as const).map((choice) => (
                    <label key={choice} className="flex items-center gap-2 text-sm">
                      <input
                        type="radio"
                        name="method"
                        value={choice}
                        checked={method === choice}
                        onChange={() => {
                          setMethod(choice);
                          sell.reset();
                        }}
                        className="accent-brand-600"
                      />
                      {t(`counter.method.${choice}`)}
                    </label>
                  ))}
                </fieldset>
                {method === "cash" && (
                  <>
                    <TextField
                      label={t("counter.tendered")}
                      inputMode="decimal"
                      value={tendered}
                      error={
                        (tendered.trim() !== "" && tenderedMinor === null
                          ? t("counter.tendered.invalid")
                          : fieldErrorOf(sell.error, "tenderedMinor")) ?? undefined
                      }
                      onChange={(event) => {
                        setTendered(event.target.value);
                        sell.reset();
                      }}
                    />
                    {change !== null && (
                      <p className="text-sm" data-testid="counter-change">
                        {t("counter.change")}:{" "}
                        <strong className="tabular-nums">{money(change)}</strong>
                      </p>
                    )}
                  </>
                )}
                {needsPrescription && (
                  <div className="flex flex-col gap-2">
                    <CheckboxField
                      label={t("counter.prescription.seen")}
                      checked={prescriptionSeen}
                      onChange={(event) => setPrescriptionSeen(event.target.checked)}
                    />
                    <TextField
                      label={t("counter.prescription.note")}
                      value={prescriptionNote}
                      onChange={(event) => setPrescriptionNote(event.target.value)}
                    />
                    {fieldErrorOf(sell.error, "prescriptionSeen") && (
                      <p role="alert" className="text-sm text-red-700">
                        {fieldErrorOf(sell.error, "prescriptionSeen")}
                      </p>
                    )}
                  </div>
                )}
                {formError && <Alert tone="error">{formError}</Alert>}
                <Button type="submit" disabled={invalid || sell.isPending}>
                  {sell.isPending ? t("counter.completing") : t("counter.complete")}
                </Button>
              </form>
            </Card>
          )}
          <RecentSales organization={organization} money={money} />
        </div>
      </div>
    </>
  );
}

function ProductSearch({
  query,
  onQuery,
  onAdd,
  money,
}: {
  query: string;
  onQuery: (q: string) => void;
  onAdd: (product: Product) => void;
  money: (minor: number) => string;
}) {
  const t = useT();
  const q = query.trim();
  const results = trpc.product.list.useQuery(
    { q, limit: 8 },
    { enabled: q.length >= 2, placeholderData: (previous) => previous },
  );
  return (
    <div className="mt-4 flex flex-col gap-2">
      <TextField
        label={t("counter.search")}
        placeholder={t("counter.search.placeholder")}
        type="search"
        value={query}
        onChange={(event) => onQuery(event.target.value)}
      />
      {q.length >= 2 &&
        (results.isPending ? (
          <Spinner />
        ) : results.isError ? (
          <Alert tone="error">{errorMessage(results.error, t("ui.error.network"))}</Alert>
        ) : results.data.items.length === 0 ? (
          <p className="text-sm text-slate-500">{t("counter.search.empty", { q })}</p>
        ) : (
          <ul aria-label={t("counter.search.results")} className="divide-y divide-slate-100">
            {results.data.items.map((product) => (
              <li key={product.id} className="flex items-center justify-between gap-3 py-2">
                <div className="min-w-0 text-sm">
                  <div className="font-medium text-slate-900">
                    {product.name} {product.strength ?? ""}
                  </div>
                  <div className="text-slate-500">
                    {money(product.priceMinor)} ·{" "}
                    {t("counter.available", { count: product.available })}
                    {product.prescriptionOnly && ` · ${t("counter.prescriptionOnly")}`}
                  </div>
                </div>
                <Button
                  size="sm"
                  variant="secondary"
                  disabled={product.available <= 0}
                  onClick={() => {
                    onAdd(product);
                    onQuery("");
                  }}
                >
                  {t("counter.search.add")}
                </Button>
              </li>
            ))}
          </ul>
        ))}
    </div>
  );
}

function RecentSales({
  organization,
  money,
}: {
  organization: MyOrganization;
  money: (minor: number) => string;
}) {
  const { t, tag } = useI18n();
  const utils = trpc.useUtils();
  const fmt = useMemo(() => zonedFormat(tag, organization.timeZone), [tag, organization.timeZone]);
  const [voiding, setVoiding] = useState<SaleRow | null>(null);
  const list = trpc.counter.sales.useInfiniteQuery(
    { limit: 10 },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  const voidSale = trpc.counter.void.useMutation({
    onSuccess: () => {
      void utils.counter.sales.invalidate();
      void utils.product.invalidate();
    },
  });
  return (
    <Card title={t("counter.sales")}>
      <PagedListBody
        list={list}
        empty={<EmptyState title={t("counter.sales.empty")} />}
        status={(shown) => t("counter.sales.shown", { count: shown })}
      >
        {(items) => (
          <ul className="divide-y divide-slate-100" aria-label={t("counter.sales")}>
            {items.map((sale) => (
              <li key={sale.id} className="flex items-center justify-between gap-2 py-2 text-sm">
                <div className="min-w-0">
                  <div className="font-medium text-slate-900">
                    {t("counter.sale.number", { number: sale.number })} · {money(sale.totalMinor)}
                  </div>
                  <div className="text-slate-500">
                    {fmt.dateTime(sale.createdAt)} · {t(`counter.method.${sale.method}`)}
                    {sale.status === "cancelled" && ` · ${t("counter.sale.voided")}`}
                  </div>
                </div>
                <div className="flex gap-1">
                  <a
                    href={counterReceiptUrl(organization.id, sale.id)}
                    download
                    className={buttonClasses("ghost", "sm")}
                  >
                    {t("counter.sale.receipt")}
                  </a>
                  {sale.status === "collected" && (
                    <Button size="sm" variant="ghost" onClick={() => setVoiding(sale)}>
                      {t("counter.sale.void")}
                    </Button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </PagedListBody>
      {voiding && (
        <ReasonDialog
          title={t("counter.void.title", { number: voiding.number })}
          description={t("counter.void.body")}
          label={t("counter.void.reason")}
          hint={t("counter.void.hint")}
          submitLabel={t("counter.void.confirm")}
          reason={CounterVoidInput.shape.reason}
          onSubmit={async (reason) => {
            await voidSale.mutateAsync({ id: voiding.id, reason });
            setVoiding(null);
          }}
          onClose={() => setVoiding(null)}
        />
      )}
    </Card>
  );
}
