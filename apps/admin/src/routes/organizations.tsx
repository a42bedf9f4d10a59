import {
  Badge,
  Card,
  EmptyState,
  errorMessage,
  ErrorState,
  LoadingState,
  PageHeader,
  Spinner,
  Table,
  TBody,
  Td,
  TextField,
  Th,
  THead,
  Tr,
  useI18n,
} from "@caredesk/ui";
import { keepPreviousData } from "@tanstack/react-query";
import { useState } from "react";
import { trpc } from "../lib/trpc";
import { ListFooter } from "../components/list-footer";
import { useDebounced } from "../lib/use-debounced";

export function OrganizationsPage() {
  const { t, formatDate, formatNumber } = useI18n();
  const [search, setSearch] = useState("");
  const query = useDebounced(search.trim());
  const organizations = trpc.admin.organizations.useInfiniteQuery(
    { search: query || undefined, limit: 25 },
    {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
      // Keep the last results on screen while the next search runs.
      placeholderData: keepPreviousData,
    },
  );
  const items = organizations.data?.pages.flatMap((page) => page.items) ?? [];
  const searching = organizations.isFetching && !organizations.isFetchingNextPage;

  let body;
  if (organizations.isPending) {
    body = <LoadingState />;
  } else if (organizations.isError) {
    body = (
      <ErrorState
        message={errorMessage(organizations.error, t("ui.error.network"))}
        onRetry={() => void organizations.refetch()}
        retrying={organizations.isRefetching}
      />
    );
  } else if (items.length === 0) {
    body = (
      <EmptyState
        title={t("admin.orgs.empty.title")}
        description={
          query ? t("admin.orgs.empty.body", { search: query }) : t("admin.orgs.empty.none")
        }
      />
    );
  } else {
    body = (
      <>
        <Table caption={t("admin.orgs.caption")} aria-busy={searching || undefined}>
          <THead>
            <Tr>
              <Th>{t("admin.orgs.col.name")}</Th>
              <Th>{t("admin.orgs.col.kind")}</Th>
              <Th className="text-end">{t("admin.orgs.col.members")}</Th>
              <Th className="hidden md:table-cell">{t("admin.orgs.col.created")}</Th>
            </Tr>
          </THead>
          <TBody>
            {items.map((org) => (
              <Tr key={org.id}>
                <Td>
                  <div className="font-medium text-slate-900">{org.name}</div>
                  <div className="text-xs text-slate-500">
                    /p/{org.slug} · {org.timeZone} · {org.currency}
                  </div>
                </Td>
                <Td>
                  <Badge>{t(`org.kind.${org.kind}`)}</Badge>
                </Td>
                <Td className="text-end tabular-nums">{formatNumber(org.memberCount)}</Td>
                <Td className="hidden text-slate-500 md:table-cell">{formatDate(org.createdAt)}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
        <ListFooter
          count={items.length}
          hasMore={organizations.hasNextPage}
          loadingMore={organizations.isFetchingNextPage}
          onLoadMore={() => void organizations.fetchNextPage()}
        />
      </>
    );
  }

  return (
    <>
      <PageHeader title={t("admin.orgs.title")} description={t("admin.orgs.lead")} />
      <Card>
        <div className="mb-4 flex items-end gap-3">
          <TextField
            label={t("admin.orgs.search")}
            type="search"
            placeholder={t("admin.orgs.searchPlaceholder")}
            containerClassName="w-full max-w-sm"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
          {searching && <Spinner className="mb-3 text-brand-600" />}
        </div>
        {body}
      </Card>
    </>
  );
}
