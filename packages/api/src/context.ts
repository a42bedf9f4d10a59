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
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { ChangeHub } from "./events";

const uuidSchema = z.uuid();

/** Whether an id a client sent can name a row at all (anything else is simply not found). */
export function isWellFormedId(value: string): boolean {
  return uuidSchema.safeParse(value).success;
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
}

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
  };
}

export type Context = ReturnType<typeof createContextInner>;

export interface ContextFactoryOptions {
  db: Database;
  secureCookies: boolean;
  events?: ChangeHub;
}

export function createContextFactory({ db, secureCookies, events }: ContextFactoryOptions) {
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
    const token = req.cookies[sessionCookieName];
    let auth: Awaited<ReturnType<typeof validateSessionToken>> = null;
    if (token) {
      // The membership comes with the session in one query: one round trip per request.
      const wellFormed = organizationId !== null && isWellFormedId(organizationId);
      auth = await validateSessionToken(db, token, new Date(), {
        organizationId: wellFormed ? organizationId : null,
      });
      if (!auth) cookies.clear();
      else if (auth.session.refreshed) cookies.set(token, auth.session.expiresAt);
    }
    return createContextInner({
      db,
      auth,
      organizationId,
      ip: req.ip,
      userAgent: req.headers["user-agent"] ?? null,
      requestId: req.id,
      logger: req.log,
      cookies,
      events,
    });
  };
}
