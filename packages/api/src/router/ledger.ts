import {
  LedgerAdjustInput,
  LedgerGetInput,
  LedgerReverseInput,
  PaymentRecordInput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { adjustLedger, getLedger, myLedger, recordPayment, reverseEntry } from "../service/ledger";
import { orgProcedure, patientProcedure } from "../trpc";

export const ledgerRouter = {
  /** Balance, aging buckets and entries (newest first, with the running balance). */
  get: orgProcedure("ledger.read")
    .input(LedgerGetInput)
    .query(({ ctx, input }) => getLedger(ctx, input.patientId)),

  /** Money taken at the desk; a repeat with the same idempotency key records nothing new. */
  recordPayment: orgProcedure("ledger.write")
    .input(PaymentRecordInput)
    .mutation(({ ctx, input }) => recordPayment(ctx, input)),

  adjust: orgProcedure("ledger.write")
    .input(LedgerAdjustInput)
    .mutation(({ ctx, input }) => adjustLedger(ctx, input)),

  /** Undoes an entry with its opposite; entries themselves never change. */
  reverse: orgProcedure("ledger.write")
    .input(LedgerReverseInput)
    .mutation(({ ctx, input }) => reverseEntry(ctx, input)),

  /** The portal: the caller's own balance and entries. */
  mine: patientProcedure.query(({ ctx }) => myLedger(ctx)),
} satisfies TRPCRouterRecord;
