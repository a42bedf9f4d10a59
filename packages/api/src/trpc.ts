// initTRPC, the procedure chain, error shaping, and `ctx.mutate` — the one way to change data.
import { can, findSessionMembership, type Action } from "@caredesk/auth";
import type { Database } from "@caredesk/db";
import { SchedulingInputError } from "@caredesk/scheduling";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { runAudited, type AuditEntry } from "./audit";
import { isWellFormedId, type Context } from "./context";
import { FieldError, mapDatabaseError, notFound, SlotTakenError } from "./errors";

export interface Meta {
  /** The permission an org procedure needs (read by generated tests). */
  action?: Action;
  /** Public on purpose: listed so isolation tests know it is not an oversight. */
  public?: true;
}

function fieldErrorsOf(error: ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "_form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: superjson,
    // Keeps SSE subscriptions alive through proxies; clients reconnect after silence.
    sse: {
      ping: { enabled: true, intervalMs: 15_000 },
      client: { reconnectAfterInactivityMs: 30_000 },
    },
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      const fieldErrors =
        error instanceof FieldError
          ? error.fieldErrors
          : cause instanceof ZodError && error.code === "BAD_REQUEST"
            ? fieldErrorsOf(cause)
            : null;
      const internal = error.code === "INTERNAL_SERVER_ERROR";
      return {
        ...shape,
        // Never leak SQL or stack traces to a user.
        message: internal
          ? "Something went wrong on our side. Please try again."
          : cause instanceof ZodError
            ? "Please correct the highlighted fields"
            : shape.message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          fieldErrors,
          /** Free slots to offer instead when a booking lost its slot. */
          alternatives: error instanceof SlotTakenError ? error.alternatives : null,
        },
      };
    },
  });

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Turns database errors into API errors for every procedure. */
const errorMapping = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof SchedulingInputError) {
    throw new TRPCError({ code: "BAD_REQUEST", message: result.error.cause.message });
  }
  if (!result.ok) {
    const mapped = mapDatabaseError(result.error.cause ?? result.error);
    if (mapped) throw mapped;
  }
  return result;
});

export type Mutate = <T>(
  action: string,
  change: (tx: Database, audit: (entry: AuditEntry) => void) => Promise<T>,
) => Promise<T>;

/**
 * Gives mutations `ctx.mutate`: runs the change and its audit row in one transaction.
 * A mutation that returns without having called it is a bug, refused here.
 */
const auditing = t.middleware(async ({ ctx, type, path, next }) => {
  const scope = { organizationId: null as string | null, calls: 0 };
  const mutate: Mutate = (action, change) => {
    scope.calls++;
    const origin = () => ({
      organizationId: scope.organizationId,
      actorUserId: ctx.user?.id ?? null,
      ip: ctx.ip,
      requestId: ctx.requestId,
    });
    return runAudited(ctx.db, origin, action, change);
  };
  const result = await next({ ctx: { mutate, auditScope: scope } });
  if (type === "mutation" && result.ok && scope.calls === 0) {
    ctx.logger.error({ path }, "mutation finished without ctx.mutate");
    throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: `${path} is not audited` });
  }
  return result;
});

export const publicProcedure = t.procedure.use(errorMapping).use(auditing);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user || !ctx.session) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in" });
  }
  return next({ ctx: { user: ctx.user, session: ctx.session } });
});

const requireMembership = authedProcedure.use(async ({ ctx, next }) => {
  const orgId = ctx.organizationId;
  // An unknown, malformed or foreign organization all look the same: not found.
  if (!orgId || !isWellFormedId(orgId)) throw notFound("Organization not found");
  // Over HTTP the membership was read with the session; other callers look it up here.
  const known =
    ctx.sessionMembership === undefined
      ? await findSessionMembership(ctx.db, ctx.user.id, orgId)
      : ctx.sessionMembership;
  if (!known || known.organization.id !== orgId) throw notFound("Organization not found");
  ctx.auditScope.organizationId = orgId;
  return next({
    ctx: { org: known.organization, membership: { id: known.id, role: known.role } },
  });
});

export const orgProcedure = (action: Action) =>
  requireMembership.meta({ action }).use(({ ctx, next }) => {
    if (!can(ctx.membership.role, action)) {
      throw new TRPCError({ code: "FORBIDDEN", message: "Your role does not allow this" });
    }
    return next();
  });

export const platformAdminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (!ctx.user.isPlatformAdmin) {
    throw new TRPCError({ code: "FORBIDDEN", message: "Platform operators only" });
  }
  return next();
});
