import { BillingSettingsInput, TakingsInput } from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { billingSettings, updateBillingSettings } from "../service/billing";
import { reconcile } from "../service/reconciliation";
import { takings } from "../service/takings";
import { orgProcedure } from "../trpc";

export const billingRouter = {
  /** Tax, the practice's fee, the dispute window and the cancellation policy. */
  settings: orgProcedure("billing.read").query(({ ctx }) => billingSettings(ctx.db, ctx.org.id)),

  updateSettings: orgProcedure("billing.settings")
    .input(BillingSettingsInput)
    .mutation(({ ctx, input }) => updateBillingSettings(ctx, input)),

  /** Money received less money given back, per practice day, by method and by doctor. */
  takings: orgProcedure("billing.read")
    .input(TakingsInput)
    .query(({ ctx, input }) => takings(ctx.db, ctx.org, input)),

  /** Online payments next to what the journal booked at their provider; mismatches stand out. */
  reconciliation: orgProcedure("billing.read")
    .input(TakingsInput)
    .query(({ ctx, input }) => reconcile(ctx.db, ctx.org, input)),
} satisfies TRPCRouterRecord;
