// The pharmacy's shop on its public site: its active products (searched, by category, a page at
// a time) with availability in words, and a quote for a cart before checkout. Everything goes
// through `liveSite`: a site that is not live has no shop. Only active products are shown;
// archived ones and other practices' ids are simply not found.
//
// Availability is read fresh on every call (stock changes with every sale); it is told in words
// only — in stock, low, out of stock — never as a count, so controlled items' stock stays private.
import { schema, type Database } from "@caredesk/db";
import type { ShopProductsInput, ShopQuoteInput } from "@caredesk/validators";
import { and, asc, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { FieldError, notFound, type FieldErrors } from "../errors";
import { lineMoney, taxOf } from "./invoice";
import { decodeCursor, encodeCursor, type Page } from "./pagination";
import { inOrderOf, productIdIn, searchProductIds } from "./product-search";
import { liveSite, type LiveSite } from "./site";
import { availableUnits, practiceToday } from "./stock-ledger";

const { product } = schema;

export type Availability = "in_stock" | "low" | "out_of_stock";

export interface ShopProduct {
  id: string;
  name: string;
  genericName: string | null;
  form: (typeof schema.productForm.enumValues)[number];
  strength: string | null;
  category: string | null;
  description: string | null;
  /** Shown through the site's image route (`/p/:slug/img/:fileId`). */
  imageFileId: string | null;
  /** One unit's price including tax, in minor units of `currency`. */
  priceMinor: number;
  currency: string;
  prescriptionOnly: boolean;
  availability: Availability;
}

/** One unit's price with its tax added (rounded half up, as invoices round it). */
export function priceWithTax(priceMinor: number, taxBps: number): number {
  return priceMinor + taxOf(priceMinor, taxBps);
}

/** In words: none free; at or below the reorder level; otherwise in stock. */
export function availabilityOf(units: number, reorderLevel: number): Availability {
  if (units <= 0) return "out_of_stock";
  if (units <= reorderLevel) return "low";
  return "in_stock";
}

const productColumns = {
  id: product.id,
  name: product.name,
  genericName: product.genericName,
  form: product.form,
  strength: product.strength,
  category: product.category,
  description: product.description,
  imageFileId: product.imageFileId,
  priceMinor: product.priceMinor,
  taxBps: product.taxBps,
  prescriptionOnly: product.prescriptionOnly,
  reorderLevel: product.reorderLevel,
};
type ProductRow = {
  [K in keyof typeof productColumns]: (typeof productColumns)[K]["_"]["data"] | null;
} & { id: string; name: string; priceMinor: number; taxBps: number; reorderLevel: number };

type ShopSite = Pick<LiveSite, "id" | "currency" | "timeZone">;

/** Rows as visitors see them, with availability read now. */
async function withAvailability(
  db: Database,
  site: ShopSite,
  rows: ProductRow[],
  now: Date,
): Promise<ShopProduct[]> {
  if (rows.length === 0) return [];
  const units = await availableUnits(
    db,
    site.id,
    rows.map((r) => r.id),
    practiceToday(site.timeZone, now),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    genericName: r.genericName,
    form: r.form ?? "other",
    strength: r.strength,
    category: r.category,
    description: r.description,
    imageFileId: r.imageFileId,
    priceMinor: priceWithTax(r.priceMinor, r.taxBps),
    currency: site.currency,
    prescriptionOnly: r.prescriptionOnly ?? false,
    availability: availabilityOf(units.get(r.id) ?? 0, r.reorderLevel),
  }));
}

const active = (organizationId: string) =>
  and(eq(product.organizationId, organizationId), eq(product.status, "active"));

/** The deepest a visitor may page (offset), so a crawler cannot ask for the millionth page. */
const maxOffset = 5000;

export interface ShopQuery {
  q?: string | undefined;
  category?: string | undefined;
  /** Rows to skip. */
  offset?: number;
  limit: number;
}

/**
 * A page of a live site's active products: with `q`, the catalogue's staged search
 * (product-search.ts: barcode, name prefix, substring, then similar for a typo; at most
 * `searchCap` matches); otherwise by name.
 */
export async function findShopProducts(
  db: Database,
  site: ShopSite,
  query: ShopQuery,
  now = new Date(),
): Promise<{ items: ShopProduct[]; hasMore: boolean; offset: number }> {
  const offset = Math.min(Math.max(0, query.offset ?? 0), maxOffset);
  const q = query.q?.trim().toLowerCase() ?? "";
  const where = and(
    active(site.id),
    query.category ? eq(product.category, query.category) : undefined,
  );
  if (q) {
    const page = await searchProductIds(db, where, q, { offset, limit: query.limit });
    const rows =
      page.ids.length > 0
        ? await db
            .select(productColumns)
            .from(product)
            .where(and(where, productIdIn(page.ids)))
        : [];
    const items = await withAvailability(db, site, inOrderOf(page.ids, rows), now);
    return { items, hasMore: page.hasMore, offset };
  }
  const rows = await db
    .select(productColumns)
    .from(product)
    .where(where)
    .orderBy(asc(sql`lower(${product.name})`), asc(product.id))
    .limit(query.limit + 1)
    .offset(offset);
  const items = await withAvailability(db, site, rows.slice(0, query.limit), now);
  return { items, hasMore: rows.length > query.limit, offset };
}

/** The categories of a live site's active products, for the shop's filter. */
export async function shopCategories(db: Database, site: ShopSite): Promise<string[]> {
  const rows = await db
    .selectDistinct({ category: product.category })
    .from(product)
    .where(and(active(site.id), isNotNull(product.category)))
    .orderBy(asc(product.category))
    .limit(100);
  return rows.flatMap((r) => (r.category ? [r.category] : []));
}

/** One active product of a live site; archived, unknown or another practice's: NOT_FOUND. */
export async function findShopProduct(
  db: Database,
  site: ShopSite,
  productId: string,
  now = new Date(),
): Promise<ShopProduct> {
  const rows = await db
    .select(productColumns)
    .from(product)
    .where(and(active(site.id), eq(product.id, productId)))
    .limit(1);
  const [found] = await withAvailability(db, site, rows, now);
  if (!found) throw notFound("Product not found");
  return found;
}

/** A few products for the site's home page (in stock first), or none when it sells nothing. */
export async function featuredShopProducts(
  db: Database,
  site: ShopSite,
  limit: number,
  now = new Date(),
): Promise<ShopProduct[]> {
  const rows = await db
    .select(productColumns)
    .from(product)
    .where(active(site.id))
    .orderBy(desc(sql`${product.onHand} > 0`), asc(sql`lower(${product.name})`), asc(product.id))
    .limit(limit);
  return withAvailability(db, site, rows, now);
}

// ---------------------------------------------------------------------------------------------
// The public procedures

/** `shop.products`: a page of the live site's products and its categories. */
export async function shopProducts(
  db: Database,
  input: ShopProductsInput & { limit: number },
  now = new Date(),
): Promise<Page<ShopProduct> & { categories: string[] }> {
  const site = await liveSite(db, { slug: input.slug }, now);
  const [first] = decodeCursor(input.cursor) ?? [0];
  if (typeof first !== "number" || first > maxOffset) {
    throw new FieldError("BAD_REQUEST", { cursor: ["Invalid cursor"] });
  }
  const [page, categories] = await Promise.all([
    findShopProducts(
      db,
      site,
      { q: input.q, category: input.category, offset: first, limit: input.limit },
      now,
    ),
    shopCategories(db, site),
  ]);
  return {
    items: page.items,
    nextCursor:
      page.hasMore && first + input.limit <= maxOffset ? encodeCursor([first + input.limit]) : null,
    categories,
  };
}

/** `shop.product`: one active product of the live site. */
export async function shopProduct(
  db: Database,
  input: { slug: string; productId: string },
  now = new Date(),
): Promise<ShopProduct> {
  const site = await liveSite(db, { slug: input.slug }, now);
  return findShopProduct(db, site, input.productId, now);
}

export interface QuoteLine {
  productId: string;
  name: string;
  quantity: number;
  /** One unit including tax, minor units. */
  unitPriceMinor: number;
  /** Quantity × price plus the line's tax, exactly as an order of it is charged. */
  lineTotalMinor: number;
  prescriptionOnly: boolean;
  availability: Availability;
  /** Whether the quantity asked for can be sold now (never how many are left). */
  enough: boolean;
}

export interface Quote {
  currency: string;
  lines: QuoteLine[];
  totalMinor: number;
  /** Some line needs a prescription: checkout asks for one. */
  prescriptionNeeded: boolean;
  /** Every line can be sold in the quantity asked for. */
  allAvailable: boolean;
}

/**
 * `shop.quote`: a cart priced now, with what can be sold. A product that is unknown, archived or
 * another practice's is NOT_FOUND on its field (`items.<i>.productId`).
 */
export async function shopQuote(
  db: Database,
  input: ShopQuoteInput,
  now = new Date(),
): Promise<Quote> {
  const site = await liveSite(db, { slug: input.slug }, now);
  const ids = input.items.map((i) => i.productId);
  const rows = await db
    .select(productColumns)
    .from(product)
    .where(and(active(site.id), inArray(product.id, ids)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const missing: FieldErrors = {};
  input.items.forEach((item, i) => {
    if (!byId.has(item.productId)) {
      missing[`items.${i}.productId`] = ["This product is no longer sold here"];
    }
  });
  if (Object.keys(missing).length > 0) throw new FieldError("NOT_FOUND", missing);
  const units = await availableUnits(db, site.id, ids, practiceToday(site.timeZone, now));
  const lines = input.items.map((item): QuoteLine => {
    const row = byId.get(item.productId);
    if (!row) throw notFound("Product not found");
    const free = units.get(row.id) ?? 0;
    const unitPriceMinor = priceWithTax(row.priceMinor, row.taxBps);
    return {
      productId: row.id,
      name: row.name,
      quantity: item.quantity,
      unitPriceMinor,
      // As the order will charge it: tax on the line (quantity × price), not per unit.
      lineTotalMinor: lineMoney(
        { quantity: item.quantity, unitPriceMinor: row.priceMinor, discountMinor: 0 },
        row.taxBps,
      ).totalMinor,
      prescriptionOnly: row.prescriptionOnly,
      availability: availabilityOf(free, row.reorderLevel),
      enough: free >= item.quantity,
    };
  });
  return {
    currency: site.currency,
    lines,
    totalMinor: lines.reduce((sum, l) => sum + l.lineTotalMinor, 0),
    prescriptionNeeded: lines.some((l) => l.prescriptionOnly),
    allAvailable: lines.every((l) => l.enough),
  };
}

/** The shop's product pages for a sitemap: each active product and when it last changed. */
export async function shopSitemapEntries(
  db: Database,
  organizationId: string,
  limit = 5000,
): Promise<{ id: string; updatedAt: Date }[]> {
  return db
    .select({ id: product.id, updatedAt: product.updatedAt })
    .from(product)
    .where(active(organizationId))
    .orderBy(asc(product.id))
    .limit(limit);
}

/** Whether a file is the picture of one of the practice's active products (the site shows it). */
export async function isShopImage(
  db: Database,
  organizationId: string,
  fileId: string,
): Promise<boolean> {
  const [row] = await db
    .select({ id: product.id })
    .from(product)
    .where(and(active(organizationId), eq(product.imageFileId, fileId)))
    .limit(1);
  return row !== undefined;
}
