// HTTP-level fuzz: what the in-process fuzz test (packages/api/test/fuzz.test.ts) cannot send.
// Malformed bodies and query strings, superjson payloads that decode to BigInt, Map, Set,
// undefined or sparse arrays, `__proto__` keys, hostile headers and cookies, huge batches,
// unknown and percent-encoded procedure names — through the real Fastify app and its /trpc
// endpoint, each sent by someone the procedure is meant for. None may answer a 500, in the
// status or inside a batch or an event stream. Every operation of the server's OpenAPI
// document (REST) gets the same treatment.
import { randomUUID } from "node:crypto";
import { connect } from "node:net";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import { restOperations, trpcBasePath } from "@caredesk/api";
import { createSession, invalidateSession } from "@caredesk/auth";
import {
  callerRoleFor,
  createStockedPractice,
  makePlatformOperator,
  routerProcedures,
  type ProcedureInfo,
  type StockedPractice,
} from "@caredesk/api/testing";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { appOrigin, listeningPort, memberHeaders, sessionCookieName, startServer } from "./server";

let database: TestDatabase;
let app: FastifyInstance;
let practice: StockedPractice;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  // The limits are not under test here: every probe must reach tRPC, not the limiter.
  app = await startServer(database, {
    RATE_LIMIT_MAX: "1000000",
    AUTH_RATE_LIMIT_MAX: "1000000",
    PUBLIC_BOOKING_RATE_LIMIT_MAX: "1000000",
    ASSISTANT_RATE_LIMIT_MAX: "1000000",
  });
  practice = await createStockedPractice(database.db, { name: "Wire Clinic" });
  // The owner is also a platform operator, so the operators' procedures are reached too.
  await makePlatformOperator(database.db, practice.owner);
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

// ---------------------------------------------------------------------------------------------
// Sending and judging

/** The owner's session and organization, as the web app sends them. */
function signedIn(): Pick<InjectOptions, "headers"> {
  return { headers: memberHeaders(practice.owner.token, practice.organization.id) };
}

/** Why a response counts as a server error, or null when it does not. */
function serverError(response: LightMyRequestResponse): string | null {
  if (response.statusCode >= 500) return `status ${response.statusCode}`;
  // A batch answers 207 with a status per call; an event stream answers 200 and sends errors
  // as events. Either way a 500 shows as this code in the body.
  if (response.body.includes("INTERNAL_SERVER_ERROR")) return "INTERNAL_SERVER_ERROR in the body";
  return null;
}

interface Probe {
  label: string;
  request: () => InjectOptions | Promise<InjectOptions>;
  /** Must get past the session, CSRF and rate-limit checks, or it tests only those. */
  mustReachProcedure?: boolean;
}

async function failuresOf(probes: Probe[]): Promise<string[]> {
  const failures: string[] = [];
  for (const probe of probes) {
    const response = await app.inject(await probe.request());
    const error = serverError(response);
    if (error) failures.push(`${probe.label}: ${error} ${response.body.slice(0, 200)}`);
    if (probe.mustReachProcedure && [401, 403, 429].includes(response.statusCode)) {
      failures.push(`${probe.label}: stopped before the procedure with ${response.statusCode}`);
    }
  }
  return failures;
}

// ---------------------------------------------------------------------------------------------
// Hostile payloads, as the raw text of a mutation body or of a query's `input`

const deepNesting = `{"json":${"[".repeat(5000)}${"]".repeat(5000)}}`;

const payloads: { label: string; raw: string }[] = [
  { label: "invalid JSON", raw: '{"json": {"email": ' },
  { label: "not JSON at all", raw: "hello" },
  { label: "JSON null", raw: "null" },
  { label: "a bare string", raw: '"text"' },
  { label: "an array", raw: "[]" },
  { label: "a NUL in a string", raw: '{"json":{"name":"A\\u0000B","search":"\\u0000"}}' },
  { label: "a lone surrogate", raw: '{"json":{"name":"\\ud800","search":"\\udfff"}}' },
  { label: "a number too big for a double", raw: '{"json":{"limit":1e999,"days":-1e999}}' },
  { label: "deep nesting", raw: deepNesting },
  {
    label: "superjson BigInt",
    raw: JSON.stringify({ json: "123456789012345678901234567890", meta: { values: ["bigint"] } }),
  },
  {
    label: "superjson BigInt field",
    raw: JSON.stringify({
      json: { limit: "99999999999999999999" },
      meta: { values: { limit: ["bigint"] } },
    }),
  },
  {
    label: "superjson Map",
    raw: JSON.stringify({ json: [["id", "x"]], meta: { values: ["map"] } }),
  },
  {
    label: "superjson Set",
    raw: JSON.stringify({
      json: { resourceIds: ["a", "b"] },
      meta: { values: { resourceIds: ["set"] } },
    }),
  },
  {
    label: "superjson undefined",
    raw: JSON.stringify({ json: null, meta: { values: ["undefined"] } }),
  },
  {
    label: "superjson sparse array",
    raw: JSON.stringify({
      json: { resourceIds: [null, null] },
      meta: { values: { "resourceIds.0": ["undefined"], "resourceIds.1": ["undefined"] } },
    }),
  },
  {
    label: "superjson Invalid Date",
    raw: JSON.stringify({ json: { start: "not a date" }, meta: { values: { start: ["Date"] } } }),
  },
  {
    label: "superjson Date in year 275760",
    raw: JSON.stringify({
      json: { start: "+275760-09-13T00:00:00.000Z", from: "-271821-04-20T00:00:00.000Z" },
      meta: { values: { start: ["Date"], from: ["Date"] } },
    }),
  },
  {
    label: "superjson RegExp and Error",
    raw: JSON.stringify({
      json: { search: "/a+/g", name: { name: "Error", message: "x" } },
      meta: { values: { search: ["regexp"], name: ["Error"] } },
    }),
  },
  {
    label: "superjson unknown type",
    raw: JSON.stringify({ json: { name: 1 }, meta: { values: { name: ["no-such-type"] } } }),
  },
  {
    label: "superjson custom class",
    raw: JSON.stringify({ json: {}, meta: { values: [["class", "Patient"]] } }),
  },
  {
    label: "superjson __proto__ path",
    raw: JSON.stringify({
      json: {},
      meta: { values: { "__proto__.isPlatformAdmin": ["undefined"] } },
    }),
  },
  {
    label: "superjson constructor.prototype path",
    raw: JSON.stringify({
      json: { a: 1 },
      meta: { values: { "constructor.prototype.isPlatformAdmin": ["undefined"] } },
    }),
  },
  {
    label: "superjson referential equality through __proto__",
    raw: JSON.stringify({ json: { a: {} }, meta: { referentialEqualities: { a: ["__proto__"] } } }),
  },
  {
    label: "superjson meta of the wrong shape",
    raw: JSON.stringify({ json: {}, meta: "values" }),
  },
  { label: "a __proto__ key", raw: '{"json":{"__proto__":{"isPlatformAdmin":true},"limit":5}}' },
  { label: "a __proto__ key at the top", raw: '{"__proto__":{"json":{}},"json":{}}' },
  { label: "a constructor key", raw: '{"json":{"constructor":{"prototype":{"x":1}}}}' },
];

// ---------------------------------------------------------------------------------------------
// Every procedure of the /trpc endpoint, with every payload

const exposed = routerProcedures().filter((p) => p.router === "app");

/** Sessions made for probes, ended after each procedure's test so they do not pile up. */
const probeSessions: string[] = [];

type Identity = Pick<InjectOptions, "headers">;

/**
 * Procedures that end sessions: each of their probes gets a session of its own (a payload
 * `auth.signOut` ignores still signs its session out). Were another procedure to end one, the
 * probes after it would answer 401 and fail `mustReachProcedure`, not pass unseen.
 */
const endingSessions = new Set(["auth.signOut", "auth.changePassword", "auth.revokeSession"]);

/**
 * Who sends a procedure's probes: someone it is meant for, as in the in-process fuzz test, on
 * one session made for the procedure (or one per probe, for those that end sessions).
 */
function identityFor(procedure: ProcedureInfo): () => Promise<Identity> {
  // An open event stream never ends: subscriptions are probed signed out, so each ends with
  // its refusal, after the payload was decoded.
  if (procedure.type === "subscription") {
    return () => Promise.resolve({ headers: { origin: appOrigin } });
  }
  const user = callerRoleFor(procedure) === "owner" ? practice.owner : practice.portalUser;
  const fresh = async (): Promise<Identity> => {
    const { token, session } = await createSession(database.db, user.id);
    probeSessions.push(session.id);
    return { headers: memberHeaders(token, practice.organization.id) };
  };
  if (endingSessions.has(procedure.key)) return fresh;
  let shared: Promise<Identity> | undefined;
  return () => (shared ??= fresh());
}

/** The request of one procedure with one raw payload, the way the client's link would send it. */
function procedureRequest(
  procedure: ProcedureInfo,
  identity: Identity,
  raw: string,
): InjectOptions {
  if (procedure.type === "mutation") {
    return {
      method: "POST",
      url: `/trpc/${procedure.path}`,
      ...identity,
      headers: { ...identity.headers, "content-type": "application/json" },
      payload: raw,
    };
  }
  return {
    method: "GET",
    url: `/trpc/${procedure.path}?input=${encodeURIComponent(raw)}`,
    ...identity,
  };
}

describe("every procedure at /trpc", () => {
  it("offers procedures to probe", () => {
    expect(exposed.length).toBeGreaterThan(0);
  });

  it.each(exposed.map((procedure) => ({ key: procedure.key, procedure })))(
    "$key answers every malformed payload without a 500",
    async ({ procedure }) => {
      const identity = identityFor(procedure);
      const probes = payloads.map((payload) => ({
        label: payload.label,
        request: async () => procedureRequest(procedure, await identity(), payload.raw),
        mustReachProcedure: procedure.type !== "subscription",
      }));
      const failures = await failuresOf(probes);
      for (const id of probeSessions.splice(0)) await invalidateSession(database.db, id);
      expect(failures).toEqual([]);
    },
  );

  it("does not serve the host's own procedures", async () => {
    const host = routerProcedures().filter((p) => p.router === "host");
    expect(host.length).toBeGreaterThan(0);
    for (const procedure of host) {
      const response = await app.inject({
        method: "GET",
        url: `/trpc/${procedure.path}`,
        ...signedIn(),
      });
      expect(response.statusCode, procedure.key).toBe(404);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The endpoint itself: names, batches, methods, content types, query strings

const batchOf = (names: string[]) => names.join(",");

const endpointProbes: Probe[] = [
  ...[
    "nope",
    "patient.nope",
    "patient.list.extra",
    "__proto__",
    "constructor",
    "patient.__proto__",
    "patient.constructor",
    "toString",
    "hasOwnProperty",
    "_def",
    "patient._def",
    ".",
    "..",
    "..%2F..%2Fetc%2Fpasswd",
    "auth%2EsignIn",
    "patient%2elist",
    "auth%2EsignIn%00",
    "health.check%00",
    "%00",
    "%ff",
    "%E0%A4%A",
    "%",
    "health.check%2Chealth.check",
  ].flatMap((name) => [
    {
      label: `GET /trpc/${name}`,
      request: () => ({ method: "GET" as const, url: `/trpc/${name}`, ...signedIn() }),
    },
    {
      label: `POST /trpc/${name}`,
      request: () => ({
        method: "POST" as const,
        url: `/trpc/${name}`,
        ...signedIn(),
        headers: { ...signedIn().headers, "content-type": "application/json" },
        payload: '{"json":{}}',
      }),
    },
  ]),
  {
    label: "a batch of 300 queries",
    request: () => ({
      method: "GET",
      url: `/trpc/${batchOf(Array.from({ length: 300 }, () => "health.check"))}?batch=1&input=%7B%7D`,
      ...signedIn(),
    }),
  },
  {
    label: "a batch longer than the URL allows",
    request: () => ({
      method: "GET",
      url: `/trpc/${batchOf(Array.from({ length: 2000 }, () => "health.check"))}?batch=1&input=%7B%7D`,
      ...signedIn(),
    }),
  },
  {
    // Refused ones: 300 that worked would leave the shared practice with 300 departments.
    label: "a batch of 300 mutations",
    request: () => ({
      method: "POST",
      url: `/trpc/${batchOf(Array.from({ length: 300 }, () => "department.create"))}?batch=1`,
      ...signedIn(),
      headers: { ...signedIn().headers, "content-type": "application/json" },
      payload: JSON.stringify(
        Object.fromEntries(Array.from({ length: 300 }, (_, i) => [i, { json: { name: "" } }])),
      ),
    }),
  },
  {
    label: "a batch of known and unknown names",
    request: () => ({
      method: "GET",
      url: `/trpc/${batchOf(["patient.list", "nope", "__proto__", "patient.byId"])}?batch=1&input=${encodeURIComponent('{"0":{"json":{"search":"\\u0000"}},"1":{},"3":{"json":{"id":"x"}}}')}`,
      ...signedIn(),
    }),
  },
  {
    label: "a batch whose input is an array",
    request: () => ({
      method: "GET",
      url: `/trpc/${batchOf(["patient.list", "patient.list"])}?batch=1&input=%5B1%2C2%5D`,
      ...signedIn(),
    }),
  },
  {
    label: "a batch whose input names indexes beyond it",
    request: () => ({
      method: "GET",
      url: `/trpc/patient.list?batch=1&input=${encodeURIComponent('{"999999":{"json":{}},"-1":{},"__proto__":{"json":{}}}')}`,
      ...signedIn(),
    }),
  },
  {
    label: "an empty batch",
    request: () => ({ method: "GET", url: "/trpc/?batch=1&input=%7B%7D", ...signedIn() }),
  },
  ...["abc", "", "0", "true", "1&batch=1"].map((batch) => ({
    label: `batch=${batch}`,
    request: () => ({
      method: "GET" as const,
      url: `/trpc/patient.list?batch=${batch}&input=%7B%7D`,
      ...signedIn(),
    }),
  })),
  ...[
    ["no input at all", ""],
    ["an empty input", "input="],
    ["a malformed percent escape", "input=%ZZ"],
    ["a NUL", "input=%00"],
    ["invalid UTF-8", "input=%FF%FE"],
    ["the input twice", "input=%7B%7D&input=%7B%7D"],
    ["input as an array parameter", "input[]=1&input[]=2"],
    ["a megabyte of input", `input=${"a".repeat(1024 * 1024)}`],
    ["connection parameters", "connectionParams=%7Bbad&input=%7B%7D"],
  ].map(([label, query]) => ({
    label: `GET patient.list with ${label}`,
    request: () => ({ method: "GET" as const, url: `/trpc/patient.list?${query}`, ...signedIn() }),
  })),
  ...(["PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"] as const).map((method) => ({
    label: `${method} /trpc/patient.list`,
    request: () => ({ method, url: "/trpc/patient.list", ...signedIn() }),
  })),
  ...[
    ["JSON sent as text/plain", "text/plain", '{"json":{"name":"Probe"}}'],
    ["a form", "application/x-www-form-urlencoded", "name=Probe&json=1"],
    ["JSON declared UTF-16", "application/json; charset=utf-16", '{"json":{"name":"Probe"}}'],
    ["bytes", "application/octet-stream", "\u0000\u0001\u0002"],
    ["an empty JSON body", "application/json", ""],
    ["JSON with a byte-order mark", "application/json", '\ufeff{"json":{"name":"Probe"}}'],
  ].map(([label, contentType, payload]) => ({
    label: `POST department.create, ${label}`,
    request: () => ({
      method: "POST" as const,
      url: "/trpc/department.create",
      ...signedIn(),
      headers: { ...signedIn().headers, "content-type": contentType },
      payload,
    }),
  })),
];

describe("the /trpc endpoint", () => {
  // A loop, not it.each: its names would cut the labels short.
  for (const probe of endpointProbes) {
    it(`answers ${probe.label} without a 500`, async () => {
      expect(await failuresOf([probe])).toEqual([]);
    });
  }
  // Multipart bodies go over a real socket: tRPC hands the request's own stream on, which
  // inject replaces with a stream of its own that the adapter cannot read (a 500 only there).
  it.each([
    [
      "with a boundary",
      "multipart/form-data; boundary=x",
      '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\nProbe\r\n--x--\r\n',
    ],
    ["without a boundary", "multipart/form-data", "no boundary at all"],
  ])("answers POST department.create, multipart %s, without a 500", async (_label, type, body) => {
    const headers = {
      ...memberHeaders(practice.owner.token, practice.organization.id),
      "content-type": type,
      "content-length": String(Buffer.byteLength(body)),
    };
    const head = Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join("");
    const status = await rawStatus(
      `POST /trpc/department.create HTTP/1.1\r\nHost: localhost\r\n${head}Connection: close\r\n\r\n${body}`,
    );
    expect(status).toBeGreaterThanOrEqual(200);
    expect(status).toBeLessThan(500);
  });
});

// ---------------------------------------------------------------------------------------------
// Headers and cookies

const organizationHeaders: [string, string][] = [
  ["a percent-encoded NUL", "%00"],
  ["SQL", "'; drop table organization; --"],
  ["8000 characters", "x".repeat(8000)],
  ["the nil uuid", "00000000-0000-0000-0000-000000000000"],
  ["a uuid of letters", "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz"],
  ["latin-1 bytes", "\u00ff\u00fe"],
];

const sessionCookies: [string, string][] = [
  ["a percent-encoded NUL", "%00"],
  ["a NUL in the id", "abc%00def.ghi"],
  ["a NUL as the secret of a well-formed id", "abcdefghijkmnpqrstuvwxyz.%00"],
  ["only dots", "...."],
  ["an equals sign", "="],
  ["an invalid percent escape", "%E0%A4%A"],
  ["a lone byte", "%ff"],
  ["4000 characters", "x".repeat(4000)],
];

describe("hostile headers and cookies", () => {
  it.each(organizationHeaders)(
    "answers x-organization-id of %s without a 500",
    async (_, value) => {
      const probes = ["organization.members", "patient.list", "auth.me"].map((path) => ({
        label: path,
        request: () => ({
          method: "GET" as const,
          url: `/trpc/${path}?input=%7B%22json%22%3A%7B%7D%7D`,
          cookies: { [sessionCookieName]: practice.owner.token },
          headers: { "x-organization-id": value },
        }),
      }));
      expect(await failuresOf(probes)).toEqual([]);
    },
  );

  it.each(sessionCookies)("answers a session cookie of %s without a 500", async (_, value) => {
    const probes = ["auth.me", "auth.sessions", "patient.list"].map((path) => ({
      label: path,
      request: () => ({
        method: "GET" as const,
        url: `/trpc/${path}?input=%7B%22json%22%3A%7B%7D%7D`,
        // Raw, so percent escapes reach the cookie parser as a browser would send them.
        headers: {
          cookie: `${sessionCookieName}=${value}`,
          "x-organization-id": practice.organization.id,
        },
      }),
    }));
    expect(await failuresOf(probes)).toEqual([]);
  });

  // A NUL byte in a header: Node's HTTP parser is what meets it first, so it is sent over a
  // real socket (inject would hand it to the app, which no client can).
  it.each([
    ["x-organization-id", "a\u0000b"],
    ["cookie", `${sessionCookieName}=ab\u0000c.def`],
    ["x-organization-id", "\u0001\u007f"],
  ])("answers a raw %s with a control byte without a 500", async (name, value) => {
    const status = await rawStatus(
      `GET /trpc/auth.me HTTP/1.1\r\nHost: localhost\r\n${name}: ${value}\r\nConnection: close\r\n\r\n`,
    );
    expect(status).toBeGreaterThanOrEqual(200);
    expect(status).toBeLessThan(500);
  });
});

/** Sends raw bytes to the listening server and returns the response's status code. */
async function rawStatus(request: string): Promise<number> {
  const port = await listeningPort(app);
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let received = "";
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("latin1");
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(received);
      if (match) {
        socket.destroy();
        resolve(Number(match[1]));
      }
    });
    socket.on("error", reject);
    socket.on("close", () => reject(new Error(`no status line in ${JSON.stringify(received)}`)));
    socket.write(Buffer.from(request, "latin1"));
  });
}

// ---------------------------------------------------------------------------------------------
// REST operations, from the server's own OpenAPI document

interface OpenApiOperation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}
interface JsonSchema {
  $ref?: string;
  properties?: Record<string, unknown>;
}
interface OpenApiDocument {
  paths?: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

const httpMethods = new Set(["get", "post", "put", "patch", "delete"]);

/** Hostile values for a path or query parameter, already percent-encoded as a URL carries them. */
const encodedValues = [
  "%00",
  "A%00B",
  "%ED%A0%80",
  "%25",
  "_",
  "%5C",
  encodeURIComponent("'; drop table patient; --"),
  "9999-12-31T10%3A00%3A00Z",
  "%2B275760-09-13",
  "10000-01-01",
  "NaN",
  "Infinity",
  "1e308",
  "-1",
  "x".repeat(10_000),
];

/** Hostile values for a JSON body field. */
const bodyValues: unknown[] = [
  "\u0000",
  "A\u0000B",
  "\ud800",
  "x".repeat(1024 * 1024),
  "%",
  "'; drop table patient; --",
  "9999-12-31T10:00:00Z",
  "+275760-09-13T00:00:00Z",
  "0001-01-01",
  1e308,
  -1,
  2 ** 53,
  0.5,
  null,
  {},
  [],
  true,
];

function propertiesOf(schema: JsonSchema | undefined, document: OpenApiDocument): string[] {
  if (!schema) return [];
  const resolved = schema.$ref
    ? document.components?.schemas?.[schema.$ref.split("/").at(-1) ?? ""]
    : schema;
  return Object.keys(resolved?.properties ?? {});
}

/** The procedure behind a documented operation: a REST route's, or a /trpc event stream's. */
function procedureServing(method: string, path: string): ProcedureInfo {
  const name =
    restOperations().find((op) => op.method === method && op.path === path)?.procedure ??
    (path.startsWith(`${trpcBasePath}/`) ? path.slice(trpcBasePath.length + 1) : undefined);
  const procedure = exposed.find((p) => p.path === name);
  if (!procedure) throw new Error(`no procedure serves ${method.toUpperCase()} ${path}`);
  return procedure;
}

/**
 * Every hostile request for one operation: each parameter and body field, one at a time, sent
 * by someone its procedure is meant for (as at /trpc), so each reaches the procedure's input.
 */
function restProbes(
  method: string,
  path: string,
  operation: OpenApiOperation,
  document: OpenApiDocument,
): Probe[] {
  const procedure = procedureServing(method, path);
  const identity = identityFor(procedure);
  const pathParameters = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? "");
  // The other path parameters get a well-formed id, so the hostile one is what is refused.
  const urlWith = (param: string | null, value: string) =>
    path.replace(/\{([^}]+)\}/g, (_, name: string) => (name === param ? value : randomUUID()));
  const queryParameters = (operation.parameters ?? [])
    .filter((p) => p.in === "query")
    .map((p) => p.name);
  const bodyFields = propertiesOf(
    operation.requestBody?.content?.["application/json"]?.schema,
    document,
  );
  const request =
    (url: string, payload?: string, contentType = "application/json") =>
    async (): Promise<InjectOptions> => {
      const { headers } = await identity();
      return {
        method: method.toUpperCase() as InjectOptions["method"],
        url,
        headers: { ...headers, "content-type": contentType },
        ...(payload === undefined ? {} : { payload }),
      };
    };
  const label = `${method.toUpperCase()} ${path}`;
  const probes: Omit<Probe, "mustReachProcedure">[] = [
    ...pathParameters.flatMap((param) =>
      encodedValues.map((value) => ({
        label: `${label} ${param}=${value.slice(0, 20)}`,
        request: request(urlWith(param, value)),
      })),
    ),
    ...queryParameters.flatMap((param) =>
      encodedValues.map((value) => ({
        label: `${label} ?${param}=${value.slice(0, 20)}`,
        request: request(`${urlWith(null, "")}?${encodeURIComponent(param)}=${value}`),
      })),
    ),
    ...(operation.requestBody
      ? [
          { label: `${label} invalid JSON`, request: request(urlWith(null, ""), '{"a": ') },
          { label: `${label} null body`, request: request(urlWith(null, ""), "null") },
          {
            label: `${label} multipart body`,
            request: request(
              urlWith(null, ""),
              '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n',
              "multipart/form-data; boundary=x",
            ),
          },
          {
            label: `${label} __proto__ body`,
            request: request(urlWith(null, ""), '{"__proto__":{"a":1}}'),
          },
          ...bodyFields.flatMap((field) =>
            bodyValues.map((value) => ({
              label: `${label} ${field}=${JSON.stringify(value)?.slice(0, 20)}`,
              request: request(urlWith(null, ""), JSON.stringify({ [field]: value })),
            })),
          ),
        ]
      : []),
  ];
  return probes.map((probe) => ({
    ...probe,
    mustReachProcedure: procedure.type !== "subscription",
  }));
}

describe("REST operations", () => {
  it("answers hostile parameters and bodies on every operation of the OpenAPI document without a 500", async () => {
    const response = await app.inject({ method: "GET", url: "/api/openapi.json" });
    expect(response.statusCode).toBe(200);
    const document = response.json<OpenApiDocument>();
    const probes = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => httpMethods.has(method))
        .flatMap(([method, operation]) => restProbes(method, path, operation, document)),
    );
    expect(probes.length).toBeGreaterThan(0);
    const failures = await failuresOf(probes);
    for (const id of probeSessions.splice(0)) await invalidateSession(database.db, id);
    expect(failures).toEqual([]);
  }, 120_000);
});
