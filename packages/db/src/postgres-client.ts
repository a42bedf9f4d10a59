// The postgres.js client drizzle is given: named prepared statements and pipelined
// transactions. Both exist to save round trips on the hot paths (every request validates a
// session; every change is a transaction with its audit row).
import type postgres from "postgres";

type Scope<T> = (sql: postgres.Sql) => T | Promise<T>;
type Unsafe = postgres.Sql["unsafe"];

/**
 * Drizzle runs every query as an unnamed statement (`prepare: false`), and for an unnamed
 * statement with parameters postgres.js first waits for PostgreSQL to describe it: two round
 * trips per query, no pipelining, and a fresh parse and plan on every execution. Here each
 * connection keeps named statements instead (postgres.js's own default): after its first use
 * on a connection a statement costs one Bind/Execute, and statements issued together go out in
 * one write.
 *
 * Every query text the app builds is fixed by its code path (lists vary only in length, up to
 * their validated maximum), so the statements a connection keeps stay bounded, and postgres.js
 * renews connections after `max_lifetime`. Not for PgBouncer in transaction mode before 1.21,
 * which cannot carry named statements.
 *
 * Transactions (drizzle calls `begin(fn)`) are pipelined: see `pipelinedTransaction`.
 */
export function preparingClient(pool: postgres.Sql): postgres.Sql {
  // Made once: drizzle reads `unsafe` for every query.
  const unsafe = preparedUnsafe(pool);
  const begin = <T>(...args: unknown[]) =>
    args.length === 1
      ? pipelinedTransaction(pool, args[0] as Scope<T>)
      : (pool.begin as (...a: unknown[]) => Promise<T>)(...args);
  return new Proxy(pool, {
    get(target, key, receiver) {
      if (key === "unsafe") return unsafe;
      if (key === "begin") return begin;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

/** postgres.js copies a query's options, so one object serves every query that sets none. */
const prepareOnly = { prepare: true } as const;

function preparedUnsafe(sql: postgres.Sql, onError?: (error: unknown) => void): Unsafe {
  return ((query: string, params?: never[], options?: postgres.UnsafeQueryOptions) => {
    const pending = sql.unsafe(
      query,
      params,
      options ? { ...options, prepare: true } : prepareOnly,
    );
    // Catching starts the query after a microtask, as awaiting it would; drizzle still
    // receives the query itself (and may set `.values()` on it before it starts).
    if (onError) pending.catch(onError);
    return pending;
  }) as Unsafe;
}

/**
 * A connection that is gone: postgres.js's own errors for it, or a FATAL one from PostgreSQL,
 * after which the server always closes the connection (an administrator's shutdown, say).
 */
function connectionLost(error: unknown): boolean {
  // drizzle wraps the driver's error as its `cause`.
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    const { code, severity, cause } = e as { code?: unknown; severity?: unknown; cause?: unknown };
    if (typeof code === "string" && code.startsWith("CONNECTION_")) return true;
    if (severity === "FATAL" || severity === "PANIC") return true;
    e = cause;
  }
  return false;
}

/**
 * A transaction on a reserved connection whose BEGIN is not waited for: it goes to PostgreSQL
 * in the same write as the first statements (postgres.js's own `begin` spends a round trip on
 * it). PostgreSQL still runs everything in order; should any statement fail, the rest of the
 * pipeline fails with it and COMMIT answers ROLLBACK, so nothing is kept, and the first error
 * is what the caller sees, even from a statement the scope did not wait for.
 *
 * When the connection is lost mid-way it is neither rolled back nor released: postgres.js has
 * already moved it to its closed connections and reconnects it for a later query. Releasing it
 * would put the dead connection back in the pool, and the next write to it throws outside any
 * promise and stops the process (porsager/postgres#1199, open in 3.4.9; its own `begin` does
 * the same with its rollback).
 */
async function pipelinedTransaction<T>(pool: postgres.Sql, scope: Scope<T>): Promise<T> {
  const conn = await pool.reserve();
  let firstError: unknown;
  const noteError = (error: unknown) => {
    firstError ??= error;
  };
  let savepoints = 0;
  const scoped = (sql: postgres.ReservedSql): postgres.Sql => {
    // Made once per transaction: every statement reads `unsafe`.
    const unsafe = preparedUnsafe(sql, noteError);
    return new Proxy(sql, {
      get(target, key, receiver) {
        if (key === "unsafe") return unsafe;
        // drizzle's nested transactions (`tx.transaction`).
        if (key === "savepoint") return savepoint;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
  };
  const tx = scoped(conn);
  async function savepoint<S>(inner: Scope<S>): Promise<S> {
    const name = `s${savepoints++}`;
    const errorBefore = firstError;
    await tx.unsafe(`savepoint ${name}`);
    try {
      const result = await inner(tx);
      await tx.unsafe(`release savepoint ${name}`);
      return result;
    } catch (error) {
      if (connectionLost(error) || connectionLost(firstError)) throw error;
      await tx.unsafe(`rollback to savepoint ${name}`);
      // Undone with the savepoint: not the reason should the transaction fail later.
      firstError = errorBefore;
      throw error;
    }
  }

  let lost = false;
  try {
    void tx.unsafe("begin").execute();
    const result = await scope(tx);
    const ended = await tx.unsafe("commit");
    if (ended.command !== "COMMIT") {
      // The statement that failed first is the reason (postgres.js always rejects with Errors).
      throw firstError instanceof Error
        ? firstError
        : new Error(`PostgreSQL ended the transaction with ${ended.command}`);
    }
    return result;
  } catch (error) {
    lost = connectionLost(error) || connectionLost(firstError);
    // Harmless when the transaction already ended (PostgreSQL only warns).
    if (!lost) await conn.unsafe("rollback").catch(() => undefined);
    throw error;
  } finally {
    if (!lost) conn.release();
  }
}
