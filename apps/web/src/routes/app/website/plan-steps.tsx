// The wizard's plan steps: the features (and, for pharmacies, the look of the site) a practice
// buys, monthly or yearly with the live total, and paying for it on the platform's keys (Stripe's
// Payment Element, or a Fawry reference to pay at an outlet). Totals on screen are computed from
// the catalogue as boxes are ticked; what is charged is the server's quote at checkout. Whatever
// the browser hears from the provider, the server reads the payment back (`plan.sync`).
import type { RouterOutputs } from "@caredesk/api";
import { errorMessage, fieldErrorOf, trpc } from "@caredesk/client";
import { Alert, Badge, Button, Card, CheckboxField, cn, LoadingState, useI18n } from "@caredesk/ui";
import { offeredFeatures, pharmacyTemplates, type OfferedFeature } from "@caredesk/validators";
import { useEffect, useRef, useState } from "react";
import { QueryError } from "../../../components/query-error";
import { StripeCardForm } from "../../../components/stripe-card-form";
import { newIdempotencyKey } from "../../../lib/booking";
import { formatMoney } from "../../../lib/money";
import type { MyOrganization } from "../../../lib/workspace";

export interface PlanStepProps {
  organization: MyOrganization;
  onDone: () => void;
}

type Catalogue = RouterOutputs["plan"]["catalogue"];
type Checkout = RouterOutputs["plan"]["checkout"];
type Interval = "month" | "year";
type Template = "classic" | "fresh" | "market" | "care";

// ---------------------------------------------------------------------------------------------
// The choice in progress, kept in the tab between the features and plan steps (nothing is
// stored on the server until the plan is confirmed).

interface Draft {
  features: OfferedFeature[];
  template: Template | null;
  interval: Interval;
}

const draftKey = (organizationId: string) => `caredesk.planDraft.${organizationId}`;

function readDraft(organizationId: string): Draft | null {
  try {
    const raw = sessionStorage.getItem(draftKey(organizationId));
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<Draft>;
    return {
      features: (parsed.features ?? []).filter((f): f is OfferedFeature =>
        (offeredFeatures as readonly string[]).includes(f),
      ),
      template: parsed.template ?? null,
      interval: parsed.interval === "year" ? "year" : "month",
    };
  } catch {
    return null;
  }
}

function writeDraft(organizationId: string, draft: Draft) {
  try {
    sessionStorage.setItem(draftKey(organizationId), JSON.stringify(draft));
  } catch {
    // Storage refused (private mode): the plan step falls back to the stored choice.
  }
}

/** The draft, or else what the practice chose before (resuming the wizard). */
function useDraft(organizationId: string) {
  const current = trpc.plan.current.useQuery();
  const [draft, setDraft] = useState<Draft | null>(() => readDraft(organizationId));
  const resolved: Draft | null =
    draft ??
    (current.data
      ? {
          features: current.data.subscription.features.filter((f): f is OfferedFeature =>
            (offeredFeatures as readonly string[]).includes(f),
          ),
          template: current.data.template,
          interval: current.data.subscription.interval,
        }
      : null);
  const update = (next: Draft) => {
    setDraft(next);
    writeDraft(organizationId, next);
  };
  return { current, draft: resolved, update };
}

/** A price of the catalogue, when it is offered. */
function priceOf(catalogue: Catalogue, item: string, interval: Interval): number | null {
  return (
    catalogue.prices.find((p) => p.item === item && p.interval === interval)?.amountMinor ?? null
  );
}

/** The total as the server will quote it: the base and each chosen feature. */
function totalOf(catalogue: Catalogue, features: OfferedFeature[], interval: Interval) {
  const base = priceOf(catalogue, "base", interval);
  if (base === null) return null;
  let total = base;
  for (const feature of features) {
    const price = priceOf(catalogue, feature, interval);
    if (price === null) return null;
    total += price;
  }
  return total;
}

function CatalogueGate({
  children,
}: {
  children: (catalogue: Catalogue) => React.ReactNode;
}): React.ReactNode {
  const { t } = useI18n();
  const catalogue = trpc.plan.catalogue.useQuery();
  if (catalogue.isPending) return <LoadingState />;
  if (catalogue.isError) {
    return <QueryError error={catalogue.error} onRetry={() => void catalogue.refetch()} />;
  }
  if (!catalogue.data.available) {
    return (
      <Alert tone="warning">{t("plans.notPriced", { currency: catalogue.data.currency })}</Alert>
    );
  }
  return children(catalogue.data);
}

// ---------------------------------------------------------------------------------------------
// Templates: a small sketch of each look (colours and layout)

interface Look {
  header: string;
  background: string;
  accent: string;
  text: string;
  layout: "list" | "banner" | "grid" | "sidebar";
}

const looks: Record<Template, Look> = {
  classic: {
    header: "#1d4ed8",
    background: "#f8fafc",
    accent: "#93c5fd",
    text: "#0f172a",
    layout: "list",
  },
  fresh: {
    header: "#15803d",
    background: "#f0fdf4",
    accent: "#86efac",
    text: "#14532d",
    layout: "banner",
  },
  market: {
    header: "#c2410c",
    background: "#fff7ed",
    accent: "#fdba74",
    text: "#431407",
    layout: "grid",
  },
  care: {
    header: "#6d28d9",
    background: "#faf5ff",
    accent: "#c4b5fd",
    text: "#2e1065",
    layout: "sidebar",
  },
};

function TemplateSketch({ template, label }: { template: Template; label: string }) {
  const look = looks[template];
  const block = (className: string, colour = look.accent) => (
    <div className={cn("rounded-sm", className)} style={{ backgroundColor: colour }} />
  );
  return (
    <div
      role="img"
      aria-label={label}
      className="flex h-28 w-full flex-col gap-1 overflow-hidden rounded-md border border-slate-200 p-1.5"
      style={{ backgroundColor: look.background }}
      data-template-preview={template}
    >
      <div
        className="flex h-3 items-center gap-1 rounded-sm px-1"
        style={{ backgroundColor: look.header }}
      >
        <div className="size-1.5 rounded-full bg-white/80" />
        <div className="h-1 w-8 rounded-sm bg-white/70" />
      </div>
      {look.layout === "list" && (
        <div className="flex flex-1 flex-col gap-1">
          {block("h-2 w-2/3", look.text)}
          {block("h-3 w-full")}
          {block("h-3 w-full")}
          {block("h-3 w-5/6")}
        </div>
      )}
      {look.layout === "banner" && (
        <div className="flex flex-1 flex-col gap-1">
          {block("h-8 w-full rounded-lg")}
          <div className="flex flex-1 gap-1">
            {block("flex-1 rounded-lg")}
            {block("flex-1 rounded-lg")}
          </div>
        </div>
      )}
      {look.layout === "grid" && (
        <div className="grid flex-1 grid-cols-4 gap-1">
          {Array.from({ length: 8 }, (_, i) => (
            <div
              key={i}
              className="rounded-sm"
              style={{ backgroundColor: i % 3 === 0 ? look.header : look.accent }}
            />
          ))}
        </div>
      )}
      {look.layout === "sidebar" && (
        <div className="flex flex-1 gap-1">
          <div className="flex w-1/3 flex-col gap-1">
            {block("h-2 w-full", look.header)}
            {block("flex-1 w-full")}
          </div>
          <div className="flex flex-1 flex-col gap-1">
            {block("h-2 w-3/4", look.text)}
            {block("flex-1 w-full rounded-xl")}
          </div>
        </div>
      )}
    </div>
  );
}

function TemplatePicker({
  value,
  onChange,
}: {
  value: Template | null;
  onChange: (template: Template) => void;
}) {
  const { t } = useI18n();
  return (
    <fieldset className="flex flex-col gap-3">
      <legend className="text-sm font-medium text-slate-900">{t("plans.template.title")}</legend>
      <p className="text-sm text-slate-600">{t("plans.template.lead")}</p>
      <div className="grid gap-3 sm:grid-cols-3">
        {pharmacyTemplates.map((template) => {
          const name = t(`plans.template.${template}`);
          const checked = value === template;
          return (
            <label
              key={template}
              className={cn(
                "flex cursor-pointer flex-col gap-2 rounded-lg border p-3 focus-within:ring-2 focus-within:ring-brand-500",
                checked ? "border-brand-600 bg-brand-50" : "border-slate-200 bg-white",
              )}
            >
              <TemplateSketch template={template} label={t("plans.template.preview", { name })} />
              <span className="flex items-center gap-2 text-sm font-medium text-slate-900">
                <input
                  type="radio"
                  name="site-template"
                  value={template}
                  checked={checked}
                  onChange={() => onChange(template)}
                  className="accent-brand-600"
                />
                {name}
              </span>
              <span className="text-xs text-slate-600">
                {t(`plans.template.${template}.description`)}
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}

// ---------------------------------------------------------------------------------------------
// Step: features (and template)

export function FeaturesStep({ organization, onDone }: PlanStepProps) {
  const { t } = useI18n();
  const { current, draft, update } = useDraft(organization.id);
  if (current.isPending) return <LoadingState />;
  if (current.isError) {
    return <QueryError error={current.error} onRetry={() => void current.refetch()} />;
  }
  const pharmacy = organization.kind === "pharmacy";
  return (
    <Card title={t("plans.features.title")}>
      <CatalogueGate>
        {(catalogue) => (
          <FeaturesForm
            catalogue={catalogue}
            pharmacy={pharmacy}
            initial={draft ?? { features: [], template: null, interval: "month" }}
            onSubmit={(next) => {
              update(next);
              onDone();
            }}
          />
        )}
      </CatalogueGate>
    </Card>
  );
}

function FeaturesForm({
  catalogue,
  pharmacy,
  initial,
  onSubmit,
}: {
  catalogue: Catalogue;
  pharmacy: boolean;
  initial: Draft;
  onSubmit: (draft: Draft) => void;
}) {
  const { t, tag } = useI18n();
  const [features, setFeatures] = useState<OfferedFeature[]>(
    initial.features.filter((f) => catalogue.features.includes(f)),
  );
  const [template, setTemplate] = useState<Template | null>(
    pharmacy
      ? initial.template && initial.template !== "classic"
        ? initial.template
        : "fresh"
      : null,
  );
  const money = (minor: number) => formatMoney(minor, catalogue.currency, tag);
  const interval: Interval = priceOf(catalogue, "base", "month") === null ? "year" : "month";
  const total = totalOf(catalogue, features, interval);
  const toggle = (feature: OfferedFeature, on: boolean) =>
    setFeatures((list) =>
      on
        ? offeredFeatures.filter((f) => f === feature || list.includes(f))
        : list.filter((f) => f !== feature),
    );
  const perInterval = (minor: number) =>
    t(interval === "month" ? "plans.features.perMonth" : "plans.features.perYear", {
      amount: money(minor),
    });
  const base = priceOf(catalogue, "base", interval) ?? 0;

  return (
    <form
      className="flex flex-col gap-5"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit({ features, template, interval: initial.interval });
      }}
    >
      <p className="text-sm text-slate-600">{t("plans.features.lead")}</p>
      {pharmacy && <TemplatePicker value={template} onChange={setTemplate} />}
      <fieldset className="flex flex-col gap-3">
        <legend className="sr-only">{t("plans.features.title")}</legend>
        <div className="flex items-start justify-between gap-4 rounded-lg bg-slate-50 p-3">
          <div>
            <p className="text-sm font-medium text-slate-900">{t("plans.features.base")}</p>
            <p className="text-xs text-slate-500">{t("plans.features.included")}</p>
          </div>
          <span className="text-sm text-slate-700 tabular-nums">{perInterval(base)}</span>
        </div>
        {catalogue.features.length === 0 && (
          <p className="text-sm text-slate-600">{t("plans.features.none")}</p>
        )}
        {catalogue.features.map((feature) => {
          const price = priceOf(catalogue, feature, interval);
          return (
            <div
              key={feature}
              className="flex items-start justify-between gap-4 rounded-lg border border-slate-200 p-3"
            >
              <CheckboxField
                name="features"
                value={feature}
                label={t(`plans.feature.${feature}`)}
                description={t(`plans.feature.${feature}.description`)}
                checked={features.includes(feature)}
                onChange={(e) => toggle(feature, e.currentTarget.checked)}
              />
              {price !== null && (
                <span className="shrink-0 text-sm text-slate-700 tabular-nums">
                  + {perInterval(price)}
                </span>
              )}
            </div>
          );
        })}
      </fieldset>
      <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 pt-4">
        <p
          className="text-base font-semibold text-slate-900"
          aria-live="polite"
          data-testid="plan-total"
        >
          {total === null
            ? t("plans.notPriced", { currency: catalogue.currency })
            : t(interval === "month" ? "plans.total.month" : "plans.total.year", {
                amount: money(total),
              })}
        </p>
        <Button type="submit" disabled={total === null}>
          {t("plans.continue")}
        </Button>
      </div>
    </form>
  );
}

// ---------------------------------------------------------------------------------------------
// Step: interval and confirmation

export function PlanStep({ organization, onDone }: PlanStepProps) {
  const { t } = useI18n();
  const { current, draft, update } = useDraft(organization.id);
  if (current.isPending) return <LoadingState />;
  if (current.isError) {
    return <QueryError error={current.error} onRetry={() => void current.refetch()} />;
  }
  return (
    <Card title={t("plans.plan.title")}>
      <CatalogueGate>
        {(catalogue) => (
          <PlanForm
            catalogue={catalogue}
            draft={draft ?? { features: [], template: null, interval: "month" }}
            onChosen={(next) => {
              update(next);
              onDone();
            }}
          />
        )}
      </CatalogueGate>
    </Card>
  );
}

function PlanForm({
  catalogue,
  draft,
  onChosen,
}: {
  catalogue: Catalogue;
  draft: Draft;
  onChosen: (draft: Draft) => void;
}) {
  const { t, tag } = useI18n();
  const utils = trpc.useUtils();
  const features = draft.features.filter((f) => catalogue.features.includes(f));
  const monthly = totalOf(catalogue, features, "month");
  const yearly = totalOf(catalogue, features, "year");
  const [interval, setInterval] = useState<Interval>(
    draft.interval === "year"
      ? yearly !== null
        ? "year"
        : "month"
      : monthly !== null
        ? "month"
        : "year",
  );
  const choose = trpc.plan.choose.useMutation({
    onSuccess: () => {
      void utils.plan.current.invalidate();
      onChosen({ ...draft, features, interval });
    },
  });
  const money = (minor: number) => formatMoney(minor, catalogue.currency, tag);
  const total = interval === "month" ? monthly : yearly;
  const saving = monthly !== null && yearly !== null ? monthly * 12 - yearly : 0;
  const lines: { item: string; amount: number | null }[] = [
    { item: t("plans.features.base"), amount: priceOf(catalogue, "base", interval) },
    ...features.map((f) => ({
      item: t(`plans.feature.${f}`),
      amount: priceOf(catalogue, f, interval),
    })),
  ];

  return (
    <form
      className="flex flex-col gap-5"
      onSubmit={(e) => {
        e.preventDefault();
        choose.mutate({
          features,
          interval,
          ...(draft.template ? { template: draft.template } : {}),
        });
      }}
    >
      <p className="text-sm text-slate-600">{t("plans.plan.lead")}</p>
      <fieldset className="flex flex-col gap-2">
        <legend className="text-sm font-medium text-slate-900">{t("plans.plan.interval")}</legend>
        <div className="grid gap-3 sm:grid-cols-2">
          {(["month", "year"] as const).map((option) => {
            const amount = option === "month" ? monthly : yearly;
            const checked = interval === option;
            return (
              <label
                key={option}
                className={cn(
                  "flex cursor-pointer flex-col gap-1 rounded-lg border p-3 focus-within:ring-2 focus-within:ring-brand-500",
                  checked ? "border-brand-600 bg-brand-50" : "border-slate-200 bg-white",
                  amount === null && "cursor-not-allowed opacity-60",
                )}
              >
                <span className="flex items-center gap-2 text-sm font-medium text-slate-900">
                  <input
                    type="radio"
                    name="interval"
                    value={option}
                    checked={checked}
                    disabled={amount === null}
                    onChange={() => setInterval(option)}
                    className="accent-brand-600"
                  />
                  {t(option === "month" ? "plans.plan.month" : "plans.plan.year")}
                </span>
                <span className="text-lg font-semibold text-slate-900 tabular-nums">
                  {amount === null
                    ? "—"
                    : t(option === "month" ? "plans.features.perMonth" : "plans.features.perYear", {
                        amount: money(amount),
                      })}
                </span>
                {option === "year" && saving > 0 && (
                  <span className="text-sm font-medium text-green-700">
                    {t("plans.plan.saving", { amount: money(saving) })}
                  </span>
                )}
              </label>
            );
          })}
        </div>
      </fieldset>
      <div className="rounded-lg bg-slate-50 p-3">
        <p className="mb-2 text-sm font-medium text-slate-900">{t("plans.plan.summary")}</p>
        <ul className="flex flex-col gap-1 text-sm text-slate-700">
          {lines.map((line) => (
            <li key={line.item} className="flex justify-between gap-4">
              <span>{line.item}</span>
              <span className="tabular-nums">
                {line.amount === null ? "—" : money(line.amount)}
              </span>
            </li>
          ))}
        </ul>
        <p
          className="mt-2 border-t border-slate-200 pt-2 text-base font-semibold text-slate-900"
          aria-live="polite"
          data-testid="plan-total"
        >
          {total === null
            ? t("plans.notPriced", { currency: catalogue.currency })
            : t(interval === "month" ? "plans.total.month" : "plans.total.year", {
                amount: money(total),
              })}
        </p>
      </div>
      <p className="text-xs text-slate-500">
        {t("plans.plan.chargedNote", { interval: t(`plans.interval.${interval}`) })}
      </p>
      {choose.error && (
        <Alert tone="error">
          {fieldErrorOf(choose.error, "features") ??
            fieldErrorOf(choose.error, "interval") ??
            fieldErrorOf(choose.error, "template") ??
            errorMessage(choose.error, t("ui.error.unknown"))}
        </Alert>
      )}
      <div className="flex justify-end">
        <Button type="submit" loading={choose.isPending} disabled={total === null}>
          {t("plans.plan.confirm")}
        </Button>
      </div>
    </form>
  );
}

// ---------------------------------------------------------------------------------------------
// Step: paying

type Provider = "stripe" | "fawry";

export function PayStep({ onDone }: PlanStepProps) {
  const { t, tag } = useI18n();
  const current = trpc.plan.current.useQuery();
  const [provider, setProvider] = useState<Provider | null>(null);
  // One key per provider chosen: asking again answers the same checkout.
  const [keys] = useState(() => new Map<Provider, string>());
  const start = trpc.plan.checkout.useMutation();

  if (current.isPending) return <LoadingState />;
  if (current.isError) {
    return <QueryError error={current.error} onRetry={() => void current.refetch()} />;
  }
  const { subscription, paidFeatures } = current.data;
  // Already paid for everything chosen (a renewal may still be paid early, below).
  const covered =
    current.data.state === "active" && subscription.features.every((f) => paidFeatures.includes(f));
  const dateText = (date: Date) => new Intl.DateTimeFormat(tag, { dateStyle: "long" }).format(date);
  const choose = (chosen: Provider) => {
    setProvider(chosen);
    let key = keys.get(chosen);
    if (!key) {
      key = newIdempotencyKey();
      keys.set(chosen, key);
    }
    start.mutate({ provider: chosen, idempotencyKey: key });
  };
  const intervalText = t(`plans.interval.${subscription.interval}`);

  return (
    <Card title={t("plans.pay.title")}>
      <section
        className="flex flex-col gap-4"
        aria-label={t("plans.pay.title")}
        data-testid="plan-pay-step"
      >
        {covered && subscription.paidUntil && (
          <div className="flex flex-wrap items-center justify-between gap-3">
            <Alert tone="success">
              {t("plans.pay.alreadyPaid", { date: dateText(subscription.paidUntil) })}
            </Alert>
            <Button onClick={onDone}>{t("plans.continue")}</Button>
          </div>
        )}
        <p className="text-sm text-slate-600">
          {t("plans.pay.lead", {
            amount: formatMoney(subscription.amountMinor, subscription.currency, tag),
            interval: intervalText,
          })}
        </p>
        <div className="flex flex-wrap gap-2" role="group" aria-label={t("plans.pay.how")}>
          {(["stripe", "fawry"] as const).map((p) => (
            <Button
              key={p}
              size="sm"
              variant={provider === p ? "primary" : "secondary"}
              aria-pressed={provider === p}
              loading={start.isPending && provider === p}
              onClick={() => choose(p)}
            >
              {t(`plans.pay.provider.${p}`)}
            </Button>
          ))}
        </div>
        {start.error && (
          <Alert tone="error">
            {fieldErrorOf(start.error, "provider") ??
              fieldErrorOf(start.error, "idempotencyKey") ??
              errorMessage(start.error, t("ui.error.unknown"))}
          </Alert>
        )}
        {start.data && provider === "stripe" && start.data.provider === "stripe" && (
          <StripePay checkout={start.data} onPaid={onDone} />
        )}
        {start.data && provider === "fawry" && start.data.provider === "fawry" && (
          <FawryPay checkout={start.data} onPaid={onDone} />
        )}
      </section>
    </Card>
  );
}

/** The server reads the plan payment back from the provider; succeeded → the step is done. */
function useSync(onPaid: () => void) {
  const utils = trpc.useUtils();
  return trpc.plan.sync.useMutation({
    onSuccess: (payment) => {
      void utils.plan.current.invalidate();
      if (payment.status === "succeeded") onPaid();
    },
  });
}

function SyncState({ sync }: { sync: ReturnType<typeof useSync> }) {
  const { t, tag } = useI18n();
  if (sync.error) {
    return <Alert tone="error">{errorMessage(sync.error, t("ui.error.unknown"))}</Alert>;
  }
  const status = sync.data?.status;
  if (!status) return null;
  if (status === "succeeded") {
    return (
      <Alert tone="success">
        {t("plans.pay.paid", {
          date: sync.data?.periodEnd
            ? new Intl.DateTimeFormat(tag, { dateStyle: "long" }).format(sync.data.periodEnd)
            : "",
        })}
      </Alert>
    );
  }
  if (status === "processing") return <Alert tone="info">{t("plans.pay.processing")}</Alert>;
  if (status === "held_for_review") return <Alert tone="warning">{t("plans.pay.review")}</Alert>;
  if (status === "failed" || status === "cancelled") {
    return <Alert tone="error">{t("plans.pay.failed")}</Alert>;
  }
  return null;
}

/** Asks the server again every few seconds while the payment is still under way. */
function usePolling(
  sync: ReturnType<typeof useSync>,
  planPaymentId: string,
  enabled: boolean,
  everyMs: number,
) {
  const status = sync.data?.status;
  const settled =
    status === "succeeded" ||
    status === "held_for_review" ||
    status === "failed" ||
    status === "cancelled";
  const { mutate, isPending } = sync;
  useEffect(() => {
    if (!enabled || settled || isPending) return;
    const timer = setTimeout(() => mutate({ planPaymentId }), everyMs);
    return () => clearTimeout(timer);
  }, [enabled, settled, isPending, mutate, planPaymentId, everyMs, status]);
}

function StripePay({ checkout, onPaid }: { checkout: Checkout; onPaid: () => void }) {
  const { t, tag } = useI18n();
  const sync = useSync(onPaid);
  const [submitted, setSubmitted] = useState(false);
  // After the card is confirmed, the provider may still be processing: ask again until it is done.
  usePolling(sync, checkout.planPaymentId, submitted && sync.data !== undefined, 2000);
  return (
    <StripeCardForm
      clientData={checkout.clientData}
      submitLabel={t("plans.pay.submit", {
        amount: formatMoney(checkout.amountMinor, checkout.currency, tag),
      })}
      failedMessage={t("plans.pay.failed")}
      onConfirmed={() => {
        setSubmitted(true);
        sync.mutate({ planPaymentId: checkout.planPaymentId });
      }}
      confirming={sync.isPending}
      paid={sync.data?.status === "succeeded"}
    >
      <SyncState sync={sync} />
    </StripeCardForm>
  );
}

function FawryPay({ checkout, onPaid }: { checkout: Checkout; onPaid: () => void }) {
  const { t, tag } = useI18n();
  const sync = useSync(onPaid);
  // Fawry's notification applies the payment on the server: watch for it cheaply, and ask Fawry
  // directly now and then in case a notification was lost.
  const watched = trpc.plan.current.useQuery(undefined, { refetchInterval: 5000 });
  const paidHere =
    watched.data?.payments.find((p) => p.id === checkout.planPaymentId)?.status === "succeeded";
  const announced = useRef(false);
  useEffect(() => {
    if (!paidHere || announced.current) return;
    announced.current = true;
    onPaid();
  }, [paidHere, onPaid]);
  usePolling(sync, checkout.planPaymentId, !paidHere, 60_000);
  const expiresAt = checkout.clientData.expiresAt ? new Date(checkout.clientData.expiresAt) : null;
  return (
    <div className="flex flex-col gap-3 rounded-lg bg-slate-50 p-3 text-sm">
      <p>
        {t("plans.pay.fawry.lead", {
          amount: formatMoney(checkout.amountMinor, checkout.currency, tag),
        })}
      </p>
      <p
        className="text-2xl font-semibold tracking-wider text-slate-900 tabular-nums"
        data-testid="fawry-reference"
      >
        {checkout.clientData.referenceNumber}
      </p>
      {expiresAt && (
        <p className="text-slate-600">
          {t("plans.pay.fawry.expires", {
            time: new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeStyle: "short" }).format(
              expiresAt,
            ),
          })}
        </p>
      )}
      <p className="text-slate-600">{t("plans.pay.fawry.waiting")}</p>
      <SyncState sync={sync} />
      <div>
        <Button
          size="sm"
          variant="secondary"
          loading={sync.isPending}
          onClick={() => sync.mutate({ planPaymentId: checkout.planPaymentId })}
        >
          {t("plans.pay.check")}
        </Button>
      </div>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// After the wizard: the plan as it stands (website settings)

const stateTone = {
  unpaid: "neutral",
  active: "success",
  grace: "warning",
  lapsed: "danger",
} as const;

/**
 * The practice's plan once the wizard is done: its state and paid-until date, each paid feature
 * switched on or off, paying for the next period (a renewal extends from the end of the one
 * paid), and the payments made.
 */
export function PlanPanel({ organization }: { organization: MyOrganization }) {
  const { t, tag } = useI18n();
  const utils = trpc.useUtils();
  const current = trpc.plan.current.useQuery();
  const [renewing, setRenewing] = useState(false);
  const toggle = trpc.plan.setFeatureEnabled.useMutation({
    onSuccess: () => void utils.plan.current.invalidate(),
  });
  if (current.isPending) return <LoadingState />;
  if (current.isError) {
    return <QueryError error={current.error} onRetry={() => void current.refetch()} />;
  }
  const { subscription, state, paidFeatures, enabledFeatures, payments } = current.data;
  const dateText = (date: Date) => new Intl.DateTimeFormat(tag, { dateStyle: "long" }).format(date);
  const shown = offeredFeatures.filter(
    (f) => paidFeatures.includes(f) || enabledFeatures.includes(f),
  );
  return (
    <Card title={t("plans.panel.title")}>
      <div className="flex flex-col gap-5" data-testid="plan-panel">
        <div className="flex flex-wrap items-center gap-3">
          <Badge tone={stateTone[state]}>{t(`plans.state.${state}`)}</Badge>
          {subscription.paidUntil && (
            <span className="text-sm text-slate-700">
              {t("plans.panel.paidUntil", { date: dateText(subscription.paidUntil) })}
            </span>
          )}
          {state === "grace" && subscription.graceUntil && (
            <span className="text-sm text-amber-700">
              {t("plans.panel.graceUntil", { date: dateText(subscription.graceUntil) })}
            </span>
          )}
        </div>
        {state === "lapsed" && <Alert tone="warning">{t("plans.panel.lapsed")}</Alert>}
        {shown.length > 0 && (
          <fieldset className="flex flex-col gap-2">
            <legend className="text-sm font-medium text-slate-900">
              {t("plans.panel.features")}
            </legend>
            {shown.map((feature) => (
              <CheckboxField
                key={feature}
                label={t(`plans.feature.${feature}`)}
                description={t(`plans.feature.${feature}.description`)}
                checked={enabledFeatures.includes(feature)}
                disabled={toggle.isPending}
                onChange={(e) => toggle.mutate({ feature, enabled: e.currentTarget.checked })}
              />
            ))}
            {toggle.error && (
              <Alert tone="error">
                {fieldErrorOf(toggle.error, "feature") ??
                  errorMessage(toggle.error, t("ui.error.unknown"))}
              </Alert>
            )}
          </fieldset>
        )}
        {renewing ? (
          <PayStep
            organization={organization}
            onDone={() => {
              setRenewing(false);
              void utils.plan.current.invalidate();
            }}
          />
        ) : (
          <div>
            <Button variant="secondary" onClick={() => setRenewing(true)}>
              {t("plans.panel.renew", {
                amount: formatMoney(subscription.amountMinor, subscription.currency, tag),
                interval: t(`plans.interval.${subscription.interval}`),
              })}
            </Button>
          </div>
        )}
        {payments.length > 0 && (
          <div className="flex flex-col gap-2">
            <p className="text-sm font-medium text-slate-900">{t("plans.panel.payments")}</p>
            <ul className="flex flex-col gap-1 text-sm text-slate-700">
              {payments.map((p) => (
                <li key={p.id} className="flex flex-wrap justify-between gap-2">
                  <span>
                    {new Intl.DateTimeFormat(tag, { dateStyle: "medium" }).format(p.createdAt)} ·{" "}
                    {t(`plans.pay.provider.${p.provider === "fawry" ? "fawry" : "stripe"}`)}
                  </span>
                  <span className="tabular-nums">
                    {formatMoney(p.amountMinor, p.currency, tag)} · {t(`plans.payment.${p.status}`)}
                    {p.periodEnd
                      ? ` · ${t("plans.panel.until", { date: dateText(p.periodEnd) })}`
                      : ""}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </Card>
  );
}
