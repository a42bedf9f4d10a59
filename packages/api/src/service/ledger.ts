// A patient's account: charges, payments, adjustments and refunds in the practice's currency and
// integer minor units. Entries are never changed (the database refuses it); a mistake is undone by
// a reversing entry. The balance, its aging and what each treatment has been paid are derived
// from the entries on every read, so payments from any source (the desk now, online providers
// later) count the same way.
import { schema, type Database } from "@caredesk/db";
import type {
  LedgerAdjustInput,
  LedgerEntryKind,
  LedgerReverseInput,
  PaymentMethod,
  PaymentRecordInput,
} from "@caredesk/validators";
import { and, asc, eq, sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { conflict, FieldError, notFound } from "../errors";
import type { OrgScope, PatientScope, RecordReader } from "../scope";
import { practiceToday } from "./dental";
import { claimKey, earlierRecord, idempotentRequest } from "./idempotency";
import { postJournal, reverseJournal } from "./journal";
import { recordDeskPayment, voidDeskPayment } from "./payment";
import { getPatient } from "./patient";
import { recordRead } from "./record-access";

const { ledgerEntry, treatment } = schema;

type LedgerEditor = Pick<OrgScope, "db" | "org" | "user" | "mutate" | "operation">;

const entryColumns = {
  id: ledgerEntry.id,
  patientId: ledgerEntry.patientId,
  kind: ledgerEntry.kind,
  amountMinor: ledgerEntry.amountMinor,
  currency: ledgerEntry.currency,
  method: ledgerEntry.method,
  treatmentId: ledgerEntry.treatmentId,
  reversesEntryId: ledgerEntry.reversesEntryId,
  description: ledgerEntry.description,
  reference: ledgerEntry.reference,
  effectiveOn: ledgerEntry.effectiveOn,
  createdAt: ledgerEntry.createdAt,
  paymentId: ledgerEntry.paymentId,
};

export interface LedgerEntry {
  id: string;
  patientId: string;
  kind: LedgerEntryKind;
  /** Positive raises what the patient owes, negative lowers it. */
  amountMinor: number;
  currency: string;
  method: PaymentMethod | null;
  treatmentId: string | null;
  reversesEntryId: string | null;
  description: string;
  reference: string | null;
  effectiveOn: string;
  createdAt: Date;
  /** The payment a payment or refund line records (its receipt, its refunds). */
  paymentId: string | null;
}

export interface LedgerLine extends LedgerEntry {
  /** What the patient owed after this entry (entries in the order they were made). */
  balanceAfterMinor: number;
  /** The entry that reversed this one, if any. */
  reversedByEntryId: string | null;
}

/** The unpaid part of charges by age from their effective day: 0–30, 31–60, 61–90, 90+ days. */
export interface Aging {
  current: number;
  days31to60: number;
  days61to90: number;
  over90: number;
}

export interface Ledger {
  patientId: string;
  currency: string;
  /** What the patient owes; negative is a credit in the patient's favour. */
  balanceMinor: number;
  aging: Aging;
  /** Newest first, at most `lineLimit`; `totalEntries` says how many there are. */
  entries: LedgerLine[];
  totalEntries: number;
  /** Net payments per treatment (payments less refunds and their reversals). */
  paidByTreatment: { treatmentId: string; paidMinor: number }[];
}

/** How many lines an account shows; the balance and aging always count every entry. */
export const lineLimit = 500;

const dayMs = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / dayMs;

/**
 * Ages what is owed: credits (payments, negative adjustments) pay the oldest charges first; the
 * unpaid remainder of each charge is bucketed by how many days ago it took effect. A reversed
 * entry and its reversal cancel out and are left out of it.
 */
export function ageBalance(entries: readonly LedgerEntry[], today: string): Aging {
  const reversed = new Set(entries.flatMap((e) => (e.reversesEntryId ? [e.reversesEntryId] : [])));
  const live = entries.filter((e) => !e.reversesEntryId && !reversed.has(e.id));
  const debits = live
    .filter((e) => e.amountMinor > 0)
    .sort(
      (a, b) =>
        a.effectiveOn.localeCompare(b.effectiveOn) || a.createdAt.getTime() - b.createdAt.getTime(),
    );
  let credit = live.filter((e) => e.amountMinor < 0).reduce((sum, e) => sum - e.amountMinor, 0);
  const aging: Aging = { current: 0, days31to60: 0, days61to90: 0, over90: 0 };
  const todayNumber = dayNumber(today);
  for (const debit of debits) {
    const applied = Math.min(credit, debit.amountMinor);
    credit -= applied;
    const unpaid = debit.amountMinor - applied;
    if (unpaid === 0) continue;
    const age = todayNumber - dayNumber(debit.effectiveOn);
    if (age <= 30) aging.current += unpaid;
    else if (age <= 60) aging.days31to60 += unpaid;
    else if (age <= 90) aging.days61to90 += unpaid;
    else aging.over90 += unpaid;
  }
  return aging;
}

function summarise(
  patientId: string,
  currency: string,
  entries: LedgerEntry[],
  today: string,
): Ledger {
  const reversedBy = new Map<string, string>();
  for (const e of entries) if (e.reversesEntryId) reversedBy.set(e.reversesEntryId, e.id);
  let balance = 0;
  const lines: LedgerLine[] = entries.map((e) => {
    balance += e.amountMinor;
    return { ...e, balanceAfterMinor: balance, reversedByEntryId: reversedBy.get(e.id) ?? null };
  });
  const paid = new Map<string, number>();
  for (const e of entries) {
    if (e.treatmentId && (e.kind === "payment" || e.kind === "refund")) {
      paid.set(e.treatmentId, (paid.get(e.treatmentId) ?? 0) - e.amountMinor);
    }
  }
  return {
    patientId,
    currency,
    balanceMinor: balance,
    aging: ageBalance(entries, today),
    entries: lines.reverse().slice(0, lineLimit),
    totalEntries: entries.length,
    paidByTreatment: [...paid].map(([treatmentId, paidMinor]) => ({ treatmentId, paidMinor })),
  };
}

/** Every entry of a patient's account, oldest first: one indexed query. */
function entriesOf(db: Database, organizationId: string, patientId: string) {
  return db
    .select(entryColumns)
    .from(ledgerEntry)
    .where(
      and(eq(ledgerEntry.organizationId, organizationId), eq(ledgerEntry.patientId, patientId)),
    )
    .orderBy(asc(ledgerEntry.createdAt), asc(ledgerEntry.id));
}

/** A patient's account as staff see it; the read is recorded. */
export async function getLedger(ctx: RecordReader, patientId: string): Promise<Ledger> {
  const [, entries] = await Promise.all([
    getPatient(ctx.db, ctx.org.id, patientId),
    entriesOf(ctx.db, ctx.org.id, patientId),
  ]);
  await recordRead(ctx, { patientId, kind: "ledger" });
  return summarise(patientId, ctx.org.currency, entries, practiceToday(ctx.org.timeZone));
}

/** The caller's own account (the portal). */
export async function myLedger(ctx: Pick<PatientScope, "db" | "org" | "patient">): Promise<Ledger> {
  const entries = await entriesOf(ctx.db, ctx.org.id, ctx.patient.id);
  return summarise(ctx.patient.id, ctx.org.currency, entries, practiceToday(ctx.org.timeZone));
}

async function getEntry(db: Database, organizationId: string, id: string): Promise<LedgerEntry> {
  const [row] = await db
    .select(entryColumns)
    .from(ledgerEntry)
    .where(and(eq(ledgerEntry.organizationId, organizationId), eq(ledgerEntry.id, id)));
  if (!row) throw notFound("Ledger entry not found");
  return row;
}

/** A treatment of this patient, by id: another patient's is not found. */
async function checkTreatment(
  tx: Database,
  organizationId: string,
  patientId: string,
  treatmentId: string,
): Promise<void> {
  const [row] = await tx
    .select({ id: treatment.id })
    .from(treatment)
    .where(
      and(
        eq(treatment.organizationId, organizationId),
        eq(treatment.id, treatmentId),
        eq(treatment.patientId, patientId),
      ),
    );
  if (!row) throw new FieldError("NOT_FOUND", { treatmentId: ["Treatment not found"] });
}

/**
 * Records money taken at the desk. The idempotency key is the caller's own for this operation:
 * a double-click answers with the payment the first click recorded.
 */
export async function recordPayment(
  ctx: LedgerEditor,
  input: PaymentRecordInput,
): Promise<LedgerEntry> {
  const keyed = idempotentRequest(ctx, ctx.org.id, input.idempotencyKey, input);
  /** A repeated request answers with what the first one recorded (audited as a replay). */
  const replayed = async () => {
    const earlier = await earlierRecord(ctx.db, keyed);
    if (!earlier) return null;
    const original = await getEntry(ctx.db, ctx.org.id, earlier.id);
    return ctx.mutate((_tx, audit) => {
      audit({
        entityType: "ledger_entry",
        entityId: original.id,
        patientId: original.patientId,
        after: { ...original, replayed: true },
      });
      return Promise.resolve(original);
    });
  };
  const earlier = await replayed();
  if (earlier) return earlier;
  try {
    return await recordNewPayment(ctx, input, keyed);
  } catch (error) {
    // A twin sent at the same moment holds the key: answer with what it recorded.
    const original = await replayed();
    if (original) return original;
    throw error;
  }
}

function recordNewPayment(
  ctx: LedgerEditor,
  input: PaymentRecordInput,
  keyed: ReturnType<typeof idempotentRequest>,
): Promise<LedgerEntry> {
  return ctx.mutate(async (tx, audit) => {
    const id = randomUUID();
    // First in the transaction: a twin of this request waits here, then fails on the key.
    const claimed = claimKey(tx, keyed, { type: "ledger_entry", id });
    claimed.catch(() => undefined);
    const write = async () => {
      await getPatient(tx, ctx.org.id, input.patientId);
      if (input.treatmentId) {
        await checkTreatment(tx, ctx.org.id, input.patientId, input.treatmentId);
      }
      // A payment of the one state machine (succeeded at once) and its journal entry, whose
      // receivable posting is this account line.
      await recordDeskPayment(tx, ctx.org, ctx.user.id, {
        patientId: input.patientId,
        amountMinor: input.amountMinor,
        method: input.method,
        invoiceId: input.invoiceId ?? null,
        treatmentId: input.treatmentId ?? null,
        reference: input.reference ?? null,
        lineId: id,
        ...(input.receivedOn ? { effectiveOn: input.receivedOn } : {}),
      });
      return getEntry(tx, ctx.org.id, id);
    };
    // A refused key fails everything after it: its own error is the one to report.
    const created = await write().catch(async (error: unknown) => {
      await claimed;
      throw error;
    });
    await claimed;
    audit({
      entityType: "ledger_entry",
      entityId: created.id,
      patientId: created.patientId,
      after: created,
    });
    return created;
  });
}

/** A write-off, courtesy or correction, with its reason; either sign. */
export function adjustLedger(ctx: LedgerEditor, input: LedgerAdjustInput): Promise<LedgerEntry> {
  return ctx.mutate(async (tx, audit) => {
    await getPatient(tx, ctx.org.id, input.patientId);
    if (input.treatmentId) {
      await checkTreatment(tx, ctx.org.id, input.patientId, input.treatmentId);
    }
    const lineId = randomUUID();
    await postJournal(tx, ctx.org.id, {
      kind: "adjustment",
      memo: input.reason,
      currency: ctx.org.currency,
      effectiveOn: practiceToday(ctx.org.timeZone),
      createdBy: ctx.user.id,
      postings: [
        {
          account: "receivable",
          amountMinor: input.amountMinor,
          patientId: input.patientId,
          line: {
            id: lineId,
            kind: "adjustment",
            description: input.reason,
            treatmentId: input.treatmentId ?? null,
          },
        },
        // A write-off lowers what is owed at the practice's cost; a raise is income.
        {
          account: input.amountMinor < 0 ? "write_off" : "revenue",
          amountMinor: -input.amountMinor,
        },
      ],
    });
    const row = await getEntry(tx, ctx.org.id, lineId);
    audit({ entityType: "ledger_entry", entityId: row.id, patientId: row.patientId, after: row });
    return row;
  });
}

/**
 * Undoes an entry with one of the opposite amount (same kind, method and treatment), dated
 * today. An entry is reversed at most once (a unique index) and a reversal is never reversed:
 * the original is recorded again instead.
 */
export function reverseEntry(ctx: LedgerEditor, input: LedgerReverseInput): Promise<LedgerEntry> {
  return ctx.mutate(async (tx, audit) => {
    const [original] = await tx
      .select(entryColumns)
      .from(ledgerEntry)
      .where(and(eq(ledgerEntry.organizationId, ctx.org.id), eq(ledgerEntry.id, input.entryId)))
      .for("update");
    if (!original) throw notFound("Ledger entry not found");
    if (original.reversesEntryId) {
      throw new FieldError("CONFLICT", {
        entryId: ["A reversal cannot be reversed; record the original entry again instead"],
      });
    }
    const [already] = await tx
      .select({ id: ledgerEntry.id })
      .from(ledgerEntry)
      .where(
        and(
          eq(ledgerEntry.organizationId, ctx.org.id),
          eq(ledgerEntry.reversesEntryId, original.id),
        ),
      );
    if (already) throw conflict("This entry has already been reversed");
    const [link] = await tx
      .select({
        journalEntryId: ledgerEntry.journalEntryId,
        paymentId: ledgerEntry.paymentId,
        refundId: ledgerEntry.refundId,
      })
      .from(ledgerEntry)
      .where(and(eq(ledgerEntry.organizationId, ctx.org.id), eq(ledgerEntry.id, original.id)));
    // One line per journal entry: an escrowed booking's charge and payment go together.
    const [{ lines } = { lines: 0 }] = link?.journalEntryId
      ? await tx
          .select({ lines: sql<number>`count(*)::int` })
          .from(ledgerEntry)
          .where(
            and(
              eq(ledgerEntry.organizationId, ctx.org.id),
              eq(ledgerEntry.journalEntryId, link.journalEntryId),
            ),
          )
      : [];
    if (!link?.journalEntryId || link.refundId || lines !== 1) {
      throw new FieldError("CONFLICT", {
        entryId: [
          "This entry is part of an online payment or a refund; refund the payment instead",
        ],
      });
    }
    if (link.paymentId) {
      // A desk payment recorded by mistake: it never happened (refunds are the other case).
      await voidDeskPayment(tx, ctx.org.id, link.paymentId, input.reason ?? "Reversed");
    }
    const reason = input.reason ? `: ${input.reason}` : "";
    const posted = await reverseJournal(
      tx,
      ctx.org.id,
      { entryId: link.journalEntryId, memo: original.description },
      {
        memo: `Reversal of ${original.description}${reason}`,
        effectiveOn: practiceToday(ctx.org.timeZone),
        createdBy: ctx.user.id,
        lines: [original],
        links: { paymentId: link.paymentId },
      },
    );
    const row = await getEntry(tx, ctx.org.id, posted.lineIds[0] ?? "");
    if (!row) throw new Error("ledger insert returned nothing");
    audit({
      entityType: "ledger_entry",
      entityId: row.id,
      patientId: row.patientId,
      before: original,
      after: row,
    });
    return row;
  });
}
