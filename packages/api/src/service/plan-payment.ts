// Paying for a plan, on the platform's own provider keys (never a practice's): the payment row
// is written with the provider's reference once the provider started the checkout, and it moves
// only on what the provider says — a verified platform webhook or a server-side retrieval. A
// succeeded payment extends the subscription exactly once (a guarded update on `appliedAt`, in
// the same transaction): its period starts at the later of now and the current paid-until, so a
// renewal paid early adds a whole period. An amount or currency other than ours holds the
// payment for review and buys nothing.
import {
  gatewayOf,
  WebhookPayloadError,
  WebhookSignatureError,
  type Gateway,
  type ProviderEvent,
  type ProviderPaymentStatus,
} from "@caredesk/payments";
import { schema, type Database } from "@caredesk/db";
import {
  offeredFeatures,
  planProviders,
  type PlanCheckoutInput,
  type PlanProvider,
  type PlanSyncInput,
} from "@caredesk/validators";
import { and, eq, isNull, sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { runAudited } from "../audit";
import { DomainError, FieldError, notFound } from "../errors";
import type { PaymentsConfig } from "../payments";
import type { OrgScope } from "../scope";
import { claimKey, earlierRecord, idempotentRequest } from "./idempotency";
import { quotePlan, subscriptionOf } from "./plan";

const { organization, planPayment, planWebhookEvent, practiceSite, subscription } = schema;

export const planPaymentsUnavailable = "Online payment for plans is not set up on this server";

// One client per set of the platform's keys (they are the server's for its life): building the
// provider's SDK client for every checkout, webhook and read-back cost more than the call.
const platformGateways = new WeakMap<object, Gateway>();

/** The platform's client for a provider; refused when the server has no keys for it. */
export function platformGateway(config: PaymentsConfig, provider: PlanProvider): Gateway {
  const endpoint = config.endpoints[provider];
  const once = (keys: object, make: () => Gateway): Gateway => {
    let gateway = platformGateways.get(keys);
    if (!gateway) {
      gateway = make();
      platformGateways.set(keys, gateway);
    }
    return gateway;
  };
  const stripe = config.platform?.stripe;
  const fawry = config.platform?.fawry;
  if (provider === "stripe" && stripe)
    return once(stripe, () => gatewayOf("stripe", stripe, endpoint));
  if (provider === "fawry" && fawry) return once(fawry, () => gatewayOf("fawry", fawry, endpoint));
  throw new FieldError("PRECONDITION_FAILED", { provider: [planPaymentsUnavailable] });
}

export interface PlanCheckoutView {
  planPaymentId: string;
  provider: PlanProvider;
  amountMinor: number;
  currency: string;
  /** Stripe: `{ clientSecret, publishableKey }`; Fawry: `{ referenceNumber, expiresAt }`. */
  clientData: Record<string, string>;
}

type Payer = Pick<OrgScope, "db" | "org" | "user" | "mutate" | "operation" | "payments">;

/** Statuses a provider reports before the end, and ours for them. */
const pendingStatuses = ["created", "requires_action", "processing"] as const;
/** A payment in one of these never moves again (held: an operator looks at it). */
const finalStatuses = ["succeeded", "held_for_review", "refunded", "partially_refunded"] as const;

/**
 * Starts paying for the chosen plan (or, for the same request key, answers the payment it
 * started). The amount is the catalogue's at this moment.
 */
export async function startPlanCheckout(
  ctx: Payer,
  input: PlanCheckoutInput,
): Promise<PlanCheckoutView> {
  const gateway = platformGateway(ctx.payments, input.provider);
  const keyed = idempotentRequest(ctx, ctx.org.id, input.idempotencyKey, input);
  const earlier = await earlierRecord(ctx.db, keyed);
  if (earlier) {
    const [row] = await ctx.db
      .select()
      .from(planPayment)
      .where(and(eq(planPayment.organizationId, ctx.org.id), eq(planPayment.id, earlier.id)));
    if (!row) throw notFound("Payment not found");
    await ctx.mutate((_tx, audit) => {
      audit({ entityType: "plan_payment", entityId: row.id, after: { replayed: true } });
      return Promise.resolve();
    });
    return {
      planPaymentId: row.id,
      provider: input.provider,
      amountMinor: row.amountMinor,
      currency: row.currency,
      clientData: row.clientData,
    };
  }
  const sub = await subscriptionOf(ctx.db, ctx.org.id);
  const features = offeredFeatures.filter((f) => sub.features.includes(f));
  const quote = await quotePlan(ctx.db, sub.currency, { features, interval: sub.interval });
  if (quote.totalMinor <= 0) {
    throw new DomainError("PRECONDITION_FAILED", "This plan has nothing to pay");
  }
  const id = randomUUID();
  const started = await gateway.startCheckout({
    paymentId: id,
    amountMinor: quote.totalMinor,
    currency: quote.currency,
    description: `Caredesk plan (${sub.interval === "year" ? "yearly" : "monthly"}): ${ctx.org.name}`,
    customer: { name: ctx.org.name, email: ctx.user.email, id: ctx.org.id },
  });
  await ctx.mutate(async (tx, audit) => {
    const claimed = claimKey(tx, keyed, { type: "plan_payment", id });
    claimed.catch(() => undefined);
    const [row] = await tx
      .insert(planPayment)
      .values({
        id,
        organizationId: ctx.org.id,
        provider: input.provider,
        providerRef: started.providerRef,
        status: started.status === "succeeded" ? "requires_action" : started.status,
        features,
        interval: sub.interval,
        amountMinor: quote.totalMinor,
        currency: quote.currency,
        clientData: started.clientData,
      })
      .returning()
      .catch(async (error: unknown) => {
        await claimed;
        throw error;
      });
    await claimed;
    if (!row) throw new Error("plan payment insert returned nothing");
    audit({ entityType: "plan_payment", entityId: id, after: { ...row, clientData: undefined } });
  });
  if (started.status === "succeeded") {
    // Paid on the spot (a provider that settles at once): apply what the provider says.
    await syncPlanPayment(ctx, { planPaymentId: id });
  }
  return {
    planPaymentId: id,
    provider: input.provider,
    amountMinor: quote.totalMinor,
    currency: quote.currency,
    clientData: started.clientData,
  };
}

/** What a provider reported about a plan payment. */
export interface PlanObserved {
  status: ProviderPaymentStatus;
  amountMinor: number | null;
  currency: string | null;
  reason?: string | null;
}

export type PlanApplyOutcome = "applied" | "moved" | "held" | "unchanged";

function periodEnd(start: Date, interval: "month" | "year"): Date {
  const end = new Date(start);
  if (interval === "year") end.setUTCFullYear(end.getUTCFullYear() + 1);
  else end.setUTCMonth(end.getUTCMonth() + 1);
  return end;
}

/**
 * Applies a provider's word to a plan payment inside the caller's transaction. A success is
 * applied once whatever the order or number of reports: the payment is locked, a final status
 * never moves, and the subscription is extended only by the update that set `appliedAt`.
 */
export async function applyPlanObserved(
  tx: Database,
  planPaymentId: string,
  observed: PlanObserved,
  now = new Date(),
): Promise<PlanApplyOutcome> {
  const [row] = await tx
    .select()
    .from(planPayment)
    .where(eq(planPayment.id, planPaymentId))
    .for("update");
  if (!row || (finalStatuses as readonly string[]).includes(row.status)) return "unchanged";
  if (observed.status !== "succeeded") {
    // Not the end (yet): pending → pending/failed/cancelled; a failed one may still succeed.
    if (row.status === observed.status) return "unchanged";
    if (
      (pendingStatuses as readonly string[]).includes(observed.status) &&
      !(pendingStatuses as readonly string[]).includes(row.status)
    ) {
      return "unchanged";
    }
    await tx
      .update(planPayment)
      .set({ status: observed.status, statusReason: observed.reason ?? null, updatedAt: now })
      .where(eq(planPayment.id, row.id));
    return "moved";
  }
  if (
    observed.amountMinor !== row.amountMinor ||
    (observed.currency ?? "").toUpperCase() !== row.currency
  ) {
    await tx
      .update(planPayment)
      .set({
        status: "held_for_review",
        statusReason: `The provider reported ${observed.amountMinor ?? "no amount"} ${observed.currency ?? ""}, not ${row.amountMinor} ${row.currency}`,
        updatedAt: now,
      })
      .where(eq(planPayment.id, row.id));
    return "held";
  }
  const [sub] = await tx
    .select()
    .from(subscription)
    .where(eq(subscription.organizationId, row.organizationId))
    .for("update");
  const paidUntil = sub?.paidUntil ?? null;
  const start = paidUntil && paidUntil.getTime() > now.getTime() ? paidUntil : now;
  const end = periodEnd(start, row.interval);
  const [applied] = await tx
    .update(planPayment)
    .set({
      status: "succeeded",
      statusReason: null,
      periodStart: start,
      periodEnd: end,
      appliedAt: now,
      updatedAt: now,
    })
    .where(and(eq(planPayment.id, row.id), isNull(planPayment.appliedAt)))
    .returning({ id: planPayment.id });
  if (!applied) return "unchanged";
  await tx
    .update(subscription)
    .set({
      paidUntil: end,
      features: row.features,
      interval: row.interval,
      amountMinor: row.amountMinor,
      updatedAt: now,
    })
    .where(eq(subscription.organizationId, row.organizationId));
  // What was bought is what is on; the owner may switch any of it off afterwards.
  await tx
    .update(organization)
    .set({ features: row.features })
    .where(eq(organization.id, row.organizationId));
  await tx
    .update(practiceSite)
    .set({ step: "profile", updatedAt: now })
    .where(and(eq(practiceSite.organizationId, row.organizationId), eq(practiceSite.step, "pay")));
  return "applied";
}

export interface PlanPaymentView {
  id: string;
  provider: string;
  status: string;
  statusReason: string | null;
  features: string[];
  interval: "month" | "year";
  amountMinor: number;
  currency: string;
  periodStart: Date | null;
  periodEnd: Date | null;
  clientData: Record<string, string>;
}

async function planPaymentView(db: Database, organizationId: string, id: string) {
  const [row] = await db
    .select({
      id: planPayment.id,
      provider: planPayment.provider,
      status: planPayment.status,
      statusReason: planPayment.statusReason,
      features: planPayment.features,
      interval: planPayment.interval,
      amountMinor: planPayment.amountMinor,
      currency: planPayment.currency,
      periodStart: planPayment.periodStart,
      periodEnd: planPayment.periodEnd,
      clientData: planPayment.clientData,
    })
    .from(planPayment)
    .where(and(eq(planPayment.organizationId, organizationId), eq(planPayment.id, id)));
  if (!row) throw notFound("Payment not found");
  return row satisfies PlanPaymentView;
}

function isPlanProvider(value: string): value is PlanProvider {
  return (planProviders as readonly string[]).includes(value);
}

/** Reads a plan payment back from its provider and applies what it says. */
export async function syncPlanPayment(
  ctx: Pick<OrgScope, "db" | "org" | "mutate" | "payments">,
  input: PlanSyncInput,
): Promise<PlanPaymentView> {
  const [row] = await ctx.db
    .select()
    .from(planPayment)
    .where(
      and(eq(planPayment.organizationId, ctx.org.id), eq(planPayment.id, input.planPaymentId)),
    );
  if (!row) throw notFound("Payment not found");
  let observed: PlanObserved | null = null;
  if (
    row.providerRef &&
    isPlanProvider(row.provider) &&
    !(finalStatuses as readonly string[]).includes(row.status)
  ) {
    const truth = await platformGateway(ctx.payments, row.provider).retrieve(row.providerRef);
    observed = { status: truth.status, amountMinor: truth.amountMinor, currency: truth.currency };
  }
  await ctx.mutate(async (tx, audit) => {
    const outcome = observed ? await applyPlanObserved(tx, row.id, observed) : "unchanged";
    audit({
      entityType: "plan_payment",
      entityId: row.id,
      after: { providerStatus: observed?.status ?? row.status, outcome },
    });
  });
  return planPaymentView(ctx.db, ctx.org.id, row.id);
}

// ---------------------------------------------------------------------------------------------
// Platform webhooks

export type PlanWebhookReceipt =
  | { result: "stored"; repeat: boolean; outcome: PlanApplyOutcome | "no_payment" | "ignored" }
  /** No platform keys for this provider (or no such provider): answer 404. */
  | { result: "unknown_provider" }
  /** Bad, missing or stale signature, or a signed body we cannot read: answer 400. */
  | { result: "refused"; reason: string };

/**
 * Verifies a platform webhook with the platform's secret, stores it once per provider event id
 * and applies it in the same transaction: a failure stores nothing, so the provider sends it
 * again; a repeat is acknowledged and changes nothing.
 */
export async function receivePlanWebhook(
  db: Database,
  config: PaymentsConfig,
  delivery: {
    provider: string;
    rawBody: string;
    headers: Record<string, string | undefined>;
    now?: Date;
  },
): Promise<PlanWebhookReceipt> {
  if (!isPlanProvider(delivery.provider)) return { result: "unknown_provider" };
  let gateway: Gateway;
  try {
    gateway = platformGateway(config, delivery.provider);
  } catch {
    return { result: "unknown_provider" };
  }
  let event: ProviderEvent;
  try {
    event = gateway.parseWebhook(delivery.rawBody, delivery.headers, delivery.now);
  } catch (error) {
    if (error instanceof WebhookSignatureError)
      return { result: "refused", reason: "Invalid signature" };
    if (error instanceof WebhookPayloadError)
      return { result: "refused", reason: "Unreadable event" };
    throw error;
  }
  const provider = delivery.provider;
  const [target] = event.providerRef
    ? await db
        .select({ id: planPayment.id, organizationId: planPayment.organizationId })
        .from(planPayment)
        .where(
          and(eq(planPayment.provider, provider), eq(planPayment.providerRef, event.providerRef)),
        )
    : [];
  return runAudited(
    db,
    {
      organizationId: target?.organizationId ?? null,
      actorUserId: null,
      ip: null,
      requestId: null,
    },
    `plan-webhook:${provider}`,
    async (tx, audit) => {
      const [stored] = await tx
        .insert(planWebhookEvent)
        .values({
          provider,
          eventId: event.eventId,
          type: event.type,
          planPaymentId: target?.id ?? null,
        })
        .onConflictDoUpdate({
          target: [planWebhookEvent.provider, planWebhookEvent.eventId],
          set: { deliveries: sql`${planWebhookEvent.deliveries} + 1` },
        })
        .returning({ id: planWebhookEvent.id, deliveries: planWebhookEvent.deliveries });
      if (!stored) throw new Error("plan webhook insert returned nothing");
      const repeat = stored.deliveries > 1;
      let outcome: PlanApplyOutcome | "no_payment" | "ignored" = "ignored";
      if (!repeat && event.fact.kind === "status") {
        outcome = target
          ? await applyPlanObserved(
              tx,
              target.id,
              {
                status: event.fact.status,
                amountMinor: event.amountMinor,
                currency: event.currency,
                reason: event.fact.failureReason ?? null,
              },
              delivery.now,
            )
          : "no_payment";
      }
      audit({
        entityType: "plan_webhook_event",
        entityId: stored.id,
        after: { provider, eventId: event.eventId, type: event.type, repeat, outcome },
      });
      return { result: "stored" as const, repeat, outcome };
    },
  );
}
