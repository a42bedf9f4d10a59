// Starting (and killing) a worker process from a test or benchmark, and waiting for what it does.
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";

/** A worker process (worker-process.ts) on `databaseUrl`, sending email to `smtpUrl`. */
export function spawnWorker(
  databaseUrl: string,
  smtpUrl: string,
  settings: { concurrency: number; batchSize: number },
): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", resolve(import.meta.dirname, "worker-process.ts")],
    {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        SMTP_URL: smtpUrl,
        WORKER_CONCURRENCY: String(settings.concurrency),
        WORKER_BATCH_SIZE: String(settings.batchSize),
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  return new Promise((ready, fail) => {
    child.once("exit", (code) => fail(new Error(`worker exited early (${code})`)));
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("ready")) ready(child);
    });
  });
}

/** Waits until `condition` holds, checking every `everyMs`; throws after `timeoutMs`. */
export async function until(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  everyMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
