import { BillingSettingsInput } from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { billingSettings, updateBillingSettings } from "../service/billing";
import { orgProcedure } from "../trpc";

export const billingRouter = {
  /** Tax, the practice's fee, the dispute window and the cancellation policy. */
  settings: orgProcedure("billing.read").query(({ ctx }) => billingSettings(ctx.db, ctx.org.id)),

  updateSettings: orgProcedure("billing.settings")
    .input(BillingSettingsInput)
    .mutation(({ ctx, input }) => updateBillingSettings(ctx, input)),
} satisfies TRPCRouterRecord;
