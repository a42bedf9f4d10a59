import {
  ChangePasswordInput,
  MeOutput,
  OkOutput,
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

  signUp: publicProcedure
    .meta({ public: true, rateLimit: "credentials" })
    .input(SignUpInput)
    .mutation(({ ctx, input }) => signUp(ctx, input)),

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
