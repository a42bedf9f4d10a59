// The alerts a patient's signed forms raised (allergies, anticoagulants, pregnancy…), shown
// under their name wherever their record is open. Members without form.read see nothing.
import { trpc } from "@caredesk/client";
import { Badge, useI18n } from "@caredesk/ui";
import { can } from "../lib/permissions";
import type { MyOrganization } from "../lib/workspace";

export function PatientAlerts({
  organization,
  patientId,
}: {
  organization: MyOrganization;
  patientId: string;
}) {
  if (!can(organization.role, "form.read")) return null;
  return <Alerts patientId={patientId} />;
}

function Alerts({ patientId }: { patientId: string }) {
  const { t } = useI18n();
  const alerts = trpc.formSubmission.alerts.useQuery({ patientId });
  // The header stays calm: nothing while loading, a quiet note when they cannot be read.
  if (alerts.isPending) return null;
  if (alerts.isError) {
    return <p className="mt-2 text-xs text-slate-500">{t("forms.alerts.unavailable")}</p>;
  }
  if (alerts.data.length === 0) return null;
  return (
    <ul
      aria-label={t("forms.alerts.label")}
      className="mt-2 flex flex-wrap gap-2"
      data-testid="patient-alerts"
    >
      {alerts.data.map((alert) => (
        <li key={`${alert.submissionId}:${alert.label}`}>
          <Badge tone="danger">{alert.label}</Badge>
        </li>
      ))}
    </ul>
  );
}
