// The practice's imports, newest first, with what each created; "New import" starts the wizard.
import { PagedListBody, trpc } from "@caredesk/client";
import {
  buttonClasses,
  Card,
  EmptyState,
  PageHeader,
  Table,
  TBody,
  Td,
  Th,
  THead,
  Tr,
  useI18n,
} from "@caredesk/ui";
import { Link } from "@tanstack/react-router";
import { useMemo } from "react";
import { organizationPage } from "../../../components/organization-page";
import type { MyOrganization } from "../../../lib/workspace";
import { zonedFormat } from "../../../lib/zoned";
import { inProgress, kindLabels, StatusBadge, type ImportSummary } from "./parts";

export const ImportsPage = organizationPage("data.import", "import.title", ImportsScreen);

function ImportsScreen({ organization }: { organization: MyOrganization }) {
  const { t, tag } = useI18n();
  const list = trpc.dataImport.list.useInfiniteQuery(
    { limit: 25 },
    {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
      // An import still running moves on its own; its row follows without a reload.
      refetchInterval: (query) =>
        query.state.data?.pages.some((page) => page.items.some((i) => inProgress(i.status)))
          ? 2000
          : false,
    },
  );
  const create = (
    <Link to="/app/import/new" className={buttonClasses("primary")}>
      {t("import.new")}
    </Link>
  );
  return (
    <>
      <PageHeader
        title={t("import.title")}
        description={t("import.lead", { organization: organization.name })}
        actions={create}
      />
      <Card title={t("import.list.title")}>
        <PagedListBody
          list={list}
          empty={
            <EmptyState
              title={t("import.list.empty")}
              description={t("import.list.empty.body")}
              action={create}
            />
          }
          status={(shown) => t("import.list.shown", { count: shown })}
        >
          {(items) => <ImportTable items={items} locale={tag} timeZone={organization.timeZone} />}
        </PagedListBody>
      </Card>
    </>
  );
}

function ImportTable({
  items,
  locale,
  timeZone,
}: {
  items: ImportSummary[];
  locale: string;
  timeZone: string;
}) {
  const { t, formatNumber } = useI18n();
  const fmt = useMemo(() => zonedFormat(locale, timeZone), [locale, timeZone]);
  return (
    <Table caption={t("import.list.caption")}>
      <THead>
        <Tr>
          <Th>{t("import.col.file")}</Th>
          <Th>{t("import.col.kind")}</Th>
          <Th>{t("import.col.status")}</Th>
          <Th className="text-end">{t("import.col.rows")}</Th>
          <Th className="text-end">{t("import.col.created")}</Th>
          <Th className="hidden text-end md:table-cell">{t("import.col.skipped")}</Th>
          <Th className="text-end">{t("import.col.errors")}</Th>
          <Th className="hidden lg:table-cell">{t("import.col.when")}</Th>
        </Tr>
      </THead>
      <TBody>
        {items.map((item) => (
          <Tr key={item.id}>
            <Td className="max-w-64 truncate">
              <Link
                to="/app/import/$importId"
                params={{ importId: item.id }}
                aria-label={t("import.open", { file: item.fileName })}
                className="font-medium text-slate-900 hover:text-brand-700 hover:underline"
              >
                {item.fileName}
              </Link>
            </Td>
            <Td>{t(kindLabels[item.kind])}</Td>
            <Td>
              <StatusBadge status={item.status} />
            </Td>
            <Td className="text-end tabular-nums">{formatNumber(item.totalRows)}</Td>
            <Td className="text-end tabular-nums">{formatNumber(item.createdRows)}</Td>
            <Td className="hidden text-end tabular-nums md:table-cell">
              {formatNumber(item.skippedRows)}
            </Td>
            <Td className="text-end tabular-nums">{formatNumber(item.errorRows)}</Td>
            <Td className="hidden whitespace-nowrap lg:table-cell">
              {fmt.dateTime(item.createdAt)}
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
