// The job worker: pg-boss on the same PostgreSQL. On DATABASE_URL it uses its own pool; on the
// embedded database it goes through our client (pg-boss's executeSql adapter, @caredesk/db
// jobs.ts). The server runs it in-process by default; `--worker-only` runs only this and
// `--no-worker` only the web server, so operators can scale the two apart.
import {
  alertExpiringCertificates,
  deliverNotification,
  expireHolds,
  purgeExpired,
  type DeliveryDeps,
} from "@caredesk/api";
import { handleExecutor, jobQueues, jobSchema, type DbHandle } from "@caredesk/db";
import PgBoss from "pg-boss";
import type { Env } from "./env";

export interface WorkerLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface WorkerOptions {
  env: Pick<Env, "DATABASE_URL" | "WORKER_CONCURRENCY" | "WORKER_BATCH_SIZE" | "WORKER_POOL_MAX">;
  database: DbHandle;
  delivery: DeliveryDeps;
  log: WorkerLogger;
  /** Periodic jobs (hold expiry, certificate alerts, purge); off in tests that count messages. */
  schedules?: boolean;
  pollingIntervalSeconds?: number;
}

export interface Worker {
  boss: PgBoss;
  /** Stops taking jobs and waits (up to `timeoutMs`) for the ones in hand. */
  stop(timeoutMs?: number): Promise<void>;
}

export async function startWorker(options: WorkerOptions): Promise<Worker> {
  const { env, database, log } = options;
  const common = {
    schema: jobSchema,
    // Jobs whose worker died are failed (and retried) soon after their expiry.
    maintenanceIntervalSeconds: 10,
    monitorStateIntervalSeconds: 60,
    migrate: true,
  };
  const boss =
    database.kind === "postgres" && env.DATABASE_URL
      ? new PgBoss({
          ...common,
          connectionString: env.DATABASE_URL,
          max: env.WORKER_POOL_MAX,
          application_name: "caredesk-worker",
        })
      : new PgBoss({ ...common, db: handleExecutor(database) });
  boss.on("error", (err) => log.error({ err }, "job queue error"));
  await boss.start();

  const polling = options.pollingIntervalSeconds ?? 1;
  const deliver = async (jobs: PgBoss.JobWithMetadata<{ notificationId: string }>[]) => {
    // Each job on its own: one message failing never holds back or fails the others.
    const retry: { id: string; error: string }[] = [];
    await Promise.all(
      jobs.map(async (job) => {
        try {
          const outcome = await deliverNotification(options.delivery, job.data.notificationId, {
            finalAttempt: job.retryCount >= job.retryLimit,
          });
          if (outcome.result === "retry") retry.push({ id: job.id, error: outcome.error });
          if (outcome.result === "failed") {
            log.warn(
              { notificationId: job.data.notificationId, error: outcome.error },
              "delivery failed",
            );
          }
        } catch (err) {
          // Our own failure (database unreachable…): retried like a provider's.
          log.error({ err, notificationId: job.data.notificationId }, "delivery error");
          retry.push({ id: job.id, error: err instanceof Error ? err.message : String(err) });
        }
      }),
    );
    // Failed jobs are retried by pg-boss with back-off; the rest complete with the batch.
    for (const { id, error } of retry) {
      await boss.fail(jobQueues.deliver.name, id, { error });
    }
  };
  for (let i = 0; i < env.WORKER_CONCURRENCY; i++) {
    await boss.work(
      jobQueues.deliver.name,
      { batchSize: env.WORKER_BATCH_SIZE, pollingIntervalSeconds: polling, includeMetadata: true },
      deliver,
    );
  }

  await boss.work(jobQueues.expireHolds.name, { pollingIntervalSeconds: polling }, async () => {
    const expired = await expireHolds(database.db);
    if (expired > 0) log.info({ expired }, "holds expired");
  });
  await boss.work(
    jobQueues.certificateAlerts.name,
    { pollingIntervalSeconds: polling },
    async () => {
      const alerted = await alertExpiringCertificates(database.db);
      if (alerted > 0) log.info({ alerted }, "certificate expiry alerts queued");
    },
  );
  await boss.work(jobQueues.purge.name, { pollingIntervalSeconds: polling }, async () => {
    log.info(await purgeExpired(database.db), "purged expired records");
  });
  if (options.schedules ?? true) {
    // Every minute: holds last a few minutes (a booking that meets a lapsed hold also expires
    // it on the spot). Daily: certificate alerts (06:00 UTC) and the purge (03:30 UTC).
    await boss.schedule(jobQueues.expireHolds.name, "* * * * *");
    await boss.schedule(jobQueues.certificateAlerts.name, "0 6 * * *");
    await boss.schedule(jobQueues.purge.name, "30 3 * * *");
  }

  return {
    boss,
    async stop(timeoutMs = 10_000) {
      await boss.stop({ graceful: true, wait: true, timeout: timeoutMs, close: true });
    },
  };
}
