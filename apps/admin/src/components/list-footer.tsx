import { Button, useI18n } from "@caredesk/ui";

/** How many rows are shown, and the button that fetches the next page. */
export function ListFooter({
  count,
  hasMore,
  loadingMore,
  onLoadMore,
}: {
  count: number;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
}) {
  const { t } = useI18n();
  return (
    <div className="mt-4 flex items-center justify-between gap-4 border-t border-slate-100 pt-4">
      <p role="status" className="text-sm text-slate-500">
        {t("ui.showing", { count })}
      </p>
      {hasMore && (
        <Button variant="secondary" size="sm" loading={loadingMore} onClick={onLoadMore}>
          {t("ui.loadMore")}
        </Button>
      )}
    </div>
  );
}
