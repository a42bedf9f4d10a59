// The calendar's day list keeps its range index under a generic plan once a practice has
// months of appointments: the overlap [from, to) is asked as one range condition that the
// span index (appointment_span_idx) answers, so a day reads that day's appointments, not
// every earlier one of the practice. Statements are the product's own (captured through
// Drizzle's logger), planned with `plan_cache_mode = force_generic_plan`, as a named prepared
// statement settles on after five executions.
import { queryRows, schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import {
  callerFor,
  createPatient,
  createPractice,
  nextWeekdayAt,
  uniqueIdempotencyKey,
  type Caller,
} from "@caredesk/api/testing";
import { sql, type Logger } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

let database: TestDatabase;
let db: Database;
let orgId: string;
let ownerToken: string;
let resourceId: string;
let booked: string;

const sent: { text: string; params: unknown[] }[] = [];
let logging: Database;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  const practice = await createPractice(db);
  orgId = practice.organization.id;
  ownerToken = practice.owner.token;
  const staff = await callerFor(db, { token: ownerToken, organizationId: orgId });
  const doctor = await staff.practitioner.create({ name: "Amira Hassan" });
  resourceId = doctor.resourceId;
  await staff.schedule.setWeek({
    resourceId,
    rules: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "09:00", end: "17:00" })),
  });
  const serviceId = (
    await staff.service.create({
      name: "Consultation",
      durationMinutes: 30,
      priceMinor: 5000,
      colour: "#2563eb",
      minNoticeMinutes: 0,
      requirements: [{ kind: "practitioner" }],
    })
  ).id;
  const patientId = (await createPatient(staff, { firstName: "Layla", lastName: "Nasser" })).id;
  booked = (
    await staff.appointment.book({
      serviceId,
      patientId,
      start: nextWeekdayAt("10:00"),
      resourceIds: [resourceId],
      kind: "in_person",
      idempotencyKey: uniqueIdempotencyKey(),
    })
  ).id;
  await fillHistory(db);

  const logger: Logger = { logQuery: (text, params) => void sent.push({ text, params }) };
  const config = { schema, casing: "snake_case" as const, logger };
  if (database.sql) logging = drizzlePostgres(database.sql, config);
  else if (database.pglite) logging = drizzlePglite(database.pglite, config);
  else throw new Error("no database client");
}, 240_000);
afterAll(() => database.drop());

/**
 * Twenty practices with most of a year of appointments each (every four hours), then
 * ANALYZE: the generic estimate of `starts_at < $to` alone is most of a practice's rows.
 */
async function fillHistory(target: Database) {
  await target.execute(sql`
    insert into organization (slug, name, kind, time_zone, currency, country)
    select 'span-filler-' || i, 'Filler ' || i, 'clinic', 'Europe/London', 'GBP', 'GB'
      from generate_series(1, 20) as i`);
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

async function statementsOf(call: (caller: Caller) => Promise<unknown>) {
  const from = sent.length;
  const caller = await callerFor(logging, { token: ownerToken, organizationId: orgId });
  await call(caller);
  return sent.slice(from);
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number") return String(value);
  if (value instanceof Date) return `'${value.toISOString()}'`;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return `'${text.replaceAll("'", "''")}'`;
}

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

async function genericPlan(statement: { text: string; params: unknown[] }) {
  const args = statement.params.map(literal).join(", ");
  const rows = await db.transaction(async (tx) => {
    await tx.execute(sql`set local plan_cache_mode = force_generic_plan`);
    await tx.execute(sql.raw(`prepare span_probe as ${statement.text}`));
    try {
      return await queryRows<Record<string, unknown>>(
        tx,
        sql.raw(`explain (format json) execute span_probe(${args})`),
      );
    } finally {
      await tx.execute(sql`deallocate span_probe`);
    }
  });
  const cell = Object.values(rows[0] ?? {})[0];
  const parsed = (typeof cell === "string" ? JSON.parse(cell) : cell) as { Plan: PlanNode }[];
  const nodes: PlanNode[] = [];
  const walk = (node: PlanNode) => {
    nodes.push(node);
    for (const child of node.Plans ?? []) walk(child);
  };
  const root = parsed[0]?.Plan;
  if (!root) throw new Error("no plan");
  walk(root);
  return {
    indexes: nodes.flatMap((n) => (n["Index Name"] ? [n["Index Name"]] : [])),
    seqScans: nodes.flatMap((n) =>
      n["Node Type"] === "Seq Scan" && n["Relation Name"] ? [n["Relation Name"]] : [],
    ),
    describe: () =>
      nodes
        .map((n) => `${n["Node Type"]} ${n["Relation Name"] ?? ""} ${n["Index Name"] ?? ""}`)
        .join("; "),
  };
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
    const plan = await genericPlan(list);
    const why = `${list.text}\n→ ${plan.describe()}`;
    expect(plan.indexes, why).toContain("appointment_span_idx");
    for (const table of ["appointment", "appointment_resource", "patient"]) {
      expect(plan.seqScans, why).not.toContain(table);
    }
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
