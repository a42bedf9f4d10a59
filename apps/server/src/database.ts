// Opens the configured database, applies migrations, and seeds the demo on first start.
import { resolve } from "node:path";
import { seedDemoAppointments, seedDemoClinical } from "@caredesk/api";
import { hashPassword } from "@caredesk/auth";
import { createDb, formatCredentials, seedDemo, type Database, type DbHandle } from "@caredesk/db";
import { sql } from "drizzle-orm";
import type { Env } from "./env";

export async function openDatabase(env: Env, log: (msg: string) => void): Promise<DbHandle> {
  const database = await createDb({
    databaseUrl: env.DATABASE_URL,
    max: env.DATABASE_POOL_MAX,
    connectTimeoutSeconds: env.DATABASE_CONNECT_TIMEOUT,
    dataDir: env.DATABASE_URL ? undefined : resolve(env.DATA_DIR, "pglite"),
    migrationsFolder: env.migrationsDir,
  });
  await database.migrate();
  log(
    database.kind === "postgres"
      ? "database: PostgreSQL (DATABASE_URL), migrations applied"
      : `database: embedded PGlite in ${resolve(env.DATA_DIR, "pglite")}, migrations applied`,
  );
  if (env.SEED_DEMO) await seedDemoData(database.db, log);
  return database;
}

/**
 * The demo: accounts, practices and their directory, then their appointments. Returns whether
 * anything was added now (false: the whole demo was there already and is left alone).
 */
export async function seedDemoData(db: Database, log: (msg: string) => void): Promise<boolean> {
  const seeded = await seedDemo(db, hashPassword);
  if (seeded.created) log(`demo data created\n${formatCredentials(seeded)}`);
  // Through the booking path, so every appointment holds each resource its service needs; a
  // demo practice that already has appointments is left alone.
  const booked = await seedDemoAppointments(db);
  if (booked.booked + booked.refused > 0) {
    log(`demo appointments: ${booked.booked} booked, ${booked.refused} slots refused`);
  }
  // A medical-history form, and a record to show in the dental chart and the portal.
  const clinical = await seedDemoClinical(db);
  if (clinical.practices > 0) log(`demo clinical records: ${clinical.practices} practices`);
  const added = seeded.created || booked.booked > 0 || clinical.practices > 0;
  // Fresh statistics for the rows just written, so the first plans are made for the data
  // there is, not for empty tables (autovacuum would get to it, but only later).
  if (added) await db.execute(sql`analyze`);
  return added;
}
