// Patients: browse (by name or newest) or search as you type, with infinite scroll.
import type { RouterOutputs } from "@caredesk/api";
import { PagedListBody, trpc } from "@caredesk/client";
import {
  Badge,
  Button,
  buttonClasses,
  Card,
  CheckboxField,
  EmptyState,
  ListFilters,
  PageHeader,
  SelectField,
  Spinner,
  Table,
  TBody,
  Td,
  TextField,
  Th,
  THead,
  Tr,
  useDebouncedValue,
  useI18n,
} from "@caredesk/ui";
import { getRouteApi, Link } from "@tanstack/react-router";
import { useEffect, useRef, useState } from "react";
import { ExportMenu } from "../../../components/export-menu";
import { organizationPage } from "../../../components/organization-page";
import { parseIsoDate } from "../../../lib/dates";
import { can } from "../../../lib/permissions";
import type { MyOrganization } from "../../../lib/workspace";

type Patient = RouterOutputs["patient"]["list"]["items"][number];

const route = getRouteApi("/app/patients/");

export const PatientsPage = organizationPage("patient.read", "patients.title", PatientsScreen);

function PatientsScreen({ organization }: { organization: MyOrganization }) {
  const { t } = useI18n();
  const write = can(organization.role, "patient.write");
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const [text, setText] = useState(search.q ?? "");
  const query = useDebouncedValue(text.trim(), 250);
  const sort = search.sort ?? "name";
  const archived = search.archived ?? false;

  // The URL follows the search, so back from a patient returns to the same list.
  useEffect(() => {
    if ((search.q ?? "") === query) return;
    void navigate({ search: (s) => ({ ...s, q: query || undefined }), replace: true });
  }, [query, search.q, navigate]);

  const list = trpc.patient.list.useInfiniteQuery(
    { sort, includeArchived: archived, limit: 30, ...(query ? { search: query } : {}) },
    {
      getNextPageParam: (p) => p.nextCursor ?? undefined,
      placeholderData: (previous) => previous,
    },
  );
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  // Infinite scroll: the next page loads when the end of the list comes into view.
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  useEffect(() => {
    const node = sentinel.current;
    if (!node || !hasNextPage) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
      },
      { rootMargin: "400px" },
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage, items.length]);

  const create = write && (
    <Link to="/app/patients/new" className={buttonClasses("primary")}>
      {t("patients.new")}
    </Link>
  );

  return (
    <>
      <PageHeader
        title={t("patients.title")}
        description={t("patients.lead", { organization: organization.name })}
        actions={
          <>
            <ExportMenu
              organization={organization}
              kind="patients"
              listName={t("patients.title")}
              filters={{
                ...(query ? { search: query } : {}),
                ...(archived ? {} : { archived: "false" as const }),
              }}
            />
            {create}
          </>
        }
      />
      <Card>
        <ListFilters>
          <div className="relative min-w-64 flex-1">
            <TextField
              type="search"
              label={t("patients.search")}
              placeholder={t("patients.searchPlaceholder")}
              value={text}
              autoComplete="off"
              onChange={(e) => setText(e.target.value)}
            />
            {list.isFetching && !list.isFetchingNextPage && !list.isPending && (
              <Spinner className="absolute end-3 bottom-3 text-slate-400" />
            )}
          </div>
          <SelectField
            label={t("patients.sort")}
            containerClassName="w-44"
            value={sort}
            disabled={Boolean(query)}
            description={query ? t("patients.sortRanked") : undefined}
            options={[
              { value: "name", label: t("patients.sort.name") },
              { value: "createdAt", label: t("patients.sort.newest") },
            ]}
            onChange={(e) =>
              void navigate({
                search: (s) => ({
                  ...s,
                  sort: e.target.value === "createdAt" ? "createdAt" : undefined,
                }),
                replace: true,
              })
            }
          />
          <CheckboxField
            containerClassName="mb-2.5"
            label={t("patients.showArchived")}
            checked={archived}
            onChange={(e) =>
              void navigate({
                search: (s) => ({ ...s, archived: e.target.checked || undefined }),
                replace: true,
              })
            }
          />
        </ListFilters>
        <PagedListBody
          list={list}
          empty={
            query ? (
              <EmptyState
                title={t("patients.empty.search", { query })}
                description={t("patients.empty.searchBody")}
              />
            ) : (
              <EmptyState
                title={t("patients.empty.title")}
                description={t(write ? "patients.empty.body" : "patients.empty.readOnly")}
                action={create}
              />
            )
          }
          footer={
            <div
              ref={sentinel}
              className="mt-4 flex min-h-10 items-center justify-center gap-3 border-t border-slate-100 pt-4 text-sm text-slate-500"
            >
              {list.isFetchingNextPage ? (
                <>
                  <Spinner className="text-brand-600" />
                  {t("patients.loadingMore")}
                </>
              ) : list.hasNextPage ? (
                <Button variant="secondary" size="sm" onClick={() => void list.fetchNextPage()}>
                  {t("ui.loadMore")}
                </Button>
              ) : (
                t("patients.count", { count: items.length })
              )}
            </div>
          }
        >
          {(rows) => <PatientTable items={rows} />}
        </PagedListBody>
      </Card>
    </>
  );
}

function PatientTable({ items }: { items: Patient[] }) {
  const { t, formatDate } = useI18n();
  return (
    <Table caption={t("patients.caption")}>
      <THead>
        <Tr>
          <Th>{t("patients.col.name")}</Th>
          <Th>{t("patients.col.mobile")}</Th>
          <Th className="hidden md:table-cell">{t("patients.col.email")}</Th>
          <Th className="hidden lg:table-cell">{t("patients.col.dateOfBirth")}</Th>
          <Th className="hidden sm:table-cell">
            <span className="sr-only">{t("common.col.status")}</span>
          </Th>
        </Tr>
      </THead>
      <TBody>
        {items.map((p) => {
          const born = p.dateOfBirth ? parseIsoDate(p.dateOfBirth) : null;
          return (
            <Tr key={p.id}>
              <Td>
                <Link
                  to="/app/patients/$patientId"
                  params={{ patientId: p.id }}
                  className="font-medium text-slate-900 hover:text-brand-700 hover:underline"
                >
                  {p.lastName}, {p.firstName}
                </Link>
              </Td>
              <Td className="whitespace-nowrap tabular-nums">{p.mobile}</Td>
              <Td className="hidden text-slate-500 md:table-cell">{p.email ?? "—"}</Td>
              <Td className="hidden whitespace-nowrap lg:table-cell">
                {born ? formatDate(born) : "—"}
              </Td>
              <Td className="hidden text-end sm:table-cell">
                <div className="flex justify-end gap-1">
                  {p.userId && <Badge tone="brand">{t("patients.portal")}</Badge>}
                  {p.archivedAt && <Badge>{t("common.archived")}</Badge>}
                </div>
              </Td>
            </Tr>
          );
        })}
      </TBody>
    </Table>
  );
}
