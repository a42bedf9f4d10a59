// Identity and tenancy: users, sessions, organizations and who belongs to which.
import { constraints } from "../constraints";
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { id, timestamps } from "./_columns";

export const organizationKind = pgEnum("organization_kind", [
  "hospital",
  "clinic",
  "dental",
  "pharmacy",
]);

/**
 * What a practice can switch on and pays for in its plan. Procedures of a feature that is off
 * answer NOT_FOUND and its site hides it. Only features that exist in the product are offered.
 */
export const practiceFeatures = [
  "reviews",
  "patient_portal",
  "assistant",
  "ambulance",
  "prescription_refill",
] as const;
export type PracticeFeature = (typeof practiceFeatures)[number];
export const practiceFeature = pgEnum("practice_feature", practiceFeatures);

export const sessionKind = pgEnum("session_kind", ["cookie", "bearer"]);

export const memberRole = pgEnum("member_role", [
  "owner",
  "admin",
  "manager",
  "doctor",
  "staff",
  "patient",
  /** Reviews prescriptions, dispenses, runs the stock (added with the pharmacy). */
  "pharmacist",
]);

export const user = pgTable(
  "user",
  {
    id: id(),
    email: text().notNull(),
    name: text().notNull(),
    phone: text(),
    /**
     * An argon2id hash. An account made by signing in with an OpenID Connect provider has no
     * password: its value starts with `!` and a random part no password matches (see
     * `noPasswordHash`), until a password reset gives it one.
     */
    passwordHash: text().notNull(),
    /** Set when the owner of the address followed the verification link. */
    emailVerifiedAt: timestamp({ withTimezone: true }),
    isPlatformAdmin: boolean().notNull().default(false),
    ...timestamps(),
  },
  (t) => [
    // Case-insensitive uniqueness without the citext extension.
    uniqueIndex(constraints.userEmail).on(sql`lower(${t.email})`),
    index("user_name_trgm_idx").using("gin", t.name.op("gin_trgm_ops")),
  ],
);

// Lucia's design: the id is public, only SHA-256 of the secret half of the token is stored.
export const session = pgTable(
  "session",
  {
    id: text().primaryKey(),
    secretHash: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    ip: text(),
    userAgent: text(),
    /**
     * How the token travels: in the HttpOnly cookie (browsers) or in an `Authorization: Bearer`
     * header (mobile apps, partners). A token is accepted only the way it was issued.
     */
    kind: sessionKind().notNull().default("cookie"),
    /** The device name a bearer token was issued for ("Mona's iPhone"), shown in the device list. */
    name: text(),
  },
  (t) => [index().on(t.userId)],
);

/**
 * A sign-in method from an OpenID Connect provider (Google, a company's identity server): the
 * provider's (issuer, subject) pair belongs to one account. No provider tokens are kept.
 */
export const userIdentity = pgTable(
  "user_identity",
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    /** The deployment's name for the provider ("google"), as configured. */
    provider: text().notNull(),
    issuer: text().notNull(),
    subject: text().notNull(),
    /** The address the provider reported at the last sign-in (shown on the account page). */
    email: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex(constraints.userIdentitySubject).on(t.issuer, t.subject),
    index().on(t.userId),
  ],
);

export const oidcFlowIntent = pgEnum("oidc_flow_intent", ["sign_in", "link", "confirm"]);

/**
 * A sign-in with a provider in progress, used once. `sign_in` and `link` rows wait for the
 * provider's callback: the browser holds a random secret in a short-lived cookie, PKCE's verifier
 * and the nonce are derived from it, and only hashes of it and of `state` are stored. A `confirm`
 * row holds an identity the provider vouched for whose email belongs to an existing account,
 * until its owner proves it with the account's password.
 */
export const oidcFlow = pgTable(
  "oidc_flow",
  {
    id: id(),
    /** SHA-256 of the browser's secret (cookie, or the confirm screen's link). */
    secretHash: text().notNull(),
    /** SHA-256 of `state` (sign_in and link). */
    stateSecretHash: text(),
    intent: oidcFlowIntent().notNull(),
    provider: text().notNull(),
    /** Who started a link, or the account a confirm row would link to. */
    userId: uuid().references(() => user.id, { onDelete: "cascade" }),
    /** Where the app continues afterwards (a path of the web app). */
    returnTo: text(),
    /** The identity waiting for confirmation (confirm rows). */
    issuer: text(),
    subject: text(),
    email: text(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.secretHash), index().on(t.expiresAt)],
);

/**
 * Failed sign-ins per account, for exponential back-off. Keyed by SHA-256 of the lower-cased
 * email, so unknown accounts are throttled exactly like real ones and what was typed is not
 * stored.
 */
export const signInThrottle = pgTable("sign_in_throttle", {
  accountHash: text().primaryKey(),
  failures: integer().notNull(),
  blockedUntil: timestamp({ withTimezone: true }),
  lastFailureAt: timestamp({ withTimezone: true }).notNull(),
});

/** How the practice writes teeth: Universal (1–32, A–T) or FDI (11–48, 51–85). */
export const toothNumbering = pgEnum("tooth_numbering", ["universal", "fdi"]);

export const organization = pgTable(
  "organization",
  {
    id: id(),
    slug: text().notNull(),
    name: text().notNull(),
    kind: organizationKind().notNull(),
    timeZone: text().notNull(),
    currency: text().notNull(),
    /** ISO 3166 alpha-2; the default region for phone numbers typed without a country code. */
    country: text(),
    /**
     * Bumped by triggers whenever a service, resource, schedule rule or exception, doctor or
     * department of the organization changes, or a review of it is moderated: read with the
     * membership on every request, it tells the booking path whether its in-process copy of the
     * directory is still current, and the public site whether its cached page data is.
     */
    directoryVersion: bigint({ mode: "number" }).notNull().default(0),
    /** BCP 47 tag: how dates, times and money are written for this practice and its patients. */
    locale: text().notNull().default("en-US"),
    /** Minutes before an appointment's start that reminders go out (default 24 h and 2 h). */
    reminderOffsets: integer()
      .array()
      .notNull()
      .default(sql`'{1440,120}'::integer[]`),
    /** Local wall-clock minutes of day [start, end) when no reminder is sent; null: none. */
    quietHoursStart: integer().default(21 * 60),
    quietHoursEnd: integer().default(8 * 60),
    /** The name patients see as the sender ("Cairo Smile Dental"); defaults to the name. */
    senderName: text(),
    /** Channels the practice sends patient messages on (email, sms, push; in-app always). */
    channels: text()
      .array()
      .notNull()
      .default(sql`'{email,in_app}'::text[]`),
    /** The practice's logo (a file of purpose "logo"): app header, printouts, PDFs, emails. */
    logoFileId: uuid(),
    toothNumbering: toothNumbering().notNull().default("universal"),
    /** Tax added to invoice lines, in basis points (1/100 %); 0: no tax line. */
    taxRateBps: integer().notNull().default(0),
    /** What the tax is called on invoices ("VAT", "GST"). */
    taxLabel: text().notNull().default("Tax"),
    /** The practice's fee on consultations paid through escrow, in basis points. */
    platformFeeBps: integer().notNull().default(1000),
    /** Hours after a consultation is completed before its escrow is released. */
    disputeWindowHours: integer().notNull().default(48),
    /** A cancellation at least this many hours before the start is refunded in full. */
    fullRefundHours: integer().notNull().default(24),
    /** What share of the payment a later cancellation gets back (basis points); no-shows get none. */
    lateRefundBps: integer().notNull().default(0),
    /** Days the assistant's conversations are kept after their last message. */
    assistantRetentionDays: integer().notNull().default(90),
    /** Language-model tokens the assistant may spend per day (0: the embedded engine only). */
    assistantDailyTokens: integer().notNull().default(50000),
    /** Whether the chart shows primary (deciduous) teeth too. */
    chartPrimaryTeeth: boolean().notNull().default(false),
    /**
     * The features switched on (see practiceFeature). A new practice has its patient portal; the
     * rest come with the plan chosen in the website wizard.
     */
    features: practiceFeature()
      .array()
      .notNull()
      .default(sql`'{patient_portal}'`),
    /**
     * Set by a platform operator: while set, the practice's staff and patients see why and can
     * change nothing, and its site is offline. Nothing is deleted; restoring clears both.
     */
    suspendedAt: timestamp({ withTimezone: true }),
    suspensionReason: text(),
    ...timestamps(),
  },
  (t) => [
    check("organization_country_iso", sql`${t.country} ~ '^[A-Z]{2}$'`),
    uniqueIndex(constraints.organizationSlug).on(t.slug),
    index("organization_name_trgm_idx").using("gin", t.name.op("gin_trgm_ops")),
    check("organization_currency_iso", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check(
      "organization_quiet_hours",
      sql`${t.quietHoursStart} between 0 and 1439 and ${t.quietHoursEnd} between 0 and 1439`,
    ),
    check("organization_reminder_offsets", sql`cardinality(${t.reminderOffsets}) <= 4`),
    check(
      "organization_money_settings",
      sql`${t.taxRateBps} between 0 and 5000 and ${t.platformFeeBps} between 0 and 10000
        and ${t.disputeWindowHours} between 0 and 720 and ${t.fullRefundHours} between 0 and 720
        and ${t.lateRefundBps} between 0 and 10000`,
    ),
    check(
      "organization_assistant_settings",
      sql`${t.assistantRetentionDays} between 1 and 3650 and ${t.assistantDailyTokens} between 0 and 10000000`,
    ),
    check(
      "organization_suspension",
      sql`(${t.suspendedAt} is null) = (${t.suspensionReason} is null)`,
    ),
    check("organization_slug_format", sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
  ],
);

export const membership = pgTable(
  "membership",
  {
    id: id(),
    organizationId: uuid()
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    role: memberRole().notNull(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex(constraints.membershipUser).on(t.organizationId, t.userId),
    index().on(t.userId),
  ],
);
