import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { findPgError, PG, queryRows, schema, seedDemo } from "../src";
import { createTestDatabase, type TestDatabase } from "../src/testing";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
});
afterAll(() => database.drop());

// Seeding does not need real argon2 here; the auth package tests the hasher itself.
const fakeHasher = (password: string) => Promise.resolve(`test-hash:${password.length}`);

describe("migrations", () => {
  it("install the extensions booking and search depend on", async () => {
    const rows = await queryRows<{ extname: string }>(
      database.db,
      sql`select extname from pg_extension where extname in ('btree_gin', 'btree_gist', 'pg_trgm') order by extname`,
    );
    expect(rows.map((r) => r.extname)).toEqual(["btree_gin", "btree_gist", "pg_trgm"]);
  });

  it("keep emails unique regardless of case", async () => {
    const { db } = database;
    await db
      .insert(schema.user)
      .values({ email: "Rania@Example.com", name: "Rania", passwordHash: "x" });
    const error = await db
      .insert(schema.user)
      .values({ email: "rania@example.COM", name: "Other", passwordHash: "x" })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(findPgError(error)).toMatchObject({
      code: PG.uniqueViolation,
      constraint: "user_email_lower_key",
    });
  });

  it("refuse a currency that is not an ISO code", async () => {
    const error = await database.db
      .insert(schema.organization)
      .values({
        slug: "bad-currency",
        name: "Bad",
        kind: "clinic",
        timeZone: "UTC",
        currency: "euro",
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(findPgError(error)?.code).toBe(PG.checkViolation);
  });
});

describe("demo seed", () => {
  it("creates three practices with one member per role and a platform operator, once", async () => {
    const first = await seedDemo(database.db, fakeHasher);
    const second = await seedDemo(database.db, fakeHasher);
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);

    const orgs = await database.db
      .select()
      .from(schema.organization)
      .where(sql`slug like 'demo-%'`);
    expect(orgs.map((o) => o.kind).sort()).toEqual(["dental", "hospital", "pharmacy"]);
    for (const org of orgs) {
      const members = await database.db
        .select({ role: schema.membership.role })
        .from(schema.membership)
        .where(eq(schema.membership.organizationId, org.id));
      const pharmacist = org.kind === "pharmacy" || org.kind === "hospital" ? ["pharmacist"] : [];
      expect(members.map((m) => m.role).sort()).toEqual(
        ["admin", "doctor", "manager", "owner", "patient", ...pharmacist, "staff"].sort(),
      );
    }
    const operators = await database.db
      .select({ email: schema.user.email })
      .from(schema.user)
      .where(eq(schema.user.isPlatformAdmin, true));
    expect(operators).toEqual([{ email: "operator@caredesk.test" }]);
    expect(first.credentials).toHaveLength(21);
  });

  it("gives every demo practice a realistic directory and 200 patients", async () => {
    const orgs = await database.db
      .select()
      .from(schema.organization)
      .where(sql`slug like 'demo-%'`);
    for (const org of orgs) {
      const count = async (
        table:
          | typeof schema.patient
          | typeof schema.practitioner
          | typeof schema.service
          | typeof schema.department,
      ) =>
        (
          await database.db
            .select({ n: sql<number>`count(*)::int` })
            .from(table)
            .where(eq(table.organizationId, org.id))
        )[0]?.n;
      expect(await count(schema.patient)).toBe(200);
      expect(await count(schema.practitioner)).toBe(10);
      expect(await count(schema.service)).toBe(15);
      expect(await count(schema.department)).toBeGreaterThanOrEqual(3);
      const linked = await database.db
        .select({ id: schema.patient.id })
        .from(schema.patient)
        .innerJoin(schema.user, eq(schema.user.id, schema.patient.userId))
        .where(eq(schema.patient.organizationId, org.id));
      expect(linked).toHaveLength(1);
    }
  });

  it("gives every doctor, room and piece of equipment weekly hours with a lunch break", async () => {
    const orgs = await database.db
      .select()
      .from(schema.organization)
      .where(sql`slug like 'demo-%'`);
    for (const org of orgs) {
      const resources = await database.db
        .select({ id: schema.resource.id })
        .from(schema.resource)
        .where(eq(schema.resource.organizationId, org.id));
      const rules = await database.db
        .select()
        .from(schema.scheduleRule)
        .where(eq(schema.scheduleRule.organizationId, org.id));
      expect(resources.length).toBeGreaterThan(0);
      for (const r of resources) {
        const own = rules.filter((rule) => rule.resourceId === r.id);
        // Every day of the week, two intervals each (morning and afternoon).
        expect(own).toHaveLength(14);
        expect(new Set(own.map((rule) => rule.startTime))).toEqual(
          new Set(["09:00:00", "14:00:00"]),
        );
      }
      const weekdays = new Set(rules.map((rule) => rule.weekday));
      // Open every day, so a demo started on any day (a weekend too) has a day to show.
      expect([...weekdays].sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    }
  });

  it("gives no practice two doctors of the same name", async () => {
    const doubles = await queryRows<{ name: string; n: number }>(
      database.db,
      sql`select name, count(*)::int as n from practitioner
          group by organization_id, name having count(*) > 1`,
    );
    expect(doubles).toEqual([]);
  });

  it("writes no appointments itself: they are booked through the api's booking path", async () => {
    // Hand-written appointment rows once held only the doctor, so the one ECG cart was
    // booked twice; @caredesk/api's seedDemoAppointments books them as staff would.
    const [row] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(schema.appointment);
    expect(row?.n).toBe(0);
  });

  it("gives services that need a room or equipment those requirements", async () => {
    const rows = await queryRows<{ slug: string; service: string; needs: string[] }>(
      database.db,
      sql`select o.slug, s.name as service,
                 array_agg(r.kind::text || coalesce(':' || r.category, '') order by r.kind) as needs
          from service s
          join organization o on o.id = s.organization_id
          join service_requirement r on r.organization_id = s.organization_id and r.service_id = s.id
          where o.slug like 'demo-%'
          group by o.slug, s.name`,
    );
    const needs = (slug: string, service: string) =>
      rows.find((r) => r.slug === slug && r.service === service)?.needs;
    expect(needs("demo-hospital", "ECG")).toEqual(["practitioner", "room", "equipment:ecg"]);
    expect(needs("demo-hospital", "General check-up")).toEqual(["practitioner"]);
    expect(needs("demo-dental", "Panoramic X-ray")).toEqual(["practitioner", "equipment:x-ray"]);
    expect(needs("demo-pharmacy", "Flu vaccination")).toEqual(["practitioner", "room"]);
  });
});
