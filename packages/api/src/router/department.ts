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
    .mutation(({ ctx, input }) => createDepartment(ctx, input)),

  /** Also archives (`active: false`) and restores: a department with history is never deleted. */
  update: orgProcedure("directory.manage")
    .input(DepartmentUpdateInput)
    .mutation(({ ctx, input }) => updateDepartment(ctx, input)),
} satisfies TRPCRouterRecord;
