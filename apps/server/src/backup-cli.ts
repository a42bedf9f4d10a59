// The `backup` and `restore` commands of cli.ts (pnpm db:backup, pnpm db:restore): arguments,
// the database and files they work on, and what they tell the operator. Paths are taken from
// the repository root, like DATA_DIR.
import { existsSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import { createDb } from "@caredesk/db";
import { BackupError, createBackup, restoreBackup, verifyBackup } from "./backup";
import type { Env } from "./env";

const backupUsage = "usage: pnpm db:backup [--out DIR]";
const restoreUsage = "usage: pnpm db:restore <backup dir> [--replace]";

/** Runs the command and returns the process's exit code. */
export async function runBackupCommand(
  command: "backup" | "restore",
  args: string[],
  env: Env,
  log: (msg: string) => void,
): Promise<number> {
  try {
    return command === "backup" ? await backup(args, env, log) : await restore(args, env, log);
  } catch (error) {
    if (error instanceof BackupError) {
      console.error(`${command} refused: ${error.message}`);
      return 1;
    }
    // The database unreachable, a disk full…: the reason, without a stack trace.
    console.error(`${command} failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

async function backup(args: string[], env: Env, log: (msg: string) => void): Promise<number> {
  let out = env.backupDir;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--out" && args[i + 1]) out = resolve(args[++i] ?? "");
    else if (arg?.startsWith("--out=")) out = resolve(arg.slice(6));
    else {
      console.error(backupUsage);
      return 2;
    }
  }
  const dataDir = resolve(env.DATA_DIR, "pglite");
  if (!env.DATABASE_URL && (!existsSync(dataDir) || readdirSync(dataDir).length === 0)) {
    throw new BackupError(`There is no embedded database in ${dataDir} to back up`);
  }
  // As it is: no migration, no seed. The embedded database must not be open in a running
  // server meanwhile (PGlite is one process's); that server's scheduled job backs it up instead.
  const database = await createDb({
    databaseUrl: env.DATABASE_URL,
    max: 2,
    dataDir: env.DATABASE_URL ? undefined : dataDir,
  });
  try {
    const { dir, manifest } = await createBackup(
      {
        database,
        databaseUrl: env.DATABASE_URL,
        filesDir: env.S3_BUCKET ? null : env.filesDir,
        migrationsFolder: env.migrationsDir,
      },
      out,
    );
    const rows = Object.values(manifest.database.tables).reduce((sum, n) => sum + n, 0);
    log(
      `backup written: ${dir}\n  database: ${manifest.database.kind}, migration ${manifest.database.migrations.latest ?? "none"}, ` +
        `${rows} rows in ${Object.keys(manifest.database.tables).length} tables\n  files: ` +
        (manifest.files.included
          ? `${manifest.files.entries.length}`
          : "on S3, not included (use the bucket's versioning or replication)"),
    );
    return 0;
  } finally {
    await database.close();
  }
}

async function restore(args: string[], env: Env, log: (msg: string) => void): Promise<number> {
  const replace = args.includes("--replace");
  const rest = args.filter((arg) => arg !== "--replace");
  const [from] = rest;
  if (rest.length !== 1 || !from || from.startsWith("--")) {
    console.error(restoreUsage);
    return 2;
  }
  const dir = resolve(from);
  const manifest = await verifyBackup(dir);
  log(
    `backup verified: ${manifest.createdAt}, ${manifest.database.kind}, migration ${manifest.database.migrations.latest ?? "none"}`,
  );
  const report = await restoreBackup(
    dir,
    {
      kind: env.DATABASE_URL ? "postgres" : "pglite",
      databaseUrl: env.DATABASE_URL,
      dataDir: resolve(env.DATA_DIR, "pglite"),
      filesDir: env.S3_BUCKET ? null : env.filesDir,
      migrationsFolder: env.migrationsDir,
    },
    { replace },
  );
  log(
    `restored and checked: ${report.rows} rows in ${report.tables} tables, ${report.files} files (${report.bytes} bytes)` +
      (manifest.files.included ? "" : "\n  files were on S3 and are not part of this backup"),
  );
  return 0;
}
