import { PagedListBody, trpc } from "@caredesk/client";
import {
  buttonClasses,
  Card,
  EmptyState,
  PageHeader,
  Table,
  TBody,
  Td,
  Th,
  THead,
  Tr,
  useI18n,
} from "@caredesk/ui";
import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { ActiveBadge, ShowArchivedToggle } from "../../../components/archiving";
import { ExportMenu } from "../../../components/export-menu";
import { organizationPage } from "../../../components/organization-page";
import { useDepartments } from "../../../lib/directory";
import { formatMoney } from "../../../lib/money";
import { can } from "../../../lib/permissions";
import type { MyOrganization } from "../../../lib/workspace";
import { useRequirementLabel } from "./requirements";

export const ServicesPage = organizationPage("directory.read", "services.title", ServicesScreen);

function ServicesScreen({ organization }: { organization: MyOrganization }) {
  const { t, tag } = useI18n();
  const manage = can(organization.role, "directory.manage");
  const departments = useDepartments();
  const requirementLabel = useRequirementLabel();
  const [showInactive, setShowInactive] = useState(false);
  const list = trpc.service.list.useInfiniteQuery(
    { includeInactive: showInactive, limit: 50 },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  const create = manage && (
    <Link to="/app/services/new" className={buttonClasses("primary")}>
      {t("services.new")}
    </Link>
  );

  return (
    <>
      <PageHeader
        title={t("services.title")}
        description={t("services.lead", { currency: organization.currency })}
        actions={
          <>
            <ExportMenu
              organization={organization}
              kind="services"
              listName={t("services.title")}
              filters={showInactive ? {} : { active: "true" }}
            />
            {create}
          </>
        }
      />
      <Card
        title={t("services.listTitle")}
        actions={<ShowArchivedToggle checked={showInactive} onChange={setShowInactive} />}
      >
        <PagedListBody
          list={list}
          empty={
            <EmptyState
              title={t("services.empty.title")}
              description={t(manage ? "services.empty.body" : "services.empty.readOnly")}
              action={create}
            />
          }
        >
          {(items) => (
            <Table caption={t("services.caption")}>
              <THead>
                <Tr>
                  <Th>{t("services.col.name")}</Th>
                  <Th className="text-end">{t("services.col.duration")}</Th>
                  <Th className="text-end">{t("services.col.price")}</Th>
                  <Th className="hidden md:table-cell">{t("services.col.department")}</Th>
                  <Th className="hidden lg:table-cell">{t("services.col.needs")}</Th>
                  <Th>{t("common.col.status")}</Th>
                </Tr>
              </THead>
              <TBody>
                {items.map((s) => (
                  <Tr key={s.id}>
                    <Td>
                      <div className="flex items-center gap-3">
                        <span
                          aria-hidden="true"
                          className="size-4 shrink-0 rounded-full ring-1 ring-black/10"
                          style={{ backgroundColor: s.colour }}
                        />
                        <Link
                          to="/app/services/$serviceId"
                          params={{ serviceId: s.id }}
                          className="font-medium text-slate-900 hover:text-brand-700 hover:underline"
                        >
                          {s.name}
                        </Link>
                      </div>
                    </Td>
                    <Td className="text-end whitespace-nowrap tabular-nums">
                      {t("services.minutes", { count: s.durationMinutes })}
                    </Td>
                    <Td className="text-end whitespace-nowrap tabular-nums">
                      {formatMoney(s.priceMinor, organization.currency, tag)}
                    </Td>
                    <Td className="hidden md:table-cell">
                      {departments.nameOf(s.departmentId) ?? "—"}
                    </Td>
                    <Td className="hidden text-xs text-slate-500 lg:table-cell">
                      {s.requirements
                        .map((r) => requirementLabel(r, departments.nameOf))
                        .join(" + ") || "—"}
                    </Td>
                    <Td>
                      <ActiveBadge active={s.active} />
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
