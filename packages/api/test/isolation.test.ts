// Generated tenant isolation. Walks every procedure of the app and host routers, builds a
// valid input from each one's zod schema, and proves that organization B's owner reaches
// nothing of organization A, and that a patient reaches nothing of another patient.
// A procedure added later is covered here without anyone editing this file.
import { randomUUID } from "node:crypto";
import { can } from "@caredesk/auth";
import type { Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import {
  addPortalPatient,
  callerFor,
  completedVisit,
  nextWeekdayAt,
  uniqueIdempotencyKey,
  practiceRecordFor,
  createStockedPractice,
  databaseDigest,
  errorShapeOf,
  procedureCaller,
  rolledBack,
  routerProcedures,
  sampleInput,
  payVideoConsultation,
  stockInvoices,
  type PortalPatient,
  type PracticeIds,
  type ProcedureInfo,
  type StockedPractice,
  type TestUser,
} from "@caredesk/api/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { stockPatientRefills, type RefillIds } from "../src/testing/refills";
import { stockPatientOrders } from "../src/testing/orders";

let database: TestDatabase;
let db: Database;
let a: StockedPractice;
let b: StockedPractice;
/** A second patient of B with a portal login: the "B's patient" every patient check acts as. */
let bPatient: PortalPatient;
let bPatientAppointment: string;
/** The patient's own video consultation (to pay online) and desk payment. */
let bPatientVideo: string;
let bPatientPayment: string;
/** B's patient's own signed consultation (the portal shows only signed ones). */
let bPatientConsultation: string;
/** B's patient's own invoices (issued, draft) and a completed treatment not invoiced. */
let bPatientInvoices: Awaited<ReturnType<typeof stockInvoices>>;
/** B's patient's own video consultation paid at booking, held in escrow. */
let bPatientEscrow: { escrowId: string; paymentId: string };
/** B's patient's own visit that has taken place, not reviewed yet. */
let bPatientCompleted: string;
/** B's patient's own prescription (no open refill), waiting refill and prescription upload. */
let bPatientRefills: RefillIds;
/** B's patient's own order (placed) and the prescription uploaded with it. */
let bPatientOrders: Awaited<ReturnType<typeof stockPatientOrders>>;
/** B's patient's own conversations with the assistant: one open, one handed over. */
let bPatientConversations: { assistantConversation: string; handedOverConversation: string };

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  a = await createStockedPractice(db, { name: "Nile Clinic" });
  b = await createStockedPractice(db, { name: "Delta Dental" });
  bPatient = await addPortalPatient(db, b.organization.id, b.owner);
  const portal = await callerFor(db, {
    token: bPatient.user.token,
    organizationId: b.organization.id,
  });
  bPatientAppointment = (
    await portal.appointment.bookMine({
      serviceId: b.ids.service,
      start: nextWeekdayAt("13:00"),
      idempotencyKey: "b-patient-own-appointment",
    })
  ).id;
  // B's patient's own ambulance request: the portal's list of them is not empty.
  await portal.ambulance.requestMine({
    requesterName: "Pat Patient",
    phone: "+201001234567",
    pickupAddress: "12 Corniche Street",
    condition: "Short of breath",
    idempotencyKey: uniqueIdempotencyKey(),
  });
  const bStaff = await callerFor(db, { token: b.owner.token, organizationId: b.organization.id });
  bPatientConsultation = (await bStaff.consultation.start({ patientId: bPatient.patientId })).id;
  await bStaff.consultation.sign({ id: bPatientConsultation });
  bPatientVideo = (
    await bStaff.appointment.book({
      serviceId: b.ids.service,
      patientId: bPatient.patientId,
      kind: "video",
      start: nextWeekdayAt("09:30", 11),
      idempotencyKey: uniqueIdempotencyKey(),
    })
  ).id;
  await bStaff.ledger.recordPayment({
    patientId: bPatient.patientId,
    amountMinor: 1_000,
    method: "cash",
    idempotencyKey: uniqueIdempotencyKey(),
  });
  const paid = await bStaff.payment.list({ patientId: bPatient.patientId, limit: 1 });
  bPatientPayment = paid.items[0]?.id ?? "";
  bPatientInvoices = await stockInvoices(bStaff, bPatient.patientId);
  bPatientEscrow = await payVideoConsultation(
    db,
    bStaff,
    bPatient.user,
    b.organization.id,
    bPatient.patientId,
    b.ids.service,
    "15:00",
    12,
  );
  bPatientCompleted = (
    await completedVisit(bStaff, {
      serviceId: b.ids.service,
      patientId: bPatient.patientId,
      start: nextWeekdayAt("11:30", 13),
    })
  ).id;
  bPatientRefills = await stockPatientRefills(db, bStaff, bPatient, b.organization.id);
  bPatientOrders = await stockPatientOrders(db, bPatient, b.organization.id, b.ids);
  const asked = await portal.assistant.askMine({ message: "When are you open?" });
  const handed = await portal.assistant.askMine({ message: "Can I talk to a person?" });
  await portal.assistant.handoverMine({ conversationId: handed.conversationId });
  bPatientConversations = {
    assistantConversation: asked.conversationId,
    handedOverConversation: handed.conversationId,
  };
});
afterAll(() => database.drop());

// ---------------------------------------------------------------------------------------------
// The one allow-list: procedures that do not act inside an organization, each with its reason.

type Exemption = { kind: "public" | "own account" | "platform operators"; reason: string };

const notOrganizationScoped: Record<string, Exemption> = {
  "health.check": { kind: "public", reason: "liveness probe for load balancers; reads no data" },
  "auth.me": { kind: "public", reason: "answers null when signed out, else only the caller" },
  "auth.signUp": { kind: "public", reason: "creating an account needs no account" },
  "auth.signIn": { kind: "public", reason: "signing in needs no session" },
  "auth.token": { kind: "public", reason: "a device signs in for a token; it needs no session" },
  "auth.signOut": { kind: "own account", reason: "ends the caller's own session" },
  "auth.sessions": { kind: "own account", reason: "lists the caller's own sessions" },
  "auth.revokeSession": {
    kind: "own account",
    reason: "another user's session answers NOT_FOUND (sessions.test.ts)",
  },
  "auth.changePassword": { kind: "own account", reason: "changes the caller's own password" },
  "auth.requestPasswordReset": {
    kind: "public",
    reason:
      "same answer for every address; only the account's owner is emailed (account-emails.test.ts)",
  },
  "auth.resetPassword": {
    kind: "public",
    reason:
      "the emailed link is the credential; any other answers one message (account-emails.test.ts)",
  },
  "auth.verifyEmail": {
    kind: "public",
    reason:
      "the emailed link is the credential; any other answers one message (account-emails.test.ts)",
  },
  "auth.emailStatus": { kind: "own account", reason: "the caller's own address" },
  "auth.resendVerification": { kind: "own account", reason: "emails the caller's own address" },
  "invitation.peek": {
    kind: "public",
    reason: "shows only what the emailed link invites to (account-emails.test.ts)",
  },
  "invitation.accept": {
    kind: "public",
    reason: "the emailed link is the credential; an existing account must be signed in",
  },
  "link.appointment": {
    kind: "public",
    reason: "shows only the appointment the reminder's link names (appointment-links.test.ts)",
  },
  "link.confirmAppointment": {
    kind: "public",
    reason: "the reminder's link is the credential; any other answers one message",
  },
  "link.cancelAppointment": {
    kind: "public",
    reason: "the reminder's link is the credential; any other answers one message",
  },
  "link.unsubscribe": {
    kind: "public",
    reason: "the message's link is the credential; it names one patient of one practice",
  },
  "formLink.open": {
    kind: "public",
    reason: "the form's emailed link is the credential; shows its practice and title only",
  },
  "formLink.verify": {
    kind: "public",
    reason: "the link and the patient's date of birth; wrong ones lock it (forms.test.ts)",
  },
  "formLink.submit": {
    kind: "public",
    reason: "the link and the date of birth; kept once, for the request's patient (forms.test.ts)",
  },
  "notification.inbox": {
    kind: "own account",
    reason: "the caller's own in-app messages, of practices they still belong to",
  },
  "notification.unreadCount": { kind: "own account", reason: "counts the caller's own messages" },
  "notification.markRead": {
    kind: "own account",
    reason: "another user's message answers NOT_FOUND (notification-centre.test.ts)",
  },
  "notification.markAllRead": { kind: "own account", reason: "the caller's own messages" },
  "notification.onInbox": { kind: "own account", reason: "the caller's own inbox changes" },
  "push.publicKey": { kind: "public", reason: "the VAPID public key, the same for everyone" },
  "push.subscribe": { kind: "own account", reason: "subscribes the caller's own browser" },
  "push.unsubscribe": {
    kind: "own account",
    reason: "removes only the caller's own subscription (notification-centre.test.ts)",
  },
  "device.register": { kind: "own account", reason: "registers the caller's own phone for push" },
  "device.list": { kind: "own account", reason: "the caller's own registered phones" },
  "device.unregister": {
    kind: "own account",
    reason: "another user's device answers NOT_FOUND (apps/server mobile-push.test.ts)",
  },
  "identity.providers": { kind: "public", reason: "the deployment's sign-in providers" },
  "identity.methods": { kind: "own account", reason: "the caller's own sign-in methods" },
  "identity.unlink": {
    kind: "own account",
    reason: "another user's sign-in method answers NOT_FOUND (apps/server oidc.test.ts)",
  },
  "identity.pendingLink": {
    kind: "public",
    reason: "the one-use token from the provider's callback is the whole authority",
  },
  "identity.confirmLink": {
    kind: "public",
    reason: "the token and the account's password prove who confirms (oidc.test.ts)",
  },
  "host:oidc.begin": { kind: "public", reason: "signing in with a provider needs no session" },
  "host:oidc.claim": { kind: "public", reason: "the browser's flow secret is the authority" },
  "host:oidc.complete": {
    kind: "public",
    reason: "acts on the provider's validated ID token; links only to who started the link",
  },
  "organization.create": { kind: "own account", reason: "makes the caller owner of a new one" },
  "organization.listMine": {
    kind: "own account",
    reason: "only organizations the caller belongs to (tenancy.test.ts)",
  },
  "organization.byId": {
    kind: "own account",
    reason: "members only; a foreign id answers NOT_FOUND (tenancy.test.ts)",
  },
  "public.practice": {
    kind: "public",
    reason: "the practice page: found by slug only, visitor fields only (public.test.ts)",
  },
  "public.availability": {
    kind: "public",
    reason: "free times of the slug's practice; foreign ids answer NOT_FOUND (public.test.ts)",
  },
  "public.book": {
    kind: "public",
    reason: "self-booking by slug; foreign ids NOT_FOUND, nothing about patients (public.test.ts)",
  },
  "ambulance.request": {
    kind: "public",
    reason: "a site visitor asks by slug; answers a reference and the phone (ambulance.test.ts)",
  },
  "assistant.ask": {
    kind: "public",
    reason:
      "a visitor asks by slug; answers only from that practice's site, a conversation only with its token (assistant.test.ts)",
  },
  "assistant.reply": {
    kind: "public",
    reason:
      "streams only text published under the asker's own random key; another key sees nothing (assistant-stream.test.ts)",
  },
  "assistant.conversation": {
    kind: "public",
    reason:
      "the slug's practice's conversation with its token only; else NOT_FOUND (assistant.test.ts)",
  },
  "assistant.forget": {
    kind: "public",
    reason:
      "deletes the slug's conversation with its token only; else NOT_FOUND (assistant.test.ts)",
  },
  "assistant.handover": {
    kind: "public",
    reason:
      "hands over the slug's conversation with its token only; else NOT_FOUND (assistant.test.ts)",
  },
  "shop.join": {
    kind: "own account",
    reason: "makes the caller a patient of the slug's live site (order.test.ts)",
  },
  "shop.products": {
    kind: "public",
    reason: "the slug's live site's active products, no stock counts (shop.test.ts)",
  },
  "shop.product": {
    kind: "public",
    reason: "one active product of the slug's live site; foreign ids NOT_FOUND (shop.test.ts)",
  },
  "shop.quote": {
    kind: "public",
    reason: "prices a cart of the slug's active products; foreign ids NOT_FOUND (shop.test.ts)",
  },
  "host:file.publicLogo": {
    kind: "public",
    reason:
      "only the current logo of the slug's practice, for email clients (audit-viewer.test.ts)",
  },
  "host:file.publicPhoto": {
    kind: "public",
    reason: "only the current photo of an active doctor of the slug's practice (files.test.ts)",
  },
  "admin.organizations": {
    kind: "platform operators",
    reason: "operators see every organization by design; FORBIDDEN to everyone else (below)",
  },
  "admin.users": {
    kind: "platform operators",
    reason: "operators see every user by design; FORBIDDEN to everyone else (below)",
  },
  "admin.outbox": {
    kind: "platform operators",
    reason: "operators run delivery for every practice (recipients masked); FORBIDDEN to others",
  },
  "admin.outboxSummary": {
    kind: "platform operators",
    reason: "counts across practices for operators; FORBIDDEN to everyone else",
  },
  "admin.mailbox": {
    kind: "platform operators",
    reason: "the local mailbox stands in for SMTP, which operators run; FORBIDDEN to others",
  },
  "admin.retryMessage": {
    kind: "platform operators",
    reason: "operators retry any practice's failed delivery; FORBIDDEN to everyone else",
  },
  "adminRecords.tables": {
    kind: "platform operators",
    reason: "the record browser spans every table by design; FORBIDDEN to everyone else",
  },
  "adminRecords.list": {
    kind: "platform operators",
    reason: "operators browse every practice's rows (secrets left out); FORBIDDEN to others",
  },
  "adminRecords.get": {
    kind: "platform operators",
    reason: "operators open any record with its relations; FORBIDDEN to everyone else",
  },
  "adminRecords.update": {
    kind: "platform operators",
    reason: "operators edit any practice's record with its own schema; FORBIDDEN to others",
  },
  "adminRecords.bulk": {
    kind: "platform operators",
    reason: "operators switch any practice's records; FORBIDDEN to everyone else",
  },
  "adminRecords.history": {
    kind: "platform operators",
    reason: "operators read any record's audit history; FORBIDDEN to everyone else",
  },
  "admin.organization": {
    kind: "platform operators",
    reason: "operators read any practice's detail by design; FORBIDDEN to everyone else",
  },
  "admin.suspendOrganization": {
    kind: "platform operators",
    reason: "operators suspend any practice (admin.test.ts); FORBIDDEN to everyone else",
  },
  "admin.restoreOrganization": {
    kind: "platform operators",
    reason: "operators restore any suspended practice (admin.test.ts); FORBIDDEN to everyone else",
  },
  "admin.setFeatures": {
    kind: "platform operators",
    reason: "operators switch any practice's features; FORBIDDEN to everyone else",
  },
  "admin.user": {
    kind: "platform operators",
    reason: "operators read any user's detail by design; FORBIDDEN to everyone else",
  },
  "admin.setOperator": {
    kind: "platform operators",
    reason: "operators grant or revoke the operator flag of any user; FORBIDDEN to everyone else",
  },
  "admin.endSessions": {
    kind: "platform operators",
    reason: "operators sign any user out everywhere; FORBIDDEN to everyone else",
  },
  "admin.resendVerification": {
    kind: "platform operators",
    reason: "operators resend any unconfirmed user's confirmation link; FORBIDDEN to everyone else",
  },
  "admin.jobs": {
    kind: "platform operators",
    reason: "the job queue is platform-wide (no organization); FORBIDDEN to everyone else",
  },
  "admin.retryJob": {
    kind: "platform operators",
    reason: "operators retry any failed job of the platform's queue; FORBIDDEN to everyone else",
  },
  "admin.reviews": {
    kind: "platform operators",
    reason: "operators moderate reviews across practices; FORBIDDEN to everyone else",
  },
  "admin.moderateReview": {
    kind: "platform operators",
    reason: "operators publish or hide any practice's review; FORBIDDEN to everyone else",
  },
  "admin.planPayments": {
    kind: "platform operators",
    reason: "plan payments are made to the platform by every practice; FORBIDDEN to everyone else",
  },
  "admin.platformStats": {
    kind: "platform operators",
    reason: "platform-wide figures, no organization; FORBIDDEN to everyone else",
  },
  "admin.malwareScanning": {
    kind: "platform operators",
    reason: "the scanner's state and platform-wide counts, no file names; FORBIDDEN to others",
  },
  "planCatalogue.list": {
    kind: "platform operators",
    reason: "the plan catalogue is platform-wide (no organization); FORBIDDEN to everyone else",
  },
  "planCatalogue.setPrice": {
    kind: "platform operators",
    reason: "operators price plans for every practice; FORBIDDEN to everyone else (plan.test.ts)",
  },
};

const procedures = routerProcedures();
/** Organization procedures declare the permission they need: all of them are walked. */
const walked = procedures.filter((p) => p.meta.action);

// ---------------------------------------------------------------------------------------------
// Which record an id field points at

type Entity = keyof PracticeIds;

/** The record an id field names (testing.ts holds the rules, shared with the fuzz test). */
function entityFor(procedure: ProcedureInfo, field: string): Entity {
  const entity = practiceRecordFor(procedure, field);
  if (!entity) {
    throw new Error(
      `cannot tell which record the id field "${field}" of ${procedure.key} points at; add it to recordOverrides in testing.ts`,
    );
  }
  return entity;
}

// ---------------------------------------------------------------------------------------------
// Input templates: generated once per procedure, with references filled per world

/** A place in an input that takes one world's record (or its portal login's email). */
class Ref {
  constructor(
    readonly of: Entity | "email",
    readonly field: string,
  ) {}
}

interface World {
  ids: PracticeIds;
  email: string;
}

interface Plan {
  procedure: ProcedureInfo;
  template: unknown;
  /** The id fields, in the order they appear. */
  slots: Ref[];
}

function fill(template: unknown, world: World, aimed?: { slot: Ref; id: string }): unknown {
  if (template instanceof Ref) {
    if (aimed && template === aimed.slot) return aimed.id;
    return template.of === "email" ? world.email : world.ids[template.of];
  }
  if (Array.isArray(template)) return template.map((item) => fill(item, world, aimed));
  if (template && typeof template === "object") {
    return Object.fromEntries(
      Object.entries(template).map(([key, value]) => [key, fill(value, world, aimed)]),
    );
  }
  return template;
}

const plans: Plan[] = [];
/** Procedures the generator could not build a valid input for: must stay empty. */
const unbuildable: string[] = [];

for (const procedure of walked) {
  try {
    const slots: Ref[] = [];
    const template = sampleInput(procedure, {
      id(field) {
        const slot = new Ref(entityFor(procedure, field), field);
        slots.push(slot);
        return slot;
      },
      values: { email: new Ref("email", "email") },
    });
    // Any uuid and any email will do to prove the generated shape is valid.
    const placeholder = fill(template, {
      ids: new Proxy({} as PracticeIds, { get: () => randomUUID() }),
      email: "placeholder@caredesk.test",
    });
    for (const input of procedure.inputs) {
      const parsed = input.safeParse(placeholder);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
        throw new Error(`generated input is invalid (${issues.join("; ")})`);
      }
    }
    plans.push({ procedure, template, slots });
  } catch (error) {
    unbuildable.push(`${procedure.key}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Who calls, with whose records

interface Viewpoint {
  name: string;
  user: () => TestUser;
  role: "owner" | "patient";
  /** The caller's own records: calls with these must succeed. */
  own: () => World;
  /** Records the caller must never reach, and which kinds of record each source offers. */
  foreign: { name: string; world: () => World; only?: readonly Entity[] }[];
}

const worldA = (): World => ({ ids: a.ids, email: a.portalUser.email });

/** Records that belong to one patient: another patient must not reach them. */
const patientRecords = [
  "patient",
  "document",
  "documentFile",
  "portalUser",
  "appointment",
  "consultation",
  "signedConsultation",
  "treatment",
  "condition",
  "draftPlan",
  "proposedPlan",
  "ledgerEntry",
  "payment",
  "videoAppointment",
  "invoice",
  "draftInvoice",
  "completedTreatment",
  "escrow",
  "escrowPayment",
  "completedAppointment",
  "review",
  "prescription",
  "refillRequest",
  "refillUploadFile",
  "assistantConversation",
  "handedOverConversation",
] as const;

const ownerOfB: Viewpoint = {
  name: "B's owner",
  role: "owner",
  user: () => b.owner,
  own: () => ({ ids: b.ids, email: b.portalUser.email }),
  foreign: [{ name: "A's", world: worldA }],
};

const patientOfB: Viewpoint = {
  name: "B's patient",
  role: "patient",
  user: () => bPatient.user,
  own: () => ({
    ids: {
      ...b.ids,
      patient: bPatient.patientId,
      document: bPatient.documentId,
      documentFile: bPatient.documentFileId,
      portalUser: bPatient.user.id,
      appointment: bPatientAppointment,
      consultation: bPatientConsultation,
      signedConsultation: bPatientConsultation,
      proposedPlan: bPatient.planId,
      videoAppointment: bPatientVideo,
      payment: bPatientPayment,
      ...bPatientInvoices,
      escrow: bPatientEscrow.escrowId,
      escrowPayment: bPatientEscrow.paymentId,
      completedAppointment: bPatientCompleted,
      ...bPatientRefills,
      ...bPatientOrders,
      ...bPatientConversations,
    },
    email: bPatient.user.email,
  }),
  foreign: [
    { name: "A's", world: worldA },
    {
      name: "another B patient's",
      world: () => ({ ids: b.ids, email: b.portalUser.email }),
      only: patientRecords,
    },
  ],
};

function viewpointsOf(procedure: ProcedureInfo): Viewpoint[] {
  const action = procedure.meta.action;
  if (!action) return [];
  return [ownerOfB, patientOfB].filter((v) => can(v.role, action));
}

/** Every id a viewpoint must never see in an answer, and what it is (for the message). */
function foreignIds(viewpoint: Viewpoint): Map<string, string> {
  const ids = new Map<string, string>([[a.owner.id, "A's owner"]]);
  for (const source of viewpoint.foreign) {
    const world = source.world();
    for (const entity of source.only ?? (Object.keys(world.ids) as Entity[])) {
      ids.set(world.ids[entity], `${source.name} ${entity}`);
    }
  }
  return ids;
}

// ---------------------------------------------------------------------------------------------
// Calling

async function call(
  on: Database,
  procedure: ProcedureInfo,
  user: TestUser,
  organizationId: string | null,
  input: unknown,
): Promise<unknown> {
  return (await procedureCaller(on, procedure, { token: user.token, organizationId }))(input);
}

/** Makes the call in a transaction that is then rolled back: proves it works, keeps nothing. */
function dryRun(procedure: ProcedureInfo, viewpoint: Viewpoint, input: unknown) {
  return rolledBack(db, (tx) => call(tx, procedure, viewpoint.user(), b.organization.id, input));
}

/** Every row of every table (audit log and sessions included), to prove a call changed nothing. */
function snapshot() {
  return databaseDigest(db);
}

/** The error code a call answers, or what it returned when it should not have succeeded. */
async function outcomeOf(request: Promise<unknown>): Promise<string> {
  try {
    const value = await request;
    return `success, answering ${JSON.stringify(value)?.slice(0, 300)}`;
  } catch (cause) {
    return errorShapeOf(cause).code;
  }
}

/** Every string anywhere in an answer. */
function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, out);
  else if (value && typeof value === "object" && !(value instanceof Date)) {
    for (const item of Object.values(value)) stringsIn(item, out);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The generated cases

const idProbes = plans.flatMap((plan) =>
  viewpointsOf(plan.procedure).flatMap((viewpoint) =>
    plan.slots.flatMap((slot) =>
      viewpoint.foreign
        .filter((source) => !source.only || source.only.includes(slot.of as Entity))
        .map((source) => ({
          label: `${plan.procedure.key} as ${viewpoint.name} with ${source.name} ${slot.of} in ${slot.field}`,
          plan,
          viewpoint,
          slot,
          source,
        })),
    ),
  ),
);

const queryProbes = plans
  .filter((plan) => plan.procedure.type === "query")
  .flatMap((plan) =>
    viewpointsOf(plan.procedure).map((viewpoint) => ({
      label: `${plan.procedure.key} as ${viewpoint.name}`,
      plan,
      viewpoint,
    })),
  );

const staffOnly = plans.filter((plan) => {
  const action = plan.procedure.meta.action;
  return action !== undefined && !can("patient", action);
});

describe("every procedure is covered", () => {
  it("walks every procedure that is not in the allow-list, and allow-lists only the rest", () => {
    const neither = procedures.filter((p) => !p.meta.action && !(p.key in notOrganizationScoped));
    const hidden = walked.filter((p) => p.key in notOrganizationScoped);
    const stale = Object.keys(notOrganizationScoped).filter(
      (key) => !procedures.some((p) => p.key === key),
    );
    expect(walked.length).toBeGreaterThan(0);
    expect(
      neither.map((p) => p.key),
      "neither organization-scoped nor allow-listed",
    ).toEqual([]);
    expect(
      hidden.map((p) => p.key),
      "organization-scoped yet allow-listed",
    ).toEqual([]);
    expect(stale, "allow-listed but no longer exists").toEqual([]);
  });

  it("allow-lists as public exactly the procedures marked public", () => {
    const marked = procedures.filter((p) => p.meta.public).map((p) => p.key);
    const listed = Object.entries(notOrganizationScoped)
      .filter(([, exemption]) => exemption.kind === "public")
      .map(([key]) => key);
    expect(marked.sort()).toEqual(listed.sort());
  });

  it("builds a valid input for every organization procedure", () => {
    expect(unbuildable, "procedures the generator cannot build an input for").toEqual([]);
    expect(plans).toHaveLength(walked.length);
  });

  it("lets B's owner or B's patient call every organization procedure", () => {
    const uncallable = walked.filter((p) => viewpointsOf(p).length === 0).map((p) => p.key);
    expect(uncallable).toEqual([]);
  });
});

describe("another organization's records are not found", () => {
  for (const { label, plan, viewpoint, slot, source } of idProbes) {
    it(`${label} answers NOT_FOUND and changes nothing`, async () => {
      const own = viewpoint.own();
      // The same call with the caller's own records must work, or NOT_FOUND proves nothing.
      await dryRun(plan.procedure, viewpoint, fill(plan.template, own)).catch((cause: unknown) => {
        throw new Error(
          `${plan.procedure.key} fails even with ${viewpoint.name}'s own records: ${String(cause)}`,
        );
      });
      const aimed = fill(plan.template, own, { slot, id: source.world().ids[slot.of as Entity] });
      const before = await snapshot();

      const outcome = await outcomeOf(
        call(db, plan.procedure, viewpoint.user(), b.organization.id, aimed),
      );

      expect(outcome).toBe("NOT_FOUND");
      expect(await snapshot()).toEqual(before);
    });
  }
});

describe("answers hold nothing of another organization or patient", () => {
  for (const { label, plan, viewpoint } of queryProbes) {
    it(`${label} returns its own rows and none of another's`, async () => {
      const answer = await call(
        db,
        plan.procedure,
        viewpoint.user(),
        b.organization.id,
        fill(plan.template, viewpoint.own()),
      );

      const forbidden = foreignIds(viewpoint);
      const leaked = stringsIn(answer).flatMap((text) => forbidden.get(text) ?? []);
      expect([...new Set(leaked)], "records of another organization or patient").toEqual([]);
      // A list that came back empty would prove nothing: B has one of everything.
      if (Array.isArray(answer)) expect(answer.length).toBeGreaterThan(0);
      if (
        answer &&
        typeof answer === "object" &&
        "items" in answer &&
        Array.isArray(answer.items)
      ) {
        expect(answer.items.length).toBeGreaterThan(0);
      }
    });
  }
});

describe("another organization as the active one is not found", () => {
  const activeOrganizations = [
    { name: "another organization's id", id: () => a.organization.id },
    { name: "a random uuid", id: () => randomUUID() },
    { name: "a value that is not a uuid", id: () => "'; drop table organization; --" },
    { name: "no organization at all", id: () => null },
  ];

  describe.each(activeOrganizations)("with $name", ({ id }) => {
    it.each(plans.map((plan) => ({ key: plan.procedure.key, plan })))(
      "$key answers NOT_FOUND to B's owner and changes nothing",
      async ({ plan }) => {
        const before = await snapshot();

        const outcome = await outcomeOf(
          call(db, plan.procedure, b.owner, id(), fill(plan.template, worldA())),
        );

        expect(outcome).toBe("NOT_FOUND");
        expect(await snapshot()).toEqual(before);
      },
    );
  });
});

describe("a patient is limited to the portal", () => {
  it.each(staffOnly.map((plan) => ({ key: plan.procedure.key, plan })))(
    "$key answers FORBIDDEN to B's patient and changes nothing",
    async ({ plan }) => {
      const before = await snapshot();

      const outcome = await outcomeOf(
        call(
          db,
          plan.procedure,
          bPatient.user,
          b.organization.id,
          fill(plan.template, patientOfB.own()),
        ),
      );

      expect(outcome).toBe("FORBIDDEN");
      expect(await snapshot()).toEqual(before);
    },
  );
});

describe("platform operator procedures", () => {
  const operatorOnly = Object.entries(notOrganizationScoped)
    .filter(([, exemption]) => exemption.kind === "platform operators")
    .map(([key]) => key);

  it.each(operatorOnly)("%s answers FORBIDDEN to B's owner", async (key) => {
    const procedure = procedures.find((p) => p.key === key);
    if (!procedure) throw new Error(`no procedure ${key}`);
    const input = sampleInput(procedure, { id: () => randomUUID() });

    const outcome = await outcomeOf(call(db, procedure, b.owner, b.organization.id, input));

    expect(outcome).toBe("FORBIDDEN");
  });
});
