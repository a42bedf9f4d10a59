import {
  ScheduleExceptionAddInput,
  ScheduleExceptionRemoveInput,
  ScheduleForResourceInput,
  ScheduleSetWeekInput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { addException, getSchedule, removeException, setWeek } from "../service/schedule";
import { orgProcedure } from "../trpc";

export const scheduleRouter = {
  /** A resource's weekly hours and its exceptions (plus organization-wide holidays). */
  forResource: orgProcedure("schedule.read")
    .input(ScheduleForResourceInput)
    .query(({ ctx, input }) => getSchedule(ctx.db, ctx.org.id, input.resourceId)),

  setWeek: orgProcedure("schedule.manage")
    .input(ScheduleSetWeekInput)
    .mutation(({ ctx, input }) => setWeek(ctx, input)),

  addException: orgProcedure("schedule.manage")
    .input(ScheduleExceptionAddInput)
    .mutation(({ ctx, input }) => addException(ctx, input)),

  removeException: orgProcedure("schedule.manage")
    .input(ScheduleExceptionRemoveInput)
    .mutation(({ ctx, input }) => removeException(ctx, input.id)),
} satisfies TRPCRouterRecord;
