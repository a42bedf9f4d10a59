import {
  SiteDomainInput,
  SiteHoursInput,
  SiteProfileInput,
  SiteSlugInput,
  SiteStepInput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import {
  changeSiteSlug,
  getSiteSettings,
  publishSite,
  setSiteDomain,
  setSiteStep,
  unpublishSite,
  updateSiteHours,
  updateSiteProfile,
  verifySiteDomain,
} from "../service/site-admin";
import { orgProcedure } from "../trpc";

export const siteRouter = {
  /** The site, its plan, whether it is live, its addresses and what publishing still needs. */
  get: orgProcedure("site.manage").query(({ ctx }) => getSiteSettings(ctx.db, ctx.org.id)),

  updateProfile: orgProcedure("site.manage")
    .input(SiteProfileInput)
    .mutation(({ ctx, input }) => updateSiteProfile(ctx, input)),

  updateHours: orgProcedure("site.manage")
    .input(SiteHoursInput)
    .mutation(({ ctx, input }) => updateSiteHours(ctx, input)),

  /** The wizard's resume point: back to any step, or on to the next. */
  setStep: orgProcedure("site.manage")
    .input(SiteStepInput)
    .mutation(({ ctx, input }) => setSiteStep(ctx, input)),

  /** PRECONDITION_FAILED with what is missing (plan, name, address, contact) as field errors. */
  publish: orgProcedure("site.manage").mutation(({ ctx }) => publishSite(ctx)),

  unpublish: orgProcedure("site.manage").mutation(({ ctx }) => unpublishSite(ctx)),

  /** CONFLICT with a free address suggested when the slug is taken or reserved. */
  changeSlug: orgProcedure("site.manage")
    .input(SiteSlugInput)
    .mutation(({ ctx, input }) => changeSiteSlug(ctx, input)),

  /** Answers the TXT record to add (its token shown this once); null removes the domain. */
  setDomain: orgProcedure("site.manage")
    .input(SiteDomainInput)
    .mutation(({ ctx, input }) => setSiteDomain(ctx, input)),

  verifyDomain: orgProcedure("site.manage").mutation(({ ctx }) => verifySiteDomain(ctx)),
} satisfies TRPCRouterRecord;
