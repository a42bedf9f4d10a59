// The "Load more" row under a paged list (a tRPC/TanStack infinite query).
import { useI18n } from "../i18n/i18n";
import { Button } from "./button";

export interface PagedList {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/** Nothing when every page is loaded; else a button that fetches the next one. */
export function LoadMore({ list }: { list: PagedList }) {
  const { t } = useI18n();
  if (!list.hasNextPage) return null;
  return (
    <div className="mt-4 flex justify-center border-t border-slate-100 pt-4">
      <Button
        variant="secondary"
        size="sm"
        loading={list.isFetchingNextPage}
        onClick={() => void list.fetchNextPage()}
      >
        {t("ui.loadMore")}
      </Button>
    </div>
  );
}
