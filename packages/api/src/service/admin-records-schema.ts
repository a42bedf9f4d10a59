// The record browser's map of the database, read from the Drizzle schema itself (not written
// table by table): every table, its columns with their kind, nullability and enum values, its
// primary key and foreign keys. It is also the allow-list: a table or column name from a client
// is looked up here and only the schema's own objects ever reach SQL. Secret columns (password
// and token hashes, sealed provider keys, storage keys) are marked here once, by name.
import { schema } from "@caredesk/db";
import { getTableColumns, is } from "drizzle-orm";
import { toSnakeCase } from "drizzle-orm/casing";
import { getTableConfig, PgTable, type PgColumn } from "drizzle-orm/pg-core";
import { FieldError } from "../errors";

export type ColumnKind =
  | "text"
  | "uuid"
  | "integer"
  | "number"
  | "boolean"
  | "timestamp"
  | "date"
  | "time"
  | "enum"
  | "json"
  | "array"
  | "other";

export interface ColumnInfo {
  /** The schema's key, as the api and its clients name the column ("priceMinor"). */
  key: string;
  /** The database's name ("price_minor"). */
  name: string;
  kind: ColumnKind;
  nullable: boolean;
  enumValues: string[] | null;
  primaryKey: boolean;
  /** Never shown, searched, sorted, filtered or edited. */
  secret: boolean;
  column: PgColumn;
}

export interface ForeignKeyInfo {
  /** The columns of this table, by key. */
  columns: string[];
  /** The table they point at, and its columns, by key. */
  table: string;
  foreignColumns: string[];
}

export interface TableInfo {
  /** The database's name ("practitioner_certificate"). */
  name: string;
  table: PgTable;
  columns: ColumnInfo[];
  /** Keys of the primary key's columns; empty for a table without one. */
  primaryKey: string[];
  foreignKeys: ForeignKeyInfo[];
  /** Whether every column of the table is a secret but its keys (sessions, tokens). */
  secretTable: boolean;
}

/**
 * Columns that hold secrets, by database name, wherever they are: what would let someone sign
 * in, follow a link or call a provider as a practice. Decided one by one over the schema's
 * `hash`, `secret`, `sealed`, `token` and `key` columns; the integrity hashes (content_hash,
 * pdf_sha256, sha256, request_hash) and the public halves (session id, public_key) stay visible.
 */
const secretColumnNames = new Set([
  "password_hash",
  "secret_hash",
  "token_hash",
  "domain_token_hash",
  "sealed_secrets",
  // The email's hash that keys sign-in throttling: a lookup table for who tried to sign in.
  "account_hash",
  // Where a file's bytes are: with it, a file could be fetched without the file routes' checks.
  "storage_key",
  // A browser's push endpoint and its keys: they let anyone message that browser.
  "endpoint",
  "p256dh",
  "auth",
  // A mobile device's FCM token: with our service account, it lets anyone message the phone.
  "token",
  // What a browser needs to finish a platform payment (a provider's client secret).
  "client_data",
  // Emails as the local mailbox keeps them: their links carry sign-in and reset tokens.
  "text",
  "html",
  "headers",
]);

/** Secret names apply to these tables only (a column called `text` elsewhere is ordinary). */
const secretColumnTables: Partial<Record<string, string[]>> = {
  endpoint: ["push_subscription"],
  p256dh: ["push_subscription"],
  auth: ["push_subscription"],
  token: ["mobile_device"],
  text: ["mailbox_message"],
  html: ["mailbox_message"],
  headers: ["mailbox_message"],
};

/** A name pattern that catches secrets added later under another table. */
const secretPattern = /(password|secret|token_hash|sealed)/;

/** Tables that exist to hold secrets: listed, but with their secret columns left out. */
const secretTables = new Set(["session", "action_token", "sign_in_throttle"]);

/** The same test for keys inside JSON (audit rows' before and after use the schema's keys). */
export function isSecretKey(key: string): boolean {
  const name = toSnakeCase(key);
  if (secretPattern.test(name)) return true;
  if (!secretColumnNames.has(name)) return false;
  // Table-bound names (`text`, `auth`) are secrets in JSON only when unambiguous ones.
  return secretColumnTables[name] === undefined;
}

function isSecretColumn(table: string, name: string): boolean {
  if (secretPattern.test(name)) return true;
  if (!secretColumnNames.has(name)) return false;
  const only = secretColumnTables[name];
  return only === undefined || only.includes(table);
}

function kindOf(column: PgColumn): ColumnKind {
  switch (column.columnType) {
    case "PgText":
    case "PgVarchar":
    case "PgChar":
      return column.enumValues && column.enumValues.length > 0 ? "enum" : "text";
    case "PgUUID":
      return "uuid";
    case "PgInteger":
    case "PgSmallInt":
    case "PgBigInt53":
    case "PgSerial":
      return "integer";
    case "PgNumericNumber":
    case "PgNumeric":
    case "PgDoublePrecision":
    case "PgReal":
      return "number";
    case "PgBoolean":
      return "boolean";
    case "PgTimestamp":
    case "PgTimestampString":
      return "timestamp";
    case "PgDate":
    case "PgDateString":
      return "date";
    case "PgTime":
      return "time";
    case "PgEnumColumn":
      return "enum";
    case "PgJson":
    case "PgJsonb":
      return "json";
    case "PgArray":
      return "array";
    default:
      return "other";
  }
}

function build(): Map<string, TableInfo> {
  const tables = (Object.values(schema) as unknown[]).filter((value): value is PgTable =>
    is(value, PgTable),
  );
  const keyOf = new Map<PgColumn, string>();
  const nameOf = new Map<PgTable, string>();
  for (const table of tables) {
    nameOf.set(table, getTableConfig(table).name);
    for (const [key, column] of Object.entries(getTableColumns(table))) keyOf.set(column, key);
  }
  const columnKey = (column: PgColumn) => keyOf.get(column) ?? column.name;

  const out = new Map<string, TableInfo>();
  for (const table of tables) {
    const config = getTableConfig(table);
    const composite = config.primaryKeys[0]?.columns.map(columnKey) ?? [];
    const columns = Object.entries(getTableColumns(table)).map(([key, column]): ColumnInfo => {
      const name = column.keyAsName ? toSnakeCase(key) : column.name;
      const kind = kindOf(column);
      return {
        key,
        name,
        kind,
        nullable: !column.notNull,
        enumValues: kind === "enum" ? [...(column.enumValues ?? [])] : null,
        primaryKey: column.primary || composite.includes(key),
        secret: isSecretColumn(config.name, name),
        column,
      };
    });
    const primaryKey = columns.filter((c) => c.primaryKey).map((c) => c.key);
    const foreignKeys = config.foreignKeys.map((fk): ForeignKeyInfo => {
      const reference = fk.reference();
      return {
        columns: reference.columns.map(columnKey),
        table: nameOf.get(reference.foreignTable) ?? getTableConfig(reference.foreignTable).name,
        foreignColumns: reference.foreignColumns.map(columnKey),
      };
    });
    out.set(config.name, {
      name: config.name,
      table,
      columns,
      primaryKey,
      foreignKeys,
      secretTable: secretTables.has(config.name),
    });
  }
  return new Map([...out.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

let cached: Map<string, TableInfo> | undefined;

/** Every table of the schema, by database name, in name order. */
export function recordTables(): Map<string, TableInfo> {
  cached ??= build();
  return cached;
}

/** The table a client named, or BAD_REQUEST on `table` when the schema has none by that name. */
export function tableNamed(name: string): TableInfo {
  const info = recordTables().get(name);
  if (!info) throw new FieldError("BAD_REQUEST", { table: ["There is no such table"] });
  return info;
}

/** A column a client named (not a secret), or BAD_REQUEST on `field`. */
export function columnNamed(info: TableInfo, key: string, field: string): ColumnInfo {
  const column = info.columns.find((c) => c.key === key);
  if (!column || column.secret) {
    throw new FieldError("BAD_REQUEST", { [field]: ["There is no such column"] });
  }
  return column;
}

/** The columns a client may see. */
export const visibleColumns = (info: TableInfo): ColumnInfo[] =>
  info.columns.filter((c) => !c.secret);

/** Names that make a row recognisable in a list of related records, in preference order. */
const labelKeys = [
  "name",
  "title",
  "email",
  "slug",
  "sku",
  "subject",
  "question",
  "drug",
  "action",
  "startsAt",
  "description",
  "number",
  "kind",
];

/** The columns that label a row ("Amal Saleh", "Consultation"), or none. */
export function labelColumns(info: TableInfo): ColumnInfo[] {
  const visible = visibleColumns(info);
  const first = visible.find((c) => c.key === "firstName");
  const last = visible.find((c) => c.key === "lastName");
  if (first && last) return [first, last];
  for (const key of labelKeys) {
    const column = visible.find((c) => c.key === key);
    if (column) return [column];
  }
  return [];
}

/** Strips secret keys from a JSON value (audit rows' before and after), however deep. */
export function withoutSecrets(value: unknown, depth = 0): unknown {
  if (depth > 20 || value === null || typeof value !== "object") return value;
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((item) => withoutSecrets(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([key]) => !isSecretKey(key))
      .map(([key, item]) => [key, withoutSecrets(item, depth + 1)]),
  );
}
