// The frame of every part of a patient's record (overview, consultations, chart, ledger, forms,
// record access): the patient's name and facts, the alerts their forms raised, and the tabs.
// Each tab's screen renders inside it and needs only the patient it is given.
import type { RouterOutputs } from "@caredesk/api";
import { trpc } from "@caredesk/client";
import { Card, LoadingState, useI18n } from "@caredesk/ui";
import { Link } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { OrganizationGate } from "../../../components/organization-gate";
import { PatientAlerts } from "../../../components/patient-alerts";
import { QueryError } from "../../../components/query-error";
import { can, type Action } from "../../../lib/permissions";
import type { MyOrganization } from "../../../lib/workspace";

export type RecordPatient = RouterOutputs["patient"]["byId"];

export type RecordTab = "overview" | "consultations" | "chart" | "ledger" | "forms" | "access";

const tabs: {
  tab: RecordTab;
  to: string;
  action: Action;
  label: Parameters<ReturnType<typeof useI18n>["t"]>[0];
}[] = [
  {
    tab: "overview",
    to: "/app/patients/$patientId",
    action: "patient.read",
    label: "records.tab.overview",
  },
  {
    tab: "consultations",
    to: "/app/patients/$patientId/consultations",
    action: "consultation.read",
    label: "records.tab.consultations",
  },
  {
    tab: "chart",
    to: "/app/patients/$patientId/chart",
    action: "chart.read",
    label: "records.tab.chart",
  },
  {
    tab: "ledger",
    to: "/app/patients/$patientId/ledger",
    action: "ledger.read",
    label: "records.tab.ledger",
  },
  {
    tab: "forms",
    to: "/app/patients/$patientId/forms",
    action: "form.read",
    label: "records.tab.forms",
  },
  {
    tab: "access",
    to: "/app/patients/$patientId/access",
    action: "audit.read",
    label: "records.tab.access",
  },
];

export function BackToPatients() {
  const { t } = useI18n();
  return (
    <Link to="/app/patients" className="text-sm text-brand-700 hover:underline">
      {t("patients.back")}
    </Link>
  );
}

/** The tabs of a patient's record, those the member may open. */
export function RecordTabs({
  organization,
  patientId,
  current,
}: {
  organization: MyOrganization;
  patientId: string;
  current: RecordTab;
}) {
  const { t } = useI18n();
  return (
    <nav
      aria-label={t("records.tabs")}
      className="mb-6 flex flex-wrap gap-1 border-b border-slate-200"
    >
      {tabs
        .filter((tab) => can(organization.role, tab.action))
        .map((tab) => (
          <Link
            key={tab.tab}
            to={tab.to}
            params={{ patientId }}
            aria-current={tab.tab === current ? "page" : undefined}
            className={
              tab.tab === current
                ? "-mb-px border-b-2 border-brand-600 px-3 py-2 text-sm font-medium text-brand-700"
                : "px-3 py-2 text-sm text-slate-600 hover:text-slate-900"
            }
          >
            {t(tab.label)}
          </Link>
        ))}
    </nav>
  );
}

/**
 * A tab of a patient's record: checks the member may open it, loads the patient, shows the
 * header and tabs, then the tab's own content.
 */
export function PatientRecordFrame({
  patientId,
  tab,
  action,
  children,
}: {
  patientId: string;
  tab: RecordTab;
  action: Action;
  children: (context: { organization: MyOrganization; patient: RecordPatient }) => ReactNode;
}) {
  const { t } = useI18n();
  return (
    <OrganizationGate action={action} title={t("patients.title")}>
      {(organization) => (
        <RecordBody organization={organization} patientId={patientId} tab={tab}>
          {children}
        </RecordBody>
      )}
    </OrganizationGate>
  );
}

function RecordBody({
  organization,
  patientId,
  tab,
  children,
}: {
  organization: MyOrganization;
  patientId: string;
  tab: RecordTab;
  children: (context: { organization: MyOrganization; patient: RecordPatient }) => ReactNode;
}) {
  const { t } = useI18n();
  const patient = trpc.patient.byId.useQuery({ id: patientId });
  if (patient.isPending) return <LoadingState />;
  if (patient.isError) {
    return (
      <Card>
        <QueryError
          error={patient.error}
          onRetry={() => void patient.refetch()}
          retrying={patient.isRefetching}
          notFoundTitle={t("patients.notFound.title")}
          notFoundBody={t("patients.notFound.body", { organization: organization.name })}
          notFoundAction={<BackToPatients />}
        />
      </Card>
    );
  }
  const p = patient.data;
  return (
    <>
      <div className="mb-2">
        <BackToPatients />
      </div>
      <div className="mb-4 min-w-0">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">
          {p.firstName} {p.lastName}
        </h1>
        <p className="mt-1 text-sm text-slate-600">{p.mobile}</p>
        <PatientAlerts organization={organization} patientId={p.id} />
      </div>
      <RecordTabs organization={organization} patientId={p.id} current={tab} />
      {children({ organization, patient: p })}
    </>
  );
}
