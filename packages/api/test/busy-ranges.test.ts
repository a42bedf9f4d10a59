// The busy-range statement against the definition it replaced: for each resource asked for, the
// active bookings overlapping the window (but the one being moved), as whole minutes — the start
// rounded down and the end up, computed here from `during` itself — read from the stored minute
// columns and sent as offsets and lengths.
import { queryRows, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import { createPatient } from "@caredesk/api/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { busyRanges } from "../src/service/busy-ranges";
import { createConsultation, practiceWithOwner } from "./plan-fixture";

let database: TestDatabase;
let db: Database;
let orgId: string;
let resources: string[];
let ignored: string;

const minute = (iso: string) => Math.floor(Date.parse(iso) / 60_000);
const window = { start: minute("2030-01-07T00:00:00Z"), end: minute("2030-01-09T00:00:00Z") };

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  const practice = await practiceWithOwner(db);
  orgId = practice.orgId;
  const { staff } = practice;
  resources = [];
  for (const name of ["Amira Hassan", "Karim Fathy", "Nour Said"]) {
    resources.push((await staff.practitioner.create({ name })).resourceId);
  }
  const serviceId = await createConsultation(staff, {
    durationMinutes: 20,
    requirements: [{ kind: "practitioner" }],
  });
  const [first, second] = resources as [string, string];
  // [resource, from, to, status]: odd seconds, every status, edges of the window, far away.
  const bookings: [string, string, string, string][] = [
    [first, "2030-01-07T10:00:30Z", "2030-01-07T10:20:10Z", "confirmed"],
    [first, "2030-01-07T11:00:00Z", "2030-01-07T11:30:00Z", "held"],
    [first, "2030-01-07T11:30:00Z", "2030-01-07T11:45:59.999Z", "in_progress"],
    [first, "2030-01-07T12:00:00Z", "2030-01-07T12:10:00Z", "cancelled"],
    [first, "2030-01-07T12:00:00Z", "2030-01-07T12:10:00Z", "completed"],
    [first, "2030-01-06T23:00:00Z", "2030-01-07T00:00:00Z", "confirmed"],
    [first, "2030-01-09T00:00:00Z", "2030-01-09T01:00:00Z", "confirmed"],
    [first, "2030-02-01T09:00:00Z", "2030-02-01T09:20:00Z", "confirmed"],
    [first, "2030-01-08T09:00:00Z", "2030-01-08T09:20:00Z", "pending"],
    [second, "2030-01-06T23:59:59Z", "2030-01-07T00:30:00.5Z", "pending"],
    [second, "2030-01-08T23:59:00Z", "2030-01-09T00:01:00Z", "confirmed"],
  ];
  const ids: string[] = [];
  for (const [resourceId, from, to, status] of bookings) {
    // A patient each: a patient's own bookings may not overlap either.
    const patientId = (
      await createPatient(staff, { firstName: "Layla", lastName: `N${ids.length}` })
    ).id;
    const [row] = await queryRows<{ id: string }>(
      db,
      sql`insert into appointment (organization_id, patient_id, service_id, starts_at, ends_at, status, source)
          values (${orgId}, ${patientId}, ${serviceId}, ${from}::timestamptz, ${to}::timestamptz, ${status}, 'staff')
          returning id`,
    );
    await db.execute(
      sql`insert into appointment_resource (organization_id, appointment_id, resource_id, during, status)
          values (${orgId}, ${row?.id}, ${resourceId}, tstzrange(${from}::timestamptz, ${to}::timestamptz), ${status})`,
    );
    ids.push(row?.id ?? "");
  }
  ignored = ids[8] ?? "";
}, 120_000);
afterAll(() => database.drop());

/** The definition: straight from `during`, as the statement computed it before. */
async function expected(ignore: string | null) {
  const rows = await queryRows<{ resource_id: string; start: number; end: number }>(
    db,
    sql`select resource_id,
               floor(date_part('epoch', lower(during)) / 60)::int as start,
               ceil(date_part('epoch', upper(during)) / 60)::int as end
          from appointment_resource
         where organization_id = ${orgId}
           and resource_id = any(${`{${resources.join(",")}}`}::uuid[])
           and status in ('held', 'pending', 'confirmed', 'in_progress')
           and during && tstzrange(to_timestamp(${window.start * 60}), to_timestamp(${window.end * 60}))
           and appointment_id is distinct from ${ignore}::uuid
         order by 1, 2`,
  );
  const byResource = new Map<string, { start: number; end: number }[]>();
  for (const r of rows) {
    const list = byResource.get(r.resource_id) ?? [];
    list.push({ start: r.start, end: r.end });
    byResource.set(r.resource_id, list);
  }
  return byResource;
}

const sorted = (map: Map<string, { start: number; end: number }[]>) =>
  new Map(
    [...map.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, list]) => [id, [...list].sort((x, y) => x.start - y.start || x.end - y.end)]),
  );

describe("busy ranges", () => {
  it("are the active bookings overlapping the window, in whole minutes rounded outwards", async () => {
    const found = await busyRanges(db, orgId, resources, window);
    const want = await expected(null);
    expect(sorted(found)).toEqual(sorted(want));
    expect(want.get(resources[0] ?? "")).toHaveLength(4);
    expect(want.get(resources[1] ?? "")).toHaveLength(2);
    // A resource without bookings has no entry, as before.
    expect(found.has(resources[2] ?? "")).toBe(false);
  });

  it("leave out the appointment being moved", async () => {
    const found = await busyRanges(db, orgId, resources, window, ignored);
    expect(sorted(found)).toEqual(sorted(await expected(ignored)));
    expect(found.get(resources[0] ?? "")).toHaveLength(3);
  });

  it("stored minutes agree with `during` on every row", async () => {
    const [row] = await queryRows<{ wrong: number }>(
      db,
      sql`select count(*)::int as wrong from appointment_resource
           where organization_id = ${orgId}
             and (start_minute is distinct from floor(date_part('epoch', lower(during)) / 60)::int
               or end_minute is distinct from ceil(date_part('epoch', upper(during)) / 60)::int)`,
    );
    expect(row?.wrong).toBe(0);
  });

  it("are read for one resource or none", async () => {
    const one = await busyRanges(db, orgId, [resources[1] ?? ""], window);
    expect([...one.keys()]).toEqual([resources[1]]);
    expect((await busyRanges(db, orgId, [], window)).size).toBe(0);
  });
});
