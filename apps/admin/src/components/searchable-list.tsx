// The operators' list pages: a search box, a paged table, and loading, empty and error
// states. Each page brings its own query and columns; everything else lives here once.
import {
  Card,
  EmptyState,
  errorMessage,
  ErrorState,
  LoadingState,
  PageHeader,
  Spinner,
  Table,
  TBody,
  TextField,
  THead,
  Tr,
  useI18n,
} from "@caredesk/ui";
import { useState, type ReactNode } from "react";
import { useDebounced } from "../lib/use-debounced";
import { ListFooter } from "./list-footer";

/** What a tRPC infinite query gives a list page (the subset this component reads). */
export interface InfiniteList<T> {
  data?: { pages: { items: T[] }[] } | undefined;
  error: unknown;
  isPending: boolean;
  isError: boolean;
  isFetching: boolean;
  isFetchingNextPage: boolean;
  isRefetching: boolean;
  hasNextPage: boolean;
  refetch: () => Promise<unknown>;
  fetchNextPage: () => Promise<unknown>;
}

/** The debounced search text a list page sends to its query. */
export function useListSearch() {
  const [search, setSearch] = useState("");
  return { search, setSearch, query: useDebounced(search.trim()) };
}

export interface ListText {
  title: string;
  lead: string;
  searchLabel: string;
  searchPlaceholder: string;
  caption: string;
  emptyTitle: string;
  /** Shown when nothing matches `query`; `emptyNone` when there is nothing at all. */
  emptyMatching: (query: string) => string;
  emptyNone: string;
}

export function SearchableList<T extends { id: string }>({
  text,
  search,
  list,
  head,
  row,
}: {
  text: ListText;
  search: ReturnType<typeof useListSearch>;
  list: InfiniteList<T>;
  head: ReactNode;
  row: (item: T) => ReactNode;
}) {
  const { t } = useI18n();
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const searching = list.isFetching && !list.isFetchingNextPage;

  let body: ReactNode;
  if (list.isPending) {
    body = <LoadingState />;
  } else if (list.isError) {
    body = (
      <ErrorState
        message={errorMessage(list.error, t("ui.error.network"))}
        onRetry={() => void list.refetch()}
        retrying={list.isRefetching}
      />
    );
  } else if (items.length === 0) {
    body = (
      <EmptyState
        title={text.emptyTitle}
        description={search.query ? text.emptyMatching(search.query) : text.emptyNone}
      />
    );
  } else {
    body = (
      <>
        <Table caption={text.caption} aria-busy={searching || undefined}>
          <THead>
            <Tr>{head}</Tr>
          </THead>
          <TBody>
            {items.map((item) => (
              <Tr key={item.id}>{row(item)}</Tr>
            ))}
          </TBody>
        </Table>
        <ListFooter
          count={items.length}
          hasMore={list.hasNextPage}
          loadingMore={list.isFetchingNextPage}
          onLoadMore={() => void list.fetchNextPage()}
        />
      </>
    );
  }

  return (
    <>
      <PageHeader title={text.title} description={text.lead} />
      <Card>
        <div className="mb-4 flex items-end gap-3">
          <TextField
            label={text.searchLabel}
            type="search"
            placeholder={text.searchPlaceholder}
            containerClassName="w-full max-w-sm"
            value={search.search}
            onChange={(event) => search.setSearch(event.target.value)}
          />
          {searching && <Spinner className="mb-3 text-brand-600" />}
        </div>
        {body}
      </Card>
    </>
  );
}
