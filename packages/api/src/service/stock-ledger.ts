// The stock core: the only code that changes a lot's quantity or its reservations. Units are
// reserved and picked first-expiry-first-out from lots that have not expired; every change of a
// lot's quantity writes its stock movement in the same transaction. PostgreSQL holds the line
// behind it: a lot's quantity never goes below zero and its reservations never exceed it (CHECK
// constraints), and a trigger keeps each product's on-hand equal to the sum of its lots.
//
// Concurrency: placing an order locks its products' rows (FOR NO KEY UPDATE) in id order, then
// their lots, so two customers reaching for the last box queue behind each other and the second
// sees it gone. Other changes of a lot (adjustments, counts, expiry) lock that lot.
import { schema, type Database } from "@caredesk/db";
import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import { conflict, FieldError, notFound } from "../errors";

export { practiceToday } from "./dental";

const { product, stockLot, stockMovement, orderAllocation, orderItem } = schema;

export type StockMovementKind = (typeof schema.stockMovementKind.enumValues)[number];

/** One line of an order to reserve for, at its position in the caller's input (for errors). */
export interface Reservation {
  orderItemId: string;
  productId: string;
  quantity: number;
}

/** Why a line cannot be had: nothing sellable is left, or only fewer units than asked. */
export function shortageMessage(available: number): string {
  return available <= 0 ? "No longer available" : `Only ${available} left`;
}

interface FreeLot {
  id: string;
  free: number;
}

/**
 * A product's unexpired lots with units not yet reserved, soonest expiry first, locked for the
 * rest of the transaction.
 */
async function freeLots(
  tx: Database,
  organizationId: string,
  productId: string,
  today: string,
): Promise<FreeLot[]> {
  const lots = await tx
    .select({ id: stockLot.id, quantity: stockLot.quantity, reserved: stockLot.reserved })
    .from(stockLot)
    .where(
      and(
        eq(stockLot.organizationId, organizationId),
        eq(stockLot.productId, productId),
        gt(stockLot.quantity, 0),
        gt(stockLot.expiresOn, today),
      ),
    )
    .orderBy(asc(stockLot.expiresOn), asc(stockLot.id))
    .for("update");
  return lots
    .map((lot) => ({ id: lot.id, free: lot.quantity - lot.reserved }))
    .filter((lot) => lot.free > 0);
}

/**
 * Holds `quantity` units of one product for an order item, soonest-expiring lot first. Returns
 * how many units were free in all when there are not enough (nothing is held then).
 */
async function allocate(
  tx: Database,
  organizationId: string,
  orderId: string,
  line: Reservation,
  today: string,
): Promise<{ ok: true } | { ok: false; available: number }> {
  const lots = await freeLots(tx, organizationId, line.productId, today);
  const available = lots.reduce((sum, lot) => sum + lot.free, 0);
  if (available < line.quantity) return { ok: false, available };
  let remaining = line.quantity;
  for (const lot of lots) {
    if (remaining === 0) break;
    const take = Math.min(lot.free, remaining);
    await tx
      .update(stockLot)
      .set({ reserved: sql`${stockLot.reserved} + ${take}` })
      .where(and(eq(stockLot.organizationId, organizationId), eq(stockLot.id, lot.id)));
    await tx.insert(orderAllocation).values({
      organizationId,
      orderId,
      orderItemId: line.orderItemId,
      productId: line.productId,
      lotId: lot.id,
      quantity: take,
    });
    remaining -= take;
  }
  return { ok: true };
}

/**
 * Reserves an order's lines first-expiry-first-out in unexpired lots. Products are locked in id
 * order (so concurrent orders never deadlock) before their lots are read. When any line cannot
 * be had, throws CONFLICT with a message per line (`items.<i>.quantity`: "Only 2 left" / "No
 * longer available"); the caller's transaction then rolls back whatever was reserved.
 */
export async function reserveForOrder(
  tx: Database,
  input: { organizationId: string; orderId: string; items: readonly Reservation[]; today: string },
): Promise<void> {
  const { organizationId, orderId, items, today } = input;
  const productIds = [...new Set(items.map((item) => item.productId))].sort();
  if (productIds.length === 0) return;
  const locked = await tx
    .select({ id: product.id })
    .from(product)
    .where(and(eq(product.organizationId, organizationId), inArray(product.id, productIds)))
    .orderBy(asc(product.id))
    // Not FOR UPDATE: the order's lines already hold key-share locks on these rows (their
    // foreign keys), and upgrading those would deadlock two orders for the same product.
    .for("no key update");
  if (locked.length !== productIds.length) throw notFound("Product not found");

  const shortages: Record<string, string[]> = {};
  const order = items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => (a.item.productId < b.item.productId ? -1 : 1));
  for (const { item, index } of order) {
    const result = await allocate(tx, organizationId, orderId, item, today);
    if (!result.ok) shortages[`items.${index}.quantity`] = [shortageMessage(result.available)];
  }
  if (Object.keys(shortages).length > 0) throw new FieldError("CONFLICT", shortages);
}

/** Changes one lot's quantity by `delta` and writes the movement. The lot must be locked. */
async function applyMovement(
  tx: Database,
  move: {
    organizationId: string;
    lotId: string;
    productId: string;
    kind: StockMovementKind;
    quantity: number;
    reason?: string | null;
    orderId?: string | null;
    receiptId?: string | null;
    countId?: string | null;
    userId: string | null;
    /** Units of the lot's reservations this movement consumes (picking). */
    consumesReserved?: number;
  },
): Promise<number> {
  const consumed = move.consumesReserved ?? 0;
  const [changed] = await tx
    .update(stockLot)
    .set({
      quantity: sql`${stockLot.quantity} + ${move.quantity}`,
      ...(consumed > 0 ? { reserved: sql`${stockLot.reserved} - ${consumed}` } : {}),
    })
    .where(and(eq(stockLot.organizationId, move.organizationId), eq(stockLot.id, move.lotId)))
    .returning({ quantity: stockLot.quantity });
  if (!changed) throw notFound("Lot not found");
  await tx.insert(stockMovement).values({
    organizationId: move.organizationId,
    productId: move.productId,
    lotId: move.lotId,
    kind: move.kind,
    quantity: move.quantity,
    reason: move.reason ?? null,
    orderId: move.orderId ?? null,
    receiptId: move.receiptId ?? null,
    countId: move.countId ?? null,
    createdBy: move.userId,
  });
  return changed.quantity;
}

/**
 * One movement of one lot that no order holds: goods received, an adjustment with its reason, a
 * count's correction, an expiry write-off, a return. A decrease may take only what is not
 * reserved for orders ("Only N in this lot can be taken"); the lot must be this practice's.
 */
export async function moveStock(
  tx: Database,
  move: {
    organizationId: string;
    lotId: string;
    kind: StockMovementKind;
    /** Signed: positive in, negative out; never zero. */
    quantity: number;
    reason?: string | null;
    orderId?: string | null;
    receiptId?: string | null;
    countId?: string | null;
    userId: string | null;
  },
): Promise<{ quantity: number; productId: string }> {
  if (!Number.isInteger(move.quantity) || move.quantity === 0) {
    throw new FieldError("BAD_REQUEST", { quantity: ["Enter a whole number other than zero"] });
  }
  const [lot] = await tx
    .select({
      productId: stockLot.productId,
      quantity: stockLot.quantity,
      reserved: stockLot.reserved,
    })
    .from(stockLot)
    .where(and(eq(stockLot.organizationId, move.organizationId), eq(stockLot.id, move.lotId)))
    .for("update");
  if (!lot) throw notFound("Lot not found");
  if (move.quantity < 0 && lot.quantity + move.quantity < lot.reserved) {
    const takeable = lot.quantity - lot.reserved;
    throw new FieldError("CONFLICT", {
      quantity: [
        lot.reserved > 0
          ? `Only ${takeable} in this lot can be taken (${lot.reserved} are held for orders)`
          : `Only ${takeable} in this lot`,
      ],
    });
  }
  const quantity = await applyMovement(tx, { ...move, productId: lot.productId });
  return { quantity, productId: lot.productId };
}

/** An order's allocations in a state, with what picking needs to know, lots locked. */
async function allocationsOf(
  tx: Database,
  organizationId: string,
  orderId: string,
  state: "reserved" | "taken",
) {
  return tx
    .select({
      id: orderAllocation.id,
      orderItemId: orderAllocation.orderItemId,
      productId: orderAllocation.productId,
      lotId: orderAllocation.lotId,
      quantity: orderAllocation.quantity,
      expiresOn: stockLot.expiresOn,
      prescriptionOnly: orderItem.prescriptionOnly,
      name: orderItem.name,
    })
    .from(orderAllocation)
    .innerJoin(
      stockLot,
      and(
        eq(stockLot.organizationId, orderAllocation.organizationId),
        eq(stockLot.id, orderAllocation.lotId),
      ),
    )
    .innerJoin(
      orderItem,
      and(
        eq(orderItem.organizationId, orderAllocation.organizationId),
        eq(orderItem.id, orderAllocation.orderItemId),
      ),
    )
    .where(
      and(
        eq(orderAllocation.organizationId, organizationId),
        eq(orderAllocation.orderId, orderId),
        eq(orderAllocation.state, state),
      ),
    )
    .orderBy(asc(orderAllocation.lotId))
    .for("update", { of: [orderAllocation, stockLot] });
}

async function setAllocationState(
  tx: Database,
  organizationId: string,
  id: string,
  state: "taken" | "released" | "returned",
) {
  await tx
    .update(orderAllocation)
    .set({ state })
    .where(and(eq(orderAllocation.organizationId, organizationId), eq(orderAllocation.id, id)));
}

/**
 * Picks an order: every unit it holds is taken off its lot with a `sell` movement (`dispense`
 * for prescription-only items). A unit held in a lot that has expired since the order was placed
 * is first moved to the next lot by expiry; when none is left, CONFLICT names the item.
 */
export async function takeReserved(
  tx: Database,
  input: { organizationId: string; orderId: string; userId: string | null; today: string },
): Promise<void> {
  const { organizationId, orderId, userId, today } = input;
  let held = await allocationsOf(tx, organizationId, orderId, "reserved");
  const stale = held.filter((allocation) => allocation.expiresOn <= input.today);
  if (stale.length > 0) {
    const shortages: Record<string, string[]> = {};
    for (const allocation of stale) {
      await tx
        .update(stockLot)
        .set({ reserved: sql`${stockLot.reserved} - ${allocation.quantity}` })
        .where(and(eq(stockLot.organizationId, organizationId), eq(stockLot.id, allocation.lotId)));
      await setAllocationState(tx, organizationId, allocation.id, "released");
      const again = await allocate(
        tx,
        organizationId,
        orderId,
        {
          orderItemId: allocation.orderItemId,
          productId: allocation.productId,
          quantity: allocation.quantity,
        },
        today,
      );
      if (!again.ok) {
        shortages.items = [
          ...(shortages.items ?? []),
          `${allocation.name}: the units held have expired and ${shortageMessage(again.available).toLowerCase()}`,
        ];
      }
    }
    if (Object.keys(shortages).length > 0) throw new FieldError("CONFLICT", shortages);
    held = await allocationsOf(tx, organizationId, orderId, "reserved");
  }
  if (held.length === 0) throw conflict("This order holds no stock to pick");
  for (const allocation of held) {
    await applyMovement(tx, {
      organizationId,
      lotId: allocation.lotId,
      productId: allocation.productId,
      kind: allocation.prescriptionOnly ? "dispense" : "sell",
      quantity: -allocation.quantity,
      consumesReserved: allocation.quantity,
      orderId,
      userId,
    });
    await setAllocationState(tx, organizationId, allocation.id, "taken");
  }
}

/**
 * Cancels an order's hold on stock: units still reserved are released; units already picked are
 * put back on their lots with a `return` movement.
 */
export async function releaseOrder(
  tx: Database,
  input: { organizationId: string; orderId: string; userId: string | null },
): Promise<void> {
  const { organizationId, orderId, userId } = input;
  for (const allocation of await allocationsOf(tx, organizationId, orderId, "reserved")) {
    await tx
      .update(stockLot)
      .set({ reserved: sql`${stockLot.reserved} - ${allocation.quantity}` })
      .where(and(eq(stockLot.organizationId, organizationId), eq(stockLot.id, allocation.lotId)));
    await setAllocationState(tx, organizationId, allocation.id, "released");
  }
  for (const allocation of await allocationsOf(tx, organizationId, orderId, "taken")) {
    await applyMovement(tx, {
      organizationId,
      lotId: allocation.lotId,
      productId: allocation.productId,
      kind: "return",
      quantity: allocation.quantity,
      reason: "Order cancelled",
      orderId,
      userId,
    });
    await setAllocationState(tx, organizationId, allocation.id, "returned");
  }
}

/**
 * Units that can be sold now, per product: what unexpired lots hold less what orders reserved.
 * Products without such lots answer 0.
 */
export async function availableUnits(
  db: Database,
  organizationId: string,
  productIds: readonly string[],
  today: string,
): Promise<Map<string, number>> {
  const out = new Map<string, number>(productIds.map((id) => [id, 0]));
  if (productIds.length === 0) return out;
  const rows = await db
    .select({
      productId: stockLot.productId,
      free: sql<string>`sum(${stockLot.quantity} - ${stockLot.reserved})`,
    })
    .from(stockLot)
    .where(
      and(
        eq(stockLot.organizationId, organizationId),
        inArray(stockLot.productId, [...productIds]),
        gt(stockLot.quantity, 0),
        gt(stockLot.expiresOn, today),
      ),
    )
    .groupBy(stockLot.productId);
  for (const row of rows) out.set(row.productId, Number(row.free));
  return out;
}
