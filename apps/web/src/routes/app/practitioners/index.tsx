import { PagedListBody, trpc } from "@caredesk/client";
import {
  buttonClasses,
  Card,
  EmptyState,
  ListFilters,
  PageHeader,
  SelectField,
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
import { useState } from "react";
import { Avatar } from "../../../components/avatar";
import { ActiveBadge, ShowArchivedToggle } from "../../../components/archiving";
import { ExportMenu } from "../../../components/export-menu";
import { organizationPage } from "../../../components/organization-page";
import { displayName, useDepartments } from "../../../lib/directory";
import { can } from "../../../lib/permissions";
import type { MyOrganization } from "../../../lib/workspace";

const route = getRouteApi("/app/practitioners/");

export const PractitionersPage = organizationPage(
  "directory.read",
  "practitioners.title",
  PractitionersScreen,
);

function PractitionersScreen({ organization }: { organization: MyOrganization }) {
  const { t } = useI18n();
  const manage = can(organization.role, "directory.manage");
  const { department: departmentId } = route.useSearch();
  const navigate = route.useNavigate();
  const [showInactive, setShowInactive] = useState(false);
  const [search, setSearch] = useState("");
  const debounced = useDebouncedValue(search.trim(), 250);
  const departments = useDepartments();
  const list = trpc.practitioner.list.useInfiniteQuery(
    {
      includeInactive: showInactive,
      limit: 50,
      ...(departmentId ? { departmentId } : {}),
      ...(debounced ? { search: debounced } : {}),
    },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  const filtered = Boolean(departmentId || debounced);
  const create = manage && (
    <Link to="/app/practitioners/new" className={buttonClasses("primary")}>
      {t("practitioners.new")}
    </Link>
  );

  return (
    <>
      <PageHeader
        title={t("practitioners.title")}
        description={t("practitioners.lead", { organization: organization.name })}
        actions={
          <>
            <ExportMenu
              organization={organization}
              kind="practitioners"
              listName={t("practitioners.title")}
              filters={{
                ...(debounced ? { search: debounced } : {}),
                ...(showInactive ? {} : { active: "true" as const }),
              }}
            />
            {create}
          </>
        }
      />
      <Card>
        <ListFilters>
          <TextField
            type="search"
            label={t("practitioners.search")}
            placeholder={t("practitioners.searchPlaceholder")}
            containerClassName="w-64"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <SelectField
            label={t("practitioners.filter.department")}
            containerClassName="w-60"
            placeholder={t("practitioners.filter.all")}
            value={departmentId ?? ""}
            options={departments.options(departmentId)}
            onChange={(e) =>
              void navigate({
                search: { department: e.target.value || undefined },
                replace: true,
              })
            }
          />
          <ShowArchivedToggle
            containerClassName="mb-2.5"
            checked={showInactive}
            onChange={setShowInactive}
          />
        </ListFilters>
        <PagedListBody
          list={list}
          empty={
            <EmptyState
              title={t(filtered ? "practitioners.empty.filtered" : "practitioners.empty.title")}
              description={
                filtered
                  ? undefined
                  : t(manage ? "practitioners.empty.body" : "practitioners.empty.readOnly")
              }
              action={!filtered && create}
            />
          }
        >
          {(items) => (
            <Table caption={t("practitioners.caption")}>
              <THead>
                <Tr>
                  <Th>{t("practitioners.col.name")}</Th>
                  <Th className="hidden md:table-cell">{t("practitioners.col.department")}</Th>
                  <Th className="hidden lg:table-cell">{t("practitioners.col.contact")}</Th>
                  <Th>{t("common.col.status")}</Th>
                </Tr>
              </THead>
              <TBody>
                {items.map((p) => (
                  <Tr key={p.id}>
                    <Td>
                      <div className="flex items-center gap-3">
                        <Avatar
                          organizationId={organization.id}
                          fileId={p.photoFileId}
                          name={p.name}
                          size="sm"
                        />
                        <div className="min-w-0">
                          <Link
                            to="/app/practitioners/$practitionerId"
                            params={{ practitionerId: p.id }}
                            className="font-medium text-slate-900 hover:text-brand-700 hover:underline"
                          >
                            {displayName(p)}
                          </Link>
                          <div className="truncate text-xs text-slate-500">
                            {p.specialization ?? "—"}
                          </div>
                        </div>
                      </div>
                    </Td>
                    <Td className="hidden text-slate-600 md:table-cell">
                      {departments.nameOf(p.departmentId) ?? "—"}
                    </Td>
                    <Td className="hidden text-xs text-slate-500 lg:table-cell">
                      <div>{p.email ?? ""}</div>
                      <div>{p.phone ?? ""}</div>
                    </Td>
                    <Td>
                      <ActiveBadge active={p.active} />
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          )}
        </PagedListBody>
      </Card>
    </>
  );
}
