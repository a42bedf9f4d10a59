// What the rest of the code holds of a database: the Drizzle handle services use, and the
// connection the factory (client.ts) opened. Types only, so that both the factory and what it
// calls (jobs.ts) can name them without importing each other.
import type { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type postgres from "postgres";
import type * as schema from "./schema";

export type Schema = typeof schema;
/**
 * Drizzle's database type for a schema. Generic on purpose: written out for our schema directly,
 * `ExtractTablesWithRelations<Schema>` was checked against its constraint table by table, about a
 * third of this package's cold type check; here it is checked once, generically.
 */
type DatabaseOf<S extends Record<string, unknown>> = PgDatabase<
  PgQueryResultHKT,
  S,
  ExtractTablesWithRelations<S>
>;
/** A database or a transaction on it: services accept either. */
export type Database = DatabaseOf<Schema>;

export interface DbHandle {
  db: Database;
  kind: "postgres" | "pglite";
  /** Present on PGlite only: the embedded instance (used by tests to dump/clone). */
  pglite?: PGlite;
  /** Present on postgres.js only: the raw client (LISTEN/NOTIFY, benchmarks). */
  sql?: postgres.Sql;
  /** Our migrations, then pg-boss's schema and our queues (jobs.ts). */
  migrate: () => Promise<void>;
  close: () => Promise<void>;
}
