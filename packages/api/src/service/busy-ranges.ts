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
 * The builder (placeholders: orgId, resourceIds as a uuid[] literal, from, to, ignore). One row
 * per resource with its ranges as two lists of minutes: 10,000 bookings arrive as 20 rows, not
 * 10,000 (row decoding dominated the search before). The lists are JSON (`[1,2]`), which the
 * driver hands to the runtime's native JSON.parse; an int[]'s text form (`{1,2}`) is parsed
 * character by character in JavaScript, which cost more than the rest of the search in Node.
 * date_part is double precision (extract's numeric is several times slower), and the lists are
 * left unsorted: the engine sorts them itself far cheaper than two ordered aggregates.
 */
export function busyRangeQuery(db: Database) {
  return db
    .select({
      resourceId: ar.resourceId,
      starts: sql<
        number[]
      >`array_to_json(array_agg(floor(date_part('epoch', lower(${ar.during})) / 60)::int))`,
      ends: sql<
        number[]
      >`array_to_json(array_agg(ceil(date_part('epoch', upper(${ar.during})) / 60)::int))`,
    })
    .from(ar)
    .where(
      and(
        eq(ar.organizationId, sql.placeholder("orgId")),
        sql`${ar.resourceId} = any(${sql.placeholder("resourceIds")}::uuid[])`,
        busyStatusesSql,
        sql`${ar.during} && tstzrange(${sql.placeholder("from")}::timestamptz, ${sql.placeholder("to")}::timestamptz)`,
        // appointment_id is never null: with no appointment to ignore, every row passes.
        sql`${ar.appointmentId} is distinct from ${sql.placeholder("ignore")}::uuid`,
      ),
    )
    .groupBy(ar.resourceId);
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
    from: fromEpochMinutes(window.start).toISOString(),
    to: fromEpochMinutes(window.end).toISOString(),
    ignore: ignoreAppointment ?? null,
  };
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
  const rows = await statement.execute(
    busyRangeValues(orgId, resourceIds, window, ignoreAppointment),
  );
  for (const r of rows) {
    const starts = parseIntArray(r.starts);
    const ends = parseIntArray(r.ends);
    byResource.set(
      r.resourceId,
      starts.map((start, i) => ({ start, end: ends[i] ?? start })),
    );
  }
  return byResource;
}

/** Both drivers decode json to an array of numbers; text ("[1,2]") is parsed as a fallback. */
function parseIntArray(value: unknown): number[] {
  if (Array.isArray(value)) return value as number[];
  if (typeof value === "string") return JSON.parse(value) as number[];
  return [];
}
