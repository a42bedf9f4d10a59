import { Badge, buttonClasses, Card, EmptyState, PageHeader, useT } from "@caredesk/ui";
import { Link } from "@tanstack/react-router";
import { canManageMembers, canReadMembers } from "../../lib/permissions";
import { useWorkspace } from "../../lib/workspace";

export function WorkspaceHome() {
  const t = useT();
  const { user, organization } = useWorkspace();

  if (!organization) {
    return (
      <>
        <PageHeader title={t("workspace.welcome", { name: user.name })} />
        <Card>
          <EmptyState
            titleAs="h2"
            title={t("workspace.empty.title")}
            description={t("workspace.empty.body", { email: user.email })}
            action={
              <Link to="/app/organizations/new" className={buttonClasses("primary")}>
                {t("workspace.empty.action")}
              </Link>
            }
          />
        </Card>
      </>
    );
  }

  const facts = [
    { label: t("workspace.kind"), value: t(`org.kind.${organization.kind}`) },
    { label: t("workspace.timeZone"), value: organization.timeZone },
    { label: t("workspace.currency"), value: organization.currency },
  ];

  return (
    <>
      <PageHeader
        title={organization.name}
        description={t("workspace.welcome", { name: user.name })}
        actions={
          <>
            <Link
              to="/p/$slug"
              params={{ slug: organization.slug }}
              className={buttonClasses("ghost")}
            >
              {t("workspace.publicPage")}
            </Link>
            {canReadMembers(organization.role) && (
              <Link to="/app/members" className={buttonClasses("secondary")}>
                {canManageMembers(organization.role)
                  ? t("workspace.manageMembers")
                  : t("workspace.viewMembers")}
              </Link>
            )}
          </>
        }
      />
      <Card title={t("workspace.overview", { organization: organization.name })}>
        <dl className="grid gap-6 sm:grid-cols-2 lg:grid-cols-4">
          <div>
            <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">
              {t("workspace.yourRole")}
            </dt>
            <dd className="mt-1">
              <Badge tone="brand" className="text-sm">
                {t(`role.${organization.role}`)}
              </Badge>
            </dd>
          </div>
          {facts.map((fact) => (
            <div key={fact.label}>
              <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">
                {fact.label}
              </dt>
              <dd className="mt-1 text-sm font-medium text-slate-900">{fact.value}</dd>
            </div>
          ))}
        </dl>
      </Card>
    </>
  );
}
