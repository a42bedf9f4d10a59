// Shared bits for `pnpm bench`: database choice, percentiles, result files.
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { createDb, findPgError, PG, type DbHandle } from "@caredesk/db";
import { sql } from "drizzle-orm";
import { loadEnv, type Env } from "../src/env";

export const env: Env = loadEnv({
  ...process.env,
  NODE_ENV: "test",
  SEED_DEMO: "false",
  AUTH_RATE_LIMIT_MAX: "1000000",
  RATE_LIMIT_MAX: "1000000",
  LOG_LEVEL: "silent",
});

export async function openBenchDatabase(): Promise<DbHandle> {
  const database = await createDb({ databaseUrl: env.DATABASE_URL, max: env.DATABASE_POOL_MAX });
  await database.migrate();
  return database;
}

/**
 * Clears what the previous scenario left behind, so each scenario measures its own work: its
 * fixture is deleted, but the dead rows stay until vacuumed (autovacuum would do this in
 * production; the CI machine's PostgreSQL runs with it off), and the WAL it wrote would set off
 * a checkpoint in the middle of the next one.
 */
export async function settle(database: DbHandle): Promise<void> {
  await database.db.execute(sql`vacuum analyze`);
  await database.db.execute(sql`checkpoint`).catch((error: unknown) => {
    // Needs pg_checkpoint (or superuser); without it the scenarios simply share checkpoints.
    if (findPgError(error)?.code !== PG.insufficientPrivilege) throw error;
  });
}

export function describeDatabase(database: DbHandle): string {
  return database.kind === "postgres"
    ? "PostgreSQL (DATABASE_URL)"
    : "embedded PGlite (no DATABASE_URL)";
}

export function quantile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const value = sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return Number(value.toFixed(2));
}

export function writeResult(name: string, result: object): string {
  const dir = resolve(import.meta.dirname, "../../../bench/results");
  mkdirSync(dir, { recursive: true });
  const path = resolve(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(result, null, 2) + "\n");
  return path;
}

/** The product path beside its raw twin: medians of each, and how close the product comes. */
export interface SideBySide {
  /** The product path's median: requests per second, or milliseconds at p50. */
  product: number;
  /** The raw twin's median, in the same unit. */
  raw: number;
  /** The product's share of the raw twin's speed: product/raw for rates, raw/product for times. */
  ratio: number;
  /** Every round's figures, in the order they ran, for the note. */
  rounds: { product: number; raw: number }[];
}

const median = (values: number[]) => quantile(values, 0.5);

/**
 * Runs `product` and `raw` alternately for `rounds` rounds, the first of each pair swapping
 * every round, so drift on the shared machine (other processes, checkpoints, a warming JIT) hits
 * both alike. Each function runs one measured pass and returns its figure: a rate
 * (`kind: "rate"`, higher is better) or a time (`kind: "time"`, e.g. a p50 in ms).
 */
export async function alternate(
  kind: "rate" | "time",
  rounds: number,
  product: () => Promise<number>,
  raw: () => Promise<number>,
): Promise<SideBySide> {
  const done: { product: number; raw: number }[] = [];
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      const p = await product();
      done.push({ product: p, raw: await raw() });
    } else {
      const r = await raw();
      done.push({ product: await product(), raw: r });
    }
  }
  const p = median(done.map((d) => d.product));
  const r = median(done.map((d) => d.raw));
  const ratio = kind === "rate" ? p / r : r / p;
  return { product: p, raw: r, ratio: Number(ratio.toFixed(3)), rounds: done };
}

/** Runs `once` n times, one after another, and returns each run's milliseconds. */
export async function timeEach(once: () => Promise<unknown>, n: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await once();
    samples.push(performance.now() - t);
  }
  return samples;
}
