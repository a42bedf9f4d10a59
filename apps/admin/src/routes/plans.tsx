// The plan catalogue: per currency, the monthly and yearly price of the base plan and of each
// feature. Operators type prices as money ("29.00"); they are stored as integer minor units.
// Each change is one audited call (planCatalogue.setPrice); practices' next quotes use it.
import { ApiErrorState, errorMessage, fieldErrorOf, trpc } from "@caredesk/client";
import {
  Button,
  Card,
  CheckboxField,
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

type Price = NonNullable<
  ReturnType<ReturnType<typeof trpc.useUtils>["planCatalogue"]["list"]["getData"]>
>[number];

/** What the catalogue prices: the base plan and each feature the product has or will have. */
const planItems = [
  "base",
  "reviews",
  "patient_portal",
  "assistant",
  "ambulance",
  "prescription_refill",
] as const;
type PlanItem = (typeof planItems)[number];
type Interval = "month" | "year";

function currencyDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
}

/** Minor units as typed money: 2900 → "29.00" (EUR), 500 → "500" (JPY). */
function minorToText(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  if (digits === 0) return String(minor);
  const text = String(minor).padStart(digits + 1, "0");
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** Typed money → minor units by string arithmetic; null when it is not a price. */
function textToMinor(text: string, currency: string): number | null {
  const digits = currencyDigits(currency);
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text.trim().replace(/,(?=\d{3}(\D|$))/g, ""));
  if (!match) return null;
  const fraction = match[2] ?? "";
  if (fraction.length > digits) return null;
  const minor =
    Number(match[1] ?? "0") * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0");
  return Number.isSafeInteger(minor) ? minor : null;
}

const itemLabelKey = (item: PlanItem) =>
  item === "base" ? ("adminPlans.item.base" as const) : (`plans.feature.${item}` as const);

export function PlansPage() {
  const { t } = useI18n();
  const list = trpc.planCatalogue.list.useQuery();
  const [added, setAdded] = useState<string[]>([]);

  const currencies = [...new Set([...(list.data ?? []).map((p) => p.currency), ...added])].sort();

  return (
    <>
      <PageHeader title={t("adminPlans.title")} description={t("adminPlans.lead")} />
      <div className="flex flex-col gap-6">
        <AddCurrency
          existing={currencies}
          onAdd={(currency) => setAdded((list) => [...list, currency])}
        />
        {list.isPending ? (
          <LoadingState />
        ) : list.isError ? (
          <ApiErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : currencies.length === 0 ? (
          <EmptyState title={t("adminPlans.empty")} />
        ) : (
          currencies.map((currency) => (
            <CurrencyTable
              key={currency}
              currency={currency}
              prices={list.data.filter((p) => p.currency === currency)}
            />
          ))
        )}
      </div>
    </>
  );
}

function AddCurrency({
  existing,
  onAdd,
}: {
  existing: string[];
  onAdd: (currency: string) => void;
}) {
  const { t } = useI18n();
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  return (
    <Card title={t("adminPlans.addCurrency")}>
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          const currency = code.trim().toUpperCase();
          let known = false;
          try {
            known = Intl.supportedValuesOf("currency").includes(currency);
          } catch {
            known = /^[A-Z]{3}$/.test(currency);
          }
          if (!/^[A-Z]{3}$/.test(currency) || !known) {
            setError(t("adminPlans.addCurrency.invalid"));
            return;
          }
          if (existing.includes(currency)) {
            setError(t("adminPlans.addCurrency.exists"));
            return;
          }
          setError(null);
          setCode("");
          onAdd(currency);
        }}
      >
        <TextField
          label={t("adminPlans.addCurrency.label")}
          value={code}
          maxLength={3}
          autoCapitalize="characters"
          onChange={(e) => setCode(e.currentTarget.value)}
          error={error ?? undefined}
          containerClassName="w-40"
        />
        <Button type="submit" variant="secondary">
          {t("adminPlans.addCurrency.submit")}
        </Button>
      </form>
    </Card>
  );
}

function CurrencyTable({ currency, prices }: { currency: string; prices: Price[] }) {
  const { t } = useI18n();
  const find = (item: PlanItem, interval: Interval) =>
    prices.find((p) => p.item === item && p.interval === interval) ?? null;
  return (
    <Card title={currency}>
      <Table caption={t("adminPlans.caption", { currency })} captionHidden>
        <THead>
          <Tr>
            <Th>{t("adminPlans.item")}</Th>
            <Th>{t("adminPlans.month")}</Th>
            <Th>{t("adminPlans.year")}</Th>
          </Tr>
        </THead>
        <TBody>
          {planItems.map((item) => (
            <Tr key={item}>
              <Td className="font-medium text-slate-900">{t(itemLabelKey(item))}</Td>
              {(["month", "year"] as const).map((interval) => (
                <Td key={interval}>
                  <PriceCell
                    item={item}
                    interval={interval}
                    currency={currency}
                    price={find(item, interval)}
                  />
                </Td>
              ))}
            </Tr>
          ))}
        </TBody>
      </Table>
    </Card>
  );
}

function PriceCell({
  item,
  interval,
  currency,
  price,
}: {
  item: PlanItem;
  interval: Interval;
  currency: string;
  price: Price | null;
}) {
  const { t } = useI18n();
  const utils = trpc.useUtils();
  const [text, setText] = useState(price ? minorToText(price.amountMinor, currency) : "");
  const [active, setActive] = useState(price?.active ?? true);
  const [invalid, setInvalid] = useState(false);
  const save = trpc.planCatalogue.setPrice.useMutation({
    onSuccess: () => void utils.planCatalogue.list.invalidate(),
  });
  const label = t("adminPlans.price", {
    item: t(itemLabelKey(item)),
    interval: t(interval === "month" ? "adminPlans.month" : "adminPlans.year"),
    currency,
  });
  const fieldError =
    (invalid ? t("adminPlans.invalidPrice") : null) ??
    (save.error
      ? (fieldErrorOf(save.error, "amountMinor") ??
        fieldErrorOf(save.error, "currency") ??
        errorMessage(save.error, t("ui.error.unknown")))
      : null);
  const changed =
    !price || textToMinor(text, currency) !== price.amountMinor || active !== price.active;

  return (
    <form
      className="flex flex-col gap-1"
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        const amountMinor = textToMinor(text, currency);
        if (amountMinor === null) {
          setInvalid(true);
          return;
        }
        setInvalid(false);
        save.mutate({ item, interval, currency, amountMinor, active });
      }}
    >
      <div className="flex items-start gap-2">
        <TextField
          label={label}
          hideLabel
          inputMode="decimal"
          placeholder={t("adminPlans.notSet")}
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            setInvalid(false);
          }}
          error={fieldError ?? undefined}
          containerClassName="w-28"
        />
        <Button type="submit" size="sm" loading={save.isPending} disabled={!changed}>
          {t("adminPlans.save")}
        </Button>
      </div>
      <CheckboxField
        label={t("adminPlans.active")}
        checked={active}
        onChange={(e) => setActive(e.currentTarget.checked)}
      />
      {save.isSuccess && !changed && (
        <span className="text-xs text-green-700" role="status">
          {t("adminPlans.saved")}
        </span>
      )}
    </form>
  );
}
