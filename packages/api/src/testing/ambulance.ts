// The stocked practice's ambulance requests, one at each open step of the dispatch board. Filled
// in by `createStockedPractice` (testing.ts) after the earlier parts, so later parts can use
// their records; the generated isolation, audit and fuzz tests aim at the ids returned here.
import type { PharmacyStockingContext, PracticeIds } from "../testing";
import { callerFor, uniqueIdempotencyKey } from "../testing";

export interface AmbulanceIds {
  /** Asked for from the portal, not dispatched yet. */
  ambulanceRequest: string;
  /** With a vehicle and crew, not on its way yet. */
  dispatchedAmbulanceRequest: string;
  /** On its way. */
  enRouteAmbulanceRequest: string;
  /** At the pickup, not completed yet. */
  arrivedAmbulanceRequest: string;
}

/** A request as the portal's form sends it. */
export function ambulanceRequestDetails(overrides: Record<string, unknown> = {}) {
  return {
    requesterName: "Salma Fouad",
    phone: "+201001234567",
    pickupAddress: "12 Corniche Street, Alexandria",
    condition: "Fell on the stairs, cannot stand",
    idempotencyKey: uniqueIdempotencyKey(),
    ...overrides,
  };
}

export async function stockAmbulanceRequests(
  context: PharmacyStockingContext,
): Promise<AmbulanceIds> {
  const portal = await callerFor(context.db, {
    token: context.portalUser.token,
    organizationId: context.organizationId,
  });
  const ask = async () => (await portal.ambulance.requestMine(ambulanceRequestDetails())).id;
  const [fresh, dispatched, enRoute, arrived] = [
    await ask(),
    await ask(),
    await ask(),
    await ask(),
  ];
  for (const id of [dispatched, enRoute, arrived]) {
    await context.staff.ambulance.dispatch({ id, vehicle: "AMB-7", crew: "Hany, Mona" });
  }
  for (const id of [enRoute, arrived]) await context.staff.ambulance.enRoute({ id });
  await context.staff.ambulance.arrived({ id: arrived });
  return {
    ambulanceRequest: fresh,
    dispatchedAmbulanceRequest: dispatched,
    enRouteAmbulanceRequest: enRoute,
    arrivedAmbulanceRequest: arrived,
  };
}

/** `"<procedure> <field path>"` → the record it names, where the field name alone cannot tell. */
export const ambulanceRecordOverrides: Record<string, keyof PracticeIds> = {
  // Each step starts from the one before it.
  "ambulance.enRoute id": "dispatchedAmbulanceRequest",
  "ambulance.arrived id": "enRouteAmbulanceRequest",
  "ambulance.complete id": "arrivedAmbulanceRequest",
};
/** An id field's name → the record it names, in every procedure. */
export const ambulanceRecordOfIdField: Record<string, keyof PracticeIds> = {};
/** A router's `id` field → the record it names (e.g. `product` → "product"). */
export const ambulanceRecordOfRouterId: Record<string, keyof PracticeIds> = {
  ambulance: "ambulanceRequest",
};
