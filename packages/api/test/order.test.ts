// Online orders: a patient orders from the portal, the pharmacist reviews (a prescription-only
// item needs an uploaded prescription), picking takes the earliest-expiring lot, hand-over
// records the cash; rejecting or cancelling gives the units back; concurrent orders for the last
// units sell exactly what there is; nobody sees another patient's order.
import { schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import {
  addPortalPatient,
  callerFor,
  createPractice,
  errorShapeOf,
  failureOf,
  openSite,
  signUp,
  type Caller,
} from "@caredesk/api/testing";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { orderDetails, stockShop, testAddress, uploadPrescription } from "../src/testing/orders";

let database: TestDatabase;
let db: Database;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
});
afterAll(() => database.drop());

async function lot(id: string) {
  const [row] = await db
    .select({ quantity: schema.stockLot.quantity, reserved: schema.stockLot.reserved })
    .from(schema.stockLot)
    .where(eq(schema.stockLot.id, id));
  if (!row) throw new Error("lot not found");
  return row;
}

/** A pharmacy with stock, its owner's caller and two patients in the portal. */
async function pharmacy(units?: Parameters<typeof stockShop>[1]) {
  const practice = await createPractice(db);
  const organizationId = practice.organization.id;
  const staff = await callerFor(db, { token: practice.owner.token, organizationId });
  const shop = await stockShop(staff, units);
  const salma = await addPortalPatient(db, organizationId, practice.owner);
  const other = await addPortalPatient(db, organizationId, practice.owner);
  const portal = await callerFor(db, { token: salma.user.token, organizationId });
  const otherPortal = await callerFor(db, { token: other.user.token, organizationId });
  return { practice, organizationId, staff, shop, salma, portal, otherPortal };
}

describe("placing and fulfilling an order", () => {
  it("runs from checkout to collection, taking the earliest-expiring lot and the cash", async () => {
    const p = await pharmacy();
    const file = await uploadPrescription(db, p.salma.user, p.organizationId);
    const placed = await p.portal.order.placeMine(
      orderDetails(
        [
          { productId: p.shop.otc, quantity: 3 },
          { productId: p.shop.rx, quantity: 1 },
        ],
        { prescriptionFileId: file },
      ),
    );
    expect(placed).toMatchObject({
      status: "placed",
      prescriptionReview: "pending",
      // 3 × 350 + 20% tax (210) + 1200 untaxed
      subtotalMinor: 2250,
      taxMinor: 210,
      totalMinor: 2460,
      outstandingMinor: 2460,
      invoiceStatus: "issued",
    });
    expect(await lot(p.shop.earlyLot)).toEqual({ quantity: 10, reserved: 3 });
    expect(await lot(p.shop.lateLot)).toEqual({ quantity: 10, reserved: 0 });

    const approved = await p.staff.order.approve({ id: placed.id, note: "Checked" });
    expect(approved).toMatchObject({ status: "approved", prescriptionReview: "approved" });
    const picked = await p.staff.order.pick({ id: placed.id });
    expect(picked.status).toBe("picked");
    expect(picked.items[0]?.allocations).toMatchObject([
      { lotId: p.shop.earlyLot, quantity: 3, state: "taken" },
    ]);
    expect(await lot(p.shop.earlyLot)).toEqual({ quantity: 7, reserved: 0 });
    expect(await lot(p.shop.lateLot)).toEqual({ quantity: 10, reserved: 0 });

    expect(await failureOf(p.staff.order.dispatch({ id: placed.id }))).toMatchObject({
      code: "CONFLICT",
    });
    await p.staff.order.ready({ id: placed.id });
    const collected = await p.staff.order.collect({ id: placed.id, cashReceivedMinor: 2460 });
    expect(collected).toMatchObject({ status: "collected", paidMinor: 2460, outstandingMinor: 0 });

    const mine = await p.portal.order.mineById({ id: placed.id });
    expect(mine.status).toBe("collected");
    const messages = await db
      .select({ kind: schema.notification.kind, subject: schema.notification.subject })
      .from(schema.notification)
      .where(
        and(
          eq(schema.notification.organizationId, p.organizationId),
          eq(schema.notification.kind, "order_status"),
          eq(schema.notification.channel, "in_app"),
        ),
      );
    expect(messages.map((m) => m.subject)).toContain(
      `Your order ${placed.number} is ready to collect`,
    );
  });

  it("asks for a prescription when an item is prescription-only", async () => {
    const p = await pharmacy();
    const failure = await failureOf(
      p.portal.order.placeMine(orderDetails([{ productId: p.shop.rx, quantity: 1 }])),
    );
    expect(failure).toMatchObject({ code: "BAD_REQUEST" });
    expect(failure.fieldErrors).toHaveProperty("prescriptionFileId");
    expect(await lot(p.shop.rxLot)).toEqual({ quantity: 10, reserved: 0 });
  });

  it("refuses another patient's prescription file", async () => {
    const p = await pharmacy();
    const theirs = await uploadPrescription(db, (await pharmacyPatient(p)).user, p.organizationId);
    const failure = await failureOf(
      p.portal.order.placeMine(
        orderDetails([{ productId: p.shop.rx, quantity: 1 }], { prescriptionFileId: theirs }),
      ),
    );
    expect(failure).toMatchObject({ code: "NOT_FOUND" });
  });

  it("answers a repeated checkout with the order it placed", async () => {
    const p = await pharmacy();
    const details = orderDetails([{ productId: p.shop.otc, quantity: 2 }]);
    const first = await p.portal.order.placeMine(details);
    const again = await p.portal.order.placeMine(details);
    expect(again.id).toBe(first.id);
    expect(await lot(p.shop.earlyLot)).toEqual({ quantity: 10, reserved: 2 });
  });

  it("needs an address for delivery and dispatches a delivery order", async () => {
    const p = await pharmacy();
    expect(
      await failureOf(
        p.portal.order.placeMine(
          orderDetails([{ productId: p.shop.otc, quantity: 1 }], { fulfilment: "delivery" }),
        ),
      ),
    ).toMatchObject({ code: "BAD_REQUEST" });
    const order = await p.portal.order.placeMine(
      orderDetails([{ productId: p.shop.otc, quantity: 1 }], {
        fulfilment: "delivery",
        deliveryAddress: testAddress,
      }),
    );
    await p.staff.order.approve({ id: order.id });
    await p.staff.order.pick({ id: order.id });
    expect(await failureOf(p.staff.order.ready({ id: order.id }))).toMatchObject({
      code: "CONFLICT",
    });
    await p.staff.order.dispatch({ id: order.id });
    const delivered = await p.staff.order.deliver({ id: order.id });
    expect(delivered.status).toBe("delivered");
  });
});

async function pharmacyPatient(p: Awaited<ReturnType<typeof pharmacy>>) {
  return addPortalPatient(db, p.organizationId, p.practice.owner);
}

describe("rejecting and cancelling", () => {
  it("gives the units back and voids the bill when the pharmacist rejects", async () => {
    const p = await pharmacy();
    const file = await uploadPrescription(db, p.salma.user, p.organizationId);
    const order = await p.portal.order.placeMine(
      orderDetails([{ productId: p.shop.rx, quantity: 2 }], { prescriptionFileId: file }),
    );
    expect(await lot(p.shop.rxLot)).toEqual({ quantity: 10, reserved: 2 });
    const rejected = await p.staff.order.reject({ id: order.id, reason: "Prescription expired" });
    expect(rejected).toMatchObject({
      status: "rejected",
      prescriptionReview: "rejected",
      invoiceStatus: "void",
      cancelReason: "Prescription expired",
    });
    expect(await lot(p.shop.rxLot)).toEqual({ quantity: 10, reserved: 0 });
    expect(await failureOf(p.staff.order.approve({ id: order.id }))).toMatchObject({
      code: "CONFLICT",
    });
  });

  it("puts picked units back when staff cancel", async () => {
    const p = await pharmacy();
    const order = await p.portal.order.placeMine(
      orderDetails([{ productId: p.shop.otc, quantity: 4 }]),
    );
    await p.staff.order.approve({ id: order.id });
    await p.staff.order.pick({ id: order.id });
    expect(await lot(p.shop.earlyLot)).toEqual({ quantity: 6, reserved: 0 });
    const cancelled = await p.staff.order.cancel({ id: order.id, reason: "Customer moved away" });
    expect(cancelled).toMatchObject({ status: "cancelled", invoiceStatus: "void" });
    expect(await lot(p.shop.earlyLot)).toEqual({ quantity: 10, reserved: 0 });
  });

  it("lets the patient cancel before picking, not after", async () => {
    const p = await pharmacy();
    const early = await p.portal.order.placeMine(
      orderDetails([{ productId: p.shop.otc, quantity: 1 }]),
    );
    const cancelled = await p.portal.order.cancelMine({ id: early.id });
    expect(cancelled.status).toBe("cancelled");
    expect(await lot(p.shop.earlyLot)).toEqual({ quantity: 10, reserved: 0 });

    const late = await p.portal.order.placeMine(
      orderDetails([{ productId: p.shop.otc, quantity: 1 }]),
    );
    await p.staff.order.approve({ id: late.id });
    await p.staff.order.pick({ id: late.id });
    expect(await failureOf(p.portal.order.cancelMine({ id: late.id }))).toMatchObject({
      code: "CONFLICT",
    });
  });

  it("keeps a paid bill when cancelled and says what to refund", async () => {
    const p = await pharmacy();
    const order = await p.portal.order.placeMine(
      orderDetails([{ productId: p.shop.otc, quantity: 1 }]),
    );
    await p.staff.order.approve({ id: order.id });
    await p.staff.order.pick({ id: order.id });
    await p.staff.order.ready({ id: order.id });
    await p.staff.ledger.recordPayment({
      patientId: p.salma.patientId,
      amountMinor: order.totalMinor,
      method: "cash",
      invoiceId: order.invoiceId,
      idempotencyKey: `pay${order.id.replaceAll("-", "")}`,
    });
    const cancelled = await p.staff.order.cancel({ id: order.id, reason: "Never collected" });
    expect(cancelled).toMatchObject({
      status: "cancelled",
      invoiceStatus: "issued",
      refundDueMinor: order.totalMinor,
    });
  });
});

describe("the last units", () => {
  it("sells exactly what is left to twenty patients ordering at once", async () => {
    const p = await pharmacy({ otc: [2, 3] });
    const buyers: Caller[] = [];
    for (let i = 0; i < 20; i++) {
      const patient = await addPortalPatient(db, p.organizationId, p.practice.owner);
      buyers.push(
        await callerFor(db, { token: patient.user.token, organizationId: p.organizationId }),
      );
    }
    const results = await Promise.allSettled(
      buyers.map((buyer) =>
        buyer.order.placeMine(orderDetails([{ productId: p.shop.otc, quantity: 1 }])),
      ),
    );
    const placed = results.filter((r) => r.status === "fulfilled");
    expect(placed).toHaveLength(5);
    for (const r of results) {
      if (r.status === "rejected") {
        expect(errorShapeOf(r.reason)).toMatchObject({
          code: "CONFLICT",
          message: "No longer available",
        });
      }
    }
    expect(await lot(p.shop.earlyLot)).toEqual({ quantity: 2, reserved: 2 });
    expect(await lot(p.shop.lateLot)).toEqual({ quantity: 3, reserved: 3 });
    const orders = await p.staff.order.list({ status: "placed" });
    expect(orders.items).toHaveLength(5);
    expect(orders.counts.placed).toBe(5);
  });
});

describe("whose order it is", () => {
  it("answers NOT_FOUND for another patient's order", async () => {
    const p = await pharmacy();
    const order = await p.portal.order.placeMine(
      orderDetails([{ productId: p.shop.otc, quantity: 1 }]),
    );
    expect(await failureOf(p.otherPortal.order.mineById({ id: order.id }))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await failureOf(p.otherPortal.order.cancelMine({ id: order.id }))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await p.otherPortal.order.mine({})).items).toHaveLength(0);
    expect((await p.portal.order.mine({})).items.map((o) => o.id)).toEqual([order.id]);
  });

  it("answers NOT_FOUND for another practice's order", async () => {
    const p = await pharmacy();
    const q = await pharmacy();
    const order = await p.portal.order.placeMine(
      orderDetails([{ productId: p.shop.otc, quantity: 1 }]),
    );
    expect(await failureOf(q.staff.order.byId({ id: order.id }))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await failureOf(q.staff.order.approve({ id: order.id }))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(
      await failureOf(
        q.portal.order.placeMine(orderDetails([{ productId: p.shop.otc, quantity: 1 }])),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("joining a practice to order", () => {
  it("makes a patient record and membership once", async () => {
    const p = await pharmacy();
    await openSite(db, p.organizationId);
    const visitor = await signUp(db, { name: "Nour Samir" });
    const caller = await callerFor(db, { token: visitor.token });
    const first = await caller.shop.join({
      slug: p.practice.organization.slug,
      mobile: "+201001112233",
    });
    const again = await caller.shop.join({
      slug: p.practice.organization.slug,
      mobile: "+201001112233",
    });
    expect(first).toMatchObject({ organizationId: p.organizationId, joined: true });
    expect(again).toEqual({ ...first, joined: false });
    const members = await db
      .select({ role: schema.membership.role })
      .from(schema.membership)
      .where(
        and(
          eq(schema.membership.organizationId, p.organizationId),
          eq(schema.membership.userId, visitor.id),
        ),
      );
    expect(members).toEqual([{ role: "patient" }]);
    const portal = await callerFor(db, { token: visitor.token, organizationId: p.organizationId });
    const order = await portal.order.placeMine(
      orderDetails([{ productId: p.shop.otc, quantity: 1 }]),
    );
    expect(order.customerName).toBe("Nour Samir");
  });

  it("links the practice's record with the same email only once the address is confirmed", async () => {
    const p = await pharmacy();
    await openSite(db, p.organizationId);
    const visitor = await signUp(db, { name: "Hana Adel" });
    const known = await p.staff.patient.create({
      firstName: "Hana",
      lastName: "Adel",
      mobile: "+201001112244",
      email: visitor.email,
    });
    const caller = await callerFor(db, { token: visitor.token });
    const join = () =>
      caller.shop.join({ slug: p.practice.organization.slug, mobile: "+201001112255" });

    // Anyone may sign up with any address: unconfirmed, it takes nobody's record.
    const refused = await failureOf(join());
    expect(refused.code).toBe("CONFLICT");
    expect(refused.fieldErrors?.email?.[0]).toMatch(/Confirm your email address/);
    const [still] = await db
      .select({ userId: schema.patient.userId })
      .from(schema.patient)
      .where(eq(schema.patient.id, known.id));
    expect(still?.userId).toBeNull();

    await db
      .update(schema.user)
      .set({ emailVerifiedAt: new Date() })
      .where(eq(schema.user.id, visitor.id));
    expect((await join()).patientId).toBe(known.id);
  });
});
