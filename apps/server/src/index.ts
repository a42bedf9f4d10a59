// Entry point: `node dist/index.js` (production) or `tsx watch src/index.ts` (dev).
//   --worker-only  run background jobs only (no HTTP)
//   --no-worker    serve HTTP only (jobs run in other processes)
import { buildServer, scannerFromEnv, storageFromEnv } from "./app";
import { backupScheduleFromEnv } from "./backup-job";
import { closeChannels, deliveryFromEnv } from "./channels";
import { openDatabase } from "./database";
import { loadEnv } from "./env";
import { createMetrics, serveMetricsOnly } from "./metrics";
import { startWorker, type Worker } from "./worker";

const args = new Set(process.argv.slice(2));
const workerOnly = args.has("--worker-only");
const withWorker = !args.has("--no-worker");
if (workerOnly && !withWorker) {
  console.error("--worker-only and --no-worker cannot be used together");
  process.exit(2);
}

const env = loadEnv();
const database = await openDatabase(env, (msg) => console.log(msg));
// One set of series for the server and its in-process worker (deliveries count there).
const metrics = createMetrics(database, { processMetrics: Boolean(env.METRICS_TOKEN) });
const scanner = scannerFromEnv(env);
const app = workerOnly ? null : await buildServer({ env, database, metrics, scanner });
const log = app?.log ?? {
  info: (obj: object, msg?: string) => console.log(JSON.stringify({ level: "info", msg, ...obj })),
  warn: (obj: object, msg?: string) => console.warn(JSON.stringify({ level: "warn", msg, ...obj })),
  error: (obj: object, msg?: string) =>
    console.error(JSON.stringify({ level: "error", msg, ...obj })),
};
const delivery = {
  ...deliveryFromEnv(env, database.db),
  observeDelivery: metrics.observeDelivery,
};
let worker: Worker | null = null;
if (withWorker) {
  worker = await startWorker({
    env,
    database,
    delivery,
    log,
    payments: env.payments,
    files: storageFromEnv(env),
    scanner,
    backup: backupScheduleFromEnv(env),
  });
  log.info(
    { concurrency: env.WORKER_CONCURRENCY, email: env.SMTP_URL ? "smtp" : "local mailbox" },
    "job worker started",
  );
}

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  log.info({ signal }, "shutting down: draining requests and jobs");
  const force = setTimeout(() => process.exit(1), 20_000);
  force.unref();
  // Requests first (they may queue jobs), then the jobs in hand, then the connections.
  await app?.close();
  await worker?.stop(15_000);
  await closeChannels(delivery.channels);
  await database.close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

if (app) {
  await app.listen({ host: env.HOST, port: env.PORT });
  console.log(`Caredesk is running at ${env.appOrigin}  (admin: ${env.appOrigin}/admin/)`);
} else {
  if (env.NODE_ENV === "production" && !env.payments.box) {
    log.warn({}, "PAYMENT_KEYS_SECRET is not set: online payments are off");
  }
  if (!env.CLAMD_URL) {
    log.warn({}, "CLAMD_URL is not set: uploads are not scanned for malware");
  }
  console.log("Caredesk job worker is running (--worker-only)");
  // Its deliveries are counted here: with METRICS_TOKEN, it serves /metrics alone on PORT.
  if (env.METRICS_TOKEN) {
    const metricsApp = await serveMetricsOnly(metrics, env.METRICS_TOKEN);
    await metricsApp.listen({ host: env.HOST, port: env.PORT });
    console.log(`metrics at http://${env.HOST}:${env.PORT}/metrics`);
  }
}
