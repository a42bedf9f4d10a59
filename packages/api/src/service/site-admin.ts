// A practice's website as its owner manages it: the set-up wizard's resume point, the business
// profile and opening hours, publishing (only with a paid plan, a name, an address and a way to
// reach the practice), the address on Caredesk and a custom domain proven by a DNS TXT record.
// Visitors reach a site only through `liveSite` (site.ts).
import { schema, type Database, type SiteSocialLinks, type SiteWeek } from "@caredesk/db";
import {
  reservedSlugs,
  siteSteps,
  type SiteDomainInput,
  type SiteHoursInput,
  type SiteProfileInput,
  type SiteSlugInput,
  type SiteStepInput,
  type SiteTemplate,
} from "@caredesk/validators";
import { and, eq, inArray, ne } from "drizzle-orm";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { Resolver } from "node:dns/promises";
import { DomainError, FieldError, notFound } from "../errors";
import type { OrgScope } from "../scope";
import { normalisePhoneNumber } from "./patient";
import { planActive, planInGoodStanding, siteIsLive } from "./site";

const { organization, practiceSite, subscription } = schema;

type Admin = Pick<OrgScope, "db" | "org" | "mutate">;

/** What the wizard and the settings screen show of the site: never the domain token's hash. */
const siteColumns = {
  step: practiceSite.step,
  template: practiceSite.template,
  about: practiceSite.about,
  addressLine: practiceSite.addressLine,
  city: practiceSite.city,
  region: practiceSite.region,
  postalCode: practiceSite.postalCode,
  latitude: practiceSite.latitude,
  longitude: practiceSite.longitude,
  phone: practiceSite.phone,
  email: practiceSite.email,
  websiteUrl: practiceSite.websiteUrl,
  social: practiceSite.social,
  hours: practiceSite.hours,
  publishedAt: practiceSite.publishedAt,
  customDomain: practiceSite.customDomain,
  domainVerifiedAt: practiceSite.domainVerifiedAt,
  updatedAt: practiceSite.updatedAt,
};

/** The site as the wizard and the settings screen see it. */
export interface SiteSettings {
  step: (typeof siteSteps)[number];
  template: SiteTemplate;
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
  social: SiteSocialLinks;
  hours: SiteWeek;
  publishedAt: Date | null;
  customDomain: string | null;
  domainVerifiedAt: Date | null;
  updatedAt: Date;
}

/** Audit rows name the site by its organization (one site each). */
const entity = (organizationId: string) => ({
  entityType: "practice_site",
  entityId: organizationId,
});

/** What publishing still needs, in the order the checklist shows it. */
export type PublishRequirement = "plan" | "name" | "address" | "contact";

const requirementMessages: Record<PublishRequirement, string> = {
  plan: "Choose a plan and pay for it",
  name: "Give the practice a name",
  address: "Add the practice's street address and city",
  contact: "Add a phone number or an email address",
};

function missingForPublishing(
  org: { name: string },
  site: Pick<SiteSettings, "addressLine" | "city" | "phone" | "email">,
  plan: { paidUntil: Date | null; graceDays: number },
  now: Date,
): PublishRequirement[] {
  const missing: PublishRequirement[] = [];
  if (!planInGoodStanding(plan, now)) missing.push("plan");
  if (org.name.trim() === "") missing.push("name");
  if (site.addressLine.trim() === "" || site.city.trim() === "") missing.push("address");
  if (site.phone.trim() === "" && site.email.trim() === "") missing.push("contact");
  return missing;
}

async function readSite(db: Database, organizationId: string, lock = false): Promise<SiteSettings> {
  const query = db
    .select(siteColumns)
    .from(practiceSite)
    .where(eq(practiceSite.organizationId, organizationId));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw notFound("Website not found");
  return row;
}

/** Changes the practice's site row and answers it as the settings screen sees it. */
async function writeSite(
  tx: Database,
  organizationId: string,
  changes: Partial<typeof practiceSite.$inferInsert>,
): Promise<SiteSettings> {
  const [after] = await tx
    .update(practiceSite)
    .set({ updatedAt: new Date(), ...changes })
    .where(eq(practiceSite.organizationId, organizationId))
    .returning(siteColumns);
  if (!after) throw notFound("Website not found");
  return after;
}

async function readPlan(db: Database, organizationId: string) {
  const [row] = await db
    .select({
      features: subscription.features,
      interval: subscription.interval,
      currency: subscription.currency,
      amountMinor: subscription.amountMinor,
      paidUntil: subscription.paidUntil,
      graceDays: subscription.graceDays,
    })
    .from(subscription)
    .where(eq(subscription.organizationId, organizationId));
  if (!row) throw notFound("Plan not found");
  return row;
}

async function readOrganization(db: Database, organizationId: string) {
  const [row] = await db
    .select({
      id: organization.id,
      name: organization.name,
      slug: organization.slug,
      kind: organization.kind,
      logoFileId: organization.logoFileId,
      features: organization.features,
    })
    .from(organization)
    .where(eq(organization.id, organizationId));
  if (!row) throw notFound("Organization not found");
  return row;
}

/**
 * Everything the wizard and the website settings need: the site, the plan and whether it is
 * paid, whether the site is live, its addresses, and what publishing still needs.
 */
export async function getSiteSettings(db: Database, organizationId: string, now = new Date()) {
  const [site, plan, org] = await Promise.all([
    readSite(db, organizationId),
    readPlan(db, organizationId),
    readOrganization(db, organizationId),
  ]);
  return {
    organization: org,
    site,
    plan: {
      ...plan,
      active: planActive(plan, now),
      inGoodStanding: planInGoodStanding(plan, now),
    },
    live: siteIsLive({ ...plan, publishedAt: site.publishedAt }, now),
    /** The site's path on Caredesk's own host. */
    path: `/p/${org.slug}`,
    /** The practice's own address, once its domain is verified. */
    customUrl: site.customDomain && site.domainVerifiedAt ? `https://${site.customDomain}/` : null,
    missing: missingForPublishing(org, site, plan, now),
  };
}

/** Changes the business profile; what the input leaves out stays as it is. */
export function updateSiteProfile(ctx: Admin, input: SiteProfileInput): Promise<SiteSettings> {
  const organizationId = ctx.org.id;
  // Checked before the transaction: a refusal then takes no lock.
  const phone =
    input.phone === undefined
      ? undefined
      : input.phone === null
        ? ""
        : normalisePhoneNumber(input.phone, ctx.org.country, "phone");
  return ctx.mutate(async (tx, audit) => {
    const before = await readSite(tx, organizationId, true);
    const { social, latitude, longitude, email, websiteUrl, phone: _typed, ...text } = input;
    const changes: Partial<typeof practiceSite.$inferInsert> = { ...text };
    if (phone !== undefined) changes.phone = phone;
    if (email !== undefined) changes.email = email ?? "";
    if (websiteUrl !== undefined) changes.websiteUrl = websiteUrl ?? "";
    if (latitude !== undefined && longitude !== undefined) {
      changes.latitude = latitude;
      changes.longitude = longitude;
    }
    if (social) {
      const links = { ...before.social };
      for (const [network, url] of Object.entries(social)) {
        const key = network as keyof typeof links;
        if (url) links[key] = url;
        else if (url === null) delete links[key];
      }
      changes.social = links;
    }
    const after = await writeSite(tx, organizationId, changes);
    audit({ ...entity(organizationId), before, after });
    return after;
  });
}

/** Replaces the opening hours (the schema refused overlaps and shifts that end before they start). */
export function updateSiteHours(ctx: Admin, input: SiteHoursInput): Promise<SiteSettings> {
  const organizationId = ctx.org.id;
  return ctx.mutate(async (tx, audit) => {
    const before = await readSite(tx, organizationId, true);
    const hours: SiteWeek = input.hours;
    const after = await writeSite(tx, organizationId, { hours });
    audit({ ...entity(organizationId), before: { hours: before.hours }, after: { hours } });
    return after;
  });
}

/**
 * Moves the wizard's resume point: back to any step already passed, or on to the next one;
 * skipping ahead is refused, so no step is left out by a stale screen.
 */
export function setSiteStep(ctx: Admin, input: SiteStepInput): Promise<SiteSettings> {
  const organizationId = ctx.org.id;
  return ctx.mutate(async (tx, audit) => {
    const before = await readSite(tx, organizationId, true);
    const from = siteSteps.indexOf(before.step);
    const to = siteSteps.indexOf(input.step);
    if (to > from + 1) {
      throw new FieldError("BAD_REQUEST", { step: ["Finish the steps before this one first"] });
    }
    const after = await writeSite(tx, organizationId, { step: input.step });
    audit({
      ...entity(organizationId),
      before: { step: before.step },
      after: { step: after.step },
    });
    return after;
  });
}

/**
 * Publishes the site: refused (PRECONDITION_FAILED) with everything still missing, each under
 * its own key in the error's field errors, so the wizard can show the checklist.
 */
export function publishSite(ctx: Admin, now = new Date()): Promise<SiteSettings> {
  const organizationId = ctx.org.id;
  return ctx.mutate(async (tx, audit) => {
    const before = await readSite(tx, organizationId, true);
    const [plan, org] = await Promise.all([
      readPlan(tx, organizationId),
      readOrganization(tx, organizationId),
    ]);
    const missing = missingForPublishing(org, before, plan, now);
    if (missing.length > 0) {
      const list = missing.map((m) => requirementMessages[m].toLowerCase()).join("; ");
      throw new DomainError(
        "PRECONDITION_FAILED",
        `Before the site can be published: ${list}.`,
        Object.fromEntries(missing.map((m) => [m, [requirementMessages[m]]])),
      );
    }
    const after = await writeSite(tx, organizationId, {
      publishedAt: before.publishedAt ?? now,
      step: "done",
      updatedAt: now,
    });
    audit({
      ...entity(organizationId),
      before: { publishedAt: before.publishedAt },
      after: { publishedAt: after.publishedAt },
    });
    return after;
  });
}

/** Takes the site off the web at once; allowed at any time. */
export function unpublishSite(ctx: Admin): Promise<SiteSettings> {
  const organizationId = ctx.org.id;
  return ctx.mutate(async (tx, audit) => {
    const before = await readSite(tx, organizationId, true);
    const after = await writeSite(tx, organizationId, { publishedAt: null });
    audit({
      ...entity(organizationId),
      before: { publishedAt: before.publishedAt },
      after: { publishedAt: null },
    });
    return after;
  });
}

/** Lower-case, dash-separated form of a place name, for a slug suggestion. */
function slugPart(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** A free address near `slug`: with the practice's city, else numbered; null when none is free. */
async function suggestSlug(
  db: Database,
  slug: string,
  city: string,
  organizationId: string,
): Promise<string | null> {
  const fit = (base: string, suffix: string) =>
    `${base.slice(0, 48 - suffix.length - 1).replace(/-+$/, "")}-${suffix}`;
  const place = slugPart(city);
  const candidates = [
    ...(place && !slug.endsWith(`-${place}`) ? [fit(slug, place)] : []),
    ...Array.from({ length: 8 }, (_, i) => fit(slug, String(i + 2))),
  ].filter((c) => !reservedSlugs.has(c));
  const taken = await db
    .select({ slug: organization.slug })
    .from(organization)
    .where(and(inArray(organization.slug, candidates), ne(organization.id, organizationId)));
  const used = new Set(taken.map((t) => t.slug));
  return candidates.find((c) => !used.has(c)) ?? null;
}

/**
 * Moves the site to another address on Caredesk. A reserved or taken address is CONFLICT with a
 * free one suggested (in the message, and as `suggestedSlug` among the field errors).
 */
export async function changeSiteSlug(
  ctx: Admin,
  input: SiteSlugInput,
): Promise<{ slug: string; path: string }> {
  const organizationId = ctx.org.id;
  const slug = input.slug;
  const refuse = async (why: string) => {
    const { city } = await readSite(ctx.db, organizationId);
    const suggestion = await suggestSlug(ctx.db, slug, city, organizationId);
    const message = suggestion ? `${why}. Try “${suggestion}”.` : `${why}.`;
    return new FieldError("CONFLICT", {
      slug: [message],
      ...(suggestion ? { suggestedSlug: [suggestion] } : {}),
    });
  };
  if (reservedSlugs.has(slug)) throw await refuse("This address is reserved by Caredesk");
  const [other] = await ctx.db
    .select({ id: organization.id })
    .from(organization)
    .where(and(eq(organization.slug, slug), ne(organization.id, organizationId)));
  if (other) throw await refuse("This address is already taken");
  return ctx.mutate(async (tx, audit) => {
    const [before] = await tx
      .select({ slug: organization.slug })
      .from(organization)
      .where(eq(organization.id, organizationId))
      .for("no key update");
    if (!before) throw notFound("Organization not found");
    // The unique index still decides a race with another practice (CONFLICT on `slug`).
    await tx
      .update(organization)
      .set({ slug, updatedAt: new Date() })
      .where(eq(organization.id, organizationId));
    audit({
      entityType: "organization",
      entityId: organizationId,
      before: { slug: before.slug },
      after: { slug },
    });
    return { slug, path: `/p/${slug}` };
  });
}

/** The TXT record's value is `caredesk-verify=<token>`; only the token's SHA-256 is kept. */
const txtPrefix = "caredesk-verify=";

/** Where the practice puts its TXT record. */
export const txtRecordName = (domain: string) => `_caredesk.${domain}`;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * Sets the custom domain (or removes it, null) and answers the TXT record to add, with a new
 * token shown this once. Until verified the domain serves nothing. A domain another practice
 * uses is refused by its unique index (answered on the field, races included).
 */
export async function setSiteDomain(
  ctx: Admin,
  input: SiteDomainInput,
): Promise<{ domain: string | null; txtName: string | null; txtValue: string | null }> {
  const organizationId = ctx.org.id;
  const domain = input.domain;
  const token = domain ? randomBytes(24).toString("base64url") : null;
  return ctx.mutate(async (tx, audit) => {
    const before = await readSite(tx, organizationId, true);
    const after = await writeSite(tx, organizationId, {
      customDomain: domain,
      domainTokenHash: token ? hashToken(token) : null,
      domainVerifiedAt: null,
    });
    // Never the token: it is shown once, to the caller.
    audit({
      ...entity(organizationId),
      before: { customDomain: before.customDomain, domainVerifiedAt: before.domainVerifiedAt },
      after: { customDomain: after.customDomain, domainVerifiedAt: null },
    });
    return {
      domain,
      txtName: domain ? txtRecordName(domain) : null,
      txtValue: token ? `${txtPrefix}${token}` : null,
    };
  });
}

/** Looks up a name's TXT records (each record as the strings DNS split it into). */
export type ResolveTxt = (name: string) => Promise<string[][]>;

let systemResolver: Resolver | undefined;

/** The system's resolvers, with a bound on how long a lookup may take. */
export const systemResolveTxt: ResolveTxt = (name) => {
  systemResolver ??= new Resolver({ timeout: 3000, tries: 2 });
  return systemResolver.resolveTxt(name);
};

/** Whether one of the TXT values is the token whose hash is `expectedHash`, compared in constant time. */
export function txtMatches(records: string[][], expectedHash: string): boolean {
  const expected = Buffer.from(expectedHash, "hex");
  let found = false;
  for (const chunks of records) {
    const value = chunks.join("").trim();
    if (!value.startsWith(txtPrefix)) continue;
    const actual = Buffer.from(hashToken(value.slice(txtPrefix.length)), "hex");
    if (actual.length === expected.length && timingSafeEqual(actual, expected)) found = true;
  }
  return found;
}

/**
 * Verifies the custom domain by its TXT record (`_caredesk.<domain>`); until it is found the
 * answer is PRECONDITION_FAILED and the domain serves nothing.
 */
export async function verifySiteDomain(
  ctx: Admin & { resolveTxt?: ResolveTxt },
  now = new Date(),
): Promise<SiteSettings> {
  const organizationId = ctx.org.id;
  const [pending] = await ctx.db
    .select({ domain: practiceSite.customDomain, hash: practiceSite.domainTokenHash })
    .from(practiceSite)
    .where(eq(practiceSite.organizationId, organizationId));
  if (!pending?.domain || !pending.hash) {
    throw new DomainError("PRECONDITION_FAILED", "Add a custom domain first");
  }
  const { domain, hash } = pending;
  const resolve = ctx.resolveTxt ?? systemResolveTxt;
  // The lookup runs outside the transaction: no row stays locked while DNS answers.
  const records = await resolve(txtRecordName(domain)).catch(() => [] as string[][]);
  if (!txtMatches(records, hash)) {
    throw new DomainError(
      "PRECONDITION_FAILED",
      `The TXT record for ${txtRecordName(domain)} was not found yet. DNS changes can take a while to reach everyone; try again later.`,
    );
  }
  return ctx.mutate(async (tx, audit) => {
    const before = await readSite(tx, organizationId, true);
    const [after] = await tx
      .update(practiceSite)
      .set({ domainVerifiedAt: before.domainVerifiedAt ?? now, updatedAt: now })
      .where(
        and(
          eq(practiceSite.organizationId, organizationId),
          eq(practiceSite.customDomain, domain),
          eq(practiceSite.domainTokenHash, hash),
        ),
      )
      .returning(siteColumns);
    // The domain was changed meanwhile: this record proves nothing about the new one.
    if (!after)
      throw new DomainError("CONFLICT", "The domain was changed meanwhile; check it again");
    audit({
      ...entity(organizationId),
      before: { customDomain: before.customDomain, domainVerifiedAt: before.domainVerifiedAt },
      after: { customDomain: after.customDomain, domainVerifiedAt: after.domainVerifiedAt },
    });
    return after;
  });
}
