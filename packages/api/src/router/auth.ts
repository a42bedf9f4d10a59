import {
  ChangePasswordInput,
  RevokeSessionInput,
  SignInInput,
  SignUpInput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import {
  changePassword,
  listSessions,
  revokeSession,
  signIn,
  signOut,
  signUp,
} from "../service/auth";
import { listMyOrganizations } from "../service/organization";
import { authedProcedure, publicProcedure } from "../trpc";

export const authRouter = {
  /** The signed-in user and their organizations, or null when signed out. */
  me: publicProcedure
    .meta({ public: true })
    .query(async ({ ctx }) =>
      ctx.user
        ? { user: ctx.user, organizations: await listMyOrganizations(ctx.db, ctx.user.id) }
        : null,
    ),

  signUp: publicProcedure
    .meta({ public: true, rateLimit: "credentials" })
    .input(SignUpInput)
    .mutation(({ ctx, input }) => signUp(ctx, input)),

  signIn: publicProcedure
    .meta({ public: true, rateLimit: "credentials" })
    .input(SignInInput)
    .mutation(({ ctx, input }) => signIn(ctx, input)),

  signOut: authedProcedure.mutation(({ ctx }) => signOut(ctx)),

  /** The account's browsers and devices (bearer tokens by name), this one marked. */
  sessions: authedProcedure.query(({ ctx }) => listSessions(ctx)),

  revokeSession: authedProcedure
    .input(RevokeSessionInput)
    .mutation(({ ctx, input }) => revokeSession(ctx, input.sessionId)),

  changePassword: authedProcedure
    .input(ChangePasswordInput)
    .mutation(({ ctx, input }) => changePassword(ctx, input)),
} satisfies TRPCRouterRecord;
