// The public practice page: an organization found by its address (slug), what it offers, and
// the patient a visitor books as — found by mobile number or created, never shown back.
import { schema, type Database } from "@caredesk/db";
import {
  epochMinutesToLocal,
  expandWorkingHours,
  fromEpochMinutes,
  localToEpochMinutes,
  mergeIntervals,
  startOfLocalDay,
  toEpochMinutes,
} from "@caredesk/scheduling";
import type { PublicBookingDetails } from "@caredesk/validators";
import { and, eq } from "drizzle-orm";
import { notFound } from "../errors";
import { listDepartments } from "./department";
import { bookableResources } from "./directory";
import { storedFileColumns } from "./file";
import { sameTenant } from "./tenant";
import { organizationColumns, type Organization } from "./organization";
import { createPatient, normaliseMobile } from "./patient";
import { listPractitioners } from "./practitioner";
import { listServices } from "./service";

const { file, organization, patient, practitioner } = schema;

/** With the directory version, so the booking path can trust its in-memory directory. */
export type PublicOrganization = Organization & { directoryVersion: number };

/** The organization at this address; an unknown one is simply not found. */
export async function practiceBySlug(db: Database, slug: string): Promise<PublicOrganization> {
  const [row] = await db
    .select({ ...organizationColumns, directoryVersion: organization.directoryVersion })
    .from(organization)
    .where(eq(organization.slug, slug));
  if (!row) throw notFound("Practice not found");
  return row;
}

/**
 * What can be booked, with only the fields a booking screen shows (no staff emails or
 * phones): for the public page and for portal patients, who cannot read the directory.
 */
export async function bookableOffer(db: Database, organizationId: string) {
  const page = { limit: 100, includeInactive: false };
  const [services, practitioners] = await Promise.all([
    listServices(db, organizationId, page),
    listPractitioners(db, organizationId, page),
  ]);
  return {
    services: services.items.map((s) => ({
      id: s.id,
      name: s.name,
      durationMinutes: s.durationMinutes,
      priceMinor: s.priceMinor,
      colour: s.colour,
    })),
    practitioners: practitioners.items.map((p) => ({
      resourceId: p.resourceId,
      name: p.name,
      title: p.title,
      specialization: p.specialization,
      photoFileId: p.photoFileId,
    })),
  };
}

/**
 * When the practice sees patients over the next `days` local days from today: for each date,
 * the times at least one active doctor works there, their weekly hours with their own and the
 * organization's exceptions (leave, holidays) applied. Rooms and equipment do not count.
 */
export async function openingHours(
  db: Database,
  org: PublicOrganization,
  now = new Date(),
  days = 7,
) {
  const doctors = (await bookableResources(db, org)).filter((r) => r.kind === "practitioner");
  const today = epochMinutesToLocal(toEpochMinutes(now), org.timeZone).date;
  // Noon steps from day to day safely across any DST change.
  const noon = localToEpochMinutes(today, "12:00", org.timeZone) ?? toEpochMinutes(now);
  return Array.from({ length: days }, (_, i) => {
    const date = epochMinutesToLocal(noon + i * 1440, org.timeZone).date;
    const next = epochMinutesToLocal(noon + (i + 1) * 1440, org.timeZone).date;
    const from = startOfLocalDay(date, org.timeZone);
    const to = startOfLocalDay(next, org.timeZone);
    // Fresh intervals from the expansion: merged in place.
    const spans = doctors.flatMap((d) => expandWorkingHours(d, from, to));
    return {
      date,
      open: mergeIntervals(spans).map((span) => ({
        start: fromEpochMinutes(span.start),
        end: fromEpochMinutes(span.end),
      })),
    };
  });
}

/** What the public page shows: the practice, its departments and what can be booked. */
export async function publicPractice(db: Database, org: PublicOrganization) {
  const [departments, offer, hours] = await Promise.all([
    listDepartments(db, org.id, { limit: 100, includeInactive: false }),
    bookableOffer(db, org.id),
    openingHours(db, org),
  ]);
  return {
    slug: org.slug,
    name: org.name,
    kind: org.kind,
    timeZone: org.timeZone,
    currency: org.currency,
    departments: departments.items.map((d) => ({ id: d.id, name: d.name })),
    /** The coming seven days from today, in the practice's zone. */
    openingHours: hours,
    ...offer,
  };
}

/**
 * A photo the public page shows: the current photo of an active doctor of this practice.
 * Any other file id (a document, a replaced photo, another practice's) is not found.
 */
export async function publicPhoto(db: Database, org: PublicOrganization, fileId: string) {
  const [row] = await db
    .select(storedFileColumns)
    .from(practitioner)
    .innerJoin(file, sameTenant(file, practitioner.organizationId, practitioner.photoFileId))
    .where(
      and(
        eq(practitioner.organizationId, org.id),
        eq(practitioner.photoFileId, fileId),
        eq(practitioner.active, true),
        eq(file.purpose, "photo"),
      ),
    )
    .limit(1);
  if (!row || !row.mimeType.startsWith("image/")) throw notFound("Photo not found");
  return row;
}

/**
 * The patient a public booking is for: the organization's patient with this mobile (however
 * it was typed), or a new one. Runs inside the booking's transaction.
 */
export async function findOrCreatePatient(
  tx: Database,
  org: PublicOrganization,
  details: Pick<PublicBookingDetails, "firstName" | "lastName" | "mobile" | "email">,
): Promise<string> {
  const mobile = normaliseMobile(details.mobile, org.country);
  const [existing] = await tx
    .select({ id: patient.id })
    .from(patient)
    .where(and(eq(patient.organizationId, org.id), eq(patient.mobile, mobile)));
  if (existing) return existing.id;
  const created = await createPatient(tx, org, {
    firstName: details.firstName,
    lastName: details.lastName,
    mobile,
    email: details.email ?? null,
    sex: "unknown",
  });
  return created.id;
}
