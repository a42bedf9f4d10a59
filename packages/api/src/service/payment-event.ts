// Providers' webhooks: verified over their raw bytes with the account's own secret, stored once
// by the provider's event id, and applied by a job — so a slow or unreachable database at the
// moment of delivery never loses an event (the provider retries until we answer 2xx), and the
// same event delivered again, or events in any order, change a payment once and end right.
import {
  providers,
  WebhookPayloadError,
  WebhookSignatureError,
  type Provider,
  type ProviderEvent,
} from "@caredesk/payments";
import { enqueueJobs, jobQueues, schema, type Database } from "@caredesk/db";
import { and, eq, sql } from "drizzle-orm";
import { runAudited } from "../audit";
import { isWellFormedId } from "../context";
import type { PaymentsConfig } from "../payments";
import { accountGateway, gatewayFor } from "./payment-account";
import { reconcilePayment, type Observed } from "./payment";

const { organization, payment, paymentAccount, webhookEvent } = schema;

export type WebhookReceipt =
  /** Stored now, or a repeat of an event stored before: answer 200 either way. */
  | { result: "stored"; repeat: boolean }
  /** No such account (or provider): answer 404. */
  | { result: "unknown_account" }
  /** Bad, missing or stale signature, or a signed body we cannot read: answer 400. */
  | { result: "refused"; reason: string };

export function isProvider(value: string): value is Provider {
  return (providers as readonly string[]).includes(value);
}

/**
 * Every delivery looks its account up first: the select is built once per database handle
 * (a Drizzle prepared query, the same text and parameters) instead of on every webhook.
 */
function prepareAccountLookup(db: Database) {
  return db
    .select()
    .from(paymentAccount)
    .where(
      and(
        eq(paymentAccount.id, sql.placeholder("id")),
        eq(paymentAccount.provider, sql.placeholder("provider")),
      ),
    )
    .prepare("webhook_account");
}

const accountLookups = new WeakMap<Database, ReturnType<typeof prepareAccountLookup>>();

/** Verifies a webhook and stores it once; its application is a job written with it. */
export async function receiveWebhook(
  db: Database,
  config: PaymentsConfig,
  delivery: {
    provider: string;
    accountId: string;
    rawBody: string;
    headers: Record<string, string | undefined>;
    now?: Date;
  },
): Promise<WebhookReceipt> {
  if (!isProvider(delivery.provider) || !isWellFormedId(delivery.accountId)) {
    return { result: "unknown_account" };
  }
  let lookup = accountLookups.get(db);
  if (!lookup) accountLookups.set(db, (lookup = prepareAccountLookup(db)));
  const [account] = await lookup.execute({
    id: delivery.accountId,
    provider: delivery.provider,
  });
  if (!account) return { result: "unknown_account" };
  let event: ProviderEvent;
  try {
    const gateway = gatewayFor(config, account);
    event = gateway.parseWebhook(delivery.rawBody, delivery.headers, delivery.now);
  } catch (error) {
    if (error instanceof WebhookSignatureError)
      return { result: "refused", reason: "Invalid signature" };
    if (error instanceof WebhookPayloadError)
      return { result: "refused", reason: "Unreadable event" };
    throw error;
  }
  return runAudited(
    db,
    { organizationId: account.organizationId, actorUserId: null, ip: null, requestId: null },
    `webhook:${account.provider}`,
    async (tx, audit) => {
      const [row] = await tx
        .insert(webhookEvent)
        .values({
          organizationId: account.organizationId,
          accountId: account.id,
          provider: account.provider,
          eventId: event.eventId,
          type: event.type,
          event: { ...event, occurredAt: event.occurredAt.toISOString() },
        })
        .onConflictDoUpdate({
          target: [webhookEvent.organizationId, webhookEvent.provider, webhookEvent.eventId],
          set: { deliveries: sql`${webhookEvent.deliveries} + 1` },
        })
        .returning({ id: webhookEvent.id, deliveries: webhookEvent.deliveries });
      if (!row) throw new Error("webhook insert returned nothing");
      const repeat = row.deliveries > 1;
      if (!repeat) {
        await enqueueJobs(tx, [
          { id: row.id, name: jobQueues.paymentEvent.name, data: { eventId: row.id } },
        ]);
      }
      audit({
        organizationId: account.organizationId,
        entityType: "webhook_event",
        entityId: row.id,
        after: { provider: account.provider, eventId: event.eventId, type: event.type, repeat },
      });
      return { result: "stored" as const, repeat };
    },
  );
}

function observedOf(event: ProviderEvent): Observed {
  const base = {
    amountMinor: event.amountMinor,
    currency: event.currency,
    providerPaymentId: event.providerPaymentId,
  };
  switch (event.fact.kind) {
    case "status":
      return {
        ...base,
        status: event.fact.status,
        failureReason: event.fact.failureReason ?? null,
      };
    case "refund":
      return { providerPaymentId: event.providerPaymentId, refunds: [event.fact.refund] };
    case "ignored":
      return {};
  }
}

export type ApplyOutcome = "applied" | "ignored" | "retry";

/**
 * Applies one stored event (the job). A refund seen before its payment's success is settled by
 * reading the payment from the provider: the provider's word, not the order events came in.
 * "retry" when its payment is not known yet (written a moment later than the provider answered).
 */
export async function applyPaymentEvent(
  db: Database,
  config: PaymentsConfig,
  eventRowId: string,
  { finalAttempt = false } = {},
): Promise<ApplyOutcome> {
  const [row] = await db.select().from(webhookEvent).where(eq(webhookEvent.id, eventRowId));
  if (!row || row.status === "applied" || row.status === "ignored") return "applied";
  const event = row.event as ProviderEvent;
  const [org] = await db
    .select({
      id: organization.id,
      currency: organization.currency,
      timeZone: organization.timeZone,
    })
    .from(organization)
    .where(eq(organization.id, row.organizationId));
  const finish = (status: "applied" | "ignored", lastError: string | null = null) =>
    db
      .update(webhookEvent)
      .set({
        status,
        appliedAt: new Date(),
        lastError,
        attempts: sql`${webhookEvent.attempts} + 1`,
      })
      .where(and(eq(webhookEvent.id, row.id), eq(webhookEvent.status, "received")));
  if (!org || event.fact.kind === "ignored" || !event.providerRef) {
    await finish("ignored");
    return "ignored";
  }
  const [target] = await db
    .select({ id: payment.id, patientId: payment.patientId })
    .from(payment)
    .where(
      and(
        eq(payment.organizationId, row.organizationId),
        eq(payment.provider, row.provider),
        eq(payment.providerRef, event.providerRef),
      ),
    );
  if (!target) {
    if (finalAttempt) {
      await finish("ignored", "No payment of ours has this provider reference");
      return "ignored";
    }
    await db
      .update(webhookEvent)
      .set({ attempts: sql`${webhookEvent.attempts} + 1`, lastError: "payment not found yet" })
      .where(eq(webhookEvent.id, row.id));
    return "retry";
  }
  const origin = {
    organizationId: row.organizationId,
    actorUserId: null,
    ip: null,
    requestId: null,
  };
  const apply = (observed: Observed) =>
    runAudited(db, origin, `payment-event:${row.provider}`, async (tx, audit) => {
      const outcome = await reconcilePayment(tx, org, target.id, observed);
      if (outcome === "applied") {
        await tx
          .update(webhookEvent)
          .set({
            status: "applied",
            appliedAt: new Date(),
            attempts: sql`${webhookEvent.attempts} + 1`,
          })
          .where(and(eq(webhookEvent.id, row.id), eq(webhookEvent.status, "received")));
      }
      audit({
        organizationId: row.organizationId,
        entityType: "payment",
        entityId: target.id,
        patientId: target.patientId,
        after: { event: event.eventId, type: event.type, outcome },
      });
      return outcome;
    });
  if ((await apply(observedOf(event))) === "applied") return "applied";
  // A refund before the success it implies: ask the provider how the payment stands.
  const gateway = await accountGateway(db, config, row.organizationId, row.provider);
  const truth = await gateway.retrieve(event.providerRef);
  const outcome = await apply({
    status: truth.status,
    amountMinor: truth.amountMinor,
    currency: truth.currency,
    providerPaymentId: truth.providerPaymentId,
    refunds: truth.refunds,
  });
  return outcome === "applied" ? "applied" : "retry";
}
