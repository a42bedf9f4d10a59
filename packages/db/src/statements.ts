// Statements issued straight to postgres.js, for the hottest paths: fixed SQL text built once
// (by Drizzle's builders, or written out and checked against them in a test) instead of by the
// builders on every call. They go to the database's or the transaction's postgres.js
// connection, which prepares them by name and pipelines them (postgres-client.ts); values are
// encoded and returned rows decoded by the schema's own columns, and a refusal is wrapped as
// Drizzle wraps it, so callers see exactly what Drizzle's `execute` gave them. On PGlite
// (there is no postgres.js client) Drizzle's own statements run instead.
import { Column, fillPlaceholders, is, type Logger, type SQLWrapper } from "drizzle-orm";
import { DrizzleQueryError } from "drizzle-orm/errors";
import { PgTimestamp } from "drizzle-orm/pg-core";
import type { Database } from "./handle";

interface PendingQuery extends Promise<unknown> {
  values(): Promise<unknown[][]>;
}

/** What a hot path needs of a postgres.js connection. */
export interface StatementClient {
  unsafe(text: string, params: unknown[]): PendingQuery;
}

/**
 * The postgres.js connection under a Drizzle database or transaction (in a transaction: its
 * reserved, pipelining connection), or null on PGlite.
 */
export function statementClientOf(db: Database): StatementClient | null {
  const client = (db._.session as unknown as { client?: unknown }).client;
  return typeof client === "function" &&
    typeof (client as { unsafe?: unknown }).unsafe === "function"
    ? (client as unknown as StatementClient)
    : null;
}

/** A value as Drizzle sends it for this column (null stays null). */
export function encode(column: Column, value: unknown): unknown {
  return value === null || value === undefined ? null : column.mapToDriverValue(value);
}

/**
 * Issues a statement at once (so statements go to PostgreSQL in the order they are issued);
 * a refusal arrives wrapped as Drizzle wraps it (`cause` is the driver's error).
 */
export function issueStatement(
  client: StatementClient,
  text: string,
  params: unknown[],
): Promise<unknown> {
  // The query's own `catch` starts it and answers with a plain promise: no wrapper around it.
  return client.unsafe(text, params).catch((error: unknown) => {
    throw new DrizzleQueryError(text, params, error as Error);
  });
}

/** `issueStatement` for a statement that returns rows: each as postgres.js's array of values. */
export function issueRows(client: StatementClient, text: string, params: unknown[]) {
  return client
    .unsafe(text, params)
    .values()
    .catch((error: unknown) => {
      throw new DrizzleQueryError(text, params, error as Error);
    });
}

/** How a selected value is read from what the driver returns. */
export interface Decoder {
  mapFromDriverValue(value: unknown): unknown;
}

/**
 * The instants of the timestamptz texts decoded lately: the same instants come back on every
 * read of the same rows (a calendar refreshed, slot boundaries shared by many appointments,
 * the same session on every request), and reading one from here skips parsing the text.
 * Bounded: emptied at `instantsLimit`.
 */
const instants = new Map<string, number>();
const instantsLimit = 16_384;

/**
 * The column's decoder, remembering what its texts parse to if it is a `timestamp with time
 * zone` (whose text names its offset, so the same text is always the same instant); each row
 * still gets a Date of its own.
 */
export function instantsRemembered(column: Column): Decoder {
  if (!is(column, PgTimestamp) || !column.withTimezone) return column;
  return {
    mapFromDriverValue(value: unknown) {
      if (typeof value !== "string") return column.mapFromDriverValue(value as Date);
      let time = instants.get(value);
      if (time === undefined) {
        time = column.mapFromDriverValue(value).getTime();
        if (instants.size >= instantsLimit) instants.clear();
        instants.set(value, time);
      }
      return new Date(time);
    },
  };
}

/** Rows as `issueRows` answers them, decoded by these columns as Drizzle maps a row. */
export function decodeRows<T>(
  rows: readonly unknown[][],
  columns: readonly (readonly [string, Column])[],
): T[] {
  const decoders = columns.map(([key, column]) => [key, instantsRemembered(column)] as const);
  return rows.map((values) => {
    const out: Record<string, unknown> = {};
    decoders.forEach(([key, decoder], i) => {
      const value = values[i];
      out[key] = value === null || value === undefined ? null : decoder.mapFromDriverValue(value);
    });
    return out as T;
  });
}

/** One selected field of a prepared select, in the order its values come in each row. */
export interface SelectedField {
  path: string[];
  field: unknown;
}

/** The decoder of a selected field: a column's own (instants remembered) or an expression's. */
export function fieldDecoder({ field }: SelectedField): Decoder {
  return is(field, Column) ? instantsRemembered(field) : (field as { decoder: Decoder }).decoder;
}

/**
 * What a prepared select keeps of its fields and how its rows are mapped (drizzle-orm 0.45,
 * the same in its postgres.js and PGlite sessions: with a `customResultMapper`, `execute`
 * hands it the rows as arrays of driver values and answers what it returns).
 */
interface PreparedInternals {
  fields: SelectedField[];
  customResultMapper?: (rows: unknown[][]) => unknown;
  execute(values: Record<string, unknown>): Promise<unknown>;
}

/** A select built with placeholders (`sql.placeholder`), before it is prepared. */
export interface PreparableSelect extends SQLWrapper {
  prepare(name: string): unknown;
  toSQL(): { sql: string; params: unknown[] };
}

/**
 * A select built once, run by its placeholders' values, its rows (arrays of driver values, in
 * the fields' order) mapped by `mapRows` straight into what callers want, in place of Drizzle's
 * generic per-row mapping. On PostgreSQL the same text and parameters Drizzle's `execute`
 * would send go straight to postgres.js, without its per-call wrapping (tracing span, cache
 * lookup, result dispatch), logged as Drizzle logs them; PGlite runs Drizzle's prepared
 * statement with the same mapping.
 */
export function preparedSelect<Result>(
  db: Database,
  query: PreparableSelect,
  name: string,
  mapRows: (fields: SelectedField[]) => (rows: unknown[][]) => Result,
): (values: Record<string, unknown>) => Promise<Result> {
  const statement = query.prepare(name) as PreparedInternals;
  const map = mapRows(statement.fields);
  statement.customResultMapper = map;
  const client = statementClientOf(db);
  if (!client) return async (values) => (await statement.execute(values)) as Result;
  const { sql: text, params } = query.toSQL();
  const logger = (db._.session as unknown as { logger?: Logger }).logger;
  return async (values) => {
    const filled = fillPlaceholders(params, values);
    logger?.logQuery(text, filled);
    return map(await issueRows(client, text, filled));
  };
}
