import { InvitationAcceptInput, LinkTokenInput } from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { acceptInvitation, peekInvitation } from "../service/invitation";
import { publicProcedure } from "../trpc";

/** Following an invitation's link: anyone holding it, signed in or not. */
export const invitationRouter = {
  /** Who invites to what, and whether the address has an account; the link stays unused. */
  peek: publicProcedure
    .meta({ public: true, rateLimit: "credentials" })
    .input(LinkTokenInput)
    .query(({ ctx, input }) => peekInvitation(ctx.db, input.token)),

  /**
   * Joins the practice: a newcomer's account is made (name and password) and signed in; an
   * existing account must be the one signed in.
   */
  accept: publicProcedure
    .meta({ public: true, rateLimit: "credentials" })
    .input(InvitationAcceptInput)
    .mutation(({ ctx, input }) => acceptInvitation(ctx, input)),
} satisfies TRPCRouterRecord;
