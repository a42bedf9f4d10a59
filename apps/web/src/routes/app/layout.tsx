import {
  AppShell,
  Button,
  buttonClasses,
  CenteredLayout,
  errorMessage,
  ErrorState,
  LoadingState,
  Logo,
  navLinkClasses,
  SelectField,
  useT,
} from "@caredesk/ui";
import { useQueryClient } from "@tanstack/react-query";
import {
  Link,
  Navigate,
  Outlet,
  useNavigate,
  useRouter,
  type ErrorComponentProps,
} from "@tanstack/react-router";
import { useState } from "react";
import { setActiveOrganizationId } from "../../lib/active-organization";
import { can, canReadMembers } from "../../lib/permissions";
import { resetOrganizationData, trpc } from "../../lib/trpc";
import { useSignedInWorkspace, WorkspaceContext, type Workspace } from "../../lib/workspace";

export function WorkspaceLayout() {
  const t = useT();
  const { me, workspace } = useSignedInWorkspace();

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
  // Patients use the portal; switching to an organization where one is a patient goes there.
  if (workspace.organization?.role === "patient") return <Navigate to="/portal" replace />;

  return (
    <WorkspaceContext.Provider value={workspace}>
      <AppShell
        brand={
          <Link to="/app" aria-label={t("nav.workspace")}>
            <Logo />
          </Link>
        }
        navPlacement="below"
        nav={<WorkspaceNav workspace={workspace} />}
        actions={<HeaderActions workspace={workspace} />}
      >
        <Outlet />
      </AppShell>
    </WorkspaceContext.Provider>
  );
}

const navLink = {
  className: navLinkClasses(false),
  activeProps: { className: navLinkClasses(true) },
} as const;

function WorkspaceNav({ workspace }: { workspace: Workspace }) {
  const t = useT();
  const role = workspace.organization?.role;
  const directory = role !== undefined && can(role, "directory.read");
  return (
    <>
      <Link to="/app" activeOptions={{ exact: true }} {...navLink}>
        {t("nav.workspace")}
      </Link>
      {role !== undefined && can(role, "appointment.read") && (
        <Link to="/app/calendar" {...navLink}>
          {t("nav.calendar")}
        </Link>
      )}
      {role !== undefined && can(role, "patient.read") && (
        <Link to="/app/patients" {...navLink}>
          {t("nav.patients")}
        </Link>
      )}
      {directory && (
        <>
          <Link to="/app/practitioners" {...navLink}>
            {t("nav.practitioners")}
          </Link>
          <Link to="/app/departments" {...navLink}>
            {t("nav.departments")}
          </Link>
          <Link to="/app/services" {...navLink}>
            {t("nav.services")}
          </Link>
          <Link to="/app/resources" {...navLink}>
            {t("nav.resources")}
          </Link>
        </>
      )}
      {role !== undefined && canReadMembers(role) && (
        <Link to="/app/members" {...navLink}>
          {t("nav.members")}
        </Link>
      )}
      <Link to="/app/account" {...navLink}>
        {t("nav.account")}
      </Link>
    </>
  );
}

function HeaderActions({ workspace }: { workspace: Workspace }) {
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

  const switchTo = (id: string) => {
    setActiveOrganizationId(id);
    // Organization data is per organization: drop it rather than show the old one while refetching.
    void resetOrganizationData(queryClient);
  };

  return (
    <>
      {workspace.organizations.length > 0 && workspace.organization && (
        <SelectField
          label={t("workspace.switcher")}
          hideLabel
          containerClassName="w-52"
          controlSize="sm"
          value={workspace.organization.id}
          onChange={(event) => switchTo(event.target.value)}
          options={workspace.organizations.map((o) => ({ value: o.id, label: o.name }))}
        />
      )}
      <Link to="/app/organizations/new" className={buttonClasses("ghost", "sm")}>
        {t("nav.newOrganization")}
      </Link>
      <span
        className="hidden max-w-40 truncate text-sm text-slate-600 xl:inline"
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

/** Shown when the workspace could not even check who is signed in. */
export function WorkspaceLoadError({ error }: ErrorComponentProps) {
  const t = useT();
  const router = useRouter();
  return (
    <CenteredLayout>
      <ErrorState
        message={errorMessage(error, t("ui.error.network"))}
        onRetry={() => void router.invalidate()}
      />
    </CenteredLayout>
  );
}
