// The data `pnpm bench:scale` measures on: 200 practices (5–20 rooms each, open 08:00–20:00
// every day), 1,000,000 patients and 1,000,000 appointments over eight months (six past, two to
// come), loaded with set-based SQL (`insert … select … from generate_series`) through every
// constraint and trigger: the exclusion constraint holds because each appointment takes its own
// cell of a resource's half-hour grid. The first practice is the large one the bench measures:
// 20 rooms, 100,000 patients, its grid 60% full. The rest share the remaining rows by size.
import { createSession, hashPassword } from "@caredesk/auth";
import { queryRows, schema, type DbHandle } from "@caredesk/db";
import { eq, sql } from "drizzle-orm";
import { firstNames, lastNames, pgArray } from "./patient-search";

export const scaleShape = {
  practices: 200,
  patients: 1_000_000,
  appointments: 1_000_000,
  largePatients: 100_000,
  largeResources: 20,
  largeFill: 0.6,
  pastDays: 180,
  futureDays: 60,
  /** Half-hour cells from 08:00 to 20:00 local time. */
  cellsPerDay: 24,
} as const;

const slugPrefix = "scale-";
export const largeSlug = `${slugPrefix}001`;
const timeZone = "Africa/Cairo";

export interface ScalePractice {
  organizationId: string;
  serviceId: string;
  resourceIds: string[];
  timeZone: string;
  /** The practice's patient with the most appointments (the patient page's subject). */
  busiestPatientId: string;
}

/** What is already there: the bench reuses a complete load instead of loading again. */
export async function loadedCounts(database: DbHandle) {
  const [row] = await queryRows<{ practices: number; patients: number; appointments: number }>(
    database.db,
    sql`select (select count(*) from organization where slug like ${`${slugPrefix}%`})::int as practices,
               (select count(*) from patient)::int as patients,
               (select count(*) from appointment)::int as appointments`,
  );
  return row ?? { practices: 0, patients: 0, appointments: 0 };
}

export function isComplete(counts: Awaited<ReturnType<typeof loadedCounts>>): boolean {
  return (
    counts.practices === scaleShape.practices &&
    counts.patients >= scaleShape.patients &&
    counts.appointments >= scaleShape.appointments
  );
}

/**
 * Loads what is missing, stage by stage (practices, patients, appointments; a stage found
 * complete is kept); returns the seconds each loaded stage took.
 */
export async function loadScale(database: DbHandle, log: (line: string) => void) {
  const { db } = database;
  const seconds: Record<string, number> = {};
  const stage = async (name: string, run: () => Promise<unknown>) => {
    const started = performance.now();
    await run();
    seconds[name] = Number(((performance.now() - started) / 1000).toFixed(1));
    log(`  ${name}: ${seconds[name]} s`);
  };
  const s = scaleShape;

  const found = await loadedCounts(database);
  const partial = (what: string, n: number, whole: number) => {
    if (n !== 0 && n !== whole) throw new Error(`${n} ${what} of ${whole}: run with --reload`);
    return n === 0;
  };

  if (partial("practices", found.practices, s.practices))
    await stage("practices", async () => {
      await db.execute(sql`
      insert into organization (slug, name, kind, time_zone, currency, country)
      select ${slugPrefix} || lpad(n::text, 3, '0'), 'Scale practice ' || n, 'clinic',
             ${timeZone}, 'EGP', 'EG'
        from generate_series(1, ${s.practices}) as n`);
      // 5–20 rooms each (the large practice 20), every one open 08:00–20:00, seven days.
      await db.execute(sql`
      insert into resource (organization_id, kind, name, category, time_zone)
      select o.id, 'room', 'Room ' || lpad(r::text, 2, '0'), 'consultation', ${timeZone}
        from organization o
        cross join lateral generate_series(
          1, case when o.slug = ${largeSlug} then ${s.largeResources}
                  else 5 + (hashtext(o.slug) & 2147483647) % 16 end) as r
       where o.slug like ${`${slugPrefix}%`}`);
      await db.execute(sql`
      insert into schedule_rule (organization_id, resource_id, weekday, start_time, end_time)
      select r.organization_id, r.id, w, '08:00', '20:00'
        from resource r
        join organization o on o.id = r.organization_id and o.slug like ${`${slugPrefix}%`}
       cross join generate_series(1, 7) as w`);
      await db.execute(sql`
      insert into service (organization_id, name, duration_minutes, price_minor, colour,
                           buffer_after_minutes, min_notice_minutes, horizon_days,
                           slot_interval_minutes)
      select id, 'Consultation', 20, 30000, '#2563eb', 0, 0, 90, 10
        from organization where slug like ${`${slugPrefix}%`}`);
      await db.execute(sql`
      insert into service_requirement (organization_id, service_id, kind, category)
      select s.organization_id, s.id, 'room', 'consultation'
        from service s
        join organization o on o.id = s.organization_id and o.slug like ${`${slugPrefix}%`}`);
    });

  // Each practice's share: the large one fixed, the others by their number of rooms.
  const practices = await queryRows<{ id: string; slug: string; resources: number }>(
    database.db,
    sql`select o.id, o.slug, count(r.id)::int as resources
          from organization o join resource r on r.organization_id = o.id
         where o.slug like ${`${slugPrefix}%`}
         group by o.id, o.slug order by o.slug`,
  );
  const share = (total: number, large: number) => {
    const others = practices.filter((p) => p.slug !== largeSlug);
    const rooms = others.reduce((n, p) => n + p.resources, 0);
    let given = 0;
    return practices.map((p, i) => {
      if (p.slug === largeSlug) return large;
      const n =
        i === practices.length - 1
          ? total - large - given
          : Math.floor(((total - large) * p.resources) / rooms);
      given += n;
      return n;
    });
  };
  const patientCounts = share(s.patients, s.largePatients);
  const days = s.pastDays + s.futureDays;
  const largeCells = s.largeResources * days * s.cellsPerDay;
  const appointmentCounts = share(s.appointments, Math.round(largeCells * s.largeFill));
  const offsets = (counts: number[]) =>
    counts.map((_, i) => counts.slice(0, i).reduce((a, b) => a + b, 0));
  const ids = pgArray(practices.map((p) => p.id));

  if (partial("patients", found.patients, s.patients))
    await stage("patients", async () => {
      // The trigram indexes are built once after the rows, as a bulk load does, rather than
      // row by row; their definitions are read back from the catalogue,
      // so what is rebuilt is exactly what the migrations made. Constraints stay throughout.
      const trigram = await queryRows<{ indexname: string; indexdef: string }>(
        db,
        sql`select indexname, indexdef from pg_indexes
           where tablename = 'patient' and indexdef like '%trgm_ops%'`,
      );
      for (const { indexname } of trigram) {
        await db.execute(sql`drop index ${sql.identifier(indexname)}`);
      }
      // Names drawn independently (hashes of the row number), so every pairing occurs.
      await db.execute(sql`
      insert into patient (organization_id, first_name, last_name, mobile, email, date_of_birth, sex)
      select q.org,
             (${pgArray(firstNames)}::text[])[1 + (hashint4(i) & 2147483647) % ${firstNames.length}],
             (${pgArray(lastNames)}::text[])[1 + (hashint4(i + 7919) & 2147483647) % ${lastNames.length}],
             '+2010' || lpad(i::text, 8, '0'),
             case when i % 3 = 0 then null else 'patient.' || i || '@example.com' end,
             date '1940-01-01' + (hashint4(i + 104729) & 2147483647) % 29000,
             case when i % 2 = 0 then 'female'::patient_sex else 'male'::patient_sex end
        from unnest(${ids}::uuid[], ${pgArray(patientCounts.map(String))}::int[],
                    ${pgArray(offsets(patientCounts).map(String))}::int[]) as q(org, n, off)
       cross join lateral generate_series(q.off + 1, q.off + q.n) as i`);
      await db.transaction(async (tx) => {
        await tx.execute(sql`set local maintenance_work_mem = '256MB'`);
        for (const { indexdef } of trigram) await tx.execute(sql.raw(indexdef));
      });
    });

  if (partial("appointments", found.appointments, s.appointments))
    await stage("appointments", async () => {
      await db.transaction(async (tx) => {
        // Every practice's patients and rooms numbered, to draw from by number.
        await tx.execute(sql`
        create temp table scale_patient on commit drop as
        select organization_id as org, id,
               row_number() over (partition by organization_id order by id)::int as n
          from patient where organization_id = any(${ids}::uuid[])`);
        await tx.execute(sql`create index on scale_patient (org, n)`);
        await tx.execute(sql`analyze scale_patient`);
        await tx.execute(sql`
        create temp table scale_room on commit drop as
        select organization_id as org, id,
               (row_number() over (partition by organization_id order by name) - 1)::int as n
          from resource where organization_id = any(${ids}::uuid[])`);
        // Temp tables have no statistics until analysed: without them the planner joins a
        // million cells to the rooms by nested loop.
        await tx.execute(sql`analyze scale_room`);
        // Appointment j of a practice takes cell floor(j · cells / quota) of its grid, so no two
        // share a cell (no overlap on a room) and the filled cells spread evenly over the months.
        // The quotas are materialised: inlined, each practice's patient count ran once per row.
        await tx.execute(sql`
        create temp table scale_booking on commit drop as
        with q as materialized (
          select q.org, q.n, q.off, q.rooms, q.rooms * ${days * s.cellsPerDay}::bigint as cells,
                 (select count(*) from scale_patient p where p.org = q.org)::int as patients
            from unnest(${ids}::uuid[], ${pgArray(appointmentCounts.map(String))}::int[],
                        ${pgArray(offsets(appointmentCounts).map(String))}::int[],
                        ${pgArray(practices.map((p) => String(p.resources)))}::int[])
                 as q(org, n, off, rooms)
        ), cell as (
          select q.org, q.off + j as g, j, q.patients,
                 (j * q.cells / q.n) % q.rooms as room,
                 (j * q.cells / q.n) / q.rooms as slot
            from q cross join lateral generate_series(0, q.n - 1) as j
        ), timed as (
          select c.*,
                 ((current_date - ${s.pastDays}::int + (c.slot / ${s.cellsPerDay}::int)::int)::timestamp
                   + time '08:00' + (c.slot % ${s.cellsPerDay}::int) * interval '30 minutes')
                   at time zone ${timeZone} as starts_at,
                 (hashint4(c.g::int) & 2147483647) % 100 as roll
            from cell c
        )
        select gen_random_uuid() as id, t.org, r.id as resource_id, t.starts_at,
               t.starts_at + interval '20 minutes' as ends_at,
               -- A quarter of the patients come, each several times; appointments at one time
               -- are consecutive (fewer than rooms apart), so none of a patient's overlap.
               1 + t.j % greatest(t.patients / 4, 50) as patient_n,
               (case when t.starts_at < now() then
                  case when t.roll < 80 then 'completed' when t.roll < 86 then 'no_show' else 'cancelled' end
                else
                  case when t.roll < 70 then 'confirmed' when t.roll < 88 then 'pending' else 'cancelled' end
                end)::appointment_status as status,
               (case when t.roll % 3 = 0 then 'portal' when t.roll % 7 = 0 then 'public' else 'staff' end)::appointment_source as source
          from timed t
          join scale_room r on r.org = t.org and r.n = t.room`);
        await tx.execute(sql`
        insert into appointment (id, organization_id, patient_id, service_id, starts_at, ends_at,
                                 status, source, cancellation_reason, created_at)
        select b.id, b.org, p.id, sv.id, b.starts_at, b.ends_at, b.status, b.source,
               case when b.status = 'cancelled' then 'Patient asked' end,
               least(b.starts_at, now()) - interval '3 days'
          from scale_booking b
          join scale_patient p on p.org = b.org and p.n = b.patient_n
          join service sv on sv.organization_id = b.org`);
        await tx.execute(sql`
        insert into appointment_resource (organization_id, appointment_id, resource_id, during, status)
        select b.org, b.id, b.resource_id, tstzrange(b.starts_at, b.ends_at), b.status
          from scale_booking b`);
      });
    });

  await stage("analyze", () => db.execute(sql`vacuum analyze`));
  return seconds;
}

/** The large practice, with an owner's session to call the procedures as staff do. */
export async function largePractice(database: DbHandle) {
  const { db } = database;
  const [org] = await db
    .select({ id: schema.organization.id })
    .from(schema.organization)
    .where(eq(schema.organization.slug, largeSlug));
  if (!org) throw new Error("the scale data has no large practice: run with --reload");
  const email = `owner@${largeSlug}.caredesk.test`;
  let [owner] = await db
    .select({ id: schema.user.id })
    .from(schema.user)
    .where(eq(schema.user.email, email));
  if (!owner) {
    [owner] = await db
      .insert(schema.user)
      .values({ email, name: "Scale Owner", passwordHash: await hashPassword("bench password") })
      .returning({ id: schema.user.id });
    if (!owner) throw new Error("no owner");
    await db
      .insert(schema.membership)
      .values({ organizationId: org.id, userId: owner.id, role: "owner" });
  }
  const { token } = await createSession(db, owner.id);
  const [service] = await db
    .select({ id: schema.service.id })
    .from(schema.service)
    .where(eq(schema.service.organizationId, org.id));
  const resources = await db
    .select({ id: schema.resource.id })
    .from(schema.resource)
    .where(eq(schema.resource.organizationId, org.id));
  const [busiest] = await queryRows<{ patient_id: string }>(
    database.db,
    sql`select patient_id from appointment where organization_id = ${org.id}
         group by patient_id order by count(*) desc, patient_id limit 1`,
  );
  if (!service || !busiest) throw new Error("the large practice has no service or appointments");
  const practice: ScalePractice = {
    organizationId: org.id,
    serviceId: service.id,
    resourceIds: resources.map((r) => r.id),
    timeZone,
    busiestPatientId: busiest.patient_id,
  };
  return { practice, token };
}
