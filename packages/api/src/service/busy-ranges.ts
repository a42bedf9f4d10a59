// The busy-range statement: what some resources of an organization are booked for over a
// window, as whole epoch minutes. Availability runs it on every search and booking with a
// choice of resources; it is built once per database handle and kept as a named prepared
// statement, so its text is fixed (one array parameter, however many resources) and
// PostgreSQL may settle on a generic plan for it. That plan must still use the exclusion
// constraint's partial GiST index (`appointment_resource_no_overlap`, WHERE status is
// active): the statuses are written as literals, because a generic plan cannot prove a
// partial index's predicate from parameters. test/plans.test.ts holds it to that.
import { schema, type Database } from "@caredesk/db";
import type { Interval } from "@caredesk/scheduling";
import { fromEpochMinutes } from "@caredesk/scheduling";
import { and, eq, sql } from "drizzle-orm";

const { appointmentResource: ar } = schema;

/**
 * The statuses that hold a resource, as SQL literals: the same list, in the same form, as the
 * predicate of the exclusion constraint's partial index (migration 0005) and `activeStatuses`.
 */
export const busyStatusesSql = sql`${ar.status} in ('held', 'pending', 'confirmed', 'in_progress')`;

/**
 * The builder (placeholders: resourceIds as a uuid[] literal, orgId, base, from, to, ignore).
 * One row per resource asked for, with its ranges as two lists (null when it has none): each
 * range's start as minutes after `base` (the window's first minute) and its length in minutes.
 * 10,000 bookings arrive as 20 rows, not 10,000 (row decoding dominated the search before), and
 * as small numbers: half the bytes of whole epoch minutes to send, decode and parse. Each
 * resource is read by its own scan of the partial GiST index (a lateral join over the ids), so
 * the rows need no sort or grouping; the minutes are the row's stored `start_minute` and
 * `end_minute` (its bounds rounded down and up), so no timestamp is converted per search. The
 * lists are int[] sent as text (`{1,2}`, PostgreSQL's own array output, cheaper there than
 * array_to_json) and read with the runtime's native JSON.parse (`parseIntArray`): the drivers'
 * int[] parsers go character by character in JavaScript, which cost more than the rest of the
 * search in Node. They are left unsorted: the engine sorts them itself far cheaper than two
 * ordered aggregates. `busyIntervals` reads them back.
 */
export function busyRangeQuery(db: Database) {
  return db
    .select({
      resourceId: sql<string>`r.id`,
      starts: sql<string | null>`b.starts`,
      lengths: sql<string | null>`b.lengths`,
    })
    .from(
      sql`unnest(${sql.placeholder("resourceIds")}::uuid[]) as r(id) cross join lateral (
        select array_agg(${ar.startMinute} - ${sql.placeholder("base")}::int)::text as starts,
               array_agg(${ar.endMinute} - ${ar.startMinute})::text as lengths
          from ${ar}
         where ${and(
           eq(ar.organizationId, sql.placeholder("orgId")),
           sql`${ar.resourceId} = r.id`,
           busyStatusesSql,
           sql`${ar.during} && tstzrange(${sql.placeholder("from")}::timestamptz, ${sql.placeholder("to")}::timestamptz)`,
           // appointment_id is never null: with no appointment to ignore, every row passes.
           sql`${ar.appointmentId} is distinct from ${sql.placeholder("ignore")}::uuid`,
         )}) as b`,
    );
}

/** The builder's placeholders for one call. Ids are the directory's own (uuids). */
export function busyRangeValues(
  orgId: string,
  resourceIds: string[],
  window: Interval,
  ignoreAppointment?: string,
) {
  return {
    orgId,
    resourceIds: `{${resourceIds.join(",")}}`,
    base: String(Math.floor(window.start)),
    from: fromEpochMinutes(window.start).toISOString(),
    to: fromEpochMinutes(window.end).toISOString(),
    ignore: ignoreAppointment ?? null,
  };
}

/**
 * One resource's busy ranges from the statement's two lists, as epoch minutes: start = base +
 * starts[i], end = start + lengths[i]. Empty for a resource without any (null lists). A range
 * with no lower bound (null) gives a start the engine refuses, as it always did; one with no
 * upper bound ends where it starts.
 */
export function busyIntervals(base: number, starts: unknown, lengths: unknown): Interval[] {
  const s = parseIntArray(starts);
  const n = s.length;
  const out = new Array<Interval>(n);
  if (n === 0) return out;
  const l = parseIntArray(lengths);
  for (let i = 0; i < n; i++) {
    const offset = s[i];
    const start = offset === null || offset === undefined ? NaN : base + offset;
    const length = l[i];
    out[i] = { start, end: length === null || length === undefined ? start : start + length };
  }
  return out;
}

const prepared = new WeakMap<Database, ReturnType<typeof prepare>>();

function prepare(db: Database) {
  return busyRangeQuery(db).prepare("busy_ranges");
}

/** Busy ranges of these resources overlapping the window, by resource. */
export async function busyRanges(
  db: Database,
  orgId: string,
  resourceIds: string[],
  window: Interval,
  ignoreAppointment?: string,
): Promise<Map<string, Interval[]>> {
  const byResource = new Map<string, Interval[]>();
  if (resourceIds.length === 0) return byResource;
  let statement = prepared.get(db);
  if (!statement) prepared.set(db, (statement = prepare(db)));
  const values = busyRangeValues(orgId, resourceIds, window, ignoreAppointment);
  const rows = await statement.execute(values);
  const base = Math.floor(window.start);
  for (const r of rows) {
    const busy = busyIntervals(base, r.starts, r.lengths);
    if (busy.length > 0) byResource.set(r.resourceId, busy);
  }
  return byResource;
}

/**
 * An int[]'s text form ("{1,-2,NULL}") read as JSON, which it is but for its braces and NULL:
 * the runtime's native JSON.parse, where the drivers' own array parsers go character by
 * character in JavaScript. No lists (null) for a resource without bookings.
 */
function parseIntArray(value: unknown): (number | null)[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value as (number | null)[];
  if (typeof value !== "string") return [];
  const body = value.slice(1, -1);
  return JSON.parse(`[${body.includes("N") ? body.replaceAll("NULL", "null") : body}]`) as (
    number | null
  )[];
}
