// The patient's own records: their signed consultations with diagnoses, prescriptions (each
// printable) and addenda. Drafts never reach the portal.
import { PagedListBody, trpc } from "@caredesk/client";
import { Card, EmptyState, PageHeader, useI18n } from "@caredesk/ui";
import { useWorkspace, type MyOrganization } from "../../lib/workspace";
import {
  AddendaList,
  ConsultationRecord,
  PrescriptionPrintButton,
} from "../app/patients/consultation-view";

export function PortalRecordsPage() {
  const { organization } = useWorkspace();
  if (!organization) return null;
  return <PortalRecords organization={organization} />;
}

function PortalRecords({ organization }: { organization: MyOrganization }) {
  const { t, formatDate, formatDateTime } = useI18n();
  const list = trpc.consultation.mine.useInfiniteQuery(
    { limit: 10 },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  return (
    <>
      <PageHeader
        title={t("consultations.portal.title")}
        description={t("consultations.portal.lead", { organization: organization.name })}
      />
      <PagedListBody
        list={list}
        empty={
          <Card>
            <EmptyState
              title={t("consultations.portal.empty.title")}
              description={t("consultations.portal.empty.body")}
            />
          </Card>
        }
      >
        {(items) => (
          <div className="flex flex-col gap-6">
            {items.map((c) => (
              <Card
                key={c.id}
                title={t("consultations.portal.visit", { date: formatDate(c.startedAt) })}
                description={
                  c.signedAt
                    ? t("consultation.signedBy", {
                        name:
                          [c.practitionerTitle, c.practitionerName].filter(Boolean).join(" ") ||
                          c.signedByName ||
                          t("consultation.unknownAuthor"),
                        date: formatDateTime(c.signedAt),
                      })
                    : undefined
                }
                actions={
                  <PrescriptionPrintButton consultation={c} organizationId={organization.id} />
                }
              >
                <div className="flex flex-col gap-6">
                  <ConsultationRecord consultation={c} organizationId={organization.id} />
                  {c.addenda.length > 0 && (
                    <section className="flex flex-col gap-2">
                      <h3 className="text-sm font-semibold text-slate-900">
                        {t("consultation.addenda")}
                      </h3>
                      <AddendaList addenda={c.addenda} />
                    </section>
                  )}
                </div>
              </Card>
            ))}
          </div>
        )}
      </PagedListBody>
    </>
  );
}
