// Database sessions: created at every sign-in, validated per request with sliding expiry,
// listed and revoked by their owner, all revoked on a password change.
import {
  fieldDecoder,
  preparedSelect,
  schema,
  type Database,
  type SelectedField,
} from "@caredesk/db";
import { and, desc, eq, gt, ne, sql } from "drizzle-orm";
import type { Role } from "./permissions";
import { generateSecureRandomString, hashSecret, secretMatches, splitToken } from "./token";

export const sessionCookieName = "caredesk_session";
const day = 24 * 60 * 60 * 1000;
export const sessionLifetimeMs = 30 * day;
/** Expiry is pushed out again once less than this remains. */
export const sessionRefreshThresholdMs = 15 * day;

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  isPlatformAdmin: boolean;
}

export interface ValidSession {
  id: string;
  userId: string;
  expiresAt: Date;
  /** True when this validation extended the expiry: the cookie must be sent again. */
  refreshed: boolean;
}

/** How a session token travels: the HttpOnly cookie, or an `Authorization: Bearer` header. */
export type SessionKind = (typeof schema.sessionKind.enumValues)[number];

export interface SessionMeta {
  ip?: string | null | undefined;
  userAgent?: string | null | undefined;
  /** Default "cookie". A bearer token is never accepted from a cookie, nor a cookie's as bearer. */
  kind?: SessionKind;
  /** The device a bearer token is for, shown in the account's device list. */
  name?: string | null | undefined;
}

export async function createSession(
  db: Database,
  userId: string,
  meta: SessionMeta = {},
  now = new Date(),
): Promise<{ token: string; session: ValidSession }> {
  const id = generateSecureRandomString();
  const secret = generateSecureRandomString();
  const expiresAt = new Date(now.getTime() + sessionLifetimeMs);
  await db.insert(schema.session).values({
    id,
    secretHash: hashSecret(secret),
    userId,
    expiresAt,
    createdAt: now,
    lastSeenAt: now,
    ip: meta.ip ?? null,
    userAgent: meta.userAgent?.slice(0, 512) ?? null,
    kind: meta.kind ?? "cookie",
    name: meta.name ?? null,
  });
  return { token: `${id}.${secret}`, session: { id, userId, expiresAt, refreshed: false } };
}

/** The user's membership of the organization a request names, with that organization. */
export interface SessionMembership {
  id: string;
  role: Role;
  organization: OrganizationProfile & {
    directoryVersion: number;
    /** Set while a platform operator has the practice suspended (with the reason). */
    suspendedAt: Date | null;
    suspensionReason: string | null;
  };
}

/** The fields `organizationProfileColumns` selects. */
export type OrganizationProfile = Pick<
  typeof schema.organization.$inferSelect,
  "id" | "slug" | "name" | "kind" | "timeZone" | "currency" | "country" | "locale" | "features"
>;

export interface ValidatedSession {
  session: ValidSession;
  user: SessionUser;
  /**
   * Present when asked for with `organizationId`: the membership (null when the user has
   * none there), read in the same round trip as the session, since nearly every request of
   * the apps is about one organization.
   */
  membership?: SessionMembership | null;
}

const { membership, organization } = schema;

/** What every screen knows of an organization (the api adds more where it needs it). */
export const organizationProfileColumns = {
  id: organization.id,
  slug: organization.slug,
  name: organization.name,
  kind: organization.kind,
  timeZone: organization.timeZone,
  currency: organization.currency,
  country: organization.country,
  locale: organization.locale,
  /** The features switched on: procedures of the others answer NOT_FOUND. */
  features: organization.features,
};

/** How a `SessionMembership` is selected (also by callers that look it up on its own). */
export const sessionMembershipColumns = {
  id: membership.id,
  role: membership.role,
  organization: {
    ...organizationProfileColumns,
    directoryVersion: organization.directoryVersion,
    suspendedAt: organization.suspendedAt,
    suspensionReason: organization.suspensionReason,
  },
};

/** The user's membership of `organizationId` on its own, for callers without a request. */
export async function findSessionMembership(
  db: Database,
  userId: string,
  organizationId: string,
): Promise<SessionMembership | null> {
  const [row] = await db
    .select(sessionMembershipColumns)
    .from(membership)
    .innerJoin(organization, eq(organization.id, membership.organizationId))
    .where(and(eq(membership.organizationId, organizationId), eq(membership.userId, userId)));
  return row ?? null;
}

/**
 * The per-request lookup: the session, its user and (when the request names an organization)
 * the membership there with its organization. Built once per database handle: it runs on
 * every request, and building the query cost more than PostgreSQL takes to answer it.
 */
function sessionLookupQuery(db: Database) {
  return (
    db
      .select({
        id: schema.session.id,
        secretHash: schema.session.secretHash,
        kind: schema.session.kind,
        expiresAt: schema.session.expiresAt,
        userId: schema.user.id,
        email: schema.user.email,
        name: schema.user.name,
        isPlatformAdmin: schema.user.isPlatformAdmin,
        membershipId: sessionMembershipColumns.id,
        role: sessionMembershipColumns.role,
        org: sessionMembershipColumns.organization,
      })
      .from(schema.session)
      .innerJoin(schema.user, eq(schema.user.id, schema.session.userId))
      // With no organization (null) the join matches nothing: `= null` is never true.
      .leftJoin(
        membership,
        and(
          eq(membership.userId, schema.user.id),
          eq(membership.organizationId, sql.placeholder("organizationId")),
        ),
      )
      .leftJoin(organization, eq(organization.id, membership.organizationId))
      .where(eq(schema.session.id, sql.placeholder("sessionId")))
  );
}

type SessionLookupRow = Awaited<ReturnType<typeof sessionLookupQuery>>[number];

/**
 * The lookup's rows mapped as Drizzle maps them — top-level fields by name, `org` an object —
 * without its generic per-row work: `org`, the left-joined organization, is null when the
 * join found none, as Drizzle nulls a joined table's object whose first value is null.
 */
function sessionRows(fields: SelectedField[]) {
  const decoders = fields.map(fieldDecoder);
  const paths = fields.map(({ path }) => path);
  if (paths.some((path) => path.length > 2 || (path.length === 2 && path[0] !== "org"))) {
    throw new Error("the session lookup's selection is not the one sessionRows expects");
  }
  return (rows: readonly unknown[][]): SessionLookupRow[] =>
    rows.map((row) => {
      const out: Record<string, unknown> = {};
      const org: Record<string, unknown> = {};
      for (let at = 0; at < paths.length; at++) {
        const path = paths[at] as string[];
        const raw = row[at];
        const value =
          raw === null || raw === undefined ? null : decoders[at]?.mapFromDriverValue(raw);
        if (path.length === 1) out[path[0] as string] = value;
        else org[path[1] as string] = value;
      }
      out.org = org.id === null || org.id === undefined ? null : org;
      return out as SessionLookupRow;
    });
}

const sessionLookups = new WeakMap<
  Database,
  (values: Record<string, unknown>) => Promise<SessionLookupRow[]>
>();

function sessionLookup(db: Database) {
  let lookup = sessionLookups.get(db);
  if (!lookup) {
    lookup = preparedSelect(db, sessionLookupQuery(db), "session_lookup", sessionRows);
    sessionLookups.set(db, lookup);
  }
  return lookup;
}

export async function validateSessionToken(
  db: Database,
  token: string,
  now = new Date(),
  options: { organizationId?: string | null; kind?: SessionKind } = {},
): Promise<ValidatedSession | null> {
  const parts = splitToken(token);
  if (!parts) return null;
  const orgId = options.organizationId ?? null;
  const [row] = await sessionLookup(db)({ sessionId: parts.id, organizationId: orgId });
  if (!row || !secretMatches(parts.secret, row.secretHash)) return null;
  // A token works only the way it was issued: a stolen bearer token cannot be planted as a
  // cookie (where CSRF rules differ), nor a cookie's token replayed from a script as bearer.
  if (row.kind !== (options.kind ?? "cookie")) return null;
  if (row.expiresAt.getTime() <= now.getTime()) {
    await db.delete(schema.session).where(eq(schema.session.id, row.id));
    return null;
  }
  let expiresAt = row.expiresAt;
  let refreshed = false;
  if (expiresAt.getTime() - now.getTime() < sessionRefreshThresholdMs) {
    expiresAt = new Date(now.getTime() + sessionLifetimeMs);
    refreshed = true;
    await db
      .update(schema.session)
      .set({ expiresAt, lastSeenAt: now })
      .where(eq(schema.session.id, row.id));
  }
  return {
    session: { id: row.id, userId: row.userId, expiresAt, refreshed },
    user: {
      id: row.userId,
      email: row.email,
      name: row.name,
      isPlatformAdmin: row.isPlatformAdmin,
    },
    ...(orgId
      ? {
          membership:
            row.membershipId && row.role && row.org
              ? { id: row.membershipId, role: row.role, organization: row.org }
              : null,
        }
      : {}),
  };
}

export async function invalidateSession(db: Database, sessionId: string): Promise<void> {
  await db.delete(schema.session).where(eq(schema.session.id, sessionId));
}

/** Revokes one of the user's sessions; false when it is not theirs (or gone). */
export async function revokeUserSession(
  db: Database,
  userId: string,
  sessionId: string,
): Promise<boolean> {
  const deleted = await db
    .delete(schema.session)
    .where(and(eq(schema.session.id, sessionId), eq(schema.session.userId, userId)))
    .returning({ id: schema.session.id });
  return deleted.length > 0;
}

export async function invalidateUserSessions(
  db: Database,
  userId: string,
  options: { except?: string } = {},
): Promise<void> {
  await db
    .delete(schema.session)
    .where(
      options.except
        ? and(eq(schema.session.userId, userId), ne(schema.session.id, options.except))
        : eq(schema.session.userId, userId),
    );
}

export async function listUserSessions(db: Database, userId: string, now = new Date()) {
  return db
    .select({
      id: schema.session.id,
      createdAt: schema.session.createdAt,
      lastSeenAt: schema.session.lastSeenAt,
      expiresAt: schema.session.expiresAt,
      ip: schema.session.ip,
      userAgent: schema.session.userAgent,
      kind: schema.session.kind,
      name: schema.session.name,
    })
    .from(schema.session)
    .where(and(eq(schema.session.userId, userId), gt(schema.session.expiresAt, now)))
    .orderBy(desc(schema.session.lastSeenAt));
}
