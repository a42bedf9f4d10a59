// Availability for 20 resources over 14 days with 10,000 existing bookings, through the real
// procedure (membership and permission check, one busy-range query, the pure engine), beside
// its raw twin: the same two statements through postgres.js and the same engine call, without
// tRPC, zod or Drizzle's builders. Run alternately so drift on the machine hits both.
import {
  appRouter,
  busyRangeQuery,
  busyRangeValues,
  createCallerFactory,
  createContextInner,
} from "@caredesk/api";
import { validateSessionToken } from "@caredesk/auth";
import type { DbHandle } from "@caredesk/db";
import {
  epochMinutesToLocal,
  findSlots,
  fromEpochMinutes,
  localToEpochMinutes,
  startOfLocalDay,
  toEpochMinutes,
  type Interval,
  type IsoWeekday,
  type ResourceCalendar,
} from "@caredesk/scheduling";
import { sql } from "drizzle-orm";
import { createBenchPractice, type BenchPractice } from "./fixture";
import { alternate, quantile, timeEach, writeResult } from "./lib";

const pgArray = (values: string[]) => `{${values.join(",")}}`;

export interface AvailabilityFixture {
  practice: BenchPractice;
  /** The first local day searched (tomorrow in the practice's zone). */
  fromDate: string;
}

/** 20 rooms open 07:00–21:00, 36 twenty-minute bookings a day on each from tomorrow. */
export async function seedAvailability(
  database: DbHandle,
  shape = { resources: 20, days: 14, bookings: 10_000 },
): Promise<AvailabilityFixture> {
  const { resources, days, bookings } = shape;
  const practice = await createBenchPractice(database, { resources, patients: bookings });
  const tomorrow = epochMinutesToLocal(toEpochMinutes(new Date()) + 1440, practice.timeZone).date;
  const base = localToEpochMinutes(tomorrow, "00:00", practice.timeZone) ?? 0;
  // 36 twenty-minute bookings a day, 23 minutes apart from 07:00, on every resource.
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`
      create temp table bench_booking on commit drop as
      select gen_random_uuid() as id, r.id as resource_id,
             ${base}::bigint + d * 1440 + 420 + k * 23 as start_min,
             row_number() over (order by d, k, r.id) as n
        from unnest(${pgArray(practice.resourceIds)}::uuid[]) as r(id)
       cross join generate_series(0, ${days - 1}) as d
       cross join generate_series(0, 35) as k
       order by d, k, r.id
       limit ${bookings}`);
    await tx.execute(sql`
      insert into appointment (id, organization_id, patient_id, service_id, starts_at, ends_at, status, source)
      select b.id, ${practice.organizationId}::uuid, p.id, ${practice.serviceId}::uuid,
             to_timestamp(b.start_min * 60), to_timestamp((b.start_min + 20) * 60), 'confirmed', 'staff'
        from bench_booking b
        join (select id, row_number() over (order by id) as n from patient
               where organization_id = ${practice.organizationId}::uuid) p on p.n = b.n`);
    await tx.execute(sql`
      insert into appointment_resource (organization_id, appointment_id, resource_id, during, status)
      select ${practice.organizationId}::uuid, b.id, b.resource_id,
             tstzrange(to_timestamp(b.start_min * 60), to_timestamp((b.start_min + 20) * 60)), 'confirmed'
        from bench_booking b`);
  });
  await database.db.execute(sql`analyze appointment, appointment_resource`);
  return { practice, fromDate: tomorrow };
}

// The statements the procedure sends (read from PostgreSQL's statement log), verbatim.
const membershipStatement = `select "membership"."id", "membership"."role", "organization"."id", "organization"."slug", "organization"."name", "organization"."kind", "organization"."time_zone", "organization"."currency", "organization"."country", "organization"."locale", "organization"."features", "organization"."directory_version", "organization"."suspended_at", "organization"."suspension_reason" from "membership" inner join "organization" on "organization"."id" = "membership"."organization_id" where ("membership"."organization_id" = $1 and "membership"."user_id" = $2)`;

export async function benchAvailability(database: DbHandle, rounds = 60) {
  const resources = 20;
  const days = 14;
  const bookings = 10_000;
  const { practice, fromDate } = await seedAvailability(database, { resources, days, bookings });
  try {
    const auth = await validateSessionToken(database.db, practice.ownerToken);
    if (!auth) throw new Error("no session");
    const caller = createCallerFactory(appRouter)(
      createContextInner({ db: database.db, auth, organizationId: practice.organizationId }),
    );
    const input = { serviceId: practice.serviceId, fromDate, days, limit: 500 };
    const search = () => caller.availability.search(input);

    const raw = rawTwin(database, practice, auth.user.id, input);
    await raw.load();

    let slots = 0;
    let rawSlots = 0;
    const productOnce = async () => (slots = (await search()).slots.length);
    const rawOnce = async () => (rawSlots = await raw.search());
    // Warm both (JIT, the directory copy, each connection's named statements).
    await timeEach(productOnce, 10);
    await timeEach(rawOnce, 10);
    const productSamples: number[] = [];
    const rawSamples: number[] = [];
    const perPass = Math.max(1, Math.round(rounds / 6));
    const sideBySide = await alternate(
      "time",
      6,
      async () => {
        const s = await timeEach(productOnce, perPass);
        productSamples.push(...s);
        return quantile(s, 0.5);
      },
      async () => {
        const s = await timeEach(rawOnce, perPass);
        rawSamples.push(...s);
        return quantile(s, 0.5);
      },
    );
    if (slots !== rawSlots) throw new Error(`raw twin found ${rawSlots} slots, product ${slots}`);
    const result = {
      database: database.kind,
      resources,
      days,
      bookings,
      p50_ms: quantile(productSamples, 0.5),
      p95_ms: quantile(productSamples, 0.95),
      raw_p50_ms: quantile(rawSamples, 0.5),
      raw_p95_ms: quantile(rawSamples, 0.95),
      ratio: Number((quantile(rawSamples, 0.5) / quantile(productSamples, 0.5)).toFixed(3)),
      ratio_of_pass_medians: sideBySide.ratio,
      passes: sideBySide.rounds,
      slots_returned: slots,
    };
    writeResult("availability", result);
    return result;
  } finally {
    await practice.cleanup();
  }
}

/**
 * The same work without the framework: the membership lookup and the busy-range statement
 * (the product's own text, from its exported builder) through postgres.js, then the engine.
 * Hours and the service are read once, as the product keeps them in its directory copy.
 */
function rawTwin(
  database: DbHandle,
  practice: BenchPractice,
  userId: string,
  input: { serviceId: string; fromDate: string; days: number; limit: number },
) {
  const pg = database.sql;
  if (!pg) throw new Error("the raw twin needs PostgreSQL (DATABASE_URL)");
  const orgId = practice.organizationId;
  let service: {
    duration_minutes: number;
    buffer_before_minutes: number;
    buffer_after_minutes: number;
    slot_interval_minutes: number;
    min_notice_minutes: number;
    horizon_days: number;
  };
  let calendars: Omit<ResourceCalendar, "busy">[] = [];
  let busyStatement = "";
  let busyParams: string[] = [];
  return {
    async load() {
      const [svc] = await pg<(typeof service)[]>`
        select duration_minutes, buffer_before_minutes, buffer_after_minutes,
               slot_interval_minutes, min_notice_minutes, horizon_days
          from service where organization_id = ${orgId} and id = ${input.serviceId}`;
      if (!svc) throw new Error("no service");
      service = svc;
      const rules = await pg<
        { resource_id: string; weekday: number; start: string; end: string }[]
      >`
        select resource_id, weekday, to_char(start_time, 'HH24:MI') as start,
               to_char(end_time, 'HH24:MI') as end
          from schedule_rule where organization_id = ${orgId}
         order by weekday, start_time`;
      const resources = await pg<{ id: string; time_zone: string }[]>`
        select id, time_zone from resource
         where organization_id = ${orgId} and active order by name, id`;
      calendars = resources.map((r) => ({
        id: r.id,
        timeZone: r.time_zone,
        rules: rules
          .filter((x) => x.resource_id === r.id)
          .map((x) => ({ weekday: x.weekday as IsoWeekday, start: x.start, end: x.end })),
        exceptions: [],
      }));
      // The product's own statement text and parameter order.
      const built = busyRangeQuery(database.db).toSQL();
      busyStatement = built.sql;
      busyParams = built.params.map((p) => (p as { name: string }).name);
    },
    async search() {
      const now = new Date();
      const [member] = await pg.unsafe(membershipStatement, [orgId, userId], { prepare: true });
      if (!member) throw new Error("not a member");
      const start = startOfLocalDay(input.fromDate, practice.timeZone);
      const window = { start, end: start + input.days * 1440 + 60 };
      const padded = { start: window.start - 1440, end: window.end + 1440 };
      const values: Record<string, string | null> = busyRangeValues(
        orgId,
        calendars.map((c) => c.id),
        padded,
      );
      // By position, as Drizzle reads it (the aggregates have no column names of their own).
      const rows = (await pg
        .unsafe(
          busyStatement,
          busyParams.map((name) => values[name] ?? null),
          { prepare: true },
        )
        .values()) as unknown as [string, string | null, string | null][];
      // Starts come as minutes after the window's first, with each range's length, as int[]
      // text ("{1,2}") read with JSON.parse.
      const ints = (text: string) => JSON.parse(`[${text.slice(1, -1)}]`) as number[];
      const base = Math.floor(padded.start);
      const busy = new Map<string, Interval[]>();
      for (const [resourceId, startsText, lengthsText] of rows) {
        // A resource without bookings comes back with no lists (null).
        if (!startsText || !lengthsText) continue;
        const lengths = ints(lengthsText);
        busy.set(
          resourceId,
          ints(startsText).map((s, i) => ({ start: base + s, end: base + s + (lengths[i] ?? 0) })),
        );
      }
      const found = findSlots({
        requirements: [
          { candidates: calendars.map((c) => ({ ...c, busy: busy.get(c.id) ?? [] })) },
        ],
        durationMinutes: service.duration_minutes,
        bufferBeforeMinutes: service.buffer_before_minutes,
        bufferAfterMinutes: service.buffer_after_minutes,
        slotIntervalMinutes: service.slot_interval_minutes,
        minNoticeMinutes: service.min_notice_minutes,
        horizonDays: service.horizon_days,
        now: toEpochMinutes(now),
        from: window.start,
        to: window.end,
        gridTimeZone: practice.timeZone,
        limit: input.limit,
      });
      const out = found.map((s) => ({
        start: fromEpochMinutes(s.start),
        end: fromEpochMinutes(s.end),
        resourceIds: s.resourceIds,
      }));
      return out.length;
    },
  };
}
