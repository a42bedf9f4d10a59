// Money's guarantees at the core: every movement is a balanced journal entry that PostgreSQL
// itself keeps balanced and unchanged; desk payments and refunds post once; refunds never exceed
// what was paid, even two at once; a provider's report moves a payment once, whatever the order
// or the number of times; keys that do not open are a clear configuration error.
import { findPgError, schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import {
  callerFor,
  createPatient,
  createStockedPractice,
  failureOf,
  uniqueIdempotencyKey,
  type Caller,
  type StockedPractice,
} from "@caredesk/api/testing";
import { secretBox } from "@caredesk/payments";
import { randomBytes, randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runAudited } from "../src/audit";
import { accountGateway } from "../src/service/payment-account";
import { reconcilePayment } from "../src/service/payment";

let database: TestDatabase;
let db: Database;
let practice: StockedPractice;
let staff: Caller;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  practice = await createStockedPractice(db, { name: "Ledger Clinic" });
  staff = await callerFor(db, {
    token: practice.owner.token,
    organizationId: practice.organization.id,
  });
});
afterAll(() => database.drop());

const orgId = () => practice.organization.id;

async function deskPayment(patientId: string, amountMinor: number) {
  await staff.ledger.recordPayment({
    patientId,
    amountMinor,
    method: "cash",
    idempotencyKey: uniqueIdempotencyKey(),
  });
  const [paid] = (await staff.payment.list({ patientId, limit: 1 })).items;
  if (!paid) throw new Error("no payment recorded");
  return paid;
}

/** Journal entries of the practice whose postings do not balance in some currency. */
function unbalancedEntries() {
  return db
    .select({ entryId: schema.journalPosting.entryId })
    .from(schema.journalPosting)
    .where(eq(schema.journalPosting.organizationId, orgId()))
    .groupBy(schema.journalPosting.entryId, schema.journalPosting.currency)
    .having(sql`sum(${schema.journalPosting.amountMinor}) <> 0`);
}

/** What the patient's account says they owe, and what the journal's receivable says. */
async function balances(patientId: string) {
  const ledger = await staff.ledger.get({ patientId });
  const [row] = await db
    .select({ sum: sql<string>`coalesce(sum(${schema.journalPosting.amountMinor}), 0)` })
    .from(schema.journalPosting)
    .where(
      and(
        eq(schema.journalPosting.organizationId, orgId()),
        eq(schema.journalPosting.account, "receivable"),
        eq(schema.journalPosting.patientId, patientId),
      ),
    );
  return { account: ledger.balanceMinor, journal: Number(row?.sum ?? 0) };
}

describe("the journal, as PostgreSQL keeps it", () => {
  it("refuses an entry whose postings do not balance, at commit", async () => {
    const entryId = randomUUID();
    const attempt = db.transaction(async (tx) => {
      await tx.insert(schema.journalEntry).values({
        id: entryId,
        organizationId: orgId(),
        kind: "adjustment",
        memo: "One-sided",
        effectiveOn: "2026-11-30",
      });
      await tx.insert(schema.journalPosting).values([
        { organizationId: orgId(), entryId, account: "cash", amountMinor: 1_000, currency: "GBP" },
        {
          organizationId: orgId(),
          entryId,
          account: "revenue",
          amountMinor: -900,
          currency: "GBP",
        },
      ]);
    });
    const error = await attempt.then(
      () => null,
      (e: unknown) => e,
    );
    expect(findPgError(error)?.code).toBe("23514");
    expect(findPgError(error)?.constraint).toBe("journal_entry_balanced");
    const [kept] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(schema.journalEntry)
      .where(eq(schema.journalEntry.id, entryId));
    expect(kept?.n).toBe(0);
  });

  it("refuses a posting added later to a balanced entry", async () => {
    const patient = await createPatient(staff);
    await deskPayment(patient.id, 1_500);
    const [entry] = await db
      .select({ id: schema.journalEntry.id })
      .from(schema.journalEntry)
      .where(
        and(
          eq(schema.journalEntry.organizationId, orgId()),
          eq(schema.journalEntry.kind, "payment"),
        ),
      )
      .limit(1);
    const error = await db
      .insert(schema.journalPosting)
      .values({
        organizationId: orgId(),
        entryId: entry?.id ?? "",
        account: "cash",
        amountMinor: 1,
        currency: "GBP",
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(findPgError(error)?.constraint).toBe("journal_entry_balanced");
  });

  it("refuses to update or delete a posted entry or posting", async () => {
    const patient = await createPatient(staff);
    await deskPayment(patient.id, 2_500);
    const [entry] = await db
      .select({ id: schema.journalEntry.id })
      .from(schema.journalEntry)
      .where(eq(schema.journalEntry.organizationId, orgId()))
      .limit(1);
    const id = entry?.id ?? "";
    const attempts = [
      db.update(schema.journalEntry).set({ memo: "Changed" }).where(eq(schema.journalEntry.id, id)),
      db.delete(schema.journalEntry).where(eq(schema.journalEntry.id, id)),
      db
        .update(schema.journalPosting)
        .set({ amountMinor: 1 })
        .where(eq(schema.journalPosting.entryId, id)),
      db.delete(schema.journalPosting).where(eq(schema.journalPosting.entryId, id)),
    ];
    for (const attempt of attempts) {
      const error = await attempt.then(
        () => null,
        (e: unknown) => e,
      );
      expect(findPgError(error)?.code).toBe("55000");
      expect(findPgError(error)?.constraint).toBe("signed_record_locked");
    }
  });
});

describe("payments at the desk and refunds", () => {
  it("post balanced entries that the patient's account agrees with", async () => {
    const patient = await createPatient(staff);
    await staff.chart.addTreatment({
      patientId: patient.id,
      tooth: "14",
      description: "Filling",
      priceMinor: 12_000,
      status: "completed",
    });
    const paid = await deskPayment(patient.id, 5_000);
    expect(paid).toMatchObject({ status: "succeeded", method: "cash", amountMinor: 5_000 });
    const refunded = await staff.payment.refund({
      paymentId: paid.id,
      amountMinor: 2_000,
      reason: "Paid twice for the X-ray",
      idempotencyKey: uniqueIdempotencyKey(),
    });
    expect(refunded.payment).toMatchObject({ status: "partially_refunded", refundedMinor: 2_000 });
    expect(refunded.refund).toMatchObject({ status: "succeeded", amountMinor: 2_000 });
    expect(await balances(patient.id)).toEqual({ account: 9_000, journal: 9_000 });
    expect(await unbalancedEntries()).toEqual([]);
  });

  it("refuses to refund more than is left", async () => {
    const patient = await createPatient(staff);
    const paid = await deskPayment(patient.id, 3_000);
    const refund = (amountMinor: number) =>
      staff.payment.refund({
        paymentId: paid.id,
        amountMinor,
        reason: "Refund",
        idempotencyKey: uniqueIdempotencyKey(),
      });
    const tooMuch = await failureOf(refund(3_001));
    expect(tooMuch.code).toBe("BAD_REQUEST");
    expect(tooMuch.fieldErrors?.amountMinor).toEqual(["At most GBP 30.00 can be refunded"]);
    await refund(3_000);
    expect((await failureOf(refund(1))).code).toBe("CONFLICT");
    expect((await staff.payment.byId({ id: paid.id })).status).toBe("refunded");
  });

  it("lets one of two refunds that together exceed the payment through", async () => {
    const patient = await createPatient(staff);
    const paid = await deskPayment(patient.id, 10_000);
    const outcomes = await Promise.allSettled(
      [6_000, 6_000].map((amountMinor) =>
        staff.payment.refund({
          paymentId: paid.id,
          amountMinor,
          reason: "Cancelled visit",
          idempotencyKey: uniqueIdempotencyKey(),
        }),
      ),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect((await staff.payment.byId({ id: paid.id })).refundedMinor).toBe(6_000);
    expect(await balances(patient.id)).toEqual({ account: -4_000, journal: -4_000 });
  });

  it("answers a repeated refund request with the refund it made", async () => {
    const patient = await createPatient(staff);
    const paid = await deskPayment(patient.id, 4_000);
    const request = {
      paymentId: paid.id,
      amountMinor: 1_000,
      reason: "Duplicate",
      idempotencyKey: uniqueIdempotencyKey(),
    };
    const first = await staff.payment.refund(request);
    const again = await staff.payment.refund(request);
    expect(again.refund.id).toBe(first.refund.id);
    expect((await staff.payment.byId({ id: paid.id })).refundedMinor).toBe(1_000);
  });
});

describe("what a provider reports", () => {
  /** An online payment waiting for the provider, as a portal checkout leaves it. */
  async function onlinePayment(amountMinor = 50_000) {
    const [row] = await db
      .insert(schema.payment)
      .values({
        organizationId: orgId(),
        patientId: practice.ids.patient,
        method: "stripe",
        provider: "stripe",
        status: "requires_action",
        amountMinor,
        currency: "GBP",
        providerRef: `pi_${randomUUID().replaceAll("-", "")}`,
      })
      .returning();
    if (!row) throw new Error("no payment");
    return row;
  }
  const org = () => ({ id: orgId(), currency: "GBP", timeZone: "Europe/London" });
  const apply = (paymentId: string, observed: Parameters<typeof reconcilePayment>[3]) =>
    runAudited(
      db,
      { organizationId: orgId(), actorUserId: null, ip: null, requestId: null },
      "test:reconcile",
      (tx) => reconcilePayment(tx, org(), paymentId, observed),
    );
  const entriesOf = async (paymentId: string) =>
    db
      .select({ kind: schema.journalEntry.kind })
      .from(schema.journalEntry)
      .where(
        and(
          eq(schema.journalEntry.organizationId, orgId()),
          eq(schema.journalEntry.paymentId, paymentId),
        ),
      );

  it("applies the same success any number of times, at once, as one payment", async () => {
    const p = await onlinePayment();
    const success = { status: "succeeded" as const, amountMinor: 50_000, currency: "gbp" };
    await Promise.all([apply(p.id, success), apply(p.id, success), apply(p.id, success)]);
    await apply(p.id, success);
    expect(await entriesOf(p.id)).toEqual([{ kind: "payment" }]);
    expect((await staff.payment.byId({ id: p.id })).status).toBe("succeeded");
  });

  it("never lets a late 'processing' or 'failed' undo a success", async () => {
    const p = await onlinePayment();
    await apply(p.id, { status: "succeeded", amountMinor: 50_000, currency: "GBP" });
    await apply(p.id, { status: "processing" });
    await apply(p.id, { status: "failed", failureReason: "card_declined" });
    expect((await staff.payment.byId({ id: p.id })).status).toBe("succeeded");
  });

  it("lets a success follow a failed attempt (the payer tried another card)", async () => {
    const p = await onlinePayment();
    await apply(p.id, { status: "failed", failureReason: "card_declined" });
    expect((await staff.payment.byId({ id: p.id })).status).toBe("failed");
    await apply(p.id, { status: "succeeded", amountMinor: 50_000, currency: "GBP" });
    expect((await staff.payment.byId({ id: p.id })).status).toBe("succeeded");
  });

  it("holds a payment whose amount or currency differs for review, unpaid", async () => {
    const short = await onlinePayment();
    await apply(short.id, { status: "succeeded", amountMinor: 49_999, currency: "GBP" });
    const wrongCurrency = await onlinePayment();
    await apply(wrongCurrency.id, { status: "succeeded", amountMinor: 50_000, currency: "EUR" });
    for (const p of [short, wrongCurrency]) {
      const view = await staff.payment.byId({ id: p.id });
      expect(view.status).toBe("held_for_review");
      expect(view.statusReason).toMatch(/The provider reported/);
      expect(await entriesOf(p.id)).toEqual([]);
    }
  });

  it("asks for the provider's word on a refund before the success it implies", async () => {
    const p = await onlinePayment();
    const refundFirst = await apply(p.id, {
      refunds: [{ refundId: "re_early", amountMinor: 10_000, status: "succeeded" }],
    });
    expect(refundFirst).toBe("needs_retrieval");
    expect(await entriesOf(p.id)).toEqual([]);
    // What a retrieval then says: succeeded, with that refund. Applied twice, posted once.
    const truth = {
      status: "succeeded" as const,
      amountMinor: 50_000,
      currency: "GBP",
      refunds: [{ refundId: "re_early", amountMinor: 10_000, status: "succeeded" as const }],
    };
    await apply(p.id, truth);
    await apply(p.id, truth);
    expect((await entriesOf(p.id)).map((e) => e.kind).sort()).toEqual(["payment", "refund"]);
    expect(await staff.payment.byId({ id: p.id })).toMatchObject({
      status: "partially_refunded",
      refundedMinor: 10_000,
    });
    expect(await unbalancedEntries()).toEqual([]);
  });
});

describe("reconciliation", () => {
  it("matches what the journal booked at the provider and flags what it did not", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    const [booked] = await db
      .insert(schema.payment)
      .values({
        organizationId: orgId(),
        patientId: practice.ids.patient,
        method: "stripe",
        provider: "stripe",
        status: "requires_action",
        amountMinor: 7_000,
        currency: "GBP",
        providerRef: `pi_${randomUUID().replaceAll("-", "")}`,
      })
      .returning();
    await runAudited(
      db,
      { organizationId: orgId(), actorUserId: null, ip: null, requestId: null },
      "test:reconcile",
      (tx) =>
        reconcilePayment(
          tx,
          { id: orgId(), currency: "GBP", timeZone: "Europe/London" },
          booked?.id ?? "",
          {
            status: "succeeded",
            amountMinor: 7_000,
            currency: "GBP",
          },
        ),
    );
    // Marked paid behind the books' back: nothing was posted for it.
    const [unbooked] = await db
      .insert(schema.payment)
      .values({
        organizationId: orgId(),
        patientId: practice.ids.patient,
        method: "stripe",
        provider: "stripe",
        status: "succeeded",
        amountMinor: 3_000,
        currency: "GBP",
        providerRef: `pi_${randomUUID().replaceAll("-", "")}`,
      })
      .returning();
    const report = await staff.billing.reconciliation({ from: monthAgo, to: today });
    const stateOf = (id: string | undefined) => report.rows.find((r) => r.paymentId === id);
    expect(stateOf(booked?.id)).toMatchObject({
      state: "matched",
      expectedMinor: 7_000,
      bookedMinor: 7_000,
    });
    expect(stateOf(unbooked?.id)).toMatchObject({
      state: "mismatch",
      expectedMinor: 3_000,
      bookedMinor: 0,
    });
    expect(report.mismatches).toBeGreaterThanOrEqual(1);
  });
});

describe("providers' keys", () => {
  it("are never read back, and keys sealed under another key are a clear configuration error", async () => {
    const accounts = await staff.paymentAccount.list();
    expect(JSON.stringify(accounts)).not.toMatch(/sk_test|whsec_/);
    const [account] = await db
      .select()
      .from(schema.paymentAccount)
      .where(eq(schema.paymentAccount.organizationId, orgId()));
    expect(account?.sealedSecrets).not.toMatch(/sk_test|whsec_/);
    const otherBox = secretBox(randomBytes(32));
    const error = await accountGateway(
      db,
      { box: otherBox, endpoints: {} },
      orgId(),
      "stripe",
    ).then(
      () => null,
      (e: unknown) => e as { code?: string; message?: string },
    );
    expect(error?.code).toBe("PRECONDITION_FAILED");
    expect(error?.message).toMatch(/enter them again/);
  });
});
