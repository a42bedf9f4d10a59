import { AuditListInput } from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { listAuditLog } from "../service/audit-log";
import { orgProcedure } from "../trpc";

export const auditRouter = {
  /** Who changed what and when in this organization, newest first, with before and after. */
  list: orgProcedure("audit.read")
    .input(AuditListInput)
    .query(({ ctx, input }) => listAuditLog(ctx, input)),
} satisfies TRPCRouterRecord;
