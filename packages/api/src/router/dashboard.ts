// The practice dashboard for owners and managers: a range of practice days summed up.
import { DashboardSummaryInput } from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { dashboardSummary } from "../service/dashboard";
import { orgProcedure } from "../trpc";

export const dashboardRouter = {
  /**
   * Appointments per day by status, no-show and cancellation rates, utilisation per doctor and
   * room, new patients, revenue by method and doctor, and the top services of the range.
   */
  summary: orgProcedure("dashboard.read")
    .input(DashboardSummaryInput)
    .query(({ ctx, input }) => dashboardSummary(ctx, input)),
} satisfies TRPCRouterRecord;
