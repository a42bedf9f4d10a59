import type { TRPCRouterRecord } from "@trpc/server";
import { listEarnings, ownEarnings } from "../service/escrow";
import { orgProcedure } from "../trpc";

export const earningsRouter = {
  /** A doctor's own: held for consultations, available, paid out, and recent releases. */
  mine: orgProcedure("earnings.read").query(({ ctx }) => ownEarnings(ctx)),

  /** Every doctor's held, available and paid-out money (managers). */
  list: orgProcedure("payout.manage").query(({ ctx }) => listEarnings(ctx.db, ctx.org)),
} satisfies TRPCRouterRecord;
