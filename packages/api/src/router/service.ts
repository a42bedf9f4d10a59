import {
  ByIdInput,
  Id,
  ListInput,
  ServiceCreateInput,
  ServicePageOutput,
  ServiceUpdateInput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { createService, getService, listServices, updateService } from "../service/service";
import { orgProcedure } from "../trpc";

export const serviceRouter = {
  list: orgProcedure("directory.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/v1/services",
        tags: ["directory"],
        summary: "The organization's services (appointment types), by name",
      },
    })
    .input(ListInput.extend({ departmentId: Id.optional() }))
    .output(ServicePageOutput)
    .query(({ ctx, input }) => listServices(ctx.db, ctx.org.id, input)),

  byId: orgProcedure("directory.read")
    .input(ByIdInput)
    .query(({ ctx, input }) => getService(ctx.db, ctx.org.id, input.id)),

  create: orgProcedure("directory.manage")
    .input(ServiceCreateInput)
    .mutation(({ ctx, input }) => createService(ctx, input)),

  /** Also archives (`active: false`): past appointments keep pointing at it. */
  update: orgProcedure("directory.manage")
    .input(ServiceUpdateInput)
    .mutation(({ ctx, input }) => updateService(ctx, input)),
} satisfies TRPCRouterRecord;
