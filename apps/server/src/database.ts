// Opens the configured database, applies migrations, and seeds the demo on first start.
import { resolve } from "node:path";
import { hashPassword } from "@caredesk/auth";
import { createDb, formatCredentials, seedDemo, type DbHandle } from "@caredesk/db";
import type { Env } from "./env";

export async function openDatabase(env: Env, log: (msg: string) => void): Promise<DbHandle> {
  const database = await createDb({
    databaseUrl: env.DATABASE_URL,
    max: env.DATABASE_POOL_MAX,
    dataDir: env.DATABASE_URL ? undefined : resolve(env.DATA_DIR, "pglite"),
    migrationsFolder: env.migrationsDir,
  });
  await database.migrate();
  log(
    database.kind === "postgres"
      ? "database: PostgreSQL (DATABASE_URL), migrations applied"
      : `database: embedded PGlite in ${resolve(env.DATA_DIR, "pglite")}, migrations applied`,
  );
  if (env.SEED_DEMO) {
    const seeded = await seedDemo(database.db, hashPassword);
    if (seeded.created) log(`demo data created\n${formatCredentials(seeded)}`);
  }
  return database;
}
