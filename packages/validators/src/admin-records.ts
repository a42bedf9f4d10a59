// The operators' record browser (the admin app's "Records"): a list, a record, its history, an
// edit and a bulk action over any table of the schema. Table and column names are checked by the
// api against the allow-list it derives from the schema; here they only have to look like names.
import { z } from "zod";
import { Code, Cursor, Id, PageLimit, SearchText, SingleLine } from "./common";

/** A table as the database names it ("service", "practitioner_certificate"). */
export const RecordTable = Code(/^[a-z][a-z0-9_]{0,62}$/, "Not a table", 63);

/** A column as the api names it (the schema's own key, e.g. "priceMinor"). */
export const RecordColumn = Code(/^[A-Za-z][A-Za-z0-9_]{0,62}$/, "Not a column", 63);

/**
 * A record's key: its primary key's value (a uuid, a session id, a hash), or for a key of
 * several columns the opaque value the api handed out.
 */
export const RecordKey = Code(/^[A-Za-z0-9_-]{1,400}$/, "Not a record id", 400);

export const recordFilterOps = ["eq", "contains", "isNull", "notNull", "gt", "lt"] as const;
export type RecordFilterOp = (typeof recordFilterOps)[number];

export const RecordFilter = z.object({
  column: RecordColumn,
  op: z.enum(recordFilterOps, "Choose how to compare"),
  /** What to compare with (ignored by isNull and notNull). */
  value: SingleLine(200).optional(),
});
export type RecordFilter = z.infer<typeof RecordFilter>;

export const AdminRecordListInput = z.object({
  table: RecordTable,
  search: SearchText.optional(),
  filters: z.array(RecordFilter).max(10, "Use at most 10 filters").optional(),
  sort: z
    .object({
      column: RecordColumn,
      dir: z.enum(["asc", "desc"], "Choose a direction").default("asc"),
    })
    .optional(),
  cursor: Cursor.optional(),
  limit: PageLimit.default(25),
});
export type AdminRecordListInput = z.infer<typeof AdminRecordListInput>;

export const AdminRecordGetInput = z.object({ table: RecordTable, id: RecordKey });
export type AdminRecordGetInput = z.infer<typeof AdminRecordGetInput>;

/**
 * The fields to change, by column. Checked by the api with the product's own form schema for
 * that table, so this only says it is an object.
 */
export const RecordValues = z.looseObject({});

export const AdminRecordUpdateInput = z.object({
  table: RecordTable,
  id: RecordKey,
  values: RecordValues,
});
export type AdminRecordUpdateInput = z.infer<typeof AdminRecordUpdateInput>;

/** What a bulk action does; which tables offer which is the api's registry. */
export const recordBulkActions = [
  "deactivate",
  "activate",
  "publish",
  "hide",
  "archive",
  "restore",
] as const;
export type RecordBulkAction = (typeof recordBulkActions)[number];

export const AdminRecordBulkInput = z.object({
  table: RecordTable,
  ids: z
    .array(Id, "Choose records")
    .min(1, "Choose at least one record")
    .max(100, "Choose at most 100 records"),
  action: z.enum(recordBulkActions, "Choose an action"),
});
export type AdminRecordBulkInput = z.infer<typeof AdminRecordBulkInput>;

export const AdminRecordHistoryInput = z.object({
  table: RecordTable,
  id: RecordKey,
  cursor: Cursor.optional(),
  limit: PageLimit.default(25),
});
export type AdminRecordHistoryInput = z.infer<typeof AdminRecordHistoryInput>;
