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
    .mutation(({ ctx, input }) =>
      ctx.mutate("schedule.setWeek", async (tx, audit) => {
        const { before, after } = await setWeek(tx, ctx.org.id, input);
        audit({ entityType: "resource", entityId: input.resourceId, before, after });
        return after;
      }),
    ),

  addException: orgProcedure("schedule.manage")
    .input(ScheduleExceptionAddInput)
    .mutation(({ ctx, input }) =>
      ctx.mutate("schedule.addException", async (tx, audit) => {
        const created = await addException(tx, ctx.org.id, input);
        audit({ entityType: "schedule_exception", entityId: created.id, after: created });
        return created;
      }),
    ),

  removeException: orgProcedure("schedule.manage")
    .input(ScheduleExceptionRemoveInput)
    .mutation(({ ctx, input }) =>
      ctx.mutate("schedule.removeException", async (tx, audit) => {
        const removed = await removeException(tx, ctx.org.id, input.id);
        audit({ entityType: "schedule_exception", entityId: removed.id, before: removed });
        return { ok: true as const };
      }),
    ),
} satisfies TRPCRouterRecord;
