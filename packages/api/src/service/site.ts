// A practice's website: whether it is live (published, and its plan paid up to the end of the
// grace days), and the practice behind an address — its slug, or a verified custom domain.
// Everything a visitor reaches (the site's pages, its booking, its photos) goes through
// `liveSite`: a site that is not live is simply not found, as if it never existed.
import { schema, type Database, type PracticeFeature } from "@caredesk/db";
import { and, eq, isNotNull, sql, type SQL } from "drizzle-orm";
import { notFound } from "../errors";
import { organizationColumns, type Organization } from "./organization";

const { organization, practiceSite, subscription } = schema;

const dayMs = 86_400_000;

/** The facts that decide whether a site is served. */
export interface SiteLiveness {
  publishedAt: Date | null;
  paidUntil: Date | null;
  graceDays: number;
}

/** The plan is paid for `now` (renewal reminders go out before the end). */
export function planActive(s: Pick<SiteLiveness, "paidUntil">, now = new Date()): boolean {
  return s.paidUntil !== null && now.getTime() < s.paidUntil.getTime();
}

/** Paid, or within the grace days after the paid period: the site stays up meanwhile. */
export function planInGoodStanding(s: Omit<SiteLiveness, "publishedAt">, now = new Date()) {
  return s.paidUntil !== null && now.getTime() < s.paidUntil.getTime() + s.graceDays * dayMs;
}

/** Served to visitors: published and the plan in good standing. */
export function siteIsLive(s: SiteLiveness, now = new Date()): boolean {
  return s.publishedAt !== null && planInGoodStanding(s, now);
}

/** A live site's practice: the organization with what the site needs to decide and render. */
export type LiveSite = Organization & {
  directoryVersion: number;
  features: PracticeFeature[];
  site: typeof schema.practiceSite.$inferSelect;
};

/** Where a visitor came in: the practice's address on Caredesk, or its own host name. */
export type SiteAddress = { slug: string } | { host: string };

/**
 * The practice whose live site is at this address; anything else (unknown, unpublished, plan
 * lapsed past its grace, a custom domain not verified, the practice suspended) is not found.
 */
export async function liveSite(
  db: Database,
  address: SiteAddress,
  now = new Date(),
  /** The owner previewing: the practice's site whether or not it is live yet. */
  options: { evenIfNotLive?: boolean } = {},
): Promise<LiveSite> {
  let statements = prepared.get(db);
  if (!statements) prepared.set(db, (statements = prepareLiveSite(db)));
  const [row] =
    "slug" in address
      ? await statements.bySlug.execute({ slug: address.slug })
      : await statements.byHost.execute({ host: address.host.toLowerCase() });
  if (
    !row ||
    // A practice suspended by a platform operator is offline, even to its owner's preview.
    row.suspendedAt !== null ||
    (!options.evenIfNotLive && !siteIsLive({ ...row, publishedAt: row.site.publishedAt }, now))
  ) {
    throw notFound("Practice not found");
  }
  return { ...row.org, site: row.site };
}

/** The live-site lookup by address, as a query built once per database handle. */
function liveSiteQuery(db: Database, where: SQL | undefined) {
  return db
    .select({
      org: {
        ...organizationColumns,
        directoryVersion: organization.directoryVersion,
        features: organization.features,
      },
      site: practiceSite,
      suspendedAt: organization.suspendedAt,
      paidUntil: subscription.paidUntil,
      graceDays: subscription.graceDays,
    })
    .from(organization)
    .innerJoin(practiceSite, eq(practiceSite.organizationId, organization.id))
    .innerJoin(subscription, eq(subscription.organizationId, organization.id))
    .where(where)
    .limit(1);
}

/**
 * Every public page looks its site up: the two lookups are built once (Drizzle's prepared
 * queries) instead of on every page, with the same text and parameters as before.
 */
function prepareLiveSite(db: Database) {
  return {
    bySlug: liveSiteQuery(db, eq(organization.slug, sql.placeholder("slug"))).prepare(
      "live_site_by_slug",
    ),
    byHost: liveSiteQuery(
      db,
      and(
        eq(practiceSite.customDomain, sql.placeholder("host")),
        isNotNull(practiceSite.domainVerifiedAt),
      ),
    ).prepare("live_site_by_host"),
  };
}

const prepared = new WeakMap<Database, ReturnType<typeof prepareLiveSite>>();

/** A live site's practice that has `feature` on; otherwise the feature is not found there. */
export function requireFeature(site: Pick<LiveSite, "features">, feature: PracticeFeature) {
  if (!site.features.includes(feature)) throw notFound("Not found");
}
