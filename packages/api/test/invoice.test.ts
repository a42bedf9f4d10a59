// Invoices and what hangs on them: numbers run without gaps however issues fail, a void keeps its
// number, tax is exact to the minor unit, a treatment is invoiced once, refunds never exceed what
// was paid (even two at once), the receipt shows the payment and its refunds, and the day's
// takings are what the journal and the patients' accounts say.
import { schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import {
  callerFor,
  createPatient,
  createPractice,
  createStockedPractice,
  failureOf,
  hostCallerFor,
  uniqueIdempotencyKey,
  type Caller,
  type StockedPractice,
} from "@caredesk/api/testing";
import { and, between, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { inflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { issueDraft, lineMoney, taxOf } from "../src/service/invoice";
import { practiceToday } from "../src/service/dental";
import { formatMinor } from "../src/service/money-text";

let database: TestDatabase;
let db: Database;
let practice: StockedPractice;
let other: StockedPractice;
let staff: Caller;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  [practice, other] = await Promise.all([
    createStockedPractice(db, { name: "Nile Clinic" }),
    createStockedPractice(db, { name: "Delta Clinic" }),
  ]);
  staff = await callerFor(db, {
    token: practice.owner.token,
    organizationId: practice.organization.id,
  });
  await setTax(staff, 1400);
});
afterAll(() => database.drop());

async function setTax(caller: Caller, taxRateBps: number) {
  const settings = await caller.billing.settings();
  const { currency: _currency, ...rest } = settings;
  await caller.billing.updateSettings({ ...rest, taxRateBps, taxLabel: "VAT" });
}

/** A fresh practice (its own invoice numbers from 1) with its owner's caller and a patient. */
async function freshPractice() {
  const p = await createPractice(db);
  const caller = await callerFor(db, { token: p.owner.token, organizationId: p.organization.id });
  const patient = await createPatient(caller);
  return { ...p, caller, patient };
}

function line(unitPriceMinor: number, extra: { quantity?: number; discountMinor?: number } = {}) {
  return { description: "Consultation", unitPriceMinor, quantity: 1, discountMinor: 0, ...extra };
}

function draft(caller: Caller, patientId: string, lines = [line(10_000)]) {
  return caller.invoice.create({ patientId, lines, treatmentIds: [] });
}

async function balanceOf(caller: Caller, patientId: string) {
  return (await caller.ledger.get({ patientId })).balanceMinor;
}

function payCash(caller: Caller, patientId: string, amountMinor: number, invoiceId?: string) {
  return caller.ledger.recordPayment({
    patientId,
    amountMinor,
    method: "cash",
    ...(invoiceId ? { invoiceId } : {}),
    idempotencyKey: uniqueIdempotencyKey(),
  });
}

async function paymentOfLine(lineId: string) {
  const [row] = await db
    .select({ paymentId: schema.ledgerEntry.paymentId })
    .from(schema.ledgerEntry)
    .where(eq(schema.ledgerEntry.id, lineId));
  if (!row?.paymentId) throw new Error("the line records no payment");
  return row.paymentId;
}

/** The text a PDF draws (its content streams inflated, its strings decoded). */
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
        continue; // not a content stream we can read (an image)
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

describe("tax", () => {
  it("is rounded half up per line, in integer minor units", () => {
    expect(taxOf(5, 1000)).toBe(1); // 0.5 → 1
    expect(taxOf(14, 1000)).toBe(1); // 1.4 → 1
    expect(taxOf(15, 1000)).toBe(2); // 1.5 → 2
    expect(taxOf(0, 1400)).toBe(0);
    // Past 2^53 in the intermediate product: still exact.
    expect(taxOf(1_000_000_000_000, 5000)).toBe(500_000_000_000);
    expect(lineMoney({ quantity: 3, unitPriceMinor: 3_333, discountMinor: 1 }, 1400)).toEqual({
      grossMinor: 9_999,
      baseMinor: 9_998,
      taxMinor: 1_400, // 1399.72 → 1400
      totalMinor: 11_398,
    });
  });

  it("totals an invoice from its lines and posts receivable, revenue and tax on issue", async () => {
    const patientId = (await createPatient(staff)).id;
    const before = await balanceOf(staff, patientId);
    const created = await draft(staff, patientId, [
      line(1_250, { quantity: 2, discountMinor: 500 }), // base 2000, tax 280
      line(999), // tax 139.86 → 140
      line(3), // tax 0.42 → 0
    ]);
    expect(created.lines.map((l) => [l.taxMinor, l.totalMinor])).toEqual([
      [280, 2_280],
      [140, 1_139],
      [0, 3],
    ]);
    expect(created).toMatchObject({
      status: "draft",
      number: null,
      subtotalMinor: 3_502,
      discountMinor: 500,
      taxMinor: 420,
      totalMinor: 3_422,
    });
    const issued = await staff.invoice.issue({ id: created.id });
    expect(issued).toMatchObject({ status: "issued", outstandingMinor: 3_422, paidMinor: 0 });
    expect(await balanceOf(staff, patientId)).toBe(before + 3_422);
    const postings = await db
      .select({ account: schema.journalPosting.account, amount: schema.journalPosting.amountMinor })
      .from(schema.journalPosting)
      .innerJoin(schema.journalEntry, eq(schema.journalEntry.id, schema.journalPosting.entryId))
      .where(eq(schema.journalEntry.invoiceId, created.id));
    expect(Object.fromEntries(postings.map((p) => [p.account, p.amount]))).toEqual({
      receivable: 3_422,
      revenue: -3_002,
      tax_payable: -420,
    });
  });

  it("refuses a discount larger than its line, naming the field", async () => {
    const patientId = (await createPatient(staff)).id;
    const failure = await failureOf(
      draft(staff, patientId, [line(1_000, { discountMinor: 1_001 })]),
    );
    expect(failure).toMatchObject({ code: "BAD_REQUEST" });
    expect(failure.fieldErrors).toHaveProperty(["lines.0.discountMinor"]);
  });
});

describe("invoice numbers", () => {
  it("have no gaps under 20 concurrent issues, some of which fail", async () => {
    const fresh = await freshPractice();
    const drafts = [];
    for (let i = 0; i < 17; i++) drafts.push(await draft(fresh.caller, fresh.patient.id));
    const org = { id: fresh.organization.id, timeZone: "Europe/London" };
    const crash = new Error("crashed after taking a number");
    const outcomes = await Promise.allSettled([
      // 14 that succeed…
      ...drafts.slice(0, 14).map((d) => fresh.caller.invoice.issue({ id: d.id })),
      // …3 that fail after taking their number (their transaction rolls back)…
      ...drafts.slice(14).map((d) =>
        db.transaction(async (tx) => {
          await issueDraft(tx, org, fresh.owner.id, d.id);
          throw crash;
        }),
      ),
      // …and 3 second issues of drafts being issued at the same time.
      ...drafts.slice(0, 3).map((d) => fresh.caller.invoice.issue({ id: d.id })),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(14);
    const rows = await db
      .select({ number: schema.invoice.number, status: schema.invoice.status })
      .from(schema.invoice)
      .where(eq(schema.invoice.organizationId, fresh.organization.id));
    const numbers = rows
      .flatMap((r) => (r.number === null ? [] : [r.number]))
      .sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    expect(rows.filter((r) => r.status === "draft")).toHaveLength(3);
    // The drafts that failed take the next numbers when issued again.
    const later = [];
    for (const d of drafts.slice(14)) later.push(await fresh.caller.invoice.issue({ id: d.id }));
    expect(later.map((i) => i.number)).toEqual([15, 16, 17]);
  });

  it("are kept by a void: the charge is reversed and the next invoice takes the next number", async () => {
    const fresh = await freshPractice();
    const first = await fresh.caller.invoice.issue({
      id: (await draft(fresh.caller, fresh.patient.id)).id,
    });
    expect(await balanceOf(fresh.caller, fresh.patient.id)).toBe(10_000);
    const voided = await fresh.caller.invoice.void({ id: first.id, reason: "Entered twice" });
    expect(voided).toMatchObject({ status: "void", number: first.number, outstandingMinor: 0 });
    expect(await balanceOf(fresh.caller, fresh.patient.id)).toBe(0);
    const second = await fresh.caller.invoice.issue({
      id: (await draft(fresh.caller, fresh.patient.id)).id,
    });
    expect(second.number).toBe((first.number ?? 0) + 1);
    expect(
      await failureOf(fresh.caller.invoice.void({ id: first.id, reason: "Again" })),
    ).toMatchObject({ code: "CONFLICT" });
  });

  it("refuses to void an invoice money was paid on", async () => {
    const patientId = (await createPatient(staff)).id;
    const issued = await staff.invoice.issue({ id: (await draft(staff, patientId)).id });
    await payCash(staff, patientId, 1_000, issued.id);
    expect(await failureOf(staff.invoice.void({ id: issued.id, reason: "Oops" }))).toMatchObject({
      code: "CONFLICT",
    });
    const read = await staff.invoice.byId({ id: issued.id });
    expect(read).toMatchObject({ status: "issued", paidMinor: 1_000 });
    expect(read.outstandingMinor).toBe(read.totalMinor - 1_000);
  });

  it("are another practice's business: its invoices are not found", async () => {
    const patientId = (await createPatient(staff)).id;
    const mine = await draft(staff, patientId);
    const theirs = await callerFor(db, {
      token: other.owner.token,
      organizationId: other.organization.id,
    });
    expect(await failureOf(theirs.invoice.byId({ id: mine.id }))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await failureOf(theirs.invoice.issue({ id: mine.id }))).toMatchObject({
      code: "NOT_FOUND",
    });
  });
});

describe("treatments on invoices", () => {
  it("are invoiced once, completed only, and issuing posts only their tax", async () => {
    const patientId = (await createPatient(staff)).id;
    const done = await staff.chart.addTreatment({
      patientId,
      tooth: "14",
      description: "Filling",
      priceMinor: 8_000,
      discountMinor: 1_000,
      status: "completed",
    });
    const planned = await staff.chart.addTreatment({
      patientId,
      tooth: "15",
      description: "Crown",
      priceMinor: 30_000,
    });
    expect(await balanceOf(staff, patientId)).toBe(7_000); // charged by the chart
    const failure = await failureOf(
      staff.invoice.create({ patientId, lines: [], treatmentIds: [planned.id] }),
    );
    expect(failure).toMatchObject({ code: "CONFLICT" });
    expect(failure.fieldErrors).toHaveProperty(["treatmentIds.0"]);

    const created = await staff.invoice.create({ patientId, lines: [], treatmentIds: [done.id] });
    expect(created.lines[0]).toMatchObject({
      treatmentId: done.id,
      unitPriceMinor: 8_000,
      discountMinor: 1_000,
      taxMinor: 980,
      totalMinor: 7_980,
    });
    expect(
      await failureOf(staff.invoice.create({ patientId, lines: [], treatmentIds: [done.id] })),
    ).toMatchObject({ code: "CONFLICT" });
    await staff.invoice.issue({ id: created.id });
    expect(await balanceOf(staff, patientId)).toBe(7_000 + 980);
    // Even issued, it stays the only invoice of that treatment.
    expect(
      await failureOf(staff.invoice.create({ patientId, lines: [], treatmentIds: [done.id] })),
    ).toMatchObject({ code: "CONFLICT" });
  });

  it("an appointment becomes a line at its service's price, once", async () => {
    const created = await staff.invoice.create({
      patientId: practice.ids.patient,
      appointmentId: practice.ids.appointment,
      lines: [],
      treatmentIds: [],
    });
    expect(created.lines).toHaveLength(1);
    expect(created.lines[0]).toMatchObject({ unitPriceMinor: 50_000, taxMinor: 7_000 });
    expect(
      await failureOf(
        staff.invoice.create({
          patientId: practice.ids.patient,
          appointmentId: practice.ids.appointment,
          lines: [],
          treatmentIds: [],
        }),
      ),
    ).toMatchObject({ code: "CONFLICT" });
  });
});

describe("refunds against invoice payments", () => {
  it("refuses a refund over what was paid", async () => {
    const patientId = (await createPatient(staff)).id;
    const issued = await staff.invoice.issue({ id: (await draft(staff, patientId)).id });
    const paymentId = await paymentOfLine((await payCash(staff, patientId, 5_000, issued.id)).id);
    const refund = (amountMinor: number) =>
      staff.payment.refund({
        paymentId,
        amountMinor,
        reason: "Overcharged",
        idempotencyKey: uniqueIdempotencyKey(),
      });
    const failure = await failureOf(refund(5_001));
    expect(failure).toMatchObject({ code: "BAD_REQUEST" });
    expect(failure.fieldErrors).toHaveProperty("amountMinor");
    await refund(2_000);
    expect(await failureOf(refund(3_001))).toMatchObject({ code: "BAD_REQUEST" });
    const read = await staff.invoice.byId({ id: issued.id });
    expect(read.paidMinor).toBe(3_000);
    expect(read.outstandingMinor).toBe(read.totalMinor - 3_000);
    // The list says the same of it, so a patient is not offered to pay a settled invoice.
    const listed = await staff.invoice.list({ patientId, limit: 10 });
    expect(listed.items).toEqual([
      expect.objectContaining({ id: issued.id, outstandingMinor: read.totalMinor - 3_000 }),
    ]);
  });

  it("lets only one of two concurrent refunds through when together they exceed the payment", async () => {
    const patientId = (await createPatient(staff)).id;
    const paymentId = await paymentOfLine((await payCash(staff, patientId, 5_000)).id);
    const outcomes = await Promise.allSettled(
      [3_000, 3_000].map((amountMinor) =>
        staff.payment.refund({
          paymentId,
          amountMinor,
          reason: "Twice at once",
          idempotencyKey: uniqueIdempotencyKey(),
        }),
      ),
    );
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    const payment = await staff.payment.byId({ id: paymentId });
    expect(payment).toMatchObject({ refundedMinor: 3_000, status: "partially_refunded" });
    expect(await balanceOf(staff, patientId)).toBe(-2_000);
  });
});

describe("PDFs", () => {
  it("a receipt shows the payment, the refund with its reason, what was kept and the balance", async () => {
    const patientId = practice.ids.patient;
    const paymentId = await paymentOfLine((await payCash(staff, patientId, 12_345)).id);
    await staff.payment.refund({
      paymentId,
      amountMinor: 2_345,
      reason: "Cancelled X-ray",
      idempotencyKey: uniqueIdempotencyKey(),
    });
    const balance = await balanceOf(staff, patientId);
    const host = await hostCallerFor(db, {
      token: practice.owner.token,
      organizationId: practice.organization.id,
    });
    const pdf = await host.billing.pdf({ kind: "receipt", id: paymentId });
    expect(pdf.bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const text = pdfText(pdf.bytes);
    expect(text).toContain("Nile Clinic");
    expect(text).toContain("Payment receipt");
    expect(text).toContain("GBP 123.45");
    expect(text).toContain("Cancelled X-ray");
    expect(text).toContain("-GBP 23.45");
    expect(text).toContain("GBP 100.00"); // kept
    expect(text).toContain(`Balance on account after this`);
    expect(text).toContain(formatMinor(balance, "GBP"));

    // The patient downloads their own receipt; another practice's member finds nothing.
    const portal = await hostCallerFor(db, {
      token: practice.portalUser.token,
      organizationId: practice.organization.id,
    });
    expect((await portal.billing.pdf({ kind: "receipt", id: paymentId })).bytes.length).toBe(
      pdf.bytes.length,
    );
    const outsider = await hostCallerFor(db, {
      token: other.owner.token,
      organizationId: other.organization.id,
    });
    expect(await failureOf(outsider.billing.pdf({ kind: "receipt", id: paymentId }))).toMatchObject(
      { code: "NOT_FOUND" },
    );
  });

  it("an invoice PDF lists its lines and totals; a patient cannot read another's", async () => {
    const someone = await createPatient(staff);
    const issued = await staff.invoice.issue({
      id: (await draft(staff, someone.id, [line(20_000)])).id,
    });
    const host = await hostCallerFor(db, {
      token: practice.owner.token,
      organizationId: practice.organization.id,
    });
    const pdf = await host.billing.pdf({ kind: "invoice", id: issued.id });
    expect(pdf.fileName).toBe(`invoice-${issued.number}.pdf`);
    const text = pdfText(pdf.bytes);
    expect(text).toContain(`Invoice ${issued.number}`);
    expect(text).toContain("Consultation");
    expect(text).toContain("VAT (14%)");
    expect(text).toContain("GBP 228.00");
    const portal = await hostCallerFor(db, {
      token: practice.portalUser.token,
      organizationId: practice.organization.id,
    });
    expect(await failureOf(portal.billing.pdf({ kind: "invoice", id: issued.id }))).toMatchObject({
      code: "NOT_FOUND",
    });
  });
});

describe("daily takings", () => {
  it("equal the journal's postings and the patients' ledgers, by method and by doctor", async () => {
    const today = practiceToday("Europe/London");
    // The stocked appointment's invoice, paid in cash (its doctor's), a card payment of nobody's
    // visit, and a refund of part of the cash.
    const fresh = await createStockedPractice(db, { name: "Takings Clinic" });
    const caller = await callerFor(db, {
      token: fresh.owner.token,
      organizationId: fresh.organization.id,
    });
    const before = await caller.billing.takings({ from: today, to: today });
    const visit = await caller.invoice.issue({
      id: (
        await caller.invoice.create({
          patientId: fresh.ids.patient,
          appointmentId: fresh.ids.appointment,
          lines: [],
          treatmentIds: [],
        })
      ).id,
    });
    const cash = await paymentOfLine(
      (await payCash(caller, fresh.ids.patient, 50_000, visit.id)).id,
    );
    const walkIn = await createPatient(caller);
    await caller.ledger.recordPayment({
      patientId: walkIn.id,
      amountMinor: 7_000,
      method: "card_terminal",
      idempotencyKey: uniqueIdempotencyKey(),
    });
    await caller.payment.refund({
      paymentId: cash,
      amountMinor: 5_000,
      reason: "Goodwill",
      idempotencyKey: uniqueIdempotencyKey(),
    });

    const after = await caller.billing.takings({ from: today, to: today });
    const day = after.days.find((d) => d.day === today);
    const dayBefore = before.days.find((d) => d.day === today);
    expect(day).toBeDefined();
    expect((day?.byMethod.cash ?? 0) - (dayBefore?.byMethod.cash ?? 0)).toBe(45_000);
    expect((day?.byMethod.card_terminal ?? 0) - (dayBefore?.byMethod.card_terminal ?? 0)).toBe(
      7_000,
    );
    const doctorOf = (t: typeof day) =>
      t?.byDoctor.find((d) => d.practitionerId === fresh.ids.practitioner);
    expect(doctorOf(day)?.name).toBe("Dr Amira Hassan");
    expect((doctorOf(day)?.amountMinor ?? 0) - (doctorOf(dayBefore)?.amountMinor ?? 0)).toBe(
      45_000,
    );
    const unassigned = (t: typeof day) =>
      t?.byDoctor.find((d) => d.practitionerId === null)?.amountMinor ?? 0;
    expect(unassigned(day) - unassigned(dayBefore)).toBe(7_000);

    // The journal: every posting on cash and provider clearing that day, of a payment's entries
    // and of the pharmacy counter's sales (which belong to no patient's account).
    const tills = (of: "paymentId" | "orderId") =>
      db
        .select({ total: sql<string>`coalesce(sum(${schema.journalPosting.amountMinor}), 0)` })
        .from(schema.journalPosting)
        .innerJoin(schema.journalEntry, eq(schema.journalEntry.id, schema.journalPosting.entryId))
        .where(
          and(
            eq(schema.journalPosting.organizationId, fresh.organization.id),
            inArray(schema.journalPosting.account, ["cash", "provider_clearing"]),
            isNotNull(schema.journalEntry[of]),
            between(schema.journalEntry.effectiveOn, today, today),
          ),
        );
    const [payments] = await tills("paymentId");
    const [counter] = await tills("orderId");
    expect(Number(counter?.total)).toBeGreaterThan(0);
    const journal = { total: Number(payments?.total) + Number(counter?.total) };
    // The patients' accounts: what payments took off them less what refunds put back.
    const [ledgers] = await db
      .select({ total: sql<string>`coalesce(-sum(${schema.ledgerEntry.amountMinor}), 0)` })
      .from(schema.ledgerEntry)
      .where(
        and(
          eq(schema.ledgerEntry.organizationId, fresh.organization.id),
          isNotNull(schema.ledgerEntry.paymentId),
          inArray(schema.ledgerEntry.kind, ["payment", "refund"]),
          eq(schema.ledgerEntry.effectiveOn, today),
        ),
      );
    expect(day?.totalMinor).toBe(journal.total);
    expect((day?.totalMinor ?? 0) - Number(counter?.total)).toBe(Number(ledgers?.total));
    expect(after.totalMinor).toBe(
      Object.values(day?.byMethod ?? {}).reduce((sum, amount) => sum + amount, 0),
    );
    expect(day?.byDoctor.reduce((sum, d) => sum + d.amountMinor, 0)).toBe(day?.totalMinor);
  });

  it("refuses a range that ends before it starts", async () => {
    expect(
      await failureOf(staff.billing.takings({ from: "2026-05-02", to: "2026-05-01" })),
    ).toMatchObject({ code: "BAD_REQUEST" });
  });
});
