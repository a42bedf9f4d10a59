// The public practice page: an organization found by its address (slug), what it offers, and
// the patient a visitor books as — found by mobile number or created, never shown back.
import { constraints, findPgError, PG, schema, type Database } from "@caredesk/db";
import {
  epochMinutesToLocal,
  expandWorkingHours,
  fromEpochMinutes,
  localToEpochMinutes,
  mergeIntervals,
  startOfLocalDay,
  toEpochMinutes,
} from "@caredesk/scheduling";
import type { PublicBookingDetails, PublicBookInput } from "@caredesk/validators";
import { and, eq } from "drizzle-orm";
import { FieldError, notFound } from "../errors";
import type { RequestScope } from "../scope";
import { PatientBusyError, searchAvailability } from "./appointment";
import { bookAppointment } from "./booking";
import { listDepartments } from "./department";
import { bookableResources } from "./directory";
import { storedFileColumns } from "./file";
import { liveSite } from "./site";
import { sameTenant } from "./tenant";
import { organizationColumns, type Organization } from "./organization";
import { insertPatient, normaliseMobile } from "./patient";
import { listPractitioners } from "./practitioner";
import { listServices } from "./service";

const { file, organization, patient, practitioner } = schema;

/** With the directory version, so the booking path can trust its in-memory directory. */
export type PublicOrganization = Organization & { directoryVersion: number };

/**
 * The organization at this address, whether or not its site is live (its logo in emails); an
 * unknown one is simply not found. Visitors' pages go through `liveSite`.
 */
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
export async function publicPractice(db: Database, slug: string) {
  const org = await liveSite(db, { slug });
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
    /** How the page writes dates, times and prices (the practice's own locale). */
    locale: org.locale,
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
export async function publicPhoto(db: Database, slug: string, fileId: string) {
  const org = await liveSite(db, { slug });
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
        eq(file.status, "available"),
      ),
    )
    .limit(1);
  if (!row || !row.mimeType.startsWith("image/")) throw notFound("Photo not found");
  return row;
}

/** The practice's current logo for emails and its public page: no account needed. */
export async function publicLogo(db: Database, slug: string, fileId: string) {
  const org = await practiceBySlug(db, slug);
  if (org.logoFileId !== fileId) throw notFound("Logo not found");
  const [row] = await db
    .select(storedFileColumns)
    .from(file)
    .where(
      and(
        eq(file.organizationId, org.id),
        eq(file.id, fileId),
        eq(file.purpose, "logo"),
        eq(file.status, "available"),
      ),
    );
  if (!row || !row.mimeType.startsWith("image/")) throw notFound("Logo not found");
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
  const created = await insertPatient(tx, org, {
    firstName: details.firstName,
    lastName: details.lastName,
    mobile,
    email: details.email ?? null,
    sex: "unknown",
  });
  return created.id;
}

/** Free start times of a service on the practice's page, for one doctor or any. */
export async function publicAvailability(
  db: Database,
  input: { slug: string } & Parameters<typeof searchAvailability>[2],
) {
  return searchAvailability(db, await liveSite(db, { slug: input.slug }), input);
}

/**
 * A visitor books on the practice's page as its patient with this mobile (created when new).
 * The answer says only what was booked, never who the patient record is.
 */
export async function bookPublicly(
  ctx: Pick<RequestScope, "db" | "mutate" | "operation" | "user">,
  input: PublicBookInput,
) {
  const org = await liveSite(ctx.db, { slug: input.slug });
  // A bad number is a form error before any time is checked.
  const mobile = normaliseMobile(input.mobile, org.country);
  const book = () =>
    bookAppointment(
      { ...ctx, org },
      {
        serviceId: input.serviceId,
        patientId: null,
        start: input.start,
        resourceIds: input.practitionerResourceId ? [input.practitionerResourceId] : [],
        kind: "in_person",
        idempotencyKey: input.idempotencyKey,
        source: "public",
        status: "pending",
      },
      input,
      async (tx) => ({ patientId: await findOrCreatePatient(tx, org, { ...input, mobile }) }),
    );
  const booked = await book()
    .catch((error: unknown) => {
      const pg = findPgError(error);
      // Two first bookings with the same new mobile at once: the other created the patient.
      if (pg?.code === PG.uniqueViolation && pg.constraint === constraints.patientMobile) {
        return book();
      }
      throw error;
    })
    .catch((error: unknown) => {
      // Whether someone with this number has another appointment is not the visitor's business.
      if (error instanceof PatientBusyError) {
        throw new FieldError("CONFLICT", {
          start: ["That time cannot be booked with these details; please choose another"],
        });
      }
      throw error;
    });
  return {
    reference: booked.id.slice(0, 8).toUpperCase(),
    startsAt: booked.startsAt,
    endsAt: booked.endsAt,
    status: booked.status,
    serviceName: booked.serviceName,
    timeZone: org.timeZone,
  };
}
