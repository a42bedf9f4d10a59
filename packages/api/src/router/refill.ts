// Prescription refills: patients ask in the portal; doctors and pharmacists approve (an order or
// a pickup) or decline with a note; the front desk sees the queue. Every procedure belongs to the
// "prescription_refill" feature: off, they answer NOT_FOUND.
import {
  ByIdInput,
  RefillApproveInput,
  RefillCancelMineInput,
  RefillDeclineInput,
  RefillListInput,
  RefillMineInput,
  RefillRequestInput,
  RefillStatsInput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import {
  approveRefill,
  cancelMyRefill,
  declineRefill,
  listRefills,
  prescriptionsMine,
  refillById,
  refillsMine,
  refillStats,
  requestRefill,
} from "../service/refill";
import { orgProcedure, patientProcedure } from "../trpc";

const feature = { feature: "prescription_refill" } as const;

export const refillRouter = {
  /** The portal: one's prescriptions from signed consultations, and whether a refill is open. */
  prescriptionsMine: patientProcedure.meta(feature).query(({ ctx }) => prescriptionsMine(ctx)),

  /** The portal: asks for a refill of one's own prescription, or of an uploaded one. */
  requestMine: patientProcedure
    .meta(feature)
    .input(RefillRequestInput)
    .mutation(({ ctx, input }) => requestRefill(ctx, input)),

  /** The portal: one's refill requests, newest first. */
  mine: patientProcedure
    .meta(feature)
    .input(RefillMineInput)
    .query(({ ctx, input }) => refillsMine(ctx, input)),

  /** The portal: withdraws one's own request while it waits. */
  cancelMine: patientProcedure
    .meta(feature)
    .input(RefillCancelMineInput)
    .mutation(({ ctx, input }) => cancelMyRefill(ctx, input)),

  /** The practice's refill requests, newest first, by status. */
  list: orgProcedure("patient.read")
    .meta(feature)
    .input(RefillListInput)
    .query(({ ctx, input }) => listRefills(ctx.db, ctx.org.id, input)),

  /** One request: the patient, the prescription, the uploaded file, its history. */
  byId: orgProcedure("patient.read")
    .meta(feature)
    .input(ByIdInput)
    .query(({ ctx, input }) => refillById(ctx, input.id)),

  /** Approves: with products it becomes an order; without, it is ready at the desk. */
  approve: orgProcedure("prescription.review")
    .meta(feature)
    .input(RefillApproveInput)
    .mutation(({ ctx, input }) => approveRefill(ctx, input)),

  /** Declines with a note the patient is told. */
  decline: orgProcedure("prescription.review")
    .meta(feature)
    .input(RefillDeclineInput)
    .mutation(({ ctx, input }) => declineRefill(ctx, input)),

  /** Counts by status and hours to a decision (median and 90th percentile) over days. */
  stats: orgProcedure("patient.read")
    .meta(feature)
    .input(RefillStatsInput)
    .query(({ ctx, input }) => refillStats(ctx.db, ctx.org, input)),
} satisfies TRPCRouterRecord;
