// Prescription refills: a patient asks for a refill of their own signed prescription (or an
// uploaded one), once while it waits; a doctor approves it as an order (units reserved
// first-expiry-first-out) or a pickup at the desk, or declines it with a note; both sides are
// told; the whole feature is not found while the practice has it off.
import { schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import {
  addPortalPatient,
  callerFor,
  createPractice,
  failureOf,
  openSite,
  uploadFile,
  type PortalPatient,
} from "@caredesk/api/testing";
import { count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { stockShop } from "../src/testing/orders";
import { signedPrescriptions } from "../src/testing/refills";

let database: TestDatabase;
let db: Database;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
});
afterAll(() => database.drop());

/** A practice with stock, a doctor, the front desk, and two portal patients with prescriptions. */
async function practice() {
  const p = await createPractice(db);
  const organizationId = p.organization.id;
  const owner = await callerFor(db, { token: p.owner.token, organizationId });
  const doctor = await callerFor(db, { token: p.doctor.token, organizationId });
  const desk = await callerFor(db, { token: p.staff.token, organizationId });
  const shop = await stockShop(owner, { otc: [5, 20] });
  const salma = await addPortalPatient(db, organizationId, p.owner);
  const other = await addPortalPatient(db, organizationId, p.owner);
  // Salma can be emailed.
  await owner.patient.update({ id: salma.patientId, email: salma.user.email });
  const portalOf = (patient: PortalPatient) =>
    callerFor(db, { token: patient.user.token, organizationId });
  return {
    ...p,
    doctor_: p.doctor,
    owner_: p.owner,
    organizationId,
    owner,
    doctor,
    desk,
    shop,
    salma,
    other,
    salmaPortal: await portalOf(salma),
    otherPortal: await portalOf(other),
    salmaRx: await signedPrescriptions(db, doctor, salma.patientId),
    otherRx: await signedPrescriptions(db, doctor, other.patientId),
  };
}

type Practice = Awaited<ReturnType<typeof practice>>;

async function refillRows(organizationId: string) {
  const [row] = await db
    .select({ n: count() })
    .from(schema.refillRequest)
    .where(eq(schema.refillRequest.organizationId, organizationId));
  return row?.n ?? 0;
}

async function messagesOf(refillRequestId: string, kind: "refill_requested" | "refill_decided") {
  const rows = await db
    .select({
      channel: schema.notification.channel,
      userId: schema.notification.userId,
      recipient: schema.notification.recipient,
      subject: schema.notification.subject,
      bodyText: schema.notification.bodyText,
      payload: schema.notification.payload,
    })
    .from(schema.notification)
    .where(eq(schema.notification.kind, kind));
  return rows.filter(
    (r) => (r.payload as { refillRequestId?: string }).refillRequestId === refillRequestId,
  );
}

describe("a patient asks for a refill", () => {
  let c: Practice;
  beforeAll(async () => {
    c = await practice();
  });

  it("lists their own prescriptions of signed consultations, and requests a refill of one", async () => {
    const before = await c.salmaPortal.refill.prescriptionsMine();
    expect(before.map((p) => p.id).sort()).toEqual([c.salmaRx.aspirin, c.salmaRx.metformin].sort());
    expect(before.find((p) => p.id === c.salmaRx.aspirin)).toMatchObject({
      drug: "Aspirin",
      strength: "75 mg",
      dose: "1 tablet",
      frequency: "daily",
      openRefillId: null,
    });

    const request = await c.salmaPortal.refill.requestMine({
      prescriptionId: c.salmaRx.aspirin,
      note: "Only a few tablets left",
    });

    expect(request).toMatchObject({
      status: "requested",
      patientId: c.salma.patientId,
      prescriptionId: c.salmaRx.aspirin,
      consultationId: c.salmaRx.consultationId,
      fulfilment: "pickup",
    });
    const after = await c.salmaPortal.refill.prescriptionsMine();
    expect(after.find((p) => p.id === c.salmaRx.aspirin)?.openRefillId).toBe(request.id);
    const mine = await c.salmaPortal.refill.mine({});
    expect(mine.items).toEqual([
      expect.objectContaining({ id: request.id, status: "requested", medicine: "Aspirin 75 mg" }),
    ]);
    // The other patient sees none of it.
    expect((await c.otherPortal.refill.mine({})).items).toEqual([]);
  });

  it("answers NOT_FOUND for another patient's prescription and writes nothing", async () => {
    const before = await refillRows(c.organizationId);

    const failure = await failureOf(
      c.salmaPortal.refill.requestMine({ prescriptionId: c.otherRx.aspirin }),
    );

    expect(failure.code).toBe("NOT_FOUND");
    expect(await refillRows(c.organizationId)).toBe(before);
  });

  it("refuses a second open request of the same prescription with a clear CONFLICT", async () => {
    const first = await c.otherPortal.refill.requestMine({ prescriptionId: c.otherRx.metformin });

    const failure = await failureOf(
      c.otherPortal.refill.requestMine({ prescriptionId: c.otherRx.metformin }),
    );

    expect(failure.code).toBe("CONFLICT");
    expect(failure.message).toMatch(/already asked for a refill of this prescription/);
    // Once withdrawn, it can be asked for again.
    await c.otherPortal.refill.cancelMine({ id: first.id });
    const again = await c.otherPortal.refill.requestMine({ prescriptionId: c.otherRx.metformin });
    expect(again.status).toBe("requested");
  });

  it("makes one request of two at the same moment", async () => {
    const results = await Promise.allSettled([
      c.otherPortal.refill.requestMine({ prescriptionId: c.otherRx.aspirin }),
      c.otherPortal.refill.requestMine({ prescriptionId: c.otherRx.aspirin }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("takes a prescription the patient uploaded, but not someone else's file", async () => {
    const upload = await uploadFile(db, c.salma.user, c.organizationId, "prescription");
    const request = await c.salmaPortal.refill.requestMine({
      uploadFileId: upload.id,
      fulfilment: "delivery",
      deliveryAddress: { line1: "12 Corniche Street", city: "Alexandria" },
    });
    expect(request).toMatchObject({ uploadFileId: upload.id, prescriptionId: null });

    const othersUpload = await uploadFile(db, c.other.user, c.organizationId, "prescription");
    const failure = await failureOf(
      c.salmaPortal.refill.requestMine({ uploadFileId: othersUpload.id }),
    );
    expect(failure.code).toBe("NOT_FOUND");
    // A document is not a prescription upload.
    const document = await failureOf(
      c.salmaPortal.refill.requestMine({ uploadFileId: c.salma.documentFileId }),
    );
    expect(document.code).toBe("NOT_FOUND");
  });

  it("lets the patient withdraw only a waiting request of their own", async () => {
    const request = await c.salmaPortal.refill.requestMine({ prescriptionId: c.salmaRx.metformin });
    expect((await failureOf(c.otherPortal.refill.cancelMine({ id: request.id }))).code).toBe(
      "NOT_FOUND",
    );
    const cancelled = await c.salmaPortal.refill.cancelMine({ id: request.id });
    expect(cancelled.status).toBe("cancelled");
    expect((await failureOf(c.salmaPortal.refill.cancelMine({ id: request.id }))).code).toBe(
      "CONFLICT",
    );
    // A cancelled request cannot be approved any more.
    expect((await failureOf(c.doctor.refill.approve({ id: request.id }))).code).toBe("CONFLICT");
  });
});

describe("the practice decides", () => {
  let c: Practice;
  beforeAll(async () => {
    c = await practice();
  });

  it("approves with products: an order for the patient, channel refill, reserved FEFO", async () => {
    const request = await c.salmaPortal.refill.requestMine({ prescriptionId: c.salmaRx.aspirin });

    const approved = await c.doctor.refill.approve({
      id: request.id,
      note: "Continue as before",
      items: [{ productId: c.shop.otc, quantity: 2 }],
    });

    expect(approved).toMatchObject({ status: "approved", decisionNote: "Continue as before" });
    expect(approved.orderId).toEqual(expect.any(String));
    const order = await c.owner.order.byId({ id: approved.orderId ?? "" });
    expect(order).toMatchObject({
      channel: "refill",
      patientId: c.salma.patientId,
      refillRequestId: request.id,
      prescriptionReview: "approved",
    });
    const allocations = await db
      .select({ lotId: schema.orderAllocation.lotId, quantity: schema.orderAllocation.quantity })
      .from(schema.orderAllocation)
      .where(eq(schema.orderAllocation.orderId, order.id));
    // The earlier-expiring lot is reserved first.
    expect(allocations).toEqual([{ lotId: c.shop.earlyLot, quantity: 2 }]);
    const mine = await c.salmaPortal.refill.mine({});
    expect(mine.items.find((r) => r.id === request.id)).toMatchObject({
      status: "approved",
      orderId: order.id,
      orderNumber: order.number,
    });
    // The patient sees the order too.
    expect((await c.salmaPortal.order.mine({})).items.map((o) => o.id)).toContain(order.id);
  });

  it("approves a delivery request as an order to the address the patient gave", async () => {
    const upload = await uploadFile(db, c.other.user, c.organizationId, "prescription");
    const address = {
      line1: "3 Nile Street",
      line2: "Flat 4",
      city: "Cairo",
      postalCode: "11511",
      notes: "Ring twice",
    };
    const request = await c.otherPortal.refill.requestMine({
      uploadFileId: upload.id,
      note: "For my mother",
      fulfilment: "delivery",
      deliveryAddress: address,
    });
    // The address has its own column; the note is the patient's words only.
    const [stored] = await db
      .select({
        note: schema.refillRequest.note,
        deliveryAddress: schema.refillRequest.deliveryAddress,
      })
      .from(schema.refillRequest)
      .where(eq(schema.refillRequest.id, request.id));
    expect(stored).toEqual({ note: "For my mother", deliveryAddress: address });
    // The patient and the practice see it.
    const mine = await c.otherPortal.refill.mine({});
    expect(mine.items.find((r) => r.id === request.id)?.deliveryAddress).toEqual(address);
    expect((await c.desk.refill.byId({ id: request.id })).deliveryAddress).toEqual(address);
    const approved = await c.doctor.refill.approve({
      id: request.id,
      items: [{ productId: c.shop.otc, quantity: 1 }],
    });
    const order = await c.owner.order.byId({ id: approved.orderId ?? "" });
    expect(order.fulfilment).toBe("delivery");
    expect(order.deliveryAddress).toEqual(address);
  });

  it("keeps no delivery request without an address", async () => {
    const pickup = await c.salmaPortal.refill.requestMine({
      prescriptionId: c.salmaRx.metformin,
    });
    expect(pickup.deliveryAddress).toBeNull();
    const failure = await db
      .update(schema.refillRequest)
      .set({ fulfilment: "delivery" })
      .where(eq(schema.refillRequest.id, pickup.id))
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(String((failure as { cause?: unknown })?.cause ?? failure)).toMatch(
      /refill_request_delivery_address/,
    );
    await c.salmaPortal.refill.cancelMine({ id: pickup.id });
  });

  it("answers a shortage as CONFLICT and keeps the request waiting", async () => {
    const request = await c.otherPortal.refill.requestMine({ prescriptionId: c.otherRx.aspirin });
    const failure = await failureOf(
      c.doctor.refill.approve({ id: request.id, items: [{ productId: c.shop.otc, quantity: 99 }] }),
    );
    expect(failure.code).toBe("CONFLICT");
    const detail = await c.owner.refill.byId({ id: request.id });
    expect(detail.status).toBe("requested");
    await c.doctor.refill.decline({ id: request.id, note: "Tidy up" });
  });

  it("approves without products: ready to collect at the desk", async () => {
    const request = await c.salmaPortal.refill.requestMine({ prescriptionId: c.salmaRx.metformin });

    const approved = await c.doctor.refill.approve({ id: request.id });

    expect(approved).toMatchObject({ status: "approved", orderId: null, fulfilment: "pickup" });
    const messages = await messagesOf(request.id, "refill_decided");
    expect(messages.find((m) => m.channel === "in_app")?.bodyText).toMatch(
      /ready to collect at the desk/,
    );
  });

  it("declines with a note the patient is told; a note is required", async () => {
    const request = await c.otherPortal.refill.requestMine({ prescriptionId: c.otherRx.metformin });
    expect((await failureOf(c.doctor.refill.decline({ id: request.id, note: "" }))).code).toBe(
      "BAD_REQUEST",
    );

    const declined = await c.doctor.refill.decline({
      id: request.id,
      note: "Please book a review visit first",
    });

    expect(declined).toMatchObject({
      status: "declined",
      decisionNote: "Please book a review visit first",
    });
    const detail = await c.owner.refill.byId({ id: request.id });
    expect(detail).toMatchObject({
      status: "declined",
      patientName: "Pat Patient",
      decidedByName: "A doctor",
    });
    expect(detail.prescription).toMatchObject({ drug: "Metformin", strength: "500 mg" });
    expect(detail.history.map((h) => h.action)).toEqual(["refill.requestMine", "refill.decline"]);
    // Decided once: a second decision is refused.
    expect((await failureOf(c.doctor.refill.approve({ id: request.id }))).code).toBe("CONFLICT");
  });

  it("tells the practice of a request and the patient of the decision", async () => {
    const request = await c.salmaPortal.refill.requestMine({ prescriptionId: c.salmaRx.aspirin });
    const told = await messagesOf(request.id, "refill_requested");
    expect(told.every((m) => m.channel === "in_app")).toBe(true);
    // Whoever may decide it (the doctor) and the front desk (staff, the owner).
    expect(told.map((m) => m.userId)).toEqual(
      expect.arrayContaining([c.doctor_.id, c.staff.id, c.owner_.id]),
    );
    expect(told[0]?.subject).toBe("Refill request: Pat Patient");
    expect(told.map((m) => m.userId)).not.toContain(c.salma.user.id);

    await c.doctor.refill.decline({ id: request.id, note: "See me first" });

    const decided = await messagesOf(request.id, "refill_decided");
    expect(decided.map((m) => m.channel).sort()).toEqual(["email", "in_app"]);
    expect(decided.find((m) => m.channel === "in_app")?.userId).toBe(c.salma.user.id);
    expect(decided.find((m) => m.channel === "email")?.bodyText).toMatch(/See me first/);
  });

  it("shows the front desk the queue, but only reviewers decide", async () => {
    const request = await c.otherPortal.refill.requestMine({ prescriptionId: c.otherRx.aspirin });
    const queue = await c.desk.refill.list({ status: "requested" });
    expect(queue.items.map((r) => r.id)).toContain(request.id);
    expect(queue.items.every((r) => r.status === "requested")).toBe(true);
    expect((await failureOf(c.desk.refill.approve({ id: request.id }))).code).toBe("FORBIDDEN");
  });

  it("answers NOT_FOUND for another practice's patient in the list filter", async () => {
    const elsewhere = await practice();
    const failure = await failureOf(c.owner.refill.list({ patientId: elsewhere.salma.patientId }));
    expect(failure.code).toBe("NOT_FOUND");
    const theirs = await elsewhere.salmaPortal.refill.requestMine({
      prescriptionId: elsewhere.salmaRx.aspirin,
    });
    expect((await failureOf(c.owner.refill.byId({ id: theirs.id }))).code).toBe("NOT_FOUND");
    expect((await failureOf(c.doctor.refill.approve({ id: theirs.id }))).code).toBe("NOT_FOUND");
  });
});

describe("response times", () => {
  /** Moves a request to a known moment, and its decision (if any) to some hours later. */
  async function stamp(id: string, createdAt: string, hoursToDecision: number | null) {
    await db.execute(sql`
      update refill_request
      set created_at = ${createdAt}::timestamptz,
          decided_at = case when ${hoursToDecision}::numeric is null then null
            else ${createdAt}::timestamptz + make_interval(secs => ${hoursToDecision}::numeric * 3600) end
      where id = ${id}`);
  }

  it("counts a range's requests by status and the median and 90th percentile hours to a decision", async () => {
    const c = await practice();
    const ask = (portal: Practice["salmaPortal"], prescriptionId: string) =>
      portal.refill.requestMine({ prescriptionId });
    // Four decided in June (1, 2, 3 and 10 hours after the request), one waiting, one withdrawn.
    const approvedPickup = await ask(c.salmaPortal, c.salmaRx.aspirin);
    await c.doctor.refill.approve({ id: approvedPickup.id });
    const declinedAgain = await ask(c.salmaPortal, c.salmaRx.aspirin);
    await c.doctor.refill.decline({ id: declinedAgain.id, note: "Too soon" });
    const declined = await ask(c.salmaPortal, c.salmaRx.metformin);
    await c.doctor.refill.decline({ id: declined.id, note: "See me first" });
    const approvedOrder = await ask(c.otherPortal, c.otherRx.aspirin);
    await c.doctor.refill.approve({
      id: approvedOrder.id,
      items: [{ productId: c.shop.otc, quantity: 1 }],
    });
    const waiting = await ask(c.otherPortal, c.otherRx.metformin);
    const withdrawn = await ask(c.salmaPortal, c.salmaRx.aspirin);
    await c.salmaPortal.refill.cancelMine({ id: withdrawn.id });
    // Decided in 100 hours, but asked for on 1 July in London (23:30 UTC on 30 June): outside.
    const july = await ask(c.otherPortal, c.otherRx.aspirin);
    await c.doctor.refill.decline({ id: july.id, note: "Later" });

    // 00:30 on 1 June in London (BST) is 23:30 UTC the day before: inside the range.
    await stamp(approvedPickup.id, "2026-05-31T23:30:00Z", 1);
    await stamp(declinedAgain.id, "2026-06-10T09:00:00Z", 2);
    await stamp(declined.id, "2026-06-15T09:00:00Z", 3);
    await stamp(approvedOrder.id, "2026-06-20T09:00:00Z", 10);
    await stamp(waiting.id, "2026-06-21T09:00:00Z", null);
    await stamp(withdrawn.id, "2026-06-22T09:00:00Z", null);
    await stamp(july.id, "2026-06-30T23:30:00Z", 100);
    // Another practice's request of the same days is not counted.
    const elsewhere = await practice();
    const theirs = await ask(elsewhere.salmaPortal, elsewhere.salmaRx.aspirin);
    await stamp(theirs.id, "2026-06-05T09:00:00Z", null);

    // The front desk (patient.read) sees the figures too.
    const stats = await c.desk.refill.stats({ from: "2026-06-01", to: "2026-06-30" });

    expect(stats).toEqual({
      from: "2026-06-01",
      to: "2026-06-30",
      total: 6,
      byStatus: { requested: 1, approved: 2, declined: 2, cancelled: 1 },
      // percentile_cont over 1, 2, 3, 10: the median between 2 and 3, the 90th at 3 + 0.7 × 7.
      toDecision: { count: 4, medianHours: 2.5, p90Hours: 7.9 },
    });
    const julyOnly = await c.desk.refill.stats({ from: "2026-07-01", to: "2026-07-31" });
    expect(julyOnly).toMatchObject({
      total: 1,
      byStatus: { declined: 1 },
      toDecision: { count: 1, medianHours: 100, p90Hours: 100 },
    });
  });

  it("answers no figures for days without requests, and refuses a bad range", async () => {
    const c = await practice();
    expect(await c.owner.refill.stats({ from: "2020-01-01", to: "2020-01-31" })).toEqual({
      from: "2020-01-01",
      to: "2020-01-31",
      total: 0,
      byStatus: { requested: 0, approved: 0, declined: 0, cancelled: 0 },
      toDecision: { count: 0, medianHours: null, p90Hours: null },
    });
    const backwards = await failureOf(
      c.owner.refill.stats({ from: "2026-03-02", to: "2026-03-01" }),
    );
    expect(backwards.code).toBe("BAD_REQUEST");
    const tooLong = await failureOf(c.owner.refill.stats({ from: "2024-01-01", to: "2025-06-01" }));
    expect(tooLong.code).toBe("BAD_REQUEST");
  });
});

describe("while the practice has refills off", () => {
  it("answers NOT_FOUND to the portal and to staff", async () => {
    const c = await practice();
    const request = await c.salmaPortal.refill.requestMine({ prescriptionId: c.salmaRx.aspirin });
    await openSite(db, c.organizationId, ["reviews", "patient_portal"]);
    const before = await refillRows(c.organizationId);

    for (const call of [
      () => c.salmaPortal.refill.prescriptionsMine(),
      () => c.salmaPortal.refill.requestMine({ prescriptionId: c.salmaRx.metformin }),
      () => c.salmaPortal.refill.mine({}),
      () => c.salmaPortal.refill.cancelMine({ id: request.id }),
      () => c.owner.refill.list({}),
      () => c.owner.refill.byId({ id: request.id }),
      () => c.doctor.refill.approve({ id: request.id }),
      () => c.doctor.refill.decline({ id: request.id, note: "No" }),
      () => c.owner.refill.stats({ from: "2026-06-01", to: "2026-06-30" }),
    ]) {
      expect((await failureOf(call())).code).toBe("NOT_FOUND");
    }
    expect(await refillRows(c.organizationId)).toBe(before);
  });
});
