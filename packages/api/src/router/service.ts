import {
  ByIdInput,
  Id,
  ListInput,
  ServiceCreateInput,
  ServiceUpdateInput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { getDepartment } from "../service/department";
import { createService, getService, listServices, updateService } from "../service/service";
import { orgProcedure } from "../trpc";

export const serviceRouter = {
  list: orgProcedure("directory.read")
    .input(ListInput.extend({ departmentId: Id.optional() }))
    .query(async ({ ctx, input }) => {
      // Filtering by another organization's department answers like any foreign id.
      if (input.departmentId) await getDepartment(ctx.db, ctx.org.id, input.departmentId);
      return listServices(ctx.db, ctx.org.id, input);
    }),

  byId: orgProcedure("directory.read")
    .input(ByIdInput)
    .query(({ ctx, input }) => getService(ctx.db, ctx.org.id, input.id)),

  create: orgProcedure("directory.manage")
    .input(ServiceCreateInput)
    .mutation(({ ctx, input }) =>
      ctx.mutate("service.create", async (tx, audit) => {
        const created = await createService(tx, ctx.org.id, input);
        audit({ entityType: "service", entityId: created.id, after: created });
        return created;
      }),
    ),

  /** Also archives (`active: false`): past appointments keep pointing at it. */
  update: orgProcedure("directory.manage")
    .input(ServiceUpdateInput)
    .mutation(({ ctx, input }) =>
      ctx.mutate("service.update", async (tx, audit) => {
        const { before, after } = await updateService(tx, ctx.org.id, input);
        audit({ entityType: "service", entityId: after.id, before, after });
        return after;
      }),
    ),
} satisfies TRPCRouterRecord;
