// The one permission table: role → actions. Every procedure names the action it needs.
export const roles = ["owner", "admin", "manager", "doctor", "staff", "patient"] as const;
export type Role = (typeof roles)[number];

export const actions = [
  "organization.read",
  "organization.update",
  "member.read",
  "member.manage",
  "audit.read",
] as const;
export type Action = (typeof actions)[number];

const everything = actions;
const staffBase = ["organization.read", "member.read"] as const satisfies readonly Action[];

export const permissions: Record<Role, readonly Action[]> = {
  owner: everything,
  admin: everything,
  manager: [...staffBase, "audit.read"],
  doctor: staffBase,
  staff: staffBase,
  patient: ["organization.read"],
};

export function can(role: Role, action: Action): boolean {
  return permissions[role].includes(action);
}

/** Roles a member with `role` may grant, change or remove. Only owners touch owners. */
export function canManageRole(actor: Role, target: Role): boolean {
  if (!can(actor, "member.manage")) return false;
  if (target === "owner") return actor === "owner";
  return true;
}
