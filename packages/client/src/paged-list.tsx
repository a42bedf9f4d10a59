// The body of a paged list (a tRPC infinite query whose pages hold `items`): loading, a
// failure with a retry, the empty state, or the rows with what loads the next page.
import { LoadingState, LoadMore, type PagedList } from "@caredesk/ui";
import type { ReactNode } from "react";
import { ApiErrorState } from "./error-states";

/** The part of an infinite query a list reads. */
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
  status,
  footer,
  children,
}: {
  list: PagedQuery<T>;
  /** Shown when there is nothing to list. */
  empty: ReactNode;
  /** A line beside "Load more" saying how many rows are shown. */
  status?: (shown: number) => string;
  /** Under the rows, instead of "Load more". */
  footer?: ReactNode;
  /** The rows of every page loaded so far. */
  children: (items: T[]) => ReactNode;
}) {
  if (list.isPending) return <LoadingState />;
  if (list.isError) {
    return (
      <ApiErrorState
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
      {footer ?? <LoadMore list={list} status={status?.(items.length)} />}
    </>
  );
}
