import { ConfirmLinkInput, PendingLinkInput, UnlinkIdentityInput } from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { confirmLink, pendingLink, signInMethods, unlinkIdentity } from "../service/identity";
import { authedProcedure, publicProcedure } from "../trpc";

export const identityRouter = {
  /** The OpenID Connect providers this deployment offers (none: the apps show no buttons). */
  providers: publicProcedure
    .meta({ public: true })
    .query(({ ctx }) => ctx.signInProviders.map(({ id, label }) => ({ id, label }))),

  /** The signed-in account's ways to sign in: a password (or not) and its linked providers. */
  methods: authedProcedure.query(({ ctx }) => signInMethods(ctx)),

  /** Removes a linked provider while another way to sign in remains. */
  unlink: authedProcedure
    .input(UnlinkIdentityInput)
    .mutation(({ ctx, input }) => unlinkIdentity(ctx, input.identityId)),

  /** What the confirm screen shows: a provider's verified address matches an account. */
  pendingLink: publicProcedure
    .meta({ public: true, rateLimit: "credentials" })
    .input(PendingLinkInput)
    .query(({ ctx, input }) => pendingLink(ctx, input.confirmToken)),

  /** Links the waiting provider once the account's password proves ownership; signs in. */
  confirmLink: publicProcedure
    .meta({ public: true, rateLimit: "credentials" })
    .input(ConfirmLinkInput)
    .mutation(({ ctx, input }) => confirmLink(ctx, input)),
} satisfies TRPCRouterRecord;
