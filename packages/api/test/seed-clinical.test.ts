// The demo's clinical records: made through the procedures, once.
import { schema, queryRows, seedDemo, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seedDemoClinical } from "../src";

let database: TestDatabase;
let db: Database;
let first: { practices: number };

const fakeHasher = (password: string) => Promise.resolve(`test-hash:${password.length}`);

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  await seedDemo(db, fakeHasher);
  first = await seedDemoClinical(db);
}, 120_000);
afterAll(() => database.drop());

describe("demo clinical records", () => {
  it("give the hospital's and the dental practice's demo patient a record, not the pharmacy's", async () => {
    expect(first.practices).toBe(2);
    const rows = await queryRows<{ slug: string; signed: number; completed: number; paid: number }>(
      db,
      sql`select o.slug,
            (select count(*)::int from ${schema.consultation} c
              where c.organization_id = o.id and c.status = 'signed') as signed,
            (select count(*)::int from ${schema.treatment} t
              where t.organization_id = o.id and t.status = 'completed') as completed,
            (select count(*)::int from ${schema.ledgerEntry} l
              where l.organization_id = o.id and l.kind = 'payment') as paid
          from ${schema.organization} o order by o.slug`,
    );
    expect(rows).toEqual([
      { slug: "demo-dental", signed: 0, completed: 1, paid: 1 },
      { slug: "demo-hospital", signed: 1, completed: 0, paid: 0 },
      { slug: "demo-pharmacy", signed: 0, completed: 0, paid: 0 },
    ]);
  });

  it("charge the completed filling at its service's price, less what was kept of the payment", async () => {
    const [row] = await queryRows<{ balance: number; price: number }>(
      db,
      sql`select (select sum(l.amount_minor)::int from ${schema.ledgerEntry} l
                  where l.organization_id = o.id) as balance,
                 (select s.price_minor from ${schema.service} s
                  where s.organization_id = o.id and s.name = 'Composite filling') as price
          from ${schema.organization} o where o.slug = 'demo-dental'`,
    );
    // Paid 1,000.00 at the desk against invoice 1, of which 100.00 was handed back.
    expect(row?.balance).toBe((row?.price ?? 0) - 100_000 + 10_000);
    const [invoice] = await queryRows<{ number: number; status: string }>(
      db,
      sql`select i.number, i.status from ${schema.invoice} i
          join ${schema.organization} o on o.id = i.organization_id where o.slug = 'demo-dental'`,
    );
    expect(invoice).toEqual({ number: 1, status: "issued" });
  });

  it("are audited as the demo doctor's changes", async () => {
    const [row] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from ${schema.auditLog}
          where action in ('consultation.sign', 'chart.setTreatmentStatus', 'ledger.recordPayment')`,
    );
    expect(row?.n).toBe(3);
  });

  it("are made once: a second start adds nothing", async () => {
    expect(await seedDemoClinical(db)).toEqual({ practices: 0 });
  });
});
