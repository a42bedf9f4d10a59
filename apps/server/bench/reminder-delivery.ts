// Reminder delivery beside its raw twin, in this process, alternated (`alternate()`), written to
// reminder-delivery.json (notifications.json stays the worker-process run with its kill, whose
// per_s includes pg-boss and a restart: a different figure, so it is kept apart).
//
// Each pass delivers PER_PASS appointment reminders, all due, of a fresh reminder load (the
// practice, patients, appointments and outbox rows reminder-load.ts makes), to the same local
// SMTP server (smtp-server, in this process), with the worker's concurrency: CONCURRENCY loops each
// taking the next BATCH reminders, as the worker's deliverers take a batch of jobs.
// - product: `deliverNotifications(deps, jobs)`, the function the worker's job handler calls,
//   with the deps `deliveryFromEnv` builds (SmtpEmailChannel over a pooled nodemailer transport).
// - raw twin: the same statements through the same pool by postgres.js (`unsafe`, prepared, as the
//   product's client sends them): BEGIN pipelined, the claim (UPDATE … RETURNING), the
//   appointments' view, the batch's link tokens in one INSERT, COMMIT; then each message sent and
//   its row settled (UPDATE) as soon as the server answers. The statement texts are the
//   product's own (delivery-statements.ts, exported by @caredesk/api). It renders with the same
//   template and data (`renderAppointmentEmail`, `appointmentMessageData`), mints tokens the same
//   way (`generateSecureRandomString` twice, `hashSecret`) and sends the same message through a
//   nodemailer transport of the same options.
//   It leaves out Drizzle's builders and mapping, the delivery service's generality (kinds,
//   channels, outcomes) and the channel wrapper.
// Both pass only when every message of the pass arrived exactly once at the server (counted per
// Message-ID) and every row is "sent"; the twin's statements are checked against the product's
// (postgres.js's debug log, `statementsOf`) before anything is measured, so it cannot drift.
// `delivery_per_s` and `raw_per_s` are messages per second (medians of the rounds), `ratio` is
// product / raw.
import {
  appointmentMessageData,
  appointmentViewsText,
  claimText,
  deliverNotifications,
  insertTokensText,
  settleSentText,
  type AppointmentView,
  type DeliveryDeps,
} from "@caredesk/api";
import { generateSecureRandomString, hashSecret } from "@caredesk/auth";
import { schema, type Database, type DbHandle } from "@caredesk/db";
import { renderAppointmentEmail } from "@caredesk/notifications";
import { startSmtpCapture, type SmtpCapture } from "@caredesk/notifications/testing";
import { and, count, eq } from "drizzle-orm";
import nodemailer from "nodemailer";
import type postgres from "postgres";
import { closeChannels, deliveryFromEnv } from "../src/channels";
import { alternate, env, quantile, writeResult } from "./lib";
import { statementsOf, type Statement } from "./patient-search";
import { profiled } from "./profile-window";
import { createReminderLoad, type ReminderLoad } from "./reminder-load";

const PER_PASS = 2_000;
/** The notifications bench's worker: 4 deliverers taking 50 jobs at a time. */
const CONCURRENCY = 4;
const BATCH = 50;
const ROUNDS = 4;

export interface ReminderDeliveryResult {
  messages_per_pass: number;
  rounds: number;
  concurrency: number;
  batch: number;
  /** The product's delivery function: messages per second (median of the rounds). */
  delivery_per_s: number;
  /** Its raw twin (see the top of this file). */
  raw_per_s: number;
  /** delivery_per_s / raw_per_s. */
  ratio: number;
  /** This process's CPU (user + system) per message, product and twin: medians of the rounds. */
  cpu_ms_per_message: number;
  raw_cpu_ms_per_message: number;
  /** Every pass of both delivered each of its messages exactly once, every row "sent". */
  delivered_once: boolean;
  /** The twin sent the product's statements (texts and parameter counts). */
  statements_match: boolean;
  /** The twin's message has the product's headers, in order, and its MIME parts. */
  messages_match: boolean;
}

type Deliver = (ids: string[]) => Promise<void>;

/** `ids` delivered in batches of BATCH by CONCURRENCY loops; messages per second. */
async function pass(ids: string[], deliver: Deliver): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < ids.length) {
        const batch = ids.slice(next, next + BATCH);
        next += batch.length;
        await deliver(batch);
      }
    }),
  );
  return Math.round(ids.length / ((performance.now() - started) / 1000));
}

const YEAR_MS = 365 * 86_400_000;

interface ClaimedRow {
  id: string;
  organization_id: string;
  kind: string;
  channel: string;
  patient_id: string | null;
  appointment_id: string | null;
  recipient: string | null;
  payload: { startsAt?: string; previousStartsAt?: string; reason?: string; pending?: boolean };
}

/**
 * The raw twin of `deliverNotifications` for appointment reminders by email (what the load is):
 * the same statements, template, tokens and SMTP message, nothing else.
 */
function rawDelivery(pool: postgres.Sql, smtpUrl: string, fromAddress: string, appOrigin: string) {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: 5,
    maxMessages: Infinity,
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 10_000,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  const domain = fromAddress.split("@")[1] ?? "caredesk.local";
  const deliver: Deliver = async (ids) => {
    const now = new Date();
    const conn = await pool.reserve();
    const ready: { row: ClaimedRow; subject: string; text: string; html: string; to: string }[] =
      [];
    const secretsOf = new Map<string, string[]>();
    const fromNames = new Map<string, string>();
    const unsubscribeOf = new Map<string, string>();
    try {
      void conn.unsafe("begin").execute();
      const rows = (await conn.unsafe(
        claimText(ids.length),
        ["sending", ...ids, "pending", "sending"],
        {
          prepare: true,
        },
      )) as unknown as ClaimedRow[];
      const appointmentIds = [
        ...new Set(rows.flatMap((r) => (r.appointment_id ? [r.appointment_id] : []))),
      ];
      const views = (await conn.unsafe(
        appointmentViewsText(appointmentIds.length),
        appointmentIds,
        {
          prepare: true,
        },
      )) as unknown as AppointmentView[];
      const viewOf = new Map(views.map((v) => [`${v.organization_id}:${v.id}`, v]));
      const tokens: unknown[] = [];
      const mint = (
        row: ClaimedRow,
        purpose: string,
        expiresAt: Date,
        secrets: string[],
      ): string => {
        const token = generateSecureRandomString() + generateSecureRandomString();
        secrets.push(token);
        tokens.push(
          hashSecret(token),
          purpose,
          row.organization_id,
          null,
          row.patient_id,
          row.appointment_id,
          null,
          row.id,
          null,
          expiresAt.toISOString(),
        );
        return token;
      };
      for (const row of rows) {
        const view = viewOf.get(`${row.organization_id}:${row.appointment_id}`);
        const startsAt = view ? new Date(view.starts_at) : null;
        if (
          !view ||
          !startsAt ||
          row.kind !== "appointment_reminder" ||
          row.channel !== "email" ||
          view.status !== "confirmed" ||
          startsAt <= now ||
          (row.payload.startsAt && new Date(row.payload.startsAt).getTime() !== startsAt.getTime())
        ) {
          throw new Error(`raw twin: ${row.id} is not a due reminder by email`);
        }
        const secrets: string[] = [];
        const confirm = `${appOrigin}/appointment-link?token=${mint(row, "appointment_confirm", startsAt, secrets)}`;
        const cancel = `${appOrigin}/appointment-link?token=${mint(row, "appointment_cancel", startsAt, secrets)}`;
        const unsubscribe = `${appOrigin}/unsubscribe?token=${mint(row, "unsubscribe", new Date(now.getTime() + YEAR_MS), secrets)}`;
        const data = appointmentMessageData(appOrigin, view, startsAt, row.payload, {
          confirm,
          cancel,
          unsubscribe,
        });
        const email = renderAppointmentEmail("appointment_reminder", data);
        secretsOf.set(row.id, secrets);
        fromNames.set(row.id, data.brand.name);
        unsubscribeOf.set(row.id, unsubscribe);
        ready.push({ row, ...email, to: row.recipient ?? "" });
      }
      if (tokens.length > 0) {
        await conn.unsafe(insertTokensText(tokens.length / 10), tokens as never[], {
          prepare: true,
        });
      }
      const ended = await conn.unsafe("commit");
      if (ended.command !== "COMMIT") throw new Error("raw twin: the claim did not commit");
    } catch (error) {
      await conn.unsafe("rollback").catch(() => undefined);
      throw error;
    } finally {
      conn.release();
    }
    await Promise.all(
      ready.map(async ({ row, subject, text, html, to }) => {
        const info = (await transport.sendMail({
          from: { name: fromNames.get(row.id) ?? "", address: fromAddress },
          to,
          subject,
          text,
          html,
          headers: {
            "List-Unsubscribe": `<${unsubscribeOf.get(row.id) ?? ""}>`,
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
          },
          messageId: `<${row.id}@${domain}>`,
        })) as { response?: string; rejected?: unknown[] };
        if (Array.isArray(info.rejected) && info.rejected.length > 0) {
          throw new Error(`raw twin: ${row.id} refused`);
        }
        const queued = /queued as ([\w.-]+)/i.exec(info.response ?? "");
        let bodyText = text;
        for (const secret of secretsOf.get(row.id) ?? [])
          bodyText = bodyText.split(secret).join("[link]");
        await pool.unsafe(
          settleSentText,
          [
            "sent",
            subject || null,
            bodyText,
            null,
            queued?.[1] ?? null,
            new Date().toISOString(),
            row.id,
            "sending",
          ],
          { prepare: true },
        );
      }),
    );
  };
  return { deliver, close: () => transport.close() };
}

/** How many of the organization's notifications are recorded "sent". */
export async function sentCount(db: Database, organizationId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(schema.notification)
    .where(
      and(
        eq(schema.notification.organizationId, organizationId),
        eq(schema.notification.status, "sent"),
      ),
    );
  return row?.n ?? 0;
}

/** Every message of `load` arrived exactly once, and every row of it is "sent". */
async function deliveredOnce(database: DbHandle, smtp: SmtpCapture, load: ReminderLoad) {
  const arrivals = smtp.arrivals();
  const once = load.notificationIds.every((id) => arrivals.get(`<${id}@caredesk.local>`) === 1);
  const sent = await sentCount(database.db, load.organizationId);
  return once && sent === load.notificationIds.length;
}

/** A statement's shape: its text and how many parameters it carries. */
const shapes = (statements: Statement[]) =>
  statements
    // postgres.js's own look-up of array types on a fresh connection.
    .filter((s) => !s.text.startsWith("select b.oid, b.typarray"))
    .map((s) => `${s.parameters.length}|${s.text}`);

export async function benchReminderDelivery(
  database: DbHandle,
  options: { perPass?: number; rounds?: number } = {},
): Promise<ReminderDeliveryResult> {
  const pool = database.sql;
  if (!pool)
    throw new Error("reminder delivery needs PostgreSQL (DATABASE_URL): its twin is raw SQL");
  const perPass = options.perPass ?? PER_PASS;
  const rounds = options.rounds ?? ROUNDS;
  const smtp = await startSmtpCapture();
  const benchEnv = { ...env, SMTP_URL: smtp.url };
  const deps: DeliveryDeps = deliveryFromEnv(benchEnv, database.db);
  const product: Deliver = async (ids) => {
    await deliverNotifications(
      deps,
      ids.map((notificationId) => ({ notificationId, finalAttempt: false })),
    );
  };
  const raw = rawDelivery(pool, smtp.url, benchEnv.MAIL_FROM, benchEnv.appOrigin);
  const loads: ReminderLoad[] = [];
  let allOnce = true;
  try {
    // The twin's statements against the product's, one full batch each.
    const check = await createReminderLoad(database.db, 2 * BATCH);
    loads.push(check);
    const productSent = await statementsOf(pool, () =>
      product(check.notificationIds.slice(0, BATCH)),
    );
    const rawSent = await statementsOf(pool, () => raw.deliver(check.notificationIds.slice(BATCH)));
    const statementsMatch =
      JSON.stringify(shapes(productSent).sort()) === JSON.stringify(shapes(rawSent).sort()) &&
      shapes(productSent).length === 5 + BATCH;
    if (!statementsMatch) {
      console.error("reminder delivery: the raw twin's statements differ from the product's");
      console.error(shapes(productSent).slice(0, 6), shapes(rawSent).slice(0, 6));
    }
    allOnce &&= await deliveredOnce(database, smtp, check);
    // The same message: the same headers in the same order, the same MIME parts.
    const mailShape = (id: string | undefined) => {
      const mail = smtp.messages().find((m) => m.messageId === `<${id}@caredesk.local>`);
      const lines = (mail?.raw ?? "").split(/\r?\n/);
      const head = lines.slice(0, lines.indexOf(""));
      return JSON.stringify([
        head.flatMap((line) => /^([\w-]+):/.exec(line)?.[1] ?? []),
        lines.filter((line) => /^Content-(Type|Transfer-Encoding):/.test(line)),
      ]);
    };
    const messagesMatch =
      mailShape(check.notificationIds[0]) === mailShape(check.notificationIds[BATCH]) &&
      mailShape(check.notificationIds[0]) !== mailShape(undefined);
    if (!messagesMatch) console.error("reminder delivery: the raw twin's message differs");

    // A fresh load for each pass, made before the pass (not timed) and checked after it.
    // This process's CPU per message of each pass (the delivery, postgres.js, nodemailer and the
    // SMTP server it talks to): what load on the machine inflates least.
    const cpu = { product: [] as number[], raw: [] as number[] };
    const measured = (deliver: Deliver, label: string, into?: number[]) => async () => {
      const load = await createReminderLoad(database.db, perPass);
      loads.push(load);
      const before = process.cpuUsage();
      const rate = await profiled(label, () => pass(load.notificationIds, deliver))();
      const used = process.cpuUsage(before);
      into?.push((used.user + used.system) / 1000 / perPass);
      allOnce &&= await deliveredOnce(database, smtp, load);
      return rate;
    };
    // Warm-up of both (JIT, every connection's named statements, the SMTP pools).
    await measured(product, "reminder-warmup")();
    await measured(raw.deliver, "reminder-warmup-raw")();
    const side = await alternate(
      "rate",
      rounds,
      measured(product, "reminder-delivery", cpu.product),
      measured(raw.deliver, "reminder-delivery-raw", cpu.raw),
    );
    console.log(
      `reminder delivery vs raw twin (messages/s) by round: ${side.rounds.map((r) => `${r.product}/${r.raw}`).join(", ")}; CPU ms per message: ${cpu.product.map((c) => c.toFixed(2)).join(" ")} / ${cpu.raw.map((c) => c.toFixed(2)).join(" ")}`,
    );
    const result: ReminderDeliveryResult = {
      messages_per_pass: perPass,
      rounds,
      concurrency: CONCURRENCY,
      batch: BATCH,
      delivery_per_s: side.product,
      raw_per_s: side.raw,
      ratio: side.ratio,
      cpu_ms_per_message: quantile(cpu.product, 0.5),
      raw_cpu_ms_per_message: quantile(cpu.raw, 0.5),
      delivered_once: allOnce,
      statements_match: statementsMatch,
      messages_match: messagesMatch,
    };
    if (!allOnce) console.error("reminder delivery: a message was lost, repeated or not recorded");
    writeResult("reminder-delivery", result);
    return result;
  } finally {
    raw.close();
    await closeChannels(deps.channels);
    await smtp.close();
    for (const load of loads) await load.cleanup();
  }
}
