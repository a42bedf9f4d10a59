import {
  EscrowDisputeInput,
  EscrowDisputeMineInput,
  EscrowListInput,
  EscrowResolveInput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import {
  disputeEscrow,
  disputeOwnEscrow,
  listEscrows,
  listOwnEscrows,
  payOptions,
  resolveEscrow,
} from "../service/escrow";
import { orgProcedure, patientProcedure } from "../trpc";

export const escrowRouter = {
  /** Consultations paid at booking and where their money stands, newest first. */
  list: orgProcedure("billing.read")
    .input(EscrowListInput)
    .query(({ ctx, input }) => listEscrows(ctx.db, ctx.org.id, input)),

  /** Stops a held payment's release until the dispute is resolved. */
  dispute: orgProcedure("billing.write")
    .input(EscrowDisputeInput)
    .mutation(({ ctx, input }) => disputeEscrow(ctx, input)),

  /** Ends a dispute: the money goes to the doctor, or (some of) it back to the patient. */
  resolve: orgProcedure("payout.manage")
    .input(EscrowResolveInput)
    .mutation(({ ctx, input }) => resolveEscrow(ctx, input)),

  /** The portal: one's consultations paid at booking, and whether each can still be disputed. */
  mine: patientProcedure.query(({ ctx }) => listOwnEscrows(ctx.db, ctx.org.id, ctx.patient.id)),

  /** The portal: how this practice takes payments online (providers' names only). */
  payOptions: patientProcedure.query(({ ctx }) => payOptions(ctx.db, ctx.org.id)),

  /** The portal: dispute one's consultation's payment while its dispute window is open. */
  disputeMine: patientProcedure
    .input(EscrowDisputeMineInput)
    .mutation(({ ctx, input }) => disputeOwnEscrow(ctx, input)),
} satisfies TRPCRouterRecord;
