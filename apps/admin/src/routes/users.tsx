import { trpc } from "@caredesk/client";
import { Badge, Td, Th, useI18n } from "@caredesk/ui";
import { keepPreviousData } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { SearchableList, useListSearch } from "../components/searchable-list";

export function UsersPage() {
  const { t, formatDate, formatNumber } = useI18n();
  const search = useListSearch();
  const users = trpc.admin.users.useInfiniteQuery(
    { search: search.query || undefined, limit: 25 },
    {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
      placeholderData: keepPreviousData,
    },
  );

  return (
    <SearchableList
      text={{
        title: t("admin.users.title"),
        lead: t("admin.users.lead"),
        searchLabel: t("admin.users.search"),
        searchPlaceholder: t("admin.users.searchPlaceholder"),
        caption: t("admin.users.caption"),
        emptyTitle: t("admin.users.empty.title"),
        emptyMatching: (query) => t("admin.users.empty.body", { search: query }),
        emptyNone: t("admin.users.empty.none"),
      }}
      search={search}
      list={users}
      head={
        <>
          <Th>{t("admin.users.col.name")}</Th>
          <Th className="text-end">{t("admin.users.col.organizations")}</Th>
          <Th className="hidden md:table-cell">{t("admin.users.col.created")}</Th>
        </>
      }
      row={(user) => (
        <>
          <Td>
            <div className="flex items-center gap-2 font-medium text-slate-900">
              <Link
                to="/users/$userId"
                params={{ userId: user.id }}
                className="text-brand-700 hover:underline"
              >
                {user.name}
              </Link>
              {user.isPlatformAdmin && <Badge tone="warning">{t("admin.users.operator")}</Badge>}
            </div>
            <div className="text-xs text-slate-500">{user.email}</div>
          </Td>
          <Td className="text-end tabular-nums">{formatNumber(user.organizationCount)}</Td>
          <Td className="hidden text-slate-500 md:table-cell">{formatDate(user.createdAt)}</Td>
        </>
      )}
    />
  );
}
