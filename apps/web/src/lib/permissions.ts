// Which controls to show. The rules come from the one permission table in @caredesk/auth
// (its browser-safe subpath); the server still decides every request.
import { can, canManageRole, type Action, type Role } from "@caredesk/auth/permissions";
import { memberRoles } from "@caredesk/validators";

export type { Role };
export const allRoles: readonly Role[] = memberRoles;
export { can, canManageRole, type Action };

export function canManageMembers(role: Role): boolean {
  return can(role, "member.manage");
}

export function canReadMembers(role: Role): boolean {
  return can(role, "member.read");
}
