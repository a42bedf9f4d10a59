// The frame of every organization screen: no organization yet, or a role without access,
// each get a clear page instead of a failing request.
import { Alert, buttonClasses, Card, EmptyState, PageHeader, useT } from "@caredesk/ui";
import { Link } from "@tanstack/react-router";
import { Fragment, type ReactNode } from "react";
import { can, type Action } from "../lib/permissions";
import { useWorkspace, type MyOrganization } from "../lib/workspace";

export function OrganizationGate({
  action,
  title,
  children,
}: {
  /** What the screen needs to show anything at all. */
  action: Action;
  title: string;
  children: (organization: MyOrganization) => ReactNode;
}) {
  const t = useT();
  const { organization } = useWorkspace();
  if (!organization) {
    return (
      <Card>
        <EmptyState
          titleAs="h1"
          title={t("workspace.empty.title")}
          action={
            <Link to="/app/organizations/new" className={buttonClasses("primary")}>
              {t("workspace.empty.action")}
            </Link>
          }
        />
      </Card>
    );
  }
  if (!can(organization.role, action)) {
    return (
      <>
        <PageHeader title={title} />
        <Alert tone="warning">{t("access.denied")}</Alert>
      </>
    );
  }
  // Keyed so that switching organization starts the screen afresh.
  return <Fragment key={organization.id}>{children(organization)}</Fragment>;
}
