import { Card, PageHeader, useI18n } from "@caredesk/ui";
import { Link, useNavigate } from "@tanstack/react-router";
import { OrganizationGate } from "../../../components/organization-gate";
import { PatientForm } from "./form";

export function NewPatientPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <OrganizationGate action="patient.write" title={t("patients.new")}>
      {() => (
        <>
          <PageHeader
            title={t("patients.new")}
            description={
              <Link to="/app/patients" className="text-brand-700 hover:underline">
                {t("patients.back")}
              </Link>
            }
          />
          <Card className="max-w-3xl">
            <PatientForm
              patient={null}
              onSaved={(saved) =>
                void navigate({ to: "/app/patients/$patientId", params: { patientId: saved.id } })
              }
              onCancel={() => void navigate({ to: "/app/patients" })}
            />
          </Card>
        </>
      )}
    </OrganizationGate>
  );
}
