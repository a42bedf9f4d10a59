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
  practiceFaq,
  practiceSite,
  practitioner,
  resource,
  subscription,
  user,
  type PracticeFeature,
  type SiteWeek,
} from "./schema";
import { demoHours, seedDirectory } from "./seed-directory";
import { demoHospitalProducts, demoPharmacyProducts, seedPharmacy } from "./seed-pharmacy";

export { demoHours } from "./seed-directory";

export const demoPassword = "caredesk-demo-2026";

const roles = memberRole.enumValues;

/** The demo accounts of a practice: a pharmacist only where medicines are sold. */
function rolesOf(kind: (typeof demoPractices)[number]["kind"]) {
  return roles.filter(
    (role) => role !== "pharmacist" || kind === "pharmacy" || kind === "hospital",
  );
}

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

/** Every demo practice's opening hours: its doctors' split shifts, every day of the week. */
const demoWeek: SiteWeek = Array.from({ length: 7 }, () => demoHours.map((h) => ({ ...h })));

/** What each demo practice's public site shows: published, on a paid plan. */
const demoSites: Record<
  (typeof demoPractices)[number]["slug"],
  Partial<typeof practiceSite.$inferInsert>
> = {
  "demo-hospital": {
    template: "classic",
    about:
      "A general hospital on the Corniche with emergency, internal medicine, paediatrics and surgery under one roof, open to walk-ins and referrals.",
    addressLine: "12 Corniche El Nil",
    city: "Cairo",
    region: "Cairo Governorate",
    postalCode: "11511",
    latitude: 30.0444,
    longitude: 31.2357,
    phone: "+20 2 2345 6789",
    email: "hello@nilevalley.example",
    websiteUrl: "https://nilevalley.example",
    social: { facebook: "https://www.facebook.com/nilevalley.example" },
  },
  "demo-dental": {
    template: "fresh",
    about: "Family dentistry, orthodontics and implants in a calm, modern practice.",
    addressLine: "48 MG Road",
    city: "Bengaluru",
    region: "Karnataka",
    postalCode: "560001",
    latitude: 12.9756,
    longitude: 77.6066,
    phone: "+91 80 4123 4567",
    email: "smile@brightsmile.example",
  },
  "demo-pharmacy": {
    template: "market",
    about: "Your neighbourhood pharmacy: prescriptions, advice and everyday health essentials.",
    addressLine: "3 Corner Street",
    city: "London",
    postalCode: "N1 9GU",
    latitude: 51.5362,
    longitude: -0.1033,
    phone: "+44 20 7946 0123",
    email: "counter@cornerstreet.example",
  },
};

/**
 * What each demo practice has bought: every one has the assistant; the hospital also answers
 * ambulance and refill requests.
 */
const demoFeatures: Record<(typeof demoPractices)[number]["slug"], PracticeFeature[]> = {
  "demo-hospital": ["reviews", "patient_portal", "assistant", "ambulance", "prescription_refill"],
  "demo-dental": ["reviews", "patient_portal", "assistant"],
  "demo-pharmacy": ["reviews", "patient_portal", "assistant", "prescription_refill"],
};

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
    for (const role of rolesOf(practice.kind)) {
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
      for (const role of rolesOf(practice.kind)) {
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
      await openDemoSite(tx, org.id, practice.slug);
      // The pharmacy's shelf, and the hospital's own pharmacy.
      if (practice.slug === "demo-pharmacy") {
        await seedPharmacy(tx, org.id, demoPharmacyProducts, "Alliance Healthcare");
      }
      if (practice.slug === "demo-hospital") {
        await seedPharmacy(tx, org.id, demoHospitalProducts, "Ibnsina Pharma");
      }
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

/** What each demo practice answers in its FAQ (the site shows it; the assistant cites it). */
const demoFaqs: Record<
  (typeof demoPractices)[number]["slug"],
  { question: string; answer: string }[]
> = {
  "demo-hospital": [
    {
      question: "Is there parking at the hospital?",
      answer:
        "Yes. Patients park free for up to three hours in the car park on Qasr El Nil Street.",
    },
    {
      question: "Which insurance do you accept?",
      answer:
        "We accept AXA, Allianz, MetLife and Bupa Egypt. Bring your insurance card to every visit.",
    },
    {
      question: "What is your cancellation policy?",
      answer: "Cancel or reschedule at least 24 hours before your appointment for a full refund.",
    },
    {
      question: "Do you accept walk-ins?",
      answer:
        "Yes. Walk-ins are seen at the outpatient desk in order of arrival; emergencies first.",
    },
  ],
  "demo-dental": [
    {
      question: "Do you treat children?",
      answer: "Yes. Our paediatric dentistry team sees children from their first tooth.",
    },
    {
      question: "Which payment methods do you accept?",
      answer: "Cash, cards and UPI at the desk; you can also pay online before your visit.",
    },
    {
      question: "What is your cancellation policy?",
      answer:
        "Please tell us at least 24 hours before your appointment so we can offer the time to someone else.",
    },
  ],
  "demo-pharmacy": [
    {
      question: "Do you deliver?",
      answer: "Yes. We deliver across N1 and N7 the same day for orders placed before 3 pm.",
    },
    {
      question: "Can I collect a prescription for someone else?",
      answer: "Yes, with their prescription and your own photo ID.",
    },
    {
      question: "Do you offer flu vaccinations?",
      answer: "Yes, from October to March. Ask at the counter; no appointment needed.",
    },
  ],
};

/**
 * Makes a demo practice's site live: a year of its plan paid, its profile and hours filled in,
 * published. Also for benchmarks whose database was seeded before sites existed.
 */
export async function openDemoSite(
  tx: Database,
  organizationId: string,
  slug: (typeof demoPractices)[number]["slug"],
): Promise<void> {
  await tx
    .update(organization)
    .set({ features: demoFeatures[slug] })
    .where(eq(organization.id, organizationId));
  await tx
    .update(subscription)
    .set({ features: demoFeatures[slug], paidUntil: new Date(Date.now() + 365 * 86_400_000) })
    .where(eq(subscription.organizationId, organizationId));
  await tx
    .update(practiceSite)
    .set({ ...demoSites[slug], hours: demoWeek, step: "done", publishedAt: new Date() })
    .where(eq(practiceSite.organizationId, organizationId));
  const [written] = await tx
    .select({ id: practiceFaq.id })
    .from(practiceFaq)
    .where(eq(practiceFaq.organizationId, organizationId))
    .limit(1);
  if (!written) {
    await tx
      .insert(practiceFaq)
      .values(demoFaqs[slug].map((f, position) => ({ organizationId, position, ...f })));
  }
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
