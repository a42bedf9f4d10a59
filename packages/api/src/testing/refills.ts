// The stocked practice's refill requests of the portal patient's signed prescription. Filled in by `createStockedPractice` (testing.ts) after the
// earlier parts, so later parts can use their records; the generated isolation, audit and fuzz
// tests aim at the ids returned here.
import type { PharmacyStockingContext, PracticeIds } from "../testing";

export interface RefillIds {}

export async function stockRefills(context: PharmacyStockingContext): Promise<RefillIds> {
  void context;
  return {};
}

/** `"<procedure> <field path>"` → the record it names, where the field name alone cannot tell. */
export const refillsRecordOverrides: Record<string, keyof PracticeIds> = {};
/** An id field's name → the record it names, in every procedure. */
export const refillsRecordOfIdField: Record<string, keyof PracticeIds> = {};
/** A router's `id` field → the record it names (e.g. `product` → "product"). */
export const refillsRecordOfRouterId: Record<string, keyof PracticeIds> = {};
