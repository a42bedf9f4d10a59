// The patient portal's frame: no staff navigation, just the practice, the patient and sign-out.
import {
  AppShell,
  Button,
  buttonClasses,
  Card,
  CenteredLayout,
  EmptyState,
  errorMessage,
  ErrorState,
  LoadingState,
  Logo,
  SelectField,
  useT,
} from "@caredesk/ui";
import { useQueryClient } from "@tanstack/react-query";
import { Link, Outlet, useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { setActiveOrganizationId } from "../../lib/active-organization";
import { resetOrganizationData, trpc } from "../../lib/trpc";
import { useSignedInWorkspace, WorkspaceContext, type Workspace } from "../../lib/workspace";

export function PortalLayout() {
  const t = useT();
  const { me, workspace } = useSignedInWorkspace("/portal");

  if (me.isPending) return <LoadingState />;
  if (me.isError) {
    return (
      <CenteredLayout>
        <ErrorState
          message={errorMessage(me.error, t("ui.error.network"))}
          onRetry={() => void me.refetch()}
          retrying={me.isFetching}
        />
      </CenteredLayout>
    );
  }
  if (!workspace) return <LoadingState />;
  const organization = workspace.organization;

  return (
    <WorkspaceContext.Provider value={workspace}>
      <AppShell
        brand={
          <Link to="/portal" aria-label={t("portal.home")} className="flex items-center gap-3">
            <Logo />
            {organization && (
              <span className="hidden border-s border-slate-200 ps-3 text-sm text-slate-600 sm:inline">
                {organization.name}
              </span>
            )}
          </Link>
        }
        actions={<PortalActions workspace={workspace} />}
      >
        {!organization ? (
          <Card>
            <EmptyState
              titleAs="h1"
              title={t("portal.none.title")}
              description={t("portal.none.body", { email: workspace.user.email })}
            />
          </Card>
        ) : organization.role !== "patient" ? (
          <Card>
            <EmptyState
              titleAs="h1"
              title={t("portal.staff.title")}
              description={t("portal.staff.body", {
                organization: organization.name,
              })}
              action={
                <Link to="/app" className={buttonClasses("primary")}>
                  {t("portal.staff.action")}
                </Link>
              }
            />
          </Card>
        ) : (
          <Outlet key={organization.id} />
        )}
      </AppShell>
    </WorkspaceContext.Provider>
  );
}

function PortalActions({ workspace }: { workspace: Workspace }) {
  const t = useT();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [signOutError, setSignOutError] = useState<string | null>(null);
  const signOut = trpc.auth.signOut.useMutation({
    onSuccess: async () => {
      setActiveOrganizationId(null);
      queryClient.clear();
      await navigate({ to: "/signin" });
    },
    onError: () => setSignOutError(t("auth.signOut.failed")),
  });
  return (
    <>
      {workspace.organizations.length > 1 && workspace.organization && (
        <SelectField
          label={t("workspace.switcher")}
          hideLabel
          containerClassName="w-52"
          controlSize="sm"
          value={workspace.organization.id}
          onChange={(event) => {
            setActiveOrganizationId(event.target.value);
            void resetOrganizationData(queryClient);
          }}
          options={workspace.organizations.map((o) => ({ value: o.id, label: o.name }))}
        />
      )}
      <span
        className="hidden max-w-40 truncate text-sm text-slate-600 md:inline"
        title={workspace.user.email}
      >
        {workspace.user.name}
      </span>
      <Button
        variant="secondary"
        size="sm"
        loading={signOut.isPending}
        onClick={() => {
          setSignOutError(null);
          signOut.mutate();
        }}
      >
        {t("nav.signOut")}
      </Button>
      {signOutError && (
        <span role="alert" className="text-sm text-red-700">
          {signOutError}
        </span>
      )}
    </>
  );
}
