// A worker process on its own (as `--worker-only` runs it), for tests and benchmarks that kill
// it: DATABASE_URL, SMTP_URL and WORKER_* from the environment; prints "ready" once working.
import { createDb } from "@caredesk/db";
import { deliveryFromEnv } from "../src/channels";
import { loadEnv } from "../src/env";
import { startWorker } from "../src/worker";

const env = loadEnv({ ...process.env, SEED_DEMO: "false", LOG_LEVEL: "silent" });
const database = await createDb({ databaseUrl: env.DATABASE_URL, max: env.DATABASE_POOL_MAX });
const quiet = { info() {}, warn() {}, error() {} };
await startWorker({
  env,
  database,
  delivery: deliveryFromEnv(env, database.db),
  log: quiet,
  schedules: false,
  pollingIntervalSeconds: 0.5,
});
console.log("ready");
