// The REST API's OpenAPI 3.1 document. trpc-to-openapi generates the operations from the
// procedures whose meta names one (`openapi`); this adds what it cannot know from them: the
// mount point (/api), the organization header, the one error shape every refusal uses, the
// event stream, and the words a client developer reads first. `pnpm openapi` writes it to
// packages/api/openapi.json; a test fails when that copy is stale.
import { sessionCookieName, type Action } from "@caredesk/auth";
import { LastEventId, RestErrorOutput, type RestError } from "@caredesk/validators";
import { createSchema } from "zod-openapi";
import { generateOpenApiDocument, type OpenAPIObject } from "trpc-to-openapi";
import { routerProcedures } from "./procedures";
import { appRouter } from "./root";
import type { Meta } from "./trpc";

/** Where the REST operations are served: a procedure's `/v1/…` path is `/api/v1/…`. */
export const restBasePath = "/api";
/** Where tRPC is served (its subscriptions are documented as event streams). */
export const trpcBasePath = "/trpc";

type Paths = NonNullable<OpenAPIObject["paths"]>;
type PathItem = Paths[string];
type Operation = NonNullable<PathItem["get"]>;
type Method = "get" | "post" | "put" | "patch" | "delete";
const methods: readonly Method[] = ["get", "post", "put", "patch", "delete"];

export interface RestOperation {
  /** The procedure's dotted path, e.g. `appointment.book`. */
  procedure: string;
  type: "query" | "mutation";
  method: Method;
  /** The documented path, `/api/v1/…`, with `{name}` parameters. */
  path: string;
  meta: Meta;
}

/** The app router's procedures (host-only ones are never served to clients). */
const appProcedures = () => routerProcedures().filter((p) => p.router === "app");

/** Every procedure served as a REST operation, read from the router's meta. */
export function restOperations(): RestOperation[] {
  return appProcedures().flatMap(({ path: procedure, type, meta }) => {
    if (!meta.openapi || meta.openapi.enabled === false || type === "subscription") return [];
    return [
      {
        procedure,
        type,
        method: meta.openapi.method.toLowerCase() as Method,
        path: `${restBasePath}${meta.openapi.path}`,
        meta,
      },
    ];
  });
}

/** The ways a request shows who it is: the two alternatives every protected operation lists. */
const securitySchemes = {
  bearer: {
    type: "http" as const,
    scheme: "bearer",
    description:
      "A token from POST /api/v1/auth/token. Never put it in a cookie: a token works only the way it was issued.",
  },
  sessionCookie: {
    type: "apiKey" as const,
    in: "cookie" as const,
    name: sessionCookieName,
    description:
      "The web app's session (browsers, e.g. these docs while signed in). State-changing requests then need an allowed Origin.",
  },
};

/**
 * Every REST error code, with its HTTP status and the reusable response (all with the `Error`
 * body) that documents it: the one table the document and the server's answers both read.
 */
export const restErrors = {
  BAD_REQUEST: {
    status: 400,
    name: "BadRequest",
    description: "The input is not valid: see `fieldErrors`",
  },
  UNAUTHORIZED: {
    status: 401,
    name: "Unauthorized",
    description: "No valid token or session (or wrong credentials)",
  },
  FORBIDDEN: {
    status: 403,
    name: "Forbidden",
    description:
      "The member's role does not allow this, or a cookie request came from a foreign Origin",
  },
  NOT_FOUND: {
    status: 404,
    name: "NotFound",
    description:
      "No such record in this organization, or not a member of the organization (the same answer, on purpose)",
  },
  CONFLICT: {
    status: 409,
    name: "Conflict",
    description:
      "The time was taken meanwhile (`alternatives` offers others), the record changed since `version`, or a unique value is in use",
  },
  PRECONDITION_FAILED: {
    status: 412,
    name: "PreconditionFailed",
    description:
      "The change would break a rule of the organization, e.g. leave it without an owner",
  },
  PAYLOAD_TOO_LARGE: { status: 413, name: "PayloadTooLarge", description: "The body is too large" },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    name: "UnsupportedMediaType",
    description: "Send the body as application/json",
  },
  TOO_MANY_REQUESTS: {
    status: 429,
    name: "TooManyRequests",
    description: "Too many calls from this address: wait `Retry-After` seconds",
    retry: true,
  },
  INTERNAL_SERVER_ERROR: {
    status: 500,
    name: "InternalServerError",
    description: "A fault of ours; the body says no more",
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    name: "ServiceUnavailable",
    description: "The database cannot be reached: wait `Retry-After` seconds",
    retry: true,
  },
} satisfies Record<
  RestError["code"],
  { status: number; name: string; description: string; retry?: true }
>;

const errorResponses = new Map(Object.values(restErrors).map((error) => [error.status, error]));

/** Which error statuses an operation can answer, from its policy and shape. */
function errorStatusesOf(operation: Operation, meta: Meta, method: Method): number[] {
  const orgScoped = meta.action !== undefined;
  const parameters = (operation.parameters ?? []).flatMap((p) => ("$ref" in p ? [] : [p]));
  const hasInput = parameters.some((p) => p.in !== "header") || operation.requestBody !== undefined;
  const namesRecord = parameters.some((p) => p.in === "path");
  const checksCredentials = !meta.public || meta.rateLimit === "credentials";
  return [
    ...(hasInput ? [400] : []),
    ...(checksCredentials ? [401] : []),
    // A role without the permission; a cookie request to a mutation from a foreign Origin.
    ...(orgScoped || (!meta.public && method !== "get") ? [403] : []),
    // Organization procedures answer 404 for an organization the caller is not a member of.
    ...(orgScoped || namesRecord ? [404] : []),
    ...(orgScoped && method !== "get" ? [409] : []),
    ...(operation.requestBody ? [413, 415] : []),
    429,
    500,
    503,
  ];
}

const organizationParameter = {
  name: "X-Organization-Id",
  in: "header" as const,
  required: true,
  description:
    "The organization the request acts in: one of GET /api/v1/me's `organizations[].id`. Another organization's records answer 404.",
  schema: { type: "string" as const, format: "uuid" },
};

const description = `Caredesk's REST API, for mobile apps and partners. It is generated from the same tRPC procedures the web app uses, so the rules are the same: permissions by role, tenant isolation, audit, rate limits.

## Signing in
\`POST /api/v1/auth/token\` with an email, password and a \`deviceName\` answers a token, once. Send it as \`Authorization: Bearer <token>\` on every request. It appears under the account's devices in the web app (Account → Signed-in devices) by that name, where it can be revoked; \`DELETE /api/v1/auth/token\` revokes it from the device itself. A bearer request needs no \`Origin\` header.

## Organization
Operations inside an organization take its id in the \`X-Organization-Id\` header (from \`GET /api/v1/me\`). Staff operations need the matching permission; the \`/api/v1/me/…\` operations are a patient's own records.

## Errors
Every refusal answers with one JSON shape, the \`Error\` schema: \`{ code, message, fieldErrors?, alternatives?, retryAfterSeconds? }\`. \`fieldErrors\` names the input fields at fault; \`alternatives\` offers free slots when a booking cannot have its time; 429 and 503 carry a \`Retry-After\` header. Another organization's id always answers 404, never 403.

## Live calendar
\`GET /trpc/appointment.onChange\` is a Server-Sent Events stream of the organization's appointment changes. Native clients open it with the same \`Authorization: Bearer\` and \`X-Organization-Id\` headers (browsers use their session cookie); see that operation.

## Values
Instants are ISO 8601 date-times with an offset (answers are in UTC); calendar days are \`YYYY-MM-DD\` in the organization's zone; money is in the currency's minor unit (\`priceMinor\`). Lists page with \`cursor\` and \`limit\` (≤ 100) and answer \`nextCursor\`.`;

const tags = [
  { name: "account", description: "Tokens, the signed-in user and their organizations" },
  { name: "availability", description: "What can be booked, and when" },
  { name: "appointments", description: "The organization's calendar (staff)" },
  { name: "my appointments", description: "A patient's own record and appointments" },
  { name: "patients", description: "The organization's patients (staff)" },
  { name: "documents", description: "Documents on patients' records (staff)" },
  { name: "directory", description: "Services and practitioners (staff)" },
];

/** The subscriptions that say so in their meta, as `text/event-stream` operations. */
function eventStreamPaths(): Paths {
  const paths: Paths = {};
  for (const { path: procedure, type, meta } of appProcedures()) {
    if (type !== "subscription" || !meta.eventStream) continue;
    const action: Action | undefined = meta.action;
    paths[`${trpcBasePath}/${procedure}`] = {
      get: {
        operationId: procedure.replaceAll(".", "-"),
        summary: meta.eventStream.summary,
        description: meta.eventStream.description,
        tags: meta.eventStream.tags,
        security: [{ bearer: [] }, { sessionCookie: [] }],
        parameters: [
          ...(action ? [{ $ref: "#/components/parameters/OrganizationId" }] : []),
          {
            name: "Last-Event-ID",
            in: "header",
            required: false,
            description: "The id of the last event seen (EventSource sends it when it reconnects)",
            // The header is the input's own `lastEventId`: documented from the same schema.
            schema: createSchema(LastEventId).schema,
          },
        ],
        responses: {
          200: {
            description: "The stream: `connected`, then one event per change and `ping` events",
            content: { "text/event-stream": { schema: { type: "string" } } },
          },
        },
      },
    };
  }
  return paths;
}

/**
 * The generator's type for component schemas. A schema is passed to it widened through `unknown`
 * on purpose: relating a zod object to the generator's generic `ZodSchema` is a structural walk
 * of zod's classes that cost seconds of every cold type check, and the generator reads nothing
 * but the schema itself.
 */
type ComponentSchemas = NonNullable<Parameters<typeof generateOpenApiDocument>[1]["defs"]>;

/** The document: what /api/openapi.json serves and packages/api/openapi.json holds. */
export function openApiDocument(): OpenAPIObject {
  const generated = generateOpenApiDocument(appRouter, {
    title: "Caredesk API",
    version: "1.0.0",
    description,
    baseUrl: "/",
    securitySchemes,
    defs: { Error: RestErrorOutput } as Record<string, unknown> as ComponentSchemas,
  });
  const byRoute = new Map(restOperations().map((op) => [`${op.method} ${op.path}`, op]));
  const paths: Paths = {};
  for (const [path, item] of Object.entries(generated.paths ?? {})) {
    const full = `${restBasePath}${path}`;
    const finished: PathItem = { ...item };
    for (const method of methods) {
      const operation = item[method];
      if (!operation) continue;
      const rest = byRoute.get(`${method} ${full}`);
      if (!rest) throw new Error(`no procedure serves ${method.toUpperCase()} ${full}`);
      finished[method] = finishOperation(operation, rest.meta, method);
    }
    paths[full] = finished;
  }

  const schemas = Object.fromEntries(
    // The generator's own error schemas: every operation refers to `Error` instead.
    Object.entries(generated.components?.schemas ?? {}).filter(
      ([name]) => !name.startsWith("error."),
    ),
  );
  return {
    ...generated,
    info: { ...generated.info, description },
    servers: [{ url: "/", description: "This Caredesk server" }],
    tags,
    paths: { ...paths, ...eventStreamPaths() },
    components: {
      ...generated.components,
      schemas,
      parameters: { OrganizationId: organizationParameter },
      responses: Object.fromEntries(
        [...errorResponses.values()].map((error) => [
          error.name,
          {
            description: error.description,
            ...("retry" in error
              ? {
                  headers: {
                    "Retry-After": {
                      description: "Seconds to wait before asking again",
                      schema: { type: "integer", minimum: 1 },
                    },
                  },
                }
              : {}),
            content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
          },
        ]),
      ),
    },
  };
}

function finishOperation(operation: Operation, meta: Meta, method: Method): Operation {
  const parameters = [
    ...(meta.action ? [{ $ref: "#/components/parameters/OrganizationId" }] : []),
    ...(operation.parameters ?? []),
  ];
  const success: unknown = operation.responses?.["200"];
  const responses: Record<string, unknown> = { 200: success };
  for (const status of errorStatusesOf(operation, meta, method)) {
    const response = errorResponses.get(status);
    if (!response) throw new Error(`no error response for ${status}`);
    responses[status] = { $ref: `#/components/responses/${response.name}` };
  }
  const { parameters: _generated, ...rest } = operation;
  return { ...rest, ...(parameters.length > 0 ? { parameters } : {}), responses };
}
