// initTRPC, the procedure chain, and the one place domain and database errors become API errors.
// A procedure's `meta` carries its policy: the permission it needs, whether it is public on
// purpose, its rate-limit bucket, its REST operation. The host, the OpenAPI document and the
// generated tests read it from the router.
import { can, findSessionMembership, type Action } from "@caredesk/auth";
import type { PracticeFeature } from "@caredesk/db";
import { getTRPCErrorFromUnknown, initTRPC, TRPCError } from "@trpc/server";
import type { OpenApiMeta } from "trpc-to-openapi";
import { ZodError } from "zod";
import { runAudited, type Mutate } from "./audit";
import { isWellFormedId, type Context } from "./context";
import { apiErrorOf } from "./api-error";
import {
  DomainError,
  forbidden,
  internalErrorMessage,
  isBookingConflict,
  notFound,
  OffGridError,
  RetryLaterError,
  SlotTakenError,
  type Alternative,
} from "./errors";
import type { RateLimitBucket } from "./rate-limit";
import { getOwnPatient } from "./service/patient";
import { transformer } from "./transformer";

type Policy = {
  /** The permission an org procedure needs (set by `orgProcedure`; read by generated tests). */
  action?: Action;
  /**
   * The practice feature the procedure belongs to (reviews, patient portal…): while the
   * organization has it off, the procedure answers NOT_FOUND, as if it did not exist.
   */
  feature?: PracticeFeature;
  /** Public on purpose: listed so isolation tests know it is not an oversight. */
  public?: true;
  /**
   * Answers while the organization is suspended (the few reads that let the apps show why);
   * every other org procedure is refused with PRECONDITION_FAILED and the reason then.
   */
  whileSuspended?: true;
  /** The rate-limit bucket its calls count in (default: `default`). */
  rateLimit?: RateLimitBucket;
  /**
   * A subscription native clients may open as a Server-Sent Events stream at `/trpc/<path>`:
   * the OpenAPI document lists it (trpc-to-openapi cannot describe subscriptions itself).
   */
  eventStream?: { summary: string; description: string; tags: string[] };
};

/**
 * A procedure's policy, and `openapi`: the REST operation it is also served as, under /api
 * (trpc-to-openapi; it needs an `.output()` schema). See openapi.ts.
 */
export type Meta = OpenApiMeta<Policy>;

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
    // superjson's format; plain answers are written without superjson's slower walk.
    transformer,
    // Keeps SSE subscriptions alive through proxies; clients reconnect after silence.
    sse: {
      ping: { enabled: true, intervalMs: 15_000 },
      client: { reconnectAfterInactivityMs: 30_000 },
    },
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      const domain = cause instanceof DomainError ? cause : null;
      const invalidInput = cause instanceof ZodError && error.code === "BAD_REQUEST";
      let alternatives: Alternative[] | null = null;
      if (domain instanceof SlotTakenError || domain instanceof OffGridError) {
        alternatives = domain.alternatives;
      }
      return {
        ...shape,
        // Never leak SQL or stack traces to a user.
        message:
          error.code === "INTERNAL_SERVER_ERROR"
            ? internalErrorMessage
            : invalidInput
              ? "Please correct the highlighted fields"
              : shape.message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          fieldErrors: domain?.fieldErrors ?? (invalidInput ? fieldErrorsOf(cause) : null),
          /** Free slots to offer instead when a booking cannot have the time it asked for. */
          alternatives,
          /** Seconds to wait before asking again (TOO_MANY_REQUESTS, SERVICE_UNAVAILABLE). */
          retryAfterSeconds: domain instanceof RetryLaterError ? domain.retryAfterSeconds : null,
        },
      };
    },
  });

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * What every procedure runs first, in one middleware (each level of tRPC's chain copies the
 * call's options and context, which on the calendar's hot path cost more than these checks):
 *
 * - rate limiting: counts the call in its bucket, after tRPC decoded which procedure it is
 *   (batches included);
 * - auditing: gives the procedure `ctx.mutate`, bound to no organization yet (membership
 *   rebinds it), and refuses a mutation that returns without having called it: every change
 *   is audited;
 * - error mapping: turns domain and database errors into API errors for every procedure, here
 *   and only here (a refusal of the two checks above included);
 * - observing: tells the host's observer (metrics) how each call went — its duration and the
 *   error code it answered, after mapping, so refused and rate-limited calls count too.
 */
const base = t.middleware(async ({ ctx, meta, type, path, next }) => {
  const observer = ctx.observer;
  const started = observer ? performance.now() : 0;
  const observe = (error: TRPCError | null) =>
    observer?.procedure({
      path,
      type,
      seconds: (performance.now() - started) / 1000,
      errorCode: error ? error.code : null,
      bookingConflict: error !== null && isBookingConflict(error),
    });
  let result;
  try {
    try {
      const bucket = meta?.rateLimit ?? "default";
      const verdict = ctx.rateLimiter.consume(bucket, ctx.ip ?? "unknown");
      if (!verdict.ok) {
        throw new RetryLaterError(
          "TOO_MANY_REQUESTS",
          "Too many attempts. Please wait a minute and try again.",
          verdict.retryAfterSeconds,
        );
      }
      const trail = { calls: 0 };
      result = await next({
        ctx: { operation: path, auditTrail: trail, mutate: mutateFor(ctx, path, null, trail) },
      });
      if (type === "mutation" && result.ok && trail.calls === 0) {
        ctx.logger.error({ path }, "mutation finished without ctx.mutate");
        throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: `${path} is not audited` });
      }
    } catch (cause) {
      // This middleware's own refusals, as the chain would have handed them on: mapped too.
      const error = getTRPCErrorFromUnknown(cause);
      throw apiErrorOf(error.cause ?? error) ?? error;
    }
    if (!result.ok) {
      const mapped = apiErrorOf(result.error.cause ?? result.error);
      if (mapped) throw mapped;
    }
  } catch (refusal) {
    observe(getTRPCErrorFromUnknown(refusal));
    throw refusal;
  }
  observe(result.ok ? null : result.error);
  return result;
});

function mutateFor(
  ctx: Context,
  action: string,
  organizationId: string | null,
  trail: { calls: number },
): Mutate {
  return (change) => {
    trail.calls++;
    const origin = {
      organizationId,
      actorUserId: ctx.user?.id ?? null,
      ip: ctx.ip,
      requestId: ctx.requestId,
    };
    return runAudited(ctx.db, origin, action, change);
  };
}

export const publicProcedure = t.procedure.use(base);

/** A caller without a session is asked to sign in: the first check of every signed-in procedure. */
function assertSignedIn<C extends Pick<Context, "user" | "session">>(
  ctx: C,
): asserts ctx is C & { user: NonNullable<C["user"]>; session: NonNullable<C["session"]> } {
  if (!ctx.user || !ctx.session) {
    throw new DomainError("UNAUTHORIZED", "Please sign in");
  }
}

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  assertSignedIn(ctx);
  return next({ ctx: { user: ctx.user, session: ctx.session } });
});

// The session check of authedProcedure, the membership and the permission the meta names, in
// one middleware: one context copy per call instead of three (orgProcedure is most of the API).
const requireMembership = publicProcedure.use(async ({ ctx, meta, next }) => {
  assertSignedIn(ctx);
  const orgId = ctx.organizationId;
  // An unknown, malformed or foreign organization all look the same: not found.
  if (!orgId || !isWellFormedId(orgId)) throw notFound("Organization not found");
  // Over HTTP the membership was read with the session; other callers look it up here.
  const known =
    ctx.sessionMembership === undefined
      ? await findSessionMembership(ctx.db, ctx.user.id, orgId)
      : ctx.sessionMembership;
  if (!known || known.organization.id !== orgId) throw notFound("Organization not found");
  // A practice suspended by a platform operator: its members can change or read nothing but
  // what tells them why (nothing is deleted; restoring clears the flag).
  if (known.organization.suspendedAt && !meta?.whileSuspended) {
    throw new DomainError(
      "PRECONDITION_FAILED",
      `This practice is suspended: ${known.organization.suspensionReason ?? ""}`,
    );
  }
  // A feature the practice has off does not exist for it.
  if (meta?.feature && !known.organization.features.includes(meta.feature)) {
    throw notFound("Not found");
  }
  // The permission orgProcedure put in the meta.
  if (!meta?.action || !can(known.role, meta.action)) {
    throw forbidden("Your role does not allow this");
  }
  return next({
    ctx: {
      user: ctx.user,
      session: ctx.session,
      org: known.organization,
      membership: { id: known.id, role: known.role },
      mutate: mutateFor(ctx, ctx.operation, orgId, ctx.auditTrail),
    },
  });
});

export const orgProcedure = (action: Action) => requireMembership.meta({ action });

/** The portal: a patient-role member, with their own patient record resolved once. */
export const patientProcedure = orgProcedure("portal.self")
  .meta({ feature: "patient_portal" })
  .use(async ({ ctx, next }) => {
    // Checked here too: a portal procedure of another feature (reviews) names that one in its
    // meta, and the portal must still be on.
    if (!ctx.org.features.includes("patient_portal")) throw notFound("Not found");
    return next({ ctx: { patient: await getOwnPatient(ctx.db, ctx.org.id, ctx.user.id) } });
  });

export const platformAdminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (!ctx.user.isPlatformAdmin) throw forbidden("Platform operators only");
  return next();
});
