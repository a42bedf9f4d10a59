// The pharmacy's stock: goods received become lots (a known batch only with its own expiry),
// adjustments never take a lot below zero, counts post their variances once, and the daily job
// writes off what expired and announces low stock and expiring lots once each.
import { schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import { addMember, callerFor, createPractice, failureOf } from "@caredesk/api/testing";
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { alertStock, expireLots } from "../src/service/stock";
import { reserveForOrder, takeReserved } from "../src/service/stock-ledger";
import { dayFromNow } from "../src/testing/stock";

let database: TestDatabase;
let db: Database;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
});
afterAll(() => database.drop());

let sku = 0;

async function pharmacy() {
  const practice = await createPractice(db);
  const organizationId = practice.organization.id;
  const owner = await callerFor(db, { token: practice.owner.token, organizationId });
  const newProduct = (reorderLevel = 0, name = "Paracetamol 500 mg tablets") =>
    owner.product.create({ sku: `SKU-${++sku}`, name, priceMinor: 199, reorderLevel });
  /** Receives one lot of a product; answers the lot's id. */
  const receive = async (
    productId: string,
    batchNumber: string,
    expiresOn: string,
    quantity: number,
  ) => {
    const receipt = await owner.stock.receive({
      supplier: "Alliance Healthcare",
      receivedOn: dayFromNow(0),
      lots: [{ productId, batchNumber, expiresOn, quantity, unitCostMinor: 100 }],
    });
    return receipt.lots[0]?.lotId ?? "";
  };
  return { ...practice, ownerUser: practice.owner, organizationId, owner, newProduct, receive };
}

async function lotOf(lotId: string) {
  const [row] = await db.select().from(schema.stockLot).where(eq(schema.stockLot.id, lotId));
  return row;
}

async function onHand(productId: string) {
  const [row] = await db
    .select({ onHand: schema.product.onHand })
    .from(schema.product)
    .where(eq(schema.product.id, productId));
  return row?.onHand;
}

async function movementsOf(lotId: string) {
  return db
    .select({ kind: schema.stockMovement.kind, quantity: schema.stockMovement.quantity })
    .from(schema.stockMovement)
    .where(eq(schema.stockMovement.lotId, lotId))
    .orderBy(schema.stockMovement.createdAt);
}

describe("receiving goods", () => {
  it("adds lots from a delivery, each with a receive movement, and keeps on-hand", async () => {
    const p = await pharmacy();
    const product = await p.newProduct();

    const receipt = await p.owner.stock.receive({
      supplier: "Alliance Healthcare",
      reference: "DN-1",
      receivedOn: dayFromNow(0),
      lots: [
        { productId: product.id, batchNumber: "A1", expiresOn: dayFromNow(100), quantity: 10 },
        { productId: product.id, batchNumber: "A2", expiresOn: dayFromNow(300), quantity: 5 },
      ],
    });

    expect(receipt.lots).toHaveLength(2);
    expect(await onHand(product.id)).toBe(15);
    expect(await movementsOf(receipt.lots[0]?.lotId ?? "")).toEqual([
      { kind: "receive", quantity: 10 },
    ]);
    const shown = await p.owner.product.byId({ id: product.id });
    expect(shown.available).toBe(15);
    expect(shown.lots.map((l) => l.batchNumber)).toEqual(["A1", "A2"]);
  });

  it("adds to a known batch only when its expiry matches", async () => {
    const p = await pharmacy();
    const product = await p.newProduct();
    const lotId = await p.receive(product.id, "B1", dayFromNow(100), 10);

    await p.receive(product.id, "B1", dayFromNow(100), 4);
    const failure = await failureOf(p.receive(product.id, "B1", dayFromNow(120), 4));

    expect((await lotOf(lotId))?.quantity).toBe(14);
    expect(failure.code).toBe("BAD_REQUEST");
    expect(failure.fieldErrors).toEqual({
      "lots.0.expiresOn": [`Batch B1 of this product expires on ${dayFromNow(100)}`],
    });
    expect(await onHand(product.id)).toBe(14);
  });

  it("refuses stock whose expiry date has passed, writing nothing", async () => {
    const p = await pharmacy();
    const product = await p.newProduct();

    const failure = await failureOf(p.receive(product.id, "OLD", dayFromNow(-3), 10));

    expect(failure.code).toBe("BAD_REQUEST");
    expect(failure.fieldErrors).toMatchObject({
      "lots.0.expiresOn": ["This expiry date has passed"],
    });
    const [receipts] = await db
      .select({ n: count() })
      .from(schema.stockReceipt)
      .where(eq(schema.stockReceipt.organizationId, p.organizationId));
    expect(receipts?.n).toBe(0);
  });

  it("refuses a quantity of zero", async () => {
    const p = await pharmacy();
    const product = await p.newProduct();

    const failure = await failureOf(p.receive(product.id, "Z", dayFromNow(100), 0));

    expect(failure.code).toBe("BAD_REQUEST");
    expect(Object.keys(failure.fieldErrors ?? {})).toContain("lots.0.quantity");
  });

  it("does not find another practice's product", async () => {
    const p = await pharmacy();
    const other = await pharmacy();
    const theirs = await other.newProduct();

    const failure = await failureOf(p.receive(theirs.id, "X", dayFromNow(100), 3));

    expect(failure.code).toBe("NOT_FOUND");
    expect(await onHand(theirs.id)).toBe(0);
  });
});

describe("adjusting a lot", () => {
  it("moves the lot by the signed quantity with its reason", async () => {
    const p = await pharmacy();
    const product = await p.newProduct();
    const lotId = await p.receive(product.id, "C1", dayFromNow(100), 10);

    await p.owner.stock.adjust({ lotId, quantity: -3, reason: "Damaged in transit" });

    expect((await lotOf(lotId))?.quantity).toBe(7);
    expect(await onHand(product.id)).toBe(7);
    const history = await p.owner.stock.movements({ productId: product.id, kind: "adjust" });
    expect(history.items).toMatchObject([{ quantity: -3, reason: "Damaged in transit" }]);
  });

  it("says how many there are instead of going below zero", async () => {
    const p = await pharmacy();
    const product = await p.newProduct();
    const lotId = await p.receive(product.id, "C2", dayFromNow(100), 4);

    const failure = await failureOf(
      p.owner.stock.adjust({ lotId, quantity: -5, reason: "Broken" }),
    );

    expect(failure.code).toBe("CONFLICT");
    expect(failure.fieldErrors).toEqual({ quantity: ["Only 4 in this lot"] });
    expect((await lotOf(lotId))?.quantity).toBe(4);
    expect(await movementsOf(lotId)).toHaveLength(1);
  });

  it("needs a reason and a quantity other than zero", async () => {
    const p = await pharmacy();
    const product = await p.newProduct();
    const lotId = await p.receive(product.id, "C3", dayFromNow(100), 4);

    const failure = await failureOf(p.owner.stock.adjust({ lotId, quantity: 0, reason: "" }));

    expect(failure.code).toBe("BAD_REQUEST");
    expect(Object.keys(failure.fieldErrors ?? {}).sort()).toEqual(["quantity", "reason"]);
  });

  it("does not find another practice's lot, and filters by it only at home", async () => {
    const p = await pharmacy();
    const other = await pharmacy();
    const theirs = await other.newProduct();
    const lotId = await other.receive(theirs.id, "T1", dayFromNow(100), 4);

    const adjust = await failureOf(p.owner.stock.adjust({ lotId, quantity: -1, reason: "Probe" }));
    const list = await failureOf(p.owner.stock.movements({ productId: theirs.id }));

    expect(adjust.code).toBe("NOT_FOUND");
    expect(list.code).toBe("NOT_FOUND");
    expect((await lotOf(lotId))?.quantity).toBe(4);
  });
});

describe("stock counts", () => {
  it("posts each variance as a count movement, once", async () => {
    const p = await pharmacy();
    const product = await p.newProduct();
    const short = await p.receive(product.id, "D1", dayFromNow(100), 10);
    const over = await p.receive(product.id, "D2", dayFromNow(200), 5);
    const opened = await p.owner.stock.countOpen({ note: "Month end" });
    const lines = (await p.owner.stock.count({ id: opened.id })).lines;
    const lineOf = (lotId: string) => lines.find((l) => l.lotId === lotId)?.id ?? "";

    await p.owner.stock.countSet({ lineId: lineOf(short), counted: 8 });
    await p.owner.stock.countSet({ lineId: lineOf(over), counted: 6 });
    const posted = await p.owner.stock.countPost({ id: opened.id });
    const again = await failureOf(p.owner.stock.countPost({ id: opened.id }));
    const late = await failureOf(p.owner.stock.countSet({ lineId: lineOf(short), counted: 1 }));

    expect(posted.status).toBe("posted");
    expect((await lotOf(short))?.quantity).toBe(8);
    expect((await lotOf(over))?.quantity).toBe(6);
    expect(await onHand(product.id)).toBe(14);
    expect(await movementsOf(short)).toEqual([
      { kind: "receive", quantity: 10 },
      { kind: "count", quantity: -2 },
    ]);
    expect(again.code).toBe("CONFLICT");
    expect(late.code).toBe("CONFLICT");
    const shown = await p.owner.stock.count({ id: opened.id });
    expect(shown.lines.map((l) => l.variance).sort()).toEqual([-2, 1]);
  });

  it("changes nothing when cancelled", async () => {
    const p = await pharmacy();
    const product = await p.newProduct();
    const lotId = await p.receive(product.id, "E1", dayFromNow(100), 10);
    const opened = await p.owner.stock.countOpen({});
    const [line] = (await p.owner.stock.count({ id: opened.id })).lines;
    await p.owner.stock.countSet({ lineId: line?.id ?? "", counted: 2 });

    await p.owner.stock.countCancel({ id: opened.id });
    const post = await failureOf(p.owner.stock.countPost({ id: opened.id }));

    expect(post.code).toBe("CONFLICT");
    expect((await lotOf(lotId))?.quantity).toBe(10);
    expect((await p.owner.stock.counts({ status: "cancelled" })).items.map((c) => c.id)).toEqual([
      opened.id,
    ]);
  });

  it("counts one category only when asked", async () => {
    const p = await pharmacy();
    const pain = await p.owner.product.create({
      sku: `SKU-${++sku}`,
      name: "Ibuprofen",
      priceMinor: 1,
      category: "Pain relief",
    });
    const other = await p.newProduct();
    await p.receive(pain.id, "F1", dayFromNow(100), 3);
    await p.receive(other.id, "F2", dayFromNow(100), 3);

    const opened = await p.owner.stock.countOpen({ category: "Pain relief" });

    expect((await p.owner.stock.count({ id: opened.id })).lines.map((l) => l.productId)).toEqual([
      pain.id,
    ]);
  });
});

describe("the daily stock job", () => {
  it("writes off an expired lot's free units once, keeping what orders hold", async () => {
    const p = await pharmacy();
    const product = await p.newProduct();
    const lotId = await p.receive(product.id, "G1", dayFromNow(2), 10);
    await db.update(schema.stockLot).set({ reserved: 3 }).where(eq(schema.stockLot.id, lotId));
    const later = new Date(Date.now() + 3 * 86_400_000);

    const first = await expireLots(db, later);
    const second = await expireLots(db, later);

    expect(first).toBeGreaterThanOrEqual(1);
    expect(second).toBe(0);
    const lot = await lotOf(lotId);
    expect(lot).toMatchObject({ quantity: 3, reserved: 3 });
    expect(lot?.expiredAt).not.toBeNull();
    expect(await movementsOf(lotId)).toEqual([
      { kind: "receive", quantity: 10 },
      { kind: "expire", quantity: -7 },
    ]);
    expect(await onHand(product.id)).toBe(3);
  });

  it("leaves lots that have not expired", async () => {
    const p = await pharmacy();
    const product = await p.newProduct();
    const lotId = await p.receive(product.id, "H1", dayFromNow(5), 10);

    await expireLots(db);

    expect((await lotOf(lotId))?.quantity).toBe(10);
  });

  it("tells owners and pharmacists about low stock and lots expiring soon, once", async () => {
    const p = await pharmacy();
    const pharmacist = await addMember(db, p.organizationId, p.ownerUser, "pharmacist");
    const low = await p.newProduct(10, "Cetirizine 10 mg tablets");
    await p.receive(low.id, "L1", dayFromNow(365), 4);
    const expiring = await p.newProduct(0, "Oral rehydration salts");
    const soon = await p.receive(expiring.id, "S1", dayFromNow(20), 30);

    await alertStock(db);
    await alertStock(db);

    const messages = await db
      .select({
        userId: schema.notification.userId,
        subject: schema.notification.subject,
        channel: schema.notification.channel,
      })
      .from(schema.notification)
      .where(
        and(
          eq(schema.notification.organizationId, p.organizationId),
          eq(schema.notification.kind, "stock_alert"),
        ),
      );
    const forPharmacist = messages.filter((m) => m.userId === pharmacist.id).map((m) => m.subject);
    expect(forPharmacist.sort()).toEqual([
      "Expires within 30 days: Oral rehydration salts",
      "Low stock: Cetirizine 10 mg tablets",
    ]);
    expect(messages.filter((m) => m.userId === p.ownerUser.id)).toHaveLength(2);
    expect(messages.filter((m) => m.userId === p.doctor.id)).toHaveLength(0);
    expect(messages.every((m) => m.channel === "in_app")).toBe(true);
    expect(soon).not.toBe("");
  });
});

describe("the pharmacy's reports", () => {
  it("values the shelf at cost and lists low stock and lots expiring within 30 days", async () => {
    const p = await pharmacy();
    const low = await p.newProduct(10, "Vitamin D 1000 IU");
    await p.receive(low.id, "V1", dayFromNow(20), 4);
    const plenty = await p.newProduct(2);
    await p.receive(plenty.id, "P1", dayFromNow(300), 50);

    const summary = await p.owner.pharmacyReport.summary();

    expect(summary.stockValueMinor).toBe(54 * 100);
    expect(summary.belowReorder.map((r) => r.id)).toEqual([low.id]);
    expect(summary.expiringCounts).toEqual({ 30: 1, 60: 1, 90: 1 });
    expect(summary.expiring[0]).toMatchObject({ productId: low.id, horizon: 30 });
  });

  it("counts a picked order's units at its prices, by day and by product", async () => {
    const p = await pharmacy();
    const product = await p.newProduct(0, "Loratadine 10 mg tablets");
    await p.receive(product.id, "S1", dayFromNow(100), 10);
    const today = dayFromNow(0);
    await db.transaction(async (tx) => {
      const [order] = await tx
        .insert(schema.pharmacyOrder)
        .values({
          organizationId: p.organizationId,
          number: 1,
          channel: "counter",
          status: "approved",
          paymentChoice: "counter",
          customerName: "Walk-in",
          currency: "GBP",
          subtotalMinor: 3 * 349,
          totalMinor: 3 * 349,
        })
        .returning();
      const [item] = await tx
        .insert(schema.orderItem)
        .values({
          organizationId: p.organizationId,
          orderId: order?.id ?? "",
          productId: product.id,
          name: product.name,
          quantity: 3,
          unitPriceMinor: 349,
          totalMinor: 3 * 349,
        })
        .returning();
      const orderId = order?.id ?? "";
      await reserveForOrder(tx, {
        organizationId: p.organizationId,
        orderId,
        items: [{ orderItemId: item?.id ?? "", productId: product.id, quantity: 3 }],
        today,
      });
      await takeReserved(tx, { organizationId: p.organizationId, orderId, userId: null, today });
    });

    const sales = await p.owner.pharmacyReport.sales({ from: dayFromNow(-6), to: dayFromNow(1) });

    expect(sales.totalUnits).toBe(3);
    expect(sales.totalRevenueMinor).toBe(3 * 349);
    expect(sales.topProducts).toEqual([
      { productId: product.id, name: product.name, units: 3, revenueMinor: 1047 },
    ]);
    expect(sales.byDay.filter((d) => d.units > 0)).toHaveLength(1);
  });

  it("refuses a sales range longer than a year or backwards", async () => {
    const p = await pharmacy();

    const long = await failureOf(
      p.owner.pharmacyReport.sales({ from: "2025-01-01", to: "2026-06-01" }),
    );
    const backwards = await failureOf(
      p.owner.pharmacyReport.sales({ from: "2026-06-01", to: "2026-05-01" }),
    );
    const empty = await p.owner.pharmacyReport.sales({ from: "2026-05-01", to: "2026-05-07" });

    expect(long.code).toBe("BAD_REQUEST");
    expect(backwards.code).toBe("BAD_REQUEST");
    expect(empty.byDay).toHaveLength(7);
    expect(empty.totalUnits).toBe(0);
  });
});
