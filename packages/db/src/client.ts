// One client factory: postgres.js when a URL is given, otherwise embedded PGlite on disk
// (or in memory) so the product runs on a machine with nothing else installed.
import { fileURLToPath } from "node:url";
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { btree_gin } from "@electric-sql/pglite/contrib/btree_gin";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { SQL } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { useLightTransactions } from "./client-transaction";
import { installJobStorage } from "./jobs";
import type { Database, DbHandle } from "./handle";
import { preparingClient } from "./postgres-client";
import * as schema from "./schema";

export type { Database, DbHandle, Schema } from "./handle";

export const defaultMigrationsFolder = fileURLToPath(new URL("../migrations", import.meta.url));

export const pgliteExtensions = { btree_gin, btree_gist, pg_trgm };

/** The advisory lock key `migrate` holds on PostgreSQL (an arbitrary, fixed 64-bit number). */
const migrationLock = 720_261_129;

export interface CreateDbOptions {
  /** postgres:// URL. Without it an embedded PGlite database is used. */
  databaseUrl?: string | undefined;
  /** PGlite data directory; omitted means in-memory. */
  dataDir?: string | undefined;
  /** Load an existing PGlite dump instead of an empty database (tests). */
  loadDataDir?: Blob | File | undefined;
  migrationsFolder?: string | undefined;
  /** postgres.js pool size. */
  max?: number | undefined;
  /** Seconds to wait for a connection before a query fails (postgres.js default: 30). */
  connectTimeoutSeconds?: number | undefined;
}

const drizzleConfig = { schema, casing: "snake_case" } as const;

export async function createDb(options: CreateDbOptions = {}): Promise<DbHandle> {
  const migrationsFolder = options.migrationsFolder ?? defaultMigrationsFolder;
  if (options.databaseUrl) {
    const databaseUrl = options.databaseUrl;
    const sql = postgres(databaseUrl, {
      max: options.max ?? 10,
      connect_timeout: options.connectTimeoutSeconds ?? 10,
      onnotice: () => {},
      connection: { TimeZone: "UTC" },
    });
    const db = drizzlePostgres(preparingClient(sql), drizzleConfig);
    // Transactions without the relational helpers built for each (client-transaction.ts).
    useLightTransactions(db);
    const handle: DbHandle = {
      db,
      kind: "postgres",
      sql,
      migrate: async () => {
        // Servers and workers started together all migrate: one at a time, the others wait
        // and then find nothing left to do. The lock is held by a connection of its own (not
        // the pool's, which may have only one).
        const lock = postgres(databaseUrl, { max: 1, onnotice: () => {} });
        try {
          await lock`select pg_advisory_lock(${migrationLock})`;
          await migratePostgres<typeof schema>(db, { migrationsFolder });
          await installJobStorage(handle);
        } finally {
          await lock.end({ timeout: 5 });
        }
      },
      close: () => sql.end({ timeout: 5 }),
    };
    return handle;
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    extensions: pgliteExtensions,
  });
  return wrapPglite(pglite, migrationsFolder);
}

export function wrapPglite(pglite: PGlite, migrationsFolder = defaultMigrationsFolder): DbHandle {
  const db = drizzlePglite(pglite, drizzleConfig);
  const handle: DbHandle = {
    db,
    kind: "pglite",
    pglite,
    migrate: async () => {
      await migratePglite<typeof schema>(db, { migrationsFolder });
      await installJobStorage(handle);
    },
    close: () => pglite.close(),
  };
  return handle;
}

/**
 * Runs raw SQL and returns its rows. postgres.js answers with an array, PGlite with
 * `{ rows }`; callers should not have to know which database they are on.
 */
export async function queryRows<T extends Record<string, unknown>>(
  db: Database,
  query: SQL,
): Promise<T[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as T[];
  return (result as { rows: T[] }).rows;
}
