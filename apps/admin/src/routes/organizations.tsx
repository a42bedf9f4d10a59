import { trpc } from "@caredesk/client";
import { Badge, Td, Th, useI18n } from "@caredesk/ui";
import { keepPreviousData } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { SearchableList, useListSearch } from "../components/searchable-list";

export function OrganizationsPage() {
  const { t, formatDate, formatNumber } = useI18n();
  const search = useListSearch();
  const organizations = trpc.admin.organizations.useInfiniteQuery(
    { search: search.query || undefined, limit: 25 },
    {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
      // Keep the last results on screen while the next search runs.
      placeholderData: keepPreviousData,
    },
  );

  return (
    <SearchableList
      text={{
        title: t("admin.orgs.title"),
        lead: t("admin.orgs.lead"),
        searchLabel: t("admin.orgs.search"),
        searchPlaceholder: t("admin.orgs.searchPlaceholder"),
        caption: t("admin.orgs.caption"),
        emptyTitle: t("admin.orgs.empty.title"),
        emptyMatching: (query) => t("admin.orgs.empty.body", { search: query }),
        emptyNone: t("admin.orgs.empty.none"),
      }}
      search={search}
      list={organizations}
      head={
        <>
          <Th>{t("admin.orgs.col.name")}</Th>
          <Th>{t("admin.orgs.col.kind")}</Th>
          <Th className="text-end">{t("admin.orgs.col.members")}</Th>
          <Th className="hidden md:table-cell">{t("admin.orgs.col.created")}</Th>
        </>
      }
      row={(org) => (
        <>
          <Td>
            <Link
              to="/organizations/$organizationId"
              params={{ organizationId: org.id }}
              className="font-medium text-brand-700 hover:underline"
            >
              {org.name}
            </Link>{" "}
            {org.suspendedAt && <Badge tone="danger">{t("admin.orgs.suspended")}</Badge>}
            <div className="text-xs text-slate-500">
              /p/{org.slug} · {org.timeZone} · {org.currency}
            </div>
          </Td>
          <Td>
            <Badge>{t(`org.kind.${org.kind}`)}</Badge>
          </Td>
          <Td className="text-end tabular-nums">{formatNumber(org.memberCount)}</Td>
          <Td className="hidden text-slate-500 md:table-cell">{formatDate(org.createdAt)}</Td>
        </>
      )}
    />
  );
}
