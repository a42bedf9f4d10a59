// The stocked practice's online orders: one placed and waiting for review, one picked. Filled in by `createStockedPractice` (testing.ts) after the
// earlier parts, so later parts can use their records; the generated isolation, audit and fuzz
// tests aim at the ids returned here.
import type { PharmacyStockingContext, PracticeIds } from "../testing";

export interface OrderIds {}

export async function stockOrders(context: PharmacyStockingContext): Promise<OrderIds> {
  void context;
  return {};
}

/** `"<procedure> <field path>"` → the record it names, where the field name alone cannot tell. */
export const ordersRecordOverrides: Record<string, keyof PracticeIds> = {};
/** An id field's name → the record it names, in every procedure. */
export const ordersRecordOfIdField: Record<string, keyof PracticeIds> = {};
/** A router's `id` field → the record it names (e.g. `product` → "product"). */
export const ordersRecordOfRouterId: Record<string, keyof PracticeIds> = {};
