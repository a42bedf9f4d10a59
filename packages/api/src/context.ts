// Request context: the inner part (db, session, request facts) is what tests build with
// `createCaller`; `createContextFactory` adapts a Fastify request to it.
import {
  sessionCookieName,
  validateSessionToken,
  type SessionMembership,
  type SessionUser,
  type ValidSession,
} from "@caredesk/auth";
import type { Database } from "@caredesk/db";
import type {} from "@fastify/cookie";
import type { CreateFastifyContextOptions } from "@trpc/server/adapters/fastify";
import type { LanguageModel } from "ai";
import { randomUUID } from "node:crypto";
import { Id } from "@caredesk/validators";
import { apiErrorOf } from "./api-error";
import { memoryFileStore, type FileStore } from "./file-store";
import { noScanner, type MalwareScanner } from "./malware";
import { processPayments, type PaymentsConfig } from "./payments";
import { ChangeHub } from "./events";
import { unlimited, type RateLimiter } from "./rate-limit";
import type { SignInProvider } from "./service/identity";
import { systemResolveTxt, type ResolveTxt } from "./service/site-admin";

/** Whether an id a client sent can name a row at all (anything else is simply not found). */
export function isWellFormedId(value: string): boolean {
  return Id.safeParse(value).success;
}

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** Writes the session cookie; the Fastify host implements it, tests record it. */
export interface SessionCookieWriter {
  set(token: string, expiresAt: Date): void;
  clear(): void;
}

export interface ContextInnerOptions {
  db: Database;
  auth?: {
    session: ValidSession;
    user: SessionUser;
    /** The membership of `organizationId`, when it was read with the session. */
    membership?: SessionMembership | null;
  } | null;
  /** Active organization chosen by the client (`x-organization-id`). */
  organizationId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string;
  logger?: Logger;
  cookies?: SessionCookieWriter;
  /** Live changes of this process (subscriptions). */
  events?: ChangeHub;
  /** Counts calls per client (the host's); none for tests and scripts. */
  rateLimiter?: RateLimiter;
  /** The VAPID public key browsers subscribe to web push with; none when push is off. */
  vapidPublicKey?: string | null;
  /** Where services store the files they make (signed forms' PDFs); memory when absent. */
  files?: FileStore;
  /** Providers' endpoints and the box for their keys; a process-made key when absent. */
  payments?: PaymentsConfig;
  /** Looks up DNS TXT records (custom domains' proof); the system's resolvers when absent. */
  resolveTxt?: ResolveTxt;
  /** The operator's language model for the assistant; none: the embedded engine answers. */
  assistantModel?: LanguageModel | null;
  /** The OpenID Connect providers people may sign in with (the host's); none when absent. */
  signInProviders?: readonly SignInProvider[];
  /** Scans bytes from outside before they are served (ClamAV); none: nothing is scanned. */
  scanner?: MalwareScanner;
  /** Told of every procedure call when it ends (the host's metrics); none for tests and scripts. */
  observer?: ProcedureObserver | null;
}

/** One finished procedure call, as the `observing` middleware (trpc.ts) reports it. */
export interface ProcedureCall {
  /** The procedure's path ("appointment.create"): a finite set, never an id. */
  path: string;
  type: "query" | "mutation" | "subscription";
  seconds: number;
  /** The API error code it answered (after mapping), or null when it succeeded. */
  errorCode: string | null;
  /** It was refused because the time it wanted was taken (SlotTakenError or an exclusion). */
  bookingConflict: boolean;
}

export interface ProcedureObserver {
  procedure(call: ProcedureCall): void;
}

// Callers that bring no store (the api's tests, scripts) keep files in this process.
const processFiles = memoryFileStore();

// Callers that bring no hub (scripts, some tests) share one that nobody feeds.
const idleHub = new ChangeHub();

export function createContextInner(opts: ContextInnerOptions) {
  return {
    db: opts.db,
    session: opts.auth?.session ?? null,
    user: opts.auth?.user ?? null,
    organizationId: opts.organizationId ?? null,
    /** Undefined: not read yet (org procedures then look it up); null: not a member. */
    sessionMembership: opts.auth?.membership,
    ip: opts.ip ?? null,
    userAgent: opts.userAgent ?? null,
    requestId: opts.requestId ?? randomUUID(),
    logger: opts.logger ?? silentLogger,
    cookies: opts.cookies ?? { set() {}, clear() {} },
    events: opts.events ?? idleHub,
    rateLimiter: opts.rateLimiter ?? unlimited,
    vapidPublicKey: opts.vapidPublicKey ?? null,
    files: opts.files ?? processFiles,
    payments: opts.payments ?? processPayments(),
    resolveTxt: opts.resolveTxt ?? systemResolveTxt,
    assistantModel: opts.assistantModel ?? null,
    signInProviders: opts.signInProviders ?? [],
    scanner: opts.scanner ?? noScanner,
    observer: opts.observer ?? null,
  };
}

export type Context = ReturnType<typeof createContextInner>;

export interface ContextFactoryOptions {
  db: Database;
  secureCookies: boolean;
  events?: ChangeHub;
  rateLimiter?: RateLimiter;
  /** Web push's VAPID public key (push.publicKey answers it). */
  vapidPublicKey?: string | null;
  /** The host's file storage. */
  files?: FileStore;
  payments?: PaymentsConfig;
  assistantModel?: LanguageModel | null;
  signInProviders?: readonly SignInProvider[];
  scanner?: MalwareScanner;
  observer?: ProcedureObserver | null;
}

/**
 * The session token a request carries: an `Authorization: Bearer` header (mobile apps,
 * partners) or else the session cookie (browsers). A request with a bearer header is judged by
 * it alone; its cookies are never read.
 */
export function requestToken(req: {
  headers: Record<string, string | string[] | undefined>;
  cookies: Record<string, string | undefined>;
}): { token: string; kind: "bearer" | "cookie" } | null {
  const header = req.headers.authorization;
  if (typeof header === "string" && /^bearer\s/i.test(header)) {
    return { token: header.slice(6).trim(), kind: "bearer" };
  }
  const cookie = req.cookies[sessionCookieName];
  return cookie ? { token: cookie, kind: "cookie" } : null;
}

export function createContextFactory({
  db,
  secureCookies,
  events,
  rateLimiter,
  vapidPublicKey,
  files,
  payments,
  assistantModel,
  signInProviders,
  scanner,
  observer,
}: ContextFactoryOptions) {
  return async function createContext({
    req,
    res,
    info,
    organizationId: named,
  }: Pick<CreateFastifyContextOptions, "req" | "res"> & {
    info?: Pick<CreateFastifyContextOptions["info"], "connectionParams">;
    /** The organization the route itself names (file routes), over the header's. */
    organizationId?: string;
  }): Promise<Context> {
    const cookies: SessionCookieWriter = {
      set(token, expiresAt) {
        res.setCookie(sessionCookieName, token, {
          httpOnly: true,
          sameSite: "lax",
          secure: secureCookies,
          path: "/",
          expires: expiresAt,
        });
      },
      clear() {
        res.clearCookie(sessionCookieName, { path: "/" });
      },
    };
    // Subscriptions (EventSource) cannot send headers; they name the organization in their
    // connection parameters instead. Membership is still checked by the procedure.
    const orgHeader =
      named ?? req.headers["x-organization-id"] ?? info?.connectionParams?.organizationId;
    const organizationId = typeof orgHeader === "string" ? orgHeader : null;
    const carried = requestToken(req);
    let auth: Awaited<ReturnType<typeof validateSessionToken>> = null;
    if (carried) {
      // The membership comes with the session in one query: one round trip per request.
      const wellFormed = organizationId !== null && isWellFormedId(organizationId);
      try {
        auth = await validateSessionToken(db, carried.token, new Date(), {
          organizationId: wellFormed ? organizationId : null,
          kind: carried.kind,
        });
      } catch (error) {
        // The database is unreachable: say so (503, Retry-After) instead of failing blind.
        throw apiErrorOf(error) ?? error;
      }
      if (carried.kind === "cookie") {
        if (!auth) cookies.clear();
        else if (auth.session.refreshed) cookies.set(carried.token, auth.session.expiresAt);
      }
    }
    return createContextInner({
      db,
      auth,
      organizationId,
      ip: req.ip,
      userAgent: req.headers["user-agent"] ?? null,
      requestId: req.id,
      logger: req.log,
      // A bearer client keeps its token itself: nothing is ever set in its cookies.
      cookies: carried?.kind === "bearer" ? undefined : cookies,
      events,
      rateLimiter,
      vapidPublicKey,
      ...(files ? { files } : {}),
      ...(payments ? { payments } : {}),
      ...(assistantModel ? { assistantModel } : {}),
      ...(signInProviders ? { signInProviders } : {}),
      ...(scanner ? { scanner } : {}),
      ...(observer ? { observer } : {}),
    });
  };
}
