// The pharmacy's reports: the shelf today (value, low stock, expiring lots) and sales.
import { PharmacyReportRange } from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { salesReport, stockSummary } from "../service/pharmacy-report";
import { orgProcedure } from "../trpc";

export const pharmacyReportRouter = {
  summary: orgProcedure("pharmacy.read").query(({ ctx }) => stockSummary(ctx)),

  /** Sales by day and by product over at most a year of days. */
  sales: orgProcedure("pharmacy.read")
    .input(PharmacyReportRange)
    .query(({ ctx, input }) => salesReport(ctx, input)),
} satisfies TRPCRouterRecord;
