// The job worker: pg-boss on the same PostgreSQL. On DATABASE_URL it uses its own pool; on the
// embedded database it goes through our client (pg-boss's executeSql adapter, @caredesk/db
// jobs.ts). The server runs it in-process by default; `--worker-only` runs only this and
// `--no-worker` only the web server, so operators can scale the two apart.
import {
  alertExpiringCertificates,
  remindPlanRenewals,
  cancelUnpaidBookings,
  releaseDueEscrows,
  sendReservedRefund,
  applyPaymentEvent,
  dailyStock,
  ChangeHub,
  listenForChanges,
  deliverNotifications,
  expireHolds,
  purgeExpired,
  rescanQuarantined,
  runImportJob,
  type DeliveryDeps,
  type FileStore,
  type ImportJobData,
  type MalwareScanner,
  type PaymentsConfig,
} from "@caredesk/api";
import { handleExecutor, jobQueues, jobSchema, type DbHandle } from "@caredesk/db";
import PgBoss from "pg-boss";
import { registerBackupJob, type BackupSchedule } from "./backup-job";
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
  /**
   * Opens practices' provider keys and reaches the providers (a stored event that needs the
   * payment read back). Without it the worker cannot open keys: such events wait and retry.
   */
  payments?: PaymentsConfig;
  log: WorkerLogger;
  /** Where uploaded files are (imports read theirs); without it, imports fail with a reason. */
  files?: FileStore & { delete(key: string): Promise<void> };
  /**
   * Rescans quarantined uploads (stored while it was unreachable); without it, or without
   * `files`, quarantined files wait.
   */
  scanner?: MalwareScanner;
  /** Backups of the database and files (backup-job.ts); without it this worker makes none. */
  backup?: BackupSchedule;
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
    maintenanceIntervalSeconds: 5,
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
  const deliver = async (
    jobs: PgBoss.JobWithMetadata<{ notificationId: string }>[],
    workerId: string | undefined,
  ) => {
    // A full batch means more are waiting: fetch again at once rather than after the poll.
    if (workerId && jobs.length >= env.WORKER_BATCH_SIZE) boss.notifyWorker(workerId);
    // Each message on its own: one failing never holds back or fails the others.
    let retry: { id: string; error: string }[] = [];
    try {
      const outcomes = await deliverNotifications(
        options.delivery,
        jobs.map((job) => ({
          notificationId: job.data.notificationId,
          finalAttempt: job.retryCount >= job.retryLimit,
        })),
      );
      for (const job of jobs) {
        const outcome = outcomes.get(job.data.notificationId);
        if (outcome?.result === "retry") retry.push({ id: job.id, error: outcome.error });
        if (outcome?.result === "failed") {
          // The provider's answer may quote the recipient; it is kept on the message's row (its
          // last error, shown to staff), and the log names the message only.
          log.warn({ notificationId: job.data.notificationId }, "delivery failed");
        }
      }
    } catch (err) {
      // Our own failure (the database unreachable…): the whole batch is retried.
      log.error({ err }, "delivery error");
      const error = err instanceof Error ? err.message : String(err);
      retry = jobs.map((job) => ({ id: job.id, error }));
    }
    // Failed jobs are retried by pg-boss with back-off; the rest complete with the batch.
    for (const { id, error } of retry) await boss.fail(jobQueues.deliver.name, id, { error });
  };
  const deliverers: string[] = [];
  for (let i = 0; i < env.WORKER_CONCURRENCY; i++) {
    let workerId: string | undefined = undefined;
    workerId = await boss.work(
      jobQueues.deliver.name,
      { batchSize: env.WORKER_BATCH_SIZE, pollingIntervalSeconds: polling, includeMetadata: true },
      (jobs: PgBoss.JobWithMetadata<{ notificationId: string }>[]) => deliver(jobs, workerId),
    );
    deliverers.push(workerId);
  }
  // A change that queued messages due now says so (LISTEN/NOTIFY): the deliverers fetch at
  // once instead of at their next poll, so a booking's confirmation leaves within milliseconds.
  const hub = new ChangeHub();
  hub.on("outbox", () => {
    for (const id of deliverers) boss.notifyWorker(id);
  });
  const stopListening = await listenForChanges(database, hub);

  // Providers' events, stored by the webhook routes: each applied on its own. "retry" (its
  // payment not written yet, the provider unreachable) and our own failures go back to pg-boss,
  // which tries again with back-off; the last attempt settles what can be settled.
  const payments = options.payments ?? { box: null, endpoints: {} };
  const applyEvents = async (
    jobs: PgBoss.JobWithMetadata<{ eventId: string }>[],
    workerId: string | undefined,
  ) => {
    if (workerId && jobs.length >= env.WORKER_BATCH_SIZE) boss.notifyWorker(workerId);
    const retry: { id: string; error: string }[] = [];
    await Promise.all(
      jobs.map(async (job) => {
        try {
          const outcome = await applyPaymentEvent(database.db, payments, job.data.eventId, {
            finalAttempt: job.retryCount >= job.retryLimit,
          });
          if (outcome === "retry") retry.push({ id: job.id, error: "not applicable yet" });
        } catch (err) {
          log.warn({ err, eventId: job.data.eventId }, "payment event not applied");
          retry.push({ id: job.id, error: err instanceof Error ? err.name : "error" });
        }
      }),
    );
    for (const { id, error } of retry) await boss.fail(jobQueues.paymentEvent.name, id, { error });
  };
  for (let i = 0; i < env.WORKER_CONCURRENCY; i++) {
    let workerId: string | undefined = undefined;
    workerId = await boss.work(
      jobQueues.paymentEvent.name,
      { batchSize: env.WORKER_BATCH_SIZE, pollingIntervalSeconds: polling, includeMetadata: true },
      (jobs: PgBoss.JobWithMetadata<{ eventId: string }>[]) => applyEvents(jobs, workerId),
    );
  }

  await boss.work(jobQueues.expireHolds.name, { pollingIntervalSeconds: polling }, async () => {
    const expired = await expireHolds(database.db);
    if (expired > 0) log.info({ expired }, "holds expired");
    // Video consultations booked in the portal and not paid in time free their slots too.
    const unpaid = await cancelUnpaidBookings(database.db);
    if (unpaid > 0) log.info({ unpaid }, "unpaid bookings cancelled");
  });
  // Escrows whose consultation is done and whose dispute window has passed: released once each
  // (the guarded move decides, however many workers run this).
  await boss.work(jobQueues.escrowRelease.name, { pollingIntervalSeconds: polling }, async () => {
    const { released } = await releaseDueEscrows(database.db);
    if (released > 0) log.info({ released }, "escrows released");
  });
  // Refunds a cancellation's policy or a dispute reserved: sent to the provider after the commit.
  // An unreachable provider throws, and pg-boss retries with back-off.
  await boss.work(
    jobQueues.escrowRefund.name,
    { pollingIntervalSeconds: polling },
    async ([job]: PgBoss.Job<{ organizationId: string; refundId: string }>[]) => {
      if (!job) return;
      const outcome = await sendReservedRefund(
        database.db,
        payments,
        job.data.organizationId,
        job.data.refundId,
      );
      log.info({ refundId: job.data.refundId, outcome }, "reserved refund sent");
    },
  );
  await boss.work(
    jobQueues.certificateAlerts.name,
    { pollingIntervalSeconds: polling },
    async () => {
      const alerted = await alertExpiringCertificates(database.db);
      if (alerted > 0) log.info({ alerted }, "certificate expiry alerts queued");
    },
  );
  await boss.work(jobQueues.planRenewals.name, { pollingIntervalSeconds: polling }, async () => {
    const reminded = await remindPlanRenewals(database.db);
    if (reminded > 0) log.info({ reminded }, "plan renewal reminders queued");
  });
  await boss.work(jobQueues.stockDaily.name, { pollingIntervalSeconds: polling }, async () => {
    const { expired, alerted } = await dailyStock(database.db);
    if (expired > 0 || alerted > 0) log.info({ expired, alerted }, "stock written off and alerted");
  });
  await boss.work(jobQueues.purge.name, { pollingIntervalSeconds: polling }, async () => {
    log.info(await purgeExpired(database.db), "purged expired records");
  });
  // A committed import, written in batches; rows are matched by natural key, so a retry after a
  // crash continues without writing anything twice.
  await boss.work(
    jobQueues.dataImport.name,
    { pollingIntervalSeconds: polling },
    async ([job]: PgBoss.Job<ImportJobData>[]) => {
      if (!job) return;
      if (!options.files) throw new Error("the worker has no file storage for imports");
      await runImportJob(database.db, options.files, job.data);
      log.info({ importId: job.data.importId }, "import committed");
    },
  );
  // Files stored while the malware scanner was away: judged again, oldest first. Clean ones
  // become available; infected ones are recorded and deleted; the rest wait for the next sweep.
  await boss.work(jobQueues.fileRescan.name, { pollingIntervalSeconds: polling }, async () => {
    if (!options.files || !options.scanner) return;
    const outcome = await rescanQuarantined(database.db, {
      files: options.files,
      scanner: options.scanner,
    });
    if (outcome.available + outcome.infected + outcome.waiting > 0) {
      log.info({ ...outcome }, "quarantined files rescanned");
    }
  });
  if (options.backup) {
    await registerBackupJob(boss, {
      database,
      backup: options.backup,
      log,
      pollingIntervalSeconds: polling,
      schedule: options.schedules ?? true,
    });
  }
  if (options.schedules ?? true) {
    // Every minute: holds last a few minutes (a booking that meets a lapsed hold also expires
    // it on the spot). Daily: certificate alerts (06:00 UTC), plan renewal reminders (07:00
    // UTC) and the purge (03:30 UTC).
    await boss.schedule(jobQueues.expireHolds.name, "* * * * *");
    await boss.schedule(jobQueues.escrowRelease.name, "* * * * *");
    await boss.schedule(jobQueues.certificateAlerts.name, "0 6 * * *");
    await boss.schedule(jobQueues.planRenewals.name, "0 7 * * *");
    await boss.schedule(jobQueues.purge.name, "30 3 * * *");
    // Quarantined uploads (the malware scanner was unreachable) are tried every five minutes.
    await boss.schedule(jobQueues.fileRescan.name, "*/5 * * * *");
    // The shelf's day: hourly, so each practice's midnight (in its own zone) is met within the
    // hour; a lot is written off and each alert announced once, however often it runs.
    await boss.schedule(jobQueues.stockDaily.name, "5 * * * *");
  }

  return {
    boss,
    async stop(timeoutMs = 10_000) {
      await stopListening().catch(() => undefined);
      hub.removeAllListeners();
      await boss.stop({ graceful: true, wait: true, timeout: timeoutMs, close: true });
    },
  };
}
