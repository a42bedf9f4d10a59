import { invalidateSession, listUserSessions, revokeUserSession } from "@caredesk/auth";
import {
  ChangePasswordInput,
  RevokeSessionInput,
  SignInInput,
  SignUpInput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import { notFound } from "../errors";
import {
  checkCredentials,
  checkPasswordChange,
  createUser,
  hashPassword,
  openSession,
  replacePassword,
} from "../service/auth";
import { listMyOrganizations } from "../service/organization";
import { authedProcedure, publicProcedure } from "../trpc";

export const authRouter = {
  /** The signed-in user and their organizations, or null when signed out. */
  me: publicProcedure.meta({ public: true }).query(async ({ ctx }) => {
    if (!ctx.user) return null;
    return { user: ctx.user, organizations: await listMyOrganizations(ctx.db, ctx.user.id) };
  }),

  signUp: publicProcedure
    .meta({ public: true })
    .input(SignUpInput)
    .mutation(async ({ ctx, input }) => {
      // Hash before the transaction: argon2 is slow on purpose and must not hold a connection.
      const passwordHash = await hashPassword(input.password);
      const { user, token, session } = await ctx.mutate("auth.signUp", async (tx, audit) => {
        const created = await createUser(tx, input, passwordHash);
        const opened = await openSession(tx, created.id, ctx);
        audit({
          actorUserId: created.id,
          entityType: "user",
          entityId: created.id,
          after: { email: created.email, name: created.name },
        });
        return { user: created, ...opened };
      });
      ctx.cookies.set(token, session.expiresAt);
      return { user };
    }),

  signIn: publicProcedure
    .meta({ public: true })
    .input(SignInInput)
    .mutation(async ({ ctx, input }) => {
      const user = await checkCredentials(ctx.db, input);
      const { token, session } = await ctx.mutate("auth.signIn", async (tx, audit) => {
        audit({ actorUserId: user.id, entityType: "user", entityId: user.id });
        return openSession(tx, user.id, ctx);
      });
      ctx.cookies.set(token, session.expiresAt);
      return { user };
    }),

  signOut: authedProcedure.mutation(async ({ ctx }) => {
    await ctx.mutate("auth.signOut", async (tx, audit) => {
      audit({ entityType: "session", entityId: ctx.session.id });
      await invalidateSession(tx, ctx.session.id);
    });
    ctx.cookies.clear();
    return { ok: true as const };
  }),

  sessions: authedProcedure.query(async ({ ctx }) => {
    const rows = await listUserSessions(ctx.db, ctx.user.id);
    return rows.map((row) => ({ ...row, current: row.id === ctx.session.id }));
  }),

  revokeSession: authedProcedure.input(RevokeSessionInput).mutation(async ({ ctx, input }) => {
    await ctx.mutate("auth.revokeSession", async (tx, audit) => {
      // Someone else's session id answers exactly like a missing one.
      if (!(await revokeUserSession(tx, ctx.user.id, input.sessionId)))
        throw notFound("Session not found");
      audit({ entityType: "session", entityId: input.sessionId });
    });
    if (input.sessionId === ctx.session.id) ctx.cookies.clear();
    return { ok: true as const };
  }),

  changePassword: authedProcedure.input(ChangePasswordInput).mutation(async ({ ctx, input }) => {
    const passwordHash = await checkPasswordChange(ctx.db, ctx.user.id, input);
    // Every session ends, this device gets a fresh one so the user stays signed in here.
    const { token, session } = await ctx.mutate("auth.changePassword", async (tx, audit) => {
      audit({ entityType: "user", entityId: ctx.user.id });
      await replacePassword(tx, ctx.user.id, passwordHash);
      return openSession(tx, ctx.user.id, ctx);
    });
    ctx.cookies.set(token, session.expiresAt);
    return { ok: true as const };
  }),
} satisfies TRPCRouterRecord;
