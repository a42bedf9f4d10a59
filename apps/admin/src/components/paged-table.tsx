// An operator's paged list drawn as a table: loading, failure, the empty state, then the rows
// of every page loaded so far with "Load more" and how many are shown.
import { PagedListBody, type PagedQuery } from "@caredesk/client";
import { EmptyState, Table, TBody, THead, Tr, useI18n } from "@caredesk/ui";
import type { ReactNode } from "react";

export function PagedTable<T>({
  list,
  caption,
  head,
  emptyTitle,
  emptyBody,
  busy,
  children,
}: {
  list: PagedQuery<T>;
  caption: string;
  /** The header cells. */
  head: ReactNode;
  emptyTitle: string;
  emptyBody?: string;
  /** Marks the table busy (aria-busy) while set, e.g. while a new filter loads. */
  busy?: boolean;
  /** One row (its own key) per item. */
  children: (item: T) => ReactNode;
}) {
  const { t } = useI18n();
  return (
    <PagedListBody
      list={list}
      empty={<EmptyState title={emptyTitle} description={emptyBody} />}
      status={(count) => t("ui.showing", { count })}
    >
      {(items) => (
        <Table caption={caption} aria-busy={busy || undefined}>
          <THead>
            <Tr>{head}</Tr>
          </THead>
          <TBody>{items.map(children)}</TBody>
        </Table>
      )}
    </PagedListBody>
  );
}
