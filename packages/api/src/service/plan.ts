// Plans: what a practice buys (a base price and a price per feature, per interval and currency,
// from the catalogue operators keep), what it chose, how far it has paid, and which of its paid
// features are switched on. Paying is in plan-payment.ts; a site is served only while the plan
// is in good standing (site.ts).
import { schema, type Database, type PracticeFeature } from "@caredesk/db";
import {
  offeredFeatures,
  type BillingInterval,
  type OfferedFeature,
  type PlanChooseInput,
  type PlanFeatureEnabledInput,
  type PlanPriceSetInput,
  type PlanQuoteInput,
} from "@caredesk/validators";
import { and, asc, desc, eq, inArray, isNotNull } from "drizzle-orm";
import { DomainError, FieldError } from "../errors";
import type { OrgScope, RequestScope } from "../scope";
import { planActive, planInGoodStanding } from "./site";

const { organization, planPayment, planPrice, practiceSite, subscription } = schema;

const dayMs = 86_400_000;

export interface PlanLine {
  /** "base" or a feature. */
  item: "base" | OfferedFeature;
  amountMinor: number;
}

export interface PlanQuote {
  lines: PlanLine[];
  totalMinor: number;
  currency: string;
  interval: BillingInterval;
}

export interface PlanCatalogue {
  currency: string;
  /** False when the catalogue has no complete price list in this currency (nothing to buy). */
  available: boolean;
  /** The features the wizard offers, in order. */
  features: OfferedFeature[];
  /** Active prices of the base and each offered feature, per interval. */
  prices: { item: "base" | OfferedFeature; interval: BillingInterval; amountMinor: number }[];
}

const catalogueItems = ["base", ...offeredFeatures] as const;

/** The practice's currency: its subscription's, which is the organization's when it was made. */
export async function subscriptionOf(db: Database, organizationId: string) {
  const [row] = await db
    .select()
    .from(subscription)
    .where(eq(subscription.organizationId, organizationId));
  if (!row) throw new DomainError("PRECONDITION_FAILED", "This practice has no subscription");
  return row;
}

function notPriced(currency: string): DomainError {
  return new DomainError(
    "PRECONDITION_FAILED",
    `Plans are not priced in ${currency} yet. Please contact us to set up your plan.`,
  );
}

async function activePrices(db: Database, currency: string) {
  return db
    .select({
      item: planPrice.item,
      interval: planPrice.interval,
      amountMinor: planPrice.amountMinor,
    })
    .from(planPrice)
    .where(
      and(
        eq(planPrice.currency, currency),
        eq(planPrice.active, true),
        inArray(planPrice.item, [...catalogueItems]),
      ),
    );
}

/** The catalogue in the practice's currency: base and offered features, monthly and yearly. */
export async function planCatalogue(ctx: Pick<OrgScope, "db" | "org">): Promise<PlanCatalogue> {
  const sub = await subscriptionOf(ctx.db, ctx.org.id);
  const rows = await activePrices(ctx.db, sub.currency);
  const prices = rows
    .filter((r): r is typeof r & { item: "base" | OfferedFeature } =>
      (catalogueItems as readonly string[]).includes(r.item),
    )
    .sort(
      (a, b) =>
        catalogueItems.indexOf(a.item) - catalogueItems.indexOf(b.item) ||
        a.interval.localeCompare(b.interval),
    );
  const hasBase = (interval: BillingInterval) =>
    prices.some((p) => p.item === "base" && p.interval === interval);
  const available = hasBase("month") || hasBase("year");
  return {
    currency: sub.currency,
    available,
    features: offeredFeatures.filter((f) => prices.some((p) => p.item === f)),
    prices: available ? prices : [],
  };
}

/** The price of a plan from the catalogue as it stands: the base and each chosen feature. */
export async function quotePlan(
  db: Database,
  currency: string,
  input: PlanQuoteInput,
): Promise<PlanQuote> {
  const rows = await activePrices(db, currency);
  const priceOf = (item: string) =>
    rows.find((r) => r.item === item && r.interval === input.interval)?.amountMinor;
  const base = priceOf("base");
  if (base === undefined) throw notPriced(currency);
  const lines: PlanLine[] = [{ item: "base", amountMinor: base }];
  const features = offeredFeatures.filter((f) => input.features.includes(f));
  for (const feature of features) {
    const amount = priceOf(feature);
    if (amount === undefined) {
      throw new FieldError("PRECONDITION_FAILED", {
        features: [`This feature is not offered ${input.interval}ly in ${currency}`],
      });
    }
    lines.push({ item: feature, amountMinor: amount });
  }
  return {
    lines,
    totalMinor: lines.reduce((sum, l) => sum + l.amountMinor, 0),
    currency,
    interval: input.interval,
  };
}

export async function quoteForOrg(ctx: Pick<OrgScope, "db" | "org">, input: PlanQuoteInput) {
  const sub = await subscriptionOf(ctx.db, ctx.org.id);
  return quotePlan(ctx.db, sub.currency, input);
}

/**
 * The features the practice has paid for: those of its latest applied payment while that
 * period (and its grace) lasts; a subscription paid without a payment of ours (granted by the
 * platform) counts its own features.
 */
export async function paidFeatures(
  db: Database,
  organizationId: string,
  now = new Date(),
): Promise<PracticeFeature[]> {
  const sub = await subscriptionOf(db, organizationId);
  if (!planInGoodStanding(sub, now)) return [];
  const [latest] = await db
    .select({ features: planPayment.features })
    .from(planPayment)
    .where(and(eq(planPayment.organizationId, organizationId), isNotNull(planPayment.appliedAt)))
    .orderBy(desc(planPayment.periodEnd))
    .limit(1);
  return latest ? latest.features : sub.features;
}

/** Steps of the wizard before the business profile: choosing a plan moves the wizard on from them. */
const planSteps = ["kind", "features", "plan", "pay"] as const;

/**
 * Stores the practice's choice (features, interval, its price now) and, for the site, its
 * template. The wizard goes on to paying, or straight to the profile when the period already
 * paid covers these features.
 */
export async function choosePlan(
  ctx: Pick<OrgScope, "db" | "org" | "mutate">,
  input: PlanChooseInput,
) {
  const sub = await subscriptionOf(ctx.db, ctx.org.id);
  const quote = await quotePlan(ctx.db, sub.currency, input);
  const paid = planActive(sub) ? await paidFeatures(ctx.db, ctx.org.id) : [];
  const covered = planActive(sub) && input.features.every((f) => paid.includes(f));
  const features = offeredFeatures.filter((f) => input.features.includes(f));
  return ctx.mutate(async (tx, audit) => {
    const [after] = await tx
      .update(subscription)
      .set({
        features,
        interval: input.interval,
        amountMinor: quote.totalMinor,
        updatedAt: new Date(),
      })
      .where(eq(subscription.organizationId, ctx.org.id))
      .returning();
    const [site] = await tx
      .select({ step: practiceSite.step, template: practiceSite.template })
      .from(practiceSite)
      .where(eq(practiceSite.organizationId, ctx.org.id));
    const step =
      site && (planSteps as readonly string[]).includes(site.step)
        ? covered
          ? ("profile" as const)
          : ("pay" as const)
        : site?.step;
    await tx
      .update(practiceSite)
      .set({
        ...(input.template ? { template: input.template } : {}),
        ...(step ? { step } : {}),
        updatedAt: new Date(),
      })
      .where(eq(practiceSite.organizationId, ctx.org.id));
    if (covered) {
      // Everything chosen is paid for: what is on is what was chosen.
      await tx.update(organization).set({ features }).where(eq(organization.id, ctx.org.id));
    }
    audit({
      entityType: "subscription",
      entityId: ctx.org.id,
      before: { features: sub.features, interval: sub.interval, template: site?.template },
      after: {
        features,
        interval: input.interval,
        amountMinor: quote.totalMinor,
        template: input.template ?? site?.template,
      },
    });
    return { quote, step: step ?? null, covered, subscription: after };
  });
}

export type PlanState = "unpaid" | "active" | "grace" | "lapsed";

export function planStateOf(
  sub: { paidUntil: Date | null; graceDays: number },
  now = new Date(),
): PlanState {
  if (!sub.paidUntil) return "unpaid";
  if (planActive(sub, now)) return "active";
  if (planInGoodStanding(sub, now)) return "grace";
  return "lapsed";
}

/** The subscription, its state, what is paid and on, and the payments made for it. */
export async function currentPlan(ctx: Pick<OrgScope, "db" | "org">) {
  const sub = await subscriptionOf(ctx.db, ctx.org.id);
  const [[org], [site], payments, paid] = await Promise.all([
    ctx.db
      .select({ features: organization.features })
      .from(organization)
      .where(eq(organization.id, ctx.org.id)),
    ctx.db
      .select({ step: practiceSite.step, template: practiceSite.template })
      .from(practiceSite)
      .where(eq(practiceSite.organizationId, ctx.org.id)),
    ctx.db
      .select({
        id: planPayment.id,
        provider: planPayment.provider,
        status: planPayment.status,
        features: planPayment.features,
        interval: planPayment.interval,
        amountMinor: planPayment.amountMinor,
        currency: planPayment.currency,
        periodStart: planPayment.periodStart,
        periodEnd: planPayment.periodEnd,
        createdAt: planPayment.createdAt,
      })
      .from(planPayment)
      .where(eq(planPayment.organizationId, ctx.org.id))
      .orderBy(desc(planPayment.createdAt), desc(planPayment.id))
      .limit(50),
    paidFeatures(ctx.db, ctx.org.id),
  ]);
  const state = planStateOf(sub);
  return {
    subscription: {
      features: sub.features,
      interval: sub.interval,
      currency: sub.currency,
      amountMinor: sub.amountMinor,
      paidUntil: sub.paidUntil,
      graceDays: sub.graceDays,
      graceUntil: sub.paidUntil ? new Date(sub.paidUntil.getTime() + sub.graceDays * dayMs) : null,
    },
    state,
    paidFeatures: paid,
    enabledFeatures: org?.features ?? [],
    step: site?.step ?? null,
    template: site?.template ?? null,
    payments,
  };
}

/** Off at any time; on only while it is part of the plan paid for. */
export async function setFeatureEnabled(
  ctx: Pick<OrgScope, "db" | "org" | "mutate">,
  input: PlanFeatureEnabledInput,
) {
  if (input.enabled) {
    const paid = await paidFeatures(ctx.db, ctx.org.id);
    if (!paid.includes(input.feature)) {
      throw new FieldError("PRECONDITION_FAILED", {
        feature: ["This feature is not in your plan: add it to your plan first"],
      });
    }
  }
  return ctx.mutate(async (tx, audit) => {
    const [row] = await tx
      .select({ features: organization.features })
      .from(organization)
      .where(eq(organization.id, ctx.org.id))
      .for("update");
    const before = row?.features ?? [];
    const after = input.enabled
      ? [...new Set([...before, input.feature])]
      : before.filter((f) => f !== input.feature);
    await tx.update(organization).set({ features: after }).where(eq(organization.id, ctx.org.id));
    audit({
      entityType: "organization",
      entityId: ctx.org.id,
      before: { features: before },
      after: { features: after },
    });
    return { features: after };
  });
}

// ---------------------------------------------------------------------------------------------
// The catalogue, as operators keep it (the admin app)

/** Every price of the catalogue, every currency, active or not. */
export async function listPlanPrices(db: Database) {
  return db
    .select({
      item: planPrice.item,
      interval: planPrice.interval,
      currency: planPrice.currency,
      amountMinor: planPrice.amountMinor,
      active: planPrice.active,
      updatedAt: planPrice.updatedAt,
    })
    .from(planPrice)
    .orderBy(asc(planPrice.currency), asc(planPrice.interval), asc(planPrice.item));
}

/** Sets (or adds) one price; a practice's next quote and payment use it. */
export async function setPlanPrice(ctx: Pick<RequestScope, "mutate">, input: PlanPriceSetInput) {
  return ctx.mutate(async (tx, audit) => {
    const key = and(
      eq(planPrice.item, input.item),
      eq(planPrice.interval, input.interval),
      eq(planPrice.currency, input.currency),
    );
    const [before] = await tx.select().from(planPrice).where(key).for("update");
    const [after] = await tx
      .insert(planPrice)
      .values({
        item: input.item,
        interval: input.interval,
        currency: input.currency,
        amountMinor: input.amountMinor,
        active: input.active,
      })
      .onConflictDoUpdate({
        target: [planPrice.item, planPrice.interval, planPrice.currency],
        set: { amountMinor: input.amountMinor, active: input.active, updatedAt: new Date() },
      })
      .returning();
    audit({
      entityType: "plan_price",
      entityId: `${input.currency}:${input.interval}:${input.item}`,
      before: before ?? null,
      after,
    });
    return after;
  });
}
