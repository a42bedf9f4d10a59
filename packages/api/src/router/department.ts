import {
  ByIdInput,
  DepartmentCreateInput,
  DepartmentUpdateInput,
  ListInput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import {
  createDepartment,
  getDepartment,
  listDepartments,
  updateDepartment,
} from "../service/department";
import { orgProcedure } from "../trpc";

export const departmentRouter = {
  list: orgProcedure("directory.read")
    .input(ListInput)
    .query(({ ctx, input }) => listDepartments(ctx.db, ctx.org.id, input)),

  byId: orgProcedure("directory.read")
    .input(ByIdInput)
    .query(({ ctx, input }) => getDepartment(ctx.db, ctx.org.id, input.id)),

  create: orgProcedure("directory.manage")
    .input(DepartmentCreateInput)
    .mutation(({ ctx, input }) =>
      ctx.mutate("department.create", async (tx, audit) => {
        const created = await createDepartment(tx, ctx.org.id, input);
        audit({ entityType: "department", entityId: created.id, after: created });
        return created;
      }),
    ),

  /** Also archives (`active: false`) and restores: a department with history is never deleted. */
  update: orgProcedure("directory.manage")
    .input(DepartmentUpdateInput)
    .mutation(({ ctx, input }) =>
      ctx.mutate("department.update", async (tx, audit) => {
        const { before, after } = await updateDepartment(tx, ctx.org.id, input);
        audit({ entityType: "department", entityId: after.id, before, after });
        return after;
      }),
    ),
} satisfies TRPCRouterRecord;
