import { errorMessage, trpc } from "@caredesk/client";
import { Alert, Badge, Card, ConfirmDialog, PageHeader, useI18n } from "@caredesk/ui";
import { getRouteApi, Link, useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { OrganizationGate } from "../../../components/organization-gate";
import { ArchiveRestoreButton } from "../../../components/archiving";
import { organizationPage } from "../../../components/organization-page";
import { RecordFallback } from "../../../components/record-fallback";
import { can } from "../../../lib/permissions";
import type { MyOrganization } from "../../../lib/workspace";
import { ServiceForm } from "./form";

function BackLink() {
  const { t } = useI18n();
  return (
    <Link to="/app/services" className="text-brand-700 hover:underline">
      {t("services.back")}
    </Link>
  );
}

export function NewServicePage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <OrganizationGate action="directory.manage" title={t("services.new")}>
      {(organization) => (
        <>
          <PageHeader title={t("services.new")} description={<BackLink />} />
          <Card className="max-w-4xl">
            <ServiceForm
              organization={organization}
              service={null}
              onSaved={() => void navigate({ to: "/app/services" })}
              onCancel={() => void navigate({ to: "/app/services" })}
            />
          </Card>
        </>
      )}
    </OrganizationGate>
  );
}

const route = getRouteApi("/app/services/$serviceId");

export const ServicePage = organizationPage("directory.read", "services.title", ServiceScreen);

function ServiceScreen({ organization }: { organization: MyOrganization }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { serviceId } = route.useParams();
  const manage = can(organization.role, "directory.manage");
  const utils = trpc.useUtils();
  const service = trpc.service.byId.useQuery({ id: serviceId });
  const setActive = trpc.service.update.useMutation({
    onSuccess: () => utils.service.invalidate(),
  });
  const [confirmArchive, setConfirmArchive] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  if (service.isPending || service.isError) {
    return (
      <RecordFallback
        query={service}
        notFoundTitle={t("services.notFound.title")}
        notFoundBody={t("services.notFound.body")}
        notFoundAction={<BackLink />}
      />
    );
  }
  const s = service.data;
  const changeActive = async (active: boolean) => {
    setNotice(null);
    try {
      await setActive.mutateAsync({ id: s.id, active });
      setConfirmArchive(false);
      setNotice(t(active ? "services.restored" : "services.archived", { name: s.name }));
    } catch {
      // Shown in the dialog or the alert.
    }
  };

  return (
    <>
      <PageHeader
        title={
          <span className="flex items-center gap-3">
            <span
              aria-hidden="true"
              className="size-5 rounded-full ring-1 ring-black/10"
              style={{ backgroundColor: s.colour }}
            />
            {s.name}
            {!s.active && <Badge>{t("common.archived")}</Badge>}
          </span>
        }
        description={<BackLink />}
        actions={
          manage && (
            <ArchiveRestoreButton
              active={s.active}
              restoring={setActive.isPending}
              onArchive={() => {
                setActive.reset();
                setConfirmArchive(true);
              }}
              onRestore={() => void changeActive(true)}
            />
          )
        }
      />
      <div className="flex max-w-4xl flex-col gap-4">
        {notice && <Alert tone="success">{notice}</Alert>}
        {setActive.error && !confirmArchive && (
          <Alert tone="error">{errorMessage(setActive.error, t("ui.error.network"))}</Alert>
        )}
        {manage ? (
          <Card>
            <ServiceForm
              key={s.id}
              organization={organization}
              service={s}
              onSaved={() => void navigate({ to: "/app/services" })}
              onCancel={() => void navigate({ to: "/app/services" })}
            />
          </Card>
        ) : (
          <Alert tone="info">{t("services.readOnly")}</Alert>
        )}
      </div>
      <ConfirmDialog
        open={confirmArchive}
        title={t("services.confirmArchive.title", { name: s.name })}
        description={t("services.confirmArchive.body")}
        confirmLabel={t("common.archive")}
        pending={setActive.isPending}
        error={setActive.error ? errorMessage(setActive.error, t("ui.error.network")) : null}
        onConfirm={() => void changeActive(false)}
        onCancel={() => setConfirmArchive(false)}
      />
    </>
  );
}
