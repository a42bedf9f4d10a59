import { PayoutListInput, PayoutRecordInput } from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { listPayouts, recordPayout } from "../service/escrow";
import { orgProcedure } from "../trpc";

export const payoutRouter = {
  list: orgProcedure("payout.manage")
    .input(PayoutListInput)
    .query(({ ctx, input }) => listPayouts(ctx.db, ctx.org.id, input)),

  /** Records money paid out to a doctor by hand; never more than they have available. */
  record: orgProcedure("payout.manage")
    .input(PayoutRecordInput)
    .mutation(({ ctx, input }) => recordPayout(ctx, input)),
} satisfies TRPCRouterRecord;
