// Test factories: callers acting as one request, recorded session cookies, and accounts and
// organizations built through the real procedures (so they are audited like any other).
import { can, validateSessionToken, type Action, type Role } from "@caredesk/auth";
import { queryRows, schema, type Database, type PracticeFeature } from "@caredesk/db";
import { getTRPCErrorFromUnknown, getTRPCErrorShape } from "@trpc/server";
import {
  epochMinutesToLocal,
  fromEpochMinutes,
  localToEpochMinutes,
  toEpochMinutes,
} from "@caredesk/scheduling";
import { eq, sql } from "drizzle-orm";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { z } from "zod";
import { startStripeStandIn, type StripeStandIn } from "@caredesk/payments/testing";
import { createContextInner, type SessionCookieWriter } from "./context";
import { processPayments } from "./payments";
import { createHostCaller } from "./host";
import { routerProcedures, type ProcedureInfo } from "./procedures";

export { routerProcedures, type ProcedureInfo };
import { appRouter, type AppRouterCaller } from "./root";
import type { LanguageModel } from "ai";
import { mintActionToken } from "./service/action-token";
import type { FilePurpose } from "./service/file";
import { createCallerFactory } from "./trpc";
import { testDns } from "./testing-dns";
import {
  stockRecordOfIdField,
  stockRecordOfRouterId,
  stockRecordOverrides,
  stockCatalogue,
  type StockIds,
} from "./testing/stock";
import {
  ordersRecordOfIdField,
  ordersRecordOfRouterId,
  ordersRecordOverrides,
  stockOrders,
  type OrderIds,
} from "./testing/orders";
import {
  counterRecordOfIdField,
  counterRecordOfRouterId,
  counterRecordOverrides,
  stockCounterSales,
  type CounterIds,
} from "./testing/counter";
import {
  identityRecordOfIdField,
  identitySampleValues,
  stockIdentity,
  type IdentityIds,
} from "./testing/identity";
import {
  refillsRecordOfIdField,
  refillsRecordOfRouterId,
  refillsRecordOverrides,
  stockRefills,
  type RefillIds,
} from "./testing/refills";
import {
  ambulanceRecordOfIdField,
  ambulanceRecordOfRouterId,
  ambulanceRecordOverrides,
  stockAmbulanceRequests,
  type AmbulanceIds,
} from "./testing/ambulance";
import {
  assistantRecordOfIdField,
  assistantRecordOfRouterId,
  assistantRecordOverrides,
  stockAssistant,
  type AssistantIds,
} from "./testing/assistant";
import {
  importsRecordOfIdField,
  importsRecordOverrides,
  stockImports,
  type ImportIds,
} from "./testing/imports";

import { adminRecordOverrides, stockAdmin, type AdminIds } from "./testing/admin";

export { startDnsStandIn, testDns, type DnsStandIn } from "./testing-dns";
/** Link tokens as emails carry them (tests that open a form link themselves). */
export { mintActionToken } from "./service/action-token";

const createCaller: AppRouterCaller = createCallerFactory(appRouter);

/**
 * A bookable instant: the next Monday-to-Friday day at least two days away, at `time` in
 * London (test organizations use Europe/London and 09:00–17:00 weekday hours).
 */
export function nextWeekdayAt(time: string, daysAhead = 2): Date {
  const zone = "Europe/London";
  let minutes = toEpochMinutes(new Date()) + daysAhead * 1440;
  while (epochMinutesToLocal(minutes, zone).weekday > 5) minutes += 1440;
  const at = localToEpochMinutes(epochMinutesToLocal(minutes, zone).date, time, zone);
  if (at === null) throw new Error(`no ${time} on that day`);
  return fromEpochMinutes(at);
}
export type Caller = ReturnType<typeof createCaller>;
export type HostCaller = ReturnType<typeof createHostCaller>;

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

interface CallerOptions {
  /** The session token as the cookie carries it; validated like a request's cookie. */
  token?: string | null | undefined;
  /** The active organization (the `x-organization-id` header). */
  organizationId?: string | null | undefined;
  requestId?: string | undefined;
  cookies?: SessionCookieWriter | undefined;
  /** The assistant's language model (tests pass the AI SDK's mock models); none by default. */
  assistantModel?: LanguageModel | null | undefined;
}

async function contextFor(db: Database, options: CallerOptions) {
  const auth = options.token ? await validateSessionToken(db, options.token) : null;
  return createContextInner({
    db,
    auth,
    organizationId: options.organizationId ?? null,
    ip: "127.0.0.1",
    userAgent: "caredesk-tests",
    ...(options.requestId ? { requestId: options.requestId } : {}),
    ...(options.cookies ? { cookies: options.cookies } : {}),
    ...(options.assistantModel ? { assistantModel: options.assistantModel } : {}),
    // Custom domains are verified against the test process's DNS stand-in, never the internet.
    resolveTxt: (await testDns()).resolveTxt,
  });
}

/** A caller for one request, signed in when a token is given. */
export async function callerFor(db: Database, options: CallerOptions = {}): Promise<Caller> {
  return createCaller(await contextFor(db, options));
}

/** The host's own caller (apps/server): procedures that are never exposed at /trpc. */
export async function hostCallerFor(
  db: Database,
  options: CallerOptions = {},
): Promise<HostCaller> {
  return createHostCaller(await contextFor(db, options));
}

export interface TestUser {
  id: string;
  email: string;
  name: string;
  password: string;
  /** The session token sign-up put in the cookie. */
  token: string;
}

/** A valid Egyptian mobile number in E.164, different on every call. */
function uniqueMobile(): string {
  const digits = Array.from(randomBytes(8), (b) => String(b % 10)).join("");
  return `+2010${digits}`;
}

export function uniqueEmail(label = "person"): string {
  return `${label}-${randomBytes(6).toString("hex")}@caredesk.test`;
}

export const testPassword = "correct horse battery staple";

/** An idempotency key no other request has used: 32 hex digits. */
export function uniqueIdempotencyKey(): string {
  return randomUUID().replaceAll("-", "");
}

/**
 * Makes an account through `auth.signUp` (which opens no session and answers the same for a
 * taken address), then signs in with its password as the person would, keeping that token.
 * The address stays unconfirmed, as it is until the emailed link is followed.
 */
export async function signUp(
  db: Database,
  input: { email?: string; name?: string; password?: string } = {},
): Promise<TestUser> {
  const values = {
    email: input.email ?? uniqueEmail(),
    name: input.name ?? "Test Person",
    password: input.password ?? testPassword,
  };
  await (await callerFor(db)).auth.signUp(values);
  const cookies = recordCookies();
  const caller = await callerFor(db, { cookies });
  const { user } = await caller.auth.signIn({ email: values.email, password: values.password });
  const token = cookies.token;
  if (!token) throw new Error("auth.signIn set no session cookie");
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
  input: { name?: string; slug?: string; country?: string } = {},
) {
  const caller = await callerFor(db, { token: owner.token });
  const created = await caller.organization.create({
    name: input.name ?? "Riverside Clinic",
    slug: input.slug ?? `clinic-${randomBytes(5).toString("hex")}`,
    kind: "clinic",
    timeZone: "Europe/London",
    currency: "GBP",
    ...(input.country ? { country: input.country } : {}),
  });
  await openSite(db, created.id);
  return created;
}

/**
 * As if the practice had paid for a year of every feature the product has and published its
 * site (the wizard's end state), without going through the wizard: tests of other domains
 * start there. Tests of the wizard, plans and gating start from a fresh organization instead.
 */
export async function openSite(
  db: Database,
  organizationId: string,
  features: PracticeFeature[] = [
    "reviews",
    "patient_portal",
    "assistant",
    "ambulance",
    "prescription_refill",
  ],
): Promise<void> {
  const paidUntil = new Date(Date.now() + 365 * 86_400_000);
  await db
    .update(schema.organization)
    .set({ features })
    .where(eq(schema.organization.id, organizationId));
  await db
    .update(schema.subscription)
    .set({ features, paidUntil })
    .where(eq(schema.subscription.organizationId, organizationId));
  await db
    .update(schema.practiceSite)
    .set({ publishedAt: new Date(), step: "done" })
    .where(eq(schema.practiceSite.organizationId, organizationId));
}

/**
 * A site's business profile (an address, a phone) and a custom domain whose TXT record the DNS
 * stand-in serves but which is not verified yet: publishing and verifying can then succeed.
 */
export async function stockSite(staff: Caller, slug: string): Promise<{ domain: string }> {
  await staff.site.updateProfile({
    addressLine: "12 Corniche Street",
    city: "Alexandria",
    phone: "+20 3 4812345",
    email: "desk@caredesk.test",
  });
  const domain = `${slug}.caredesk.test`;
  const { txtName, txtValue } = await staff.site.setDomain({ domain });
  if (!txtName || !txtValue) throw new Error("site.setDomain answered no TXT record");
  (await testDns()).publish(txtName, txtValue);
  return { domain };
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

/** The callable at a dotted path of a caller, e.g. `procedureAt(caller, "patient.byId")`. */
function procedureAt(
  caller: Caller | HostCaller,
  path: string,
): (input?: unknown) => Promise<unknown> {
  let node: unknown = caller;
  for (const key of path.split(".")) node = (node as Record<string, unknown>)[key];
  if (typeof node !== "function") throw new Error(`no procedure at ${path}`);
  return node as (input?: unknown) => Promise<unknown>;
}

/**
 * A procedure's callable for one request on `db`: from the host's caller for host-only
 * procedures, from the app's otherwise.
 */
export async function procedureCaller(
  db: Database,
  procedure: ProcedureInfo,
  options: CallerOptions = {},
): Promise<(input?: unknown) => Promise<unknown>> {
  const caller =
    procedure.router === "host" ? await hostCallerFor(db, options) : await callerFor(db, options);
  return procedureAt(caller, procedure.path);
}

/**
 * Whom the generated tests have call a procedure, so its input gets past the door: the owner
 * (who may do whatever a member may, and is signed in for account and operator procedures),
 * or a patient where only a patient may (the portal's own procedures).
 */
export function callerRoleFor(procedure: { meta: { action?: Action } }): "owner" | "patient" {
  const action = procedure.meta.action;
  if (!action || can("owner", action)) return "owner";
  if (can("patient", action)) return "patient";
  throw new Error(`neither an owner nor a patient may ${action}`);
}

/** Makes `user` a platform operator, so the operators' procedures are open to them too. */
export async function makePlatformOperator(db: Database, user: { id: string }): Promise<void> {
  await db.update(schema.user).set({ isPlatformAdmin: true }).where(eq(schema.user.id, user.id));
}

/** Thrown to end a transaction on purpose, carrying nothing. */
class RolledBack extends Error {
  constructor() {
    super("rolled back on purpose");
  }
}

/**
 * Runs `fn` in a transaction that is then rolled back, and answers what `fn` returned: proof
 * that a call works, with nothing it wrote kept. An error `fn` throws is thrown as it is.
 */
export async function rolledBack<T>(db: Database, fn: (tx: Database) => Promise<T>): Promise<T> {
  let result: { value: T } | undefined;
  const marker = new RolledBack();
  await db
    .transaction(async (tx) => {
      result = { value: await fn(tx) };
      throw marker;
    })
    .catch((error: unknown) => {
      if (error !== marker) throw error;
    });
  if (!result) throw new Error("the transaction ended without running to its rollback");
  return result.value;
}

// ---------------------------------------------------------------------------------------------
// Files and a fully stocked practice

/** What the host records after storing an upload: random key, hash of the bytes, detected type. */
export function storedFile(purpose: FilePurpose = "document") {
  const bytes = randomBytes(64);
  const image = purpose === "photo" || purpose === "logo" || purpose === "product_image";
  return {
    storageKey: randomBytes(16).toString("hex"),
    mimeType: image ? "image/png" : "application/pdf",
    sizeBytes: bytes.length,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    originalName: image ? `${purpose === "photo" ? "portrait" : purpose}.png` : `${purpose}.pdf`,
    purpose,
  };
}

/** Records a file through the host's `file.upload`, as `member` in `organizationId`. */
export async function uploadFile(
  db: Database,
  member: { token: string },
  organizationId: string,
  purpose: FilePurpose = "document",
) {
  const host = await hostCallerFor(db, { token: member.token, organizationId });
  return host.file.upload(storedFile(purpose));
}

/** Staff's view of a new patient, with a unique mobile unless one is given. */
export async function createPatient(
  caller: Caller,
  input: Partial<Parameters<Caller["patient"]["create"]>[0]> = {},
) {
  return caller.patient.create({
    firstName: "Mona",
    lastName: "Saleh",
    mobile: uniqueMobile(),
    ...input,
  });
}

/**
 * Patients inserted in one statement, as an import or the demo seed does: they share one
 * creation instant to the microsecond. Returns their ids.
 */
export async function importPatients(
  db: Database,
  organizationId: string,
  count: number,
): Promise<string[]> {
  const rows = Array.from({ length: count }, (_, i) => ({
    organizationId,
    firstName: "Imported",
    lastName: `Patient ${i + 1}`,
    mobile: uniqueMobile(),
  }));
  const created = await db.insert(schema.patient).values(rows).returning({ id: schema.patient.id });
  return created.map((row) => row.id);
}

export interface PortalPatient {
  user: TestUser;
  patientId: string;
  /** A document the patient filed themselves from the portal, and its file. */
  documentId: string;
  documentFileId: string;
  /** A treatment plan proposed to the patient. */
  planId: string;
}

/**
 * A patient with a portal login in the organization: staff create the record and link the
 * account; the patient then uploads a file and files it on their own record.
 */
export async function addPortalPatient(
  db: Database,
  organizationId: string,
  staff: TestUser,
): Promise<PortalPatient> {
  const user = await signUp(db, { name: "Pat Patient" });
  const caller = await callerFor(db, { token: staff.token, organizationId });
  const created = await createPatient(caller, { firstName: "Pat", lastName: "Patient" });
  await caller.patient.linkAccount({ id: created.id, email: user.email });
  const file = await uploadFile(db, user, organizationId, "document");
  const portal = await callerFor(db, { token: user.token, organizationId });
  const document = await portal.portal.addDocument({
    fileId: file.id,
    kind: "id",
    title: "Passport scan",
  });
  // Staff read it: the patient's "who viewed my record" has a read to show.
  await caller.document.byId({ id: document.id });
  const plan = await proposedPlanOf(caller, created.id);
  return {
    user,
    patientId: created.id,
    documentId: document.id,
    documentFileId: file.id,
    planId: plan.id,
  };
}

/** The records a stocked practice holds one of, by what they are. */
/** What the pharmacy parts of a stocked practice get to stock themselves with. */
export interface PharmacyStockingContext {
  db: Database;
  /** The owner's caller in the practice. */
  staff: Caller;
  owner: TestUser;
  doctor: TestUser;
  /** The portal patient's login and record. */
  portalUser: TestUser;
  organizationId: string;
  patientId: string;
  /** The patient's signed consultation (its prescription: Aspirin 75 mg). */
  signedConsultationId: string;
  /** The records stocked so far (catalogue before orders, orders before refills…). */
  ids: Partial<PracticeIds>;
}

export interface PracticeIds
  extends
    StockIds,
    OrderIds,
    CounterIds,
    RefillIds,
    IdentityIds,
    AmbulanceIds,
    AssistantIds,
    ImportIds,
    AdminIds {
  organization: string;
  department: string;
  practitioner: string;
  certificate: string;
  /** The bookable resource created with the practitioner. */
  practitionerResource: string;
  room: string;
  equipment: string;
  service: string;
  patient: string;
  document: string;
  documentFile: string;
  photoFile: string;
  certificateFile: string;
  /** A doctor's membership, and the doctor's user (a member without a practitioner profile). */
  membership: string;
  user: string;
  /** The portal account linked to the patient. */
  portalUser: string;
  /** A day off of the practitioner. */
  scheduleException: string;
  /** The patient's appointment with the practitioner (and the echo machine). */
  appointment: string;
  /** A pending invitation of a colleague by email (nobody has an account at that address). */
  invitation: string;
  /** An online booking request of the patient, waiting for an answer (pending, public). */
  request: string;
  /** A message the practice sent the patient (the outbox row of a booking confirmation). */
  message: string;
  /** A message in the owner's notification centre (in-app, unread). */
  inboxMessage: string;
  /** The owner's phone, registered for push to the mobile app (an FCM token). */
  mobileDevice: string;
  /** A message to the patient whose delivery failed (the mailbox refused it). */
  failedMessage: string;
  /**
   * The patient's dental chart: a planned treatment on no plan, a condition, a draft plan and a
   * proposed plan (each with a planned treatment of its own), and a payment on the ledger.
   */
  treatment: string;
  condition: string;
  draftPlan: string;
  proposedPlan: string;
  ledgerEntry: string;
  /** The practice's logo file (purpose "logo"), set as its logo. */
  logoFile: string;
  /** The doctor's draft consultation of the patient (a walk-in), and a signed one. */
  consultation: string;
  signedConsultation: string;
  /** A medical-history form, a request of it still open, and a signed submission of another. */
  questionnaire: string;
  formRequest: string;
  formSubmission: string;
  /** The practice's Stripe account (keys of the test process's Stripe stand-in). */
  paymentAccount: string;
  /** The desk payment behind `ledgerEntry`. */
  payment: string;
  /** A video consultation of the patient, not paid yet (a portal checkout can start). */
  videoAppointment: string;
  /** The patient's issued invoice (a typed line, nothing paid) and a draft one. */
  invoice: string;
  /** An issued invoice part paid at the desk. */
  paidInvoice: string;
  draftInvoice: string;
  /** A completed treatment of the patient that no invoice carries yet. */
  completedTreatment: string;
  /** A video consultation the patient paid at booking (Stripe), its money held in escrow. */
  escrow: string;
  escrowPayment: string;
  /** Another, disputed by staff (for resolving). */
  disputedEscrow: string;
  /** A completed visit not reviewed yet, and the patient's pending review of another. */
  completedAppointment: string;
  review: string;
  /** A payment for the practice's plan, started on the platform's keys (the Stripe stand-in). */
  planPayment: string;
}

/** Link tokens as the emails of a stocked practice carry them, each for its procedure. */
export interface PracticeLinkTokens {
  /** Resets the doctor's password. */
  passwordReset: string;
  /** Confirms the doctor's address. */
  emailVerification: string;
  /** Accepts the pending invitation. */
  invitation: string;
  /** A reminder's links for the practice's appointment: confirm, cancel, stop messages. */
  appointmentConfirm: string;
  appointmentCancel: string;
  unsubscribe: string;
  /** The open form request's link (the patient's date of birth is 1985-04-23). */
  formRequest: string;
  /** A site visitor's conversation with the assistant (`ids.siteConversation`). */
  assistantConversation: string;
}

/**
 * An organization with one of everything — department, practitioner with photo and
 * certificate, room, equipment, service with requirements, patient linked to a portal
 * account, a document on file — all built through the real (audited) procedures.
 */
export async function createStockedPractice(db: Database, input: { name?: string } = {}) {
  const owner = await signUp(db, { name: "Olivia Owner" });
  const organization = await createOrganization(db, owner, { name: input.name ?? "Nile Clinic" });
  const doctor = await addMember(db, organization.id, owner, "doctor");
  const portalUser = await signUp(db, { name: "Mona Saleh" });
  const staff = await callerFor(db, { token: owner.token, organizationId: organization.id });

  const department = await staff.department.create({ name: "Cardiology" });
  const photoFile = await uploadFile(db, owner, organization.id, "photo");
  const certificateFile = await uploadFile(db, owner, organization.id, "certificate");
  const documentFile = await uploadFile(db, owner, organization.id, "document");
  // An upload the malware scanner refused: recorded for the practice's admins (malware.events).
  await (
    await hostCallerFor(db, { token: owner.token, organizationId: organization.id })
  ).file.refuseMalware({
    signature: "Eicar-Test-Signature",
    engine: "ClamAV 1.4.6",
    fileName: "letter.pdf",
    purpose: "document",
    mimeType: "application/pdf",
    sizeBytes: 128,
    sha256: randomBytes(32).toString("hex"),
  });
  const practitioner = await staff.practitioner.create({
    name: "Amira Hassan",
    title: "Dr",
    specialization: "Cardiology",
    departmentId: department.id,
    photoFileId: photoFile.id,
  });
  const certificate = await staff.practitioner.addCertificate({
    practitionerId: practitioner.id,
    name: "Board certification in cardiology",
    issuer: "Egyptian Medical Syndicate",
    expiresOn: "2030-06-30",
    fileId: certificateFile.id,
  });
  const room = await staff.resource.create({
    kind: "room",
    name: "Room 1",
    departmentId: department.id,
  });
  const equipment = await staff.resource.create({
    kind: "equipment",
    name: "Echo machine 1",
    category: "echo machine",
  });
  const service = await staff.service.create({
    name: "Echocardiogram",
    durationMinutes: 30,
    priceMinor: 50_000,
    colour: "#2563eb",
    departmentId: department.id,
    requirements: [
      { kind: "practitioner", departmentId: department.id },
      { kind: "equipment", category: "echo machine" },
    ],
  });
  const patient = await createPatient(staff, { email: portalUser.email });
  await staff.patient.linkAccount({ id: patient.id, email: portalUser.email });
  const document = await staff.document.create({
    patientId: patient.id,
    fileId: documentFile.id,
    kind: "lab_result",
    title: "Blood count",
  });

  for (const resourceId of [practitioner.resourceId, room.id, equipment.id]) {
    await staff.schedule.setWeek({
      resourceId,
      rules: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "09:00", end: "17:00" })),
    });
  }
  const appointment = await staff.appointment.book({
    serviceId: service.id,
    patientId: patient.id,
    start: nextWeekdayAt("10:00"),
    idempotencyKey: uniqueIdempotencyKey(),
  });
  const request = await bookingRequest(db, staff, {
    serviceId: service.id,
    patientId: patient.id,
    start: nextWeekdayAt("16:00", 9),
  });
  const [message] = await db
    .insert(schema.notification)
    .values({
      organizationId: organization.id,
      patientId: patient.id,
      appointmentId: appointment.id,
      kind: "appointment_booked",
      channel: "email",
      status: "sent",
      recipient: portalUser.email,
      subject: "Your appointment is booked",
      sentAt: new Date(),
    })
    .returning({ id: schema.notification.id });
  if (!message) throw new Error("notification insert returned nothing");
  const [inboxMessage] = await db
    .insert(schema.notification)
    .values({
      organizationId: organization.id,
      userId: owner.id,
      kind: "booking_request",
      channel: "in_app",
      status: "sent",
      subject: "New booking request: Echocardiogram",
      bodyText: "Mona asked for Echocardiogram. Confirm or decline it in the requests inbox.",
      payload: { link: "/app/requests" },
      sentAt: new Date(),
    })
    .returning({ id: schema.notification.id });
  if (!inboxMessage) throw new Error("notification insert returned nothing");
  const ownerAccount = await callerFor(db, { token: owner.token });
  const mobileDevice = await ownerAccount.device.register({
    token: `stocked-${randomBytes(24).toString("base64url")}:APA91b${randomBytes(48).toString("base64url")}`,
    platform: "android",
    appVersion: "1.4.0",
    deviceName: "Olivia's phone",
  });
  const [failedMessage] = await db
    .insert(schema.notification)
    .values({
      organizationId: organization.id,
      patientId: patient.id,
      appointmentId: appointment.id,
      kind: "appointment_reminder",
      channel: "email",
      status: "failed",
      recipient: portalUser.email,
      attempts: 1,
      lastError: "SMTP 452: mailbox full",
    })
    .returning({ id: schema.notification.id });
  if (!failedMessage) throw new Error("notification insert returned nothing");
  const dayOff = await staff.schedule.addException({
    resourceId: practitioner.resourceId,
    startsOn: "2030-05-01",
    endsOn: "2030-05-01",
    closed: true,
    reason: "Conference",
  });

  const consultation = await staff.consultation.start({ patientId: patient.id });
  const signedConsultation = await staff.consultation.start({ patientId: patient.id });
  await staff.consultation.update({
    id: signedConsultation.id,
    assessment: "Stable angina",
    diagnoses: [{ description: "Stable angina", code: "I20.8", codeSystem: "ICD-10" }],
    prescriptions: [{ drug: "Aspirin", strength: "75 mg", dose: "1 tablet", frequency: "daily" }],
  });
  await staff.consultation.sign({ id: signedConsultation.id });
  await staff.consultation.attachDocument({
    consultationId: consultation.id,
    documentId: document.id,
  });

  // The logo, and the doctor's change to and read of the patient's record: the audit viewer's
  // filters and "who viewed my record" then have something to find.
  const logoFile = await uploadFile(db, owner, organization.id, "logo");
  await staff.organization.setLogo({ fileId: logoFile.id });
  const doctorCaller = await callerFor(db, {
    token: doctor.token,
    organizationId: organization.id,
  });
  await doctorCaller.patient.update({ id: patient.id, notes: "Prefers morning visits" });
  await doctorCaller.document.byId({ id: document.id });

  const dental = await stockChart(staff, patient.id, service.id);
  const money = await stockMoney(db, staff, patient.id, service.id, dental.ledgerEntry);
  const invoices = await stockInvoices(staff, patient.id);
  const forms = await stockForms(db, staff, organization.id, patient.id);
  const held = await stockEscrow(db, staff, portalUser, organization.id, patient.id, service.id);
  const reviews = await stockReviews(
    db,
    staff,
    portalUser,
    organization.id,
    patient.id,
    service.id,
  );

  await stockSite(staff, organization.slug);
  const plan = await stockPlanPayment(staff);

  const invitation = await staff.organization.invite({
    email: uniqueEmail("invitee"),
    role: "staff",
  });
  const hourAhead = new Date(Date.now() + 60 * 60 * 1000);
  const linkTokens: PracticeLinkTokens = {
    passwordReset: await mintActionToken(db, {
      purpose: "password_reset",
      userId: doctor.id,
      expiresAt: hourAhead,
    }),
    emailVerification: await mintActionToken(db, {
      purpose: "email_verification",
      userId: doctor.id,
      expiresAt: hourAhead,
    }),
    invitation: await mintActionToken(db, {
      purpose: "member_invitation",
      organizationId: organization.id,
      invitationId: invitation.id,
      expiresAt: invitation.expiresAt,
    }),
    ...Object.fromEntries(
      await Promise.all(
        (
          [
            ["appointmentConfirm", "appointment_confirm"],
            ["appointmentCancel", "appointment_cancel"],
            ["unsubscribe", "unsubscribe"],
          ] as const
        ).map(async ([name, purpose]) => [
          name,
          await mintActionToken(db, {
            purpose,
            organizationId: organization.id,
            patientId: patient.id,
            appointmentId: appointment.id,
            expiresAt: appointment.startsAt,
          }),
        ]),
      ),
    ),
    formRequest: forms.token,
  } as PracticeLinkTokens;

  const ids = {
    organization: organization.id,
    department: department.id,
    practitioner: practitioner.id,
    certificate: certificate.id,
    practitionerResource: practitioner.resourceId,
    room: room.id,
    equipment: equipment.id,
    service: service.id,
    patient: patient.id,
    document: document.id,
    documentFile: documentFile.id,
    photoFile: photoFile.id,
    certificateFile: certificateFile.id,
    membership: doctor.membershipId,
    user: doctor.id,
    portalUser: portalUser.id,
    scheduleException: dayOff.id,
    appointment: appointment.id,
    invitation: invitation.id,
    request: request.id,
    message: message.id,
    inboxMessage: inboxMessage.id,
    mobileDevice: mobileDevice.id,
    failedMessage: failedMessage.id,
    ...dental,
    logoFile: logoFile.id,
    consultation: consultation.id,
    signedConsultation: signedConsultation.id,
    questionnaire: forms.questionnaire,
    formRequest: forms.formRequest,
    formSubmission: forms.formSubmission,
    ...money,
    ...invoices,
    ...held,
    ...reviews,
    ...plan,
  } as PracticeIds;
  // Pharmacy and hospital services, each part stocked in turn from its own file.
  const context: PharmacyStockingContext = {
    db,
    staff,
    owner,
    doctor,
    portalUser,
    organizationId: organization.id,
    patientId: patient.id,
    signedConsultationId: signedConsultation.id,
    ids,
  };
  Object.assign(ids, await stockCatalogue(context));
  Object.assign(ids, await stockOrders(context));
  Object.assign(ids, await stockCounterSales(context));
  Object.assign(ids, await stockRefills(context));
  Object.assign(ids, await stockIdentity(context));
  Object.assign(ids, await stockAmbulanceRequests(context));
  const assistant = await stockAssistant(context);
  Object.assign(ids, assistant.ids);
  linkTokens.assistantConversation = assistant.siteConversationToken;
  Object.assign(ids, await stockImports(context));
  Object.assign(ids, await stockAdmin(context));
  return { organization, owner, doctor, portalUser, ids, linkTokens };
}

export type StockedPractice = Awaited<ReturnType<typeof createStockedPractice>>;

/** A small drawn signature as signature_pad exports it: a PNG data URL. */
export const sampleSignature =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACgAAAAUCAYAAAD/Rn+7AAAAH0lEQVR42u3DMQ0AAAwDoPo3vYno0wMSEgBo3XgAlj3rtyfZqFBXWwAAAABJRU5ErkJggg==";

/**
 * A medical-history form sent twice to the patient (given a date of birth): one request
 * signed from its link, the other still open with a link token as its email would carry.
 */
async function stockForms(db: Database, staff: Caller, organizationId: string, patientId: string) {
  await staff.patient.update({ id: patientId, dateOfBirth: "1985-04-23" });
  const form = await staff.questionnaire.create({
    title: "Medical history",
    questions: [
      {
        key: "allergy",
        type: "yes_no",
        label: "Are you allergic to any medicine?",
        required: false,
        alert: { label: "Allergy", when: ["yes"] },
      },
      {
        key: "which",
        type: "text",
        label: "Which?",
        required: false,
        showIf: { questionKey: "allergy", equals: "yes" },
      },
    ],
  });
  const link = async () => {
    const request = await staff.formRequest.send({
      patientId,
      questionnaireId: form.id,
      channel: "email",
      expiresInDays: 7,
    });
    const token = await mintActionToken(db, {
      purpose: "form_request",
      organizationId,
      patientId,
      formRequestId: request.id,
      expiresAt: request.expiresAt,
    });
    return { request, token };
  };
  const signed = await link();
  const visitor = await callerFor(db);
  const submission = await visitor.formLink.submit({
    token: signed.token,
    dateOfBirth: "1985-04-23",
    answers: { allergy: true, which: "Penicillin" },
    signature: sampleSignature,
  });
  const open = await link();
  return {
    questionnaire: form.id,
    formRequest: open.request.id,
    formSubmission: submission.submissionId,
    token: open.token,
  };
}

/** A patient's dental chart and ledger, built through the chart's and ledger's procedures. */
async function stockChart(staff: Caller, patientId: string, serviceId: string) {
  const treatment = await staff.chart.addTreatment({
    patientId,
    tooth: "14",
    surfaces: ["M", "O", "D"],
    serviceId,
  });
  const condition = await staff.chart.addCondition({
    patientId,
    tooth: "3",
    surfaces: ["O"],
    condition: "caries",
  });
  const drafted = await staff.chart.addTreatment({ patientId, tooth: "30", serviceId });
  const draftPlan = await staff.chart.createPlan({
    patientId,
    title: "Lower right",
    treatmentIds: [drafted.id],
  });
  const proposedPlan = await proposedPlanOf(staff, patientId);
  const ledgerEntry = await staff.ledger.recordPayment({
    patientId,
    amountMinor: 2_000,
    method: "cash",
    idempotencyKey: uniqueIdempotencyKey(),
  });
  return {
    treatment: treatment.id,
    condition: condition.id,
    draftPlan: draftPlan.id,
    proposedPlan: proposedPlan.id,
    ledgerEntry: ledgerEntry.id,
  };
}

let stripeStandIn: Promise<StripeStandIn> | undefined;

/**
 * This process's Stripe stand-in (started once): contexts without a payments configuration (the
 * api's tests) reach Stripe there. Its webhooks go nowhere unless a test points them somewhere.
 */
export function testStripe(): Promise<StripeStandIn> {
  stripeStandIn ??= startStripeStandIn().then((standIn) => {
    processPayments().endpoints.stripe = { baseUrl: standIn.url };
    return standIn;
  });
  return stripeStandIn;
}

/**
 * The platform's own Stripe keys (the test process's stand-in's): practices pay for their plans
 * with them. Set on the process's payments configuration, as the server sets them from its env.
 */
export async function testPlatformStripe(): Promise<StripeStandIn> {
  const stripe = await testStripe();
  const config = processPayments();
  config.platform = {
    ...config.platform,
    stripe: {
      secretKey: stripe.secretKey,
      publishableKey: stripe.publishableKey,
      webhookSecret: stripe.webhookSecret,
    },
  };
  return stripe;
}

/** The practice's plan (what it has) chosen again and a payment for it started, not paid yet. */
async function stockPlanPayment(staff: Caller) {
  await testPlatformStripe();
  // Every feature it has, so choosing again leaves them all on.
  await staff.plan.choose({
    features: ["reviews", "patient_portal", "assistant", "ambulance", "prescription_refill"],
    interval: "month",
  });
  const checkout = await staff.plan.checkout({
    provider: "stripe",
    idempotencyKey: uniqueIdempotencyKey(),
  });
  return { planPayment: checkout.planPaymentId };
}

/** An issued invoice and a draft of the patient, and a completed treatment to invoice. */
export async function stockInvoices(staff: Caller, patientId: string) {
  const line = {
    description: "Consultation",
    quantity: 1,
    unitPriceMinor: 10_000,
    discountMinor: 0,
  };
  const issued = await staff.invoice.create({ patientId, lines: [line], treatmentIds: [] });
  await staff.invoice.issue({ id: issued.id });
  const draft = await staff.invoice.create({ patientId, lines: [line], treatmentIds: [] });
  const completed = await staff.chart.addTreatment({
    patientId,
    tooth: "18",
    description: "Scaling",
    priceMinor: 3_000,
    status: "completed",
  });
  // A third, part paid at the desk: lists of payments filtered by invoice find it.
  const paid = await staff.invoice.create({ patientId, lines: [line], treatmentIds: [] });
  await staff.invoice.issue({ id: paid.id });
  await staff.ledger.recordPayment({
    patientId,
    amountMinor: 4_000,
    method: "card_terminal",
    invoiceId: paid.id,
    idempotencyKey: uniqueIdempotencyKey(),
  });
  return {
    invoice: issued.id,
    draftInvoice: draft.id,
    paidInvoice: paid.id,
    completedTreatment: completed.id,
  };
}

/** Online payments by Stripe (the stand-in), a video consultation to pay, the desk payment. */
async function stockMoney(
  db: Database,
  staff: Caller,
  patientId: string,
  serviceId: string,
  ledgerEntryId: string,
) {
  const stripe = await testStripe();
  const account = await staff.paymentAccount.save({
    provider: "stripe",
    publishableKey: stripe.publishableKey,
    secretKey: stripe.secretKey,
    webhookSecret: stripe.webhookSecret,
    enabled: true,
  });
  const video = await staff.appointment.book({
    serviceId,
    patientId,
    kind: "video",
    // A day and time no other test books at.
    start: nextWeekdayAt("12:30", 11),
    idempotencyKey: uniqueIdempotencyKey(),
  });
  const [line] = await db
    .select({ paymentId: schema.ledgerEntry.paymentId })
    .from(schema.ledgerEntry)
    .where(eq(schema.ledgerEntry.id, ledgerEntryId));
  if (!line?.paymentId) throw new Error("the desk payment has no payment row");
  return { paymentAccount: account.id, payment: line.paymentId, videoAppointment: video.id };
}

/**
 * A video consultation the patient books (by staff) and pays in the portal with a test card:
 * the Stripe stand-in confirms it as Stripe.js would, and the portal asks the server to check.
 */
export async function payVideoConsultation(
  db: Database,
  staff: Caller,
  portalUser: TestUser,
  organizationId: string,
  patientId: string,
  serviceId: string,
  time: string,
  daysAhead: number,
): Promise<{ escrowId: string; paymentId: string }> {
  const stripe = await testStripe();
  const portal = await callerFor(db, { token: portalUser.token, organizationId });
  const video = await staff.appointment.book({
    serviceId,
    patientId,
    kind: "video",
    start: nextWeekdayAt(time, daysAhead),
    idempotencyKey: uniqueIdempotencyKey(),
  });
  const checkout = await portal.payment.checkoutMine({
    provider: "stripe",
    appointmentId: video.id,
    idempotencyKey: uniqueIdempotencyKey(),
  });
  const [row] = await db
    .select({ providerRef: schema.payment.providerRef })
    .from(schema.payment)
    .where(eq(schema.payment.id, checkout.paymentId));
  const confirmed = await fetch(
    `${stripe.url}/v1/payment_intents/${row?.providerRef ?? ""}/confirm`,
    {
      method: "POST",
      headers: {
        authorization: `Bearer ${stripe.secretKey}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: "payment_method=pm_card_visa",
    },
  );
  if (!confirmed.ok) throw new Error(`the stand-in refused the card: ${confirmed.status}`);
  await portal.payment.confirmMine({ paymentId: checkout.paymentId });
  const [held] = await db
    .select({ id: schema.escrow.id })
    .from(schema.escrow)
    .where(eq(schema.escrow.paymentId, checkout.paymentId));
  if (!held) throw new Error("the paid consultation is not held in escrow");
  return { escrowId: held.id, paymentId: checkout.paymentId };
}

/**
 * Video consultations the patient booked and paid in the portal with a test card (the Stripe
 * stand-in confirms them as Stripe.js would), their money held in escrow: one held, one
 * disputed, and one released to the doctor (so the doctor has money to pay out).
 */
async function stockEscrow(
  db: Database,
  staff: Caller,
  portalUser: TestUser,
  organizationId: string,
  patientId: string,
  serviceId: string,
) {
  const paid = (time: string) =>
    payVideoConsultation(db, staff, portalUser, organizationId, patientId, serviceId, time, 12);
  const held = await paid("13:30");
  const disputed = await paid("14:00");
  await staff.escrow.dispute({ escrowId: disputed.escrowId, reason: "The call dropped" });
  const released = await paid("14:30");
  await staff.escrow.dispute({ escrowId: released.escrowId, reason: "Checking the call" });
  await staff.escrow.resolve({
    escrowId: released.escrowId,
    outcome: "release",
    note: "The call took place",
  });
  // The doctor has been paid some of it.
  const [released_] = await db
    .select({ practitionerId: schema.escrow.practitionerId })
    .from(schema.escrow)
    .where(eq(schema.escrow.id, released.escrowId));
  await staff.payout.record({
    practitionerId: released_?.practitionerId ?? "",
    amountMinor: 100,
    reference: "TRF-STOCK",
    idempotencyKey: uniqueIdempotencyKey(),
  });
  return {
    escrow: held.escrowId,
    escrowPayment: held.paymentId,
    disputedEscrow: disputed.escrowId,
  };
}

/** A visit that has taken place (booked by staff, then completed). */
export async function completedVisit(
  staff: Caller,
  input: { serviceId: string; patientId: string; start: Date },
) {
  const booked = await staff.appointment.book({ ...input, idempotencyKey: uniqueIdempotencyKey() });
  return staff.appointment.setStatus({
    id: booked.id,
    status: "completed",
    version: booked.version,
  });
}

/** Two completed visits of the patient: one still to review, one the patient reviewed. */
async function stockReviews(
  db: Database,
  staff: Caller,
  portalUser: TestUser,
  organizationId: string,
  patientId: string,
  serviceId: string,
) {
  const visit = (time: string) =>
    completedVisit(staff, { serviceId, patientId, start: nextWeekdayAt(time, 13) });
  const open = await visit("10:00");
  const reviewed = await visit("10:30");
  const portal = await callerFor(db, { token: portalUser.token, organizationId });
  const written = await portal.review.create({
    appointmentId: reviewed.id,
    rating: 5,
    body: "Kind and thorough, explained everything.",
  });
  return { completedAppointment: open.id, review: written.id };
}

/** A treatment plan proposed to the patient, with one planned crown on tooth 19. */
async function proposedPlanOf(staff: Caller, patientId: string) {
  const crown = await staff.chart.addTreatment({
    patientId,
    tooth: "19",
    description: "Crown",
    priceMinor: 40_000,
  });
  const plan = await staff.chart.createPlan({
    patientId,
    title: "Crown",
    treatmentIds: [crown.id],
  });
  return staff.chart.proposePlan({ id: plan.id });
}

/**
 * A booking request as the public page leaves one (pending, source "public"), for a patient
 * who already has a record: booked by staff, then turned into the request, so a factory needs
 * no visitor session and counts against no public rate limit.
 */
export async function bookingRequest(
  db: Database,
  staff: Caller,
  input: { serviceId: string; patientId: string; start: Date },
) {
  const booked = await staff.appointment.book({
    ...input,
    idempotencyKey: uniqueIdempotencyKey(),
  });
  await db
    .update(schema.appointment)
    .set({ status: "pending", source: "public" })
    .where(eq(schema.appointment.id, booked.id));
  return { ...booked, status: "pending" as const, source: "public" as const };
}

// ---------------------------------------------------------------------------------------------
// Inputs generated from a procedure's zod schema

/** Sample values by field name: valid for every procedure that has a field of that name. */
const sampleValues: Readonly<Record<string, unknown>> = {
  ...identitySampleValues,
  name: "Probe",
  // An import's mapping: the columns of the stocked practice's import file (testing/imports.ts).
  mapping: { firstName: "First name", lastName: "Last name", mobile: "Mobile" },
  // Medical-history forms: one optional question, no answers, a drawn signature.
  questions: [{ key: "probe", type: "text", label: "Probe", required: false }],
  answers: {},
  signature: sampleSignature,
  firstName: "Probe",
  lastName: "Person",
  title: "Probe",
  mobile: "+201001234567",
  phone: "+201001234567",
  // An ambulance request needs a place to go.
  pickupAddress: "12 Corniche Street",
  email: "probe@caredesk.test",
  colour: "#2563eb",
  durationMinutes: 30,
  priceMinor: 1000,
  timeZone: "Europe/London",
  currency: "GBP",
  country: "GB",
  slug: "probe-practice",
  storageKey: "0123456789abcdef0123456789abcdef",
  sha256: "5".repeat(64),
  mimeType: "application/pdf",
  password: testPassword,
  dateOfBirth: "1985-04-23",
  issuedOn: "2020-01-01",
  expiresOn: "2030-01-01",
  documentDate: "2024-05-01",
  weekday: 1,
  // The record browser's table: services, which can be opened, edited and switched in bulk.
  table: "service",
  "rules.start": "09:00",
  "rules.end": "17:00",
  "intervals.start": "09:00",
  "intervals.end": "12:00",
  startsOn: "2030-01-01",
  endsOn: "2030-01-02",
  closed: true,
  // Appointments: a free weekday slot, the version a fresh booking has, a valid range.
  start: nextWeekdayAt("11:00").toISOString(),
  version: 1,
  idempotencyKey: "isolation-probe-key",
  // The assistant's live answer: a browser's random key (22–64 base64url characters).
  streamKey: "probe-stream-key-0123456789",
  reason: "Probe",
  tooth: "14",
  // Pharmacy: the stocked OTC product's barcode as a UPC-A scanner reads it (testing/stock.ts):
  // the counter's lookup finds it, and a new product's EAN-13 field leaves it out.
  barcode: "012345678905",
  status: "in_progress",
  from: new Date(Date.now() - 86_400_000).toISOString(),
  to: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  limit: 100,
  // Lists show everything they can, so nothing hides behind a filter.
  includeInactive: true,
  includeArchived: true,
  // Web push: a browser's subscription (a push service's address, a P-256 key, a secret).
  endpoint: "https://fcm.googleapis.com/fcm/send/probe-device",
  // A mobile app's FCM registration token (used where it fits: link tokens have their own shape).
  token: "probe-device-0123456789abcdef:APA91bProbe0123456789abcdefghijklmnopqrstuvwxyz",
  // Payment providers' keys, shaped as each provider writes them.
  publishableKey: "pk_test_probe",
  secretKey: "sk_test_probe",
  webhookSecret: "whsec_probe",
  keyId: "rzp_test_probe",
  "keys.p256dh": `B${"A".repeat(86)}`,
  "keys.auth": "A".repeat(22),
  // A practice's website: opening hours (Monday to Friday, a split Friday) and a custom domain.
  hours: [
    [{ start: "09:00", end: "17:00" }],
    [{ start: "09:00", end: "17:00" }],
    [{ start: "09:00", end: "17:00" }],
    [{ start: "09:00", end: "17:00" }],
    [
      { start: "09:00", end: "12:00" },
      { start: "14:00", end: "18:00" },
    ],
    [],
    [],
  ],
  domain: "www.probe-clinic.test",
};

interface SampleOptions {
  /** The value of an id field (`id`, `…Id`, or any uuid string); `field` is its dotted path. */
  id(field: string): unknown;
  /** Overrides and additions to `sampleValues`. */
  values?: Record<string, unknown>;
}

interface SchemaDef {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, string | number>;
  values?: unknown[];
  format?: string;
}

const defOf = (schema: z.ZodType) => schema._zod.def as unknown as SchemaDef;
const wrappers = new Set([
  "optional",
  "nullable",
  "default",
  "prefault",
  "readonly",
  "catch",
  "nonoptional",
]);
/** Names ending in "Id" that are not record ids (SSE resume tokens). */
const notRecordIds = new Set(["lastEventId"]);
const isIdName = (name: string) => name === "id" || (/Id$/.test(name) && !notRecordIds.has(name));

function containsId(schema: z.ZodType, name: string): boolean {
  if (isIdName(name)) return true;
  const def = defOf(schema);
  if (def.type === "string") return def.format === "uuid";
  if (wrappers.has(def.type) && def.innerType) return containsId(def.innerType, name);
  if (def.type === "pipe" && def.in) return containsId(def.in, name);
  if (def.type === "array" && def.element) return containsId(def.element, "");
  if (def.type === "union") return (def.options ?? []).some((o) => containsId(o, name));
  if (def.type === "object")
    return Object.entries(def.shape ?? {}).some(([k, v]) => containsId(v, k));
  return false;
}

/**
 * Whether a sample value suits a field: `from` is an instant in one input and a day in another.
 * Placeholders the caller fills in later (objects, such as the isolation test's references)
 * always do.
 */
function fits(schema: z.ZodType, value: unknown): boolean {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) return true;
  return schema.safeParse(value).success;
}

function sample(
  schema: z.ZodType,
  field: string[],
  options: SampleOptions,
  values: Record<string, unknown>,
): unknown {
  const name = field.at(-1) ?? "";
  const def = defOf(schema);
  const here = field.join(".") || "(input)";
  if (isIdName(name) || (def.type === "string" && def.format === "uuid")) return options.id(here);
  // "rules.start" beats "start": the same name can mean a wall-clock time in one input
  // and an instant in another.
  const scoped = field
    .filter((part) => !/^\d+$/.test(part))
    .slice(-2)
    .join(".");
  if (scoped.includes(".") && scoped in values) return values[scoped];
  // A sample value is used where it fits: `from` is an instant in one input, a day in another.
  if (name && name in values && fits(schema, values[name])) return values[name];
  if (wrappers.has(def.type) && def.innerType) return sample(def.innerType, field, options, values);
  switch (def.type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(def.shape ?? {})) {
        const optional = child.safeParse(undefined).success;
        // Optional fields are sent when they name a record or have a sample value that fits.
        const sampled = key in values && fits(child, values[key]);
        if (optional && !sampled && !containsId(child, key)) continue;
        out[key] = sample(child, [...field, key], options, values);
      }
      return out;
    }
    case "array":
      if (!def.element) break;
      return [sample(def.element, [...field, "0"], options, values)];
    case "pipe": {
      const side = def.out && defOf(def.out).type !== "transform" ? def.out : def.in;
      if (!side) break;
      return sample(side, field, options, values);
    }
    case "union": {
      const all = def.options ?? [];
      const option = all.find((o) => defOf(o).type !== "literal") ?? all[0];
      if (!option) break;
      return sample(option, field, options, values);
    }
    case "enum":
      return Object.values(def.entries ?? {})[0];
    case "literal":
      return def.values?.[0];
    case "boolean":
      return false;
    case "number": {
      const bounds = schema as unknown as { minValue: number | null; maxValue: number | null };
      return Math.min(Math.max(30, bounds.minValue ?? 30), bounds.maxValue ?? 30);
    }
    case "string":
      if (def.format === "date") return "2024-05-01";
      if (def.format === "datetime") return new Date().toISOString();
      if (def.format === "email") return "probe@caredesk.test";
      // Text, else the first shape that fits a patterned string (a calendar day, a time).
      return (
        ["Probe text", "2024-05-01", "09:00"].find((c) => schema.safeParse(c).success) ??
        "Probe text"
      );
  }
  throw new Error(`cannot generate a value for ${here} (a zod ${def.type})`);
}

/**
 * A valid input for a procedure, built from its zod schemas: required fields always,
 * optional ones when they name a record (ids) or have a sample value; id fields come from
 * `options.id`. Throws when some part of the schema is beyond it.
 */
export function sampleInput(procedure: ProcedureInfo, options: SampleOptions): unknown {
  const values = { ...sampleValues, ...options.values };
  const parts = procedure.inputs.map((schema) => sample(schema, [], options, values));
  if (parts.length === 0) return undefined;
  if (parts.length === 1) return parts[0];
  return Object.assign({}, ...parts) as unknown;
}

// ---------------------------------------------------------------------------------------------
// Which record an id field names, the fields an input has, and what the database holds

/** An `id` field is the record of its router: `patient.byId` takes a patient. */
const recordOfRouterId: Record<string, keyof PracticeIds> = {
  organization: "organization",
  department: "department",
  practitioner: "practitioner",
  resource: "room",
  service: "service",
  patient: "patient",
  document: "document",
  file: "documentFile",
  appointment: "appointment",
  notification: "inboxMessage",
  device: "mobileDevice",
  message: "failedMessage",
  chart: "treatment",
  consultation: "consultation",
  questionnaire: "questionnaire",
  formRequest: "formRequest",
  formSubmission: "formSubmission",
  payment: "payment",
  invoice: "invoice",
  review: "review",
  adminRecords: "service",
  ...stockRecordOfRouterId,
  ...ordersRecordOfRouterId,
  ...counterRecordOfRouterId,
  ...refillsRecordOfRouterId,
  ...ambulanceRecordOfRouterId,
  ...assistantRecordOfRouterId,
};

/** A `…Id` field names its record. */
const recordOfIdField: Record<string, keyof PracticeIds> = {
  organizationId: "organization",
  departmentId: "department",
  practitionerId: "practitioner",
  patientId: "patient",
  membershipId: "membership",
  userId: "user",
  fileId: "documentFile",
  photoFileId: "photoFile",
  resourceId: "practitionerResource",
  resourceIds: "practitionerResource",
  practitionerResourceId: "practitionerResource",
  serviceId: "service",
  invitationId: "invitation",
  treatmentId: "treatment",
  treatmentIds: "treatment",
  planId: "draftPlan",
  entryId: "ledgerEntry",
  actorUserId: "user",
  consultationId: "consultation",
  appointmentId: "appointment",
  documentId: "document",
  questionnaireId: "questionnaire",
  paymentId: "payment",
  invoiceId: "invoice",
  escrowId: "escrow",
  planPaymentId: "planPayment",
  ...stockRecordOfIdField,
  ...ordersRecordOfIdField,
  ...counterRecordOfIdField,
  ...refillsRecordOfIdField,
  ...identityRecordOfIdField,
  ...ambulanceRecordOfIdField,
  ...assistantRecordOfIdField,
  ...importsRecordOfIdField,
};

/** Exceptions to the two rules above, by procedure key and field path. */
const recordOverrides: Record<string, keyof PracticeIds> = {
  ...adminRecordOverrides,
  ...importsRecordOverrides,
  "practitioner.removeCertificate id": "certificate",
  "practitioner.addCertificate fileId": "certificateFile",
  "schedule.removeException id": "scheduleException",
  "host:file.publicPhoto fileId": "photoFile",
  "host:file.publicLogo fileId": "logoFile",
  "organization.setLogo fileId": "logoFile",
  // The audit viewer's record filter: the patient's own record (the doctor changed it).
  "audit.list entityId": "patient",
  // Only a request waiting for an answer can be declined.
  "appointment.decline id": "request",
  "admin.retryMessage id": "failedMessage",
  // The record browser's sample names a service (its table is `service`, below).
  "adminRecords.bulk ids": "service",
  "chart.resolveCondition id": "condition",
  "chart.proposePlan id": "draftPlan",
  "chart.decidePlan id": "proposedPlan",
  "chart.acceptPlan id": "proposedPlan",
  "chart.declinePlan id": "proposedPlan",
  // Addenda are for signed consultations only.
  "consultation.addAddendum consultationId": "signedConsultation",
  // Paid at booking: only a video consultation.
  "payment.checkoutMine appointmentId": "videoAppointment",
  // Only a draft is changed or issued; only completed treatments are invoiced.
  "invoice.updateDraft id": "draftInvoice",
  "invoice.issue id": "draftInvoice",
  "invoice.create treatmentIds": "completedTreatment",
  "invoice.updateDraft treatmentIds": "completedTreatment",
  "host:billing.pdf id": "invoice",
  // Payments of an invoice: the one paid at the desk.
  "payment.list invoiceId": "paidInvoice",
  // A patient disputes a payment held in escrow, not a desk payment.
  "escrow.disputeMine paymentId": "escrowPayment",
  "escrow.resolve escrowId": "disputedEscrow",
  // Only a completed visit not reviewed yet can be reviewed.
  "review.create appointmentId": "completedAppointment",
  ...stockRecordOverrides,
  ...ordersRecordOverrides,
  ...counterRecordOverrides,
  ...refillsRecordOverrides,
  ...ambulanceRecordOverrides,
  ...assistantRecordOverrides,
};

/**
 * Which of a stocked practice's records the id field `field` (a dotted path as `sampleInput`
 * passes it) of `procedure` names; undefined when no rule covers it.
 */
export function practiceRecordFor(
  procedure: ProcedureInfo,
  field: string,
): keyof PracticeIds | undefined {
  const path = field
    .split(".")
    .filter((part) => !/^\d+$/.test(part))
    .join(".");
  const name = path.split(".").at(-1) ?? "";
  return (
    recordOverrides[`${procedure.key} ${path}`] ??
    (name === "id" ? recordOfRouterId[procedure.path.split(".")[0] ?? ""] : recordOfIdField[name])
  );
}

function collectFields(
  schema: z.ZodType,
  path: (string | number)[],
  out: Map<string, (string | number)[]>,
) {
  const def = defOf(schema);
  if (wrappers.has(def.type) && def.innerType) return collectFields(def.innerType, path, out);
  // A client sends what the pipe takes in, not what it turns that into.
  if (def.type === "pipe" && def.in) return collectFields(def.in, path, out);
  if (def.type === "union") {
    for (const option of def.options ?? []) collectFields(option, path, out);
    return;
  }
  if (def.type === "object") {
    for (const [key, child] of Object.entries(def.shape ?? {})) {
      const at = [...path, key];
      out.set(at.join("."), at);
      collectFields(child, at, out);
    }
  }
  if (def.type === "array" && def.element) {
    const at = [...path, 0];
    out.set(at.join("."), at);
    collectFields(def.element, at, out);
  }
}

/**
 * Every field a procedure's input can carry, optional ones included, as paths (array items as
 * index 0): what generated tests put hostile values into.
 */
export function inputFields(procedure: ProcedureInfo): (string | number)[][] {
  const out = new Map<string, (string | number)[]>();
  for (const schema of procedure.inputs) collectFields(schema, [], out);
  return [...out.values()];
}

let publicTables: Promise<string[]> | undefined;

/**
 * A digest of every table of the public schema (audit_log and sessions included): row count
 * and an md5 of all rows, per table, in one query. Two equal digests mean nothing changed.
 */
export async function databaseDigest(db: Database): Promise<Record<string, string>> {
  publicTables ??= queryRows<{ name: string }>(
    db,
    sql`select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  ).then((rows) => rows.map((row) => row.name));
  const tables = await publicTables;
  const rows = await queryRows<{ name: string; digest: string }>(
    db,
    sql.join(
      tables.map(
        (name) =>
          sql`select ${name}::text as name, count(*) || ':' || md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from ${sql.identifier(name)} t`,
      ),
      sql` union all `,
    ),
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.digest]));
}

/** A small deterministic generator of numbers in [0, 1) (mulberry32): a failure names its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
