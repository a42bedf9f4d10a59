// The operators' list pages: a search box, a paged table, and loading, empty and error
// states. Each page brings its own query and columns; everything else lives here once.
import { PagedListBody, type PagedQuery } from "@caredesk/client";
import {
  Card,
  EmptyState,
  PageHeader,
  Spinner,
  Table,
  TBody,
  TextField,
  THead,
  Tr,
  useDebouncedValue,
  useT,
} from "@caredesk/ui";
import { useState, type ReactNode } from "react";

/** A paged query while a search may be running (the subset this component reads). */
interface InfiniteList<T> extends PagedQuery<T> {
  isFetching: boolean;
}

/** The debounced search text a list page sends to its query. */
export function useListSearch() {
  const [search, setSearch] = useState("");
  return { search, setSearch, query: useDebouncedValue(search.trim(), 300) };
}

interface ListText {
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
  const t = useT();
  const searching = list.isFetching && !list.isFetchingNextPage;
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
        <PagedListBody
          list={list}
          empty={
            <EmptyState
              title={text.emptyTitle}
              description={search.query ? text.emptyMatching(search.query) : text.emptyNone}
            />
          }
          status={(count) => t("ui.showing", { count })}
        >
          {(items) => (
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
          )}
        </PagedListBody>
      </Card>
    </>
  );
}
