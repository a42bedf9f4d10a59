// "Who viewed my record": the practice's staff who read the patient's clinical record, what
// they read and when. The patient's own reads are not listed.
import { PagedListBody, trpc } from "@caredesk/client";
import {
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
import { useMemo } from "react";
import { readerRoleLabel, readKindLabel } from "../../components/record-reads";
import { useWorkspace, type MyOrganization } from "../../lib/workspace";
import { zonedFormat } from "../../lib/zoned";

export function PortalAccessPage() {
  const { organization } = useWorkspace();
  if (!organization) return null;
  return <PortalAccess organization={organization} />;
}

function PortalAccess({ organization }: { organization: MyOrganization }) {
  const { t, tag } = useI18n();
  const fmt = useMemo(() => zonedFormat(tag, organization.timeZone), [tag, organization.timeZone]);
  const reads = trpc.recordAccess.mine.useInfiniteQuery(
    { limit: 25 },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  return (
    <>
      <PageHeader
        title={t("portal.access.title")}
        description={t("portal.access.lead", { organization: organization.name })}
      />
      <Card>
        <PagedListBody
          list={reads}
          empty={
            <EmptyState
              title={t("portal.access.empty")}
              description={t("portal.access.empty.body")}
            />
          }
          status={(shown) => t("access.shown", { count: shown })}
        >
          {(items) => (
            <Table caption={t("portal.access.title")}>
              <THead>
                <Tr>
                  <Th>{t("access.col.when")}</Th>
                  <Th>{t("access.col.who")}</Th>
                  <Th>{t("access.col.what")}</Th>
                </Tr>
              </THead>
              <TBody>
                {items.map((read) => (
                  <Tr key={read.id}>
                    <Td className="whitespace-nowrap">{fmt.dateTime(read.createdAt)}</Td>
                    <Td>
                      {read.reader ? (
                        <>
                          <span className="font-medium text-slate-900">{read.reader.name}</span>
                          {read.reader.role && (
                            <span className="ms-1 text-xs text-slate-500">
                              ({readerRoleLabel(t, read.reader.role)})
                            </span>
                          )}
                        </>
                      ) : (
                        <span className="text-slate-500">{t("access.formerMember")}</span>
                      )}
                    </Td>
                    <Td>{readKindLabel(t, read.kind)}</Td>
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
