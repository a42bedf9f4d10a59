// The pharmacy counter: a walk-in sale takes its units from the soonest-expiring lot and never an
// expired one, posts one balanced journal entry that the day's takings show, returns change, and
// prints a receipt. Short stock, an oversized discount, a prescription-only product without a
// pharmacist's approval, too little cash or another practice's patient are refused with nothing
// written; a repeated request makes one sale; a same-day void puts the units back.
import { schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import {
  addMember,
  callerFor,
  createOrganization,
  createPatient,
  databaseDigest,
  errorShapeOf,
  failureOf,
  hostCallerFor,
  signUp,
  uniqueIdempotencyKey,
  type Caller,
  type TestUser,
} from "@caredesk/api/testing";
import { and, eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { inflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { practiceToday } from "../src/service/dental";
import { formatMinor } from "../src/service/money-text";
import { moveStock } from "../src/service/stock-ledger";

const { journalEntry, journalPosting, product, stockLot, stockMovement, pharmacyOrder } = schema;

let database: TestDatabase;
let db: Database;
let practice: { organization: { id: string }; owner: TestUser };
let other: { organization: { id: string }; owner: TestUser; patientId: string };
let owner: Caller;
let staffMember: Caller;
let pharmacist: Caller;
let today: string;

/** A practice of its own (with its owner), named, so its receipts can be recognised. */
async function pharmacy(name: string) {
  const person = await signUp(db, { name: "Olivia Owner" });
  const organization = await createOrganization(db, person, { name });
  return { organization, owner: person };
}

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  const [ours, theirs] = await Promise.all([
    pharmacy("Thames Pharmacy"),
    pharmacy("Severn Pharmacy"),
  ]);
  practice = ours;
  const theirCaller = await callerFor(db, {
    token: theirs.owner.token,
    organizationId: theirs.organization.id,
  });
  other = { ...theirs, patientId: (await createPatient(theirCaller)).id };
  const organizationId = practice.organization.id;
  owner = await callerFor(db, { token: practice.owner.token, organizationId });
  const [staff, chemist] = await Promise.all([
    addMember(db, organizationId, practice.owner, "staff"),
    addMember(db, organizationId, practice.owner, "pharmacist"),
  ]);
  staffMember = await callerFor(db, { token: staff.token, organizationId });
  pharmacist = await callerFor(db, { token: chemist.token, organizationId });
  const [org] = await db
    .select({ timeZone: schema.organization.timeZone })
    .from(schema.organization)
    .where(eq(schema.organization.id, organizationId));
  today = practiceToday(org?.timeZone ?? "UTC");
});
afterAll(() => database.drop());

/** A day `days` from the practice's today (negative: in the past). */
function dayFrom(days: number): string {
  const at = new Date(`${today}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/** A valid EAN-13 for a 12-digit stem. */
function ean13(stem: string): string {
  const sum = [...stem].reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return stem + String((10 - (sum % 10)) % 10);
}

async function addProduct(
  input: { priceMinor?: number; taxBps?: number; prescriptionOnly?: boolean; name?: string } = {},
  organizationId = practice.organization.id,
) {
  const stem = String(Math.floor(Math.random() * 1e12)).padStart(12, "0");
  const [row] = await db
    .insert(product)
    .values({
      organizationId,
      sku: `SKU-${randomUUID().slice(0, 8)}`,
      barcode: ean13(stem),
      name: input.name ?? "Paracetamol",
      strength: "500 mg",
      form: "tablet",
      priceMinor: input.priceMinor ?? 250,
      taxBps: input.taxBps ?? 0,
      prescriptionOnly: input.prescriptionOnly ?? false,
    })
    .returning({ id: product.id, barcode: product.barcode });
  if (!row?.barcode) throw new Error("no product");
  return { id: row.id, barcode: row.barcode };
}

/** A lot received through the stock core (so on-hand and movements agree). */
async function addLot(
  productId: string,
  expiresOn: string,
  quantity: number,
  organizationId = practice.organization.id,
) {
  const [lot] = await db
    .insert(stockLot)
    .values({ organizationId, productId, batchNumber: `B-${randomUUID().slice(0, 8)}`, expiresOn })
    .returning({ id: stockLot.id });
  if (!lot) throw new Error("no lot");
  await db.transaction((tx) =>
    moveStock(tx, { organizationId, lotId: lot.id, kind: "receive", quantity, userId: null }),
  );
  return lot.id;
}

async function lotQuantity(lotId: string) {
  const [row] = await db
    .select({ quantity: stockLot.quantity, reserved: stockLot.reserved })
    .from(stockLot)
    .where(eq(stockLot.id, lotId));
  return row;
}

async function onHand(productId: string) {
  const [row] = await db
    .select({ onHand: product.onHand })
    .from(product)
    .where(eq(product.id, productId));
  return row?.onHand;
}

async function byBarcode(barcode: string) {
  const [row] = await db
    .select({ id: product.id })
    .from(product)
    .where(and(eq(product.organizationId, practice.organization.id), eq(product.barcode, barcode)));
  if (!row) throw new Error("No product with this barcode");
  return row.id;
}

function cash(
  items: { productId: string; quantity: number; discountMinor?: number }[],
  tenderedMinor: number,
) {
  return {
    items: items.map((i) => ({ discountMinor: 0, ...i })),
    method: "cash" as const,
    tenderedMinor,
    idempotencyKey: uniqueIdempotencyKey(),
  };
}

function pdfText(bytes: Uint8Array): string {
  const raw = Buffer.from(bytes).toString("latin1");
  const texts: string[] = [];
  const streams = /<<([^]*?)>>\s*stream\r?\n/g;
  for (let match = streams.exec(raw); match; match = streams.exec(raw)) {
    const length = /\/Length (\d+)/.exec(match[1] ?? "");
    const start = match.index + match[0].length;
    const end = length ? start + Number(length[1]) : raw.indexOf("endstream", start);
    let body = Buffer.from(raw.slice(start, end), "latin1");
    if (/\/FlateDecode/.test(match[1] ?? "")) {
      try {
        body = inflateSync(body);
      } catch {
        continue;
      }
    }
    const content = body.toString("latin1");
    for (const m of content.matchAll(/<([0-9A-Fa-f\s]*)>\s*Tj|\(((?:\\.|[^\\)])*)\)\s*Tj/g)) {
      texts.push(
        m[1] !== undefined
          ? Buffer.from(m[1].replace(/\s/g, ""), "hex").toString("latin1")
          : (m[2] ?? "").replace(/\\(.)/g, "$1"),
      );
    }
  }
  return texts.join("\n");
}

describe("a sale by barcode", () => {
  it("takes units from the soonest-expiring lot, posts a balanced entry and returns change", async () => {
    const item = await addProduct({ priceMinor: 1_000, taxBps: 2_000 });
    const later = await addLot(item.id, dayFrom(400), 10);
    const sooner = await addLot(item.id, dayFrom(60), 4);
    const takingsBefore = await owner.billing.takings({ from: today, to: today });

    const productId = await byBarcode(item.barcode);
    // 3 × 10.00 − 1.00 discount = 29.00, tax 20% = 5.80, total 34.80; 40.00 handed over.
    const sale = await staffMember.counter.sell(
      cash([{ productId, quantity: 3, discountMinor: 100 }], 4_000),
    );
    expect(sale).toMatchObject({
      status: "collected",
      subtotalMinor: 3_000,
      discountMinor: 100,
      taxMinor: 580,
      totalMinor: 3_480,
      tenderedMinor: 4_000,
      changeMinor: 520,
      method: "cash",
      customerName: "Walk-in customer",
    });
    expect(sale.lines[0]?.lots).toEqual([expect.objectContaining({ lotId: sooner, quantity: 3 })]);
    expect(await lotQuantity(sooner)).toEqual({ quantity: 1, reserved: 0 });
    expect(await lotQuantity(later)).toEqual({ quantity: 10, reserved: 0 });
    expect(await onHand(item.id)).toBe(11);
    const movements = await db
      .select({ kind: stockMovement.kind, quantity: stockMovement.quantity })
      .from(stockMovement)
      .where(eq(stockMovement.orderId, sale.id));
    expect(movements).toEqual([{ kind: "sell", quantity: -3 }]);

    const [order] = await db
      .select({ channel: pharmacyOrder.channel, paymentChoice: pharmacyOrder.paymentChoice })
      .from(pharmacyOrder)
      .where(eq(pharmacyOrder.id, sale.id));
    expect(order).toEqual({ channel: "counter", paymentChoice: "counter" });

    const entries = await db
      .select({
        id: journalEntry.id,
        kind: journalEntry.kind,
        effectiveOn: journalEntry.effectiveOn,
      })
      .from(journalEntry)
      .where(eq(journalEntry.orderId, sale.id));
    expect(entries).toEqual([expect.objectContaining({ kind: "sale", effectiveOn: today })]);
    const postings = await db
      .select({ account: journalPosting.account, amountMinor: journalPosting.amountMinor })
      .from(journalPosting)
      .where(eq(journalPosting.entryId, entries[0]?.id ?? ""));
    expect(postings).toEqual(
      expect.arrayContaining([
        { account: "cash", amountMinor: 3_480 },
        { account: "revenue", amountMinor: -2_900 },
        { account: "tax_payable", amountMinor: -580 },
      ]),
    );
    expect(postings.reduce((sum, p) => sum + p.amountMinor, 0)).toBe(0);

    const takingsAfter = await owner.billing.takings({ from: today, to: today });
    expect(takingsAfter.byMethod.cash - takingsBefore.byMethod.cash).toBe(3_480);
  });

  it("posts a card terminal sale to provider clearing, without change", async () => {
    const item = await addProduct({ priceMinor: 799 });
    await addLot(item.id, dayFrom(90), 5);
    const sale = await staffMember.counter.sell({
      items: [{ productId: item.id, quantity: 2, discountMinor: 0 }],
      method: "card_terminal",
      idempotencyKey: uniqueIdempotencyKey(),
    });
    expect(sale).toMatchObject({ totalMinor: 1_598, tenderedMinor: null, changeMinor: null });
    const [entry] = await db
      .select({ id: journalEntry.id })
      .from(journalEntry)
      .where(eq(journalEntry.orderId, sale.id));
    const postings = await db
      .select({
        account: journalPosting.account,
        amountMinor: journalPosting.amountMinor,
        method: journalPosting.method,
      })
      .from(journalPosting)
      .where(eq(journalPosting.entryId, entry?.id ?? ""));
    expect(postings).toEqual(
      expect.arrayContaining([
        { account: "provider_clearing", amountMinor: 1_598, method: "card_terminal" },
        { account: "revenue", amountMinor: -1_598, method: null },
      ]),
    );
  });

  it("answers a repeat of the same request with the same sale, moving stock once", async () => {
    const item = await addProduct();
    const lot = await addLot(item.id, dayFrom(90), 5);
    const request = cash([{ productId: item.id, quantity: 2 }], 500);
    const first = await staffMember.counter.sell(request);
    const again = await staffMember.counter.sell(request);
    expect(again.id).toBe(first.id);
    expect(await lotQuantity(lot)).toEqual({ quantity: 3, reserved: 0 });
    // The same key for another request is refused.
    expect(
      await failureOf(
        staffMember.counter.sell({
          ...request,
          items: [{ productId: item.id, quantity: 1, discountMinor: 0 }],
        }),
      ),
    ).toMatchObject({ code: "CONFLICT", fieldErrors: { idempotencyKey: [expect.any(String)] } });
  });
});

describe("refusals", () => {
  it("refuses more than is left with CONFLICT on the line, and writes nothing", async () => {
    const plenty = await addProduct({ name: "Ibuprofen" });
    const scarce = await addProduct({ name: "Cetirizine" });
    await addLot(plenty.id, dayFrom(90), 10);
    await addLot(scarce.id, dayFrom(90), 2);
    const before = await databaseDigest(db);
    const failure = await failureOf(
      staffMember.counter.sell(
        cash(
          [
            { productId: plenty.id, quantity: 1 },
            { productId: scarce.id, quantity: 3 },
          ],
          10_000,
        ),
      ),
    );
    expect(failure).toMatchObject({
      code: "CONFLICT",
      fieldErrors: { "items.1.quantity": ["Only 2 left"] },
    });
    expect(await databaseDigest(db)).toEqual(before);
  });

  it("sells the last box once when two tills scan it at the same moment", async () => {
    const item = await addProduct({ name: "Last box" });
    const lot = await addLot(item.id, dayFrom(90), 1);
    const results = await Promise.allSettled([
      staffMember.counter.sell(cash([{ productId: item.id, quantity: 1 }], 500)),
      pharmacist.counter.sell(cash([{ productId: item.id, quantity: 1 }], 500)),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected");
    expect(errorShapeOf(refused?.status === "rejected" ? refused.reason : null)).toMatchObject({
      code: "CONFLICT",
      fieldErrors: { "items.0.quantity": ["No longer available"] },
    });
    expect(await lotQuantity(lot)).toEqual({ quantity: 0, reserved: 0 });
  });

  it("never sells an expired lot", async () => {
    const item = await addProduct();
    const expired = await addLot(item.id, dayFrom(-3), 5);
    const fresh = await addLot(item.id, dayFrom(30), 2);
    expect(
      await failureOf(
        staffMember.counter.sell(cash([{ productId: item.id, quantity: 3 }], 10_000)),
      ),
    ).toMatchObject({
      code: "CONFLICT",
      fieldErrors: { "items.0.quantity": ["Only 2 left"] },
    });
    const sale = await staffMember.counter.sell(cash([{ productId: item.id, quantity: 2 }], 500));
    expect(sale.lines[0]?.lots.map((l) => l.lotId)).toEqual([fresh]);
    expect(await lotQuantity(expired)).toEqual({ quantity: 5, reserved: 0 });
    expect(
      await failureOf(staffMember.counter.sell(cash([{ productId: item.id, quantity: 1 }], 500))),
    ).toMatchObject({
      code: "CONFLICT",
      fieldErrors: { "items.0.quantity": ["No longer available"] },
    });
  });

  it("refuses a discount larger than the line", async () => {
    const item = await addProduct({ priceMinor: 300 });
    await addLot(item.id, dayFrom(90), 5);
    const before = await databaseDigest(db);
    expect(
      await failureOf(
        staffMember.counter.sell(
          cash([{ productId: item.id, quantity: 2, discountMinor: 601 }], 0),
        ),
      ),
    ).toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: { "items.0.discountMinor": ["A discount cannot be more than the line"] },
    });
    expect(await databaseDigest(db)).toEqual(before);
  });

  it("refuses cash below the total, on the amount handed over", async () => {
    const item = await addProduct({ priceMinor: 1_000 });
    await addLot(item.id, dayFrom(90), 5);
    expect(
      await failureOf(staffMember.counter.sell(cash([{ productId: item.id, quantity: 1 }], 999))),
    ).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { tenderedMinor: [expect.any(String)] } });
  });

  it("answers another practice's patient or product as not found", async () => {
    const item = await addProduct();
    await addLot(item.id, dayFrom(90), 5);
    expect(
      await failureOf(
        staffMember.counter.sell({
          ...cash([{ productId: item.id, quantity: 1 }], 500),
          patientId: other.patientId,
        }),
      ),
    ).toMatchObject({ code: "NOT_FOUND", fieldErrors: { patientId: ["Patient not found"] } });
    const theirs = await addProduct({}, other.organization.id);
    expect(
      await failureOf(staffMember.counter.sell(cash([{ productId: theirs.id, quantity: 1 }], 500))),
    ).toMatchObject({ code: "NOT_FOUND" });
  });

  it("names the patient when the buyer is one", async () => {
    const item = await addProduct();
    await addLot(item.id, dayFrom(90), 5);
    const patient = await createPatient(owner, { firstName: "Amal", lastName: "Hassan" });
    const sale = await staffMember.counter.sell({
      ...cash([{ productId: item.id, quantity: 1 }], 500),
      patientId: patient.id,
    });
    expect(sale).toMatchObject({ patientId: patient.id, customerName: "Amal Hassan" });
  });
});

describe("prescription-only products", () => {
  it("need a pharmacist: staff are refused, a pharmacist must confirm the prescription", async () => {
    const item = await addProduct({ name: "Amoxicillin", prescriptionOnly: true });
    const lot = await addLot(item.id, dayFrom(90), 5);
    const request = () => ({
      ...cash([{ productId: item.id, quantity: 1 }], 500),
      prescriptionSeen: true,
    });
    expect(await failureOf(staffMember.counter.sell(request()))).toMatchObject({
      code: "FORBIDDEN",
      fieldErrors: { prescriptionSeen: ["A pharmacist must approve prescription-only items"] },
    });
    expect(
      await failureOf(pharmacist.counter.sell({ ...request(), prescriptionSeen: false })),
    ).toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: { prescriptionSeen: [expect.any(String)] },
    });
    expect(await lotQuantity(lot)).toEqual({ quantity: 5, reserved: 0 });

    const sale = await pharmacist.counter.sell({
      ...request(),
      prescriptionNote: "Dr Reed, 12 Nov",
    });
    expect(sale.prescriptionNote).toBe("Dr Reed, 12 Nov");
    const movements = await db
      .select({ kind: stockMovement.kind })
      .from(stockMovement)
      .where(eq(stockMovement.orderId, sale.id));
    expect(movements).toEqual([{ kind: "dispense" }]);
  });
});

describe("the receipt", () => {
  it("shows the practice, the sale, its lines, tax, total, and the change", async () => {
    const item = await addProduct({ name: "Loratadine", priceMinor: 450, taxBps: 2_000 });
    await addLot(item.id, dayFrom(90), 5);
    const sale = await staffMember.counter.sell(
      cash([{ productId: item.id, quantity: 2, discountMinor: 50 }], 2_000),
    );
    const host = await hostCallerFor(db, {
      token: practice.owner.token,
      organizationId: practice.organization.id,
    });
    const pdf = await host.counter.receipt({ id: sale.id });
    expect(pdf.fileName).toBe(`receipt-${sale.number}.pdf`);
    expect(pdf.bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const text = pdfText(pdf.bytes);
    const money = (minor: number) => formatMinor(minor, sale.currency);
    for (const expected of [
      "Thames Pharmacy",
      "Receipt",
      `Sale ${sale.number}`,
      "Loratadine 500 mg",
      money(450),
      money(-50),
      money(850),
      money(170),
      money(1_020),
      "Cash",
      money(2_000),
      money(980),
    ]) {
      expect(text).toContain(expected);
    }
    // Another practice's staff: not found.
    const theirs = await hostCallerFor(db, {
      token: other.owner.token,
      organizationId: other.organization.id,
    });
    expect(await failureOf(theirs.counter.receipt({ id: sale.id }))).toMatchObject({
      code: "NOT_FOUND",
    });
  });
});

describe("the day's sales and a void", () => {
  it("lists today's sales newest first and voids one: units back, money reversed", async () => {
    const item = await addProduct({ priceMinor: 700 });
    const lot = await addLot(item.id, dayFrom(90), 5);
    const sale = await staffMember.counter.sell(cash([{ productId: item.id, quantity: 2 }], 1_400));
    const page = await staffMember.counter.sales({ day: today, limit: 100 });
    expect(page.items[0]?.id).toBe(sale.id);
    expect((await staffMember.counter.sale({ id: sale.id })).canVoid).toBe(true);

    const takingsBefore = await owner.billing.takings({ from: today, to: today });
    const voided = await staffMember.counter.void({ id: sale.id, reason: "Wrong item" });
    expect(voided).toMatchObject({
      status: "cancelled",
      cancelReason: "Wrong item",
      canVoid: false,
    });
    expect(await lotQuantity(lot)).toEqual({ quantity: 5, reserved: 0 });
    const takingsAfter = await owner.billing.takings({ from: today, to: today });
    expect(takingsAfter.byMethod.cash - takingsBefore.byMethod.cash).toBe(-1_400);
    expect(
      await failureOf(staffMember.counter.void({ id: sale.id, reason: "Again" })),
    ).toMatchObject({ code: "CONFLICT" });
  });
});
