// What every /app screen needs to know: who is signed in and which organization is active.
import type { RouterOutputs } from "@caredesk/api";
import { createContext, useContext } from "react";

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
