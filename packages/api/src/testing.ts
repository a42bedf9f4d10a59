// Test factories: callers acting as one request, recorded session cookies, and accounts and
// organizations built through the real procedures (so they are audited like any other).
import { validateSessionToken, type Role } from "@caredesk/auth";
import type { Database } from "@caredesk/db";
import {
  getTRPCErrorFromUnknown,
  getTRPCErrorShape,
  type AnyTRPCProcedure,
  type TRPCProcedureType,
} from "@trpc/server";
import { randomBytes } from "node:crypto";
import { createContextInner, type SessionCookieWriter } from "./context";
import { appRouter } from "./root";
import { createCallerFactory, type Meta } from "./trpc";

const createCaller = createCallerFactory(appRouter);
export type Caller = ReturnType<typeof createCaller>;

/** A cookie writer that remembers what the server would have sent. */
export interface CookieRecorder extends SessionCookieWriter {
  /** Every write in order: the session set, or null where the cookie was cleared. */
  readonly writes: ({ token: string; expiresAt: Date } | null)[];
  /** The token the browser would now hold (undefined when never set or cleared last). */
  readonly token: string | undefined;
}

export function recordCookies(): CookieRecorder {
  const writes: CookieRecorder["writes"] = [];
  return {
    writes,
    get token() {
      return writes.at(-1)?.token;
    },
    set(token, expiresAt) {
      writes.push({ token, expiresAt });
    },
    clear() {
      writes.push(null);
    },
  };
}

export interface CallerOptions {
  /** The session token as the cookie carries it; validated like a request's cookie. */
  token?: string | null | undefined;
  /** The active organization (the `x-organization-id` header). */
  organizationId?: string | null | undefined;
  requestId?: string | undefined;
  cookies?: SessionCookieWriter | undefined;
}

/** A caller for one request, signed in when a token is given. */
export async function callerFor(db: Database, options: CallerOptions = {}): Promise<Caller> {
  const auth = options.token ? await validateSessionToken(db, options.token) : null;
  return createCaller(
    createContextInner({
      db,
      auth,
      organizationId: options.organizationId ?? null,
      ip: "127.0.0.1",
      userAgent: "caredesk-tests",
      ...(options.requestId ? { requestId: options.requestId } : {}),
      ...(options.cookies ? { cookies: options.cookies } : {}),
    }),
  );
}

export interface TestUser {
  id: string;
  email: string;
  name: string;
  password: string;
  /** The session token sign-up put in the cookie. */
  token: string;
}

export function uniqueEmail(label = "person"): string {
  return `${label}-${randomBytes(6).toString("hex")}@caredesk.test`;
}

export const testPassword = "correct horse battery staple";

/** Signs up through `auth.signUp` and keeps the session token it set. */
export async function signUp(
  db: Database,
  input: { email?: string; name?: string; password?: string } = {},
): Promise<TestUser> {
  const cookies = recordCookies();
  const values = {
    email: input.email ?? uniqueEmail(),
    name: input.name ?? "Test Person",
    password: input.password ?? testPassword,
  };
  const caller = await callerFor(db, { cookies });
  const { user } = await caller.auth.signUp(values);
  const token = cookies.token;
  if (!token) throw new Error("auth.signUp set no session cookie");
  return { ...user, password: values.password, token };
}

/** Signs in again (another device) and returns that session's token. */
export async function signIn(
  db: Database,
  user: { email: string; password: string },
): Promise<string> {
  const cookies = recordCookies();
  const caller = await callerFor(db, { cookies });
  await caller.auth.signIn({ email: user.email, password: user.password });
  const token = cookies.token;
  if (!token) throw new Error("auth.signIn set no session cookie");
  return token;
}

/** Creates an organization through `organization.create`; `owner` becomes its owner. */
export async function createOrganization(
  db: Database,
  owner: TestUser,
  input: { name?: string; slug?: string } = {},
) {
  const caller = await callerFor(db, { token: owner.token });
  return caller.organization.create({
    name: input.name ?? "Riverside Clinic",
    slug: input.slug ?? `clinic-${randomBytes(5).toString("hex")}`,
    kind: "clinic",
    timeZone: "Europe/London",
    currency: "GBP",
  });
}

export interface TestMember extends TestUser {
  membershipId: string;
  role: Role;
}

/** Signs up a new person and has `actor` add them to the organization with `role`. */
export async function addMember(
  db: Database,
  organizationId: string,
  actor: TestUser,
  role: Role,
): Promise<TestMember> {
  const person = await signUp(db, { name: `A ${role}` });
  const caller = await callerFor(db, { token: actor.token, organizationId });
  const member = await caller.organization.addMember({ email: person.email, role });
  return { ...person, membershipId: member.id, role };
}

/** An owner, an organization, and one member of each other role. */
export async function createPractice(db: Database) {
  const owner = await signUp(db, { name: "Olivia Owner" });
  const organization = await createOrganization(db, owner);
  const member = (role: Role) => addMember(db, organization.id, owner, role);
  const [admin, manager, doctor, staff, patient] = await Promise.all([
    member("admin"),
    member("manager"),
    member("doctor"),
    member("staff"),
    member("patient"),
  ]);
  return { organization, owner, admin, manager, doctor, staff, patient };
}

/** What a client receives for an error: the message and `data` of the formatted shape. */
export function errorShapeOf(cause: unknown) {
  const shape = getTRPCErrorShape({
    config: appRouter._def._config,
    error: getTRPCErrorFromUnknown(cause),
    type: "unknown",
    path: undefined,
    input: undefined,
    ctx: undefined,
  });
  return { message: shape.message, ...shape.data };
}

/** Awaits a call that must fail and returns what a client would receive for it. */
export async function failureOf(call: Promise<unknown>) {
  try {
    await call;
  } catch (cause) {
    return errorShapeOf(cause);
  }
  throw new Error("expected the call to fail, but it succeeded");
}

export interface ProcedureInfo {
  /** Dotted path, e.g. `organization.addMember`. */
  path: string;
  type: TRPCProcedureType;
  meta: Meta;
}

/** Every procedure of the app router: what generated tests walk. */
export function routerProcedures(): ProcedureInfo[] {
  // tRPC keeps a flat path → procedure map beside the nested record it is typed as.
  const flat = appRouter._def.procedures as unknown as Record<string, AnyTRPCProcedure>;
  return Object.entries(flat).map(([path, procedure]) => ({
    path,
    type: procedure._def.type,
    meta: procedure._def.meta ?? {},
  }));
}
