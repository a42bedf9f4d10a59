// The practice's public face and what it bought: its website (business profile, opening hours,
// template, publication, custom domain), the plan catalogue operators price, each practice's
// subscription and the payments for it made on the platform's own provider keys.
//
// A site is served only while it is published and its plan is paid up (the period's end plus the
// grace days). Features bought (organization.features) gate procedures server-side.
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { constraints } from "../constraints";
import { id, timestamps } from "./_columns";
import { organization, practiceFeature } from "./identity";
import { paymentProvider, paymentStatus } from "./money";

export const billingInterval = pgEnum("billing_interval", ["month", "year"]);

/** The look of a practice's site: colours, fonts and layout. Pharmacies choose one in the wizard. */
export const siteTemplate = pgEnum("site_template", ["classic", "fresh", "market", "care"]);

/** One shift of a weekday, local wall-clock "HH:MM" [start, end). */
export interface SiteShift {
  start: string;
  end: string;
}

/** Opening hours: seven weekdays (0 = Monday … 6 = Sunday), each a list of shifts; empty: closed. */
export type SiteWeek = SiteShift[][];

export interface SiteSocialLinks {
  facebook?: string;
  instagram?: string;
  x?: string;
  linkedin?: string;
  youtube?: string;
  tiktok?: string;
}

/** Where the owner is in the set-up wizard, so it resumes there. */
export const siteStep = pgEnum("site_step", [
  "kind",
  "features",
  "plan",
  "pay",
  "profile",
  "directory",
  "preview",
  "done",
]);

/**
 * A practice's website, one per organization: the business profile it shows (the practice's name
 * and logo live on organization), its template and whether it is published.
 */
export const practiceSite = pgTable(
  "practice_site",
  {
    organizationId: uuid()
      .primaryKey()
      .references(() => organization.id, { onDelete: "cascade" }),
    step: siteStep().notNull().default("kind"),
    template: siteTemplate().notNull().default("classic"),
    about: text().notNull().default(""),
    addressLine: text().notNull().default(""),
    city: text().notNull().default(""),
    region: text().notNull().default(""),
    postalCode: text().notNull().default(""),
    latitude: doublePrecision(),
    longitude: doublePrecision(),
    phone: text().notNull().default(""),
    email: text().notNull().default(""),
    websiteUrl: text().notNull().default(""),
    social: jsonb().$type<SiteSocialLinks>().notNull().default({}),
    hours: jsonb()
      .$type<SiteWeek>()
      .notNull()
      .default(sql`'[[],[],[],[],[],[],[]]'::jsonb`),
    /** Set by publishing, cleared by unpublishing. */
    publishedAt: timestamp({ withTimezone: true }),
    /** Lower-case host name ("www.cairosmile.com"); served only once verified. */
    customDomain: text(),
    /** SHA-256 (hex) of the token the practice puts in its DNS TXT record; never the token. */
    domainTokenHash: text(),
    domainVerifiedAt: timestamp({ withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex(constraints.siteCustomDomain).on(t.customDomain),
    check(
      "practice_site_coordinates",
      sql`(${t.latitude} is null) = (${t.longitude} is null)
        and (${t.latitude} is null or (${t.latitude} between -90 and 90 and ${t.longitude} between -180 and 180))`,
    ),
    check(
      "practice_site_hours_week",
      sql`jsonb_typeof(${t.hours}) = 'array' and jsonb_array_length(${t.hours}) = 7`,
    ),
  ],
);

/**
 * The plan catalogue: a base price and a price per feature, per billing interval and currency.
 * Platform-wide (no organization); operators edit it in the admin app.
 */
export const planPrice = pgTable(
  "plan_price",
  {
    /** "base" or a feature's name. */
    item: text().notNull(),
    interval: billingInterval().notNull(),
    currency: text().notNull(),
    amountMinor: integer().notNull(),
    active: boolean().notNull().default(true),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ name: "plan_price_pkey", columns: [t.item, t.interval, t.currency] }),
    check(
      "plan_price_item",
      sql`${t.item} in ('base', 'reviews', 'patient_portal', 'assistant', 'ambulance', 'prescription_refill')`,
    ),
    check("plan_price_currency_iso", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check("plan_price_amount", sql`${t.amountMinor} between 0 and 100000000`),
  ],
);

/**
 * What a practice chose and how far it has paid. The plan is active while now < paidUntil, and
 * its site stays up for `graceDays` more (renewal reminders go out meanwhile).
 */
export const subscription = pgTable(
  "subscription",
  {
    organizationId: uuid()
      .primaryKey()
      .references(() => organization.id, { onDelete: "cascade" }),
    features: practiceFeature()
      .array()
      .notNull()
      .default(sql`'{}'`),
    interval: billingInterval().notNull().default("month"),
    currency: text().notNull(),
    /** The total the catalogue quoted for the choice, per interval. */
    amountMinor: integer().notNull().default(0),
    paidUntil: timestamp({ withTimezone: true }),
    graceDays: integer().notNull().default(7),
    ...timestamps(),
  },
  (t) => [
    check("subscription_currency_iso", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check("subscription_grace", sql`${t.graceDays} between 0 and 60`),
  ],
);

/**
 * A payment for a plan period, made on the platform's keys. Moves like every payment (only a
 * verified provider event or a server-side retrieval succeeds it); a succeeded one extends the
 * subscription exactly once (`appliedAt`).
 */
export const planPayment = pgTable(
  "plan_payment",
  {
    id: id(),
    organizationId: uuid()
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    provider: paymentProvider().notNull(),
    providerRef: text(),
    status: paymentStatus().notNull().default("created"),
    features: practiceFeature().array().notNull(),
    interval: billingInterval().notNull(),
    amountMinor: integer().notNull(),
    currency: text().notNull(),
    /** The period this payment bought, set when it was applied to the subscription. */
    periodStart: timestamp({ withTimezone: true }),
    periodEnd: timestamp({ withTimezone: true }),
    appliedAt: timestamp({ withTimezone: true }),
    statusReason: text(),
    /** What the browser needs to finish (Stripe's client secret, Fawry's reference). */
    clientData: jsonb().$type<Record<string, string>>().notNull().default({}),
    ...timestamps(),
  },
  (t) => [
    index("plan_payment_org_idx").on(t.organizationId, t.createdAt),
    uniqueIndex(constraints.planPaymentProviderRef).on(t.provider, t.providerRef),
    check("plan_payment_amount", sql`${t.amountMinor} > 0`),
  ],
);

/** A platform webhook event, stored once per provider event id. */
export const planWebhookEvent = pgTable(
  "plan_webhook_event",
  {
    id: id(),
    provider: paymentProvider().notNull(),
    eventId: text().notNull(),
    type: text().notNull(),
    planPaymentId: uuid().references(() => planPayment.id, { onDelete: "set null" }),
    deliveries: integer().notNull().default(1),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex(constraints.planWebhookEventOnce).on(t.provider, t.eventId)],
);
