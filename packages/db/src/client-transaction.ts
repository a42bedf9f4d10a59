// Transactions without Drizzle's per-transaction set-up. Drizzle's postgres.js session makes
// every `db.transaction` a full `PgDatabase`, whose constructor builds a relational query helper
// (`tx.query.<table>`) for each of the schema's tables: about seventy objects per transaction,
// for helpers the app never calls inside one (the booking profile showed it among the top
// costs of a booking). Here a transaction is the same `PostgresJsTransaction` over the same
// session and connection, but its helpers are built on the first read of `tx.query`, so a
// transaction that never reads them (all of them, today) never pays for them.
import type { PgDialect } from "drizzle-orm/pg-core";
import { PgDatabase, type PgTransactionConfig } from "drizzle-orm/pg-core";
import { PostgresJsSession, PostgresJsTransaction } from "drizzle-orm/postgres-js";
import type { Database } from "./handle";

/** What Drizzle keeps of the schema for relational queries (`PgDatabase`'s third argument). */
interface RelationalSchema {
  fullSchema: Record<string, unknown>;
  schema: Record<string, unknown>;
  tableNamesMap: Record<string, string>;
}

/** Drizzle's internals this module relies on (checked in `useLightTransactions`). */
interface SessionInternals {
  client: { begin: (scope: (client: unknown) => Promise<unknown>) => Promise<unknown> };
  dialect: PgDialect;
  schema: RelationalSchema | undefined;
  options: Record<string, unknown>;
}

type AnyTransaction = PostgresJsTransaction<Record<string, unknown>, never>;
type Scope = (tx: AnyTransaction) => Promise<unknown>;

/** `tx.query`'s helpers, built as a plain database over the same session would build them. */
function relationalHelpers(dialect: PgDialect, session: unknown, relational: RelationalSchema) {
  const built = new PgDatabase(dialect, session as never, relational as never) as unknown as {
    query: unknown;
  };
  return built.query;
}

/**
 * A `PostgresJsTransaction` whose relational helpers wait for their first use. Everything
 * else (builders, `execute`, nested transactions as savepoints, `_.session.client`) is
 * Drizzle's own.
 */
function lightTransaction(
  dialect: PgDialect,
  session: unknown,
  relational: RelationalSchema | undefined,
  nestedIndex = 0,
): AnyTransaction {
  // Without a schema the constructor builds no helpers; the schema is set right after.
  const tx = new PostgresJsTransaction(dialect, session as never, undefined, nestedIndex);
  if (!relational) return tx as unknown as AnyTransaction;
  const internals = tx as unknown as {
    schema: unknown;
    _: Record<string, unknown>;
    transaction: (scope: Scope) => Promise<unknown>;
  };
  internals.schema = relational;
  internals._ = {
    schema: relational.schema,
    fullSchema: relational.fullSchema,
    tableNamesMap: relational.tableNamesMap,
    session,
  };
  Object.defineProperty(tx, "query", {
    configurable: true,
    enumerable: true,
    get() {
      const query = relationalHelpers(dialect, session, relational);
      Object.defineProperty(tx, "query", { value: query, enumerable: true, writable: true });
      return query;
    },
  });
  // Savepoints: as Drizzle's own `transaction` on a transaction, with a light one inside.
  internals.transaction = (scope: Scope) => {
    const own = (tx as unknown as { session: SessionInternals & { client: SavepointClient } })
      .session;
    return own.client.savepoint((client) =>
      scope(
        lightTransaction(
          dialect,
          new PostgresJsSession(client as never, dialect, relational as never, own.options),
          relational,
          nestedIndex + 1,
        ),
      ),
    );
  };
  return tx as unknown as AnyTransaction;
}

interface SavepointClient {
  savepoint: (scope: (client: unknown) => Promise<unknown>) => Promise<unknown>;
}

/**
 * Makes `db.transaction` (on postgres.js) hand out light transactions. The same statements
 * go to PostgreSQL in the same order; only the JavaScript objects made per transaction differ.
 */
export function useLightTransactions(db: Database): void {
  const session = (db as unknown as { session: unknown }).session;
  if (!(session instanceof PostgresJsSession)) return;
  const internals = session as unknown as SessionInternals & {
    transaction: (scope: Scope, config?: PgTransactionConfig) => Promise<unknown>;
  };
  if (typeof internals.client.begin !== "function" || !internals.dialect) return;
  const { dialect, schema: relational, options } = internals;
  internals.transaction = (scope, config) =>
    internals.client.begin((client) => {
      const txSession = new PostgresJsSession(
        client as never,
        dialect,
        relational as never,
        options,
      );
      const tx = lightTransaction(dialect, txSession, relational);
      // The scope's own promise, not one more around it (a transaction's config is rare).
      return config ? tx.setTransaction(config).then(() => scope(tx)) : scope(tx);
    });
}
