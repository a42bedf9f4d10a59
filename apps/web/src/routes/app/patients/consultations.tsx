// The consultations tab of a patient's record: every note, newest first, and "New
// consultation" for the clinical roles.
import { errorMessage, PagedListBody, trpc } from "@caredesk/client";
import {
  Alert,
  Button,
  Card,
  EmptyState,
  Table,
  TBody,
  Td,
  Th,
  THead,
  Tr,
  useI18n,
} from "@caredesk/ui";
import { getRouteApi, Link, useNavigate } from "@tanstack/react-router";
import { can } from "../../../lib/permissions";
import type { MyOrganization } from "../../../lib/workspace";
import { ConsultationStatusBadge } from "./consultation-view";
import { PatientRecordFrame, type RecordPatient } from "./record-frame";

const route = getRouteApi("/app/patients/$patientId/consultations");

export function PatientConsultationsPage() {
  const { patientId } = route.useParams();
  return (
    <PatientRecordFrame patientId={patientId} tab="consultations" action="consultation.read">
      {({ organization, patient }) => (
        <ConsultationList organization={organization} patient={patient} />
      )}
    </PatientRecordFrame>
  );
}

function ConsultationList({
  organization,
  patient,
}: {
  organization: MyOrganization;
  patient: RecordPatient;
}) {
  const { t, formatDateTime } = useI18n();
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const write = can(organization.role, "consultation.write") && !patient.archivedAt;
  const list = trpc.consultation.list.useInfiniteQuery(
    { patientId: patient.id, limit: 25 },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  const start = trpc.consultation.start.useMutation({
    onSuccess: async (created) => {
      await utils.consultation.list.invalidate({ patientId: patient.id });
      await navigate({
        to: "/app/patients/$patientId/consultations/$consultationId",
        params: { patientId: patient.id, consultationId: created.id },
      });
    },
  });
  const startButton = write && (
    <Button loading={start.isPending} onClick={() => start.mutate({ patientId: patient.id })}>
      {t("consultations.new")}
    </Button>
  );
  const name = `${patient.firstName} ${patient.lastName}`;

  return (
    <Card
      title={t("consultations.title")}
      description={t("consultations.lead")}
      actions={startButton}
    >
      {start.isError && (
        <div className="mb-4">
          <Alert tone="error">{errorMessage(start.error, t("consultations.startError"))}</Alert>
        </div>
      )}
      <PagedListBody
        list={list}
        empty={
          <EmptyState
            title={t("consultations.empty.title")}
            description={t(write ? "consultations.empty.body" : "consultations.empty.readOnly")}
          />
        }
      >
        {(items) => (
          <Table caption={t("consultations.caption", { name })}>
            <THead>
              <Tr>
                <Th>{t("consultations.column.date")}</Th>
                <Th>{t("consultations.column.status")}</Th>
                <Th>{t("consultations.column.assessment")}</Th>
                <Th>{t("consultations.column.author")}</Th>
              </Tr>
            </THead>
            <TBody>
              {items.map((c) => (
                <Tr key={c.id}>
                  <Td>
                    <Link
                      to="/app/patients/$patientId/consultations/$consultationId"
                      params={{ patientId: patient.id, consultationId: c.id }}
                      className="font-medium text-brand-700 hover:underline"
                    >
                      {formatDateTime(c.startedAt)}
                    </Link>
                  </Td>
                  <Td>
                    <ConsultationStatusBadge status={c.status} />
                  </Td>
                  <Td className="max-w-sm truncate">
                    {c.assessment ?? (
                      <span className="text-slate-500">{t("consultations.noAssessment")}</span>
                    )}
                  </Td>
                  <Td>{c.practitionerName ?? c.authorName ?? "—"}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </PagedListBody>
    </Card>
  );
}
