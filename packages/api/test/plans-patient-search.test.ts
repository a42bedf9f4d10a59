// Patient search keeps its indexes under generic plans: the exact pass (the page's ids sorted
// on the name, then their rows) reads the GIN trigram index, the fuzzy pass the KNN GiST, and
// the GIN index keeps no pending list for searches to scan. Statements are the product's own
// (captured through Drizzle's logger), planned with `plan_cache_mode = force_generic_plan`.
import { queryRows, schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import { callerFor, createPatient, createPractice, type Caller } from "@caredesk/api/testing";
import { sql, type Logger } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

let database: TestDatabase;
let db: Database;
let orgId: string;
let ownerToken: string;
const names: Record<string, string> = {};

const sent: { text: string; params: unknown[] }[] = [];
let logging: Database;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  const practice = await createPractice(db);
  orgId = practice.organization.id;
  ownerToken = practice.owner.token;
  const staff = await callerFor(db, { token: ownerToken, organizationId: orgId });
  for (const [firstName, lastName] of [
    ["Layla", "Nasser"],
    ["omar", "Nasser"],
    ["Omar", "nasser"],
    ["Zeina", "Adel"],
    ["Mohamed", "Ali"],
  ] as const) {
    const created = await createPatient(staff, { firstName, lastName });
    names[created.id] = `${firstName} ${lastName}`;
  }
  // Other practices' patients, many per name, then ANALYZE.
  await db.execute(sql`
    insert into organization (slug, name, kind, time_zone, currency, country)
    select 'search-filler-' || i, 'Filler ' || i, 'clinic', 'Europe/London', 'GBP', 'GB'
      from generate_series(1, 30) as i`);
  await db.execute(sql`
    insert into patient (organization_id, first_name, last_name, mobile, email)
    select o.id, (array['Layla', 'Omar', 'Zeina', 'Mohamed'])[1 + k % 4], 'Family' || (k % 50),
           '+4475' || lpad((o.n * 1000 + k)::text, 8, '0'), 'p' || o.n || '-' || k || '@example.com'
      from (select id, row_number() over (order by id) as n from organization
             where slug like 'search-filler-%') o
     cross join generate_series(1, 500) as k`);
  await db.execute(sql`analyze patient`);

  const logger: Logger = { logQuery: (text, params) => void sent.push({ text, params }) };
  const config = { schema, casing: "snake_case" as const, logger };
  if (database.sql) logging = drizzlePostgres(database.sql, config);
  else if (database.pglite) logging = drizzlePglite(database.pglite, config);
  else throw new Error("no database client");
}, 240_000);
afterAll(() => database.drop());

async function statementsOf(call: (caller: Caller) => Promise<unknown>) {
  const from = sent.length;
  const caller = await callerFor(logging, { token: ownerToken, organizationId: orgId });
  await call(caller);
  return sent.slice(from);
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number") return String(value);
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
    await tx.execute(sql.raw(`prepare search_probe as ${statement.text}`));
    try {
      return await queryRows<Record<string, unknown>>(
        tx,
        sql.raw(`explain (format json) execute search_probe(${args})`),
      );
    } finally {
      await tx.execute(sql`deallocate search_probe`);
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

describe("patient search under generic plans", () => {
  it.each(["nasser", "omar nasser", "0100"])(
    "the exact pass for %j reads the GIN trigram index",
    async (search) => {
      const statements = await statementsOf((c) => c.patient.list({ search }));
      const exact = statements.find((s) => s.text.includes('from "patient"'));
      if (!exact) throw new Error("no search statement");
      const plan = await genericPlan(exact);
      const why = `${exact.text}\n→ ${plan.describe()}`;
      expect(plan.indexes, why).toContain("patient_search_gin_idx");
      expect(plan.seqScans, why).not.toContain("patient");
    },
  );

  it("the fuzzy pass reads the KNN GiST index", async () => {
    const statements = await statementsOf((c) => c.patient.list({ search: "Nassar" }));
    const fuzzy = statements.find((s) => s.text.includes("<->>"));
    if (!fuzzy) throw new Error("no fuzzy statement");
    const plan = await genericPlan(fuzzy);
    const why = `${fuzzy.text}\n→ ${plan.describe()}`;
    expect(plan.indexes, why).toContain("patient_search_trgm_idx");
    expect(plan.seqScans, why).not.toContain("patient");
  });

  it("the GIN index keeps no pending list", async () => {
    const [row] = await queryRows<{ options: string[] | null }>(
      db,
      sql`select reloptions as options from pg_class where relname = 'patient_search_gin_idx'`,
    );
    const option = (row?.options ?? []).find((o) => o.startsWith("fastupdate="));
    expect(["fastupdate=off", "fastupdate=false"]).toContain(option);
  });

  it("pages by name, case-insensitively, the page's rows in the page's order", async () => {
    const caller = await callerFor(db, { token: ownerToken, organizationId: orgId });
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const result = await caller.patient.list({
        search: "nasser",
        limit: 1,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...result.items.map((p) => names[p.id] ?? "?"));
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    expect(seen.slice(0, 1)).toEqual(["Layla Nasser"]);
    expect([...seen.slice(1)].sort()).toEqual(["Omar nasser", "omar Nasser"].sort());
    expect(seen).toHaveLength(3);
  });
});
