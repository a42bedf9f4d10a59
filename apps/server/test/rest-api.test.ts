// The REST API (/api/v1) against its own OpenAPI document: every documented operation is called
// on the real server with a bearer token, and every answer — errors included — must have a
// documented status and match the documented schema (Ajv, JSON Schema 2020-12). Also: how
// tokens may travel (bearer only, never from a cookie; no Origin needed), CSRF for cookie
// requests, revocation, rate limits counting REST calls, and another organization's ids
// answering 404 on every operation that takes one.
import { randomUUID } from "node:crypto";
import { restOperations } from "@caredesk/api";
import {
  callerFor,
  callerRoleFor,
  createStockedPractice,
  practiceRecordFor,
  routerProcedures,
  sampleInput,
  uniqueIdempotencyKey,
  type StockedPractice,
} from "@caredesk/api/testing";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { behindOutage } from "./outage-proxy";
import { appOrigin, listeningPort, sessionCookieName, startServer, waitForEvent } from "./server";

type Method = "get" | "post" | "put" | "patch" | "delete";

interface DocumentedResponse {
  $ref?: string;
  headers?: Record<string, unknown>;
  content?: Record<string, { schema?: unknown }>;
}
interface DocumentedOperation {
  responses: Record<string, DocumentedResponse>;
}
interface OpenApiDocument {
  paths: Record<string, Partial<Record<Method, DocumentedOperation>>>;
  components: { responses: Record<string, DocumentedResponse> };
}

let database: TestDatabase;
let app: FastifyInstance;
let practice: StockedPractice;
let other: StockedPractice;
let document: OpenApiDocument;
let ajv: Ajv2020;
/** Bearer tokens issued through POST /api/v1/auth/token. */
let ownerToken: string;
let patientToken: string;

/** Every documented operation, as `METHOD /path`; crossed off as the tests call them. */
const uncalled = new Set<string>();

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  // Not under test here (a describe below is): every call must reach its procedure.
  app = await startServer(database, {
    RATE_LIMIT_MAX: "1000000",
    AUTH_RATE_LIMIT_MAX: "1000000",
  });
  practice = await createStockedPractice(database.db, { name: "Nile Clinic" });
  other = await createStockedPractice(database.db, { name: "Delta Dental" });

  const response = await app.inject({ method: "GET", url: "/api/openapi.json" });
  expect(response.statusCode).toBe(200);
  document = response.json<OpenApiDocument>();
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // The whole document as one schema resource, so `#/components/…` references resolve.
  ajv.addSchema(document, "openapi.json");
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of Object.keys(item)) uncalled.add(`${method.toUpperCase()} ${path}`);
  }

  ownerToken = await issueToken(practice.owner, "Owner's tablet");
  patientToken = await issueToken(practice.portalUser, "Mona's phone");
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

// ---------------------------------------------------------------------------------------------
// Calling operations and judging their answers against the document

const pointer = (...parts: string[]) =>
  parts.map((p) => encodeURIComponent(p.replaceAll("~", "~0").replaceAll("/", "~1"))).join("/");

/** Checks an answer against what the document says `method path` answers. */
function expectDocumented(method: Method, path: string, response: LightMyRequestResponse) {
  const operation = document.paths[path]?.[method];
  if (!operation) throw new Error(`${method.toUpperCase()} ${path} is not documented`);
  const status = String(response.statusCode);
  const documented = operation.responses[status];
  expect(
    documented,
    `${method.toUpperCase()} ${path} answered ${status}: ${response.body}`,
  ).toBeDefined();
  // A shared response lives in components; the schema is judged where it is written.
  const [location, declared] = documented?.$ref
    ? [
        pointer("components", "responses", documented.$ref.split("/").at(-1) ?? ""),
        document.components.responses[documented.$ref.split("/").at(-1) ?? ""],
      ]
    : [pointer("paths", path, method, "responses", status), documented];
  expect(response.headers["content-type"]).toMatch(/^application\/json/);
  expect(declared?.content?.["application/json"]).toBeDefined();
  const validate = ajv.compile({
    $ref: `openapi.json#/${location}/content/${pointer("application/json")}/schema`,
  });
  const body: unknown = response.json();
  const valid = validate(body);
  expect(
    valid,
    `${method.toUpperCase()} ${path} ${status}: ${ajv.errorsText(validate.errors)}`,
  ).toBe(true);
  for (const header of Object.keys(declared?.headers ?? {})) {
    expect(response.headers[header.toLowerCase()], `${header} on ${status}`).toBeDefined();
  }
}

interface Call {
  /** Path parameters. */
  params?: Record<string, string>;
  query?: Record<string, string | number | boolean | string[] | undefined>;
  body?: unknown;
  /** Sent as `Authorization: Bearer`. */
  bearer?: string;
  /** Sent as the session cookie. */
  cookie?: string;
  organizationId?: string;
  headers?: Record<string, string>;
}

function urlOf(path: string, call: Call): string {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(call.params?.[name] ?? ""),
  );
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(call.query ?? {})) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) query.append(key, String(item));
  }
  const text = query.toString();
  return text ? `${filled}?${text}` : filled;
}

/** Calls a documented operation and checks its answer against the document. */
async function call(method: Method, path: string, options: Call = {}) {
  const response = await app.inject({
    method: method.toUpperCase() as "GET",
    url: urlOf(path, options),
    headers: {
      ...(options.bearer ? { authorization: `Bearer ${options.bearer}` } : {}),
      ...(options.cookie ? { cookie: `${sessionCookieName}=${options.cookie}` } : {}),
      ...(options.organizationId ? { "x-organization-id": options.organizationId } : {}),
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { payload: JSON.stringify(options.body) }),
  });
  uncalled.delete(`${method.toUpperCase()} ${path}`);
  expectDocumented(method, path, response);
  return response;
}

const asOwner = (extra: Call = {}): Call => ({
  bearer: ownerToken,
  organizationId: practice.organization.id,
  ...extra,
});
const asPatient = (extra: Call = {}): Call => ({
  bearer: patientToken,
  organizationId: practice.organization.id,
  ...extra,
});

async function issueToken(user: { email: string; password: string }, deviceName: string) {
  const response = await call("post", "/api/v1/auth/token", {
    body: { email: user.email, password: user.password, deviceName },
  });
  expect(response.statusCode).toBe(200);
  return response.json<{ token: string }>().token;
}

interface Slot {
  start: string;
  end: string;
  resourceIds: string[];
}
const usedSlots: Slot[] = [];

/** A free slot that overlaps none handed out before (each test books its own). */
async function freeSlot(): Promise<Slot> {
  const response = await call("get", "/api/v1/availability", {
    ...asOwner(),
    query: { serviceId: practice.ids.service, days: 14, limit: 500 },
  });
  const { slots } = response.json<{ slots: Slot[] }>();
  const slot = slots.find((s) => usedSlots.every((u) => s.end <= u.start || s.start >= u.end));
  if (!slot) throw new Error("no free slot left");
  usedSlots.push(slot);
  return slot;
}

interface Appointment {
  id: string;
  version: number;
  startsAt: string;
  status: string;
}

/** POST /api/v1/appointments as the owner: the practice's service for `patientId` at `start`. */
const bookAsOwner = (start: string, patientId = practice.ids.patient) =>
  call("post", "/api/v1/appointments", {
    ...asOwner(),
    body: {
      serviceId: practice.ids.service,
      patientId,
      start,
      idempotencyKey: uniqueIdempotencyKey(),
    },
  });

/** GET /api/v1/appointments/{id}: of the practice's own appointment unless `options` name one. */
const showAppointment = (options: Call) =>
  call("get", "/api/v1/appointments/{id}", {
    ...options,
    params: { id: practice.ids.appointment, ...options.params },
  });

// ---------------------------------------------------------------------------------------------

describe("the REST contract", () => {
  it("serves a document with operations under /api/v1", () => {
    expect(Object.keys(document.paths).some((p) => p.startsWith("/api/v1/"))).toBe(true);
    expect(uncalled.size).toBeGreaterThan(20);
  });

  it("answers who the token belongs to, with their organizations", async () => {
    const response = await call("get", "/api/v1/me", { bearer: ownerToken });
    expect(response.json()).toMatchObject({
      user: { id: practice.owner.id },
      organizations: [{ id: practice.organization.id, role: "owner" }],
    });
  });

  it("answers null for /me without a token, as documented", async () => {
    const response = await call("get", "/api/v1/me");
    expect(response.json()).toBeNull();
  });

  it("lists what can be booked, services and practitioners", async () => {
    const catalog = await call("get", "/api/v1/catalog", asPatient());
    expect(catalog.json()).toMatchObject({ services: [{ id: practice.ids.service }] });
    const services = await call("get", "/api/v1/services", asOwner({ query: { limit: 10 } }));
    expect(services.json()).toMatchObject({ items: [{ id: practice.ids.service }] });
    const practitioners = await call("get", "/api/v1/practitioners", asOwner());
    expect(practitioners.json()).toMatchObject({
      items: [{ id: practice.ids.practitioner, resourceId: practice.ids.practitionerResource }],
    });
  });

  it("reads numbers and booleans from the query string", async () => {
    const response = await call("get", "/api/v1/availability", {
      ...asOwner(),
      query: {
        serviceId: practice.ids.service,
        practitionerResourceId: practice.ids.practitionerResource,
        days: 3,
        limit: 2,
      },
    });
    expect(response.json<{ slots: unknown[] }>().slots.length).toBeLessThanOrEqual(2);

    const from = new Date().toISOString();
    const to = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const cancelled = await call("get", "/api/v1/appointments", {
      ...asOwner(),
      query: { from, to, includeCancelled: false },
    });
    expect(cancelled.statusCode).toBe(200);
  });

  it("books, lists, shows, moves and cancels an appointment with a bearer token and no Origin", async () => {
    const slot = await freeSlot();
    const booked = await bookAsOwner(slot.start);
    expect(booked.statusCode).toBe(200);
    const appointment = booked.json<Appointment>();
    expect(appointment).toMatchObject({ status: "confirmed", startsAt: slot.start });

    const listed = await call("get", "/api/v1/appointments", {
      ...asOwner(),
      query: {
        from: slot.start,
        to: slot.end,
        resourceIds: [practice.ids.practitionerResource, practice.ids.equipment],
      },
    });
    expect(listed.json<Appointment[]>().map((a) => a.id)).toContain(appointment.id);

    const shown = await showAppointment(asOwner({ params: { id: appointment.id } }));
    expect(shown.json()).toMatchObject({ id: appointment.id });
    expect(shown.json<{ resources: unknown[] }>().resources.length).toBeGreaterThan(0);

    const options = await call(
      "get",
      "/api/v1/appointments/{id}/reschedule-options",
      asOwner({ params: { id: appointment.id }, query: { days: 14 } }),
    );
    expect(options.json<{ slots: unknown[] }>().slots.length).toBeGreaterThan(0);

    const later = await freeSlot();
    const moved = await call("post", "/api/v1/appointments/{id}/reschedule", {
      ...asOwner({ params: { id: appointment.id } }),
      body: { start: later.start, version: appointment.version },
    });
    expect(moved.json()).toMatchObject({ startsAt: later.start, version: appointment.version + 1 });

    const cancelled = await call("post", "/api/v1/appointments/{id}/cancel", {
      ...asOwner({ params: { id: appointment.id } }),
      body: { reason: "Patient called", version: appointment.version + 1 },
    });
    expect(cancelled.json()).toMatchObject({
      status: "cancelled",
      cancellationReason: "Patient called",
    });
  });

  it("answers a taken time with 409 and free alternatives", async () => {
    const slot = await freeSlot();
    const first = await bookAsOwner(slot.start);
    expect(first.statusCode).toBe(200);
    const newcomer = await call("post", "/api/v1/patients", {
      ...asOwner(),
      body: { firstName: "Karim", lastName: "Adel", mobile: "+201001234599" },
    });
    const second = await bookAsOwner(slot.start, newcomer.json<{ id: string }>().id);
    expect(second.statusCode).toBe(409);
    const refusal = second.json<{ code: string; alternatives?: Slot[] }>();
    expect(refusal.code).toBe("CONFLICT");
    expect(refusal.alternatives?.length).toBeGreaterThan(0);
    expect(refusal.alternatives?.map((a) => a.start)).not.toContain(slot.start);
  });

  it("registers, finds and shows patients, and their documents", async () => {
    const created = await call("post", "/api/v1/patients", {
      ...asOwner(),
      body: {
        firstName: "Laila",
        lastName: "Fathy",
        mobile: "+201001234598",
        dateOfBirth: "1990-02-03",
      },
    });
    expect(created.json()).toMatchObject({
      mobile: "+201001234598",
      dateOfBirth: "1990-02-03",
      sex: "unknown",
    });
    const id = created.json<{ id: string }>().id;

    const found = await call(
      "get",
      "/api/v1/patients",
      asOwner({ query: { search: "Laila", limit: 5 } }),
    );
    expect(found.json<{ items: { id: string }[] }>().items.map((p) => p.id)).toContain(id);
    const shown = await call("get", "/api/v1/patients/{id}", asOwner({ params: { id } }));
    expect(shown.json()).toMatchObject({ id, firstName: "Laila" });

    const documents = await call(
      "get",
      "/api/v1/patients/{patientId}/documents",
      asOwner({ params: { patientId: practice.ids.patient } }),
    );
    // The stocked patient's record holds the uploaded lab result and the signed form's PDF.
    const listed = documents.json<{ items: { id: string }[]; nextCursor: string | null }>();
    expect(listed.nextCursor).toBeNull();
    expect(listed.items.map((item) => item.id)).toContain(practice.ids.document);
    const document = await call(
      "get",
      "/api/v1/documents/{id}",
      asOwner({ params: { id: practice.ids.document } }),
    );
    expect(document.json()).toMatchObject({ id: practice.ids.document, kind: "lab_result" });
  });

  it("lets a patient see, book, move and cancel only their own appointments", async () => {
    const record = await call("get", "/api/v1/me/patient", asPatient());
    expect(record.json()).toMatchObject({ id: practice.ids.patient });

    const slot = await freeSlot();
    const booked = await call("post", "/api/v1/me/appointments", {
      ...asPatient(),
      body: {
        serviceId: practice.ids.service,
        start: slot.start,
        idempotencyKey: uniqueIdempotencyKey(),
      },
    });
    expect(booked.json()).toMatchObject({ patientId: practice.ids.patient, source: "portal" });
    const appointment = booked.json<Appointment>();

    const mine = await call("get", "/api/v1/me/appointments", asPatient());
    expect(mine.json<Appointment[]>().map((a) => a.id)).toContain(appointment.id);

    const options = await call(
      "get",
      "/api/v1/me/appointments/{id}/reschedule-options",
      asPatient({ params: { id: appointment.id }, query: { days: 14 } }),
    );
    expect(options.statusCode).toBe(200);
    const later = await freeSlot();
    const moved = await call("post", "/api/v1/me/appointments/{id}/reschedule", {
      ...asPatient({ params: { id: appointment.id } }),
      body: { start: later.start, version: appointment.version },
    });
    expect(moved.json()).toMatchObject({ startsAt: later.start });
    const cancelled = await call("post", "/api/v1/me/appointments/{id}/cancel", {
      ...asPatient({ params: { id: appointment.id } }),
      body: { reason: "Feeling better" },
    });
    expect(cancelled.json()).toMatchObject({ status: "cancelled" });

    // Staff operations are not the patient's.
    const staffOnly = await call("get", "/api/v1/patients", asPatient());
    expect(staffOnly.statusCode).toBe(403);
    expect(staffOnly.json()).toMatchObject({ code: "FORBIDDEN" });
  });

  it("lets a patient ask the assistant, hand over and delete their conversation", async () => {
    const asked = await call("post", "/api/v1/me/assistant/messages", {
      ...asPatient(),
      body: { message: "When is my next appointment?" },
    });
    expect(asked.statusCode).toBe(200);
    const answer = asked.json<{ conversationId: string; token: null; reply: { text: string } }>();
    expect(answer.token).toBeNull();
    expect(answer.reply.text.length).toBeGreaterThan(0);

    const latest = await call("get", "/api/v1/me/assistant/conversation", asPatient());
    expect(latest.json()).toMatchObject({ id: answer.conversationId });
    const handed = await call(
      "post",
      "/api/v1/me/assistant/conversations/{conversationId}/handover",
      { ...asPatient({ params: { conversationId: answer.conversationId } }), body: {} },
    );
    expect(handed.json()).toMatchObject({ status: "handed_over" });
    const deleted = await call(
      "delete",
      "/api/v1/me/assistant/conversations/{conversationId}",
      asPatient({ params: { conversationId: answer.conversationId } }),
    );
    expect(deleted.json()).toEqual({ deleted: true });
    const gone = await call(
      "delete",
      "/api/v1/me/assistant/conversations/{conversationId}",
      asPatient({ params: { conversationId: answer.conversationId } }),
    );
    expect(gone.statusCode).toBe(404);
  });

  it("answers an unknown id with 404 and bad input with 400 and field errors, as documented", async () => {
    const missing = await showAppointment(asOwner({ params: { id: randomUUID() } }));
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ code: "NOT_FOUND", message: "Appointment not found" });

    const invalid = await call("post", "/api/v1/patients", {
      ...asOwner(),
      body: { firstName: "", lastName: "Adel", mobile: "12", sex: "robot" },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: {
        firstName: [expect.any(String)],
        mobile: [expect.any(String)],
        sex: [expect.any(String)],
      },
    });

    const wrongType = await call("get", "/api/v1/availability", {
      ...asOwner(),
      query: { serviceId: practice.ids.service, days: "many" },
    });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json()).toMatchObject({ fieldErrors: { days: [expect.any(String)] } });
  });

  it("answers 401 without a token and for wrong credentials", async () => {
    const anonymous = await showAppointment({ organizationId: practice.organization.id });
    expect(anonymous.statusCode).toBe(401);
    const wrong = await call("post", "/api/v1/auth/token", {
      body: { email: practice.owner.email, password: "not the password", deviceName: "Guess" },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({
      code: "UNAUTHORIZED",
      message: "Email or password is incorrect",
    });
  });

  it("revokes the token a device carries (DELETE /api/v1/auth/token)", async () => {
    const token = await issueToken(practice.owner, "Old phone");
    const revoked = await call("delete", "/api/v1/auth/token", { bearer: token });
    expect(revoked.json()).toEqual({ ok: true });
    const after = await showAppointment(asOwner({ bearer: token }));
    expect(after.statusCode).toBe(401);
  });

  it("opens the live calendar stream as a documented event stream", async () => {
    const port = await listeningPort(app);
    const controller = new AbortController();
    const response = await fetch(`http://127.0.0.1:${port}/trpc/appointment.onChange`, {
      headers: {
        accept: "text/event-stream",
        authorization: `Bearer ${ownerToken}`,
        "x-organization-id": practice.organization.id,
      },
      signal: controller.signal,
    });
    uncalled.delete("GET /trpc/appointment.onChange");
    const documented =
      document.paths["/trpc/appointment.onChange"]?.get?.responses[String(response.status)];
    expect(documented?.content).toHaveProperty(
      (response.headers.get("content-type") ?? "").split(";")[0] ?? "",
    );
    controller.abort();
  });

  it("registers, lists and unregisters the app's device for push (FCM)", async () => {
    const token = `rest-${randomUUID().replaceAll("-", "")}:APA91b${"q".repeat(100)}`;
    const registered = await call("post", "/api/v1/me/devices", {
      bearer: patientToken,
      body: { token, platform: "ios", appVersion: "3.0.0", deviceName: "Mona's iPhone" },
    });
    const device = registered.json<{ id: string }>();
    expect(registered.body).not.toContain(token);
    const listed = await call("get", "/api/v1/me/devices", { bearer: patientToken });
    expect(listed.json()).toContainEqual(expect.objectContaining({ id: device.id }));
    const removed = await call("delete", "/api/v1/me/devices/{id}", {
      bearer: patientToken,
      params: { id: device.id },
    });
    expect(removed.json()).toEqual({ ok: true });
  });

  it("has called every documented operation", () => {
    expect([...uncalled]).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

describe("how a token may travel", () => {
  it("takes a cookie session's mutations only with an allowed Origin (CSRF)", async () => {
    const body = { firstName: "Nour", lastName: "Samir", mobile: "+201001234597" };
    const refused = await call("post", "/api/v1/patients", {
      cookie: practice.owner.token,
      organizationId: practice.organization.id,
      body,
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: "FORBIDDEN" });

    const allowed = await call("post", "/api/v1/patients", {
      cookie: practice.owner.token,
      organizationId: practice.organization.id,
      headers: { origin: appOrigin },
      body,
    });
    expect(allowed.statusCode).toBe(200);
  });

  it("never reads a bearer token from the session cookie", async () => {
    const response = await showAppointment({
      cookie: ownerToken,
      organizationId: practice.organization.id,
    });
    expect(response.statusCode).toBe(401);
  });

  it("does not take a cookie session's token as a bearer token", async () => {
    const response = await showAppointment(asOwner({ bearer: practice.owner.token }));
    expect(response.statusCode).toBe(401);
  });

  it("loses access once the token is revoked from the account's device list", async () => {
    const token = await issueToken(practice.owner, "Lost phone");
    const before = await showAppointment(asOwner({ bearer: token }));
    expect(before.statusCode).toBe(200);
    const account = await callerFor(database.db, { token: practice.owner.token });
    const device = (await account.auth.sessions()).find((s) => s.name === "Lost phone");
    expect(device).toMatchObject({ kind: "bearer" });
    await account.auth.revokeSession({ sessionId: device?.id ?? "" });

    const after = await showAppointment(asOwner({ bearer: token }));
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ code: "UNAUTHORIZED" });
  });
});

// ---------------------------------------------------------------------------------------------

describe("another organization's ids", () => {
  const procedures = new Map(routerProcedures().map((p) => [p.key, p]));
  const idTaking = restOperations().flatMap((operation) => {
    const procedure = procedures.get(operation.procedure);
    if (!procedure) throw new Error(`no procedure ${operation.procedure}`);
    let takesId = false;
    sampleInput(procedure, {
      id: () => {
        takesId = true;
        return randomUUID();
      },
    });
    return takesId ? [{ operation, procedure }] : [];
  });

  it("finds operations that take an id", () => {
    expect(idTaking.length).toBeGreaterThan(10);
  });

  it.each(
    idTaking.map(({ operation, procedure }) => ({
      label: `${operation.method.toUpperCase()} ${operation.path}`,
      operation,
      procedure,
    })),
  )("$label answers 404 for them", async ({ operation, procedure }) => {
    const input = sampleInput(procedure, {
      id: (field) => {
        const record = practiceRecordFor(procedure, field);
        if (!record) throw new Error(`which record is ${field} of ${procedure.key}?`);
        return other.ids[record];
      },
      values: { idempotencyKey: uniqueIdempotencyKey() },
    }) as Record<string, unknown>;
    const names = [...operation.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? "");
    const params = Object.fromEntries(names.map((name) => [name, String(input[name])]));
    const rest = Object.fromEntries(
      Object.entries(input).filter(([name]) => !names.includes(name)),
    );
    const who = callerRoleFor(operation) === "patient" ? asPatient : asOwner;
    const response = await call(
      operation.method,
      operation.path,
      operation.method === "get"
        ? who({ params, query: rest as Call["query"] })
        : who({ params, body: rest }),
    );
    expect(response.statusCode, response.body).toBe(404);
    expect(response.json()).toMatchObject({ code: "NOT_FOUND" });
  });
});

// ---------------------------------------------------------------------------------------------

describe("rate limits", () => {
  it("count REST calls, per call, and answer 429 with Retry-After", async () => {
    const limited = await startServer(database, { AUTH_RATE_LIMIT_MAX: "2" });
    try {
      const attempt = () =>
        limited.inject({
          method: "POST",
          url: "/api/v1/auth/token",
          headers: { "content-type": "application/json" },
          payload: JSON.stringify({
            email: other.owner.email,
            password: "wrong password",
            deviceName: "Bot",
          }),
        });
      expect((await attempt()).statusCode).toBe(401);
      expect((await attempt()).statusCode).toBe(401);
      const refused = await attempt();
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
      expectDocumented("post", "/api/v1/auth/token", refused);
      const refusal = refused.json<{ code: string; retryAfterSeconds?: number }>();
      expect(refusal.code).toBe("TOO_MANY_REQUESTS");
      expect(refusal.retryAfterSeconds).toBe(Number(refused.headers["retry-after"]));
    } finally {
      await limited.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe("the live calendar with a bearer token", () => {
  async function openStream(headers: Record<string, string>, signal: AbortSignal) {
    const port = await listeningPort(app);
    return fetch(`http://127.0.0.1:${port}/trpc/appointment.onChange`, {
      headers: { accept: "text/event-stream", ...headers },
      signal,
    });
  }

  it("streams a booking made through /api/v1 to a native client's subscription", async () => {
    const controller = new AbortController();
    const stream = await openStream(
      { authorization: `Bearer ${ownerToken}`, "x-organization-id": practice.organization.id },
      controller.signal,
    );
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream/);
    // A bearer client keeps its token itself: the stream sets no cookie.
    expect(stream.headers.get("set-cookie")).toBeNull();
    if (!stream.body) throw new Error("no body");

    const slot = await freeSlot();
    const booked = await bookAsOwner(slot.start);
    const { id } = booked.json<{ id: string }>();

    const frame = await waitForEvent(stream.body, id);
    expect(frame).toMatch(/^id: /m);
    expect(frame).toContain('"type":"appointment.changed"');
    controller.abort();
  });

  it("refuses a bearer token that is not valid", async () => {
    const controller = new AbortController();
    const stream = await openStream(
      { authorization: "Bearer nope.nope", "x-organization-id": practice.organization.id },
      controller.signal,
    );
    const text = await stream.text();
    expect(text).toContain("UNAUTHORIZED");
    expect(text).not.toContain("appointment.changed");
    controller.abort();
  });
});

// ---------------------------------------------------------------------------------------------

// Only a networked database can be unreachable (as in outage.test.ts): PostgreSQL, as CI runs.
describe.runIf(inject("dbTemplate").kind === "postgres")(
  "while the database is unreachable",
  () => {
    it("answers 503 with Retry-After in the documented shape", async () => {
      const { outage, proxied, close } = await behindOutage(database.url ?? "");
      const cut = await startServer(proxied);
      const request = () =>
        cut.inject({
          method: "GET",
          url: `/api/v1/appointments/${practice.ids.appointment}`,
          headers: {
            authorization: `Bearer ${ownerToken}`,
            "x-organization-id": practice.organization.id,
          },
        });
      try {
        expect((await request()).statusCode).toBe(200);
        await outage.refuse();
        const refused = await request();
        expect(refused.statusCode).toBe(503);
        expectDocumented("get", "/api/v1/appointments/{id}", refused);
        const error = refused.json<{ code: string; retryAfterSeconds?: number }>();
        expect(error.code).toBe("SERVICE_UNAVAILABLE");
        expect(error.retryAfterSeconds).toBe(Number(refused.headers["retry-after"]));
      } finally {
        await cut.close();
        await close();
      }
    });
  },
);
