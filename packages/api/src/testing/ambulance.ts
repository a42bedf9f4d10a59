// The stocked practice's an ambulance request. Filled in by `createStockedPractice` (testing.ts) after the
// earlier parts, so later parts can use their records; the generated isolation, audit and fuzz
// tests aim at the ids returned here.
import type { PharmacyStockingContext, PracticeIds } from "../testing";

export interface AmbulanceIds {}

export async function stockAmbulanceRequests(context: PharmacyStockingContext): Promise<AmbulanceIds> {
  void context;
  return {};
}

/** `"<procedure> <field path>"` → the record it names, where the field name alone cannot tell. */
export const ambulanceRecordOverrides: Record<string, keyof PracticeIds> = {};
/** An id field's name → the record it names, in every procedure. */
export const ambulanceRecordOfIdField: Record<string, keyof PracticeIds> = {};
/** A router's `id` field → the record it names (e.g. `product` → "product"). */
export const ambulanceRecordOfRouterId: Record<string, keyof PracticeIds> = {};
