// The REST API for mobile apps and partners: the procedures whose meta names an OpenAPI
// operation, served under /api/v1 by trpc-to-openapi through the same context as /trpc (bearer
// or cookie session, membership, permission, rate limits, audit all apply unchanged); its
// document at /api/openapi.json and Swagger UI at /api/docs.
import { createRequire } from "node:module";
import { dirname } from "node:path";
import {
  appRouter,
  internalErrorMessage,
  openApiDocument,
  restBasePath,
  restErrorCodes,
  restErrors,
  type Context,
  type RestError,
} from "@caredesk/api";
import fastifyStatic from "@fastify/static";
import type { TRPCError } from "@trpc/server";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { fastifyTRPCOpenApiPlugin } from "trpc-to-openapi";

export interface RestApiOptions {
  createContext: (opts: { req: FastifyRequest; res: FastifyReply }) => Promise<Context>;
  /** Headers for an answer (Retry-After), shared with /trpc. */
  responseHeaders: (errors: TRPCError[]) => Record<string, string>;
  onError: (opts: { error: TRPCError; path: string | undefined; req: FastifyRequest }) => void;
}

/** Whether a request is addressed to the REST API (operations, document, docs). */
export function isRestRequest(request: FastifyRequest): boolean {
  return request.url.startsWith(`${restBasePath}/`);
}

const knownCodes = new Set<string>(restErrorCodes);
/** What an answer's status means when its body does not say (the host's own refusals). */
const codeByStatus = new Map(
  Object.entries(restErrors).map(([code, { status }]) => [status, code as RestError["code"]]),
);

interface AnswerBody {
  code?: unknown;
  message?: unknown;
  /** Our error formatter's additions (trpc.ts), which trpc-to-openapi passes through. */
  data?: {
    fieldErrors?: RestError["fieldErrors"] | null;
    alternatives?: RestError["alternatives"] | null;
    retryAfterSeconds?: number | null;
  };
}

/**
 * The documented `Error` shape for whatever refused a REST request: trpc-to-openapi's body (the
 * tRPC error shape with a string code and zod's issues), or the host's own answers (CSRF, body
 * limits, unknown faults). Zod's issues are dropped: `fieldErrors` says the same per field.
 */
function restErrorOf(status: number, text: string): RestError {
  let body: AnswerBody = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === "object") body = parsed;
  } catch {
    // Not JSON: the status alone says what happened.
  }
  const code =
    typeof body.code === "string" && knownCodes.has(body.code)
      ? (body.code as RestError["code"])
      : (codeByStatus.get(status) ?? (status >= 500 ? "INTERNAL_SERVER_ERROR" : "BAD_REQUEST"));
  const message =
    code === "INTERNAL_SERVER_ERROR"
      ? internalErrorMessage
      : typeof body.message === "string"
        ? body.message
        : "The request could not be handled";
  const { fieldErrors, alternatives, retryAfterSeconds } = body.data ?? {};
  return {
    code,
    message,
    ...(fieldErrors ? { fieldErrors } : {}),
    ...(alternatives ? { alternatives } : {}),
    ...(retryAfterSeconds ? { retryAfterSeconds } : {}),
  };
}

// Swagger UI from the swagger-ui-dist package; the page and its initializer are ours, as files
// (the Content-Security-Policy allows no inline script).
const swaggerUiDir = dirname(
  createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"),
);
const swaggerUiFiles = new Set([
  "/swagger-ui.css",
  "/swagger-ui-bundle.js",
  "/favicon-32x32.png",
  "/favicon-16x16.png",
]);

const docsPage = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Caredesk API</title>
    <link rel="stylesheet" href="${restBasePath}/docs/swagger-ui.css" />
    <link rel="icon" type="image/png" href="${restBasePath}/docs/favicon-32x32.png" sizes="32x32" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${restBasePath}/docs/swagger-ui-bundle.js"></script>
    <script src="${restBasePath}/docs/caredesk-docs.js"></script>
  </body>
</html>
`;

const docsScript = `// Starts Swagger UI on the server's own document (no outside validator badge).
window.ui = SwaggerUIBundle({
  url: ${JSON.stringify(`${restBasePath}/openapi.json`)},
  dom_id: "#swagger-ui",
  deepLinking: true,
  layout: "BaseLayout",
  validatorUrl: null,
  // Same-origin "Try it out" sends the browser's session cookie, and the Origin CSRF asks for.
  withCredentials: true,
});
`;

export async function registerRestApi(app: FastifyInstance, options: RestApiOptions) {
  // Generated once from the router: the committed packages/api/openapi.json is the same.
  const document = JSON.stringify(openApiDocument());

  await app.register(async (api) => {
    // Every refusal of an operation in the one documented shape.
    api.addHook("onSend", async (_request, reply, payload) => {
      if (reply.statusCode < 400 || typeof payload !== "string") return payload;
      void reply.header("content-type", "application/json; charset=utf-8");
      return JSON.stringify(restErrorOf(reply.statusCode, payload));
    });

    await api.register(fastifyTRPCOpenApiPlugin, {
      basePath: restBasePath,
      router: appRouter,
      createContext: options.createContext,
      responseMeta: ({ errors }: { errors: TRPCError[] }) => ({
        headers: options.responseHeaders(errors),
      }),
      onError: options.onError,
    });
  });

  app.get(`${restBasePath}/openapi.json`, (_request, reply) =>
    reply.type("application/json; charset=utf-8").send(document),
  );
  app.get(`${restBasePath}/docs`, (_request, reply) =>
    reply.type("text/html; charset=utf-8").header("cache-control", "no-cache").send(docsPage),
  );
  app.get(`${restBasePath}/docs/caredesk-docs.js`, (_request, reply) =>
    reply.type("application/javascript; charset=utf-8").send(docsScript),
  );
  await app.register(fastifyStatic, {
    root: swaggerUiDir,
    prefix: `${restBasePath}/docs/`,
    decorateReply: false,
    index: false,
    allowedPath: (pathName) => swaggerUiFiles.has(pathName),
  });
}
