// Plans that stay right under generic plans: every hot statement is prepared with the exact
// text the product sends (captured from the real procedure calls through Drizzle's logger, so
// the test follows the code), planned with `plan_cache_mode = force_generic_plan` (what a
// named prepared statement settles on after five executions), and must use its index and
// never scan its big table sequentially. The tables are filled across many organizations and
// analyzed, so the planner picks an index wherever one can serve.
import { constraints, queryRows, schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import { busyRangeQuery } from "@caredesk/api";
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
let staff: Caller;
let orgId: string;
let serviceId: string;
let patientId: string;
let ownerToken: string;

/** Every statement the logging handle sent, in order. */
const sent: { text: string; params: unknown[] }[] = [];
let logging: Database;

const FILLER_ORGS = 60;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  const practice = await createPractice(db);
  orgId = practice.organization.id;
  ownerToken = practice.owner.token;
  staff = await callerFor(db, { token: ownerToken, organizationId: orgId });
  const doctor = await staff.practitioner.create({ name: "Amira Hassan" });
  const second = await staff.practitioner.create({ name: "Karim Fathy" });
  const week = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "09:00", end: "17:00" }));
  for (const resourceId of [doctor.resourceId, second.resourceId]) {
    await staff.schedule.setWeek({ resourceId, rules: week });
  }
  serviceId = (
    await staff.service.create({
      name: "Consultation",
      durationMinutes: 30,
      priceMinor: 5000,
      colour: "#2563eb",
      minNoticeMinutes: 0,
      requirements: [{ kind: "practitioner" }],
    })
  ).id;
  patientId = (await createPatient(staff, { firstName: "Layla", lastName: "Nasser" })).id;
  await staff.appointment.book({
    serviceId,
    patientId,
    start: nextWeekdayAt("10:00"),
    resourceIds: [doctor.resourceId],
    kind: "in_person",
    idempotencyKey: uniqueIdempotencyKey(),
  });
  await fillOtherPractices(db);

  const logger: Logger = { logQuery: (text, params) => void sent.push({ text, params }) };
  const config = { schema, casing: "snake_case" as const, logger };
  if (database.sql) logging = drizzlePostgres(database.sql, config);
  else if (database.pglite) logging = drizzlePglite(database.pglite, config);
  else throw new Error("no database client");
}, 240_000);
afterAll(() => database.drop());

/**
 * Many practices with resources, services, patients, sessions and bookings, then ANALYZE: the
 * planner's generic estimate for `organization_id = $1` is one practice's share of the table.
 */
async function fillOtherPractices(target: Database) {
  await target.execute(sql`
    insert into organization (slug, name, kind, time_zone, currency, country)
    select 'plans-filler-' || i, 'Filler ' || i, 'clinic', 'Europe/London', 'GBP', 'GB'
      from generate_series(1, ${FILLER_ORGS}) as i`);
  await target.execute(sql`
    insert into resource (organization_id, kind, name, time_zone)
    select o.id, 'room', 'Room ' || k, 'Europe/London'
      from organization o cross join generate_series(1, 4) as k
     where o.slug like 'plans-filler-%'`);
  await target.execute(sql`
    insert into service (organization_id, name, duration_minutes, price_minor, colour)
    select id, 'Visit', 20, 1000, '#2563eb' from organization where slug like 'plans-filler-%'`);
  await target.execute(sql`
    insert into patient (organization_id, first_name, last_name, mobile, email)
    select o.id, 'Given' || k, 'Family' || (k % 97),
           '+4475' || lpad((o.n * 1000 + k)::text, 8, '0'), 'p' || o.n || '-' || k || '@example.com'
      from (select id, row_number() over (order by id) as n from organization
             where slug like 'plans-filler-%') o
     cross join generate_series(1, 400) as k`);
  await target.execute(sql`
    insert into "user" (email, name, password_hash)
    select 'plans-user-' || i || '@example.com', 'User ' || i, 'x' from generate_series(1, 3000) as i`);
  await target.execute(sql`
    insert into session (id, secret_hash, user_id, expires_at)
    select 'plans' || md5(u.id::text), md5(u.email), u.id, now() + interval '30 days'
      from "user" u where u.email like 'plans-user-%'`);
  await target.execute(sql`
    insert into membership (organization_id, user_id, role)
    select o.id, u.id, 'staff'
      from (select id, row_number() over (order by id) as n from organization
             where slug like 'plans-filler-%') o
      join (select id, row_number() over (order by id) as n from "user"
             where email like 'plans-user-%') u on u.n % ${FILLER_ORGS} = o.n - 1`);
  await target.execute(sql`
    insert into product (organization_id, sku, name, generic_name, price_minor)
    select o.id, 'SKU-' || k, (array['Paracetamol', 'Ibuprofen', 'Amoxicillin', 'Omeprazole'])[1 + k % 4] || ' ' || k,
           'generic ' || (k % 50), 100 + k
      from organization o cross join generate_series(1, 300) as k
     where o.slug like 'plans-filler-%'`);
  // 400 bookings per practice, 30 minutes apart in each of its four rooms, one per patient.
  await target.transaction(async (tx) => {
    await tx.execute(sql`
      create temp table plans_booking on commit drop as
      select gen_random_uuid() as id, p.organization_id, p.id as patient_id, s.id as service_id,
             r.id as resource_id,
             date_trunc('day', now()) - interval '20 days' + (p.n / 4) * interval '30 minutes' as starts_at
        from (select organization_id, id, row_number() over (partition by organization_id order by id) - 1 as n
                from patient where organization_id in (select id from organization where slug like 'plans-filler-%')) p
        join (select organization_id, id, row_number() over (partition by organization_id order by id) - 1 as n
                from resource where organization_id in (select id from organization where slug like 'plans-filler-%')) r
          on r.organization_id = p.organization_id and r.n = p.n % 4
        join service s on s.organization_id = p.organization_id`);
    await tx.execute(sql`
      insert into appointment (id, organization_id, patient_id, service_id, starts_at, ends_at, status, source)
      select id, organization_id, patient_id, service_id, starts_at, starts_at + interval '20 minutes',
             'confirmed', 'staff'
        from plans_booking`);
    await tx.execute(sql`
      insert into appointment_resource (organization_id, appointment_id, resource_id, during, status)
      select organization_id, id, resource_id,
             tstzrange(starts_at, starts_at + interval '20 minutes'), 'confirmed'
        from plans_booking`);
  });
  await target.execute(
    sql`analyze organization, resource, service, patient, "user", session, membership, appointment, appointment_resource, product`,
  );
}

/** The statements one call sent through the logging handle. */
async function statementsOf(call: (caller: Caller) => Promise<unknown>) {
  const from = sent.length;
  const caller = await callerFor(logging, { token: ownerToken, organizationId: orgId });
  await call(caller);
  return sent.slice(from);
}

function find(statements: { text: string; params: unknown[] }[], ...parts: string[]) {
  const found = statements.find((s) => parts.every((p) => s.text.includes(p)));
  if (!found) {
    throw new Error(
      `no statement with ${parts.join(", ")} in:\n${statements.map((s) => s.text).join("\n")}`,
    );
  }
  return found;
}

/** A parameter as an SQL literal for EXECUTE (test values only; quotes doubled). */
function literal(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Date) return `'${value.toISOString()}'`;
  if (Array.isArray(value)) return literal(`{${value.map((v) => `"${String(v)}"`).join(",")}}`);
  if (typeof value === "string") return `'${value.replaceAll("'", "''")}'`;
  return literal(JSON.stringify(value));
}

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

/** The generic plan of a statement, as PostgreSQL would cache it for a named statement. */
async function genericPlan(statement: { text: string; params: unknown[] }) {
  const args = statement.params.map(literal).join(", ");
  const execute = args ? `execute plans_probe(${args})` : "execute plans_probe";
  const rows = await db.transaction(async (tx) => {
    await tx.execute(sql`set local plan_cache_mode = force_generic_plan`);
    await tx.execute(sql.raw(`prepare plans_probe as ${statement.text}`));
    try {
      return await queryRows<Record<string, unknown>>(
        tx,
        sql.raw(`explain (format json) ${execute}`),
      );
    } finally {
      await tx.execute(sql`deallocate plans_probe`);
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
    nodes,
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

async function expectPlan(
  statement: { text: string; params: unknown[] },
  expected: { index: string | string[]; noSeqScanOn: string[] },
) {
  const plan = await genericPlan(statement);
  const why = `${statement.text}\n→ ${plan.describe()}`;
  // One of these indexes (when several can serve, the planner may pick either).
  const allowed = typeof expected.index === "string" ? [expected.index] : expected.index;
  expect(
    plan.indexes.some((name) => allowed.includes(name)),
    why,
  ).toBe(true);
  for (const table of expected.noSeqScanOn) expect(plan.seqScans, why).not.toContain(table);
}

describe("hot statements keep their indexes under generic plans", () => {
  it("the session and membership lookup of every request", async () => {
    // The caller is created through the logging handle: its session lookup is what was sent.
    const statements = await statementsOf(() => Promise.resolve());
    const lookup = find(statements, 'from "session"', '"membership"');
    await expectPlan(lookup, { index: "session_pkey", noSeqScanOn: ["session", "membership"] });
    const membership = await statementsOf((c) => c.availability.catalog());
    const byOrg = find(membership, 'from "membership"', '"organization_id" = $1');
    await expectPlan(byOrg, {
      index: ["membership_organization_user_key", "membership_user_id_index"],
      noSeqScanOn: ["membership"],
    });
  });

  it("availability's busy ranges use the exclusion constraint's partial GiST index", async () => {
    const statements = await statementsOf((c) =>
      c.availability.search({ serviceId, days: 14, limit: 50 }),
    );
    const busy = find(statements, 'from "appointment_resource"', "array_agg");
    // The statement is the builder's own text: the test cannot drift from the product.
    expect(busy.text).toBe(busyRangeQuery(db).toSQL().sql);
    await expectPlan(busy, {
      index: constraints.resourceNoOverlap,
      noSeqScanOn: ["appointment_resource"],
    });
  });

  it("the statuses the busy ranges read are the index's predicate", async () => {
    const [row] = await queryRows<{ predicate: string }>(
      db,
      sql`select pg_get_expr(indpred, indrelid) as predicate from pg_index
           where indexrelid = ${constraints.resourceNoOverlap}::regclass`,
    );
    for (const status of ["held", "pending", "confirmed", "in_progress"]) {
      expect(row?.predicate).toContain(`'${status}'`);
    }
    expect(busyRangeQuery(db).toSQL().sql).toContain(
      `in ('held', 'pending', 'confirmed', 'in_progress')`,
    );
  });

  it("appointment.list's day", async () => {
    const from = nextWeekdayAt("00:00");
    const statements = await statementsOf((c) =>
      c.appointment.list({ from, to: new Date(from.getTime() + 86_400_000) }),
    );
    const day = find(statements, 'from "appointment_resource"', '"starts_at" <');
    const plan = await genericPlan(day);
    const why = `${day.text}\n→ ${plan.describe()}`;
    expect(plan.seqScans, why).not.toContain("appointment");
    expect(plan.seqScans, why).not.toContain("appointment_resource");
    expect(plan.indexes.length, why).toBeGreaterThan(0);
  });

  it("patient search", async () => {
    const statements = await statementsOf((c) => c.patient.list({ search: "layla" }));
    const search = find(statements, 'from "patient"');
    const plan = await genericPlan(search);
    const why = `${search.text}\n→ ${plan.describe()}`;
    expect(plan.seqScans, why).not.toContain("patient");
    expect(
      plan.indexes.some((name) => name.startsWith("patient_")),
      why,
    ).toBe(true);
  });

  it("the patient page", async () => {
    const record = await statementsOf((c) => c.patient.byId({ id: patientId }));
    await expectPlan(find(record, 'from "patient"', '"id" = $'), {
      index: ["patient_pkey", "patient_org_id_key"],
      noSeqScanOn: ["patient"],
    });
    const visits = await statementsOf((c) => c.patient.appointments({ patientId }));
    const list = find(visits, 'from "appointment"', '"patient_id" = $');
    const plan = await genericPlan(list);
    const why = `${list.text}\n→ ${plan.describe()}`;
    expect(plan.seqScans, why).not.toContain("appointment");
    expect(plan.indexes, why).toContain("appointment_organization_id_patient_id_starts_at_index");
  });

  it("pharmacy product search", async () => {
    const statements = await statementsOf((c) => c.product.list({ q: "parace" }));
    const search = find(statements, 'from "product"');
    const plan = await genericPlan(search);
    const why = `${search.text}\n→ ${plan.describe()}`;
    expect(plan.seqScans, why).not.toContain("product");
    expect(
      plan.indexes.some((name) => name.startsWith("product_")),
      why,
    ).toBe(true);
  });
});
