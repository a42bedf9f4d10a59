// What every /app screen needs to know: who is signed in and which organization is active.
import type { RouterOutputs } from "@caredesk/api";
import { trpc } from "@caredesk/client";
import { useNavigate } from "@tanstack/react-router";
import { createContext, useContext, useEffect, useMemo } from "react";
import { setActiveOrganizationId, useActiveOrganizationId } from "./active-organization";

type Me = NonNullable<RouterOutputs["auth"]["me"]>;
export type WorkspaceUser = Me["user"];
export type MyOrganization = Me["organizations"][number];

export interface Workspace {
  user: WorkspaceUser;
  organizations: MyOrganization[];
  /** Null until the user creates or joins an organization. */
  organization: MyOrganization | null;
}

export const WorkspaceContext = createContext<Workspace | null>(null);

export function useWorkspace(): Workspace {
  const workspace = useContext(WorkspaceContext);
  if (!workspace) throw new Error("useWorkspace must be used inside the /app layout");
  return workspace;
}

/** The stored choice when it is still one of the user's organizations, else the first. */
export function pickOrganization(
  organizations: MyOrganization[],
  storedId: string | null,
): MyOrganization | null {
  return organizations.find((o) => o.id === storedId) ?? organizations[0] ?? null;
}

/**
 * For a layout: the signed-in user and their active organization (the stored choice while
 * it is still theirs). Sends a signed-out visitor to sign in, back to `returnTo` afterwards.
 */
export function useSignedInWorkspace(returnTo?: string) {
  const navigate = useNavigate();
  const me = trpc.auth.me.useQuery();
  const storedId = useActiveOrganizationId();
  const data = me.data;

  const workspace = useMemo<Workspace | null>(() => {
    if (!data) return null;
    return {
      user: data.user,
      organizations: data.organizations,
      organization: pickOrganization(data.organizations, storedId),
    };
  }, [data, storedId]);

  const activeId = workspace?.organization?.id ?? null;
  useEffect(() => {
    // Keep the header in step when the stored organization is gone (left or removed).
    if (workspace && activeId !== storedId) setActiveOrganizationId(activeId);
  }, [workspace, activeId, storedId]);

  useEffect(() => {
    if (me.data === null) void navigate({ to: "/signin", search: { redirect: returnTo } });
  }, [me.data, navigate, returnTo]);

  return { me, workspace };
}
