// Helpers for driving the real server in-process: environment, tRPC wire format, cookies.
import { sessionCookieName } from "@caredesk/auth";
import type { DbHandle } from "@caredesk/db";
import type { FastifyInstance, FastifyServerOptions, LightMyRequestResponse } from "fastify";
import superjson from "superjson";
import { buildServer } from "../src/app";
import { loadEnv } from "../src/env";

export const appOrigin = "http://localhost:3000";

/**
 * A server on `database` with a valid test environment plus `overrides`; it logs nothing
 * unless given a logger.
 */
export function startServer(
  database: DbHandle,
  overrides: Record<string, string> = {},
  logger: FastifyServerOptions["logger"] = false,
): Promise<FastifyInstance> {
  const env = loadEnv({
    NODE_ENV: "test",
    APP_ORIGIN: appOrigin,
    SEED_DEMO: "false",
    LOG_LEVEL: "silent",
    ...overrides,
  });
  return buildServer({ env, database, logger });
}

/** What the web app sends for a member: the session cookie, the organization, its Origin. */
export function memberHeaders(token: string, organizationId: string): Record<string, string> {
  return {
    cookie: `${sessionCookieName}=${token}`,
    "x-organization-id": organizationId,
    origin: appOrigin,
  };
}

/** A tRPC mutation body as the client sends it (superjson). */
export function mutationBody(input: unknown): string {
  return JSON.stringify(superjson.serialize(input));
}

/** The query string of a tRPC GET call with `input`. */
export function queryInput(input: unknown): string {
  return `input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
}

export interface TrpcErrorBody {
  message: string;
  code: number;
  data: {
    code: string;
    httpStatus: number;
    path: string;
    fieldErrors: Record<string, string[]> | null;
  };
}

/** The error of a non-batched tRPC response, as the client would decode it. */
export function trpcError(response: LightMyRequestResponse): TrpcErrorBody {
  const body = response.json<{ error: Parameters<typeof superjson.deserialize>[0] }>();
  return superjson.deserialize<TrpcErrorBody>(body.error);
}

export function trpcData<T>(response: LightMyRequestResponse): T {
  const body = response.json<{ result: { data: Parameters<typeof superjson.deserialize>[0] } }>();
  return superjson.deserialize<T>(body.result.data);
}

export function sessionCookie(response: LightMyRequestResponse) {
  return response.cookies.find((cookie) => cookie.name === sessionCookieName);
}

export { sessionCookieName };

/** The port `app` listens on at 127.0.0.1; one not listening yet is made to, on a free port. */
export async function listeningPort(app: FastifyInstance): Promise<number> {
  if (!app.server.listening) await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  if (!address || typeof address !== "object") throw new Error("the server has no TCP port");
  return address.port;
}

/** Reads SSE frames until one contains `needle`, or gives up after `ms`. */
export async function waitForEvent(
  body: ReadableStream<Uint8Array>,
  needle: string,
  ms = 10_000,
): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let seen = "";
  const deadline = setTimeout(() => void reader.cancel(), ms);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`stream ended before the event; saw: ${seen.slice(0, 500)}`);
      seen += decoder.decode(value, { stream: true });
      const frame = seen.split("\n\n").find((f) => f.includes(needle));
      if (frame) return frame;
    }
  } finally {
    clearTimeout(deadline);
    await reader.cancel().catch(() => undefined);
  }
}
