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
    .mutation(({ ctx, input }) =>
      ctx.mutate("resource.create", async (tx, audit) => {
        const created = await createResource(tx, ctx.org, input);
        audit({ entityType: "resource", entityId: created.id, after: created });
        return created;
      }),
    ),

  /** Rooms and equipment only; also archives (`active: false`). */
  update: orgProcedure("directory.manage")
    .input(ResourceUpdateInput)
    .mutation(({ ctx, input }) =>
      ctx.mutate("resource.update", async (tx, audit) => {
        const { before, after } = await updateResource(tx, ctx.org.id, input);
        audit({ entityType: "resource", entityId: after.id, before, after });
        return after;
      }),
    ),
} satisfies TRPCRouterRecord;
