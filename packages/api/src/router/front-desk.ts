import { FrontDeskTodayInput } from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { frontDeskToday } from "../service/front-desk";
import { orgProcedure } from "../trpc";

export const frontDeskRouter = {
  /** The day at the desk: agenda, counts and what needs attention, in the practice's zone. */
  today: orgProcedure("appointment.read")
    .input(FrontDeskTodayInput)
    .query(({ ctx, input }) => frontDeskToday(ctx.db, ctx, input)),
} satisfies TRPCRouterRecord;
