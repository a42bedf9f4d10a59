// The pharmacy's shop on its public site: a visitor sees only a live site's active products, with
// availability in words (never a count), searches them fuzzily, and prices a cart with tax
// exactly as an order will be charged; archived products and other practices' ids are not found.
import { schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import { callerFor, createPractice, failureOf, type Caller } from "@caredesk/api/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { siteView } from "../src/service/site-view";
import { stockShop } from "../src/testing/orders";
import { dayFromNow } from "../src/testing/stock";

let database: TestDatabase;
let db: Database;
let visitor: Caller;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  visitor = await callerFor(db);
});
afterAll(() => database.drop());

/** A live pharmacy site: the stocked shop (OTC 10+10 units, Rx 10) and its owner's caller. */
async function pharmacy(units?: Parameters<typeof stockShop>[1]) {
  const practice = await createPractice(db);
  const organizationId = practice.organization.id;
  const staff = await callerFor(db, { token: practice.owner.token, organizationId });
  const shop = await stockShop(staff, units);
  return { slug: practice.organization.slug, organizationId, staff, shop };
}

describe("shop.products", () => {
  it("lists a live site's active products with prices including tax", async () => {
    const p = await pharmacy();
    const page = await visitor.shop.products({ slug: p.slug });
    expect(page.items.map((i) => i.name)).toEqual([
      "Atorvastatin 20 mg tablets",
      "Ibuprofen 200 mg tablets",
    ]);
    expect(page.items.find((i) => i.id === p.shop.otc)).toMatchObject({
      // 350 + 20% tax
      priceMinor: 420,
      currency: "GBP",
      strength: "200 mg",
      prescriptionOnly: false,
      availability: "in_stock",
    });
    expect(page.items.find((i) => i.id === p.shop.rx)).toMatchObject({
      priceMinor: 1200,
      prescriptionOnly: true,
    });
    expect(page.nextCursor).toBeNull();
  });

  it("tells availability in words only, never how many are left", async () => {
    const p = await pharmacy({ otc: [2, 0], rx: 0 });
    await p.staff.product.update({ id: p.shop.otc, reorderLevel: 5, controlled: true });
    const page = await visitor.shop.products({ slug: p.slug });
    const byId = new Map(page.items.map((i) => [i.id, i]));
    expect(byId.get(p.shop.otc)?.availability).toBe("low");
    expect(byId.get(p.shop.rx)?.availability).toBe("out_of_stock");
    const text = JSON.stringify(page);
    expect(text).not.toMatch(/"(onHand|quantity|units|available|reorderLevel|controlled|sku)"/);
  });

  it("counts units in expired lots as not available", async () => {
    const p = await pharmacy({ otc: [0, 0], rx: 1 });
    await p.staff.stock.receive({
      supplier: "Test supplier",
      receivedOn: dayFromNow(0),
      lots: [
        {
          productId: p.shop.otc,
          batchNumber: "SOON",
          expiresOn: dayFromNow(1),
          quantity: 4,
          unitCostMinor: 100,
        },
      ],
    });
    const fresh = await visitor.shop.product({ slug: p.slug, productId: p.shop.otc });
    expect(fresh.availability).toBe("in_stock");
    // The lot expires tomorrow: from then on nothing of it is sold.
    await db
      .update(schema.stockLot)
      .set({ expiresOn: dayFromNow(0) })
      .where(eq(schema.stockLot.batchNumber, "SOON"));
    const expired = await visitor.shop.product({ slug: p.slug, productId: p.shop.otc });
    expect(expired.availability).toBe("out_of_stock");
  });

  it("hides archived products", async () => {
    const p = await pharmacy();
    await p.staff.product.archive({ id: p.shop.rx });
    const page = await visitor.shop.products({ slug: p.slug });
    expect(page.items.map((i) => i.id)).toEqual([p.shop.otc]);
    expect(
      await failureOf(visitor.shop.product({ slug: p.slug, productId: p.shop.rx })),
    ).toMatchObject({ code: "NOT_FOUND" });
  });

  it("finds products by a misspelt name, a generic name or a barcode", async () => {
    const p = await pharmacy();
    await p.staff.product.update({
      id: p.shop.rx,
      genericName: "atorvastatin calcium",
      barcode: "5012345678900",
      category: "Heart",
    });
    const misspelt = await visitor.shop.products({ slug: p.slug, q: "ibuprofn" });
    expect(misspelt.items.map((i) => i.id)).toEqual([p.shop.otc]);
    const generic = await visitor.shop.products({ slug: p.slug, q: "calcium" });
    expect(generic.items.map((i) => i.id)).toEqual([p.shop.rx]);
    const barcode = await visitor.shop.products({ slug: p.slug, q: "5012345678900" });
    expect(barcode.items.map((i) => i.id)).toEqual([p.shop.rx]);
    const byCategory = await visitor.shop.products({ slug: p.slug, category: "Heart" });
    expect(byCategory.items.map((i) => i.id)).toEqual([p.shop.rx]);
    expect(byCategory.categories).toEqual(["Heart"]);
  });

  it("pages through the products", async () => {
    const p = await pharmacy();
    const first = await visitor.shop.products({ slug: p.slug, limit: 1 });
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).not.toBeNull();
    const second = await visitor.shop.products({
      slug: p.slug,
      limit: 1,
      cursor: first.nextCursor ?? undefined,
    });
    expect(second.items).toHaveLength(1);
    expect(second.items[0]?.id).not.toBe(first.items[0]?.id);
    expect(second.nextCursor).toBeNull();
  });

  it("is not found for a site that is not live or a practice that does not exist", async () => {
    const p = await pharmacy();
    await db
      .update(schema.practiceSite)
      .set({ publishedAt: null })
      .where(eq(schema.practiceSite.organizationId, p.organizationId));
    expect(await failureOf(visitor.shop.products({ slug: p.slug }))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(
      await failureOf(
        visitor.shop.quote({ slug: p.slug, items: [{ productId: p.shop.otc, quantity: 1 }] }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(await failureOf(visitor.shop.products({ slug: "no-such-pharmacy" }))).toMatchObject({
      code: "NOT_FOUND",
    });
  });
});

describe("shop.quote", () => {
  it("prices a cart with tax per line, as the order will charge it", async () => {
    const p = await pharmacy();
    const quote = await visitor.shop.quote({
      slug: p.slug,
      items: [
        { productId: p.shop.otc, quantity: 3 },
        { productId: p.shop.rx, quantity: 1 },
      ],
    });
    expect(quote).toEqual({
      currency: "GBP",
      lines: [
        {
          productId: p.shop.otc,
          name: "Ibuprofen 200 mg tablets",
          quantity: 3,
          unitPriceMinor: 420,
          // 3 × 350 + 20% of 1050
          lineTotalMinor: 1260,
          prescriptionOnly: false,
          availability: "in_stock",
          enough: true,
        },
        {
          productId: p.shop.rx,
          name: "Atorvastatin 20 mg tablets",
          quantity: 1,
          unitPriceMinor: 1200,
          lineTotalMinor: 1200,
          prescriptionOnly: true,
          availability: "in_stock",
          enough: true,
        },
      ],
      totalMinor: 2460,
      prescriptionNeeded: true,
      allAvailable: true,
    });
  });

  it("rounds tax on the line, not per unit", async () => {
    const p = await pharmacy();
    await p.staff.product.update({ id: p.shop.otc, priceMinor: 333 });
    const quote = await visitor.shop.quote({
      slug: p.slug,
      items: [{ productId: p.shop.otc, quantity: 3 }],
    });
    // One unit: 333 + 67; three: 999 + 200 (199.8 rounded), not 3 × 400.
    expect(quote.lines[0]).toMatchObject({ unitPriceMinor: 400, lineTotalMinor: 1199 });
    expect(quote.totalMinor).toBe(1199);
  });

  it("says when more is asked than can be sold, without saying how many are left", async () => {
    const p = await pharmacy({ otc: [2, 1], rx: 0 });
    const quote = await visitor.shop.quote({
      slug: p.slug,
      items: [
        { productId: p.shop.otc, quantity: 4 },
        { productId: p.shop.rx, quantity: 1 },
      ],
    });
    expect(quote.lines.map((l) => [l.availability, l.enough])).toEqual([
      ["in_stock", false],
      ["out_of_stock", false],
    ]);
    expect(quote.allAvailable).toBe(false);
    expect(JSON.stringify(quote)).not.toMatch(/"(onHand|units|available|left)"/);
  });

  it("answers NOT_FOUND on the field of an archived product", async () => {
    const p = await pharmacy();
    await p.staff.product.archive({ id: p.shop.rx });
    const failure = await failureOf(
      visitor.shop.quote({
        slug: p.slug,
        items: [
          { productId: p.shop.otc, quantity: 1 },
          { productId: p.shop.rx, quantity: 1 },
        ],
      }),
    );
    expect(failure).toMatchObject({
      code: "NOT_FOUND",
      fieldErrors: { "items.1.productId": [expect.any(String)] },
    });
  });

  it("answers NOT_FOUND for another practice's product, naming nothing of it", async () => {
    const [p, other] = await Promise.all([pharmacy(), pharmacy()]);
    const failure = await failureOf(
      visitor.shop.quote({ slug: p.slug, items: [{ productId: other.shop.otc, quantity: 1 }] }),
    );
    expect(failure).toMatchObject({
      code: "NOT_FOUND",
      fieldErrors: { "items.0.productId": [expect.any(String)] },
    });
    expect(JSON.stringify(failure)).not.toContain("Ibuprofen");
    expect(
      await failureOf(visitor.shop.product({ slug: p.slug, productId: other.shop.otc })),
    ).toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses bad carts with field errors", async () => {
    const p = await pharmacy();
    for (const items of [
      [],
      [{ productId: p.shop.otc, quantity: 0 }],
      [{ productId: p.shop.otc, quantity: -1 }],
      [{ productId: p.shop.otc, quantity: 1.5 }],
      [{ productId: p.shop.otc, quantity: 100 }],
      [
        { productId: p.shop.otc, quantity: 1 },
        { productId: p.shop.otc, quantity: 2 },
      ],
    ]) {
      expect(await failureOf(visitor.shop.quote({ slug: p.slug, items }))).toMatchObject({
        code: "BAD_REQUEST",
      });
    }
  });
});

describe("the site's home page", () => {
  it("shows a few products with availability, none for a practice that sells nothing", async () => {
    const p = await pharmacy({ otc: [0, 0], rx: 3 });
    const view = await siteView(db, { slug: p.slug });
    expect(view.products.map((i) => [i.name, i.availability])).toEqual([
      ["Atorvastatin 20 mg tablets", "in_stock"],
      ["Ibuprofen 200 mg tablets", "out_of_stock"],
    ]);
    const clinic = await createPractice(db);
    const plain = await siteView(db, { slug: clinic.organization.slug });
    expect(plain.products).toEqual([]);
  });
});
