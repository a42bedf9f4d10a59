// The practice's plan: the catalogue in its currency, a quote, its choice, paying for it on the
// platform's keys, and switching paid features on and off. Operators keep the catalogue
// (planCatalogue, the admin app).
import {
  PlanCheckoutInput,
  PlanChooseInput,
  PlanFeatureEnabledInput,
  PlanPriceSetInput,
  PlanQuoteInput,
  PlanSyncInput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import {
  choosePlan,
  currentPlan,
  listPlanPrices,
  planCatalogue,
  quoteForOrg,
  setFeatureEnabled,
  setPlanPrice,
} from "../service/plan";
import { startPlanCheckout, syncPlanPayment } from "../service/plan-payment";
import { orgProcedure, platformAdminProcedure } from "../trpc";

export const planRouter = {
  /** Prices of the base and each offered feature in the practice's currency. */
  catalogue: orgProcedure("site.manage").query(({ ctx }) => planCatalogue(ctx)),

  /** The price of a choice, from the catalogue as it stands (what checkout charges). */
  quote: orgProcedure("site.manage")
    .input(PlanQuoteInput)
    .query(({ ctx, input }) => quoteForOrg(ctx, input)),

  /** Stores the choice (and the site's template); the wizard goes on to paying. */
  choose: orgProcedure("site.manage")
    .input(PlanChooseInput)
    .mutation(({ ctx, input }) => choosePlan(ctx, input)),

  /** Starts paying for the chosen plan on the platform's keys; renewals are the same call. */
  checkout: orgProcedure("site.manage")
    .input(PlanCheckoutInput)
    .mutation(({ ctx, input }) => startPlanCheckout(ctx, input)),

  /** Reads a plan payment back from the provider and applies it. */
  sync: orgProcedure("site.manage")
    .input(PlanSyncInput)
    .mutation(({ ctx, input }) => syncPlanPayment(ctx, input)),

  /** The subscription, whether it is active, in grace or lapsed, and its payments. */
  current: orgProcedure("site.manage").query(({ ctx }) => currentPlan(ctx)),

  /** Switches a feature off (always) or on (only while it is in the paid plan). */
  setFeatureEnabled: orgProcedure("site.manage")
    .input(PlanFeatureEnabledInput)
    .mutation(({ ctx, input }) => setFeatureEnabled(ctx, input)),
} satisfies TRPCRouterRecord;

/** The plan catalogue as operators keep it: every currency, interval and item. */
export const planCatalogueRouter = {
  list: platformAdminProcedure.query(({ ctx }) => listPlanPrices(ctx.db)),

  /** Sets or adds a price, or (de)activates it. */
  setPrice: platformAdminProcedure
    .input(PlanPriceSetInput)
    .mutation(({ ctx, input }) => setPlanPrice(ctx, input)),
} satisfies TRPCRouterRecord;
