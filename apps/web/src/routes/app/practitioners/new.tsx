import { Card, PageHeader, useI18n } from "@caredesk/ui";
import { Link, useNavigate } from "@tanstack/react-router";
import { OrganizationGate } from "../../../components/organization-gate";
import { PractitionerForm } from "./form";

export function NewPractitionerPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <OrganizationGate action="directory.manage" title={t("practitioners.new")}>
      {(organization) => (
        <>
          <PageHeader
            title={t("practitioners.new")}
            description={
              <Link to="/app/practitioners" className="text-brand-700 hover:underline">
                {t("practitioners.back")}
              </Link>
            }
          />
          <Card className="max-w-3xl">
            <PractitionerForm
              organization={organization}
              practitioner={null}
              onSaved={(saved) =>
                void navigate({
                  to: "/app/practitioners/$practitionerId",
                  params: { practitionerId: saved.id },
                })
              }
              onCancel={() => void navigate({ to: "/app/practitioners" })}
            />
          </Card>
        </>
      )}
    </OrganizationGate>
  );
}
