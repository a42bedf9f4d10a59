// What can be booked at an organization (its active resources with weekly hours and
// exceptions, and its services with the resources they need), kept in memory per server.
// Booking and availability read it on every request while it changes rarely, so a copy is
// trusted only while `organization.directory_version` (bumped by triggers in the same
// transaction as any change, and read with the membership at the start of every request)
// still matches. Every server instance therefore sees a change on its next request.
import { schema, type Database } from "@caredesk/db";
import type { ScheduleException, WeeklyRule } from "@caredesk/scheduling";
import { and, asc, eq } from "drizzle-orm";
import { exceptionsOf, rulesOf } from "./schedule";
import { getService } from "./service";

const { resource } = schema;

/** The organization as a request knows it; without a version nothing is cached. */
export interface DirectoryScope {
  id: string;
  directoryVersion?: number | undefined;
}

export type BookableService = Awaited<ReturnType<typeof getService>>;

export interface BookableResource {
  id: string;
  kind: "practitioner" | "room" | "equipment";
  name: string;
  timeZone: string;
  departmentId: string | null;
  category: string | null;
  /** Weekly hours and exceptions (incl. organization-wide ones), fetched with the resource. */
  rules: WeeklyRule[];
  exceptions: ScheduleException[];
}

/**
 * Every active resource with its hours and exceptions (the schedule service's own reads, run
 * together). Async on purpose: a Drizzle query is a lazy thenable that runs again on every
 * `await`, a promise runs once.
 */
async function loadResources(db: Database, orgId: string): Promise<BookableResource[]> {
  const rows = await db
    .select({
      id: resource.id,
      kind: resource.kind,
      name: resource.name,
      timeZone: resource.timeZone,
      departmentId: resource.departmentId,
      category: resource.category,
    })
    .from(resource)
    .where(and(eq(resource.organizationId, orgId), eq(resource.active, true)))
    .orderBy(asc(resource.name), asc(resource.id));
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [rules, exceptions] = await Promise.all([
    rulesOf(db, orgId, ids),
    exceptionsOf(db, orgId, ids),
  ]);
  return rows.map((r) => ({
    ...r,
    rules: rules.get(r.id) ?? [],
    exceptions: exceptions
      .filter((e) => e.resourceId === null || e.resourceId === r.id)
      .map((e) => ({ from: e.startsOn, to: e.endsOn, closed: e.closed, intervals: e.intervals })),
  }));
}

interface Entry {
  version: number;
  /** "resources", or "service:<id>": one load each, shared by concurrent requests. */
  loads: Map<string, Promise<unknown>>;
}

/** Organizations remembered per database; the least recently current ones are dropped. */
const MAX_ORGANIZATIONS = 1000;
const cache = new WeakMap<Database, Map<string, Entry>>();

function entryFor(db: Database, org: DirectoryScope): Entry | null {
  const version = org.directoryVersion;
  if (version === undefined) return null;
  let byOrg = cache.get(db);
  if (!byOrg) {
    byOrg = new Map<string, Entry>();
    cache.set(db, byOrg);
  }
  const current = byOrg.get(org.id);
  // A copy at least as new as what this request read will do (it only ever lags a change
  // that committed after the request began).
  if (current && current.version >= version) return current;
  const fresh: Entry = { version, loads: new Map() };
  byOrg.delete(org.id);
  byOrg.set(org.id, fresh);
  if (byOrg.size > MAX_ORGANIZATIONS) {
    const oldest = byOrg.keys().next().value;
    if (oldest !== undefined) byOrg.delete(oldest);
  }
  return fresh;
}

function shared<T>(entry: Entry | null, key: string, load: () => Promise<T>): Promise<T> {
  if (!entry) return load();
  const known = entry.loads.get(key) as Promise<T> | undefined;
  if (known) return known;
  const loading = load();
  entry.loads.set(key, loading);
  // A failed load (an unknown service, a lost connection) is not remembered.
  void loading.catch(() => {
    if (entry.loads.get(key) === loading) entry.loads.delete(key);
  });
  return loading;
}

/** Active resources with their calendars. Shared between requests: never mutate. */
export function bookableResources(db: Database, org: DirectoryScope) {
  return shared(entryFor(db, org), "resources", () => loadResources(db, org.id));
}

/** A service with its requirements (NOT_FOUND when unknown). Shared: never mutate. */
export function bookableService(db: Database, org: DirectoryScope, serviceId: string) {
  return shared(entryFor(db, org), `service:${serviceId}`, () => getService(db, org.id, serviceId));
}
