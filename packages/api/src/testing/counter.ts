// The stocked practice's a counter sale. Filled in by `createStockedPractice` (testing.ts) after the
// earlier parts, so later parts can use their records; the generated isolation, audit and fuzz
// tests aim at the ids returned here.
import type { PharmacyStockingContext, PracticeIds } from "../testing";

export interface CounterIds {}

export async function stockCounterSales(context: PharmacyStockingContext): Promise<CounterIds> {
  void context;
  return {};
}

/** `"<procedure> <field path>"` → the record it names, where the field name alone cannot tell. */
export const counterRecordOverrides: Record<string, keyof PracticeIds> = {};
/** An id field's name → the record it names, in every procedure. */
export const counterRecordOfIdField: Record<string, keyof PracticeIds> = {};
/** A router's `id` field → the record it names (e.g. `product` → "product"). */
export const counterRecordOfRouterId: Record<string, keyof PracticeIds> = {};
