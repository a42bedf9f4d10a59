// The stocked practice's a counter sale. Filled in by `createStockedPractice` (testing.ts) after the
// earlier parts, so later parts can use their records; the generated isolation, audit and fuzz
// tests aim at the ids returned here.
import { schema } from "@caredesk/db";
import { randomUUID } from "node:crypto";
import type { PharmacyStockingContext, PracticeIds } from "../testing";
import { moveStock } from "../service/stock-ledger";

export interface CounterIds {
  /** A cash sale of the practice's own counter product, made today. */
  counterSale: string;
  /** The product that sale sold (50 in stock before it). */
  counterProduct: string;
}

export async function stockCounterSales(context: PharmacyStockingContext): Promise<CounterIds> {
  const { db, organizationId } = context;
  const [item] = await db
    .insert(schema.product)
    .values({
      organizationId,
      sku: `COUNTER-${randomUUID().slice(0, 8)}`,
      name: "Counter plasters",
      form: "device",
      priceMinor: 350,
      taxBps: 2000,
    })
    .returning({ id: schema.product.id });
  if (!item) throw new Error("counter product not stocked");
  const [lot] = await db
    .insert(schema.stockLot)
    .values({
      organizationId,
      productId: item.id,
      batchNumber: "COUNTER-1",
      expiresOn: `${new Date().getUTCFullYear() + 2}-01-31`,
    })
    .returning({ id: schema.stockLot.id });
  if (!lot) throw new Error("counter lot not stocked");
  await db.transaction((tx) =>
    moveStock(tx, { organizationId, lotId: lot.id, kind: "receive", quantity: 50, userId: null }),
  );
  const sale = await context.staff.counter.sell({
    items: [{ productId: item.id, quantity: 2, discountMinor: 0 }],
    method: "cash",
    tenderedMinor: 1000,
    idempotencyKey: `counter-${randomUUID()}`,
  });
  return { counterSale: sale.id, counterProduct: item.id };
}

/** `"<procedure> <field path>"` → the record it names, where the field name alone cannot tell. */
export const counterRecordOverrides: Record<string, keyof PracticeIds> = {
  "counter.sell items.productId": "counterProduct",
};
/** An id field's name → the record it names, in every procedure. */
export const counterRecordOfIdField: Record<string, keyof PracticeIds> = {};
/** A router's `id` field → the record it names (e.g. `product` → "product"). */
export const counterRecordOfRouterId: Record<string, keyof PracticeIds> = {
  counter: "counterSale",
};
