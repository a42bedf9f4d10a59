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

export function UsersPage() {
  const { t, formatDate, formatNumber } = useI18n();
  const [search, setSearch] = useState("");
  const query = useDebounced(search.trim());
  const users = trpc.admin.users.useInfiniteQuery(
    { search: query || undefined, limit: 25 },
    {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
      placeholderData: keepPreviousData,
    },
  );
  const items = users.data?.pages.flatMap((page) => page.items) ?? [];
  const searching = users.isFetching && !users.isFetchingNextPage;

  let body;
  if (users.isPending) {
    body = <LoadingState />;
  } else if (users.isError) {
    body = (
      <ErrorState
        message={errorMessage(users.error, t("ui.error.network"))}
        onRetry={() => void users.refetch()}
        retrying={users.isRefetching}
      />
    );
  } else if (items.length === 0) {
    body = (
      <EmptyState
        title={t("admin.users.empty.title")}
        description={
          query ? t("admin.users.empty.body", { search: query }) : t("admin.users.empty.none")
        }
      />
    );
  } else {
    body = (
      <>
        <Table caption={t("admin.users.caption")} aria-busy={searching || undefined}>
          <THead>
            <Tr>
              <Th>{t("admin.users.col.name")}</Th>
              <Th className="text-end">{t("admin.users.col.organizations")}</Th>
              <Th className="hidden md:table-cell">{t("admin.users.col.created")}</Th>
            </Tr>
          </THead>
          <TBody>
            {items.map((user) => (
              <Tr key={user.id}>
                <Td>
                  <div className="flex items-center gap-2 font-medium text-slate-900">
                    {user.name}
                    {user.isPlatformAdmin && (
                      <Badge tone="warning">{t("admin.users.operator")}</Badge>
                    )}
                  </div>
                  <div className="text-xs text-slate-500">{user.email}</div>
                </Td>
                <Td className="text-end tabular-nums">{formatNumber(user.organizationCount)}</Td>
                <Td className="hidden text-slate-500 md:table-cell">
                  {formatDate(user.createdAt)}
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
        <ListFooter
          count={items.length}
          hasMore={users.hasNextPage}
          loadingMore={users.isFetchingNextPage}
          onLoadMore={() => void users.fetchNextPage()}
        />
      </>
    );
  }

  return (
    <>
      <PageHeader title={t("admin.users.title")} description={t("admin.users.lead")} />
      <Card>
        <div className="mb-4 flex items-end gap-3">
          <TextField
            label={t("admin.users.search")}
            type="search"
            placeholder={t("admin.users.searchPlaceholder")}
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
