// The double-entry journal every movement of money is posted to: one entry, postings that sum to
// zero per currency (PostgreSQL checks it at commit, migration 0012), never changed afterwards.
// A receivable posting is also a line of the patient's account (`ledger_entry`), written here in
// the same statement batch, so the account the desk sees and the journal can never disagree.
import { schema, type Database } from "@caredesk/db";
import type { LedgerEntryKind, PaymentMethod } from "@caredesk/validators";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";

const { journalEntry, journalPosting, ledgerEntry } = schema;

export type JournalKind = (typeof schema.journalKind.enumValues)[number];
export type LedgerAccount = (typeof schema.ledgerAccount.enumValues)[number];

export interface Posting {
  account: LedgerAccount;
  /** Debit positive, credit negative; never zero. */
  amountMinor: number;
  patientId?: string | null;
  practitionerId?: string | null;
  /** How the money came, on cash and provider-clearing postings. */
  method?: PaymentMethod | null;
  /** How a receivable posting reads on the patient's account (required for receivable). */
  line?: PatientLine;
}

/** A receivable posting as the patient's account shows it. */
export interface PatientLine {
  /** Chosen by the caller when it needs the line's id before the write (idempotency claims). */
  id?: string;
  kind: LedgerEntryKind;
  description: string;
  method?: PaymentMethod | null;
  treatmentId?: string | null;
  reference?: string | null;
  /** The account line this one undoes (a reversal). */
  reversesLineId?: string | null;
}

export interface JournalRequest {
  kind: JournalKind;
  memo: string;
  currency: string;
  /** The practice's calendar day it counts for. */
  effectiveOn: string;
  createdBy: string | null;
  paymentId?: string | null;
  refundId?: string | null;
  invoiceId?: string | null;
  escrowId?: string | null;
  payoutId?: string | null;
  /** A pharmacy counter sale (and its reversal when voided). */
  orderId?: string | null;
  reversesEntryId?: string | null;
  postings: Posting[];
}

export interface Posted {
  entryId: string;
  /** The patient-account lines written for the receivable postings, in their order. */
  lineIds: string[];
}

/** Checks what PostgreSQL will check at commit, so a mistake fails where it is made. */
function checkBalanced(request: JournalRequest): void {
  if (request.postings.length < 2) throw new Error("a journal entry needs two postings");
  let sum = 0;
  for (const p of request.postings) {
    if (!Number.isSafeInteger(p.amountMinor) || p.amountMinor === 0) {
      throw new Error("a posting is a non-zero integer of minor units");
    }
    if (p.account === "receivable" && (!p.patientId || !p.line)) {
      throw new Error("a receivable posting names its patient and its account line");
    }
    sum += p.amountMinor;
  }
  if (sum !== 0) throw new Error(`journal entry "${request.memo}" does not balance (${sum})`);
}

/** Posts one journal entry with its postings and its patients' account lines. */
export async function postJournal(
  tx: Database,
  organizationId: string,
  request: JournalRequest,
): Promise<Posted> {
  checkBalanced(request);
  const entryId = randomUUID();
  const lines = request.postings.flatMap((p) =>
    p.account === "receivable" && p.line && p.patientId
      ? [{ id: p.line.id ?? randomUUID(), posting: p, line: p.line, patientId: p.patientId }]
      : [],
  );
  await tx.insert(journalEntry).values({
    id: entryId,
    organizationId,
    kind: request.kind,
    memo: request.memo.slice(0, 500),
    effectiveOn: request.effectiveOn,
    createdBy: request.createdBy,
    paymentId: request.paymentId ?? null,
    refundId: request.refundId ?? null,
    invoiceId: request.invoiceId ?? null,
    escrowId: request.escrowId ?? null,
    payoutId: request.payoutId ?? null,
    orderId: request.orderId ?? null,
    reversesEntryId: request.reversesEntryId ?? null,
  });
  await Promise.all([
    tx.insert(journalPosting).values(
      request.postings.map((p) => ({
        organizationId,
        entryId,
        account: p.account,
        amountMinor: p.amountMinor,
        currency: request.currency,
        patientId: p.patientId ?? null,
        practitionerId: p.practitionerId ?? null,
        method: p.method ?? null,
      })),
    ),
    lines.length === 0
      ? Promise.resolve()
      : tx.insert(ledgerEntry).values(
          lines.map(({ id, posting, line, patientId }) => ({
            id,
            organizationId,
            patientId,
            kind: line.kind,
            amountMinor: posting.amountMinor,
            currency: request.currency,
            method: line.method ?? null,
            treatmentId: line.treatmentId ?? null,
            reversesEntryId: line.reversesLineId ?? null,
            description: line.description.slice(0, 500),
            reference: line.reference ?? null,
            effectiveOn: request.effectiveOn,
            createdBy: request.createdBy,
            journalEntryId: entryId,
            paymentId: request.paymentId ?? null,
            refundId: request.refundId ?? null,
          })),
        ),
  ]);
  return { entryId, lineIds: lines.map((l) => l.id) };
}

export interface StoredPosting {
  account: LedgerAccount;
  amountMinor: number;
  currency: string;
  patientId: string | null;
  practitionerId: string | null;
  method: PaymentMethod | null;
}

/** The postings of one entry, in the order they were written. */
export function postingsOf(
  db: Database,
  organizationId: string,
  entryId: string,
): Promise<StoredPosting[]> {
  return db
    .select({
      account: journalPosting.account,
      amountMinor: journalPosting.amountMinor,
      currency: journalPosting.currency,
      patientId: journalPosting.patientId,
      practitionerId: journalPosting.practitionerId,
      method: journalPosting.method,
    })
    .from(journalPosting)
    .where(
      and(eq(journalPosting.organizationId, organizationId), eq(journalPosting.entryId, entryId)),
    )
    .orderBy(asc(journalPosting.id));
}

/**
 * Undoes a posted entry with one of opposite postings (at most once: a unique index). Receivable
 * postings get account lines that reverse the original lines.
 */
export async function reverseJournal(
  tx: Database,
  organizationId: string,
  original: { entryId: string; memo: string },
  options: {
    memo: string;
    effectiveOn: string;
    createdBy: string | null;
    /** The account lines of the original, by patient, to reverse line for line. */
    lines?: {
      id: string;
      kind: LedgerEntryKind;
      description: string;
      method: PaymentMethod | null;
      treatmentId: string | null;
      reference: string | null;
    }[];
    links?: Pick<
      JournalRequest,
      "paymentId" | "refundId" | "invoiceId" | "escrowId" | "payoutId" | "orderId"
    >;
  },
): Promise<Posted> {
  const postings = await postingsOf(tx, organizationId, original.entryId);
  if (postings.length === 0) throw new Error("journal entry has no postings");
  const currency = postings[0]?.currency ?? "";
  const lines = [...(options.lines ?? [])];
  return postJournal(tx, organizationId, {
    kind: "reversal",
    memo: options.memo,
    currency,
    effectiveOn: options.effectiveOn,
    createdBy: options.createdBy,
    reversesEntryId: original.entryId,
    ...options.links,
    postings: postings.map((p) => {
      const line = p.account === "receivable" ? lines.shift() : undefined;
      return {
        account: p.account,
        amountMinor: -p.amountMinor,
        patientId: p.patientId,
        practitionerId: p.practitionerId,
        method: p.method,
        ...(line
          ? {
              line: {
                kind: line.kind,
                description: options.memo,
                method: line.method,
                treatmentId: line.treatmentId,
                reference: line.reference,
                reversesLineId: line.id,
              },
            }
          : {}),
      };
    }),
  });
}

/** Balances of accounts (sum of postings) for one practice, optionally for some subjects. */
export async function accountBalances(
  db: Database,
  organizationId: string,
  filter: { accounts?: LedgerAccount[]; patientId?: string; practitionerId?: string } = {},
): Promise<{ account: LedgerAccount; currency: string; balanceMinor: number }[]> {
  const rows = await db
    .select({
      account: journalPosting.account,
      currency: journalPosting.currency,
      balanceMinor: sql<string>`sum(${journalPosting.amountMinor})`,
    })
    .from(journalPosting)
    .where(
      and(
        eq(journalPosting.organizationId, organizationId),
        filter.accounts ? inArray(journalPosting.account, filter.accounts) : undefined,
        filter.patientId ? eq(journalPosting.patientId, filter.patientId) : undefined,
        filter.practitionerId
          ? eq(journalPosting.practitionerId, filter.practitionerId)
          : undefined,
      ),
    )
    .groupBy(journalPosting.account, journalPosting.currency);
  return rows.map((r) => ({ ...r, balanceMinor: Number(r.balanceMinor) }));
}
