// What the staff workspace and the patient portal frame alike: waiting for who is signed in,
// the organization switcher, and the account's name and sign-out in the header.
import { LoadErrorPage, SignedInAccount } from "@caredesk/client";
import { LoadingState, SelectField, useT } from "@caredesk/ui";
import { useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { resetOrganizationData, setActiveOrganizationId } from "../lib/active-organization";
import { useSignedInWorkspace, WorkspaceContext, type Workspace } from "../lib/workspace";

/**
 * For a layout: its children once the signed-in workspace is known, inside its context;
 * until then a loading state, or the failure with a retry.
 */
export function SignedInWorkspace({
  returnTo,
  children,
}: {
  /** Where sign-in sends a signed-out visitor back to. */
  returnTo?: string;
  children: (workspace: Workspace) => ReactNode;
}) {
  const { me, workspace } = useSignedInWorkspace(returnTo);

  if (me.isPending) return <LoadingState />;
  if (me.isError) {
    return (
      <LoadErrorPage error={me.error} onRetry={() => void me.refetch()} retrying={me.isFetching} />
    );
  }
  if (!workspace) return <LoadingState />;
  return (
    <WorkspaceContext.Provider value={workspace}>{children(workspace)}</WorkspaceContext.Provider>
  );
}

/** Switches the active organization; shown once there is one (or, `minimum`, that many). */
export function OrganizationSwitcher({
  workspace,
  minimum = 1,
}: {
  workspace: Workspace;
  minimum?: number;
}) {
  const t = useT();
  const queryClient = useQueryClient();
  if (workspace.organizations.length < minimum || !workspace.organization) return null;
  return (
    <SelectField
      label={t("workspace.switcher")}
      hideLabel
      containerClassName="w-52"
      controlSize="sm"
      value={workspace.organization.id}
      onChange={(event) => {
        setActiveOrganizationId(event.target.value);
        // Organization data is per organization: drop it rather than show the old one while refetching.
        void resetOrganizationData(queryClient);
      }}
      options={workspace.organizations.map((o) => ({ value: o.id, label: o.name }))}
    />
  );
}

/** The signed-in user's name and sign-out, which forgets the organization and all data. */
export function WorkspaceAccount({
  workspace,
  showNameFrom,
}: {
  workspace: Workspace;
  showNameFrom: "md" | "xl";
}) {
  return (
    <SignedInAccount
      user={workspace.user}
      showNameFrom={showNameFrom}
      truncateName
      onSignedOut={() => setActiveOrganizationId(null)}
    />
  );
}
