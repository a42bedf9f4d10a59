import { AdminSearchInput } from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { adminListOrganizations, adminListUsers } from "../service/admin";
import { platformAdminProcedure } from "../trpc";

export const adminRouter = {
  organizations: platformAdminProcedure
    .input(AdminSearchInput)
    .query(({ ctx, input }) => adminListOrganizations(ctx.db, input)),

  users: platformAdminProcedure
    .input(AdminSearchInput)
    .query(({ ctx, input }) => adminListUsers(ctx.db, input)),
} satisfies TRPCRouterRecord;
