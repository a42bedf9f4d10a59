// Opaque keyset cursors: the client hands back what it got, we never trust its shape.
import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { cursorValues, Id } from "@caredesk/validators";
import { FieldError } from "../errors";

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

/** The values of a cursor this api handed out; anything else is BAD_REQUEST, never SQL. */
export function decodeCursor(cursor: string | undefined): (string | number)[] | null {
  if (!cursor) return null;
  return cursorValues(cursor) ?? invalidCursor();
}

function invalidCursor(): never {
  throw new FieldError("BAD_REQUEST", { cursor: ["Invalid cursor"] });
}

/** A cursor's id, checked before it reaches SQL: a forged one is BAD_REQUEST, never a 500. */
export function cursorId(value: unknown): string {
  return typeof value === "string" && Id.safeParse(value).success ? value : invalidCursor();
}

/** Fetch `limit + 1` rows, then call this: it trims and says whether more exist. */
export function toPage<T>(
  rows: T[],
  limit: number,
  cursorOf: (row: T) => (string | number)[],
): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null };
}

/** Whether a partial update sets anything at all (`update … set` needs at least one column). */
export function hasChanges(changes: Record<string, unknown>): boolean {
  return Object.values(changes).some((value) => value !== undefined);
}

/** Escapes LIKE metacharacters so user text is matched literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Keyset condition for lists sorted by (lower(name), id): rows strictly after the cursor.
 * Works for any table with a name and a uuid id.
 */
export function afterNameCursor(
  cursor: string | undefined,
  name: AnyColumn,
  id: AnyColumn,
): SQL | undefined {
  const values = decodeCursor(cursor);
  if (!values) return undefined;
  const [lastName, lastId] = values;
  if (typeof lastName !== "string") invalidCursor();
  return sql`(lower(${name}), ${id}) > (${lastName}, ${cursorId(lastId)}::uuid)`;
}

export const byNameOrder = (name: AnyColumn, id: AnyColumn): SQL[] => [
  sql`lower(${name})`,
  sql`${id}`,
];

export const nameCursorOf = (row: { name: string; id: string }) => [row.name.toLowerCase(), row.id];

/**
 * Newest-first keyset: rows before the one whose id the cursor holds. Its timestamp is read in
 * SQL, where it keeps its microseconds (JavaScript dates drop them).
 */
export function olderThanCursor(
  cursor: (string | number)[] | null,
  table: PgTable,
  createdAt: AnyColumn,
  id: AnyColumn,
): SQL | undefined {
  if (!cursor) return undefined;
  const anchor = cursorId(cursor.length === 1 ? cursor[0] : undefined);
  return sql`(${createdAt}, ${id}) < ((select ${createdAt} from ${table} where ${id} = ${anchor}::uuid), ${anchor}::uuid)`;
}
