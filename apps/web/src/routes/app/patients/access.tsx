// A patient's record access: who read their clinical record (consultations, chart, account,
// forms, documents) and the history of changes to it, for members with audit.read.
import type { RouterOutputs } from "@caredesk/api";
import { PagedListBody, trpc } from "@caredesk/client";
import { Card, EmptyState, Table, TBody, Td, Th, THead, Tr, useI18n } from "@caredesk/ui";
import { getRouteApi } from "@tanstack/react-router";
import { useMemo } from "react";
import { readerRoleLabel, readKindLabel } from "../../../components/record-reads";
import type { MyOrganization } from "../../../lib/workspace";
import { zonedFormat } from "../../../lib/zoned";
import { AuditTable } from "../audit";
import { PatientRecordFrame, type RecordPatient } from "./record-frame";

type Read = RouterOutputs["recordAccess"]["list"]["items"][number];

const route = getRouteApi("/app/patients/$patientId/access");

export function PatientAccessPage() {
  const { patientId } = route.useParams();
  return (
    <PatientRecordFrame patientId={patientId} tab="access" action="audit.read">
      {({ organization, patient }) => (
        <div className="flex flex-col gap-6">
          <RecordReads organization={organization} patient={patient} />
          <RecordHistory organization={organization} patient={patient} />
        </div>
      )}
    </PatientRecordFrame>
  );
}

function RecordReads({
  organization,
  patient,
}: {
  organization: MyOrganization;
  patient: RecordPatient;
}) {
  const { t, tag } = useI18n();
  const fmt = useMemo(() => zonedFormat(tag, organization.timeZone), [tag, organization.timeZone]);
  const reads = trpc.recordAccess.list.useInfiniteQuery(
    { patientId: patient.id, limit: 25 },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  return (
    <Card title={t("access.reads")} description={t("access.reads.lead")}>
      <PagedListBody
        list={reads}
        empty={<EmptyState title={t("access.reads.empty")} />}
        status={(shown) => t("access.shown", { count: shown })}
      >
        {(items: Read[]) => (
          <Table
            caption={t("access.reads.caption", {
              name: `${patient.firstName} ${patient.lastName}`,
            })}
          >
            <THead>
              <Tr>
                <Th>{t("access.col.when")}</Th>
                <Th>{t("access.col.who")}</Th>
                <Th>{t("access.col.what")}</Th>
                <Th>{t("access.col.ip")}</Th>
              </Tr>
            </THead>
            <TBody>
              {items.map((read) => (
                <Tr key={read.id}>
                  <Td className="whitespace-nowrap">{fmt.dateTime(read.createdAt)}</Td>
                  <Td>
                    {read.reader ? (
                      <span title={read.reader.email}>
                        {read.reader.name}
                        {read.reader.role && (
                          <span className="ms-1 text-xs text-slate-500">
                            ({readerRoleLabel(t, read.reader.role)})
                          </span>
                        )}
                      </span>
                    ) : (
                      <span className="text-slate-500">{t("access.formerMember")}</span>
                    )}
                  </Td>
                  <Td>{readKindLabel(t, read.kind)}</Td>
                  <Td className="font-mono text-xs">{read.ip ?? "—"}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </PagedListBody>
    </Card>
  );
}

function RecordHistory({
  organization,
  patient,
}: {
  organization: MyOrganization;
  patient: RecordPatient;
}) {
  const { t } = useI18n();
  const history = trpc.audit.list.useInfiniteQuery(
    { patientId: patient.id, limit: 25 },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  return (
    <Card title={t("access.history")} description={t("access.history.lead")}>
      <PagedListBody
        list={history}
        empty={<EmptyState title={t("access.history.empty")} />}
        status={(shown) => t("access.shown", { count: shown })}
      >
        {(items) => <AuditTable organization={organization} rows={items} />}
      </PagedListBody>
    </Card>
  );
}
