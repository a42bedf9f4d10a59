// The record browser's first page: every table of the database, grouped by domain (the first
// word of its name) and searchable, with its row estimate and whether it can be edited.
import { ApiErrorState } from "@caredesk/client";
import {
  Badge,
  Card,
  EmptyState,
  LoadingState,
  PageHeader,
  TextField,
  useI18n,
} from "@caredesk/ui";
import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { useRecordTables, type RecordTable } from "../components/records-shared";

export function RecordsPage() {
  const { t } = useI18n();
  const tables = useRecordTables();
  const [search, setSearch] = useState("");
  const query = search.trim().toLowerCase().replaceAll(" ", "_");
  const shown = (tables.data ?? []).filter((table) => table.name.includes(query));
  const groups = new Map<string, RecordTable[]>();
  for (const table of shown) groups.set(table.group, [...(groups.get(table.group) ?? []), table]);

  return (
    <>
      <PageHeader title={t("adminRecords.title")} description={t("adminRecords.lead")} />
      <Card>
        <TextField
          label={t("adminRecords.tables.search")}
          type="search"
          placeholder={t("adminRecords.tables.searchPlaceholder")}
          containerClassName="mb-4 w-full max-w-sm"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        {tables.isPending ? (
          <LoadingState />
        ) : tables.isError ? (
          <ApiErrorState error={tables.error} onRetry={() => void tables.refetch()} />
        ) : shown.length === 0 ? (
          <EmptyState
            title={t("adminRecords.list.empty")}
            description={t("adminRecords.tables.empty", { search })}
          />
        ) : (
          <div className="grid gap-6 sm:grid-cols-2 lg:grid-cols-3">
            {[...groups.entries()].map(([group, members]) => (
              <section key={group} aria-label={group}>
                <h2 className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">
                  {group.replaceAll("_", " ")}
                </h2>
                <ul className="flex flex-col gap-1">
                  {members.map((table) => (
                    <TableEntry key={table.name} table={table} />
                  ))}
                </ul>
              </section>
            ))}
          </div>
        )}
      </Card>
    </>
  );
}

function TableEntry({ table }: { table: RecordTable }) {
  const { t } = useI18n();
  return (
    <li>
      <Link
        to="/records/$table"
        params={{ table: table.name }}
        className="flex items-center justify-between gap-2 rounded-lg px-2 py-1.5 hover:bg-slate-50"
      >
        <span className="min-w-0">
          <span className="block truncate font-medium text-slate-900">{table.name}</span>
          <span className="block text-xs text-slate-500">
            {table.rowEstimate === null
              ? t("adminRecords.tables.rowsUnknown")
              : t("adminRecords.tables.rows", { count: table.rowEstimate })}
          </span>
        </span>
        {table.editable && <Badge tone="brand">{t("adminRecords.tables.editable")}</Badge>}
      </Link>
    </li>
  );
}
