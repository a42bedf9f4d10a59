// The one permission table: role → actions. Every procedure names the action it needs.
export const roles = ["owner", "admin", "manager", "doctor", "staff", "patient"] as const;
export type Role = (typeof roles)[number];

export const actions = [
  "organization.read",
  "organization.update",
  "member.read",
  "member.manage",
  "audit.read",
  /** Departments, practitioners, rooms, equipment and services. */
  "directory.read",
  "directory.manage",
  "patient.read",
  "patient.write",
  "patient.archive",
  "document.read",
  "document.write",
  "file.upload",
  /** Working hours and exceptions of practitioners, rooms and equipment. */
  "schedule.read",
  "schedule.manage",
  /** Free slots of services (also patients, for booking themselves). */
  "availability.read",
  "appointment.read",
  "appointment.write",
  /** A patient's own record, documents and uploads, through the portal. */
  "portal.self",
] as const;
export type Action = (typeof actions)[number];

const clinical = [
  "organization.read",
  "member.read",
  "directory.read",
  "patient.read",
  "patient.write",
  "document.read",
  "document.write",
  "file.upload",
  "schedule.read",
  "availability.read",
  "appointment.read",
  "appointment.write",
] as const satisfies readonly Action[];

const managing = [
  ...clinical,
  "directory.manage",
  "schedule.manage",
  "patient.archive",
  "audit.read",
] as const satisfies readonly Action[];

export const permissions: Record<Role, readonly Action[]> = {
  owner: actions.filter((a) => a !== "portal.self"),
  admin: actions.filter((a) => a !== "portal.self"),
  manager: managing,
  doctor: clinical,
  staff: clinical,
  patient: ["organization.read", "portal.self", "file.upload", "availability.read"],
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
