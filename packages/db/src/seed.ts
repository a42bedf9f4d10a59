// Demo data: three practices (hospital, dental, pharmacy), one user per role in each,
// and a platform operator. Idempotent: a database that already has the demo is left alone.
// Their appointments are booked afterwards through the api (`seedDemoAppointments`).
import { asc, eq } from "drizzle-orm";
import type { Database } from "./client";
import {
  department,
  memberRole,
  membership,
  organization,
  patient,
  practitioner,
  resource,
  user,
} from "./schema";
import { seedDirectory } from "./seed-directory";

export { demoHours } from "./seed-directory";

export const demoPassword = "caredesk-demo-2026";

const roles = memberRole.enumValues;

/** The demo practices, in the order they are created. */
export const demoPractices = [
  {
    slug: "demo-hospital",
    name: "Nile Valley General Hospital",
    kind: "hospital",
    timeZone: "Africa/Cairo",
    currency: "EGP",
    country: "EG",
  },
  {
    slug: "demo-dental",
    name: "Bright Smile Dental Care",
    kind: "dental",
    timeZone: "Asia/Kolkata",
    currency: "INR",
    country: "IN",
  },
  {
    slug: "demo-pharmacy",
    name: "Corner Street Pharmacy",
    kind: "pharmacy",
    timeZone: "Europe/London",
    currency: "GBP",
    country: "GB",
  },
] as const;

/** The demo account of `role` in the practice `slug`, e.g. staff@demo-hospital.test. */
export function demoEmail(role: (typeof roles)[number], slug: string): string {
  return `${role}@${slug}.test`;
}

export interface SeedCredential {
  email: string;
  role: string;
  organization: string | null;
}

export interface SeedResult {
  created: boolean;
  password: string;
  credentials: SeedCredential[];
}

export async function seedDemo(
  db: Database,
  hashPassword: (password: string) => Promise<string>,
): Promise<SeedResult> {
  const credentials: SeedCredential[] = [
    { email: "operator@caredesk.test", role: "platform operator", organization: null },
  ];
  for (const practice of demoPractices) {
    for (const role of roles) {
      credentials.push({
        email: demoEmail(role, practice.slug),
        role,
        organization: practice.name,
      });
    }
  }

  const existing = await db
    .select({ id: organization.id })
    .from(organization)
    .where(eq(organization.slug, demoPractices[0].slug));
  if (existing.length > 0) return { created: false, password: demoPassword, credentials };

  // One hash for every demo account: argon2 at m=19 MiB is deliberately slow.
  const passwordHash = await hashPassword(demoPassword);
  // Demo addresses receive no mail: they count as confirmed, so no "confirm" banner nags.
  const emailVerifiedAt = new Date();
  await db.transaction(async (tx) => {
    await tx.insert(user).values({
      email: "operator@caredesk.test",
      name: "Platform Operator",
      passwordHash,
      emailVerifiedAt,
      isPlatformAdmin: true,
    });
    for (const practice of demoPractices) {
      const [org] = await tx.insert(organization).values(practice).returning();
      if (!org) throw new Error("organization insert returned nothing");
      for (const role of roles) {
        const [member] = await tx
          .insert(user)
          .values({
            email: demoEmail(role, practice.slug),
            name: `${capitalize(role)} ${practice.name.split(" ")[0] ?? ""}`.trim(),
            passwordHash,
            emailVerifiedAt,
          })
          .returning();
        if (!member) throw new Error("user insert returned nothing");
        await tx.insert(membership).values({ organizationId: org.id, userId: member.id, role });
      }
      await seedDirectory(tx, org);
      // The demo patient account sees a record of its own in the portal.
      const [portalUser] = await tx
        .select({ id: user.id })
        .from(user)
        .where(eq(user.email, demoEmail("patient", practice.slug)));
      const [first] = await tx
        .select({ id: patient.id })
        .from(patient)
        .where(eq(patient.organizationId, org.id))
        .limit(1);
      if (portalUser && first) {
        await tx.update(patient).set({ userId: portalUser.id }).where(eq(patient.id, first.id));
      }
      // The demo doctor account is one of the doctors, so "my day" shows their own column:
      // the first doctor of the first department, whose calendar the demo fills.
      const [doctorUser] = await tx
        .select({ id: user.id })
        .from(user)
        .where(eq(user.email, demoEmail("doctor", practice.slug)));
      const [firstDoctor] = await tx
        .select({ id: practitioner.id })
        .from(practitioner)
        .innerJoin(resource, eq(resource.practitionerId, practitioner.id))
        .innerJoin(department, eq(department.id, practitioner.departmentId))
        .where(eq(practitioner.organizationId, org.id))
        .orderBy(asc(department.name), asc(resource.name), asc(resource.id))
        .limit(1);
      if (doctorUser && firstDoctor) {
        await tx
          .update(practitioner)
          .set({ userId: doctorUser.id })
          .where(eq(practitioner.id, firstDoctor.id));
      }
    }
  });
  return { created: true, password: demoPassword, credentials };
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export function formatCredentials(result: SeedResult): string {
  const lines = [`Demo accounts (password for all: ${result.password})`];
  for (const c of result.credentials) {
    lines.push(`  ${c.email.padEnd(34)} ${c.role.padEnd(18)} ${c.organization ?? ""}`);
  }
  return lines.join("\n");
}
