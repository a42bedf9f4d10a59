// Inputs of a patient's account: payments taken at the desk, adjustments and reversals. Amounts
// are integer minor units of the practice's currency, given as positive numbers where the
// direction is implied (a payment lowers what the patient owes).
import { z } from "zod";
import { Id, IdempotencyKey, LocalDate, OptionalSingleLine, SingleLine } from "./common";

export const ledgerEntryKinds = ["charge", "payment", "adjustment", "refund"] as const;
export type LedgerEntryKind = (typeof ledgerEntryKinds)[number];
/** Every way money moves, the online providers' included (their payments come later). */
export const paymentMethods = [
  "cash",
  "card_terminal",
  "bank_transfer",
  "cheque",
  "stripe",
  "razorpay",
  "fawry",
] as const;
export type PaymentMethod = (typeof paymentMethods)[number];
/** What the desk can take. */
export const deskPaymentMethods = ["cash", "card_terminal", "bank_transfer", "cheque"] as const;

const maxAmount = 100_000_000;

export const LedgerGetInput = z.object({ patientId: Id });

export const PaymentRecordInput = z.object({
  patientId: Id,
  amountMinor: z
    .number("Enter an amount")
    .int("Use the smallest currency unit")
    .min(1, "Enter an amount above zero")
    .max(maxAmount, "That amount is too high"),
  method: z.enum(deskPaymentMethods, "Choose how the patient paid"),
  /** The treatment this pays for, when the patient says. */
  treatmentId: Id.nullish(),
  /** The invoice this pays, when there is one. */
  invoiceId: Id.nullish(),
  reference: OptionalSingleLine(100),
  /** The day the money was received; today when left out. */
  receivedOn: LocalDate.optional(),
  idempotencyKey: IdempotencyKey,
});
export type PaymentRecordInput = z.infer<typeof PaymentRecordInput>;

export const LedgerAdjustInput = z.object({
  patientId: Id,
  /** Positive raises what the patient owes, negative lowers it (a write-off, a courtesy). */
  amountMinor: z
    .number("Enter an amount")
    .int("Use the smallest currency unit")
    .min(-maxAmount, "That amount is too high")
    .max(maxAmount, "That amount is too high")
    .refine((amount) => amount !== 0, "Enter an amount other than zero"),
  reason: SingleLine(300, "Say why"),
  treatmentId: Id.nullish(),
});
export type LedgerAdjustInput = z.infer<typeof LedgerAdjustInput>;

export const LedgerReverseInput = z.object({
  entryId: Id,
  reason: OptionalSingleLine(300),
});
export type LedgerReverseInput = z.infer<typeof LedgerReverseInput>;
