// The calendar's day list keeps its range index under a generic plan once a practice has
// months of appointments: the overlap [from, to) is asked as one range condition that the
// span index (appointment_span_idx) answers, so a day reads that day's appointments, not
// every earlier one of the practice. Statements are the product's own (captured through
// Drizzle's logger), planned with `plan_cache_mode = force_generic_plan`, as a named prepared
// statement settles on after five executions.
import type { Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import { callerFor, createPatient, nextWeekdayAt } from "@caredesk/api/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  bookNextWeekday,
  createConsultation,
  expectGenericPlan,
  insertFillerPractices,
  practiceWithOwner,
  setWeeklyHours,
  statementRecorder,
} from "./plan-fixture";

let database: TestDatabase;
let db: Database;
let orgId: string;
let ownerToken: string;
let resourceId: string;
let booked: string;
let statementsOf: ReturnType<typeof statementRecorder>;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  const practice = await practiceWithOwner(db);
  ({ orgId, ownerToken } = practice);
  const { staff } = practice;
  resourceId = (await staff.practitioner.create({ name: "Amira Hassan" })).resourceId;
  await setWeeklyHours(staff, [resourceId], {
    weekdays: [1, 2, 3, 4, 5],
    start: "09:00",
    end: "17:00",
  });
  const serviceId = await createConsultation(staff, {
    durationMinutes: 30,
    minNoticeMinutes: 0,
    requirements: [{ kind: "practitioner" }],
  });
  const patientId = (await createPatient(staff, { firstName: "Layla", lastName: "Nasser" })).id;
  booked = (
    await bookNextWeekday(staff, {
      serviceId,
      patientId,
      time: "10:00",
      resourceIds: [resourceId],
    })
  ).id;
  await fillHistory(db);

  statementsOf = statementRecorder(database, { token: ownerToken, organizationId: orgId });
}, 240_000);
afterAll(() => database.drop());

/**
 * Twenty practices with most of a year of appointments each (every four hours), then
 * ANALYZE: the generic estimate of `starts_at < $to` alone is most of a practice's rows.
 */
async function fillHistory(target: Database) {
  await insertFillerPractices(target, "span-filler-", 20);
  await target.execute(sql`
    insert into resource (organization_id, kind, name, time_zone)
    select id, 'room', 'Room', 'Europe/London' from organization where slug like 'span-filler-%'`);
  await target.execute(sql`
    insert into service (organization_id, name, duration_minutes, price_minor, colour)
    select id, 'Visit', 20, 1000, '#2563eb' from organization where slug like 'span-filler-%'`);
  await target.execute(sql`
    insert into patient (organization_id, first_name, last_name, mobile)
    select o.id, 'Given' || k, 'Family' || k, '+4475' || lpad((o.n * 1000 + k)::text, 8, '0')
      from (select id, row_number() over (order by id) as n from organization
             where slug like 'span-filler-%') o
     cross join generate_series(1, 300) as k`);
  await target.transaction(async (tx) => {
    await tx.execute(sql`
      create temp table span_booking on commit drop as
      select gen_random_uuid() as id, o.id as organization_id, r.id as resource_id,
             s.id as service_id,
             (select p.id from patient p where p.organization_id = o.id
               order by p.id offset (k % 300) limit 1) as patient_id,
             date_trunc('day', now()) - interval '300 days' + k * interval '4 hours' as starts_at
        from organization o
        join resource r on r.organization_id = o.id
        join service s on s.organization_id = o.id
       cross join generate_series(0, 2000) as k
       where o.slug like 'span-filler-%'`);
    await tx.execute(sql`
      insert into appointment (id, organization_id, patient_id, service_id, starts_at, ends_at, status, source)
      select id, organization_id, patient_id, service_id, starts_at, starts_at + interval '20 minutes',
             'completed', 'staff'
        from span_booking`);
    await tx.execute(sql`
      insert into appointment_resource (organization_id, appointment_id, resource_id, during, status)
      select organization_id, id, resource_id,
             tstzrange(starts_at, starts_at + interval '20 minutes'), 'completed'
        from span_booking`);
  });
  await target.execute(
    sql`analyze organization, resource, service, patient, appointment, appointment_resource`,
  );
}

describe("the calendar's day list at months of history", () => {
  const day = () => {
    const from = nextWeekdayAt("00:00");
    return { from, to: new Date(from.getTime() + 86_400_000) };
  };

  it.each([
    ["every resource", {}],
    ["cancelled ones too", { includeCancelled: true }],
    ["some resources", "resources"],
  ] as const)("reads the span index (%s)", async (_name, extra) => {
    const input = {
      ...day(),
      ...(extra === "resources" ? { resourceIds: [resourceId] } : extra),
    };
    const statements = await statementsOf((c) => c.appointment.list(input));
    const list = statements.find((s) => s.text.includes('from "appointment_resource"'));
    if (!list) throw new Error("no calendar statement");
    await expectGenericPlan(db, list, {
      index: "appointment_span_idx",
      noSeqScanOn: ["appointment", "appointment_resource", "patient"],
    });
  });

  it("still lists exactly the appointments overlapping the range", async () => {
    const caller = await callerFor(db, { token: ownerToken, organizationId: orgId });
    const { from, to } = day();
    const start = nextWeekdayAt("10:00");
    const ids = async (a: Date, b: Date) =>
      (await caller.appointment.list({ from: a, to: b })).map((r) => r.id);
    expect(await ids(from, to)).toEqual([booked]);
    // Touching the appointment's ends is not overlapping it; a minute inside is.
    const end = new Date(start.getTime() + 30 * 60_000);
    expect(await ids(from, start)).toEqual([]);
    expect(await ids(end, to)).toEqual([]);
    expect(await ids(from, new Date(start.getTime() + 60_000))).toEqual([booked]);
    expect(await ids(new Date(end.getTime() - 60_000), to)).toEqual([booked]);
  });
});
