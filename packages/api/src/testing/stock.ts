// The stocked practice's catalogue and stock: an OTC product and a prescription-only one, each
// with two lots of different expiries from one goods receipt, an archived product, a product
// picture, and an open stock count with its lines. Filled in by `createStockedPractice`
// (testing.ts) before the other pharmacy parts, so orders and the counter can use `ids.product`;
// the generated isolation, audit and fuzz tests aim at the ids returned here.
import type { PharmacyStockingContext, PracticeIds } from "../testing";
import { uploadFile } from "../testing";

export interface StockIds {
  /** Paracetamol 500 mg tablets (OTC): lots expiring in ~6 months and ~1 year. */
  product: string;
  /** Amoxicillin 500 mg capsules (prescription-only): two lots too. */
  rxProduct: string;
  archivedProduct: string;
  /** The OTC product's soonest-expiring lot. */
  lot: string;
  /** The OTC product's later lot. */
  laterLot: string;
  rxLot: string;
  stockReceipt: string;
  stockCount: string;
  /** The open count's line of `lot`. */
  stockCountLine: string;
  productImageFile: string;
}

/** A calendar day `days` from now (UTC), YYYY-MM-DD. */
export function dayFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The barcodes of the stocked practice's products (valid EAN-13). */
export const stockedBarcodes = { product: "0012345678905", rxProduct: "5098765432100" } as const;

export async function stockCatalogue(context: PharmacyStockingContext): Promise<StockIds> {
  const { staff, db, owner, organizationId } = context;
  const image = await uploadFile(db, owner, organizationId, "product_image");
  const otc = await staff.product.create({
    sku: "PARA-500-16",
    barcode: stockedBarcodes.product,
    name: "Paracetamol 500 mg tablets",
    genericName: "Paracetamol",
    form: "tablet",
    strength: "500 mg",
    category: "Pain relief",
    imageFileId: image.id,
    priceMinor: 199,
    taxBps: 0,
    reorderLevel: 10,
  });
  const rx = await staff.product.create({
    sku: "AMOX-500-21",
    barcode: stockedBarcodes.rxProduct,
    name: "Amoxicillin 500 mg capsules",
    genericName: "Amoxicillin",
    form: "capsule",
    strength: "500 mg",
    category: "Antibiotics",
    priceMinor: 850,
    prescriptionOnly: true,
    reorderLevel: 5,
  });
  const archived = await staff.product.create({
    sku: "DISC-001",
    name: "Discontinued lozenges",
    priceMinor: 300,
  });
  await staff.product.archive({ id: archived.id });
  const receipt = await staff.stock.receive({
    supplier: "Alliance Healthcare",
    reference: "DN-1001",
    receivedOn: dayFromNow(0),
    lots: [
      {
        productId: otc.id,
        batchNumber: "P-EARLY",
        expiresOn: dayFromNow(180),
        quantity: 40,
        unitCostMinor: 80,
      },
      {
        productId: otc.id,
        batchNumber: "P-LATE",
        expiresOn: dayFromNow(365),
        quantity: 60,
        unitCostMinor: 75,
      },
      {
        productId: rx.id,
        batchNumber: "A-EARLY",
        expiresOn: dayFromNow(200),
        quantity: 20,
        unitCostMinor: 300,
      },
      {
        productId: rx.id,
        batchNumber: "A-LATE",
        expiresOn: dayFromNow(400),
        quantity: 30,
        unitCostMinor: 290,
      },
    ],
  });
  const lotOf = (batch: string) => {
    const lot = receipt.lots.find((l) => l.batchNumber === batch);
    if (!lot) throw new Error(`lot ${batch} not received`);
    return lot.lotId;
  };
  const count = await staff.stock.countOpen({ category: "Pain relief", note: "Shelf A" });
  const opened = await staff.stock.count({ id: count.id });
  const line = opened.lines.find((l) => l.lotId === lotOf("P-EARLY"));
  if (!line) throw new Error("the count has no line of the early lot");
  return {
    product: otc.id,
    rxProduct: rx.id,
    archivedProduct: archived.id,
    lot: lotOf("P-EARLY"),
    laterLot: lotOf("P-LATE"),
    rxLot: lotOf("A-EARLY"),
    stockReceipt: receipt.id,
    stockCount: count.id,
    stockCountLine: line.id,
    productImageFile: image.id,
  };
}

/** `"<procedure> <field path>"` → the record it names, where the field name alone cannot tell. */
export const stockRecordOverrides: Record<string, keyof PracticeIds> = {
  // Only an archived product is restored.
  "product.restore id": "archivedProduct",
};
/** An id field's name → the record it names, in every procedure. */
export const stockRecordOfIdField: Record<string, keyof PracticeIds> = {
  productId: "product",
  lotId: "lot",
  countId: "stockCount",
  lineId: "stockCountLine",
  receiptId: "stockReceipt",
  imageFileId: "productImageFile",
};
/** A router's `id` field → the record it names (e.g. `product` → "product"). */
export const stockRecordOfRouterId: Record<string, keyof PracticeIds> = {
  product: "product",
  // The stock router's own ids are its counts'.
  stock: "stockCount",
};
