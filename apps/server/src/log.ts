// What the server's logs may say about a request or an error: ids, methods, paths, codes and
// constraint names — never the values a request carried (patient names, mobiles, notes) nor a
// secret. Query strings are cut off (a batched tRPC GET puts its whole input there), a failed
// query's parameters and PostgreSQL's `detail` (which quotes the offending values) are dropped.
import type { FastifyRequest } from "fastify";

/** A request as logged: no query string, no headers. */
export function logRequest(request: FastifyRequest) {
  return {
    id: request.id,
    method: request.method,
    url: request.url.split("?")[0],
    remoteAddress: request.ip,
  };
}

/** Cuts what a message quotes from the request: "params: …" of a failed query and on. */
function withoutValues(message: string): string {
  const at = message.search(/\bparams:/);
  return at === -1 ? message : `${message.slice(0, at).trimEnd()} [parameters omitted]`;
}

export interface LoggedError {
  type: string;
  message: string;
  stack: string;
  [key: string]: unknown;
}

/** An error as logged: its kind, code, constraint and stack, without any quoted values. */
export function logError(error: unknown): LoggedError {
  if (!(error instanceof Error))
    return { type: typeof error, message: "non-error thrown", stack: "" };
  // The first lines of a stack repeat the message; keep only the frames.
  const frames = (error.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));
  const out: LoggedError = {
    type: error.name,
    message: withoutValues(error.message),
    stack: frames.join("\n"),
  };
  const fields = error as Error & Record<string, unknown>;
  for (const key of [
    "code",
    "severity",
    "constraint_name",
    "constraint",
    "table_name",
    "routine",
  ]) {
    const value = fields[key];
    if (typeof value === "string" || typeof value === "number") out[key] = value;
  }
  if (error.cause !== undefined && error.cause !== error) out.cause = logError(error.cause);
  return out;
}

/**
 * Fastify's logger options: the serializers above (so code logs `{ err }` as it is and the
 * serializer decides what is written), and secrets in headers redacted.
 */
export function loggerOptions(level: string) {
  return {
    level,
    redact: ["req.headers.cookie", "req.headers.authorization", 'res.headers["set-cookie"]'],
    serializers: {
      req: logRequest,
      err: logError,
      error: logError,
    },
  };
}
