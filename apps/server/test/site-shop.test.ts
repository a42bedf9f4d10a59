// A pharmacy's shop on its public site over plain HTTP (no JavaScript): the products list with
// names, prices with tax and availability in words, search and category by GET, a product's page
// with its Product and Offer in JSON-LD, product pictures through the site's image route, the
// sitemap, every template, and "not found" for anything that is not this practice's live product.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  callerFor,
  createOrganization,
  signUp,
  type Caller,
  type TestUser,
} from "@caredesk/api/testing";
import { schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { buildServer } from "../src/app";
import { loadEnv } from "../src/env";
import { LocalStorage } from "../src/files/storage";
import { appOrigin, sessionCookieName } from "./server";

let database: TestDatabase;
let db: Database;
let app: FastifyInstance;
let filesDir: string;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  filesDir = await mkdtemp(join(tmpdir(), "caredesk-shop-"));
  const env = loadEnv({
    NODE_ENV: "test",
    APP_ORIGIN: appOrigin,
    SEED_DEMO: "false",
    LOG_LEVEL: "silent",
  });
  app = await buildServer({ env, database, logger: false, storage: new LocalStorage(filesDir) });
});
afterAll(async () => {
  await app.close();
  await database.drop();
  await rm(filesDir, { recursive: true, force: true });
});

async function uploadProductImage(owner: TestUser, organizationId: string) {
  const png = await sharp({
    create: { width: 800, height: 800, channels: 3, background: { r: 200, g: 40, b: 40 } },
  })
    .png()
    .toBuffer();
  const boundary = "----caredeskshop";
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="box.png"\r\nContent-Type: image/png\r\n\r\n`;
  const response = await app.inject({
    method: "POST",
    url: `/files/${organizationId}?purpose=product_image`,
    headers: {
      "content-type": `multipart/form-data; boundary=${boundary}`,
      origin: appOrigin,
      cookie: `${sessionCookieName}=${owner.token}`,
    },
    payload: Buffer.concat([Buffer.from(head), png, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  });
  expect(response.statusCode).toBe(201);
  return response.json<{ id: string }>().id;
}

const dayFromNow = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * A live pharmacy site: Ibuprofen (with a picture, 20% tax, in stock), Atorvastatin
 * (prescription-only, out of stock), and an archived product.
 */
async function createPharmacy(name = "Corniche Pharmacy") {
  const owner = await signUp(db, { name: "Olivia Owner" });
  const organization = await createOrganization(db, owner, { name });
  const staff: Caller = await callerFor(db, {
    token: owner.token,
    organizationId: organization.id,
  });
  const imageFileId = await uploadProductImage(owner, organization.id);
  const suffix = Math.random().toString(36).slice(2, 8).toUpperCase();
  const otc = await staff.product.create({
    sku: `IBU-${suffix}`,
    name: "Ibuprofen tablets",
    genericName: "ibuprofen",
    form: "tablet",
    strength: "200 mg",
    category: "Pain relief",
    description: "For headaches and fever.",
    priceMinor: 350,
    taxBps: 2000,
    imageFileId,
  });
  const rx = await staff.product.create({
    sku: `ATO-${suffix}`,
    name: "Atorvastatin tablets",
    strength: "20 mg",
    category: "Heart",
    priceMinor: 1200,
    prescriptionOnly: true,
  });
  const archived = await staff.product.create({
    sku: `OLD-${suffix}`,
    name: "Discontinued syrup",
    priceMinor: 500,
    imageFileId,
  });
  await staff.product.archive({ id: archived.id });
  await staff.stock.receive({
    supplier: "Test supplier",
    receivedOn: dayFromNow(0),
    lots: [
      {
        productId: otc.id,
        batchNumber: `B-${suffix}`,
        expiresOn: dayFromNow(200),
        quantity: 30,
        unitCostMinor: 100,
      },
    ],
  });
  return { owner, organization, staff, otc, rx, archived, imageFileId };
}

type Pharmacy = Awaited<ReturnType<typeof createPharmacy>>;

function jsonLdOf(html: string): Record<string, unknown> {
  const match = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html);
  if (!match?.[1]) throw new Error("no JSON-LD on the page");
  return JSON.parse(match[1]) as Record<string, unknown>;
}

describe("a pharmacy's products page", () => {
  let shop: Pharmacy;
  beforeAll(async () => {
    shop = await createPharmacy();
  });

  it("lists active products with prices including tax and availability in words", async () => {
    const page = await app.inject({ url: `/p/${shop.organization.slug}/products` });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    const html = page.body;
    expect(html).toContain("Ibuprofen tablets");
    expect(html).toContain("£4.20");
    expect(html).toContain("Tablet · <bdi>200 mg</bdi>");
    expect(html).toContain("In stock");
    expect(html).toContain("Atorvastatin tablets");
    expect(html).toContain("£12.00");
    expect(html).toContain("Out of stock");
    expect(html).toContain("Prescription required");
    expect(html).not.toContain("Discontinued syrup");
    // A GET search form, links to each product, the cart island and its checkout.
    expect(html).toMatch(/<form[^>]*role="search"[^>]*method="get"/);
    expect(html).toContain(`href="/p/${shop.organization.slug}/products/${shop.otc.id}"`);
    expect(html).toContain('data-island="cart"');
    expect(html).toContain(`/portal/checkout?practice=${shop.organization.slug}`);
    expect(html).toContain(`data-cart-add="${shop.otc.id}"`);
    // No stock counts anywhere on the page.
    expect(html).not.toMatch(/\b30\b left|onHand|"quantity"/);
  });

  it("searches by ?q= (fuzzy) and filters by ?category=", async () => {
    const base = `/p/${shop.organization.slug}/products`;
    const search = await app.inject({ url: `${base}?q=ibuprofn` });
    expect(search.statusCode).toBe(200);
    expect(search.body).toContain("Ibuprofen tablets");
    expect(search.body).not.toContain("Atorvastatin tablets");
    expect(search.body).toContain("Products matching “ibuprofn”");
    const heart = await app.inject({ url: `${base}?category=Heart` });
    expect(heart.body).toContain("Atorvastatin tablets");
    expect(heart.body).not.toContain("Ibuprofen tablets");
    const none = await app.inject({ url: `${base}?q=zzzzzzzz` });
    expect(none.statusCode).toBe(200);
    expect(none.body).toContain("No products match your search");
  });

  it("is in Arabic, right to left, with ?lang=ar", async () => {
    const page = await app.inject({ url: `/p/${shop.organization.slug}/products?lang=ar` });
    expect(page.body).toContain('<html lang="ar" dir="rtl">');
    expect(page.body).toContain("يتطلب وصفة طبية");
    expect(page.body).toContain("غير متوفر");
  });

  it("looks right in every template", async () => {
    for (const template of ["classic", "fresh", "market", "care"] as const) {
      await db
        .update(schema.practiceSite)
        .set({ template })
        .where(eq(schema.practiceSite.organizationId, shop.organization.id));
      const page = await app.inject({ url: `/p/${shop.organization.slug}/products` });
      expect(page.statusCode, template).toBe(200);
      expect(page.body, template).toContain(`data-template="${template}"`);
      expect(page.body, template).toContain("Ibuprofen tablets");
      const home = await app.inject({ url: `/p/${shop.organization.slug}` });
      expect(home.body, template).toContain('id="products"');
    }
  });

  it("has a product's page with its Product and Offer in JSON-LD", async () => {
    const page = await app.inject({
      url: `/p/${shop.organization.slug}/products/${shop.otc.id}`,
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("<title>Ibuprofen tablets – Corniche Pharmacy</title>");
    expect(page.body).toContain("For headaches and fever.");
    expect(page.body).toContain("Price includes tax");
    const canonical = `${appOrigin}/p/${shop.organization.slug}/products/${shop.otc.id}`;
    expect(jsonLdOf(page.body)).toMatchObject({
      "@context": "https://schema.org",
      "@type": "Product",
      name: "Ibuprofen tablets",
      category: "Pain relief",
      url: canonical,
      image: `${appOrigin}/p/${shop.organization.slug}/img/${shop.imageFileId}?w=640`,
      offers: {
        "@type": "Offer",
        price: "4.20",
        priceCurrency: "GBP",
        availability: "https://schema.org/InStock",
      },
    });
    const rx = await app.inject({ url: `/p/${shop.organization.slug}/products/${shop.rx.id}` });
    expect(rx.body).toContain("Prescription required");
    expect(jsonLdOf(rx.body)).toMatchObject({
      offers: { price: "12.00", availability: "https://schema.org/OutOfStock" },
    });
  });

  it("is not found for an archived product, another practice's or no product", async () => {
    const other = await createPharmacy("Other Pharmacy");
    const base = `/p/${shop.organization.slug}/products`;
    for (const url of [
      `${base}/${shop.archived.id}`,
      `${base}/${other.otc.id}`,
      `${base}/00000000-0000-4000-8000-000000000000`,
      `${base}/not-an-id`,
      `${base}?page=0`,
      `${base}?page=abc`,
    ]) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(404);
      expect(response.body, url).not.toContain("Ibuprofen");
    }
  });

  it("serves a product's picture resized to WebP, but not an archived product's", async () => {
    const base = `/p/${shop.organization.slug}/img`;
    const image = await app.inject({ url: `${base}/${shop.imageFileId}?w=320` });
    expect(image.statusCode).toBe(200);
    expect(image.headers["content-type"]).toBe("image/webp");
    expect(await sharp(image.rawPayload).metadata()).toMatchObject({ format: "webp", width: 320 });
    // Another practice's site does not serve it.
    const other = await createPharmacy("Third Pharmacy");
    const foreign = await app.inject({
      url: `/p/${other.organization.slug}/img/${shop.imageFileId}?w=320`,
    });
    expect(foreign.statusCode).toBe(404);
    // Only archived products show it: no longer served.
    await other.staff.product.update({ id: other.otc.id, imageFileId: null });
    const archivedOnly = await app.inject({
      url: `/p/${other.organization.slug}/img/${other.imageFileId}?w=320`,
    });
    expect(archivedOnly.statusCode).toBe(404);
  });

  it("lists the product pages in the sitemap and shows a few products on the home page", async () => {
    const sitemap = await app.inject({ url: `/p/${shop.organization.slug}/sitemap.xml` });
    expect(sitemap.body).toContain(`/p/${shop.organization.slug}/products/${shop.otc.id}</loc>`);
    expect(sitemap.body).toContain(`/p/${shop.organization.slug}/products</loc>`);
    expect(sitemap.body).not.toContain(shop.archived.id);
    const home = await app.inject({ url: `/p/${shop.organization.slug}` });
    expect(home.body).toContain("Ibuprofen tablets");
    expect(home.body).toContain(`href="/p/${shop.organization.slug}/products"`);
  });
});

describe("a pharmacy's own domain", () => {
  it("serves the shop at /products, its cart carrying the items to the portal", async () => {
    const shop = await createPharmacy("Domain Pharmacy");
    const domain = `${shop.organization.slug}.pharmacy.example`;
    await db
      .update(schema.practiceSite)
      .set({ customDomain: domain, domainVerifiedAt: new Date() })
      .where(eq(schema.practiceSite.organizationId, shop.organization.id));
    const list = await app.inject({ url: "/products", headers: { host: domain } });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`href="/products/${shop.otc.id}"`);
    expect(list.body).toContain(`<link rel="canonical" href="https://${domain}/products">`);
    // The portal is on Caredesk's host, whose storage cannot see this domain's cart.
    expect(list.body).toContain("&quot;carryItems&quot;:true");
    const item = await app.inject({ url: `/products/${shop.otc.id}`, headers: { host: domain } });
    expect(item.statusCode).toBe(200);
    expect(item.body).toContain("Ibuprofen tablets");
    const foreign = await app.inject({
      url: `/products/${shop.archived.id}`,
      headers: { host: domain },
    });
    expect(foreign.statusCode).toBe(404);
  });
});

describe("a practice without products", () => {
  it("has no shop pages and no products on its home page", async () => {
    const owner = await signUp(db, { name: "Carl Clinic" });
    const clinic = await createOrganization(db, owner, { name: "Plain Clinic" });
    const page = await app.inject({ url: `/p/${clinic.slug}/products` });
    expect(page.statusCode).toBe(404);
    const home = await app.inject({ url: `/p/${clinic.slug}` });
    expect(home.statusCode).toBe(200);
    expect(home.body).not.toContain('id="products"');
  });
});
