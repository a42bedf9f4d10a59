// The demo's appointments: booked through the booking path, so each holds every resource its
// service needs and no resource is ever booked twice at once.
import { schema, queryRows, seedDemo, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import { demoPractices } from "@caredesk/db/seed";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seedDemoAppointments, type DemoAppointmentsResult } from "../src";

let database: TestDatabase;
let db: Database;
let first: DemoAppointmentsResult;

/** Noon in Cairo tomorrow: the demo hospital's morning is over and its afternoon to come. */
const now = (() => {
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  return Date.parse(`${tomorrow}T10:00:00Z`);
})();

const iso = (ms: number) => new Date(ms).toISOString();

/** The first instant of the local day of `at` in `zone` (whole-hour zones only). */
function dayStart(at: number, zone: string): number {
  const local = new Date(at).toLocaleString("sv-SE", { timeZone: zone });
  const offset = Date.parse(`${local.replace(" ", "T")}Z`) - at;
  const midnight = Date.parse(`${local.slice(0, 10)}T00:00:00Z`);
  return midnight - offset;
}

// Seeding does not need real argon2 here; the auth package tests the hasher itself.
const fakeHasher = (password: string) => Promise.resolve(`test-hash:${password.length}`);

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  await seedDemo(db, fakeHasher);
  first = await seedDemoAppointments(db, new Date(now));
}, 120_000);
afterAll(() => database.drop());

const active = sql.raw(`('held', 'pending', 'confirmed', 'in_progress')`);

describe("demo appointments", () => {
  it("are booked in every demo practice, some needing a room or equipment", async () => {
    const rows = await queryRows<{ slug: string; n: number; beyondDoctor: number }>(
      db,
      sql`select o.slug, count(a.id)::int as n,
                 count(a.id) filter (where exists (
                   select 1 from service_requirement r
                   where r.organization_id = a.organization_id and r.service_id = a.service_id
                     and r.kind <> 'practitioner'))::int as "beyondDoctor"
          from organization o
          left join appointment a on a.organization_id = o.id and a.status in ${active}
          where o.slug like 'demo-%'
          group by o.slug`,
    );
    expect(rows.map((r) => r.slug).sort()).toEqual(demoPractices.map((p) => p.slug).sort());
    for (const row of rows) {
      expect(row.n, row.slug).toBeGreaterThanOrEqual(5);
      expect(row.beyondDoctor, row.slug).toBeGreaterThan(0);
    }
    const [all] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from appointment`,
    );
    expect(first.booked).toBe(all?.n);
    expect(first.untouched).toBe(0);
  });

  it("hold a resource for every requirement of their service (doctor, room, equipment)", async () => {
    // Every requirement of an active appointment's service that none of its resource rows
    // meets (same kind, and the requirement's department or category when it names one).
    const unmet = await queryRows<{ service: string; kind: string; category: string | null }>(
      db,
      sql`select s.name as service, r.kind::text as kind, r.category
          from appointment a
          join service s on s.organization_id = a.organization_id and s.id = a.service_id
          join service_requirement r
            on r.organization_id = a.organization_id and r.service_id = a.service_id
          where a.organization_id in (select id from organization where slug like 'demo-%')
            and a.status in ${active}
            and not exists (
              select 1 from appointment_resource ar
              join resource x on x.organization_id = ar.organization_id and x.id = ar.resource_id
              where ar.organization_id = a.organization_id and ar.appointment_id = a.id
                and x.kind = r.kind
                and (r.department_id is null or x.department_id = r.department_id)
                and (r.category is null or lower(x.category) = lower(r.category)))`,
    );
    expect(unmet).toEqual([]);

    // The case that was reported: ECG appointments hold their doctor, a room and the cart.
    const ecg = await queryRows<{ kinds: string[] }>(
      db,
      sql`select array_agg(coalesce(x.category, x.kind::text) order by x.kind) as kinds
          from appointment a
          join service s on s.organization_id = a.organization_id and s.id = a.service_id
          join appointment_resource ar
            on ar.organization_id = a.organization_id and ar.appointment_id = a.id
          join resource x on x.organization_id = ar.organization_id and x.id = ar.resource_id
          where s.name = 'ECG' and a.status in ${active}
          group by a.id`,
    );
    for (const row of ecg) expect(row.kinds).toEqual(["practitioner", "room", "ecg"]);
  });

  it("never book one resource twice at once", async () => {
    // The exclusion constraint forbids it; asked directly so the seed is checked even if
    // that constraint were ever missing.
    const overlaps = await queryRows<{ resource: string; n: number }>(
      db,
      sql`select x.name as resource, count(*)::int as n
          from appointment_resource a
          join appointment_resource b
            on b.organization_id = a.organization_id and b.resource_id = a.resource_id
           and b.id > a.id and b.during && a.during
          join resource x on x.organization_id = a.organization_id and x.id = a.resource_id
          where a.status in ${active} and b.status in ${active}
          group by x.name`,
    );
    expect(overlaps).toEqual([]);
  });

  it("are audited as the practice's demo staff", async () => {
    const rows = await queryRows<{ actor: string | null }>(
      db,
      sql`select u.email as actor from appointment a left join "user" u on u.id = a.created_by`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.actor).toMatch(/^staff@demo-/);
  });

  it("give every practice a working day today: some visits done, others to come", async () => {
    const rows = await queryRows<{ slug: string; statuses: string[]; reasons: number }>(
      db,
      sql`select o.slug, array_agg(distinct a.status::text) as statuses,
                 count(a.cancellation_reason)::int as reasons
          from organization o
          join appointment a on a.organization_id = o.id
          where o.slug like 'demo-%'
            and a.starts_at >= ${iso(dayStart(now, "Africa/Cairo"))}::timestamptz
            and a.starts_at < ${iso(dayStart(now, "Africa/Cairo") + 86_400_000)}::timestamptz
            and a.source = 'staff'
          group by o.slug`,
    );
    const hospital = rows.find((r) => r.slug === "demo-hospital");
    // Noon in Cairo: the morning is over, the afternoon to come.
    expect(hospital?.statuses).toEqual(
      expect.arrayContaining(["completed", "no_show", "confirmed", "cancelled"]),
    );
    expect(hospital?.reasons).toBe(1);
  });

  it("give the demo doctor account a column of its own with a day's visits", async () => {
    const [row] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n
          from "user" u
          join practitioner p on p.user_id = u.id
          join resource r on r.organization_id = p.organization_id and r.practitioner_id = p.id
          join appointment_resource ar
            on ar.organization_id = r.organization_id and ar.resource_id = r.id
          join appointment a on a.organization_id = ar.organization_id and a.id = ar.appointment_id
          where u.email = 'doctor@demo-hospital.test'
            and a.starts_at >= ${iso(dayStart(now, "Africa/Cairo"))}::timestamptz
            and a.starts_at < ${iso(dayStart(now, "Africa/Cairo") + 86_400_000)}::timestamptz`,
    );
    expect(row?.n).toBeGreaterThan(0);
  });

  it("leave online requests waiting for an answer, none in the past", async () => {
    const rows = await queryRows<{ slug: string; n: number; past: number }>(
      db,
      sql`select o.slug, count(*)::int as n,
                 count(*) filter (where a.starts_at < ${iso(now)}::timestamptz)::int as past
          from organization o
          join appointment a on a.organization_id = o.id
          where a.status = 'pending' and a.source = 'public'
          group by o.slug`,
    );
    expect(rows.map((r) => r.slug).sort()).toEqual(demoPractices.map((p) => p.slug).sort());
    for (const row of rows) {
      expect(row.n, row.slug).toBeGreaterThanOrEqual(2);
      expect(row.past, row.slug).toBe(0);
    }
  });

  it("leave no session behind and are booked once: a second run leaves the demo alone", async () => {
    const sessions = await db.select({ id: schema.session.id }).from(schema.session);
    expect(sessions).toEqual([]);

    const count = async () =>
      (await db.select({ n: sql<number>`count(*)::int` }).from(schema.appointment))[0]?.n;
    const before = await count();
    const second = await seedDemoAppointments(db, new Date(now));
    expect(second).toEqual({ booked: 0, refused: 0, untouched: demoPractices.length });
    expect(await count()).toBe(before);
  });

  it("open a demo made before it opened every day on the day it is started", async () => {
    const later = now + 10 * 86_400_000;
    const [hospital] = await db
      .select({ id: schema.organization.id })
      .from(schema.organization)
      .where(sql`slug = 'demo-hospital'`);
    const weekday = Number(
      new Intl.DateTimeFormat("en-US", { timeZone: "Africa/Cairo", weekday: "short" })
        .formatToParts(new Date(later))
        .map((p) => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(p.value) + 1)
        .find((n) => n > 0),
    );
    await db.execute(
      sql`delete from schedule_rule where organization_id = ${hospital?.id} and weekday = ${weekday}`,
    );

    const result = await seedDemoAppointments(db, new Date(later));

    expect(result.booked).toBeGreaterThan(0);
    const [rules] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from schedule_rule
          where organization_id = ${hospital?.id} and weekday = ${weekday}`,
    );
    expect(rules?.n).toBeGreaterThan(0);
    const [day] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from appointment
          where organization_id = ${hospital?.id}
            and starts_at >= ${iso(dayStart(later, "Africa/Cairo"))}::timestamptz
            and starts_at < ${iso(dayStart(later, "Africa/Cairo") + 86_400_000)}::timestamptz`,
    );
    expect(day?.n).toBeGreaterThan(0);
  });
});
