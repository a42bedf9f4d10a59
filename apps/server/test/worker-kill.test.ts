// A worker killed mid-batch loses nothing and sends nothing twice: 300 reminders due at once go
// to a real SMTP server; the worker process is killed with SIGKILL after a third have arrived
// and a new one is started. Every message arrives, once per Message-ID (its idempotency key),
// and our records hold each message once, as sent. A worker process needs a networked
// database, so this runs on PostgreSQL (as CI does).
import type { ChildProcess } from "node:child_process";
import { schema } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import { startSmtpCapture, type SmtpCapture } from "@caredesk/notifications/testing";
import { and, count, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createReminderLoad, type ReminderLoad } from "../bench/reminder-load";
import { spawnWorker, until } from "../bench/worker-control";

const template = inject("dbTemplate");
const messages = 300;
let database: TestDatabase;
let smtp: SmtpCapture;
let load: ReminderLoad;
const workers: ChildProcess[] = [];
const startWorkerProcess = () =>
  spawnWorker(database.url ?? "", smtp.url, { concurrency: 2, batchSize: 20 });

beforeAll(async () => {
  database = await createTestDatabase(template);
  if (!database.url) return;
  smtp = await startSmtpCapture();
  load = await createReminderLoad(database.db, messages);
});
afterAll(async () => {
  for (const worker of workers) worker.kill("SIGKILL");
  await smtp?.close();
  await database.drop();
});

describe.runIf(template.kind === "postgres")("a worker killed mid-batch", () => {
  it("delivers every reminder exactly once", { timeout: 150_000 }, async () => {
    const first = await startWorkerProcess();
    workers.push(first);
    await until(() => smtp.messages().length >= messages / 3, 60_000);
    first.kill("SIGKILL");
    const atKill = smtp.messages().length;
    expect(atKill).toBeLessThan(messages);

    workers.push(await startWorkerProcess());
    const sent = async () => {
      const [row] = await database.db
        .select({ n: count() })
        .from(schema.notification)
        .where(
          and(
            inArray(schema.notification.id, load.notificationIds),
            eq(schema.notification.status, "sent"),
          ),
        );
      return row?.n ?? 0;
    };
    // Jobs the killed worker held are retried once their expiry (30 s) passes.
    await until(async () => (await sent()) === messages, 120_000);

    // Every message arrived, under its own Message-ID, and no other did.
    const received = smtp.messages().map((m) => m.messageId);
    expect(new Set(received).size).toBe(messages);
    expect(new Set(received)).toEqual(
      new Set(load.notificationIds.map((id) => `<${id}@caredesk.local>`)),
    );
    // A message sent twice is one the killed worker had handed to the server but not yet
    // recorded: only those in flight at the kill can repeat, and the key made them one.
    const repeated = [...smtp.arrivals().values()].filter((n) => n > 1).length;
    expect(repeated).toBeLessThanOrEqual(2 * 20);

    // Our records: one row per message, each sent, with the server's queue id.
    const rows = await database.db
      .select({
        status: schema.notification.status,
        providerMessageId: schema.notification.providerMessageId,
      })
      .from(schema.notification)
      .where(inArray(schema.notification.id, load.notificationIds));
    expect(rows).toHaveLength(messages);
    expect(rows.every((r) => r.status === "sent" && r.providerMessageId)).toBe(true);
  });
});
