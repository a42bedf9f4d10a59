import { RecordAccessListInput, RecordAccessMineInput } from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { listOwnRecordReads, listRecordReads } from "../service/record-access";
import { orgProcedure, patientProcedure } from "../trpc";

export const recordAccessRouter = {
  /** Who read a patient's clinical record (consultations, chart, ledger, forms, documents). */
  list: orgProcedure("audit.read")
    .input(RecordAccessListInput)
    .query(({ ctx, input }) => listRecordReads(ctx, input)),

  /** "Who viewed my record": staff reads of the caller's own record. */
  mine: patientProcedure
    .input(RecordAccessMineInput)
    .query(({ ctx, input }) => listOwnRecordReads(ctx, input)),
} satisfies TRPCRouterRecord;
