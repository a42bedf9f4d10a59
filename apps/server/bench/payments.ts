// Provider events at load: 500 Stripe payments whose PaymentIntents the real gateway made on the
// Stripe stand-in (the payment rows are written straight to the database as `requires_action`
// with their provider refs, as checkout leaves them). The stand-in then takes the money — some
// cards declined first, some payments partly refunded — and the events it made (2,000) are sent
// to the real webhook route, each 1–3 times, shuffled, by 50 concurrent senders, signed as Stripe
// signs them; the real job worker applies them. Then every payment's end state is checked
// against what the stand-in did, and the journal against itself and the patients' accounts.
//
// Then the webhook route beside its raw twin, alternated (`alternate()`): fresh events (one
// payment's succeeded event under new event ids, each stored anew and given its job) sent by 16
// senders to the real route and to a plain Fastify route in the same server (under /webhooks/,
// so the same global hooks let it through as they let providers through), events per second:
// `receive_per_s`, `raw_per_s` and `ratio` (product / raw). The raw twin reads the account with
// the same statement, checks the signature with the same gateway (the Stripe SDK's check, part of
// the work; the opened keys are kept per account as the product keeps them) and stores the event
// in one transaction with the same statements: the webhook_event upsert, pg-boss's job insert
// (pg-boss's own text, through the transaction's connection) and the audit row, BEGIN pipelined.
// It covers what the request does (verify, store once); applying the event is the worker's job,
// measured above as events_per_s, and not part of either side here.
import { randomInt, randomUUID } from "node:crypto";
import type { DbHandle } from "@caredesk/db";
import { jobQueues, schema } from "@caredesk/db";
import { gatewayOf, type StripeCredentials } from "@caredesk/payments";
import { startStripeStandIn, type StripeEventJson } from "@caredesk/payments/testing";
import { and, count, eq, sql } from "drizzle-orm";
import { buildServer } from "../src/app";
import { closeChannels, deliveryFromEnv } from "../src/channels";
import { paymentsFromEnv, type Env } from "../src/env";
import { startWorker } from "../src/worker";
import { createBenchPractice } from "./fixture";
import { env as benchEnv, writeResult } from "./lib";
import { until } from "./worker-control";
import { alternate } from "./lib";
import { profiled } from "./profile-window";
import { randomUUID as freshId } from "node:crypto";
import PgBoss from "pg-boss";
import type { FastifyInstance } from "fastify";
import { WebhookPayloadError, WebhookSignatureError, type Gateway } from "@caredesk/payments";

const PAYMENTS = 500;
const SENDERS = 50;

export interface PaymentsBenchResult {
  payments: number;
  events: number;
  duplicates_sent: number;
  reordered: number;
  applied_once: boolean;
  ledger_balanced: boolean;
  events_per_s: number;
  /** The webhook route, fresh events: events stored per second. */
  receive_per_s: number;
  /** Its raw twin (see the top of this file). */
  raw_per_s: number;
  /** receive_per_s / raw_per_s. */
  ratio: number;
}

/** What happens to one payment at the provider, and so how it must end. */
type Story = "paid" | "declined_then_paid" | "paid_then_refunded" | "declined_paid_refunded";
const stories: Story[] = [
  "paid",
  "declined_then_paid",
  "paid_then_refunded",
  "declined_paid_refunded",
];

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

export async function benchPayments(
  database: DbHandle,
  options: { payments?: number } = {},
): Promise<PaymentsBenchResult> {
  const { db } = database;
  const stripe = await startStripeStandIn();
  const env: Env = {
    ...benchEnv,
    PAYMENT_KEYS_SECRET: Buffer.alloc(32, 7).toString("base64"),
    STRIPE_API_BASE: stripe.url,
    WORKER_CONCURRENCY: 4,
    WORKER_BATCH_SIZE: 25,
  };
  env.payments = paymentsFromEnv(env);
  const box = env.payments.box;
  if (!box) throw new Error("no key box");
  const practice = await createBenchPractice(database, {
    resources: 1,
    patients: options.payments ?? PAYMENTS,
  });
  const organizationId = practice.organizationId;

  const credentials: StripeCredentials = {
    secretKey: stripe.secretKey,
    publishableKey: stripe.publishableKey,
    webhookSecret: stripe.webhookSecret,
  };
  const accountId = randomUUID();
  await db.insert(schema.paymentAccount).values({
    id: accountId,
    organizationId,
    provider: "stripe",
    publicKey: stripe.publishableKey,
    sealedSecrets: box.seal(JSON.stringify(credentials), accountId),
  });
  const gateway = gatewayOf("stripe", credentials, { baseUrl: stripe.url });

  // The payments, as checkout leaves them: our row, the provider's PaymentIntent under its id.
  // In chunks: the SDK's request telemetry overflows (and says so) on hundreds at once.
  const plans: {
    id: string;
    patientId: string;
    amountMinor: number;
    providerRef: string;
    story: Story;
    refundMinor: number;
  }[] = [];
  for (let from = 0; from < practice.patientIds.length; from += 20) {
    const chunk = practice.patientIds.slice(from, from + 20);
    plans.push(
      ...(await Promise.all(
        chunk.map(async (patientId, offset) => {
          const i = from + offset;
          const id = randomUUID();
          const amountMinor = 1_000 + randomInt(99_000);
          const started = await gateway.startCheckout({
            paymentId: id,
            amountMinor,
            currency: "GBP",
            description: "Bench invoice",
            customer: { name: "Bench Patient", id: patientId },
          });
          const story = stories[i % stories.length] as Story;
          const refundMinor = story.endsWith("refunded") ? 1 + randomInt(amountMinor - 1) : 0;
          return {
            id,
            patientId,
            amountMinor,
            providerRef: started.providerRef,
            story,
            refundMinor,
          };
        }),
      )),
    );
  }
  await db.insert(schema.payment).values(
    plans.map((p) => ({
      id: p.id,
      organizationId,
      patientId: p.patientId,
      method: "stripe" as const,
      provider: "stripe" as const,
      status: "requires_action" as const,
      amountMinor: p.amountMinor,
      currency: "GBP",
      providerRef: p.providerRef,
      reference: "Bench invoice",
    })),
  );

  // The payers and the practice at the provider: no webhook URL yet, so events only pile up.
  const stand = async (path: string, params: Record<string, string>, key = stripe.secretKey) => {
    const response = await fetch(`${stripe.url}${path}`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${key}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams(params).toString(),
    });
    await response.arrayBuffer();
    return response.status;
  };
  for (const p of plans) {
    const confirm = `/v1/payment_intents/${p.providerRef}/confirm`;
    if (p.story.startsWith("declined")) {
      if ((await stand(confirm, { payment_method: "pm_card_chargeDeclined" })) !== 402) {
        throw new Error("the stand-in did not decline");
      }
    }
    if ((await stand(confirm, { payment_method: "pm_card_visa" })) !== 200) {
      throw new Error("the stand-in did not take the payment");
    }
    if (p.refundMinor > 0) {
      const status = await stand("/v1/refunds", {
        payment_intent: p.providerRef,
        amount: String(p.refundMinor),
      });
      if (status !== 200) throw new Error("the stand-in did not refund");
    }
  }
  await stripe.idle();
  const events = [...stripe.events];
  const refOf = (event: StripeEventJson) => {
    const object = event.data.object;
    return String(object.object === "payment_intent" ? object.id : object.payment_intent);
  };

  // Each event 1–3 times, all shuffled: duplicates and any order, as providers deliver.
  const deliveries = shuffle(
    events.flatMap((event) => Array.from({ length: 1 + randomInt(3) }, () => event)),
  );
  const firstSent = new Map<string, number>();
  deliveries.forEach((event, position) => {
    if (!firstSent.has(event.id)) firstSent.set(event.id, position);
  });
  // A payment is reordered when one of its events is first sent before one made earlier.
  const byPayment = new Map<string, StripeEventJson[]>();
  for (const event of events) {
    const list = byPayment.get(refOf(event)) ?? [];
    list.push(event);
    byPayment.set(refOf(event), list);
  }
  let reordered = 0;
  for (const list of byPayment.values()) {
    const order = list.map((e) => firstSent.get(e.id) ?? 0);
    if (order.some((position, i) => i > 0 && position < (order[i - 1] ?? 0))) reordered++;
  }

  const app = await buildServer({ env, database, logger: false });
  await registerRawWebhook(app, database, accountId, gateway);
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  if (!address || typeof address !== "object") throw new Error("no port");
  const url = `http://127.0.0.1:${address.port}/webhooks/payments/stripe/${accountId}`;
  const delivery = deliveryFromEnv(env, db);
  const warnings: string[] = [];
  const worker = await startWorker({
    env,
    database,
    delivery,
    payments: env.payments,
    log: {
      info() {},
      warn(obj: object, msg?: string) {
        warnings.push(`${msg ?? ""} ${String((obj as { err?: unknown }).err)}`);
      },
      error(obj: object, msg?: string) {
        warnings.push(`${msg ?? ""} ${String((obj as { err?: unknown }).err)}`);
      },
    },
    schedules: false,
    pollingIntervalSeconds: 0.5,
  });

  const started = performance.now();
  let next = 0;
  let resent = 0;
  const sender = async () => {
    while (next < deliveries.length) {
      const event = deliveries[next++] as StripeEventJson;
      // Freshly signed each time, as Stripe's retries are; a non-2xx is sent again.
      for (;;) {
        const signed = stripe.sign(JSON.stringify(event, null, 2));
        const response = await fetch(url, {
          method: "POST",
          headers: signed.headers,
          body: signed.payload,
        });
        await response.arrayBuffer();
        if (response.status === 200) break;
        if (response.status < 500) throw new Error(`webhook refused: ${response.status}`);
        resent++;
      }
    }
  };
  await Promise.all(Array.from({ length: SENDERS }, sender));
  const pending = async () => {
    const [row] = await db
      .select({ n: count() })
      .from(schema.webhookEvent)
      .where(
        and(
          eq(schema.webhookEvent.organizationId, organizationId),
          eq(schema.webhookEvent.status, "received"),
        ),
      );
    return row?.n ?? -1;
  };
  await until(async () => (await pending()) === 0, 600_000, 50);
  const seconds = (performance.now() - started) / 1000;

  await worker.stop(10_000);

  // The route against its raw twin: fresh events, stored and given a job each (nothing applies
  // them now: the worker is stopped, so only the request's work is measured).
  const template = events.find((e) => e.type === "payment_intent.succeeded") ?? events[0];
  if (!template) throw new Error("payments: the stand-in made no events");
  const perPass = 300;
  const storedPerSecond = (target: string) => async () => {
    let sent = 0;
    const passStarted = performance.now();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (sent < perPass) {
          sent++;
          const signed = stripe.sign(JSON.stringify({ ...template, id: `evt_${freshId()}` }));
          const response = await fetch(target, {
            method: "POST",
            headers: signed.headers,
            body: signed.payload,
          });
          await response.arrayBuffer();
          if (response.status !== 200) throw new Error(`${target} answered ${response.status}`);
        }
      }),
    );
    return Math.round(perPass / ((performance.now() - passStarted) / 1000));
  };
  const rawUrl = `http://127.0.0.1:${address.port}/webhooks/bench-raw/${accountId}`;
  await storedPerSecond(url)(); // warm-up both
  await storedPerSecond(rawUrl)();
  const side = await alternate(
    "rate",
    6,
    profiled("webhook-receive", storedPerSecond(url)),
    profiled("webhook-receive-raw", storedPerSecond(rawUrl)),
  );
  console.log(
    `payments: webhook route vs raw twin (events/s) by round: ${side.rounds.map((r) => `${r.product}/${r.raw}`).join(", ")}`,
  );

  await closeChannels(delivery.channels);
  await app.close();
  await stripe.close();

  // Every payment as the provider left it.
  const rows = await db
    .select()
    .from(schema.payment)
    .where(eq(schema.payment.organizationId, organizationId));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const wrong = plans.filter((p) => {
    const row = byId.get(p.id);
    const status = p.refundMinor > 0 ? "partially_refunded" : "succeeded";
    return row?.status !== status || row.refundedMinor !== p.refundMinor;
  });
  if (wrong.length > 0) {
    console.error(`payments: ${wrong.length} payments ended in the wrong state`);
  }

  // Posted once: one receipt per payment, one entry per refund, none twice.
  const entries = await db
    .select({
      paymentId: schema.journalEntry.paymentId,
      kind: schema.journalEntry.kind,
      n: count(),
    })
    .from(schema.journalEntry)
    .where(eq(schema.journalEntry.organizationId, organizationId))
    .groupBy(schema.journalEntry.paymentId, schema.journalEntry.kind);
  const entryCount = (paymentId: string, kind: string) =>
    entries.find((e) => e.paymentId === paymentId && e.kind === kind)?.n ?? 0;
  const appliedOnce =
    wrong.length === 0 &&
    entries.every((e) => e.n === 1) &&
    plans.every(
      (p) =>
        entryCount(p.id, "payment") === 1 && entryCount(p.id, "refund") === (p.refundMinor ? 1 : 0),
    );

  // Balanced: every entry sums to zero, and each patient's account is its receivable postings.
  const { journalPosting, ledgerEntry } = schema;
  const unbalanced = await db
    .select({ entryId: journalPosting.entryId })
    .from(journalPosting)
    .where(eq(journalPosting.organizationId, organizationId))
    .groupBy(journalPosting.entryId, journalPosting.currency)
    .having(sql`sum(${journalPosting.amountMinor}) <> 0`);
  const receivable = await db
    .select({ patientId: journalPosting.patientId, total: sql<string>`sum(amount_minor)` })
    .from(journalPosting)
    .where(
      and(
        eq(journalPosting.organizationId, organizationId),
        eq(journalPosting.account, "receivable"),
      ),
    )
    .groupBy(journalPosting.patientId);
  const accounts = await db
    .select({ patientId: ledgerEntry.patientId, total: sql<string>`sum(amount_minor)` })
    .from(ledgerEntry)
    .where(eq(ledgerEntry.organizationId, organizationId))
    .groupBy(ledgerEntry.patientId);
  const accountOf = new Map(accounts.map((a) => [a.patientId, Number(a.total)]));
  const expectedOf = new Map(plans.map((p) => [p.patientId, -p.amountMinor + p.refundMinor]));
  const ledgerBalanced =
    unbalanced.length === 0 &&
    receivable.length === plans.length &&
    receivable.every(
      (r) =>
        r.patientId !== null &&
        Number(r.total) === accountOf.get(r.patientId) &&
        Number(r.total) === expectedOf.get(r.patientId),
    );

  await practice.cleanup();
  const result: PaymentsBenchResult = {
    payments: plans.length,
    events: events.length,
    duplicates_sent: deliveries.length - events.length,
    reordered,
    applied_once: appliedOnce,
    ledger_balanced: ledgerBalanced,
    events_per_s: Math.round(events.length / seconds),
    receive_per_s: side.product,
    raw_per_s: side.raw,
    ratio: side.ratio,
  };
  if (warnings.length > 0) console.log(`payments: the worker warned ${warnings.length} times`);
  if (resent > 0) console.log(`payments: ${resent} deliveries answered 5xx and were sent again`);
  writeResult("payments", result);
  return result;
}

/**
 * The webhook route's raw twin (see the top of this file), on the same server: a Stripe event for
 * this bench's account, verified and stored with the product's statements through postgres.js.
 */
export async function registerRawWebhook(
  app: FastifyInstance,
  database: DbHandle,
  accountId: string,
  gateway: Gateway,
) {
  const sql = database.sql;
  if (!sql) throw new Error("payments: the raw twin needs PostgreSQL (DATABASE_URL)");
  // pg-boss writing into our transaction, as db/jobs.ts has it do (never started).
  const jobs = new PgBoss({ db: { executeSql: () => Promise.reject(new Error("unused")) } });
  await app.register((scope, _options, done) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      ["application/json", "application/x-www-form-urlencoded", "text/plain"],
      { parseAs: "string", bodyLimit: 256 * 1024 },
      (_request, body, parsed) => parsed(null, body),
    );
    scope.post<{ Params: { accountId: string } }>(
      "/webhooks/bench-raw/:accountId",
      async (request, reply) => {
        if (request.params.accountId !== accountId) return reply.status(404).send();
        const rawBody = typeof request.body === "string" ? request.body : "";
        const headers: Record<string, string | undefined> = {};
        for (const [name, value] of Object.entries(request.headers)) {
          if (typeof value === "string") headers[name] = value;
        }
        const [account] =
          await sql`select "id", "organization_id", "provider", "public_key", "sealed_secrets", "enabled", "created_at", "updated_at" from "payment_account" where ("payment_account"."id" = ${accountId} and "payment_account"."provider" = ${"stripe"})`;
        if (!account) return reply.status(404).send();
        let event: ReturnType<Gateway["parseWebhook"]>;
        try {
          event = gateway.parseWebhook(rawBody, headers);
        } catch (error) {
          if (error instanceof WebhookSignatureError || error instanceof WebhookPayloadError) {
            return reply.status(400).send({ statusCode: 400, message: "Refused" });
          }
          throw error;
        }
        const orgId = account.organization_id as string;
        const conn = await sql.reserve();
        try {
          void conn`begin`.execute();
          const [row] =
            await conn`insert into "webhook_event" ("id", "organization_id", "account_id", "provider", "event_id", "type", "event", "status", "deliveries", "attempts", "last_error", "received_at", "applied_at") values (default, ${orgId}, ${accountId}, ${"stripe"}, ${event.eventId}, ${event.type}, ${JSON.stringify({ ...event, occurredAt: event.occurredAt.toISOString() })}, default, default, default, default, default, default) on conflict ("organization_id","provider","event_id") do update set "deliveries" = "webhook_event"."deliveries" + 1 returning "id", "deliveries"`;
          if (!row) throw new Error("webhook insert returned nothing");
          const repeat = Number(row.deliveries) > 1;
          if (!repeat) {
            const eventRowId = row.id as string;
            await jobs.insert(
              [
                {
                  id: eventRowId,
                  name: jobQueues.paymentEvent.name,
                  data: { eventId: eventRowId },
                },
              ],
              {
                db: {
                  executeSql: async (text: string, values: unknown[] = []) => ({
                    rows: await conn.unsafe(
                      text,
                      values.map((v) => (v === undefined ? null : v)) as never[],
                      { prepare: true },
                    ),
                  }),
                },
              },
            );
          }
          await conn`insert into "audit_log" ("id", "organization_id", "actor_user_id", "action", "entity_type", "entity_id", "patient_id", "before", "after", "ip", "request_id", "created_at") values (default, ${orgId}, ${null}, ${"webhook:stripe"}, ${"webhook_event"}, ${row.id as string}, ${null}, ${null}, ${JSON.stringify({ provider: "stripe", eventId: event.eventId, type: event.type, repeat })}, ${null}, ${null}, default)`;
          await conn`commit`;
        } catch (error) {
          await conn`rollback`.catch(() => undefined);
          throw error;
        } finally {
          conn.release();
        }
        return reply.status(200).send({ received: true });
      },
    );
    done();
  });
}
