// Generated fuzz test. Walks every procedure of the app and host routers, builds a valid input
// from each one's zod schema, then puts hostile values into every field (and in place of the
// whole input): NUL, broken Unicode, a megabyte, LIKE and SQL metacharacters, NaN and huge
// numbers, dates PostgreSQL or the engine cannot take, wrong types, unknown keys, forged
// cursors. Every call must answer success or a tRPC error other than INTERNAL_SERVER_ERROR,
// and a call that fails must leave every table as it was. New procedures are covered here
// without anyone editing this file.
import { randomUUID } from "node:crypto";
import { findPgError, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import {
  callerRoleFor,
  createOrganization,
  createStockedPractice,
  databaseDigest,
  errorShapeOf,
  inputFields,
  makePlatformOperator,
  openSite,
  practiceRecordFor,
  procedureCaller,
  rolledBack,
  routerProcedures,
  sampleInput,
  signIn,
  signUp,
  testPassword,
  uploadFile,
  type ProcedureInfo,
  type StockedPractice,
  type TestUser,
} from "@caredesk/api/testing";
import { getTRPCErrorFromUnknown } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

let database: TestDatabase;
let db: Database;
let practice: StockedPractice;
/** A second session of the owner: what `auth.revokeSession` is given to revoke. */
let spareSessionId: string;
/** An account that belongs to no organization: whom members and portal links are for. */
let spare: TestUser;
/** A file the portal patient uploaded. */
let portalFileId: string;
/** A live practice the owner is not a member of: whose shop `shop.join` joins. */
let joinableSlug: string;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  practice = await createStockedPractice(db, { name: "Fuzz Clinic" });
  // The owner is also a platform operator, so one caller reaches the operators' procedures.
  await makePlatformOperator(db, practice.owner);
  spareSessionId = (await signIn(db, practice.owner)).split(".")[0] ?? "";
  spare = await signUp(db, { name: "Sami Spare" });
  portalFileId = (await uploadFile(db, practice.portalUser, practice.organization.id)).id;
  const joinable = await createOrganization(db, spare);
  await openSite(db, joinable.id);
  joinableSlug = joinable.slug;
});
afterAll(() => database.drop());

// ---------------------------------------------------------------------------------------------
// Who calls each procedure: someone it is meant for, so the input gets past the door; a
// visitor for public ones

function callerOn(on: Database, procedure: ProcedureInfo) {
  if (procedure.meta.public) return procedureCaller(on, procedure);
  const user = callerRoleFor(procedure) === "owner" ? practice.owner : practice.portalUser;
  return procedureCaller(on, procedure, {
    token: user.token,
    organizationId: practice.organization.id,
  });
}

// ---------------------------------------------------------------------------------------------
// The catalogue of hostile values

interface Edge {
  label: string;
  value: unknown;
}

const megabyte = "x".repeat(1024 * 1024);
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

const strings: Edge[] = [
  { label: "NUL", value: "\u0000" },
  { label: "NUL inside", value: "A\u0000B" },
  { label: "lone surrogate", value: "\ud800" },
  { label: "1 MB", value: megabyte },
  { label: "%", value: "%" },
  { label: "_", value: "_" },
  { label: "backslash", value: "\\" },
  { label: "SQL", value: "'; drop table patient; --" },
  { label: "right-to-left override", value: "\u202eevil" },
  { label: "emoji", value: "🧑‍⚕️🦷" },
  { label: "control character", value: "a\u001bb" },
  { label: "empty string", value: "" },
];

const numbers: Edge[] = [
  { label: "NaN", value: Number.NaN },
  { label: "Infinity", value: Infinity },
  { label: "-Infinity", value: -Infinity },
  { label: "1e308", value: 1e308 },
  { label: "-1", value: -1 },
  { label: "2**31", value: 2 ** 31 },
  { label: "2**53", value: 2 ** 53 },
  { label: "0.5", value: 0.5 },
];

const dates: Edge[] = [
  { label: "year 9999", value: "9999-12-31T10:00:00Z" },
  { label: "year +275760", value: "+275760-09-13T00:00:00Z" },
  { label: "year -100", value: "-000100-01-01T00:00:00Z" },
  { label: "year 2999", value: "2999-01-01T10:00:00Z" },
  { label: "date 10000-01-01", value: "10000-01-01" },
  { label: "date 0001-01-01", value: "0001-01-01" },
  { label: "date 9999-12-31", value: "9999-12-31" },
  { label: "date 2025-02-29", value: "2025-02-29" },
  { label: "Invalid Date", value: new Date(Number.NaN) },
  { label: "largest Date", value: new Date(8.64e15) },
];

const wrongTypes: Edge[] = [
  { label: "null", value: null },
  { label: "object", value: {} },
  { label: "array", value: [] },
  { label: "true", value: true },
  { label: "123", value: 123 },
  { label: '"x"', value: "x" },
  { label: "left out", value: undefined },
];

const cursors: Edge[] = [
  { label: "cursor zzz", value: "zzz" },
  { label: "cursor junk base64", value: "%%%==" },
  { label: "cursor of NUL", value: base64url(["\u0000", "\u0000"]) },
  { label: "cursor of non-ids", value: base64url(["zz", "zz", "zz"]) },
  { label: "cursor of one non-id", value: base64url(["zz"]) },
  { label: "cursor of a bad time", value: base64url(["not a time", "zz"]) },
  { label: "cursor of a huge offset", value: base64url(["exact", 1e308]) },
  { label: "cursor of a negative offset", value: base64url(["fuzzy", -5]) },
  { label: "cursor of an object", value: base64url({ a: 1 }) },
];

/** Every hostile value goes into every field: a string field gets NaN too. */
const catalogue = [...strings, ...numbers, ...dates, ...wrongTypes];

/** A copy of `input` with `value` at `path` (containers made as needed; undefined removes). */
function withValue(input: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (head === undefined) return value;
  const container: Record<string | number, unknown> | unknown[] = Array.isArray(input)
    ? [...(input as unknown[])]
    : input && typeof input === "object"
      ? { ...(input as Record<string, unknown>) }
      : typeof head === "number"
        ? []
        : {};
  const current = (container as Record<string | number, unknown>)[head];
  const next = withValue(current, rest, value);
  if (next === undefined && rest.length === 0 && !Array.isArray(container)) {
    delete (container as Record<string, unknown>)[head];
  } else {
    (container as Record<string | number, unknown>)[head] = next;
  }
  return container;
}

/** `input` plus keys the schema does not know, `__proto__` among them as an own property. */
function withUnknownKeys(input: unknown): unknown {
  const base = input && typeof input === "object" && !Array.isArray(input) ? input : {};
  const extra: Record<string, unknown> = { ...base, unknownKey: "\u0000", organizationId: "x" };
  Object.defineProperty(extra, "__proto__", {
    value: { isPlatformAdmin: true },
    enumerable: true,
    configurable: true,
    writable: true,
  });
  return extra;
}

// ---------------------------------------------------------------------------------------------
// Cases, generated per procedure

interface Case {
  /** Where the value went and what it was, e.g. `search = NUL`. */
  label: string;
  input: unknown;
  /** Whether the procedure's own schemas accept it (then it reaches the service). */
  accepted: boolean;
  /** The untouched valid input: it must work, or the hostile values test only the door. */
  baseline?: true;
}

interface Plan {
  procedure: ProcedureInfo;
  cases: Case[];
}

/** What a procedure's sample input is filled with: ids of records, and values by field name. */
interface Sources {
  id: (procedure: ProcedureInfo, field: string) => unknown;
  values: (procedure: ProcedureInfo) => Record<string, unknown>;
}

const passwords = { currentPassword: testPassword, newPassword: "a different passphrase" };

/**
 * Values that let each valid input get past the first check to the real work: the practice's
 * own slug for the public page, real accounts where an email must name one, the owner's
 * password.
 */
function practiceValues(procedure: ProcedureInfo): Record<string, unknown> {
  const values: Record<string, unknown> = { ...passwords };
  if (procedure.meta.public) values.slug = practice.organization.slug;
  if (procedure.key === "shop.join") values.slug = joinableSlug;
  if (procedure.key === "auth.signIn" || procedure.key === "auth.token") {
    values.email = practice.owner.email;
  }
  if (procedure.key === "organization.addMember" || procedure.key === "patient.linkAccount") {
    values.email = spare.email;
  }
  // Links as their emails carry them, so the valid input gets past the token to the work.
  const linkTokens: Record<string, string> = {
    "auth.resetPassword": practice.linkTokens.passwordReset,
    "auth.verifyEmail": practice.linkTokens.emailVerification,
    "invitation.peek": practice.linkTokens.invitation,
    "invitation.accept": practice.linkTokens.invitation,
    "link.appointment": practice.linkTokens.appointmentConfirm,
    "link.confirmAppointment": practice.linkTokens.appointmentConfirm,
    "link.cancelAppointment": practice.linkTokens.appointmentCancel,
    "link.unsubscribe": practice.linkTokens.unsubscribe,
    "formLink.open": practice.linkTokens.formRequest,
    "formLink.verify": practice.linkTokens.formRequest,
    "formLink.submit": practice.linkTokens.formRequest,
    "assistant.ask": practice.linkTokens.assistantConversation,
    "assistant.conversation": practice.linkTokens.assistantConversation,
    "assistant.forget": practice.linkTokens.assistantConversation,
    "assistant.handover": practice.linkTokens.assistantConversation,
  };
  const token = linkTokens[procedure.key];
  if (token) values.token = token;
  return values;
}

/** The stocked practice's records, once `beforeAll` has made them. */
const fromPractice: Sources = {
  id(procedure, field) {
    if (field.split(".").at(-1) === "sessionId") return spareSessionId;
    // A patient files only what they uploaded themselves.
    if (procedure.key === "portal.addDocument" && field === "fileId") return portalFileId;
    const record = practiceRecordFor(procedure, field);
    if (!record) throw new Error(`no record of the stocked practice fits the id field ${field}`);
    return practice.ids[record];
  },
  values: practiceValues,
};

/** While tests are collected, before the practice exists: well-formed stand-ins. */
const placeholders: Sources = {
  id(procedure, field) {
    if (field.split(".").at(-1) === "sessionId") return "abcdefghijkmnpqrstuvwxyz";
    if (!practiceRecordFor(procedure, field)) {
      throw new Error(`no record of the stocked practice fits the id field ${field}`);
    }
    return randomUUID();
  },
  // A site conversation's token has a shape of its own (43 base64url characters).
  values: (procedure) =>
    procedure.key.startsWith("assistant.") ? { ...passwords, token: "t".repeat(43) } : passwords,
};

const accepts = (procedure: ProcedureInfo, input: unknown) =>
  procedure.inputs.every((schema) => schema.safeParse(input).success);

function planFor(procedure: ProcedureInfo, sources: Sources): Plan {
  const base = sampleInput(procedure, {
    id: (field) => sources.id(procedure, field),
    values: sources.values(procedure),
  });
  if (!accepts(procedure, base)) {
    const issues = procedure.inputs.flatMap((schema) => {
      const parsed = schema.safeParse(base);
      return parsed.success
        ? []
        : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    });
    throw new Error(`the generated input is invalid (${issues.join("; ")})`);
  }
  const raw: { label: string; input: unknown; baseline?: true }[] = [
    { label: "(valid input)", input: base, baseline: true },
    { label: "(unknown keys)", input: withUnknownKeys(base) },
    ...catalogue.map((edge) => ({ label: `(input) = ${edge.label}`, input: edge.value })),
  ];
  for (const path of inputFields(procedure)) {
    const field = path.join(".");
    const edges = path.at(-1) === "cursor" ? [...catalogue, ...cursors] : catalogue;
    for (const edge of edges) {
      raw.push({ label: `${field} = ${edge.label}`, input: withValue(base, path, edge.value) });
    }
  }
  return {
    procedure,
    cases: raw.map((c) => ({ ...c, accepted: accepts(procedure, c.input) })),
  };
}

const procedures = routerProcedures();
const plans: Plan[] = [];
/** Procedures the generator could not build a valid input for: must stay empty. */
const unbuildable: string[] = [];
for (const procedure of procedures) {
  try {
    callerRoleFor(procedure);
    plans.push(planFor(procedure, placeholders));
  } catch (error) {
    unbuildable.push(`${procedure.key}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Calling and judging

interface Outcome {
  ok: boolean;
  /** The tRPC code of a failure. */
  code?: string;
  /** For a 500: what went wrong underneath (SQLSTATE and message, or the error and where). */
  cause?: string;
}

/** What is underneath a 500, in a line: the SQLSTATE and message, or the error and its frame. */
function causeOf(error: unknown): string {
  const underlying = getTRPCErrorFromUnknown(error).cause ?? error;
  const pg = findPgError(underlying);
  const message = underlying instanceof Error ? underlying.message : String(underlying);
  const deepest = (() => {
    let current: unknown = underlying;
    while (current instanceof Error && current.cause instanceof Error) current = current.cause;
    return current instanceof Error ? current : undefined;
  })();
  const frame = (underlying instanceof Error ? underlying.stack : undefined)
    ?.split("\n")
    .find((line) => line.includes("/packages/") && !line.includes("node_modules"))
    ?.trim();
  if (pg) return `SQLSTATE ${pg.code}: ${deepest?.message ?? message}`.slice(0, 300);
  return `${underlying instanceof Error ? underlying.name : "thrown"}: ${message.slice(0, 200)}${frame ? ` ${frame}` : ""}`;
}

async function settle(call: () => Promise<unknown>): Promise<Outcome> {
  try {
    const value = await call();
    // A subscription answers an iterator that has not started: end it, nothing is listening.
    if (value && typeof value === "object" && Symbol.asyncIterator in value) {
      await (value as AsyncIterable<unknown>)[Symbol.asyncIterator]().return?.();
    }
    return { ok: true };
  } catch (error) {
    const code = errorShapeOf(error).code;
    return code === "INTERNAL_SERVER_ERROR"
      ? { ok: false, code, cause: causeOf(error) }
      : { ok: false, code };
  }
}

/** The tables whose digest differs, or none. */
function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys({ ...before, ...after }).filter((table) => before[table] !== after[table]);
}

/**
 * A call the schemas accept reaches the service and may write: it runs in a transaction that
 * is rolled back, so a success leaves the shared practice as it was. A failure must not have
 * written anything, checked inside the transaction before the rollback.
 */
function inRolledBackTransaction(procedure: ProcedureInfo, input: unknown) {
  return rolledBack(db, async (tx) => {
    const before = await databaseDigest(tx);
    const call = await callerOn(tx, procedure);
    const outcome = await settle(() => call(input));
    if (outcome.ok) return { outcome, changed: [], aborted: false };
    try {
      return { outcome, changed: changedTables(before, await databaseDigest(tx)), aborted: false };
    } catch {
      // A statement failed outside any savepoint: the transaction can run nothing more.
      return { outcome, changed: [], aborted: true };
    }
  });
}

/** The same call on the database itself, for failures the transaction above cannot judge. */
async function direct(procedure: ProcedureInfo, input: unknown) {
  const before = await databaseDigest(db);
  const call = await callerOn(db, procedure);
  const outcome = await settle(() => call(input));
  const changed = outcome.ok ? [] : changedTables(before, await databaseDigest(db));
  return { outcome, changed };
}

/** Tables a refused call writes on purpose, by procedure, each with its reason. */
const writesWhenRefused: Record<string, { tables: string[]; reason: string }> = {
  "auth.signIn": {
    tables: ["sign_in_throttle"],
    reason: "a wrong password is counted, so guessing is slowed down (auth.test.ts)",
  },
  "auth.token": {
    tables: ["sign_in_throttle"],
    reason: "a wrong password is counted, as for auth.signIn",
  },
  "identity.confirmLink": {
    tables: ["sign_in_throttle"],
    reason: "a wrong password on the link's confirm screen is counted, as for auth.signIn",
  },
};

function problemsOf(
  procedure: ProcedureInfo,
  label: string,
  outcome: Outcome,
  tables: string[],
): string[] {
  const problems: string[] = [];
  if (outcome.code === "INTERNAL_SERVER_ERROR") problems.push(`${label}: 500 (${outcome.cause})`);
  const allowed = writesWhenRefused[procedure.key]?.tables ?? [];
  const changed = tables.filter((table) => !allowed.includes(table));
  if (changed.length > 0) {
    problems.push(`${label}: failed with ${outcome.code} but changed ${changed.join(", ")}`);
  }
  return problems;
}

async function runPlan({ procedure, cases }: Plan): Promise<string[]> {
  const problems: string[] = [];

  // Refused by the schema: nothing can reach a service, so one caller and one digest around
  // all of them are enough; a difference is then traced to the case that made it.
  const refused = cases.filter((c) => !c.accepted);
  if (refused.length > 0) {
    const before = await databaseDigest(db);
    const call = await callerOn(db, procedure);
    for (const c of refused) {
      const outcome = await settle(() => call(c.input));
      if (outcome.ok) problems.push(`${c.label}: succeeded although its schema refuses it`);
      problems.push(...problemsOf(procedure, c.label, outcome, []));
    }
    if (changedTables(before, await databaseDigest(db)).length > 0) {
      for (const c of refused) {
        const { outcome, changed } = await direct(procedure, c.input);
        problems.push(...problemsOf(procedure, c.label, outcome, changed));
      }
    }
  }

  for (const c of cases.filter((c) => c.accepted)) {
    const attempt = await inRolledBackTransaction(procedure, c.input);
    if (c.baseline && !attempt.outcome.ok) {
      problems.push(`${c.label}: answered ${attempt.outcome.code}, so nothing below got further`);
    }
    if (attempt.aborted && attempt.outcome.code !== "INTERNAL_SERVER_ERROR") {
      // A database error was mapped to a 4xx; whether it left writes behind shows only outside.
      const { outcome, changed } = await direct(procedure, c.input);
      problems.push(...problemsOf(procedure, c.label, outcome, changed));
    } else {
      problems.push(...problemsOf(procedure, c.label, attempt.outcome, attempt.changed));
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The generated tests

describe("every procedure is fuzzed", () => {
  it("builds a valid input and a caller for every procedure", () => {
    expect(unbuildable, "procedures the generator cannot build an input for").toEqual([]);
    expect(plans.map((p) => p.procedure.key).sort()).toEqual(procedures.map((p) => p.key).sort());
  });

  it("puts hostile values into every field of every procedure that takes input", () => {
    const untouched = plans
      .filter((p) => p.procedure.inputs.length > 0)
      .filter((p) => inputFields(p.procedure).length > 0 && !p.cases.some((c) => !c.accepted))
      .map((p) => p.procedure.key);
    expect(untouched, "procedures whose fields no hostile value reached").toEqual([]);
  });
});

describe("hostile input never answers 500 and a refusal writes nothing", () => {
  it.each(plans.map((plan) => ({ key: plan.procedure.key, size: plan.cases.length, plan })))(
    "$key ($size cases)",
    async ({ plan }) => {
      expect(await runPlan(planFor(plan.procedure, fromPractice))).toEqual([]);
    },
    120_000,
  );
});
