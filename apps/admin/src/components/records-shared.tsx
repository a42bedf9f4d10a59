// What the record browser's pages share: the schema-derived table descriptions (one query,
// cached), how a value of each column kind is written, and the link to a record.
import { ApiErrorState, trpc } from "@caredesk/client";
import { EmptyState, LoadingState, useI18n, type MessageKey } from "@caredesk/ui";
import { Link } from "@tanstack/react-router";
import type { ReactNode } from "react";

type Utils = ReturnType<typeof trpc.useUtils>;
export type RecordTable = NonNullable<
  ReturnType<Utils["adminRecords"]["tables"]["getData"]>
>[number];
export type RecordColumn = RecordTable["columns"][number];
export type BulkAction = "deactivate" | "activate" | "publish" | "hide" | "archive" | "restore";

/** Every table's description: asked once, then kept (the schema does not change while open). */
export function useRecordTables() {
  return trpc.adminRecords.tables.useQuery(undefined, { staleTime: 5 * 60_000 });
}

/** The table a record page is about, by name: loading, failure, or "no such table" first. */
export function WithRecordTable({
  name,
  children,
}: {
  name: string;
  children: (table: RecordTable) => ReactNode;
}) {
  const { t } = useI18n();
  const tables = useRecordTables();
  const table = tables.data?.find((candidate) => candidate.name === name);
  if (tables.isPending) return <LoadingState />;
  if (tables.isError) {
    return <ApiErrorState error={tables.error} onRetry={() => void tables.refetch()} />;
  }
  if (!table) {
    return (
      <EmptyState
        titleAs="h1"
        title={t("adminRecords.list.empty")}
        action={<Link to="/records">{t("adminRecords.back")}</Link>}
      />
    );
  }
  return children(table);
}

export const actionLabelKey = (action: string) => `adminRecords.action.${action}` as MessageKey;

/** A value as text, by its column's kind; long text is left to the cell to cut. */
export function useFormatValue() {
  const { t, formatDateTime, formatNumber } = useI18n();
  return (value: unknown, column?: RecordColumn): string => {
    if (value === null || value === undefined || value === "") return t("adminRecords.value.empty");
    if (value instanceof Date) return formatDateTime(value);
    if (typeof value === "boolean")
      return t(value ? "adminRecords.value.yes" : "adminRecords.value.no");
    if (typeof value === "number") {
      return column?.kind === "integer" && /minor|bps|id$/i.test(column.key)
        ? String(value)
        : formatNumber(value);
    }
    if (typeof value === "string") return value;
    return JSON.stringify(value);
  };
}

/** A cell's content: a link when the column points at another record, else the value. */
export function RecordValue({
  value,
  column,
  truncate = false,
}: {
  value: unknown;
  column: RecordColumn;
  truncate?: boolean;
}) {
  const format = useFormatValue();
  const text = format(value, column);
  if (column.references && typeof value === "string" && value !== "") {
    return (
      <Link
        to="/records/$table/$id"
        params={{ table: column.references, id: value }}
        className="font-mono text-xs text-brand-700 underline-offset-2 hover:underline"
      >
        {truncate ? `${value.slice(0, 8)}…` : value}
      </Link>
    );
  }
  return (
    <span
      className={truncate ? "block max-w-[16rem] truncate" : "break-words whitespace-pre-wrap"}
      title={truncate ? text : undefined}
    >
      {text}
    </span>
  );
}

export function RecordLink({ table, id, label }: { table: string; id: string; label: string }) {
  return (
    <Link
      to="/records/$table/$id"
      params={{ table, id }}
      className="text-brand-700 underline-offset-2 hover:underline"
    >
      {label}
    </Link>
  );
}
