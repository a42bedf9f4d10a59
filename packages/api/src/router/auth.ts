import {
  ChangePasswordInput,
  LinkTokenInput,
  MeOutput,
  OkOutput,
  RequestPasswordResetInput,
  ResetPasswordInput,
  RevokeSessionInput,
  SignInInput,
  SignUpInput,
  TokenIssueInput,
  TokenOutput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import {
  changePassword,
  issueToken,
  listSessions,
  revokeSession,
  signIn,
  signOut,
  signUp,
} from "../service/auth";
import {
  emailStatus,
  requestPasswordReset,
  resendVerification,
  resetPassword,
  verifyEmail,
} from "../service/account";
import { listMyOrganizations } from "../service/organization";
import { authedProcedure, publicProcedure } from "../trpc";

export const authRouter = {
  /** The signed-in user and their organizations, or null when signed out. */
  me: publicProcedure
    .meta({
      public: true,
      openapi: {
        method: "GET",
        path: "/v1/me",
        tags: ["account"],
        summary: "The signed-in user and their organizations",
        description:
          "Null when the token is missing, expired or revoked. Each organization's `id` is what `X-Organization-Id` takes.",
      },
    })
    .output(MeOutput)
    .query(async ({ ctx }) =>
      ctx.user
        ? { user: ctx.user, organizations: await listMyOrganizations(ctx.db, ctx.user.id) }
        : null,
    ),

  /**
   * Answers "check your email" whether or not the address has an account (a newcomer is sent
   * a confirmation link, an owner a reminder that they have one); opens no session.
   */
  signUp: publicProcedure
    .meta({ public: true, rateLimit: "credentials" })
    .input(SignUpInput)
    .mutation(({ ctx, input }) => signUp(ctx, input)),

  /** Emails a reset link if an account uses the address; the answer is the same either way. */
  requestPasswordReset: publicProcedure
    .meta({ public: true, rateLimit: "credentials" })
    .input(RequestPasswordResetInput)
    .mutation(({ ctx, input }) => requestPasswordReset(ctx, input)),

  /** Sets a new password from a reset link and signs every device out. */
  resetPassword: publicProcedure
    .meta({ public: true, rateLimit: "credentials" })
    .input(ResetPasswordInput)
    .mutation(({ ctx, input }) => resetPassword(ctx, input)),

  /** Confirms the address from its link and signs its owner in (the session cookie). */
  verifyEmail: publicProcedure
    .meta({ public: true, rateLimit: "credentials" })
    .input(LinkTokenInput)
    .mutation(({ ctx, input }) => verifyEmail(ctx, input)),

  /** Whether the signed-in account has confirmed its address. */
  emailStatus: authedProcedure.query(({ ctx }) => emailStatus(ctx.db, ctx.user.id)),

  /** Sends the signed-in account a new confirmation link. */
  resendVerification: authedProcedure
    .meta({ rateLimit: "credentials" })
    .mutation(({ ctx }) => resendVerification(ctx)),

  signIn: publicProcedure
    .meta({ public: true, rateLimit: "credentials" })
    .input(SignInInput)
    .mutation(({ ctx, input }) => signIn(ctx, input)),

  /**
   * Signs a device in (mobile apps, partners) for a bearer token, listed with its name among
   * the account's devices and revocable there.
   */
  token: publicProcedure
    .meta({
      public: true,
      rateLimit: "credentials",
      openapi: {
        method: "POST",
        path: "/v1/auth/token",
        protect: false,
        tags: ["account"],
        summary: "Sign a device in for a bearer token",
        description:
          "The token is answered once: send it as `Authorization: Bearer <token>`. It is listed under the account's devices by `deviceName` and can be revoked there (or with DELETE /api/v1/auth/token).",
      },
    })
    .input(TokenIssueInput)
    .output(TokenOutput)
    .mutation(({ ctx, input }) => issueToken(ctx, input)),

  signOut: authedProcedure
    .meta({
      openapi: {
        method: "DELETE",
        path: "/v1/auth/token",
        tags: ["account"],
        summary: "Revoke the token this request carries (sign the device out)",
      },
    })
    .output(OkOutput)
    .mutation(({ ctx }) => signOut(ctx)),

  /** The account's browsers and devices (bearer tokens by name), this one marked. */
  sessions: authedProcedure.query(({ ctx }) => listSessions(ctx)),

  revokeSession: authedProcedure
    .input(RevokeSessionInput)
    .mutation(({ ctx, input }) => revokeSession(ctx, input.sessionId)),

  changePassword: authedProcedure
    .input(ChangePasswordInput)
    .mutation(({ ctx, input }) => changePassword(ctx, input)),
} satisfies TRPCRouterRecord;
