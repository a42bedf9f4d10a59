// The pharmacy's catalogue: products with their SKU, EAN-13 barcode, price, tax and reorder
// level; fuzzy search over name, generic name, barcode and SKU (the generated `search_text` and
// its trigram index); archive and restore. What is sellable comes from the stock core.
import { schema, type Database } from "@caredesk/db";
import {
  type ProductCreateInput,
  type ProductListInput,
  type ProductUpdateInput,
} from "@caredesk/validators";
import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { auditChange, auditCreate } from "../audit";
import { conflict, FieldError, notFound } from "../errors";
import type { OrgScope } from "../scope";
import { assertFilePurpose } from "./file";
import { afterNameCursor, decodeCursor, encodeCursor, type Page } from "./pagination";
import { inOrderOf, productIdIn, searchProductIds } from "./product-search";
import { availableUnits, practiceToday } from "./stock-ledger";

const { product, stockLot } = schema;

export const productColumns = {
  id: product.id,
  sku: product.sku,
  barcode: product.barcode,
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
  controlled: product.controlled,
  reorderLevel: product.reorderLevel,
  status: product.status,
  onHand: product.onHand,
  version: product.version,
  createdAt: product.createdAt,
  updatedAt: product.updatedAt,
};

type ProductRow = Omit<typeof product.$inferSelect, "organizationId" | "searchText">;

export interface ProductView extends ProductRow {
  /** Units that can be sold now: unexpired lots less what orders hold. */
  available: number;
  /** At or below its reorder level (a product with a reorder level of 0 is never low). */
  low: boolean;
}

/** The one definition of "low stock": a reorder level is set and on-hand is at or below it. */
export const lowStockCondition: SQL = sql`(${product.reorderLevel} > 0 and ${product.onHand} <= ${product.reorderLevel})`;

export const isLowStock = (row: { reorderLevel: number; onHand: number }) =>
  row.reorderLevel > 0 && row.onHand <= row.reorderLevel;

type Reader = Pick<OrgScope, "db" | "org">;

async function withAvailability(ctx: Reader, rows: ProductRow[]): Promise<ProductView[]> {
  const available = await availableUnits(
    ctx.db,
    ctx.org.id,
    rows.map((row) => row.id),
    practiceToday(ctx.org.timeZone),
  );
  return rows.map((row) => ({
    ...row,
    available: available.get(row.id) ?? 0,
    low: isLowStock(row),
  }));
}

const offsetCursor = z.tuple([z.literal("o"), z.number().int().min(0).max(1_000_000)]);

/**
 * The catalogue. With `q`: the staged search of product-search.ts over name, generic name,
 * barcode and SKU (a scanned barcode first, then name prefixes, substrings, and for a typo the
 * most similar), at most `searchCap` matches paged by offset. Without it: by name. Filters:
 * status, low stock, category.
 */
export async function listProducts(
  ctx: Reader,
  input: z.output<typeof ProductListInput>,
): Promise<Page<ProductView>> {
  const q = input.q?.trim().toLowerCase() ?? "";
  const filters = and(
    eq(product.organizationId, ctx.org.id),
    input.status === "all" ? undefined : eq(product.status, input.status),
    input.lowStock ? lowStockCondition : undefined,
    input.category ? eq(product.category, input.category) : undefined,
  );
  if (!q) {
    const rows = await ctx.db
      .select(productColumns)
      .from(product)
      .where(and(filters, afterNameCursor(input.cursor, product.name, product.id)))
      .orderBy(sql`lower(${product.name})`, asc(product.id))
      .limit(input.limit + 1);
    const items = rows.slice(0, input.limit);
    const last = items.at(-1);
    return {
      items: await withAvailability(ctx, items),
      nextCursor:
        rows.length > input.limit && last ? encodeCursor([last.name.toLowerCase(), last.id]) : null,
    };
  }
  const values = decodeCursor(input.cursor);
  const parsed = values ? offsetCursor.safeParse(values) : null;
  if (parsed && !parsed.success) {
    throw new FieldError("BAD_REQUEST", { cursor: ["Invalid cursor"] });
  }
  const offset = parsed?.data[1] ?? 0;
  const page = await searchProductIds(ctx.db, filters, q, { offset, limit: input.limit });
  const rows =
    page.ids.length > 0
      ? await ctx.db
          .select(productColumns)
          .from(product)
          .where(and(filters, productIdIn(page.ids)))
      : [];
  return {
    items: await withAvailability(ctx, inOrderOf(page.ids, rows)),
    nextCursor: page.hasMore ? encodeCursor(["o", offset + input.limit]) : null,
  };
}

async function productRow(db: Database, organizationId: string, id: string) {
  const [row] = await db
    .select(productColumns)
    .from(product)
    .where(and(eq(product.organizationId, organizationId), eq(product.id, id)));
  if (!row) throw notFound("Product not found");
  return row;
}

export const lotColumns = {
  id: stockLot.id,
  productId: stockLot.productId,
  batchNumber: stockLot.batchNumber,
  expiresOn: stockLot.expiresOn,
  quantity: stockLot.quantity,
  reserved: stockLot.reserved,
  unitCostMinor: stockLot.unitCostMinor,
  receiptId: stockLot.receiptId,
  expiredAt: stockLot.expiredAt,
  createdAt: stockLot.createdAt,
};

/** A product with its lots (soonest expiry first) and the units that can be sold now. */
export async function getProduct(ctx: Reader, id: string) {
  const row = await productRow(ctx.db, ctx.org.id, id);
  const [view] = await withAvailability(ctx, [row]);
  const lots = await ctx.db
    .select(lotColumns)
    .from(stockLot)
    .where(and(eq(stockLot.organizationId, ctx.org.id), eq(stockLot.productId, id)))
    .orderBy(asc(stockLot.expiresOn), asc(stockLot.id));
  const today = practiceToday(ctx.org.timeZone);
  return {
    ...(view as ProductView),
    today,
    lots: lots.map((lot) => ({ ...lot, expired: lot.expiresOn <= today })),
  };
}

/** The counter's scanner: the product with exactly this barcode. */
export async function productByBarcode(ctx: Reader, barcode: string): Promise<ProductView> {
  const [row] = await ctx.db
    .select(productColumns)
    .from(product)
    .where(and(eq(product.organizationId, ctx.org.id), eq(product.barcode, barcode)));
  if (!row) throw notFound("No product has this barcode");
  const [view] = await withAvailability(ctx, [row]);
  return view as ProductView;
}

// A SKU or barcode another product has is refused by the unique indexes, which `domainErrorOf`
// answers on the field ("Another product has this SKU"), races included.

type Editor = Pick<OrgScope, "org" | "mutate">;

export function createProduct(ctx: Editor, input: ProductCreateInput) {
  return auditCreate(ctx.mutate, "product", async (tx) => {
    // Another practice's picture is not found before anything else is said about the input.
    await assertFilePurpose(tx, ctx.org.id, input.imageFileId, "product_image", "imageFileId");
    const [created] = await tx
      .insert(product)
      .values({
        organizationId: ctx.org.id,
        sku: input.sku,
        barcode: input.barcode ?? null,
        name: input.name,
        genericName: input.genericName ?? null,
        form: input.form,
        strength: input.strength ?? null,
        category: input.category ?? null,
        description: input.description ?? null,
        imageFileId: input.imageFileId ?? null,
        priceMinor: input.priceMinor,
        taxBps: input.taxBps,
        prescriptionOnly: input.prescriptionOnly,
        controlled: input.controlled,
        reorderLevel: input.reorderLevel,
      })
      .returning(productColumns);
    if (!created) throw new Error("product insert returned nothing");
    return created;
  });
}

export function updateProduct(ctx: Editor, input: ProductUpdateInput) {
  return auditChange(ctx.mutate, "product", async (tx) => {
    const before = await productRow(tx, ctx.org.id, input.id);
    const { id, ...fields } = input;
    const changes = Object.fromEntries(
      Object.entries(fields).filter(([, value]) => value !== undefined),
    ) as Partial<typeof fields>;
    if (Object.keys(changes).length === 0) return { before, after: before };
    await assertFilePurpose(tx, ctx.org.id, changes.imageFileId, "product_image", "imageFileId");
    const [after] = await tx
      .update(product)
      .set({ ...changes, version: sql`${product.version} + 1`, updatedAt: new Date() })
      .where(and(eq(product.organizationId, ctx.org.id), eq(product.id, id)))
      .returning(productColumns);
    if (!after) throw notFound("Product not found");
    return { before, after };
  });
}

/** Archived products leave the shop and the counter; their stock and history stay. */
function setStatus(
  ctx: Editor,
  id: string,
  from: "active" | "archived",
  to: "active" | "archived",
) {
  return auditChange(ctx.mutate, "product", async (tx) => {
    const before = await productRow(tx, ctx.org.id, id);
    const [after] = await tx
      .update(product)
      .set({ status: to, version: sql`${product.version} + 1`, updatedAt: new Date() })
      .where(
        and(eq(product.organizationId, ctx.org.id), eq(product.id, id), eq(product.status, from)),
      )
      .returning(productColumns);
    if (!after) {
      throw conflict(
        to === "archived" ? "This product is already archived" : "This product is not archived",
      );
    }
    return { before, after };
  });
}

export const archiveProduct = (ctx: Editor, id: string) => setStatus(ctx, id, "active", "archived");
export const restoreProduct = (ctx: Editor, id: string) => setStatus(ctx, id, "archived", "active");
