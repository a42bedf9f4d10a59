// The one permission table: role → actions. Every procedure names the action it needs.
export const roles = [
  "owner",
  "admin",
  "manager",
  "doctor",
  "staff",
  "patient",
  "pharmacist",
] as const;
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
  /** Consultation notes, vitals, diagnoses, prescriptions and addenda (clinicians only). */
  "consultation.read",
  "consultation.write",
  /** The dental chart: conditions, treatments and treatment plans. */
  "chart.read",
  "chart.write",
  /** A patient's account: charges, desk payments, adjustments, balance and aging. */
  "ledger.read",
  "ledger.write",
  /** Build and publish medical-history forms. */
  "form.manage",
  /** Send forms to patients, revoke them, and read what patients submitted. */
  "form.send",
  "form.read",
  /** Invoices, payments, refunds and receipts; daily takings; reconciliation with providers. */
  "billing.read",
  /** Make and issue invoices, take payments at the desk, refund with a reason, open disputes. */
  "billing.write",
  /** Payment providers' keys, tax, the practice's fee, dispute window and cancellation policy. */
  "billing.settings",
  /** One's own earnings as a doctor: held, available, paid out. */
  "earnings.read",
  /** Every doctor's earnings, payouts to them, and deciding disputes over held payments. */
  "payout.manage",
  /** The practice's website: wizard, business profile, hours, plan and payment, publishing. */
  "site.manage",
  /** Publish or hide patients' reviews, and reply to them. */
  "review.moderate",
  /** The pharmacy's catalogue, stock, lots, orders and reports. */
  "pharmacy.read",
  /** Sell at the counter and move orders along (pick, ready, out for delivery, handed over, cancel). */
  "pharmacy.sell",
  /** Products, goods received, adjustments and stock counts. */
  "pharmacy.manage",
  /** Approve or reject prescriptions on orders, and refill requests. */
  "prescription.review",
  /** The ambulance dispatch board. */
  "ambulance.dispatch",
  /** The assistant's conversations, and taking over those handed to a person. */
  "assistant.read",
  /** The assistant's FAQ and policies, its retention and model budget. */
  "assistant.manage",
  /** The practice dashboard: appointments, utilisation, no-shows, new patients, revenue. */
  "dashboard.read",
  /** Bring patients, appointments, services, practitioners and products in from CSV or Excel. */
  "data.import",
  /** Download a list (patients, appointments…) as CSV or Excel. */
  "data.export",
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

/** What every member who works with patients at the desk or the chair may do. */
const frontDesk = [
  ...clinical,
  "chart.read",
  "ledger.read",
  "ledger.write",
  "form.send",
  "form.read",
  "billing.read",
  "billing.write",
  "pharmacy.read",
  "pharmacy.sell",
  "ambulance.dispatch",
  "assistant.read",
] as const satisfies readonly Action[];

/** Clinicians also write notes and chart; what they sign is theirs. */
const treating = [
  ...frontDesk,
  "consultation.read",
  "consultation.write",
  "chart.write",
  "form.manage",
  "earnings.read",
  "prescription.review",
] as const satisfies readonly Action[];

const managing = [
  ...frontDesk,
  "form.manage",
  "directory.manage",
  "schedule.manage",
  "patient.archive",
  "audit.read",
  "payout.manage",
  "review.moderate",
  "pharmacy.manage",
  "assistant.manage",
  "dashboard.read",
  "data.import",
  "data.export",
] as const satisfies readonly Action[];

/** Pharmacists run the shelf and check prescriptions. */
const dispensing = [
  ...frontDesk,
  "pharmacy.manage",
  "prescription.review",
] as const satisfies readonly Action[];

export const permissions: Record<Role, readonly Action[]> = {
  owner: actions.filter((a) => a !== "portal.self"),
  admin: actions.filter((a) => a !== "portal.self"),
  manager: managing,
  doctor: treating,
  staff: frontDesk,
  pharmacist: dispensing,
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
