// Which member controls to show. Mirrors canManageRole in @caredesk/auth (a server package
// the browser bundle must not pull in); the server still decides every request.
import type { RouterOutputs } from "@caredesk/api";
import { memberRoles } from "@caredesk/validators";

export type Role = RouterOutputs["organization"]["members"]["items"][number]["role"];

export const allRoles: readonly Role[] = memberRoles;

export function canManageMembers(role: Role): boolean {
  return role === "owner" || role === "admin";
}

export function canManageRole(actor: Role, target: Role): boolean {
  if (!canManageMembers(actor)) return false;
  return target === "owner" ? actor === "owner" : true;
}

export function canReadMembers(role: Role): boolean {
  return role !== "patient";
}
