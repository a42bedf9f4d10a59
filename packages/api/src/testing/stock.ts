// The stocked practice's the catalogue and stock: products (one prescription-only), lots, a goods receipt, a stock count. Filled in by `createStockedPractice` (testing.ts) after the
// earlier parts, so later parts can use their records; the generated isolation, audit and fuzz
// tests aim at the ids returned here.
import type { PharmacyStockingContext, PracticeIds } from "../testing";

export interface StockIds {}

export async function stockCatalogue(context: PharmacyStockingContext): Promise<StockIds> {
  void context;
  return {};
}

/** `"<procedure> <field path>"` → the record it names, where the field name alone cannot tell. */
export const stockRecordOverrides: Record<string, keyof PracticeIds> = {};
/** An id field's name → the record it names, in every procedure. */
export const stockRecordOfIdField: Record<string, keyof PracticeIds> = {};
/** A router's `id` field → the record it names (e.g. `product` → "product"). */
export const stockRecordOfRouterId: Record<string, keyof PracticeIds> = {};
