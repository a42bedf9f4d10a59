// Everything a page of a practice's public site shows, read for a live site: the practice and its
// business profile, departments, doctors (with certificates, ratings and their next free times),
// services and prices, published reviews, the practice's questions and answers and the next
// appointment anyone can book.
//
// Pages are served to anyone, often, so the directory part (doctors, services, reviews, FAQ, free
// times) is kept in-process for a short while per organization and directory version; whether
// the site is live and its profile (about, hours, contact) are read fresh on every request.
// A pharmacy's products change with every sale and delivery, which no directory version tells:
// the home page's few products are kept apart for a few seconds only (`shopTeaserTtlMs`), and
// the shop's own pages and the cart's quote read products and availability fresh (service/shop.ts).
import { schema, type Database, type PracticeFeature, type SiteWeek } from "@caredesk/db";
import { and, asc, eq, inArray, isNotNull } from "drizzle-orm";
import { assistantLimits } from "@caredesk/validators";
import { DomainError } from "../errors";
import { searchAvailability } from "./appointment";
import { featuredShopProducts, type ShopProduct } from "./shop";
import { listDepartments } from "./department";
import { publishedReviews, ratingSummaries, type RatingSummary } from "./review";
import { liveSite, siteIsLive, type LiveSite, type SiteAddress } from "./site";

const { practiceFaq, practitioner, practitionerCertificate, resource, service } = schema;

export interface SiteDoctor {
  id: string;
  resourceId: string;
  name: string;
  title: string | null;
  specialization: string | null;
  departmentId: string | null;
  yearsOfExperience: number | null;
  bio: string | null;
  photoFileId: string | null;
  certificates: string[];
  /** Null when the practice does not show reviews. */
  rating: RatingSummary | null;
  /** The next few free start times with this doctor (of `slotServiceId`). */
  nextSlots: Date[];
  slotServiceId: string | null;
  updatedAt: Date;
}

export interface SiteService {
  id: string;
  name: string;
  durationMinutes: number;
  priceMinor: number;
  departmentId: string | null;
}

/** A question and answer the practice wrote, as its home page shows it. */
export interface SiteFaq {
  id: string;
  question: string;
  answer: string;
}

export interface SiteReview {
  id: string;
  rating: number;
  body: string | null;
  authorName: string | null;
  practitionerId: string | null;
  publishedAt: Date | null;
  reply: string | null;
}

export interface SiteView {
  org: {
    id: string;
    name: string;
    slug: string;
    kind: LiveSite["kind"];
    locale: string;
    currency: string;
    timeZone: string;
    country: string | null;
    logoFileId: string | null;
    features: PracticeFeature[];
  };
  site: {
    template: LiveSite["site"]["template"];
    about: string;
    addressLine: string;
    city: string;
    region: string;
    postalCode: string;
    latitude: number | null;
    longitude: number | null;
    phone: string;
    email: string;
    websiteUrl: string;
    social: LiveSite["site"]["social"];
    hours: SiteWeek;
    /** The verified custom domain, if any (canonical addresses use it). */
    customDomain: string | null;
    updatedAt: Date;
  };
  departments: { id: string; name: string }[];
  doctors: SiteDoctor[];
  services: SiteService[];
  /** Whether the practice shows reviews (feature "reviews"). */
  showReviews: boolean;
  /** Whether patients can sign in to the portal (feature "patient_portal"). */
  showPortal: boolean;
  /** Whether the hospital takes ambulance requests on its site (feature "ambulance"). */
  showAmbulance: boolean;
  /** Whether the site offers the practice assistant's chat (feature "assistant"). */
  showAssistant: boolean;
  /** The practice's questions and answers in their order (the home page's FAQ section). */
  faqs: SiteFaq[];
  /** The practice's average over published reviews; null when reviews are not shown. */
  rating: RatingSummary | null;
  /** The newest published reviews (empty when not shown). */
  reviews: SiteReview[];
  /** The soonest free time with any doctor. */
  nextAvailable: { start: Date; practitionerId: string; serviceId: string } | null;
  /** When the directory part was read. */
  readAt: Date;
  /**
   * A few of the practice's active products for the home page (in stock first), with their
   * availability in words; empty when it sells nothing online.
   */
  products: ShopProduct[];
  /** When `products` was read (a few seconds' reuse at most). */
  productsReadAt: Date;
}

type Directory = Pick<
  SiteView,
  | "departments"
  | "doctors"
  | "services"
  | "rating"
  | "reviews"
  | "nextAvailable"
  | "readAt"
  | "faqs"
>;

/** How long the home page's products and their availability are reused. */
export const shopTeaserTtlMs = 5_000;
const shopTeaserSize = 6;
const maxTeasers = 500;
const teasers = new Map<string, { at: number; read: Promise<ShopProduct[]> }>();

/** The home page's products, read at most every few seconds per practice (a failure is not kept). */
function shopTeaser(db: Database, org: LiveSite, now: Date) {
  const key = `${org.id}:${org.currency}:${org.timeZone}`;
  const hit = teasers.get(key);
  const age = hit ? now.getTime() - hit.at : Infinity;
  if (hit && age >= 0 && age <= shopTeaserTtlMs) return { read: hit.read, at: new Date(hit.at) };
  const read = featuredShopProducts(db, org, shopTeaserSize, now);
  const entry = { at: now.getTime(), read };
  teasers.delete(key);
  teasers.set(key, entry);
  read.catch(() => {
    if (teasers.get(key) === entry) teasers.delete(key);
  });
  while (teasers.size > maxTeasers) {
    const oldest = teasers.keys().next().value;
    if (oldest === undefined) break;
    teasers.delete(oldest);
  }
  return { read, at: now };
}

/** How long a practice's directory part is reused; a new directory version reads it at once. */
export const siteViewTtlMs = 30_000;
const maxEntries = 500;
interface CacheEntry {
  at: number;
  directory: Promise<Directory>;
  /** Once read. */
  value?: Directory;
  refreshing?: boolean;
}
const cache = new Map<string, CacheEntry>();

/** Keeps a read of a practice's directory part (a failed read is not kept). */
function remember(key: string, directory: Promise<Directory>, now: Date): CacheEntry {
  const entry: CacheEntry = { at: now.getTime(), directory };
  cache.delete(key);
  cache.set(key, entry);
  directory.then(
    (value) => {
      entry.value = value;
    },
    () => {
      if (cache.get(key) === entry) cache.delete(key);
    },
  );
  while (cache.size > maxEntries) {
    const oldest = cache.keys().next().value;
    if (oldest === undefined) break;
    cache.delete(oldest);
  }
  return entry;
}

/**
 * Requests for one address while its lookup is under way share that lookup: under load most
 * pages then cost no query at all, and every answer is still as fresh as a query of its own.
 */
const lookups = new WeakMap<Database, Map<string, Promise<LiveSite>>>();

function sharedLiveSite(db: Database, address: SiteAddress, now: Date): Promise<LiveSite> {
  let pending = lookups.get(db);
  if (!pending) {
    pending = new Map();
    lookups.set(db, pending);
  }
  const key = "slug" in address ? `slug:${address.slug}` : `host:${address.host.toLowerCase()}`;
  let lookup = pending.get(key);
  if (!lookup) {
    const started = liveSite(db, address, now);
    lookup = started.finally(() => {
      if (pending.get(key) === lookup) pending.delete(key);
    });
    pending.set(key, lookup);
  }
  return lookup;
}

/**
 * What the pages of the live site at `address` show. Not live (unknown, unpublished, plan lapsed
 * past its grace, unverified domain): NOT_FOUND.
 */
export async function siteView(
  db: Database,
  address: SiteAddress,
  now = new Date(),
  /** Its owner previewing it: whether or not the site is live (never shared or cached apart). */
  options: { preview?: boolean } = {},
): Promise<SiteView> {
  const org = options.preview
    ? await liveSite(db, address, now, { evenIfNotLive: true })
    : await sharedLiveSite(db, address, now);
  const showReviews = org.features.includes("reviews");
  const key = `${org.id}:${org.directoryVersion}:${showReviews ? 1 : 0}`;
  let entry = cache.get(key);
  const stale = !entry || now.getTime() - entry.at > siteViewTtlMs || now.getTime() < entry.at;
  if (!entry || (stale && !entry.value)) {
    entry = remember(key, readDirectory(db, org, showReviews, now), now);
  } else if (stale && !entry.refreshing) {
    // Served from the last read while the next one is made (never two at once).
    const current = entry;
    current.refreshing = true;
    const next = readDirectory(db, org, showReviews, now);
    next.then(
      () => remember(key, next, now),
      () => {
        current.refreshing = false;
      },
    );
  }
  // The owner's preview reads its products afresh, like everything else it shows.
  const teaser = options.preview
    ? { read: featuredShopProducts(db, org, shopTeaserSize, now), at: now }
    : shopTeaser(db, org, now);
  const [directory, products] = await Promise.all([entry.directory, teaser.read]);
  const s = org.site;
  return {
    org: {
      id: org.id,
      name: org.name,
      slug: org.slug,
      kind: org.kind,
      locale: org.locale,
      currency: org.currency,
      timeZone: org.timeZone,
      country: org.country,
      logoFileId: org.logoFileId,
      features: org.features,
    },
    site: {
      template: s.template,
      about: s.about,
      addressLine: s.addressLine,
      city: s.city,
      region: s.region,
      postalCode: s.postalCode,
      latitude: s.latitude,
      longitude: s.longitude,
      phone: s.phone,
      email: s.email,
      websiteUrl: s.websiteUrl,
      social: s.social,
      hours: normaliseWeek(s.hours),
      customDomain: s.domainVerifiedAt ? s.customDomain : null,
      updatedAt: s.updatedAt,
    },
    showReviews,
    showPortal: org.features.includes("patient_portal"),
    showAmbulance: org.features.includes("ambulance"),
    showAssistant: org.features.includes("assistant"),
    ...directory,
    products,
    productsReadAt: teaser.at,
  };
}

/** Seven weekdays of well-formed shifts, whatever the stored JSON holds. */
function normaliseWeek(hours: unknown): SiteWeek {
  const week = Array.isArray(hours) ? hours : [];
  const hhmm = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
  return Array.from({ length: 7 }, (_, day) => {
    const shifts: unknown = week[day];
    if (!Array.isArray(shifts)) return [];
    return shifts.flatMap((shift: unknown) => {
      if (!shift || typeof shift !== "object") return [];
      const { start, end } = shift as { start?: unknown; end?: unknown };
      return typeof start === "string" &&
        typeof end === "string" &&
        hhmm.test(start) &&
        hhmm.test(end)
        ? [{ start, end }]
        : [];
    });
  });
}

const slotsPerDoctor = 3;
const slotDays = 14;

async function readDirectory(
  db: Database,
  org: LiveSite,
  showReviews: boolean,
  now: Date,
): Promise<Directory> {
  const [departments, doctorRows, services, ratings, reviews, faqs] = await Promise.all([
    listDepartments(db, org.id, { limit: 100, includeInactive: false }),
    db
      .select({
        id: practitioner.id,
        resourceId: resource.id,
        name: practitioner.name,
        title: practitioner.title,
        specialization: practitioner.specialization,
        departmentId: practitioner.departmentId,
        yearsOfExperience: practitioner.yearsOfExperience,
        bio: practitioner.bio,
        photoFileId: practitioner.photoFileId,
        updatedAt: practitioner.updatedAt,
      })
      .from(practitioner)
      .innerJoin(resource, eq(resource.practitionerId, practitioner.id))
      .where(
        and(
          eq(practitioner.organizationId, org.id),
          eq(resource.organizationId, org.id),
          eq(practitioner.active, true),
          eq(resource.active, true),
        ),
      )
      .orderBy(asc(practitioner.name), asc(practitioner.id))
      .limit(200),
    db
      .select({
        id: service.id,
        name: service.name,
        durationMinutes: service.durationMinutes,
        priceMinor: service.priceMinor,
        departmentId: service.departmentId,
      })
      .from(service)
      .where(and(eq(service.organizationId, org.id), eq(service.active, true)))
      .orderBy(asc(service.name), asc(service.id))
      .limit(200),
    showReviews ? ratingSummaries(db, org.id) : null,
    showReviews ? publishedReviews(db, org.id, { limit: 50 }) : [],
    // A change to the FAQ moves the directory version on (trigger), so it is cached with it.
    db
      .select({ id: practiceFaq.id, question: practiceFaq.question, answer: practiceFaq.answer })
      .from(practiceFaq)
      .where(eq(practiceFaq.organizationId, org.id))
      .orderBy(asc(practiceFaq.position), asc(practiceFaq.id))
      .limit(assistantLimits.faqs),
  ]);
  const certificates =
    doctorRows.length === 0
      ? []
      : await db
          .select({
            practitionerId: practitionerCertificate.practitionerId,
            name: practitionerCertificate.name,
          })
          .from(practitionerCertificate)
          .where(
            and(
              eq(practitionerCertificate.organizationId, org.id),
              inArray(
                practitionerCertificate.practitionerId,
                doctorRows.map((d) => d.id),
              ),
            ),
          )
          .orderBy(asc(practitionerCertificate.name));

  // Each doctor's next free times, with a service of their department (or one for everyone).
  const slots = await Promise.all(
    doctorRows.map(async (doctor) => {
      const fitting = services.filter(
        (s) => s.departmentId === null || s.departmentId === doctor.departmentId,
      );
      for (const svc of fitting.slice(0, 2)) {
        try {
          const found = await searchAvailability(
            db,
            org,
            {
              serviceId: svc.id,
              practitionerResourceId: doctor.resourceId,
              days: slotDays,
              limit: slotsPerDoctor * 4,
            },
            now,
          );
          const mine = found.slots
            .filter((slot) => slot.resourceIds.includes(doctor.resourceId))
            .slice(0, slotsPerDoctor)
            .map((slot) => slot.start);
          if (mine.length > 0) return { serviceId: svc.id, starts: mine };
        } catch {
          // A service this doctor cannot give (it needs what the practice lacks): try another.
        }
      }
      return { serviceId: null, starts: [] as Date[] };
    }),
  );

  const doctors: SiteDoctor[] = doctorRows.map((d, i) => ({
    ...d,
    certificates: certificates.filter((c) => c.practitionerId === d.id).map((c) => c.name),
    rating: ratings ? (ratings.byPractitioner.get(d.id) ?? { average: null, count: 0 }) : null,
    nextSlots: slots[i]?.starts ?? [],
    slotServiceId: slots[i]?.serviceId ?? null,
  }));
  let nextAvailable: Directory["nextAvailable"] = null;
  for (const d of doctors) {
    const first = d.nextSlots[0];
    if (first && d.slotServiceId && (!nextAvailable || first < nextAvailable.start)) {
      nextAvailable = { start: first, practitionerId: d.id, serviceId: d.slotServiceId };
    }
  }
  return {
    departments: departments.items.map((d) => ({ id: d.id, name: d.name })),
    doctors,
    services,
    rating: ratings ? ratings.practice : null,
    reviews: reviews.map((r) => ({
      id: r.id,
      rating: r.rating,
      body: r.body,
      authorName: r.authorName,
      practitionerId: r.practitionerId,
      publishedAt: r.publishedAt,
      reply: r.reply,
    })),
    nextAvailable,
    faqs,
    readAt: now,
  };
}

/** Every live site (for sitemaps and robots.txt): its address and when its pages changed. */
export async function liveSites(db: Database, now = new Date(), limit = 5000) {
  const { organization, practiceSite, subscription } = schema;
  const rows = await db
    .select({
      slug: organization.slug,
      customDomain: practiceSite.customDomain,
      domainVerifiedAt: practiceSite.domainVerifiedAt,
      updatedAt: practiceSite.updatedAt,
      publishedAt: practiceSite.publishedAt,
      paidUntil: subscription.paidUntil,
      graceDays: subscription.graceDays,
    })
    .from(practiceSite)
    .innerJoin(organization, eq(organization.id, practiceSite.organizationId))
    .innerJoin(subscription, eq(subscription.organizationId, practiceSite.organizationId))
    .where(isNotNull(practiceSite.publishedAt))
    .orderBy(asc(organization.slug))
    .limit(limit);
  return rows
    .filter((row) => siteIsLive(row, now))
    .map((row) => ({
      slug: row.slug,
      customDomain: row.domainVerifiedAt ? row.customDomain : null,
      updatedAt: row.updatedAt,
    }));
}

/** `siteView`, or null where no live site is (for hosts that answer with their own 404 page). */
export async function findSiteView(
  db: Database,
  address: SiteAddress,
  now = new Date(),
  options: { preview?: boolean } = {},
): Promise<SiteView | null> {
  try {
    return await siteView(db, address, now, options);
  } catch (error) {
    if (error instanceof DomainError && error.code === "NOT_FOUND") return null;
    throw error;
  }
}
