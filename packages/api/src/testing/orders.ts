// The stocked practice's online orders, one at each step of the queue: placed and waiting for
// review (with a prescription-only item and its uploaded prescription), approved, picked (pickup
// and delivery), ready and out for delivery. Filled in by `createStockedPractice` (testing.ts)
// after the catalogue, so the orders reserve its lots; the generated isolation, audit and fuzz
// tests aim at the ids returned here.
import type { Database } from "@caredesk/db";
import type { Caller, PharmacyStockingContext, PracticeIds } from "../testing";
import { callerFor, uniqueIdempotencyKey, uploadFile } from "../testing";
import { dayFromNow } from "./stock";

export interface OrderIds {
  /** Placed, waiting for review: an OTC item and a prescription-only one. */
  order: string;
  /** The portal patient's uploaded prescription (on `order`). */
  prescriptionFile: string;
  /** Approved, waiting to be picked (pickup). */
  approvedOrder: string;
  /** Picked, for pickup. */
  pickedOrder: string;
  /** Picked, for delivery. */
  pickedDeliveryOrder: string;
  /** Ready at the counter. */
  readyOrder: string;
  /** Out for delivery. */
  outForDeliveryOrder: string;
}

/** A delivery address as the checkout sends it. */
export const testAddress = { line1: "12 Corniche Street", city: "Alexandria", postalCode: "21500" };

/** What the portal's checkout sends, with a fresh key. */
export function orderDetails(
  items: { productId: string; quantity: number }[],
  overrides: Record<string, unknown> = {},
) {
  return {
    idempotencyKey: uniqueIdempotencyKey(),
    items,
    fulfilment: "pickup" as "pickup" | "delivery",
    payment: "cash_on_delivery" as "online" | "cash_on_delivery",
    ...overrides,
  };
}

/**
 * Stocks a practice's shop through the stock procedures: an OTC product (two lots, the earlier
 * expiring first in `lots`) and a prescription-only one. Used by tests and audit scenarios.
 */
export async function stockShop(
  staff: Caller,
  units: { otc?: [number, number]; rx?: number } = {},
) {
  const suffix = Math.random().toString(36).slice(2, 8).toUpperCase();
  const otc = await staff.product.create({
    sku: `IBU-${suffix}`,
    name: "Ibuprofen 200 mg tablets",
    strength: "200 mg",
    priceMinor: 350,
    taxBps: 2000,
  });
  const rx = await staff.product.create({
    sku: `ATO-${suffix}`,
    name: "Atorvastatin 20 mg tablets",
    priceMinor: 1200,
    prescriptionOnly: true,
  });
  const [early, late] = units.otc ?? [10, 10];
  const lots = [
    { productId: otc.id, batchNumber: `E-${suffix}`, expiresOn: dayFromNow(90), quantity: early },
    { productId: otc.id, batchNumber: `L-${suffix}`, expiresOn: dayFromNow(400), quantity: late },
    {
      productId: rx.id,
      batchNumber: `R-${suffix}`,
      expiresOn: dayFromNow(300),
      quantity: units.rx ?? 10,
    },
  ].filter((lot) => lot.quantity > 0);
  const receipt = await staff.stock.receive({
    supplier: "Test supplier",
    receivedOn: dayFromNow(0),
    lots: lots.map((lot) => ({ ...lot, unitCostMinor: 100 })),
  });
  const lotOf = (batch: string) => receipt.lots.find((l) => l.batchNumber === batch)?.lotId ?? "";
  return {
    otc: otc.id,
    rx: rx.id,
    earlyLot: lotOf(`E-${suffix}`),
    lateLot: lotOf(`L-${suffix}`),
    rxLot: lotOf(`R-${suffix}`),
  };
}

/** The patient's prescription upload, as the checkout makes it. */
export async function uploadPrescription(
  db: Database,
  patientUser: { token: string },
  organizationId: string,
): Promise<string> {
  return (await uploadFile(db, patientUser, organizationId, "prescription")).id;
}

export async function stockOrders(context: PharmacyStockingContext): Promise<OrderIds> {
  const { db, staff, organizationId, ids } = context;
  const product = ids.product;
  const rxProduct = ids.rxProduct;
  if (!product || !rxProduct) throw new Error("orders need the catalogue stocked first");
  const portal = await callerFor(db, { token: context.portalUser.token, organizationId });
  const prescriptionFile = await uploadPrescription(db, context.portalUser, organizationId);
  const place = async (overrides: Record<string, unknown> = {}) =>
    (await portal.order.placeMine(orderDetails([{ productId: product, quantity: 1 }], overrides)))
      .id;
  const order = (
    await portal.order.placeMine(
      orderDetails(
        [
          { productId: product, quantity: 1 },
          { productId: rxProduct, quantity: 1 },
        ],
        { prescriptionFileId: prescriptionFile },
      ),
    )
  ).id;
  const delivery = { fulfilment: "delivery", deliveryAddress: testAddress };
  const approvedOrder = await place();
  const pickedOrder = await place();
  const pickedDeliveryOrder = await place(delivery);
  const readyOrder = await place();
  const outForDeliveryOrder = await place(delivery);
  for (const id of [
    approvedOrder,
    pickedOrder,
    pickedDeliveryOrder,
    readyOrder,
    outForDeliveryOrder,
  ]) {
    await staff.order.approve({ id });
  }
  for (const id of [pickedOrder, pickedDeliveryOrder, readyOrder, outForDeliveryOrder]) {
    await staff.order.pick({ id });
  }
  await staff.order.ready({ id: readyOrder });
  await staff.order.dispatch({ id: outForDeliveryOrder });
  return {
    order,
    prescriptionFile,
    approvedOrder,
    pickedOrder,
    pickedDeliveryOrder,
    readyOrder,
    outForDeliveryOrder,
  };
}

/** `"<procedure> <field path>"` → the record it names, where the field name alone cannot tell. */
export const ordersRecordOverrides: Record<string, keyof PracticeIds> = {
  // Each step starts from the one before it.
  "order.pick id": "approvedOrder",
  "order.ready id": "pickedOrder",
  "order.dispatch id": "pickedDeliveryOrder",
  "order.collect id": "readyOrder",
  "order.deliver id": "outForDeliveryOrder",
};
/** An id field's name → the record it names, in every procedure. */
export const ordersRecordOfIdField: Record<string, keyof PracticeIds> = {
  prescriptionFileId: "prescriptionFile",
};
/** A router's `id` field → the record it names (e.g. `product` → "product"). */
export const ordersRecordOfRouterId: Record<string, keyof PracticeIds> = {
  order: "order",
};

/**
 * A portal patient's own order (placed, with a prescription-only item and their uploaded
 * prescription): what "B's patient" of the isolation test owns.
 */
export async function stockPatientOrders(
  db: Database,
  patient: { user: { token: string } },
  organizationId: string,
  products: { product: string; rxProduct: string },
): Promise<Pick<OrderIds, "order" | "prescriptionFile">> {
  const portal = await callerFor(db, { token: patient.user.token, organizationId });
  const prescriptionFile = await uploadPrescription(db, patient.user, organizationId);
  const order = await portal.order.placeMine(
    orderDetails(
      [
        { productId: products.product, quantity: 1 },
        { productId: products.rxProduct, quantity: 1 },
      ],
      { prescriptionFileId: prescriptionFile },
    ),
  );
  return { order: order.id, prescriptionFile };
}
