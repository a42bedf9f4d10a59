// The pharmacy's catalogue: barcodes are real EAN-13s, a SKU and a barcode name one product of a
// practice, search forgives typos and finds a scanned barcode first, archived products leave the
// list until restored, and another practice's products are not found.
import { schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import { callerFor, createPractice, failureOf, type Caller } from "@caredesk/api/testing";
import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { namePrefixStage } from "../src/service/product-search";

let database: TestDatabase;
let db: Database;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
});
afterAll(() => database.drop());

async function pharmacy() {
  const practice = await createPractice(db);
  const organizationId = practice.organization.id;
  const owner = await callerFor(db, { token: practice.owner.token, organizationId });
  const staff = await callerFor(db, { token: practice.staff.token, organizationId });
  return { ...practice, organizationId, owner, staff };
}

const paracetamol = {
  sku: "PARA-500",
  barcode: "5000000000012",
  name: "Paracetamol 500 mg tablets",
  genericName: "Paracetamol",
  form: "tablet" as const,
  strength: "500 mg",
  category: "Pain relief",
  priceMinor: 199,
  taxBps: 0,
  reorderLevel: 10,
};

async function productsOf(organizationId: string) {
  const [row] = await db
    .select({ n: count() })
    .from(schema.product)
    .where(eq(schema.product.organizationId, organizationId));
  return row?.n ?? 0;
}

describe("products", () => {
  let p: Awaited<ReturnType<typeof pharmacy>>;
  beforeAll(async () => {
    p = await pharmacy();
  });

  it("adds a product with its barcode, price and reorder level", async () => {
    const created = await p.owner.product.create(paracetamol);

    expect(created).toMatchObject({
      sku: "PARA-500",
      barcode: "5000000000012",
      status: "active",
      onHand: 0,
      prescriptionOnly: false,
    });
    const shown = await p.owner.product.byId({ id: created.id });
    expect(shown).toMatchObject({ name: paracetamol.name, available: 0, lots: [] });
  });

  it("refuses a barcode whose check digit is wrong", async () => {
    const failure = await failureOf(
      p.owner.product.create({ ...paracetamol, sku: "BAD-1", barcode: "5000000000013" }),
    );

    expect(failure.code).toBe("BAD_REQUEST");
    expect(failure.fieldErrors).toMatchObject({ barcode: ["Not a valid EAN-13 barcode"] });
  });

  it("refuses a negative price and a tax above 100%", async () => {
    const before = await productsOf(p.organizationId);
    const failure = await failureOf(
      p.owner.product.create({
        ...paracetamol,
        sku: "BAD-2",
        barcode: null,
        priceMinor: -1,
        taxBps: 10001,
      }),
    );

    expect(failure.code).toBe("BAD_REQUEST");
    expect(Object.keys(failure.fieldErrors ?? {})).toEqual(
      expect.arrayContaining(["priceMinor", "taxBps"]),
    );
    expect(await productsOf(p.organizationId)).toBe(before);
  });

  it("says on the field when a SKU or a barcode is already used", async () => {
    const first = await p.owner.product.create({
      ...paracetamol,
      sku: "IBU-200",
      barcode: "5000000000029",
      name: "Ibuprofen 200 mg tablets",
    });

    const sameSku = await failureOf(
      p.owner.product.create({ ...paracetamol, sku: "IBU-200", barcode: null, name: "Other" }),
    );
    const sameBarcode = await failureOf(
      p.owner.product.update({
        id: (await p.owner.product.create({ ...paracetamol, sku: "X-1", barcode: null })).id,
        barcode: first.barcode,
      }),
    );

    expect(sameSku.code).toBe("CONFLICT");
    expect(sameSku.fieldErrors).toEqual({ sku: ["Another product has this SKU"] });
    expect(sameBarcode.code).toBe("CONFLICT");
    expect(sameBarcode.fieldErrors).toEqual({ barcode: ["Another product has this barcode"] });
  });

  it("lets another practice use the same SKU and barcode", async () => {
    const other = await pharmacy();

    await expect(other.owner.product.create(paracetamol)).resolves.toMatchObject({
      sku: paracetamol.sku,
    });
  });

  it("refuses staff without pharmacy.manage, and lets them read", async () => {
    const failure = await failureOf(
      p.staff.product.create({ ...paracetamol, sku: "STAFF-1", barcode: null }),
    );

    expect(failure.code).toBe("FORBIDDEN");
    await expect(p.staff.product.list({})).resolves.toHaveProperty("items");
  });

  it("updates what is sent and leaves the rest", async () => {
    const created = await p.owner.product.create({
      ...paracetamol,
      sku: "CET-10",
      barcode: "5000000000036",
      name: "Cetirizine 10 mg tablets",
    });

    const updated = await p.owner.product.update({ id: created.id, priceMinor: 349 });

    expect(updated).toMatchObject({
      priceMinor: 349,
      name: "Cetirizine 10 mg tablets",
      version: 2,
    });
  });
});

describe("searching the catalogue", () => {
  let p: Awaited<ReturnType<typeof pharmacy>>;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    p = await pharmacy();
    const add = async (
      key: string,
      input: Omit<Partial<typeof paracetamol>, "barcode"> & {
        sku: string;
        barcode?: string | null;
      },
    ) => {
      ids[key] = (await p.owner.product.create({ ...paracetamol, ...input })).id;
    };
    await add("paracetamol", { sku: "PARA-500", barcode: "5000000000012" });
    await add("ibuprofen", {
      sku: "IBU-400",
      barcode: "5000000000029",
      name: "Nurofen 400 mg",
      genericName: "Ibuprofen",
    });
    await add("amoxicillin", {
      sku: "AMOX-500",
      barcode: "5000000000036",
      name: "Amoxicillin 500 mg capsules",
      genericName: "Amoxicillin",
    });
    await add("plasters", {
      sku: "PLAST-20",
      barcode: null,
      name: "Fabric plasters",
      genericName: undefined,
    });
  });

  const names = async (caller: Caller, q: string) =>
    (await caller.product.list({ q })).items.map((item) => item.id);

  it("forgives a typo in the name", async () => {
    expect((await names(p.owner, "paracetmol"))[0]).toBe(ids.paracetamol);
  });

  it("finds a product by its generic name", async () => {
    expect(await names(p.owner, "ibuprofen")).toContain(ids.ibuprofen);
  });

  it("finds a scanned barcode first", async () => {
    expect((await names(p.owner, "5000000000036"))[0]).toBe(ids.amoxicillin);
  });

  it("finds a product by part of its SKU", async () => {
    expect(await names(p.owner, "plast")).toContain(ids.plasters);
  });

  it("answers the scanner with exactly one product, and not another practice's", async () => {
    const other = await pharmacy();
    await other.owner.product.create({
      ...paracetamol,
      sku: "ONLY-THERE",
      barcode: "4006381333931",
    });

    await expect(p.owner.product.byBarcode({ barcode: "5000000000029" })).resolves.toMatchObject({
      id: ids.ibuprofen,
    });
    expect((await failureOf(p.owner.product.byBarcode({ barcode: "4006381333931" }))).code).toBe(
      "NOT_FOUND",
    );
  });

  it("reads a 12-digit UPC-A as the EAN-13 with a leading zero", async () => {
    const upc = await p.owner.product.create({
      ...paracetamol,
      sku: "UPC-1",
      barcode: "0012345678905",
      name: "Imported antacid",
    });

    await expect(p.owner.product.byBarcode({ barcode: "012345678905" })).resolves.toMatchObject({
      id: upc.id,
    });
  });

  it("pages through the catalogue by name", async () => {
    const first = await p.owner.product.list({ limit: 2 });
    const second = await p.owner.product.list({ limit: 2, cursor: first.nextCursor ?? undefined });

    expect(first.items).toHaveLength(2);
    expect(second.items.map((i) => i.id)).not.toContain(first.items[0]?.id);
    expect(first.items.length + second.items.length).toBe(4);
    expect(second.nextCursor).not.toBeNull();
  });

  it("lists names starting with what is typed first, then other matches, a page at a time", async () => {
    const gel = await p.owner.product.create({
      ...paracetamol,
      sku: "IBU-GEL",
      barcode: null,
      name: "Ibuprofen 5% gel",
      genericName: "Ibuprofen",
    });

    const first = await p.owner.product.list({ q: "ibu", limit: 1 });
    const second = await p.owner.product.list({
      q: "ibu",
      limit: 1,
      cursor: first.nextCursor ?? undefined,
    });

    expect(first.items.map((i) => i.id)).toEqual([gel.id]);
    expect(second.items.map((i) => i.id)).toEqual([ids.ibuprofen]);
    expect(second.nextCursor).toBeNull();
  });

  it("matches every word typed wherever it is, else the words before the last", async () => {
    expect(await names(p.owner, "capsules amoxicillin")).toEqual([ids.amoxicillin]);
    expect(await names(p.owner, "nurofen 400")).toEqual([ids.ibuprofen]);
    expect(await names(p.owner, "amoxicillin tablets")).toEqual([ids.amoxicillin]);
  });

  it("reads the start of a name off its index, even in a generic plan", async () => {
    const query = namePrefixStage(
      db,
      eq(schema.product.organizationId, p.organizationId),
      "parac",
      26,
    ).toSQL();
    const literal = (value: unknown) =>
      typeof value === "number" ? String(value) : `'${String(value).replaceAll("'", "''")}'`;

    const plan = await db.transaction(async (tx) => {
      // A prepared statement's generic plan does not know the typed text: a `like 'q%'` could
      // not use the index then, a range can. Sequential scans off: the test catalogue is tiny.
      await tx.execute(sql`set local plan_cache_mode = force_generic_plan`);
      await tx.execute(sql`set local enable_seqscan = off`);
      await tx.execute(sql.raw(`prepare name_prefix_plan as ${query.sql}`));
      const rows: unknown = await tx.execute(
        sql.raw(`explain execute name_prefix_plan(${query.params.map(literal).join(", ")})`),
      );
      await tx.execute(sql.raw("deallocate name_prefix_plan"));
      return (rows as { "QUERY PLAN": string }[]).map((row) => row["QUERY PLAN"]).join("\n");
    });

    expect(plan).toMatch(/Index Scan using product_org_name_prefix_idx/);
    expect(plan).toMatch(/Index Cond: .*lower\(name\).*>= \$2.*lower\(name\).*< \$3/);
  });
});

describe("archiving", () => {
  it("takes a product off the list until it is restored, once each way", async () => {
    const p = await pharmacy();
    const created = await p.owner.product.create(paracetamol);

    await p.owner.product.archive({ id: created.id });
    const again = await failureOf(p.owner.product.archive({ id: created.id }));
    const listed = await p.owner.product.list({});
    const archived = await p.owner.product.list({ status: "archived" });
    await p.owner.product.restore({ id: created.id });

    expect(again.code).toBe("CONFLICT");
    expect(listed.items.map((i) => i.id)).not.toContain(created.id);
    expect(archived.items.map((i) => i.id)).toContain(created.id);
    expect((await p.owner.product.list({})).items.map((i) => i.id)).toContain(created.id);
  });

  it("does not find another practice's product", async () => {
    const p = await pharmacy();
    const other = await pharmacy();
    const theirs = await other.owner.product.create(paracetamol);

    for (const call of [
      () => p.owner.product.byId({ id: theirs.id }),
      () => p.owner.product.update({ id: theirs.id, priceMinor: 1 }),
      () => p.owner.product.archive({ id: theirs.id }),
    ]) {
      expect((await failureOf(call())).code).toBe("NOT_FOUND");
    }
    const [row] = await db
      .select({ price: schema.product.priceMinor, status: schema.product.status })
      .from(schema.product)
      .where(
        and(
          eq(schema.product.organizationId, other.organizationId),
          eq(schema.product.id, theirs.id),
        ),
      );
    expect(row).toEqual({ price: 199, status: "active" });
  });
});
