// The patient ledger: payments at the desk lower the balance, double-clicks record once, aging
// buckets what is unpaid by age (oldest charges paid first), corrections are reversing entries,
// and the database itself refuses to change an entry.
import { findPgError, schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import {
  callerFor,
  createPatient,
  createStockedPractice,
  databaseDigest,
  failureOf,
  uniqueIdempotencyKey,
  type Caller,
  type StockedPractice,
} from "@caredesk/api/testing";
import { epochMinutesToLocal, toEpochMinutes } from "@caredesk/scheduling";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ageBalance, type LedgerEntry } from "../src/service/ledger";

let database: TestDatabase;
let db: Database;
let practice: StockedPractice;
let other: StockedPractice;
let staff: Caller;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  [practice, other] = await Promise.all([
    createStockedPractice(db, { name: "Nile Dental" }),
    createStockedPractice(db, { name: "Delta Dental" }),
  ]);
  staff = await callerFor(db, {
    token: practice.owner.token,
    organizationId: practice.organization.id,
  });
});
afterAll(() => database.drop());

const daysAgo = (days: number) =>
  epochMinutesToLocal(toEpochMinutes(new Date(Date.now() - days * 86_400_000)), "Europe/London")
    .date;

async function patientOwing(amounts: { amount: number; daysAgo: number }[]) {
  const patientId = (await createPatient(staff)).id;
  for (const { amount, daysAgo: days } of amounts) {
    await staff.chart.addTreatment({
      patientId,
      tooth: "14",
      description: "Filling",
      priceMinor: amount,
      status: "completed",
      performedOn: daysAgo(days),
    });
  }
  return patientId;
}

function pay(patientId: string, amountMinor: number, key = uniqueIdempotencyKey()) {
  return staff.ledger.recordPayment({
    patientId,
    amountMinor,
    method: "cash",
    idempotencyKey: key,
  });
}

describe("payments at the desk", () => {
  it("lower the balance and show the running balance, newest first", async () => {
    const patientId = await patientOwing([{ amount: 10_000, daysAgo: 0 }]);
    await pay(patientId, 3_000);
    const ledger = await staff.ledger.get({ patientId });
    expect(ledger.balanceMinor).toBe(7_000);
    expect(ledger.entries.map((e) => [e.kind, e.amountMinor, e.balanceAfterMinor])).toEqual([
      ["payment", -3_000, 7_000],
      ["charge", 10_000, 10_000],
    ]);
    expect(ledger.aging).toEqual({ current: 7_000, days31to60: 0, days61to90: 0, over90: 0 });
  });

  it("record once when the same request is sent twice", async () => {
    const patientId = await patientOwing([{ amount: 10_000, daysAgo: 0 }]);
    const key = uniqueIdempotencyKey();
    const [first, second] = await Promise.all([
      pay(patientId, 2_500, key),
      pay(patientId, 2_500, key),
    ]);
    expect(second.id).toBe(first.id);
    const again = await pay(patientId, 2_500, key);
    expect(again.id).toBe(first.id);
    expect((await staff.ledger.get({ patientId })).balanceMinor).toBe(7_500);
    const other = await failureOf(pay(patientId, 2_600, key));
    expect(other.code).toBe("CONFLICT");
  });

  it("count towards the treatment they pay for", async () => {
    const patientId = (await createPatient(staff)).id;
    const treatment = await staff.chart.addTreatment({
      patientId,
      tooth: "14",
      description: "Crown",
      priceMinor: 40_000,
      status: "completed",
    });
    await staff.ledger.recordPayment({
      patientId,
      amountMinor: 15_000,
      method: "card_terminal",
      treatmentId: treatment.id,
      reference: "slip 0042",
      idempotencyKey: uniqueIdempotencyKey(),
    });
    const ledger = await staff.ledger.get({ patientId });
    expect(ledger.paidByTreatment).toEqual([{ treatmentId: treatment.id, paidMinor: 15_000 }]);
  });

  it("refuse zero, negative and another patient's treatment, writing nothing", async () => {
    const patientId = (await createPatient(staff)).id;
    const before = await databaseDigest(db);
    expect((await failureOf(pay(patientId, 0))).code).toBe("BAD_REQUEST");
    expect((await failureOf(pay(patientId, -100))).code).toBe("BAD_REQUEST");
    const foreign = await failureOf(
      staff.ledger.recordPayment({
        patientId,
        amountMinor: 100,
        method: "cash",
        treatmentId: practice.ids.treatment,
        idempotencyKey: uniqueIdempotencyKey(),
      }),
    );
    expect(foreign.code).toBe("NOT_FOUND");
    expect((await failureOf(pay(other.ids.patient, 100))).code).toBe("NOT_FOUND");
    expect(await databaseDigest(db)).toEqual(before);
  });
});

describe("aging", () => {
  it("pays the oldest charges first and buckets the rest by age", async () => {
    const patientId = await patientOwing([
      { amount: 1_000, daysAgo: 120 },
      { amount: 2_000, daysAgo: 75 },
      { amount: 4_000, daysAgo: 45 },
      { amount: 8_000, daysAgo: 5 },
    ]);
    await pay(patientId, 1_500);
    const ledger = await staff.ledger.get({ patientId });
    expect(ledger.balanceMinor).toBe(13_500);
    expect(ledger.aging).toEqual({
      current: 8_000,
      days31to60: 4_000,
      days61to90: 1_500,
      over90: 0,
    });
  });

  it("buckets day 30 as current and day 31 as 31–60", () => {
    const entry = (id: string, amountMinor: number, effectiveOn: string): LedgerEntry => ({
      id,
      patientId: "p",
      kind: amountMinor > 0 ? "charge" : "payment",
      amountMinor,
      currency: "GBP",
      method: null,
      paymentId: null,
      treatmentId: null,
      reversesEntryId: null,
      description: "",
      reference: null,
      effectiveOn,
      createdAt: new Date(0),
    });
    expect(
      ageBalance([entry("a", 100, "2026-01-01"), entry("b", 200, "2025-12-31")], "2026-01-31"),
    ).toEqual({ current: 100, days31to60: 200, days61to90: 0, over90: 0 });
  });
});

describe("corrections", () => {
  it("reverse an entry once, never a reversal", async () => {
    const patientId = await patientOwing([{ amount: 10_000, daysAgo: 0 }]);
    const payment = await pay(patientId, 4_000);
    const reversal = await staff.ledger.reverse({ entryId: payment.id, reason: "Wrong patient" });
    expect(reversal).toMatchObject({
      kind: "payment",
      amountMinor: 4_000,
      reversesEntryId: payment.id,
    });
    const ledger = await staff.ledger.get({ patientId });
    expect(ledger.balanceMinor).toBe(10_000);
    expect(ledger.aging.current).toBe(10_000);
    expect(ledger.entries.find((e) => e.id === payment.id)?.reversedByEntryId).toBe(reversal.id);
    expect((await failureOf(staff.ledger.reverse({ entryId: payment.id }))).code).toBe("CONFLICT");
    expect((await failureOf(staff.ledger.reverse({ entryId: reversal.id }))).code).toBe("CONFLICT");
  });

  it("adjust either way with a reason", async () => {
    const patientId = await patientOwing([{ amount: 10_000, daysAgo: 0 }]);
    await staff.ledger.adjust({ patientId, amountMinor: -1_000, reason: "Courtesy discount" });
    const ledger = await staff.ledger.get({ patientId });
    expect(ledger.balanceMinor).toBe(9_000);
    expect(ledger.entries[0]).toMatchObject({
      kind: "adjustment",
      description: "Courtesy discount",
    });
    expect(
      (await failureOf(staff.ledger.adjust({ patientId, amountMinor: 0, reason: "Nothing" }))).code,
    ).toBe("BAD_REQUEST");
  });

  it("cannot be made by changing an entry: the database refuses", async () => {
    const error = await db
      .execute(
        sql`update ledger_entry set amount_minor = 1 where id = ${practice.ids.ledgerEntry}::uuid`,
      )
      .then(
        () => null,
        (cause: unknown) => cause,
      );
    expect(findPgError(error)?.code).toBe("55000");
    const deleted = await db
      .delete(schema.ledgerEntry)
      .where(eq(schema.ledgerEntry.id, practice.ids.ledgerEntry))
      .then(
        () => null,
        (cause: unknown) => cause,
      );
    expect(findPgError(deleted)?.code).toBe("55000");
  });
});

describe("the portal", () => {
  it("shows the patient their own balance", async () => {
    const portal = await callerFor(db, {
      token: practice.portalUser.token,
      organizationId: practice.organization.id,
    });
    const mine = await portal.ledger.mine();
    expect(mine.patientId).toBe(practice.ids.patient);
    // The stocked patient's account: 20.00 paid at the desk; invoices of 100.00 and 100.00 and a
    // 30.00 scaling charged; 40.00 paid on the second invoice; and the bills of their pharmacy
    // orders still open (issued, not voided).
    const [orders] = await db
      .select({ billed: sql<string>`coalesce(sum(${schema.invoice.totalMinor}), 0)` })
      .from(schema.pharmacyOrder)
      .innerJoin(
        schema.invoice,
        and(
          eq(schema.invoice.organizationId, schema.pharmacyOrder.organizationId),
          eq(schema.invoice.id, schema.pharmacyOrder.invoiceId),
        ),
      )
      .where(
        and(
          eq(schema.pharmacyOrder.patientId, practice.ids.patient),
          eq(schema.invoice.status, "issued"),
        ),
      );
    expect(Number(orders?.billed)).toBeGreaterThan(0);
    expect(mine.balanceMinor).toBe(
      -2_000 + 10_000 + 3_000 + 10_000 - 4_000 + Number(orders?.billed),
    );
    expect(mine).toEqual(await staff.ledger.get({ patientId: practice.ids.patient }));
    expect((await failureOf(portal.ledger.get({ patientId: practice.ids.patient }))).code).toBe(
      "FORBIDDEN",
    );
  });
});
