// Background jobs live in the same PostgreSQL, in pg-boss's own schema. Its queues are storage
// like tables (pg-boss 10 keeps one partition per queue), so they are declared here, next to the
// schema, and created by `migrate` on every database: the server's, the tests', the bench's.
//
// On PostgreSQL the worker uses pg-boss's own pool (apps/server); everything here reaches the
// database through our client instead, so a job can be written inside the transaction of the
// change that causes it (`enqueueJobs(tx, …)`): it exists exactly when that change commits.
import { sql, type SQL } from "drizzle-orm";
import PgBoss from "pg-boss";
import type { Database, DbHandle } from "./handle";

export const jobSchema = "pgboss";

export interface QueueDefinition {
  name: string;
  /** Attempts after the first; back-off doubles from `retryDelay` seconds when `retryBackoff`. */
  retryLimit: number;
  retryDelay: number;
  retryBackoff: boolean;
  /** A job still active after this long is taken to have died with its worker and retried. */
  expireInSeconds: number;
  /** "singleton": at most one queued or active job (periodic sweeps). */
  policy: "standard" | "singleton";
}

export const jobQueues = {
  /** Sends one notification on its channel. Data: { notificationId }. */
  deliver: {
    name: "notification-deliver",
    // 5 s, 10 s, 20 s … about five minutes in all before a message shows as failed.
    retryLimit: 6,
    retryDelay: 5,
    retryBackoff: true,
    // Sends time out well before this (the SMTP channel's socket timeouts), so a job still
    // active after it died with its worker and is retried soon.
    expireInSeconds: 20,
    policy: "standard",
  },
  /** Lapsed holds stop blocking their slots. */
  expireHolds: {
    name: "appointment-expire-holds",
    retryLimit: 0,
    retryDelay: 0,
    retryBackoff: false,
    expireInSeconds: 120,
    policy: "singleton",
  },
  /** Practitioners' certificates that expire within 30 days alert the practice's admins. */
  certificateAlerts: {
    name: "certificate-alerts",
    retryLimit: 2,
    retryDelay: 60,
    retryBackoff: true,
    expireInSeconds: 300,
    policy: "singleton",
  },
  /** Plans ending within a week (or in their grace days) remind the practice's owners. */
  planRenewals: {
    name: "plan-renewal-reminders",
    retryLimit: 2,
    retryDelay: 60,
    retryBackoff: true,
    expireInSeconds: 300,
    policy: "singleton",
  },
  /**
   * The pharmacy's shelf: lots expired in their practice's calendar are written off, and low
   * stock and lots expiring within 30/60/90 days alert the staff (each once).
   */
  stockDaily: {
    name: "stock-daily",
    retryLimit: 2,
    retryDelay: 60,
    retryBackoff: true,
    expireInSeconds: 600,
    policy: "singleton",
  },
  /** Applies one stored provider event to its payment. Data: { eventId } (webhook_event.id). */
  paymentEvent: {
    name: "payment-event-apply",
    // 5 s, 10 s, 20 s … about ten minutes: a payment row written late, a provider slow to answer.
    retryLimit: 7,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 60,
    policy: "standard",
  },
  /** Releases escrows whose consultation is done and whose dispute window has passed. */
  escrowRelease: {
    name: "escrow-release",
    retryLimit: 2,
    retryDelay: 30,
    retryBackoff: true,
    expireInSeconds: 300,
    policy: "singleton",
  },
  /**
   * Sends a refund reserved by a cancellation under the practice's policy (or a dispute) to its
   * provider and settles it by the answer. Data: { organizationId, refundId }.
   */
  escrowRefund: {
    name: "escrow-refund",
    // 5 s, 10 s, 20 s … about ten minutes: a provider slow or briefly unreachable.
    retryLimit: 7,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 60,
    policy: "standard",
  },
  /** Removes what has outlived its purpose: idempotency keys, throttles, used link tokens. */
  purge: {
    name: "maintenance-purge",
    retryLimit: 2,
    retryDelay: 60,
    retryBackoff: true,
    expireInSeconds: 300,
    policy: "singleton",
  },
  /**
   * Commits one checked import in batches, counting progress as it goes. Data: { organizationId,
   * importId }. Rows are matched by natural key, so a retry after a crash continues without
   * writing anything twice.
   */
  dataImport: {
    name: "data-import",
    retryLimit: 2,
    retryDelay: 30,
    retryBackoff: true,
    expireInSeconds: 1800,
    policy: "standard",
  },
  /**
   * Scans quarantined files again (stored while the malware scanner was unreachable): clean ones
   * become available, infected ones are deleted and recorded. Every few minutes and whenever a
   * file is quarantined; one sweep at a time.
   */
  fileRescan: {
    name: "file-rescan",
    retryLimit: 2,
    retryDelay: 30,
    retryBackoff: true,
    expireInSeconds: 900,
    policy: "singleton",
  },
  /** Writes a backup of the database and the stored files, and removes those past retention. */
  backup: {
    name: "database-backup",
    retryLimit: 1,
    retryDelay: 300,
    retryBackoff: false,
    expireInSeconds: 3600,
    policy: "singleton",
  },
} as const satisfies Record<string, QueueDefinition>;

export type QueueName = (typeof jobQueues)[keyof typeof jobQueues]["name"];

/** A job to write with a change: pg-boss's insert shape, limited to what we use. */
export interface JobRequest {
  /** Fixed ids make a job one of a kind: inserting the same id again does nothing. */
  id?: string;
  name: QueueName;
  data: Record<string, unknown>;
  /** When the job becomes due (a reminder's send time); now when omitted. */
  startAfter?: Date;
}

/**
 * What node-postgres (pg-boss's own driver) would send for a value: objects as JSON text,
 * arrays as array literals, dates as ISO instants.
 */
function asPgParameter(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    const items = value.map((item) =>
      item === null || item === undefined
        ? "NULL"
        : `"${String(asPgParameter(item)).replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`,
    );
    return `{${items.join(",")}}`;
  }
  if (typeof value === "object" && !(value instanceof Uint8Array)) return JSON.stringify(value);
  return value;
}

/**
 * pg-boss's `executeSql` over a Drizzle database or transaction: pg-boss's `$n` placeholders
 * become bound parameters, never text.
 */
export function jobExecutor(db: Database): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const chunks: SQL[] = [];
      let last = 0;
      for (const match of text.matchAll(/\$(\d+)/g)) {
        chunks.push(sql.raw(text.slice(last, match.index)));
        chunks.push(sql`${sql.param(asPgParameter(values[Number(match[1]) - 1]))}`);
        last = match.index + match[0].length;
      }
      chunks.push(sql.raw(text.slice(last)));
      const result: unknown = await db.execute(sql.join(chunks));
      return { rows: Array.isArray(result) ? result : (result as { rows: unknown[] }).rows };
    },
  };
}

/**
 * pg-boss's `executeSql` over a whole database handle: statements without parameters may be
 * several at once (pg-boss's schema migrations), which PostgreSQL takes only outside the
 * extended protocol.
 */
export function handleExecutor(handle: DbHandle): PgBoss.Db {
  const single = jobExecutor(handle.db);
  return {
    async executeSql(text: string, values: unknown[] = []) {
      if (values.length > 0) return single.executeSql(text, values);
      if (handle.sql) {
        // pg-boss's migrations bring their own BEGIN/COMMIT: one connection of our own for them.
        const connection = await handle.sql.reserve();
        try {
          return { rows: await connection.unsafe(text).simple() };
        } finally {
          connection.release();
        }
      }
      if (handle.pglite) {
        const results = await handle.pglite.exec(text);
        return { rows: results.at(-1)?.rows ?? [] };
      }
      return single.executeSql(text, values);
    },
  };
}

// Used only to write jobs inside our transactions (its `insert` takes the transaction's
// executor); never started, so it opens no connection of its own.
const writer = new PgBoss({ db: { executeSql: () => Promise.reject(new Error("unused")) } });

/** Writes jobs in the caller's transaction: they run only if it commits. */
export async function enqueueJobs(tx: Database, jobs: readonly JobRequest[]): Promise<void> {
  if (jobs.length === 0) return;
  await writer.insert(
    jobs.map((job) => ({
      ...(job.id ? { id: job.id } : {}),
      name: job.name,
      data: job.data,
      ...(job.startAfter ? { startAfter: job.startAfter } : {}),
    })),
    { db: jobExecutor(tx) },
  );
}

/** Creates (or migrates) pg-boss's schema and our queues. Called by `migrate`. */
export async function installJobStorage(handle: DbHandle): Promise<void> {
  const boss = new PgBoss({
    db: handleExecutor(handle),
    schema: jobSchema,
    supervise: false,
    schedule: false,
    migrate: true,
  });
  boss.on("error", () => undefined);
  await boss.start();
  const existing = new Map((await boss.getQueues()).map((q) => [q.name, q]));
  for (const queue of Object.values(jobQueues)) {
    const options = {
      name: queue.name,
      policy: queue.policy,
      retryLimit: queue.retryLimit,
      retryDelay: queue.retryDelay,
      retryBackoff: queue.retryBackoff,
      expireInSeconds: queue.expireInSeconds,
    };
    const current = existing.get(queue.name);
    if (!current) await boss.createQueue(queue.name, options);
    else if (
      current.retryLimit !== queue.retryLimit ||
      current.retryDelay !== queue.retryDelay ||
      current.retryBackoff !== queue.retryBackoff ||
      current.expireInSeconds !== queue.expireInSeconds
    ) {
      // Settings changed in a release: existing queues follow (the policy cannot change).
      await boss.updateQueue(queue.name, options);
    }
  }
  await boss.stop({ graceful: false, close: false, wait: true });
}
