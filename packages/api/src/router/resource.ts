import {
  ByIdInput,
  ResourceCreateInput,
  ResourceListInput,
  ResourceUpdateInput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { createResource, getResource, listResources, updateResource } from "../service/resource";
import { orgProcedure } from "../trpc";

export const resourceRouter = {
  list: orgProcedure("directory.read")
    .input(ResourceListInput)
    .query(({ ctx, input }) => listResources(ctx.db, ctx.org.id, input)),

  byId: orgProcedure("directory.read")
    .input(ByIdInput)
    .query(({ ctx, input }) => getResource(ctx.db, ctx.org.id, input.id)),

  create: orgProcedure("directory.manage")
    .input(ResourceCreateInput)
    .mutation(({ ctx, input }) => createResource(ctx, input)),

  /** Rooms and equipment only; also archives (`active: false`). */
  update: orgProcedure("directory.manage")
    .input(ResourceUpdateInput)
    .mutation(({ ctx, input }) => updateResource(ctx, input)),
} satisfies TRPCRouterRecord;
