// The operators' record browser (Django-admin class): every table of the schema listed, searched,
// filtered, sorted and paged; one record with the records it points at and those pointing at it;
// edits through the product's own schemas and services; bulk switches; the audit history of a
// record. Tables and columns come from the schema (admin-records-schema.ts), never from a
// client's string; secret columns never leave.
import { organizationProfileColumns } from "@caredesk/auth";
import { queryRows, schema, type Database } from "@caredesk/db";
import {
  Id,
  LocalDate,
  type AdminRecordBulkInput,
  type AdminRecordGetInput,
  type AdminRecordHistoryInput,
  type AdminRecordListInput,
  type AdminRecordUpdateInput,
  type RecordFilter,
} from "@caredesk/validators";
import {
  and,
  asc,
  desc,
  eq,
  gt,
  inArray,
  isNotNull,
  isNull,
  lt,
  or,
  sql,
  type SQL,
} from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { ZodError } from "zod";
import type { Mutate } from "../audit";
import { FieldError, notFound, type FieldErrors } from "../errors";
import type { OrgScope, RequestScope } from "../scope";
import {
  columnNamed,
  labelColumns,
  recordTables,
  tableNamed,
  visibleColumns,
  withoutSecrets,
  type ColumnInfo,
  type TableInfo,
} from "./admin-records-schema";
import { bulkActions, editableKeys, editableTables, lockedKeys } from "./admin-records-registry";
import { decodeCursor, encodeCursor, likePattern, olderThanCursor, toPage } from "./pagination";

const { auditLog, user, organization } = schema;

type Row = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Tables

/** A column as the browser shows it: what the schema says of it, less its secrecy. */
export interface RecordColumnView extends Omit<ColumnInfo, "secret" | "column"> {
  /** Where a foreign key of this column points (the first one naming it). */
  references: string | null;
}

export interface RecordTableView {
  name: string;
  label: string;
  /** The first word of the name: tables of one domain sit together ("stock", "plan"). */
  group: string;
  columns: RecordColumnView[];
  /** Left out of every answer: how many secret columns the table has. */
  hiddenColumns: number;
  /** Rows, as PostgreSQL estimates them (null before it has looked). */
  rowEstimate: number | null;
  /** Whether a record can be opened (the table has a primary key). */
  addressable: boolean;
  editable: boolean;
  editableColumns: string[];
  lockedColumns: string[];
  bulkActions: string[];
}

const labelOf = (name: string) => {
  const words = name.replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
};

function tableView(info: TableInfo, estimate: number | null): RecordTableView {
  const visible = visibleColumns(info);
  const entry = editableTables[info.name];
  const keys = visible.map((c) => c.key);
  return {
    name: info.name,
    label: labelOf(info.name),
    group: info.name.split("_")[0] ?? info.name,
    columns: visible.map((c) => ({
      key: c.key,
      name: c.name,
      kind: c.kind,
      nullable: c.nullable,
      enumValues: c.enumValues,
      primaryKey: c.primaryKey,
      // The single-column key this column is, else the tenant-scoped one it ends.
      references:
        info.foreignKeys.find((fk) => fk.columns.at(-1) === c.key && c.key !== "organizationId")
          ?.table ??
        info.foreignKeys.find((fk) => fk.columns.length === 1 && fk.columns[0] === c.key)?.table ??
        null,
    })),
    hiddenColumns: info.columns.length - visible.length,
    rowEstimate: estimate,
    addressable: info.primaryKey.length > 0,
    editable: Boolean(entry),
    editableColumns: entry ? editableKeys(entry, keys) : [],
    lockedColumns: lockedKeys[info.name] ?? [],
    bulkActions: Object.keys(bulkActions[info.name] ?? {}),
  };
}

async function rowEstimates(db: Database): Promise<Map<string, number>> {
  const rows = await queryRows<{ name: string; estimate: number | string }>(
    db,
    sql`select c.relname as name,
          greatest(c.reltuples, coalesce(s.n_live_tup, 0), 0)::bigint as estimate
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        left join pg_stat_user_tables s on s.relid = c.oid
        where n.nspname = 'public' and c.relkind in ('r', 'p')`,
  );
  return new Map(rows.map((r) => [r.name, Number(r.estimate)]));
}

/** Every table of the schema, with its columns (secrets left out) and what can be done. */
export async function listRecordTables(db: Database): Promise<RecordTableView[]> {
  const estimates = await rowEstimates(db);
  return [...recordTables().values()].map((info) =>
    tableView(info, estimates.get(info.name) ?? null),
  );
}

// ---------------------------------------------------------------------------------------------
// Keys and values

/** The key a client gets for a row: the primary key's value, or the opaque key of several. */
function keyOf(info: TableInfo, row: Row): string | null {
  if (info.primaryKey.length === 0) return null;
  if (info.primaryKey.length === 1) return String(row[info.primaryKey[0] ?? ""]);
  return encodeCursor(info.primaryKey.map((key) => String(row[key])));
}

function pkColumns(info: TableInfo): ColumnInfo[] {
  return info.primaryKey.map((key) => {
    const column = info.columns.find((c) => c.key === key);
    if (!column) throw new Error(`${info.name} has no column ${key}`);
    return column;
  });
}

/** The condition for the row a key names; a key that cannot name one is not found. */
function whereKey(info: TableInfo, id: string): SQL {
  const columns = pkColumns(info);
  if (columns.length === 0) throw notFound("Records of this table cannot be opened");
  let values: unknown[];
  if (columns.length === 1) {
    values = [id];
  } else {
    const decoded = decodeCursor(id);
    if (!decoded || decoded.length !== columns.length) throw notFound("Record not found");
    values = decoded;
  }
  const parts = columns.map((column, i) => {
    const value = values[i];
    if (typeof value !== "string") throw notFound("Record not found");
    if (column.kind === "uuid" && !Id.safeParse(value).success) throw notFound("Record not found");
    if (column.kind === "enum" && !column.enumValues?.includes(value)) {
      throw notFound("Record not found");
    }
    if (column.kind === "date" && !LocalDate.safeParse(value).success) {
      throw notFound("Record not found");
    }
    return eq(column.column, value);
  });
  return and(...parts) ?? sql`false`;
}

function selection(columns: ColumnInfo[]): Record<string, PgColumn> {
  return Object.fromEntries(columns.map((c) => [c.key, c.column]));
}

/** A filter's value as the column's type, or BAD_REQUEST on the filter's value. */
function filterValue(column: ColumnInfo, raw: string | undefined, field: string): unknown {
  const refuse = (message: string): never => {
    throw new FieldError("BAD_REQUEST", { [field]: [message] });
  };
  if (raw === undefined) return refuse("Enter a value");
  switch (column.kind) {
    case "text":
      return raw;
    case "uuid":
      return Id.safeParse(raw).success ? raw : refuse("Not a valid id");
    case "integer": {
      const value = Number(raw);
      return Number.isSafeInteger(value) && /^-?\d+$/.test(raw)
        ? value
        : refuse("Use a whole number");
    }
    case "number": {
      const value = Number(raw);
      return raw !== "" && Number.isFinite(value) && Math.abs(value) < 1e15
        ? value
        : refuse("Use a number");
    }
    case "boolean":
      return raw === "true" ? true : raw === "false" ? false : refuse("Use true or false");
    case "timestamp": {
      const value = new Date(/^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T00:00:00Z` : raw);
      const time = value.getTime();
      return time >= Date.UTC(1900, 0, 1) && time < Date.UTC(2200, 0, 1)
        ? value
        : refuse("Use a date like 2026-03-31");
    }
    case "date":
      return LocalDate.safeParse(raw).success ? raw : refuse("Use a date like 2026-03-31");
    case "time":
      return /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/.test(raw)
        ? raw
        : refuse("Use a time like 09:30");
    case "enum":
      return column.enumValues?.includes(raw) ? raw : refuse("Not one of this column's values");
    default:
      return refuse("This column can only be filtered by whether it is empty");
  }
}

function filterCondition(info: TableInfo, filter: RecordFilter, index: number): SQL {
  const column = columnNamed(info, filter.column, `filters.${index}.column`);
  const field = `filters.${index}.value`;
  switch (filter.op) {
    case "isNull":
      return isNull(column.column);
    case "notNull":
      return isNotNull(column.column);
    case "contains": {
      if (["json", "array", "other"].includes(column.kind)) {
        throw new FieldError("BAD_REQUEST", { [field]: ["This column cannot be searched"] });
      }
      if (!filter.value) throw new FieldError("BAD_REQUEST", { [field]: ["Enter a value"] });
      return sql`${column.column}::text ilike ${likePattern(filter.value)}`;
    }
    case "eq":
      return eq(column.column, filterValue(column, filter.value, field));
    case "gt":
    case "lt": {
      if (["boolean", "uuid", "enum"].includes(column.kind)) {
        throw new FieldError("BAD_REQUEST", { [field]: ["This column has no order to compare"] });
      }
      const value = filterValue(column, filter.value, field);
      return filter.op === "gt" ? gt(column.column, value) : lt(column.column, value);
    }
  }
}

/**
 * A row with secret keys taken out of its JSON values: a provider's event or a payment's
 * answer can carry a client secret inside an otherwise ordinary column.
 */
function scrubbed(columns: ColumnInfo[], row: Row): Row {
  const out: Row = { ...row };
  for (const column of columns) {
    if (column.kind === "json") out[column.key] = withoutSecrets(row[column.key]);
  }
  return out;
}

const sortable = (column: ColumnInfo) => !["json", "array", "other"].includes(column.kind);

// ---------------------------------------------------------------------------------------------
// Lists

export interface RecordItem {
  /** The record's key for get, update and history; null when the table has no primary key. */
  id: string | null;
  values: Row;
}

/** Far enough for any list an operator pages through; further is a forged cursor. */
const maxOffset = 1_000_000;

export async function listRecords(
  db: Database,
  input: AdminRecordListInput,
): Promise<{ items: RecordItem[]; nextCursor: string | null }> {
  const info = tableNamed(input.table);
  const visible = visibleColumns(info);
  const conditions: SQL[] = [];
  if (input.search) {
    const pattern = likePattern(input.search);
    const matches: SQL[] = visible
      .filter((c) => c.kind === "text")
      .map((c) => sql`${c.column} ilike ${pattern}`);
    // An id pasted into the search finds its row and the rows naming it.
    if (Id.safeParse(input.search).success) {
      for (const c of visible.filter((c) => c.kind === "uuid")) {
        matches.push(eq(c.column, input.search));
      }
    }
    conditions.push(matches.length > 0 ? (or(...matches) ?? sql`false`) : sql`false`);
  }
  input.filters?.forEach((filter, i) => conditions.push(filterCondition(info, filter, i)));

  const order: SQL[] = [];
  if (input.sort) {
    const column = columnNamed(info, input.sort.column, "sort.column");
    if (!sortable(column)) {
      throw new FieldError("BAD_REQUEST", { "sort.column": ["This column cannot be sorted"] });
    }
    order.push(
      input.sort.dir === "desc"
        ? sql`${column.column} desc nulls last`
        : sql`${column.column} asc nulls last`,
    );
  } else {
    const created = visible.find((c) => c.key === "createdAt");
    if (created) order.push(desc(created.column));
  }
  // The primary key (else every column) keeps the order total, so pages never overlap.
  const tieBreak = pkColumns(info).length > 0 ? pkColumns(info) : visible.filter(sortable);
  order.push(...tieBreak.map((c) => asc(c.column)));

  const cursor = decodeCursor(input.cursor);
  let offset = 0;
  if (cursor) {
    const [value] = cursor;
    if (cursor.length !== 1 || typeof value !== "number" || value > maxOffset) {
      throw new FieldError("BAD_REQUEST", { cursor: ["Invalid cursor"] });
    }
    offset = value;
  }

  const rows = await db
    .select(selection(visible))
    .from(info.table)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(...order)
    .limit(input.limit + 1)
    .offset(offset);
  const items = rows
    .slice(0, input.limit)
    .map((row) => ({ id: keyOf(info, row), values: scrubbed(visible, row) }));
  return {
    items,
    nextCursor: rows.length > input.limit ? encodeCursor([offset + input.limit]) : null,
  };
}

// ---------------------------------------------------------------------------------------------
// One record and its relations

async function findRow(db: Database, info: TableInfo, id: string): Promise<Row> {
  const visible = visibleColumns(info);
  const [row] = await db
    .select(selection(visible))
    .from(info.table)
    .where(whereKey(info, id))
    .limit(1);
  if (!row) throw notFound("Record not found");
  return scrubbed(visible, row);
}

export interface RelatedRecord {
  id: string | null;
  label: string;
}

export interface Relation {
  table: string;
  /** The columns that hold the reference, on the side that holds it. */
  columns: string[];
  count: number;
  items: RelatedRecord[];
}

function rowLabel(info: TableInfo, row: Row, id: string | null): string {
  const parts = labelColumns(info)
    .map((c) => row[`label_${c.key}`])
    .filter((v) => v !== null && v !== undefined && v !== "")
    .map((v) =>
      v instanceof Date ? `${v.toISOString().slice(0, 16).replace("T", " ")} UTC` : String(v),
    );
  return parts.length > 0 ? parts.join(" ") : (id ?? "");
}

function labelSelection(info: TableInfo): Record<string, PgColumn> {
  return {
    ...Object.fromEntries(pkColumns(info).map((c) => [c.key, c.column])),
    ...Object.fromEntries(labelColumns(info).map((c) => [`label_${c.key}`, c.column])),
  };
}

const relatedLimit = 20;

/** The row, the records it points at, and the records pointing at it (20 each, with counts). */
export async function getRecord(db: Database, input: AdminRecordGetInput) {
  const info = tableNamed(input.table);
  const row = await findRow(db, info, input.id);
  const tables = recordTables();

  const references: Relation[] = [];
  for (const fk of info.foreignKeys) {
    const target = tables.get(fk.table);
    if (!target) continue;
    const values = fk.columns.map((key) => row[key]);
    if (values.some((v) => v === null || v === undefined)) continue;
    const conditions = fk.foreignColumns.map((key, i) => {
      const column = target.columns.find((c) => c.key === key);
      return column ? eq(column.column, values[i]) : sql`false`;
    });
    const found = await db
      .select(labelSelection(target))
      .from(target.table)
      .where(and(...conditions))
      .limit(1);
    references.push({
      table: target.name,
      columns: fk.columns,
      count: found.length,
      items: found.map((r) => ({
        id: keyOf(target, r),
        label: rowLabel(target, r, keyOf(target, r)),
      })),
    });
  }

  // Every foreign key of every table that points at this one, by the values it points at.
  const incoming: { source: TableInfo; fk: TableInfo["foreignKeys"][number] }[] = [];
  for (const source of tables.values()) {
    for (const fk of source.foreignKeys) {
      if (fk.table !== info.name) continue;
      if (fk.foreignColumns.some((key) => row[key] === undefined || row[key] === null)) continue;
      incoming.push({ source, fk });
    }
  }
  const referencedBy = await Promise.all(
    incoming.map(async ({ source, fk }): Promise<Relation> => {
      const conditions = fk.columns.map((key, i) => {
        const column = source.columns.find((c) => c.key === key);
        return column ? eq(column.column, row[fk.foreignColumns[i] ?? ""]) : sql`false`;
      });
      const created = source.columns.find((c) => c.key === "createdAt");
      const rows = await db
        .select({ ...labelSelection(source), total: sql<number>`count(*) over ()`.mapWith(Number) })
        .from(source.table)
        .where(and(...conditions))
        .orderBy(...(created ? [desc(created.column)] : []))
        .limit(relatedLimit);
      return {
        table: source.name,
        columns: fk.columns,
        count: rows[0]?.total ?? 0,
        items: rows.map((r) => ({
          id: keyOf(source, r),
          label: rowLabel(source, r, keyOf(source, r)),
        })),
      };
    }),
  );

  return {
    table: info.name,
    id: keyOf(info, row),
    values: row,
    references,
    referencedBy: referencedBy.filter((r) => r.count > 0),
  };
}

// ---------------------------------------------------------------------------------------------
// Editing

type Operator = Pick<RequestScope, "db" | "mutate"> & { user: OrgScope["user"] };

function fieldErrorsOf(error: ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "_form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/** `mutate` whose audit rows name the organization the record belongs to. */
function inOrganization(mutate: Mutate, organizationId: string | null): Mutate {
  if (!organizationId) return mutate;
  return (change) =>
    mutate((tx, audit) => change(tx, (entry) => audit({ organizationId, ...entry })));
}

async function organizationProfile(db: Database, organizationId: string) {
  const [org] = await db
    .select(organizationProfileColumns)
    .from(organization)
    .where(eq(organization.id, organizationId));
  if (!org) throw notFound("Organization not found");
  return org;
}

/**
 * Changes a record with the product's own schema and service for its table: the product's field
 * errors come back as they are, and the product's audit entry (before and after) is written.
 */
export async function updateRecord(ctx: Operator, input: AdminRecordUpdateInput) {
  const info = tableNamed(input.table);
  const entry = editableTables[info.name];
  const editable = entry
    ? editableKeys(
        entry,
        visibleColumns(info).map((c) => c.key),
      )
    : [];
  const locked = lockedKeys[info.name] ?? [];
  const refused: FieldErrors = {};
  for (const key of Object.keys(input.values)) {
    const column = info.columns.find((c) => c.key === key);
    if (!column) refused[key] = ["There is no such column"];
    else if (column.secret) refused[key] = ["Secrets cannot be shown or changed"];
    else if (entry && (!editable.includes(key) || locked.includes(key))) {
      refused[key] = ["This field cannot be changed here"];
    }
  }
  if (Object.keys(refused).length > 0) throw new FieldError("BAD_REQUEST", refused);
  if (!entry) {
    throw new FieldError("BAD_REQUEST", { table: ["Records of this table cannot be edited here"] });
  }

  const row = await findRow(ctx.db, info, input.id);
  const productInput = entry.input(row, input.values);
  const parsed = entry.schema.safeParse(productInput);
  if (!parsed.success) throw new FieldError("BAD_REQUEST", fieldErrorsOf(parsed.error));

  const organizationId =
    info.name === "organization"
      ? String(row.id)
      : typeof row.organizationId === "string"
        ? row.organizationId
        : null;
  const org = organizationId ? await organizationProfile(ctx.db, organizationId) : null;
  await entry.apply(
    { user: ctx.user, org, mutate: inOrganization(ctx.mutate, organizationId) },
    parsed.data,
  );
  return { table: info.name, id: keyOf(info, row), values: await findRow(ctx.db, info, input.id) };
}

/** A bulk switch over chosen records of one table: one transaction and one audit entry. */
export async function bulkRecords(ctx: Operator, input: AdminRecordBulkInput) {
  const info = tableNamed(input.table);
  const write = bulkActions[info.name]?.[input.action];
  if (!write) {
    throw new FieldError("BAD_REQUEST", { action: ["This action is not offered for this table"] });
  }
  const ids = [...new Set(input.ids)];
  const idColumn = info.columns.find((c) => c.key === "id");
  const orgColumn = info.columns.find((c) => c.key === "organizationId");
  if (!idColumn || !orgColumn) throw new Error(`${info.name} offers bulk actions without ids`);
  const before = await ctx.db
    .select(selection(visibleColumns(info)))
    .from(info.table)
    .where(inArray(idColumn.column, ids));
  if (before.length !== ids.length) throw notFound("Some of the chosen records were not found");
  const organizations = new Set(before.map((r) => String(r.organizationId)));
  const [only] = organizations;
  const organizationId = organizations.size === 1 && only ? only : null;

  return ctx.mutate(async (tx, audit) => {
    const changed = await write(tx, ids);
    audit({
      ...(organizationId ? { organizationId } : {}),
      entityType: info.name,
      before: withoutSecrets(before),
      after: { action: input.action, ids, changed: changed.map((r) => r.id) },
    });
    return { action: input.action, requested: ids.length, changed: changed.length };
  });
}

// ---------------------------------------------------------------------------------------------
// History

export interface HistoryChange {
  key: string;
  before: unknown;
  after: unknown;
}

function changesOf(before: unknown, after: unknown): HistoryChange[] {
  const asObject = (v: unknown): Row =>
    v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Row) : {};
  const b = asObject(before);
  const a = asObject(after);
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys
    .filter((key) => JSON.stringify(b[key]) !== JSON.stringify(a[key]))
    .map((key) => ({ key, before: b[key] ?? null, after: a[key] ?? null }));
}

/** The audit entries about a record, newest first: who, what, when, and what changed. */
export async function recordHistory(db: Database, input: AdminRecordHistoryInput) {
  const info = tableNamed(input.table);
  let entityId = input.id;
  const entry = editableTables[info.name];
  if (entry?.entityId) entityId = entry.entityId(await findRow(db, info, input.id));
  const rows = await db
    .select({
      id: auditLog.id,
      createdAt: auditLog.createdAt,
      action: auditLog.action,
      organizationId: auditLog.organizationId,
      actorId: user.id,
      actorName: user.name,
      actorEmail: user.email,
      before: auditLog.before,
      after: auditLog.after,
    })
    .from(auditLog)
    .leftJoin(user, eq(user.id, auditLog.actorUserId))
    .where(
      and(
        eq(auditLog.entityType, info.name),
        or(
          eq(auditLog.entityId, entityId),
          // A bulk action's one entry names every record it changed.
          and(
            isNull(auditLog.entityId),
            sql`${auditLog.after} -> 'ids' @> jsonb_build_array(${entityId}::text)`,
          ),
        ),
        olderThanCursor(decodeCursor(input.cursor), auditLog, auditLog.createdAt, auditLog.id),
      ),
    )
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(input.limit + 1);
  const page = toPage(rows, input.limit, (r) => [r.id]);
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((r) => {
      const before = withoutSecrets(r.before);
      const after = withoutSecrets(r.after);
      return {
        id: r.id,
        createdAt: r.createdAt,
        action: r.action,
        organizationId: r.organizationId,
        actor: r.actorId ? { id: r.actorId, name: r.actorName, email: r.actorEmail } : null,
        before,
        after,
        changes: changesOf(before, after),
      };
    }),
  };
}
