// One record: its fields (links where a column points at another record), the records it points
// at and those pointing at it, the edit form (for tables the product has a form for) and the
// History tab: who changed what and when, newest first.
import { ApiErrorState, PagedListBody, trpc } from "@caredesk/client";
import {
  Alert,
  Card,
  cn,
  EmptyState,
  LoadingState,
  PageHeader,
  Table,
  TBody,
  Td,
  Th,
  THead,
  Tr,
  useI18n,
} from "@caredesk/ui";
import { getRouteApi, Link } from "@tanstack/react-router";
import { useState } from "react";
import { RecordEditForm } from "../components/records-edit-form";
import {
  RecordLink,
  RecordValue,
  useFormatValue,
  WithRecordTable,
  type RecordTable,
} from "../components/records-shared";

const route = getRouteApi("/operator/records/$table/$id");

type Tab = "fields" | "edit" | "history";

export function RecordDetailPage() {
  const { table: name, id } = route.useParams();
  return (
    <WithRecordTable name={name}>
      {(table) => <RecordDetail key={`${name}/${id}`} table={table} id={id} />}
    </WithRecordTable>
  );
}

function RecordDetail({ table, id }: { table: RecordTable; id: string }) {
  const { t } = useI18n();
  const [tab, setTab] = useState<Tab>("fields");
  const record = trpc.adminRecords.get.useQuery({ table: table.name, id });
  const tabs: Tab[] = table.editable ? ["fields", "edit", "history"] : ["fields", "history"];

  return (
    <>
      <PageHeader
        title={t("adminRecords.detail.title", { table: table.name, id })}
        actions={
          <Link
            to="/records/$table"
            params={{ table: table.name }}
            className="text-sm text-brand-700 hover:underline"
          >
            {table.name}
          </Link>
        }
      />
      <div role="tablist" aria-label={t("adminRecords.detail.tabs")} className="mb-4 flex gap-2">
        {tabs.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`record-tab-${name}`}
            aria-selected={tab === name}
            aria-controls={`record-panel-${name}`}
            onClick={() => setTab(name)}
            className={cn(
              "rounded-lg px-3 py-1.5 text-sm font-medium",
              tab === name ? "bg-brand-600 text-white" : "text-slate-600 hover:bg-slate-100",
            )}
          >
            {t(`adminRecords.detail.tab.${name}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`record-panel-${tab}`} aria-labelledby={`record-tab-${tab}`}>
        {tab === "history" ? (
          <RecordHistory table={table} id={id} />
        ) : record.isPending ? (
          <LoadingState />
        ) : record.isError ? (
          <ApiErrorState error={record.error} onRetry={() => void record.refetch()} />
        ) : tab === "edit" ? (
          <RecordEditForm table={table} id={id} values={record.data.values} onSaved={() => {}} />
        ) : (
          <div className="flex flex-col gap-6">
            {!table.editable && <Alert tone="info">{t("adminRecords.detail.readOnly")}</Alert>}
            <Card>
              <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-[minmax(10rem,auto)_1fr]">
                {table.columns.map((column) => (
                  <div key={column.key} className="contents">
                    <dt className="font-mono text-xs text-slate-500 sm:pt-0.5">{column.key}</dt>
                    <dd className="text-sm text-slate-900">
                      <RecordValue value={record.data.values[column.key]} column={column} />
                    </dd>
                  </div>
                ))}
              </dl>
            </Card>
            <Relations
              title={t("adminRecords.detail.references")}
              relations={record.data.references}
            />
            <Relations
              title={t("adminRecords.detail.referencedBy")}
              relations={record.data.referencedBy}
            />
          </div>
        )}
      </div>
    </>
  );
}

function Relations({
  title,
  relations,
}: {
  title: string;
  relations: {
    table: string;
    columns: string[];
    count: number;
    items: { id: string | null; label: string }[];
  }[];
}) {
  const { t } = useI18n();
  return (
    <Card title={title}>
      {relations.length === 0 ? (
        <p className="text-sm text-slate-500">{t("adminRecords.detail.noRelations")}</p>
      ) : (
        <ul className="flex flex-col gap-4">
          {relations.map((relation) => (
            <li key={`${relation.table}:${relation.columns.join(",")}`}>
              <p className="text-sm font-medium text-slate-900">
                {relation.table}{" "}
                <span className="font-normal text-slate-500">
                  ({relation.count}) ·{" "}
                  {t("adminRecords.detail.via", { columns: relation.columns.join(", ") })}
                </span>
              </p>
              <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm">
                {relation.items.map((item, index) => (
                  <li key={item.id ?? index}>
                    {item.id ? (
                      <RecordLink table={relation.table} id={item.id} label={item.label} />
                    ) : (
                      item.label
                    )}
                  </li>
                ))}
                {relation.count > relation.items.length && (
                  <li className="text-slate-500">
                    {t("adminRecords.detail.more", {
                      count: relation.count - relation.items.length,
                    })}
                  </li>
                )}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function RecordHistory({ table, id }: { table: RecordTable; id: string }) {
  const { t, formatDateTime } = useI18n();
  const format = useFormatValue();
  const history = trpc.adminRecords.history.useInfiniteQuery(
    { table: table.name, id, limit: 20 },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  const columnOf = (key: string) => table.columns.find((c) => c.key === key);
  return (
    <Card>
      <PagedListBody
        list={history}
        empty={
          <EmptyState
            title={t("adminRecords.history.empty")}
            description={t("adminRecords.history.empty.body")}
          />
        }
      >
        {(items) => (
          <Table caption={t("adminRecords.history.caption")}>
            <THead>
              <Tr>
                <Th>{t("adminRecords.history.when")}</Th>
                <Th>{t("adminRecords.history.who")}</Th>
                <Th>{t("adminRecords.history.action")}</Th>
                <Th>{t("adminRecords.history.changes")}</Th>
              </Tr>
            </THead>
            <TBody>
              {items.map((entry) => (
                <Tr key={entry.id}>
                  <Td className="whitespace-nowrap text-slate-500">
                    {formatDateTime(entry.createdAt)}
                  </Td>
                  <Td>{entry.actor?.email ?? t("adminRecords.history.system")}</Td>
                  <Td className="font-mono text-xs">{entry.action}</Td>
                  <Td>
                    {entry.changes.length === 0 ? (
                      <span className="text-slate-500">{t("adminRecords.history.noDiff")}</span>
                    ) : (
                      <ul className="flex flex-col gap-0.5 text-sm">
                        {entry.changes.map((change) => (
                          <li key={change.key}>
                            {t("adminRecords.history.change", {
                              field: change.key,
                              before: format(change.before, columnOf(change.key)),
                              after: format(change.after, columnOf(change.key)),
                            })}
                          </li>
                        ))}
                      </ul>
                    )}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </PagedListBody>
    </Card>
  );
}
