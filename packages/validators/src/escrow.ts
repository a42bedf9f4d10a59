// Inputs of escrow (consultations paid at booking), disputes, doctors' earnings and payouts.
// Amounts are integer minor units of the practice's currency.
import { z } from "zod";
import { Id, IdempotencyKey, SingleLine } from "./common";
import { PositiveMinor } from "./money";

export const escrowStatuses = ["held", "disputed", "released", "refunded"] as const;
export type EscrowStatus = (typeof escrowStatuses)[number];

/** Staff stop a held payment's release while they look into it. */
export const EscrowDisputeInput = z.object({
  escrowId: Id,
  reason: SingleLine(500, "Say what is disputed"),
});
export type EscrowDisputeInput = z.infer<typeof EscrowDisputeInput>;

/** The patient disputes their own consultation's payment, before its dispute window closes. */
export const EscrowDisputeMineInput = z.object({
  paymentId: Id,
  reason: SingleLine(500, "Say what went wrong"),
});
export type EscrowDisputeMineInput = z.infer<typeof EscrowDisputeMineInput>;

/** How a dispute ends: the money goes to the doctor, or (some of) it back to the patient. */
export const EscrowResolveInput = z.discriminatedUnion(
  "outcome",
  [
    z.object({
      escrowId: Id,
      outcome: z.literal("release"),
      note: SingleLine(500, "Say how it was decided"),
    }),
    z.object({
      escrowId: Id,
      outcome: z.literal("refund"),
      /** Left out: all that is left of the payment. */
      amountMinor: PositiveMinor("an amount").optional(),
      note: SingleLine(500, "Say how it was decided"),
    }),
  ],
  "Choose release or refund",
);
export type EscrowResolveInput = z.infer<typeof EscrowResolveInput>;

export const EscrowListInput = z.object({
  status: z.enum(escrowStatuses, "Choose a status").optional(),
  practitionerId: Id.optional(),
});
export type EscrowListInput = z.infer<typeof EscrowListInput>;

/** A payout to a doctor recorded by hand (a bank transfer made outside Caredesk). */
export const PayoutRecordInput = z.object({
  practitionerId: Id,
  amountMinor: PositiveMinor("an amount"),
  reference: SingleLine(120, "Give the transfer's reference"),
  idempotencyKey: IdempotencyKey,
});
export type PayoutRecordInput = z.infer<typeof PayoutRecordInput>;

export const PayoutListInput = z.object({
  practitionerId: Id.optional(),
});
export type PayoutListInput = z.infer<typeof PayoutListInput>;
