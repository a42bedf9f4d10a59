// What frames a paged list (a tRPC/TanStack infinite query): the filter row above it and
// the "Load more" row under it.
import type { ReactNode } from "react";
import { cn } from "../cn";
import { useI18n } from "../i18n/i18n";
import { Button } from "./button";

export interface PagedList {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/**
 * The row under a paged list: a `status` line (e.g. how many rows are shown), and while
 * there is a next page, the button that fetches it. Nothing when neither applies.
 */
export function LoadMore({ list, status }: { list: PagedList; status?: string }) {
  const { t } = useI18n();
  if (!list.hasNextPage && status === undefined) return null;
  return (
    <div
      className={cn(
        "mt-4 flex items-center gap-4 border-t border-slate-100 pt-4",
        status === undefined ? "justify-center" : "justify-between",
      )}
    >
      {status !== undefined && (
        <p role="status" className="text-sm text-slate-500">
          {status}
        </p>
      )}
      {list.hasNextPage && (
        <Button
          variant="secondary"
          size="sm"
          loading={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          {t("ui.loadMore")}
        </Button>
      )}
    </div>
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
