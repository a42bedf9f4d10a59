// Patient search keeps its indexes under generic plans: the exact pass (the page's ids sorted
// on the name, then their rows) reads the GIN trigram index, the fuzzy pass the KNN GiST, and
// the GIN index keeps no pending list for searches to scan. Statements are the product's own
// (captured through Drizzle's logger), planned with `plan_cache_mode = force_generic_plan`.
import { queryRows, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import { callerFor, createPatient } from "@caredesk/api/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  expectGenericPlan,
  insertFillerPractices,
  practiceWithOwner,
  statementRecorder,
} from "./plan-fixture";

let database: TestDatabase;
let db: Database;
let orgId: string;
let ownerToken: string;
const names: Record<string, string> = {};
let statementsOf: ReturnType<typeof statementRecorder>;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  const practice = await practiceWithOwner(db);
  ({ orgId, ownerToken } = practice);
  const { staff } = practice;
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
  await insertFillerPractices(db, "search-filler-", 30);
  await db.execute(sql`
    insert into patient (organization_id, first_name, last_name, mobile, email)
    select o.id, (array['Layla', 'Omar', 'Zeina', 'Mohamed'])[1 + k % 4], 'Family' || (k % 50),
           '+4475' || lpad((o.n * 1000 + k)::text, 8, '0'), 'p' || o.n || '-' || k || '@example.com'
      from (select id, row_number() over (order by id) as n from organization
             where slug like 'search-filler-%') o
     cross join generate_series(1, 500) as k`);
  await db.execute(sql`analyze patient`);

  statementsOf = statementRecorder(database, { token: ownerToken, organizationId: orgId });
}, 240_000);
afterAll(() => database.drop());

describe("patient search under generic plans", () => {
  it.each(["nasser", "omar nasser", "0100"])(
    "the exact pass for %j reads the GIN trigram index",
    async (search) => {
      const statements = await statementsOf((c) => c.patient.list({ search }));
      const exact = statements.find((s) => s.text.includes('from "patient"'));
      if (!exact) throw new Error("no search statement");
      await expectGenericPlan(db, exact, {
        index: "patient_search_gin_idx",
        noSeqScanOn: ["patient"],
      });
    },
  );

  it("the fuzzy pass reads the KNN GiST index", async () => {
    const statements = await statementsOf((c) => c.patient.list({ search: "Nassar" }));
    const fuzzy = statements.find((s) => s.text.includes("<->>"));
    if (!fuzzy) throw new Error("no fuzzy statement");
    await expectGenericPlan(db, fuzzy, {
      index: "patient_search_trgm_idx",
      noSeqScanOn: ["patient"],
    });
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
