// A paged list inside its card: the filter row above it, and a body that is loading, a failure
// with a retry, the empty state, or the rows with what loads the next page.
import { LoadingState, LoadMore, type PagedList } from "@caredesk/ui";
import type { ReactNode } from "react";
import { QueryError } from "./query-error";

/** A tRPC/TanStack infinite query whose pages each hold `items`. */
export interface PagedQuery<T> extends PagedList {
  data: { pages: readonly { items: readonly T[] }[] } | undefined;
  isPending: boolean;
  isError: boolean;
  error: unknown;
  isRefetching: boolean;
  refetch: () => Promise<unknown>;
}

export function PagedListBody<T>({
  list,
  empty,
  footer,
  children,
}: {
  list: PagedQuery<T>;
  /** Shown when there is nothing to list. */
  empty: ReactNode;
  /** Under the rows: the "Load more" button unless given. */
  footer?: ReactNode;
  /** The rows of every page loaded so far. */
  children: (items: T[]) => ReactNode;
}) {
  if (list.isPending) return <LoadingState />;
  if (list.isError) {
    return (
      <QueryError
        error={list.error}
        onRetry={() => void list.refetch()}
        retrying={list.isRefetching}
      />
    );
  }
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  if (items.length === 0) return <>{empty}</>;
  return (
    <>
      {children(items)}
      {footer ?? <LoadMore list={list} />}
    </>
  );
}

/** The row of search and filter fields above a list. */
export function ListFilters({ children }: { children: ReactNode }) {
  return (
    <div className="mb-4 flex flex-wrap items-end gap-4 border-b border-slate-100 pb-4">
      {children}
    </div>
  );
}
