// The operators' record browser: every table of the schema, searched, filtered, sorted and paged;
// edits with the product's own validation and audit; bulk switches; a record's history; and no
// secret ever in an answer.
import { randomUUID } from "node:crypto";
import { queryRows, schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import {
  callerFor,
  createStockedPractice,
  failureOf,
  makePlatformOperator,
  signUp,
  type Caller,
  type StockedPractice,
  type TestUser,
} from "@caredesk/api/testing";
import { and, eq, inArray, is, sql } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

let database: TestDatabase;
let db: Database;
let practice: StockedPractice;
let operator: TestUser;
let admin: Caller;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  practice = await createStockedPractice(db, { name: "Records Clinic" });
  operator = await signUp(db, { name: "Platform Operator" });
  await makePlatformOperator(db, operator);
  admin = await callerFor(db, { token: operator.token });
});
afterAll(() => database.drop());

const auditRowsOf = (requestId: string) =>
  db.select().from(schema.auditLog).where(eq(schema.auditLog.requestId, requestId));

async function serviceRow(id: string) {
  const [row] = await db.select().from(schema.service).where(eq(schema.service.id, id));
  if (!row) throw new Error("no such service");
  return row;
}

describe("tables", () => {
  it("lists every table of the schema and of the database", async () => {
    const tables = await admin.adminRecords.tables();
    const names = tables.map((t) => t.name).sort();
    const fromSchema = (Object.values(schema) as unknown[])
      .filter((value): value is PgTable => is(value, PgTable))
      .map((table) => getTableConfig(table).name)
      .sort();
    const inDatabase = (
      await queryRows<{ name: string }>(
        db,
        sql`select table_name as name from information_schema.tables
          where table_schema = 'public' and table_type = 'BASE TABLE'`,
      )
    ).map((r) => r.name);
    expect(names).toEqual(fromSchema);
    expect(inDatabase.filter((name) => !name.startsWith("__")).sort()).toEqual(names);
  });

  it("describes columns with their kind, and says what can be edited", async () => {
    const tables = await admin.adminRecords.tables();
    const service = tables.find((t) => t.name === "service");
    expect(service?.editable).toBe(true);
    expect(service?.columns.find((c) => c.key === "priceMinor")).toMatchObject({
      kind: "integer",
      nullable: false,
    });
    expect(service?.editableColumns).toContain("priceMinor");
    expect(service?.editableColumns).not.toContain("organizationId");
    expect(service?.bulkActions).toEqual(["deactivate", "activate"]);
    const appointment = tables.find((t) => t.name === "appointment");
    expect(appointment?.editable).toBe(false);
    expect(appointment?.columns.find((c) => c.key === "status")).toMatchObject({
      kind: "enum",
      enumValues: expect.arrayContaining(["cancelled"]) as unknown,
    });
  });
});

describe("lists", () => {
  it("searches text columns and matches % and _ literally", async () => {
    const found = await admin.adminRecords.list({ table: "organization", search: "Records Clin" });
    expect(found.items.map((i) => i.id)).toEqual([practice.organization.id]);
    expect((await admin.adminRecords.list({ table: "organization", search: "%" })).items).toEqual(
      [],
    );
    expect((await admin.adminRecords.list({ table: "service", search: "_" })).items).toEqual([]);
  });

  it("filters, sorts and pages", async () => {
    await db.insert(schema.service).values(
      ["Zeta check", "Alpha check", "Mid check"].map((name) => ({
        organizationId: practice.organization.id,
        name,
        durationMinutes: 15,
        priceMinor: 0,
        colour: "#2563eb",
      })),
    );
    const filtered = await admin.adminRecords.list({
      table: "service",
      filters: [{ column: "organizationId", op: "eq", value: practice.organization.id }],
      sort: { column: "name", dir: "asc" },
    });
    const names = filtered.items.map((i) => String(i.values.name));
    expect(names.length).toBeGreaterThan(1);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "en")));

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await admin.adminRecords.list({
        table: "service",
        filters: [{ column: "organizationId", op: "eq", value: practice.organization.id }],
        sort: { column: "name", dir: "desc" },
        limit: 1,
        cursor,
      });
      seen.push(...page.items.map((i) => i.id ?? ""));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.sort()).toEqual(filtered.items.map((i) => i.id ?? "").sort());

    const expensive = await admin.adminRecords.list({
      table: "service",
      filters: [
        { column: "organizationId", op: "eq", value: practice.organization.id },
        { column: "priceMinor", op: "gt", value: "0" },
        { column: "description", op: "isNull" },
      ],
    });
    for (const item of expensive.items) {
      expect(Number(item.values.priceMinor)).toBeGreaterThan(0);
      expect(item.values.description).toBeNull();
    }
  });

  it("refuses an unknown table or column with BAD_REQUEST", async () => {
    const table = await failureOf(admin.adminRecords.list({ table: "no_such_table" }));
    expect(table.code).toBe("BAD_REQUEST");
    expect(table.fieldErrors?.table).toBeDefined();
    const column = await failureOf(
      admin.adminRecords.list({ table: "service", filters: [{ column: "nope", op: "isNull" }] }),
    );
    expect(column.code).toBe("BAD_REQUEST");
    expect(column.fieldErrors?.["filters.0.column"]).toBeDefined();
    const sort = await failureOf(
      admin.adminRecords.list({ table: "user", sort: { column: "passwordHash", dir: "asc" } }),
    );
    expect(sort.code).toBe("BAD_REQUEST");
    const value = await failureOf(
      admin.adminRecords.list({
        table: "service",
        filters: [{ column: "priceMinor", op: "eq", value: "cheap" }],
      }),
    );
    expect(value.fieldErrors?.["filters.0.value"]).toEqual(["Use a whole number"]);
    expect((await failureOf(admin.adminRecords.get({ table: "ghost", id: "x" }))).code).toBe(
      "BAD_REQUEST",
    );
  });

  it("is closed to everyone who is not a platform operator", async () => {
    const owner = await callerFor(db, {
      token: practice.owner.token,
      organizationId: practice.organization.id,
    });
    expect((await failureOf(owner.adminRecords.tables())).code).toBe("FORBIDDEN");
    expect((await failureOf(owner.adminRecords.list({ table: "service" }))).code).toBe("FORBIDDEN");
    expect(
      (
        await failureOf(
          owner.adminRecords.update({
            table: "service",
            id: practice.ids.service,
            values: { priceMinor: 1 },
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
  });
});

describe("a record", () => {
  it("comes with the records it points at and those pointing at it", async () => {
    const record = await admin.adminRecords.get({ table: "service", id: practice.ids.service });
    expect(record.values.id).toBe(practice.ids.service);
    const organization = record.references.find((r) => r.table === "organization");
    expect(organization?.items).toEqual([
      { id: practice.organization.id, label: practice.organization.name },
    ]);
    const appointments = record.referencedBy.find((r) => r.table === "appointment");
    const counted = await db
      .select({ id: schema.appointment.id })
      .from(schema.appointment)
      .where(eq(schema.appointment.serviceId, practice.ids.service));
    expect(appointments?.count).toBe(counted.length);
    expect(appointments?.items.length).toBe(Math.min(20, counted.length));
  });

  it("answers NOT_FOUND for an id that names nothing", async () => {
    const missing = await failureOf(admin.adminRecords.get({ table: "service", id: randomUUID() }));
    expect(missing.code).toBe("NOT_FOUND");
    const malformed = await failureOf(admin.adminRecords.get({ table: "service", id: "abc" }));
    expect(malformed.code).toBe("NOT_FOUND");
  });
});

describe("editing", () => {
  it("refuses an invalid service edit with the product's field error and writes nothing", async () => {
    const before = await serviceRow(practice.ids.service);
    const requestId = randomUUID();
    const caller = await callerFor(db, { token: operator.token, requestId });

    const failure = await failureOf(
      caller.adminRecords.update({
        table: "service",
        id: practice.ids.service,
        values: { priceMinor: -5, name: "" },
      }),
    );

    expect(failure.code).toBe("BAD_REQUEST");
    expect(failure.fieldErrors?.priceMinor).toEqual(["Price cannot be negative"]);
    expect(failure.fieldErrors?.name).toEqual(["Enter a name"]);
    expect(await serviceRow(practice.ids.service)).toEqual(before);
    expect(await auditRowsOf(requestId)).toEqual([]);
  });

  it("saves a valid edit through the product, audited with before and after", async () => {
    const before = await serviceRow(practice.ids.service);
    const requestId = randomUUID();
    const caller = await callerFor(db, { token: operator.token, requestId });

    const saved = await caller.adminRecords.update({
      table: "service",
      id: practice.ids.service,
      values: { priceMinor: before.priceMinor + 1500, name: "Extended consultation" },
    });

    expect(saved.values).toMatchObject({ priceMinor: before.priceMinor + 1500 });
    const rows = await auditRowsOf(requestId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: "adminRecords.update",
      actorUserId: operator.id,
      organizationId: practice.organization.id,
      entityType: "service",
      entityId: practice.ids.service,
      before: expect.objectContaining({
        priceMinor: before.priceMinor,
        name: before.name,
      }) as unknown,
      after: expect.objectContaining({
        priceMinor: before.priceMinor + 1500,
        name: "Extended consultation",
      }) as unknown,
    });

    const history = await admin.adminRecords.history({
      table: "service",
      id: practice.ids.service,
    });
    expect(history.items[0]).toMatchObject({
      action: "adminRecords.update",
      actor: { email: operator.email },
    });
    expect(history.items[0]?.changes).toEqual(
      expect.arrayContaining([
        { key: "priceMinor", before: before.priceMinor, after: before.priceMinor + 1500 },
        { key: "name", before: before.name, after: "Extended consultation" },
      ]),
    );
  });

  it("refuses to change a secret, a key column or a read-only table", async () => {
    const secret = await failureOf(
      admin.adminRecords.update({
        table: "user",
        id: practice.owner.id,
        values: { passwordHash: "$argon2id$v=19$forged" },
      }),
    );
    expect(secret.code).toBe("BAD_REQUEST");
    expect(secret.fieldErrors?.passwordHash).toEqual(["Secrets cannot be shown or changed"]);
    const tenant = await failureOf(
      admin.adminRecords.update({
        table: "service",
        id: practice.ids.service,
        values: { organizationId: randomUUID() },
      }),
    );
    expect(tenant.fieldErrors?.organizationId).toEqual(["This field cannot be changed here"]);
    const readOnly = await failureOf(
      admin.adminRecords.update({
        table: "appointment",
        id: practice.ids.appointment,
        values: { notes: "Changed" },
      }),
    );
    expect(readOnly.fieldErrors?.table).toBeDefined();
  });

  it("switches records in bulk with one audit row, shown in each record's history", async () => {
    const created = await db
      .insert(schema.department)
      .values([
        { organizationId: practice.organization.id, name: `Bulk A ${randomUUID()}` },
        { organizationId: practice.organization.id, name: `Bulk B ${randomUUID()}` },
      ])
      .returning({ id: schema.department.id });
    const ids = created.map((d) => d.id);
    const requestId = randomUUID();
    const caller = await callerFor(db, { token: operator.token, requestId });

    const result = await caller.adminRecords.bulk({
      table: "department",
      ids,
      action: "deactivate",
    });

    expect(result).toEqual({ action: "deactivate", requested: 2, changed: 2 });
    const after = await db
      .select({ active: schema.department.active })
      .from(schema.department)
      .where(inArray(schema.department.id, ids));
    expect(after.map((d) => d.active)).toEqual([false, false]);
    expect(await auditRowsOf(requestId)).toHaveLength(1);
    const history = await admin.adminRecords.history({ table: "department", id: ids[1] ?? "" });
    expect(history.items.map((h) => h.action)).toEqual(["adminRecords.bulk"]);

    const unknown = await failureOf(
      admin.adminRecords.bulk({ table: "department", ids: [randomUUID()], action: "activate" }),
    );
    expect(unknown.code).toBe("NOT_FOUND");
    const notOffered = await failureOf(
      admin.adminRecords.bulk({ table: "department", ids, action: "publish" }),
    );
    expect(notOffered.fieldErrors?.action).toBeDefined();
  });
});

describe("secrets", () => {
  it("never answers with a password hash, a token hash or sealed keys", async () => {
    const hashes = [
      ...(await db.select({ v: schema.user.passwordHash }).from(schema.user)).map((r) => r.v),
      ...(await db.select({ v: schema.session.secretHash }).from(schema.session)).map((r) => r.v),
      ...(await db.select({ v: schema.actionToken.tokenHash }).from(schema.actionToken)).map(
        (r) => r.v,
      ),
      ...(
        await db.select({ v: schema.paymentAccount.sealedSecrets }).from(schema.paymentAccount)
      ).map((r) => r.v),
    ];
    expect(hashes.length).toBeGreaterThan(2);

    const answers: unknown[] = [await admin.adminRecords.tables()];
    for (const table of ["user", "session", "action_token", "payment_account", "practice_site"]) {
      const list = await admin.adminRecords.list({ table, limit: 100 });
      answers.push(list);
      for (const item of list.items.slice(0, 3)) {
        if (item.id) answers.push(await admin.adminRecords.get({ table, id: item.id }));
      }
    }
    answers.push(await admin.adminRecords.get({ table: "user", id: practice.owner.id }));
    answers.push(
      await admin.adminRecords.get({ table: "organization", id: practice.organization.id }),
    );
    // An audit row that holds a hash (written by hand here) is shown without it.
    const [owner] = await db
      .select({ hash: schema.user.passwordHash })
      .from(schema.user)
      .where(eq(schema.user.id, practice.owner.id));
    await db.insert(schema.auditLog).values({
      action: "test.leak",
      entityType: "user",
      entityId: practice.owner.id,
      before: { passwordHash: owner?.hash, nested: { tokenHash: hashes[2] ?? "x" } },
      after: { name: "Olivia Owner" },
    });
    answers.push(await admin.adminRecords.history({ table: "user", id: practice.owner.id }));
    // …and so is the audit row itself, browsed as a record of the audit_log table.
    const leakRows = await admin.adminRecords.list({
      table: "audit_log",
      filters: [{ column: "action", op: "eq", value: "test.leak" }],
    });
    expect(leakRows.items).toHaveLength(1);
    answers.push(leakRows);
    answers.push(
      await admin.adminRecords.get({ table: "audit_log", id: leakRows.items[0]?.id ?? "" }),
    );

    const text = JSON.stringify(answers);
    expect(text).not.toMatch(/\$argon2/);
    expect(hashes.filter((hash) => text.includes(hash))).toEqual([]);
    const list = await admin.adminRecords.list({ table: "user", limit: 1 });
    expect(Object.keys(list.items[0]?.values ?? {})).not.toContain("passwordHash");
  });

  it("lists a table of secrets with none of its secret columns", async () => {
    const tables = await admin.adminRecords.tables();
    const session = tables.find((t) => t.name === "session");
    expect(session?.columns.map((c) => c.key)).not.toContain("secretHash");
    expect(session?.hiddenColumns).toBe(1);
    const sessions = await admin.adminRecords.list({
      table: "session",
      filters: [{ column: "userId", op: "eq", value: practice.owner.id }],
    });
    expect(sessions.items.length).toBeGreaterThan(0);
    expect(
      await failureOf(
        admin.adminRecords.list({
          table: "session",
          filters: [{ column: "secretHash", op: "notNull" }],
        }),
      ),
    ).toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("organization records", () => {
  it("edit through the practice's own settings schema", async () => {
    const bad = await failureOf(
      admin.adminRecords.update({
        table: "organization",
        id: practice.organization.id,
        values: { currency: "ZZZ" },
      }),
    );
    expect(bad.fieldErrors?.currency).toEqual(["Not a known currency"]);
    const saved = await admin.adminRecords.update({
      table: "organization",
      id: practice.organization.id,
      values: { senderName: "Records Clinic Team" },
    });
    expect(saved.values.senderName).toBe("Records Clinic Team");
    const [row] = await db
      .select({ id: schema.auditLog.id })
      .from(schema.auditLog)
      .where(
        and(
          eq(schema.auditLog.entityType, "organization"),
          eq(schema.auditLog.entityId, practice.organization.id),
          eq(schema.auditLog.action, "adminRecords.update"),
        ),
      );
    expect(row).toBeDefined();
  });
});

describe("records keyed by several columns", () => {
  it("open, edit and trace a catalogue price by its opaque key", async () => {
    await db
      .insert(schema.planPrice)
      .values({ item: "reviews", interval: "month", currency: "NZD", amountMinor: 900 })
      .onConflictDoNothing();
    const list = await admin.adminRecords.list({
      table: "plan_price",
      filters: [{ column: "currency", op: "eq", value: "NZD" }],
    });
    const id = list.items.find((i) => i.values.item === "reviews")?.id ?? "";
    expect((await admin.adminRecords.get({ table: "plan_price", id })).values).toMatchObject({
      amountMinor: 900,
    });

    const locked = await failureOf(
      admin.adminRecords.update({ table: "plan_price", id, values: { currency: "AUD" } }),
    );
    expect(locked.fieldErrors?.currency).toEqual(["This field cannot be changed here"]);
    const saved = await admin.adminRecords.update({
      table: "plan_price",
      id,
      values: { amountMinor: 1200 },
    });
    expect(saved.values.amountMinor).toBe(1200);
    const history = await admin.adminRecords.history({ table: "plan_price", id });
    expect(history.items[0]?.changes).toContainEqual({
      key: "amountMinor",
      before: 900,
      after: 1200,
    });
  });
});
