// The practice's medical-history forms: the list, archive, and a way to build a new one.
import { errorMessage, trpc } from "@caredesk/client";
import {
  Badge,
  buttonClasses,
  Button,
  Card,
  ConfirmDialog,
  EmptyState,
  LoadingState,
  PageHeader,
  useI18n,
} from "@caredesk/ui";
import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { OrganizationGate } from "../../../components/organization-gate";
import { QueryError } from "../../../components/query-error";
import { can } from "../../../lib/permissions";
import type { MyOrganization } from "../../../lib/workspace";

export function FormsPage() {
  const { t } = useI18n();
  return (
    <OrganizationGate action="form.send" title={t("forms.title")}>
      {(organization) => <FormsList organization={organization} />}
    </OrganizationGate>
  );
}

function FormsList({ organization }: { organization: MyOrganization }) {
  const { t, formatDateTime } = useI18n();
  const utils = trpc.useUtils();
  const manage = can(organization.role, "form.manage");
  const forms = trpc.questionnaire.list.useQuery({ includeArchived: false, limit: 100 });
  const archive = trpc.questionnaire.archive.useMutation({
    onSuccess: () => {
      setArchiving(null);
      void utils.questionnaire.list.invalidate();
    },
  });
  const [archiving, setArchiving] = useState<{ id: string; title: string } | null>(null);
  const newForm = manage ? (
    <Link
      to="/app/forms/$questionnaireId"
      params={{ questionnaireId: "new" }}
      className={buttonClasses("primary")}
    >
      {t("forms.new")}
    </Link>
  ) : null;
  return (
    <>
      <PageHeader title={t("forms.title")} description={t("forms.lead")} actions={newForm} />
      <Card>
        {forms.isPending ? (
          <LoadingState />
        ) : forms.isError ? (
          <QueryError error={forms.error} onRetry={() => void forms.refetch()} />
        ) : forms.data.items.length === 0 ? (
          <EmptyState
            title={t("forms.empty")}
            description={t("forms.emptyBody")}
            action={newForm}
          />
        ) : (
          <ul className="divide-y divide-slate-100">
            {forms.data.items.map((f) => (
              <li key={f.id} className="flex flex-wrap items-center justify-between gap-2 py-3">
                <div>
                  <Link
                    to="/app/forms/$questionnaireId"
                    params={{ questionnaireId: f.id }}
                    className="font-medium text-brand-700 hover:underline"
                  >
                    {f.title}
                  </Link>
                  <p className="text-xs text-slate-500">
                    {t("forms.updated", { when: formatDateTime(f.updatedAt) })}
                  </p>
                </div>
                <div className="flex items-center gap-2">
                  <Badge>{t("forms.version", { version: f.currentVersion })}</Badge>
                  {manage && (
                    <Button variant="secondary" size="sm" onClick={() => setArchiving(f)}>
                      {t("forms.archive")}
                    </Button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <ConfirmDialog
        open={archiving !== null}
        title={t("forms.archiveTitle", { title: archiving?.title ?? "" })}
        description={t("forms.archiveBody")}
        confirmLabel={t("forms.archive")}
        pending={archive.isPending}
        error={archive.error ? errorMessage(archive.error, t("ui.error.network")) : null}
        onConfirm={() => archiving && archive.mutate({ id: archiving.id })}
        onCancel={() => setArchiving(null)}
      />
    </>
  );
}
