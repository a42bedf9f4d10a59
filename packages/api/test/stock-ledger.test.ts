// The stock core: units are reserved and picked first-expiry-first-out from unexpired lots, every
// change of a lot is a movement, cancelling gives stock back, and PostgreSQL itself refuses a lot
// below zero or reservations above what it holds — so concurrent orders for the last units sell
// exactly what there is.
import { constraints, findPgError, PG, schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import { createPractice } from "@caredesk/api/testing";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DomainError } from "../src/errors";
import {
  availableUnits,
  moveStock,
  releaseOrder,
  reserveForOrder,
  takeReserved,
} from "../src/service/stock-ledger";

let database: TestDatabase;
let db: Database;
let organizationId: string;
let nextNumber = 1;

const today = "2026-06-01";

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  organizationId = (await createPractice(db)).organization.id;
});
afterAll(() => database.drop());

async function newProduct(name: string, prescriptionOnly = false) {
  const [row] = await db
    .insert(schema.product)
    .values({
      organizationId,
      sku: `SKU-${crypto.randomUUID().slice(0, 8)}`,
      name,
      priceMinor: 450,
      prescriptionOnly,
    })
    .returning();
  if (!row) throw new Error("no product");
  return row;
}

async function newLot(productId: string, batchNumber: string, expiresOn: string, quantity: number) {
  const [row] = await db
    .insert(schema.stockLot)
    .values({ organizationId, productId, batchNumber, expiresOn, quantity })
    .returning();
  if (!row) throw new Error("no lot");
  return row;
}

/** An order of `quantity` units of one product (its row and its line; nothing reserved yet). */
async function newOrder(
  tx: Database,
  productId: string,
  quantity: number,
  prescriptionOnly = false,
) {
  const [order] = await tx
    .insert(schema.pharmacyOrder)
    .values({
      organizationId,
      number: nextNumber++,
      channel: "online",
      status: "placed",
      paymentChoice: "cash_on_delivery",
      customerName: "Salma Fathy",
      currency: "GBP",
      subtotalMinor: 450 * quantity,
      totalMinor: 450 * quantity,
    })
    .returning();
  if (!order) throw new Error("no order");
  const [item] = await tx
    .insert(schema.orderItem)
    .values({
      organizationId,
      orderId: order.id,
      productId,
      name: "Paracetamol",
      prescriptionOnly,
      quantity,
      unitPriceMinor: 450,
      totalMinor: 450 * quantity,
    })
    .returning();
  if (!item) throw new Error("no item");
  return { orderId: order.id, items: [{ orderItemId: item.id, productId, quantity }] };
}

/** What the service refused with: its code and field messages. */
function refusal(cause: unknown) {
  if (!(cause instanceof DomainError)) throw cause;
  return { code: cause.code, fieldErrors: cause.fieldErrors };
}

async function lot(id: string) {
  const [row] = await db.select().from(schema.stockLot).where(eq(schema.stockLot.id, id));
  return row;
}

async function onHand(productId: string) {
  const [row] = await db
    .select({ onHand: schema.product.onHand })
    .from(schema.product)
    .where(eq(schema.product.id, productId));
  return row?.onHand;
}

describe("first expiry, first out", () => {
  it("reserves from the soonest-expiring unexpired lot, spilling into the next", async () => {
    const paracetamol = await newProduct("Paracetamol 500 mg tablets");
    const expired = await newLot(paracetamol.id, "EXP-1", "2026-05-31", 50);
    const late = await newLot(paracetamol.id, "LATE-1", "2027-09-30", 20);
    const soon = await newLot(paracetamol.id, "SOON-1", "2026-07-15", 3);

    const order = await db.transaction(async (tx) => {
      const made = await newOrder(tx, paracetamol.id, 5);
      await reserveForOrder(tx, { organizationId, ...made, today });
      return made;
    });
    expect((await lot(soon.id))?.reserved).toBe(3);
    expect((await lot(late.id))?.reserved).toBe(2);
    expect((await lot(expired.id))?.reserved).toBe(0);
    // Reserved units are still on the shelf; only unexpired, unreserved ones can be sold.
    expect(await onHand(paracetamol.id)).toBe(73);
    expect(
      (await availableUnits(db, organizationId, [paracetamol.id], today)).get(paracetamol.id),
    ).toBe(18);

    await db.transaction((tx) =>
      takeReserved(tx, { organizationId, orderId: order.orderId, userId: null, today }),
    );
    expect(await lot(soon.id)).toMatchObject({ quantity: 0, reserved: 0 });
    expect(await lot(late.id)).toMatchObject({ quantity: 18, reserved: 0 });
    expect(await onHand(paracetamol.id)).toBe(68);
    const movements = await db
      .select({ kind: schema.stockMovement.kind, quantity: schema.stockMovement.quantity })
      .from(schema.stockMovement)
      .where(eq(schema.stockMovement.orderId, order.orderId));
    expect(movements.sort((a, b) => a.quantity - b.quantity)).toEqual([
      { kind: "sell", quantity: -3 },
      { kind: "sell", quantity: -2 },
    ]);
  });

  it("names how many are left and writes nothing when a line cannot be had", async () => {
    const ibuprofen = await newProduct("Ibuprofen 200 mg tablets");
    const only = await newLot(ibuprofen.id, "IB-1", "2027-01-31", 2);
    const error = await db
      .transaction(async (tx) => {
        const made = await newOrder(tx, ibuprofen.id, 3);
        await reserveForOrder(tx, { organizationId, ...made, today });
      })
      .then(
        () => null,
        (cause: unknown) => refusal(cause),
      );
    expect(error).toMatchObject({
      code: "CONFLICT",
      fieldErrors: { "items.0.quantity": ["Only 2 left"] },
    });
    expect(await lot(only.id)).toMatchObject({ quantity: 2, reserved: 0 });
  });

  it("moves a hold off a lot that expired before picking, and dispenses prescription items", async () => {
    const amoxicillin = await newProduct("Amoxicillin 500 mg capsules", true);
    const soon = await newLot(amoxicillin.id, "AMX-1", "2026-06-03", 4);
    const later = await newLot(amoxicillin.id, "AMX-2", "2026-12-31", 10);
    const order = await db.transaction(async (tx) => {
      const made = await newOrder(tx, amoxicillin.id, 4, true);
      await reserveForOrder(tx, { organizationId, ...made, today });
      return made;
    });
    expect((await lot(soon.id))?.reserved).toBe(4);
    // Picked three days later: the first lot has expired meanwhile.
    await db.transaction((tx) =>
      takeReserved(tx, {
        organizationId,
        orderId: order.orderId,
        userId: null,
        today: "2026-06-04",
      }),
    );
    expect(await lot(soon.id)).toMatchObject({ quantity: 4, reserved: 0 });
    expect(await lot(later.id)).toMatchObject({ quantity: 6, reserved: 0 });
    const [movement] = await db
      .select()
      .from(schema.stockMovement)
      .where(eq(schema.stockMovement.orderId, order.orderId));
    expect(movement).toMatchObject({ kind: "dispense", quantity: -4, lotId: later.id });
  });
});

describe("cancelling", () => {
  it("releases what was held, and returns what was picked with a movement", async () => {
    const cetirizine = await newProduct("Cetirizine 10 mg tablets");
    const shelf = await newLot(cetirizine.id, "CET-1", "2027-03-31", 10);
    const held = await db.transaction(async (tx) => {
      const made = await newOrder(tx, cetirizine.id, 2);
      await reserveForOrder(tx, { organizationId, ...made, today });
      return made;
    });
    const picked = await db.transaction(async (tx) => {
      const made = await newOrder(tx, cetirizine.id, 3);
      await reserveForOrder(tx, { organizationId, ...made, today });
      await takeReserved(tx, { organizationId, orderId: made.orderId, userId: null, today });
      return made;
    });
    expect(await lot(shelf.id)).toMatchObject({ quantity: 7, reserved: 2 });

    await db.transaction(async (tx) => {
      await releaseOrder(tx, { organizationId, orderId: held.orderId, userId: null });
      await releaseOrder(tx, { organizationId, orderId: picked.orderId, userId: null });
    });
    expect(await lot(shelf.id)).toMatchObject({ quantity: 10, reserved: 0 });
    expect(await onHand(cetirizine.id)).toBe(10);
    const returned = await db
      .select({ kind: schema.stockMovement.kind, quantity: schema.stockMovement.quantity })
      .from(schema.stockMovement)
      .where(
        and(
          eq(schema.stockMovement.orderId, picked.orderId),
          eq(schema.stockMovement.kind, "return"),
        ),
      );
    expect(returned).toEqual([{ kind: "return", quantity: 3 }]);
  });
});

describe("moving one lot", () => {
  it("refuses to take units that orders hold, naming what can be taken", async () => {
    const plasters = await newProduct("Fabric plasters");
    const box = await newLot(plasters.id, "PL-1", "2029-01-31", 5);
    await db.transaction(async (tx) => {
      const made = await newOrder(tx, plasters.id, 3);
      await reserveForOrder(tx, { organizationId, ...made, today });
    });
    const error = await db
      .transaction((tx) =>
        moveStock(tx, {
          organizationId,
          lotId: box.id,
          kind: "adjust",
          quantity: -3,
          reason: "Damaged",
          userId: null,
        }),
      )
      .then(
        () => null,
        (cause: unknown) => refusal(cause),
      );
    expect(error).toMatchObject({
      code: "CONFLICT",
      fieldErrors: { quantity: ["Only 2 in this lot can be taken (3 are held for orders)"] },
    });
    const moved = await db.transaction((tx) =>
      moveStock(tx, {
        organizationId,
        lotId: box.id,
        kind: "adjust",
        quantity: -2,
        reason: "Damaged",
        userId: null,
      }),
    );
    expect(moved.quantity).toBe(3);
    expect(await onHand(plasters.id)).toBe(3);
  });
});

describe("the database's own guarantee", () => {
  it("refuses a negative lot quantity, and reservations above it, even through direct SQL", async () => {
    const thermometer = await newProduct("Digital thermometer");
    const box = await newLot(thermometer.id, "TH-1", "2030-01-31", 1);
    const below = await db
      .execute(sql`update stock_lot set quantity = -1 where id = ${box.id}`)
      .then(
        () => null,
        (cause: unknown) => findPgError(cause),
      );
    expect(below).toMatchObject({ code: PG.checkViolation });
    expect(below?.constraint).toBe(constraints.stockLotQuantity);
    const over = await db.execute(sql`update stock_lot set reserved = 2 where id = ${box.id}`).then(
      () => null,
      (cause: unknown) => findPgError(cause),
    );
    expect(over?.constraint).toBe(constraints.stockLotReserved);
    const rewritten = await db
      .execute(
        sql`update stock_movement set quantity = 100 where organization_id = ${organizationId}`,
      )
      .then(
        () => null,
        (cause: unknown) => findPgError(cause),
      );
    expect(rewritten?.code).toBe(PG.objectNotInPrerequisiteState);
    expect(await lot(box.id)).toMatchObject({ quantity: 1, reserved: 0 });
  });

  it("sells exactly the units there are when twenty orders race for five", async () => {
    const vitamin = await newProduct("Vitamin D 1000 IU");
    await newLot(vitamin.id, "VD-1", "2026-08-31", 2);
    await newLot(vitamin.id, "VD-2", "2027-08-31", 3);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () =>
        db
          .transaction(async (tx) => {
            const made = await newOrder(tx, vitamin.id, 1);
            await reserveForOrder(tx, { organizationId, ...made, today });
          })
          .then(
            () => "placed",
            (cause: unknown) =>
              refusal(cause).fieldErrors?.["items.0.quantity"]?.[0] ?? String(cause),
          ),
      ),
    );
    expect(outcomes.filter((o) => o !== "placed" && o !== "No longer available")).toEqual([]);
    expect(outcomes.filter((o) => o === "placed")).toHaveLength(5);
    expect(outcomes.filter((o) => o === "No longer available")).toHaveLength(15);
    expect((await availableUnits(db, organizationId, [vitamin.id], today)).get(vitamin.id)).toBe(0);
  });
});
