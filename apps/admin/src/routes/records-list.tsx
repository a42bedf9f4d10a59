// One table's rows: search over its text columns, column filters, sortable headers, paging,
// and row checkboxes with the table's bulk actions (one audited call for all selected rows).
import { errorMessage, fieldErrorOf, PagedListBody, trpc } from "@caredesk/client";
import {
  Alert,
  Button,
  Card,
  ConfirmDialog,
  EmptyState,
  ListFilters,
  LoadingState,
  PageHeader,
  SelectField,
  Spinner,
  Table,
  TBody,
  Td,
  TextField,
  Th,
  THead,
  Tr,
  useDebouncedValue,
  useI18n,
} from "@caredesk/ui";
import { keepPreviousData } from "@tanstack/react-query";
import { getRouteApi, Link } from "@tanstack/react-router";
import { useState } from "react";
import {
  actionLabelKey,
  RecordValue,
  WithRecordTable,
  type BulkAction,
  type RecordColumn,
  type RecordTable,
} from "../components/records-shared";

const route = getRouteApi("/operator/records/$table");

type Op = "eq" | "contains" | "isNull" | "notNull" | "gt" | "lt";
const ops: Op[] = ["eq", "contains", "isNull", "notNull", "gt", "lt"];
interface DraftFilter {
  column: string;
  op: Op;
  value: string;
}
const needsValue = (op: Op) => op !== "isNull" && op !== "notNull";
/** JSON and arrays are only filtered by whether they are empty. */
const opsFor = (column: RecordColumn | undefined): Op[] =>
  !column || ["json", "array", "other"].includes(column.kind)
    ? ["isNull", "notNull"]
    : ["boolean", "uuid", "enum"].includes(column.kind)
      ? ["eq", "contains", "isNull", "notNull"]
      : ops;

export function RecordListPage() {
  const { table: name } = route.useParams();
  return (
    <WithRecordTable name={name}>
      {(table) => <RecordList key={table.name} table={table} />}
    </WithRecordTable>
  );
}

function RecordList({ table }: { table: RecordTable }) {
  const { t } = useI18n();
  const utils = trpc.useUtils();
  const [search, setSearch] = useState("");
  const [filters, setFilters] = useState<DraftFilter[]>([]);
  const [sort, setSort] = useState<{ column: string; dir: "asc" | "desc" } | undefined>();
  const [selected, setSelected] = useState<string[]>([]);
  const [action, setAction] = useState<BulkAction | "">("");
  const [confirming, setConfirming] = useState(false);

  const query = useDebouncedValue(search.trim(), 300);
  // Only complete filters are sent; each keeps its place so an error lands next to its input.
  const sent = useDebouncedValue(
    filters
      .map((filter, index) => ({ filter, index }))
      .filter(({ filter }) => filter.column && (!needsValue(filter.op) || filter.value.trim())),
    300,
  );
  const list = trpc.adminRecords.list.useInfiniteQuery(
    {
      table: table.name,
      search: query || undefined,
      filters: sent.length
        ? sent.map(({ filter }) => ({
            column: filter.column,
            op: filter.op,
            ...(needsValue(filter.op) ? { value: filter.value.trim() } : {}),
          }))
        : undefined,
      sort,
      limit: 25,
    },
    { getNextPageParam: (page) => page.nextCursor ?? undefined, placeholderData: keepPreviousData },
  );
  const bulk = trpc.adminRecords.bulk.useMutation({
    onSuccess: () => {
      setConfirming(false);
      setSelected([]);
      void utils.adminRecords.list.invalidate({ table: table.name });
    },
  });

  const shown = table.columns;
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const selectable = table.bulkActions.length > 0;
  const filterError = (index: number) => {
    const at = sent.findIndex((s) => s.index === index);
    return at < 0 ? null : fieldErrorOf(list.error, `filters.${at}.value`);
  };
  const toggleSort = (column: string) =>
    setSort((current) =>
      current?.column === column
        ? current.dir === "asc"
          ? { column, dir: "desc" }
          : undefined
        : { column, dir: "asc" },
    );

  return (
    <>
      <PageHeader
        title={table.name}
        description={
          table.hiddenColumns > 0
            ? t("adminRecords.list.hiddenColumns", { count: table.hiddenColumns })
            : undefined
        }
        actions={
          <Link to="/records" className="text-sm text-brand-700 hover:underline">
            {t("adminRecords.back")}
          </Link>
        }
      />
      <Card>
        <ListFilters>
          <TextField
            label={t("adminRecords.list.search", { table: table.name })}
            type="search"
            placeholder={t("adminRecords.list.searchPlaceholder")}
            containerClassName="w-full max-w-sm"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            error={fieldErrorOf(list.error, "search") ?? undefined}
          />
          <Button
            variant="secondary"
            onClick={() =>
              setFilters((all) => [...all, { column: shown[0]?.key ?? "", op: "eq", value: "" }])
            }
          >
            {t("adminRecords.filter.add")}
          </Button>
          {list.isFetching && !list.isFetchingNextPage && (
            <Spinner className="mb-3 text-brand-600" />
          )}
        </ListFilters>
        {filters.map((filter, index) => {
          const column = shown.find((c) => c.key === filter.column);
          const update = (change: Partial<DraftFilter>) =>
            setFilters((all) => all.map((f, i) => (i === index ? { ...f, ...change } : f)));
          return (
            <div key={index} className="mb-3 flex flex-wrap items-end gap-3">
              <SelectField
                label={t("adminRecords.filter.column")}
                options={shown.map((c) => ({ value: c.key, label: c.key }))}
                value={filter.column}
                onChange={(e) => {
                  const next = shown.find((c) => c.key === e.target.value);
                  update({
                    column: e.target.value,
                    op: opsFor(next).includes(filter.op)
                      ? filter.op
                      : (opsFor(next)[0] ?? "isNull"),
                  });
                }}
                containerClassName="w-48"
              />
              <SelectField
                label={t("adminRecords.filter.op")}
                options={opsFor(column).map((op) => ({
                  value: op,
                  label: t(`adminRecords.filter.op.${op}`),
                }))}
                value={filter.op}
                onChange={(e) => update({ op: e.target.value as Op })}
                containerClassName="w-40"
              />
              {needsValue(filter.op) &&
              (column?.kind === "enum" || column?.kind === "boolean") &&
              filter.op === "eq" ? (
                <SelectField
                  label={t("adminRecords.filter.value")}
                  placeholder={t("adminRecords.filter.value")}
                  options={(column.kind === "boolean"
                    ? ["true", "false"]
                    : (column.enumValues ?? [])
                  ).map((v) => ({ value: v, label: v }))}
                  value={filter.value}
                  onChange={(e) => update({ value: e.target.value })}
                  containerClassName="w-48"
                />
              ) : needsValue(filter.op) ? (
                <TextField
                  label={t("adminRecords.filter.value")}
                  value={filter.value}
                  onChange={(e) => update({ value: e.target.value })}
                  error={filterError(index) ?? undefined}
                  containerClassName="w-56"
                />
              ) : null}
              <Button
                variant="ghost"
                onClick={() => setFilters((all) => all.filter((_, i) => i !== index))}
              >
                {t("adminRecords.filter.remove")}
              </Button>
            </div>
          );
        })}

        {selectable && selected.length > 0 && (
          <div className="mb-4 flex flex-wrap items-end gap-3 rounded-lg bg-slate-50 p-3">
            <p className="mb-2 text-sm font-medium text-slate-700">
              {t("adminRecords.bulk.selected", { count: selected.length })}
            </p>
            <SelectField
              label={t("adminRecords.bulk.action")}
              placeholder={t("adminRecords.bulk.choose")}
              options={table.bulkActions.map((a) => ({ value: a, label: t(actionLabelKey(a)) }))}
              value={action}
              onChange={(e) => setAction(e.target.value as BulkAction | "")}
              containerClassName="w-48"
            />
            <Button disabled={!action} onClick={() => setConfirming(true)}>
              {t("adminRecords.bulk.apply")}
            </Button>
          </div>
        )}
        {bulk.isSuccess && (
          <Alert tone="success" className="mb-4">
            {t("adminRecords.bulk.done", { count: bulk.data.changed })}
          </Alert>
        )}

        {list.isPending ? (
          <LoadingState />
        ) : (
          <PagedListBody
            list={list}
            empty={
              <EmptyState
                title={t("adminRecords.list.empty")}
                description={
                  query || sent.length > 0
                    ? t("adminRecords.list.empty.matching")
                    : t("adminRecords.list.empty.none")
                }
              />
            }
            status={(count) => t("adminRecords.list.shown", { count })}
          >
            {() => (
              <div className="overflow-x-auto">
                <Table
                  caption={t("adminRecords.list.caption", { table: table.name })}
                  captionHidden
                  aria-busy={list.isFetching || undefined}
                >
                  <THead>
                    <Tr>
                      {selectable && (
                        <Th>
                          <input
                            type="checkbox"
                            aria-label={t("adminRecords.list.selectAll")}
                            className="size-4 accent-brand-600"
                            checked={items.length > 0 && selected.length === items.length}
                            onChange={(e) =>
                              setSelected(
                                e.target.checked ? items.flatMap((i) => (i.id ? [i.id] : [])) : [],
                              )
                            }
                          />
                        </Th>
                      )}
                      {table.addressable && (
                        <Th className="sr-only">{t("adminRecords.list.open")}</Th>
                      )}
                      {shown.map((column) => (
                        <Th
                          key={column.key}
                          aria-sort={
                            sort?.column === column.key
                              ? sort.dir === "asc"
                                ? "ascending"
                                : "descending"
                              : undefined
                          }
                        >
                          {["json", "array", "other"].includes(column.kind) ? (
                            column.key
                          ) : (
                            <button
                              type="button"
                              className="inline-flex items-center gap-1 hover:text-slate-900"
                              aria-label={t("adminRecords.list.sortBy", { column: column.key })}
                              onClick={() => toggleSort(column.key)}
                            >
                              {column.key}
                              {sort?.column === column.key && (
                                <span aria-hidden="true">{sort.dir === "asc" ? "▲" : "▼"}</span>
                              )}
                            </button>
                          )}
                        </Th>
                      ))}
                    </Tr>
                  </THead>
                  <TBody>
                    {items.map((item, index) => (
                      <Tr key={item.id ?? index}>
                        {selectable && (
                          <Td>
                            {item.id && (
                              <input
                                type="checkbox"
                                aria-label={t("adminRecords.list.select", { id: item.id })}
                                className="size-4 accent-brand-600"
                                checked={selected.includes(item.id)}
                                onChange={(e) => {
                                  const id = item.id ?? "";
                                  setSelected((all) =>
                                    e.target.checked ? [...all, id] : all.filter((s) => s !== id),
                                  );
                                }}
                              />
                            )}
                          </Td>
                        )}
                        {table.addressable && (
                          <Td>
                            {item.id && (
                              <Link
                                to="/records/$table/$id"
                                params={{ table: table.name, id: item.id }}
                                className="font-medium text-brand-700 hover:underline"
                              >
                                {t("adminRecords.list.open")}
                              </Link>
                            )}
                          </Td>
                        )}
                        {shown.map((column) => (
                          <Td key={column.key} className="text-slate-700">
                            <RecordValue value={item.values[column.key]} column={column} truncate />
                          </Td>
                        ))}
                      </Tr>
                    ))}
                  </TBody>
                </Table>
              </div>
            )}
          </PagedListBody>
        )}
      </Card>
      <ConfirmDialog
        open={confirming}
        title={t("adminRecords.bulk.confirm.title", {
          action: action ? t(actionLabelKey(action)) : "",
          count: selected.length,
        })}
        description={t("adminRecords.bulk.confirm.body", { table: table.name })}
        confirmLabel={action ? t(actionLabelKey(action)) : undefined}
        pending={bulk.isPending}
        error={bulk.error ? errorMessage(bulk.error, t("ui.error.unknown")) : null}
        onConfirm={() => {
          if (action) bulk.mutate({ table: table.name, ids: selected, action });
        }}
        onCancel={() => setConfirming(false)}
      />
    </>
  );
}
