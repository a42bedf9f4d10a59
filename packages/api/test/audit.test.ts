// Generated from the routers (the app's and the host's): every mutation writes exactly one
// audit row, in its own transaction, naming the action, the actor, the request and the organization.
import { randomUUID } from "node:crypto";
import { schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import {
  addMember,
  addPortalPatient,
  callerFor,
  createOrganization,
  createPatient,
  createStockedPractice,
  failureOf,
  makePlatformOperator,
  hostCallerFor,
  nextWeekdayAt,
  recordCookies,
  routerProcedures,
  sampleSignature,
  signIn,
  signUp,
  storedFile,
  testPassword,
  uniqueEmail,
  uniqueIdempotencyKey,
  uploadFile,
  testDns,
  testPlatformStripe,
  type CookieRecorder,
} from "@caredesk/api/testing";
import { mintActionToken } from "../src/service/action-token";
import type { AuditKit, Expected, Run } from "./audit/kit";
import { adminRecordScenarios } from "./audit/admin-records";
import { adminScenarios } from "./audit/admin";
import { ambulanceScenarios } from "./audit/ambulance";
import { assistantScenarios } from "./audit/assistant";
import { counterScenarios } from "./audit/counter";
import { orderScenarios } from "./audit/orders";
import { refillScenarios } from "./audit/refills";
import { importScenarios } from "./audit/import";
import { identityScenarios } from "./audit/identity";
import { malwareScenarios } from "./audit/malware";
import { deviceScenarios } from "./audit/device";
import { stockScenarios } from "./audit/stock";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

let database: TestDatabase;
let db: Database;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
});
afterAll(() => database.drop());

const procedures = routerProcedures();
const mutations = procedures.filter((p) => p.type === "mutation").map((p) => p.key);
/** Org procedures declare the permission they need; their rows must carry the active org. */
const orgScoped = new Set(procedures.filter((p) => p.meta.action).map((p) => p.key));

const newPassword = "a completely new passphrase";
/** Every plaintext password, token and secret this file hands out, to look for in audit rows. */
const secrets = new Set<string>([testPassword, newPassword]);
function remember(...tokens: (string | undefined)[]) {
  for (const token of tokens) {
    if (!token) continue;
    // The id half is public (audit rows name revoked sessions by it); the secret is not.
    const [, secret] = token.split(".");
    secrets.add(token);
    if (secret) secrets.add(secret);
  }
}

async function practice() {
  const owner = await signUp(db, { name: "Owner" });
  const organization = await createOrganization(db, owner);
  const doctor = await addMember(db, organization.id, owner, "doctor");
  remember(owner.token, doctor.token);
  return { owner, organization, doctor };
}

/** A practice and its owner's caller for set-up requests (not the audited one). */
async function stocked() {
  const p = await practice();
  const staff = await callerFor(db, { token: p.owner.token, organizationId: p.organization.id });
  return { ...p, staff };
}

const serviceInput = {
  name: "Consultation",
  durationMinutes: 20,
  priceMinor: 30_000,
  colour: "#16a34a",
};

const invoiceLine = {
  description: "Consultation",
  quantity: 1,
  unitPriceMinor: 10_000,
  discountMinor: 0,
};

const formInput = {
  title: "Medical history",
  questions: [{ key: "allergy", type: "yes_no" as const, label: "Any allergy?", required: true }],
};

/** A form sent to a patient, and the link its email carries. */
async function formLink() {
  const p = await stocked();
  const form = await p.staff.questionnaire.create(formInput);
  const patient = await createPatient(p.staff, { email: uniqueEmail(), dateOfBirth: "1985-04-23" });
  const request = await p.staff.formRequest.send({
    patientId: patient.id,
    questionnaireId: form.id,
    channel: "email",
    expiresInDays: 7,
  });
  const token = await mintActionToken(db, {
    purpose: "form_request",
    organizationId: p.organization.id,
    patientId: patient.id,
    formRequestId: request.id,
    expiresAt: request.expiresAt,
  });
  remember(token);
  return { ...p, request, token };
}

const kit: AuditKit = { db: () => db, remember };

/** One scenario per mutation path: set up, then call the mutation once with valid input. */
const scenarios: Record<string, (run: Run) => Promise<Expected>> = {
  "auth.signUp": async (run) => {
    const caller = await run.as(null);
    const email = uniqueEmail();
    await caller.auth.signUp({ email, password: testPassword, name: "Newcomer" });
    const [user] = await db
      .select({ id: schema.user.id })
      .from(schema.user)
      .where(eq(schema.user.email, email));
    return { actorUserId: user?.id ?? "no account was made", organizationId: null };
  },

  "auth.requestPasswordReset": async (run) => {
    const person = await signUp(db);
    remember(person.token);
    await (await run.as(null)).auth.requestPasswordReset({ email: person.email });
    return { actorUserId: null, organizationId: null };
  },

  "auth.resetPassword": async (run) => {
    const person = await signUp(db);
    remember(person.token);
    const token = await mintActionToken(db, {
      purpose: "password_reset",
      userId: person.id,
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    remember(token);
    await (await run.as(null)).auth.resetPassword({ token, password: newPassword });
    return { actorUserId: person.id, organizationId: null };
  },

  "auth.verifyEmail": async (run) => {
    const person = await signUp(db);
    remember(person.token);
    const token = await mintActionToken(db, {
      purpose: "email_verification",
      userId: person.id,
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    remember(token);
    await (await run.as(null)).auth.verifyEmail({ token });
    return { actorUserId: person.id, organizationId: null };
  },

  "auth.resendVerification": async (run) => {
    const person = await signUp(db);
    remember(person.token);
    await (await run.as(person)).auth.resendVerification();
    return { actorUserId: person.id, organizationId: null };
  },

  "organization.invite": async (run) => {
    const { owner, organization } = await practice();
    const caller = await run.as(owner, organization.id);
    await caller.organization.invite({ email: uniqueEmail("invitee"), role: "doctor" });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "organization.revokeInvitation": async (run) => {
    const { owner, organization, staff } = await stocked();
    const invitation = await staff.organization.invite({ email: uniqueEmail(), role: "staff" });
    const caller = await run.as(owner, organization.id);
    await caller.organization.revokeInvitation({ invitationId: invitation.id });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "organization.resendInvitation": async (run) => {
    const { owner, organization, staff } = await stocked();
    const invitation = await staff.organization.invite({ email: uniqueEmail(), role: "staff" });
    const caller = await run.as(owner, organization.id);
    await caller.organization.resendInvitation({ invitationId: invitation.id });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "patient.invite": async (run) => {
    const { owner, organization, staff } = await stocked();
    const patient = await createPatient(staff, { email: uniqueEmail("patient") });
    const caller = await run.as(owner, organization.id);
    await caller.patient.invite({ patientId: patient.id });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "invitation.accept": async (run) => {
    const { organization, staff } = await stocked();
    const invitation = await staff.organization.invite({ email: uniqueEmail(), role: "staff" });
    const token = await mintActionToken(db, {
      purpose: "member_invitation",
      organizationId: organization.id,
      invitationId: invitation.id,
      expiresAt: invitation.expiresAt,
    });
    remember(token);
    await (
      await run.as(null)
    ).invitation.accept({ token, name: "New Colleague", password: testPassword });
    const [user] = await db
      .select({ id: schema.user.id })
      .from(schema.user)
      .where(eq(schema.user.email, invitation.email));
    return { actorUserId: user?.id ?? "no account was made", organizationId: organization.id };
  },

  "auth.signIn": async (run) => {
    const person = await signUp(db);
    remember(person.token);
    const caller = await run.as(null);
    await caller.auth.signIn({ email: person.email, password: person.password });
    return { actorUserId: person.id, organizationId: null };
  },

  "auth.token": async (run) => {
    const person = await signUp(db);
    remember(person.token);
    const caller = await run.as(null);
    await caller.auth.token({
      email: person.email,
      password: person.password,
      deviceName: "Audit phone",
    });
    return { actorUserId: person.id, organizationId: null };
  },

  "auth.signOut": async (run) => {
    const person = await signUp(db);
    remember(person.token);
    await (await run.as(person)).auth.signOut();
    return { actorUserId: person.id, organizationId: null };
  },

  "auth.revokeSession": async (run) => {
    const person = await signUp(db);
    const phone = await signIn(db, person);
    remember(person.token, phone);
    await (await run.as(person)).auth.revokeSession({ sessionId: phone.split(".")[0] ?? "" });
    return { actorUserId: person.id, organizationId: null };
  },

  "auth.changePassword": async (run) => {
    const person = await signUp(db);
    remember(person.token);
    await (
      await run.as(person)
    ).auth.changePassword({
      currentPassword: person.password,
      newPassword,
    });
    return { actorUserId: person.id, organizationId: null };
  },

  "notification.markRead": async (run) => {
    const { owner, ids } = await createStockedPractice(db);
    remember(owner.token);
    await (await run.as(owner)).notification.markRead({ id: ids.inboxMessage });
    return { actorUserId: owner.id, organizationId: null };
  },

  "notification.markAllRead": async (run) => {
    const { owner } = await createStockedPractice(db);
    remember(owner.token);
    await (await run.as(owner)).notification.markAllRead();
    return { actorUserId: owner.id, organizationId: null };
  },

  "push.subscribe": async (run) => {
    const person = await signUp(db);
    remember(person.token);
    await (
      await run.as(person)
    ).push.subscribe({
      endpoint: `https://fcm.googleapis.com/fcm/send/${randomUUID()}`,
      keys: { p256dh: `B${"Q".repeat(86)}`, auth: "q".repeat(22) },
    });
    return { actorUserId: person.id, organizationId: null };
  },

  "push.unsubscribe": async (run) => {
    const person = await signUp(db);
    remember(person.token);
    const endpoint = `https://fcm.googleapis.com/fcm/send/${randomUUID()}`;
    const device = await callerFor(db, { token: person.token });
    await device.push.subscribe({
      endpoint,
      keys: { p256dh: `B${"Q".repeat(86)}`, auth: "q".repeat(22) },
    });
    await (await run.as(person)).push.unsubscribe({ endpoint });
    return { actorUserId: person.id, organizationId: null };
  },

  "organization.create": async (run) => {
    const person = await signUp(db);
    remember(person.token);
    const created = await (
      await run.as(person)
    ).organization.create({
      name: "Harbour Pharmacy",
      slug: `harbour-${randomUUID().slice(0, 8)}`,
      kind: "pharmacy",
      timeZone: "Asia/Kolkata",
      currency: "INR",
    });
    return { actorUserId: person.id, organizationId: created.id };
  },

  "organization.update": async (run) => {
    const { owner, organization } = await practice();
    const caller = await run.as(owner, organization.id);
    await caller.organization.update({ id: organization.id, name: "Harbour Health" });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "organization.setLogo": async (run) => {
    const { owner, organization } = await practice();
    const logo = await uploadFile(db, owner, organization.id, "logo");
    const caller = await run.as(owner, organization.id);
    await caller.organization.setLogo({ fileId: logo.id });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "organization.addMember": async (run) => {
    const { owner, organization } = await practice();
    const newcomer = await signUp(db);
    remember(newcomer.token);
    const caller = await run.as(owner, organization.id);
    await caller.organization.addMember({ email: newcomer.email, role: "staff" });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "organization.changeRole": async (run) => {
    const { owner, organization, doctor } = await practice();
    const caller = await run.as(owner, organization.id);
    await caller.organization.changeRole({ membershipId: doctor.membershipId, role: "manager" });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "organization.removeMember": async (run) => {
    const { owner, organization, doctor } = await practice();
    const caller = await run.as(owner, organization.id);
    await caller.organization.removeMember({ membershipId: doctor.membershipId });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "department.create": async (run) => {
    const { owner, organization } = await practice();
    await (await run.as(owner, organization.id)).department.create({ name: "Cardiology" });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "department.update": async (run) => {
    const { owner, organization, staff } = await stocked();
    const department = await staff.department.create({ name: "Cardiology" });
    const caller = await run.as(owner, organization.id);
    await caller.department.update({ id: department.id, active: false });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "practitioner.create": async (run) => {
    const { owner, organization } = await practice();
    const caller = await run.as(owner, organization.id);
    await caller.practitioner.create({ name: "Amira Hassan", title: "Dr" });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "practitioner.update": async (run) => {
    const { owner, organization, staff } = await stocked();
    const practitioner = await staff.practitioner.create({ name: "Amira Hassan" });
    const caller = await run.as(owner, organization.id);
    await caller.practitioner.update({ id: practitioner.id, specialization: "Cardiology" });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "practitioner.addCertificate": async (run) => {
    const { owner, organization, staff } = await stocked();
    const practitioner = await staff.practitioner.create({ name: "Amira Hassan" });
    const scan = await uploadFile(db, owner, organization.id, "certificate");
    const caller = await run.as(owner, organization.id);
    await caller.practitioner.addCertificate({
      practitionerId: practitioner.id,
      name: "Board certification",
      expiresOn: "2030-01-01",
      fileId: scan.id,
    });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "practitioner.removeCertificate": async (run) => {
    const { owner, organization, staff } = await stocked();
    const practitioner = await staff.practitioner.create({ name: "Amira Hassan" });
    const certificate = await staff.practitioner.addCertificate({
      practitionerId: practitioner.id,
      name: "Board certification",
    });
    const caller = await run.as(owner, organization.id);
    await caller.practitioner.removeCertificate({ id: certificate.id });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "appointment.hold": async (run) => {
    const { owner, organization, ids } = await createStockedPractice(db);
    const caller = await run.as(owner, organization.id);
    await caller.appointment.hold({
      serviceId: ids.service,
      start: nextWeekdayAt("11:00"),
      idempotencyKey: uniqueIdempotencyKey(),
    });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "appointment.book": async (run) => {
    const { owner, organization, ids } = await createStockedPractice(db);
    const caller = await run.as(owner, organization.id);
    await caller.appointment.book({
      serviceId: ids.service,
      patientId: ids.patient,
      start: nextWeekdayAt("11:00"),
      idempotencyKey: uniqueIdempotencyKey(),
    });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "appointment.reschedule": async (run) => {
    const { owner, organization, ids } = await createStockedPractice(db);
    const caller = await run.as(owner, organization.id);
    await caller.appointment.reschedule({
      id: ids.appointment,
      start: nextWeekdayAt("14:00"),
      version: 1,
    });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "appointment.cancel": async (run) => {
    const { owner, organization, ids } = await createStockedPractice(db);
    const caller = await run.as(owner, organization.id);
    await caller.appointment.cancel({ id: ids.appointment, reason: "Patient is unwell" });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "appointment.setStatus": async (run) => {
    const { owner, organization, ids } = await createStockedPractice(db);
    const caller = await run.as(owner, organization.id);
    await caller.appointment.setStatus({ id: ids.appointment, status: "no_show", version: 1 });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "appointment.decline": async (run) => {
    const { owner, organization, ids } = await createStockedPractice(db);
    const caller = await run.as(owner, organization.id);
    await caller.appointment.decline({ id: ids.request, version: 1, reason: "Doctor away" });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "appointment.sendReminder": async (run) => {
    const { owner, organization, ids } = await createStockedPractice(db);
    await db
      .update(schema.patient)
      .set({ email: uniqueEmail("reminded") })
      .where(eq(schema.patient.id, ids.patient));
    const caller = await run.as(owner, organization.id);
    await caller.appointment.sendReminder({ id: ids.appointment });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "message.retry": async (run) => {
    const { owner, organization, ids } = await createStockedPractice(db);
    const caller = await run.as(owner, organization.id);
    await caller.message.retry({ id: ids.failedMessage });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "admin.retryMessage": async (run) => {
    const { organization, ids } = await createStockedPractice(db);
    const operator = await signUp(db);
    remember(operator.token);
    await makePlatformOperator(db, operator);
    await (await run.as(operator)).admin.retryMessage({ id: ids.failedMessage });
    return { actorUserId: operator.id, organizationId: organization.id };
  },

  "link.confirmAppointment": async (run) => {
    const { organization, linkTokens } = await createStockedPractice(db);
    remember(linkTokens.appointmentConfirm);
    await (await run.as(null)).link.confirmAppointment({ token: linkTokens.appointmentConfirm });
    return { actorUserId: null, organizationId: organization.id };
  },

  "link.cancelAppointment": async (run) => {
    const { organization, linkTokens } = await createStockedPractice(db);
    remember(linkTokens.appointmentCancel);
    await (await run.as(null)).link.cancelAppointment({ token: linkTokens.appointmentCancel });
    return { actorUserId: null, organizationId: organization.id };
  },

  "link.unsubscribe": async (run) => {
    const { organization, linkTokens } = await createStockedPractice(db);
    remember(linkTokens.unsubscribe);
    await (await run.as(null)).link.unsubscribe({ token: linkTokens.unsubscribe });
    return { actorUserId: null, organizationId: organization.id };
  },

  "patient.setConsent": async (run) => {
    const { owner, organization, ids } = await createStockedPractice(db);
    const caller = await run.as(owner, organization.id);
    await caller.patient.setConsent({
      id: ids.patient,
      emailOptIn: true,
      smsOptIn: true,
      pushOptIn: false,
    });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "appointment.bookMine": async (run) => {
    const { portalUser, organization, ids } = await createStockedPractice(db);
    const caller = await run.as(portalUser, organization.id);
    await caller.appointment.bookMine({
      serviceId: ids.service,
      start: nextWeekdayAt("15:00"),
      idempotencyKey: uniqueIdempotencyKey(),
    });
    return { actorUserId: portalUser.id, organizationId: organization.id };
  },

  "appointment.rescheduleMine": async (run) => {
    const { portalUser, organization, ids } = await createStockedPractice(db);
    const caller = await run.as(portalUser, organization.id);
    await caller.appointment.rescheduleMine({
      id: ids.appointment,
      start: nextWeekdayAt("15:30"),
      version: 1,
    });
    return { actorUserId: portalUser.id, organizationId: organization.id };
  },

  "appointment.cancelMine": async (run) => {
    const { portalUser, organization, ids } = await createStockedPractice(db);
    const caller = await run.as(portalUser, organization.id);
    await caller.appointment.cancelMine({ id: ids.appointment, reason: "Feeling better" });
    return { actorUserId: portalUser.id, organizationId: organization.id };
  },

  "public.book": async (run) => {
    const { organization, ids } = await createStockedPractice(db);
    const caller = await run.as(null);
    await caller.public.book({
      slug: organization.slug,
      serviceId: ids.service,
      start: nextWeekdayAt("16:00"),
      firstName: "Walk",
      lastName: "In",
      mobile: "+20 100 555 0101",
      idempotencyKey: uniqueIdempotencyKey(),
    });
    return { actorUserId: null, organizationId: organization.id };
  },

  "schedule.setWeek": async (run) => {
    const { owner, organization, staff } = await stocked();
    const doctor = await staff.practitioner.create({ name: "Amira Hassan" });
    const caller = await run.as(owner, organization.id);
    await caller.schedule.setWeek({
      resourceId: doctor.resourceId,
      rules: [{ weekday: 1, start: "09:00", end: "13:00" }],
    });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "schedule.addException": async (run) => {
    const { owner, organization } = await stocked();
    const caller = await run.as(owner, organization.id);
    await caller.schedule.addException({
      resourceId: null,
      startsOn: "2030-12-25",
      endsOn: "2030-12-26",
      closed: true,
      reason: "Holiday",
    });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "schedule.removeException": async (run) => {
    const { owner, organization, staff } = await stocked();
    const holiday = await staff.schedule.addException({
      resourceId: null,
      startsOn: "2030-12-25",
      endsOn: "2030-12-25",
      closed: true,
    });
    const caller = await run.as(owner, organization.id);
    await caller.schedule.removeException({ id: holiday.id });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "resource.create": async (run) => {
    const { owner, organization } = await practice();
    const caller = await run.as(owner, organization.id);
    await caller.resource.create({ kind: "room", name: "Room 1" });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "resource.update": async (run) => {
    const { owner, organization, staff } = await stocked();
    const room = await staff.resource.create({ kind: "room", name: "Room 1" });
    const caller = await run.as(owner, organization.id);
    await caller.resource.update({ id: room.id, name: "Room 2" });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "service.create": async (run) => {
    const { owner, organization } = await practice();
    await (await run.as(owner, organization.id)).service.create(serviceInput);
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "service.update": async (run) => {
    const { owner, organization, staff } = await stocked();
    const service = await staff.service.create(serviceInput);
    const caller = await run.as(owner, organization.id);
    await caller.service.update({ id: service.id, priceMinor: 35_000 });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "patient.create": async (run) => {
    const { doctor, organization } = await practice();
    await createPatient(await run.as(doctor, organization.id));
    return { actorUserId: doctor.id, organizationId: organization.id };
  },

  "patient.update": async (run) => {
    const { doctor, organization, staff } = await stocked();
    const patient = await createPatient(staff);
    const caller = await run.as(doctor, organization.id);
    await caller.patient.update({ id: patient.id, notes: "Allergic to penicillin" });
    return { actorUserId: doctor.id, organizationId: organization.id };
  },

  "patient.archive": async (run) => {
    const { owner, organization, staff } = await stocked();
    const patient = await createPatient(staff);
    await (await run.as(owner, organization.id)).patient.archive({ id: patient.id });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "patient.restore": async (run) => {
    const { owner, organization, staff } = await stocked();
    const patient = await createPatient(staff);
    await staff.patient.archive({ id: patient.id });
    await (await run.as(owner, organization.id)).patient.restore({ id: patient.id });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "patient.linkAccount": async (run) => {
    const { owner, organization, staff } = await stocked();
    const patient = await createPatient(staff);
    const person = await signUp(db);
    remember(person.token);
    const caller = await run.as(owner, organization.id);
    await caller.patient.linkAccount({ id: patient.id, email: person.email });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "document.create": async (run) => {
    const { doctor, organization, staff } = await stocked();
    const patient = await createPatient(staff);
    const file = await uploadFile(db, doctor, organization.id, "document");
    const caller = await run.as(doctor, organization.id);
    await caller.document.create({
      patientId: patient.id,
      fileId: file.id,
      kind: "lab_result",
      title: "Blood count",
    });
    return { actorUserId: doctor.id, organizationId: organization.id };
  },

  "document.archive": async (run) => {
    const { doctor, organization, staff } = await stocked();
    const patient = await createPatient(staff);
    const file = await uploadFile(db, doctor, organization.id, "document");
    const document = await staff.document.create({
      patientId: patient.id,
      fileId: file.id,
      kind: "imaging",
      title: "Chest X-ray",
    });
    await (await run.as(doctor, organization.id)).document.archive({ id: document.id });
    return { actorUserId: doctor.id, organizationId: organization.id };
  },

  "consultation.start": async (run) => {
    const { doctor, organization, staff } = await stocked();
    const patient = await createPatient(staff);
    await (await run.as(doctor, organization.id)).consultation.start({ patientId: patient.id });
    return { actorUserId: doctor.id, organizationId: organization.id };
  },

  "consultation.update": async (run) => {
    const { doctor, organization, consultation } = await consultationDraft();
    await (
      await run.as(doctor, organization.id)
    ).consultation.update({ id: consultation.id, assessment: "Viral pharyngitis" });
    return { actorUserId: doctor.id, organizationId: organization.id };
  },

  "consultation.attachDocument": async (run) => {
    const { doctor, organization, consultation, document } = await consultationDraft();
    await (
      await run.as(doctor, organization.id)
    ).consultation.attachDocument({ consultationId: consultation.id, documentId: document.id });
    return { actorUserId: doctor.id, organizationId: organization.id };
  },

  "consultation.detachDocument": async (run) => {
    const { doctor, organization, consultation, document, staff } = await consultationDraft();
    await staff.consultation.attachDocument({
      consultationId: consultation.id,
      documentId: document.id,
    });
    await (
      await run.as(doctor, organization.id)
    ).consultation.detachDocument({ consultationId: consultation.id, documentId: document.id });
    return { actorUserId: doctor.id, organizationId: organization.id };
  },

  "consultation.sign": async (run) => {
    const { doctor, organization, consultation } = await consultationDraft();
    await (await run.as(doctor, organization.id)).consultation.sign({ id: consultation.id });
    return { actorUserId: doctor.id, organizationId: organization.id };
  },

  "consultation.addAddendum": async (run) => {
    const { doctor, organization, consultation, staff } = await consultationDraft();
    await staff.consultation.sign({ id: consultation.id });
    await (
      await run.as(doctor, organization.id)
    ).consultation.addAddendum({ consultationId: consultation.id, body: "Allergy noted" });
    return { actorUserId: doctor.id, organizationId: organization.id };
  },

  "consultation.discard": async (run) => {
    const { doctor, organization, staff } = await stocked();
    const patient = await createPatient(staff);
    const doctorCaller = await callerFor(db, {
      token: doctor.token,
      organizationId: organization.id,
    });
    const consultation = await doctorCaller.consultation.start({ patientId: patient.id });
    await (await run.as(doctor, organization.id)).consultation.discard({ id: consultation.id });
    return { actorUserId: doctor.id, organizationId: organization.id };
  },

  "chart.addTreatment": async (run) => {
    const { doctor, organization, patient } = await dentalPatient();
    await (
      await run.as(doctor, organization.id)
    ).chart.addTreatment({
      patientId: patient.id,
      tooth: "14",
      description: "Filling",
      priceMinor: 100,
    });
    return { actorUserId: doctor.id, organizationId: organization.id };
  },

  "chart.updateTreatment": async (run) => {
    const { doctor, organization, treatment } = await dentalPatient();
    await (
      await run.as(doctor, organization.id)
    ).chart.updateTreatment({ id: treatment.id, surfaces: ["M", "O"] });
    return { actorUserId: doctor.id, organizationId: organization.id };
  },

  "chart.setTreatmentStatus": async (run) => {
    const { doctor, organization, treatment } = await dentalPatient();
    await (
      await run.as(doctor, organization.id)
    ).chart.setTreatmentStatus({ id: treatment.id, status: "completed" });
    return { actorUserId: doctor.id, organizationId: organization.id };
  },

  "chart.removeTreatment": async (run) => {
    const { doctor, organization, treatment } = await dentalPatient();
    await (await run.as(doctor, organization.id)).chart.removeTreatment({ id: treatment.id });
    return { actorUserId: doctor.id, organizationId: organization.id };
  },

  "chart.addCondition": async (run) => {
    const { doctor, organization, patient } = await dentalPatient();
    await (
      await run.as(doctor, organization.id)
    ).chart.addCondition({ patientId: patient.id, tooth: "8", condition: "fracture" });
    return { actorUserId: doctor.id, organizationId: organization.id };
  },

  "chart.resolveCondition": async (run) => {
    const { doctor, organization, patient, staff } = await dentalPatient();
    const condition = await staff.chart.addCondition({
      patientId: patient.id,
      tooth: "8",
      condition: "fracture",
    });
    await (await run.as(doctor, organization.id)).chart.resolveCondition({ id: condition.id });
    return { actorUserId: doctor.id, organizationId: organization.id };
  },

  "chart.createPlan": async (run) => {
    const { doctor, organization, patient, treatment } = await dentalPatient();
    await (
      await run.as(doctor, organization.id)
    ).chart.createPlan({ patientId: patient.id, title: "Phase 1", treatmentIds: [treatment.id] });
    return { actorUserId: doctor.id, organizationId: organization.id };
  },

  "chart.proposePlan": async (run) => {
    const { doctor, organization, plan } = await dentalPatient();
    await (await run.as(doctor, organization.id)).chart.proposePlan({ id: plan.id });
    return { actorUserId: doctor.id, organizationId: organization.id };
  },

  "chart.decidePlan": async (run) => {
    const { doctor, organization, plan, staff } = await dentalPatient();
    await staff.chart.proposePlan({ id: plan.id });
    await (
      await run.as(doctor, organization.id)
    ).chart.decidePlan({ id: plan.id, decision: "accepted" });
    return { actorUserId: doctor.id, organizationId: organization.id };
  },

  "chart.acceptPlan": async (run) => {
    const { owner, organization } = await practice();
    const { user, planId } = await addPortalPatient(db, organization.id, owner);
    remember(user.token);
    await (await run.as(user, organization.id)).chart.acceptPlan({ id: planId });
    return { actorUserId: user.id, organizationId: organization.id };
  },

  "chart.declinePlan": async (run) => {
    const { owner, organization } = await practice();
    const { user, planId } = await addPortalPatient(db, organization.id, owner);
    remember(user.token);
    await (await run.as(user, organization.id)).chart.declinePlan({ id: planId });
    return { actorUserId: user.id, organizationId: organization.id };
  },

  "ledger.recordPayment": async (run) => {
    const { doctor, organization, patient } = await dentalPatient();
    await (
      await run.as(doctor, organization.id)
    ).ledger.recordPayment({
      patientId: patient.id,
      amountMinor: 500,
      method: "cash",
      idempotencyKey: uniqueIdempotencyKey(),
    });
    return { actorUserId: doctor.id, organizationId: organization.id };
  },

  "ledger.adjust": async (run) => {
    const { doctor, organization, patient } = await dentalPatient();
    await (
      await run.as(doctor, organization.id)
    ).ledger.adjust({ patientId: patient.id, amountMinor: -200, reason: "Courtesy" });
    return { actorUserId: doctor.id, organizationId: organization.id };
  },

  "ledger.reverse": async (run) => {
    const { doctor, organization, patient, staff } = await dentalPatient();
    const payment = await staff.ledger.recordPayment({
      patientId: patient.id,
      amountMinor: 500,
      method: "cash",
      idempotencyKey: uniqueIdempotencyKey(),
    });
    await (await run.as(doctor, organization.id)).ledger.reverse({ entryId: payment.id });
    return { actorUserId: doctor.id, organizationId: organization.id };
  },

  // Money: payments, refunds, providers' keys, settings.
  "payment.refund": async (run) => {
    const { owner, organization, staff } = await stocked();
    const patient = await createPatient(staff);
    await staff.ledger.recordPayment({
      patientId: patient.id,
      amountMinor: 500,
      method: "cash",
      idempotencyKey: uniqueIdempotencyKey(),
    });
    const [paid] = (await staff.payment.list({ patientId: patient.id, limit: 1 })).items;
    await (
      await run.as(owner, organization.id)
    ).payment.refund({
      paymentId: paid?.id ?? "",
      amountMinor: 200,
      reason: "Overcharged",
      idempotencyKey: uniqueIdempotencyKey(),
    });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "payment.checkoutMine": async (run) => {
    const { organization, portalUser, ids } = await createStockedPractice(db);
    remember(portalUser.token);
    await (
      await run.as(portalUser, organization.id)
    ).payment.checkoutMine({
      provider: "stripe",
      appointmentId: ids.videoAppointment,
      idempotencyKey: uniqueIdempotencyKey(),
    });
    return { actorUserId: portalUser.id, organizationId: organization.id };
  },

  "payment.confirmMine": async (run) => {
    const { organization, portalUser, paymentId } = await videoCheckout();
    await (await run.as(portalUser, organization.id)).payment.confirmMine({ paymentId });
    return { actorUserId: portalUser.id, organizationId: organization.id };
  },

  "payment.sync": async (run) => {
    const { organization, owner, paymentId } = await videoCheckout();
    await (await run.as(owner, organization.id)).payment.sync({ paymentId });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "paymentAccount.save": async (run) => {
    const { owner, organization } = await stocked();
    const keys = stripeKeys();
    await (await run.as(owner, organization.id)).paymentAccount.save(keys);
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "paymentAccount.remove": async (run) => {
    const { owner, organization, staff } = await stocked();
    await staff.paymentAccount.save(stripeKeys());
    await (await run.as(owner, organization.id)).paymentAccount.remove({ provider: "stripe" });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "billing.updateSettings": async (run) => {
    const { owner, organization } = await stocked();
    await (
      await run.as(owner, organization.id)
    ).billing.updateSettings({
      taxRateBps: 1400,
      taxLabel: "VAT",
      platformFeeBps: 1500,
      disputeWindowHours: 72,
      fullRefundHours: 24,
      lateRefundBps: 5000,
    });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "invoice.create": async (run) => {
    const { doctor, organization, staff } = await stocked();
    const patient = await createPatient(staff);
    await (
      await run.as(doctor, organization.id)
    ).invoice.create({ patientId: patient.id, lines: [invoiceLine], treatmentIds: [] });
    return { actorUserId: doctor.id, organizationId: organization.id };
  },

  "invoice.updateDraft": async (run) => {
    const { doctor, organization, staff } = await stocked();
    const patient = await createPatient(staff);
    const draft = await staff.invoice.create({
      patientId: patient.id,
      lines: [invoiceLine],
      treatmentIds: [],
    });
    await (
      await run.as(doctor, organization.id)
    ).invoice.updateDraft({
      id: draft.id,
      lines: [invoiceLine, invoiceLine],
      treatmentIds: [],
    });
    return { actorUserId: doctor.id, organizationId: organization.id };
  },

  "invoice.issue": async (run) => {
    const { doctor, organization, staff } = await stocked();
    const patient = await createPatient(staff);
    const draft = await staff.invoice.create({
      patientId: patient.id,
      lines: [invoiceLine],
      treatmentIds: [],
    });
    await (await run.as(doctor, organization.id)).invoice.issue({ id: draft.id });
    return { actorUserId: doctor.id, organizationId: organization.id };
  },

  "invoice.void": async (run) => {
    const { doctor, organization, staff } = await stocked();
    const patient = await createPatient(staff);
    const draft = await staff.invoice.create({
      patientId: patient.id,
      lines: [invoiceLine],
      treatmentIds: [],
    });
    await staff.invoice.issue({ id: draft.id });
    await (
      await run.as(doctor, organization.id)
    ).invoice.void({ id: draft.id, reason: "Entered twice" });
    return { actorUserId: doctor.id, organizationId: organization.id };
  },

  "portal.updateProfile": async (run) => {
    const { owner, organization } = await practice();
    const { user } = await addPortalPatient(db, organization.id, owner);
    remember(user.token);
    const caller = await run.as(user, organization.id);
    await caller.portal.updateProfile({ address: "12 Corniche Street, Alexandria" });
    return { actorUserId: user.id, organizationId: organization.id };
  },

  "portal.addDocument": async (run) => {
    const { owner, organization } = await practice();
    const { user } = await addPortalPatient(db, organization.id, owner);
    remember(user.token);
    const file = await uploadFile(db, user, organization.id, "document");
    const caller = await run.as(user, organization.id);
    await caller.portal.addDocument({
      fileId: file.id,
      kind: "insurance",
      title: "Insurance card",
    });
    return { actorUserId: user.id, organizationId: organization.id };
  },

  "questionnaire.create": async (run) => {
    const { owner, organization } = await practice();
    const caller = await run.as(owner, organization.id);
    await caller.questionnaire.create(formInput);
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "questionnaire.update": async (run) => {
    const { owner, organization, staff } = await stocked();
    const form = await staff.questionnaire.create(formInput);
    const caller = await run.as(owner, organization.id);
    await caller.questionnaire.update({ ...formInput, id: form.id, title: "Medical history 2" });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "questionnaire.archive": async (run) => {
    const { owner, organization, staff } = await stocked();
    const form = await staff.questionnaire.create(formInput);
    const caller = await run.as(owner, organization.id);
    await caller.questionnaire.archive({ id: form.id });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "formRequest.send": async (run) => {
    const { owner, organization, staff } = await stocked();
    const form = await staff.questionnaire.create(formInput);
    const patient = await createPatient(staff, { email: uniqueEmail(), dateOfBirth: "1985-04-23" });
    const caller = await run.as(owner, organization.id);
    await caller.formRequest.send({
      patientId: patient.id,
      questionnaireId: form.id,
      channel: "email",
      expiresInDays: 7,
    });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "formRequest.revoke": async (run) => {
    const { owner, organization, request } = await formLink();
    const caller = await run.as(owner, organization.id);
    await caller.formRequest.revoke({ id: request.id });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "formLink.verify": async (run) => {
    const { organization, token } = await formLink();
    await (await run.as(null)).formLink.verify({ token, dateOfBirth: "1985-04-23" });
    return { actorUserId: null, organizationId: organization.id };
  },

  "formLink.submit": async (run) => {
    const { organization, token } = await formLink();
    await (
      await run.as(null)
    ).formLink.submit({
      token,
      dateOfBirth: "1985-04-23",
      answers: { allergy: false },
      signature: sampleSignature,
    });
    return { actorUserId: null, organizationId: organization.id };
  },

  "host:file.upload": async (run) => {
    const { doctor, organization } = await practice();
    const host = await run.hostAs(doctor, organization.id);
    await host.file.upload(storedFile("document"));
    return { actorUserId: doctor.id, organizationId: organization.id, action: "file.upload" };
  },

  // Escrow: disputes, their resolution, payouts to doctors.
  "escrow.dispute": async (run) => {
    const { owner, organization, ids } = await createStockedPractice(db);
    await (
      await run.as(owner, organization.id)
    ).escrow.dispute({ escrowId: ids.escrow, reason: "The patient says the call dropped" });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "escrow.disputeMine": async (run) => {
    const { portalUser, organization, ids } = await createStockedPractice(db);
    remember(portalUser.token);
    await (
      await run.as(portalUser, organization.id)
    ).escrow.disputeMine({ paymentId: ids.escrowPayment, reason: "The doctor never joined" });
    return { actorUserId: portalUser.id, organizationId: organization.id };
  },

  "escrow.resolve": async (run) => {
    const { owner, organization, ids } = await createStockedPractice(db);
    const staff = await callerFor(db, { token: owner.token, organizationId: organization.id });
    await staff.escrow.dispute({
      escrowId: ids.escrow,
      reason: "The patient says the call dropped",
    });
    await (
      await run.as(owner, organization.id)
    ).escrow.resolve({ escrowId: ids.escrow, outcome: "release", note: "The call took place" });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "payout.record": async (run) => {
    const { owner, organization, ids } = await createStockedPractice(db);
    const staff = await callerFor(db, { token: owner.token, organizationId: organization.id });
    // Something to pay out: the held consultation is disputed, then released to the doctor.
    await staff.escrow.dispute({ escrowId: ids.escrow, reason: "Checking the call" });
    await staff.escrow.resolve({ escrowId: ids.escrow, outcome: "release", note: "It happened" });
    await (
      await run.as(owner, organization.id)
    ).payout.record({
      practitionerId: ids.practitioner,
      amountMinor: 100,
      reference: "TRF-0001",
      idempotencyKey: uniqueIdempotencyKey(),
    });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  // The practice's website (site.*): each change by the owner, one audit row.
  "site.updateProfile": async (run) => {
    const { owner, organization } = await practice();
    const caller = await run.as(owner, organization.id);
    await caller.site.updateProfile({ about: "Family medicine by the sea", city: "Alexandria" });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "site.updateHours": async (run) => {
    const { owner, organization } = await practice();
    const caller = await run.as(owner, organization.id);
    const weekday = [{ start: "09:00", end: "17:00" }];
    await caller.site.updateHours({ hours: [weekday, weekday, weekday, weekday, weekday, [], []] });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "site.setStep": async (run) => {
    const { owner, organization } = await practice();
    await (await run.as(owner, organization.id)).site.setStep({ step: "profile" });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "site.publish": async (run) => {
    const { owner, organization, staff } = await stocked();
    await staff.site.unpublish();
    await staff.site.updateProfile({
      addressLine: "12 Corniche Street",
      city: "Alexandria",
      phone: "+20 3 4812345",
    });
    await (await run.as(owner, organization.id)).site.publish();
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "site.unpublish": async (run) => {
    const { owner, organization } = await practice();
    await (await run.as(owner, organization.id)).site.unpublish();
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "site.changeSlug": async (run) => {
    const { owner, organization } = await practice();
    const caller = await run.as(owner, organization.id);
    await caller.site.changeSlug({ slug: `renamed-${randomUUID().slice(0, 8)}` });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "site.setDomain": async (run) => {
    const { owner, organization } = await practice();
    const caller = await run.as(owner, organization.id);
    const { txtValue } = await caller.site.setDomain({
      domain: `${organization.slug}.example.com`,
    });
    remember(txtValue?.split("=")[1]);
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "site.verifyDomain": async (run) => {
    const { owner, organization, staff } = await stocked();
    const set = await staff.site.setDomain({ domain: `www.${organization.slug}.example.com` });
    if (!set.txtName || !set.txtValue) throw new Error("no TXT record to publish");
    (await testDns()).publish(set.txtName, set.txtValue);
    remember(set.txtValue.split("=")[1]);
    await (await run.as(owner, organization.id)).site.verifyDomain();
    return { actorUserId: owner.id, organizationId: organization.id };
  },
  "review.create": async (run) => {
    const { portalUser, organization, ids } = await createStockedPractice(db);
    await (
      await run.as(portalUser, organization.id)
    ).review.create({
      appointmentId: ids.completedAppointment,
      rating: 4,
      body: "Friendly staff and no waiting at all.",
    });
    return { actorUserId: portalUser.id, organizationId: organization.id };
  },

  "review.publish": async (run) => {
    const { owner, organization, ids } = await createStockedPractice(db);
    await (await run.as(owner, organization.id)).review.publish({ id: ids.review });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "review.hide": async (run) => {
    const { owner, organization, ids } = await createStockedPractice(db);
    await (
      await run.as(owner, organization.id)
    ).review.hide({
      id: ids.review,
      reason: "Names a member of staff",
    });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "review.reply": async (run) => {
    const { owner, organization, ids } = await createStockedPractice(db);
    await (
      await run.as(owner, organization.id)
    ).review.reply({
      id: ids.review,
      reply: "Thank you for your kind words.",
    });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  // Plans: the practice's choice, paying on the platform's keys, features, the catalogue.
  "plan.choose": async (run) => {
    const { owner, organization } = await practice();
    await (
      await run.as(owner, organization.id)
    ).plan.choose({ features: ["reviews"], interval: "year", template: "classic" });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "plan.checkout": async (run) => {
    const { owner, organization, staff } = await stocked();
    await testPlatformStripe();
    await staff.plan.choose({ features: ["patient_portal"], interval: "month" });
    await (
      await run.as(owner, organization.id)
    ).plan.checkout({ provider: "stripe", idempotencyKey: uniqueIdempotencyKey() });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "plan.sync": async (run) => {
    const { owner, organization, ids } = await createStockedPractice(db);
    await (await run.as(owner, organization.id)).plan.sync({ planPaymentId: ids.planPayment });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "plan.setFeatureEnabled": async (run) => {
    const { owner, organization } = await practice();
    await (
      await run.as(owner, organization.id)
    ).plan.setFeatureEnabled({ feature: "reviews", enabled: false });
    return { actorUserId: owner.id, organizationId: organization.id };
  },

  "planCatalogue.setPrice": async (run) => {
    const operator = await signUp(db);
    remember(operator.token);
    await makePlatformOperator(db, operator);
    await (
      await run.as(operator)
    ).planCatalogue.setPrice({
      item: "assistant",
      interval: "year",
      currency: "AUD",
      amountMinor: 15_000,
      active: true,
    });
    return { actorUserId: operator.id, organizationId: null };
  },

  // Pharmacy and hospital services: each part's scenarios live in ./audit/.
  ...stockScenarios(kit),
  ...orderScenarios(kit),
  ...counterScenarios(kit),
  ...refillScenarios(kit),
  ...ambulanceScenarios(kit),
  ...assistantScenarios(kit),
  ...adminRecordScenarios(kit),
  ...adminScenarios(kit),
  ...importScenarios(kit),
  ...identityScenarios(kit),
  ...malwareScenarios(kit),
  ...deviceScenarios(kit),
};

/** A practice with a patient, one of their documents and a draft consultation of them. */
async function consultationDraft() {
  const p = await stocked();
  const patient = await createPatient(p.staff);
  const file = await uploadFile(db, p.doctor, p.organization.id, "document");
  const document = await p.staff.document.create({
    patientId: patient.id,
    fileId: file.id,
    kind: "lab_result",
    title: "Throat swab",
  });
  const consultation = await p.staff.consultation.start({ patientId: patient.id });
  return { ...p, patient, document, consultation };
}

/** A practice with a patient, a planned treatment on tooth 3 and an empty draft plan. */
/** Made-up Stripe keys, remembered as secrets no audit row may hold. */
function stripeKeys() {
  const keys = {
    provider: "stripe" as const,
    publishableKey: `pk_test_${randomUUID().replaceAll("-", "")}`,
    secretKey: `sk_test_${randomUUID().replaceAll("-", "")}`,
    webhookSecret: `whsec_${randomUUID().replaceAll("-", "")}`,
    enabled: true,
  };
  remember(keys.secretKey, keys.webhookSecret);
  return keys;
}

/** A stocked practice's patient who started paying for their video consultation by Stripe. */
async function videoCheckout() {
  const stockedPractice = await createStockedPractice(db);
  const { organization, portalUser, ids } = stockedPractice;
  remember(portalUser.token, stockedPractice.owner.token);
  const patient = await callerFor(db, { token: portalUser.token, organizationId: organization.id });
  const { paymentId } = await patient.payment.checkoutMine({
    provider: "stripe",
    appointmentId: ids.videoAppointment,
    idempotencyKey: uniqueIdempotencyKey(),
  });
  return { ...stockedPractice, paymentId };
}

async function dentalPatient() {
  const p = await stocked();
  const patient = await createPatient(p.staff);
  const treatment = await p.staff.chart.addTreatment({
    patientId: patient.id,
    tooth: "3",
    description: "Filling",
    priceMinor: 9_000,
  });
  const planned = await p.staff.chart.addTreatment({
    patientId: patient.id,
    tooth: "30",
    description: "Crown",
    priceMinor: 40_000,
  });
  const plan = await p.staff.chart.createPlan({
    patientId: patient.id,
    title: "Crown",
    treatmentIds: [planned.id],
  });
  return { ...p, patient, treatment, plan };
}

function auditRowsOf(requestId: string) {
  return db.select().from(schema.auditLog).where(eq(schema.auditLog.requestId, requestId));
}

describe("every mutation is audited", () => {
  it("has a scenario for every mutation in the router", () => {
    expect(mutations.length).toBeGreaterThan(0);
    const uncovered = mutations.filter((path) => !(path in scenarios));
    expect(uncovered, "mutations without an audit scenario").toEqual([]);
  });

  it("has no scenario for a mutation that no longer exists", () => {
    const stale = Object.keys(scenarios).filter((path) => !mutations.includes(path));
    expect(stale).toEqual([]);
  });

  it.each(mutations)(
    "%s writes exactly one audit row naming the action, actor, request and organization",
    async (path) => {
      const scenario = scenarios[path];
      if (!scenario) throw new Error(`no audit scenario for ${path}`);
      const requestId = randomUUID();
      const cookies: CookieRecorder = recordCookies();
      let activeOrganization: string | undefined;
      let calls = 0;

      const expected = await scenario({
        as(user, organizationId) {
          calls++;
          activeOrganization = organizationId;
          return callerFor(db, { token: user?.token ?? null, organizationId, requestId, cookies });
        },
        hostAs(user, organizationId) {
          calls++;
          activeOrganization = organizationId;
          return hostCallerFor(db, { token: user.token, organizationId, requestId, cookies });
        },
      });

      expect(calls).toBe(1);
      const rows = await auditRowsOf(requestId);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        action: expected.action ?? path,
        actorUserId: expected.actorUserId,
        requestId,
        organizationId: expected.organizationId,
      });
      if (orgScoped.has(path)) expect(rows[0]?.organizationId).toBe(activeOrganization);
      remember(...cookies.writes.map((write) => write?.token));
    },
  );

  it("never stores a password, a password hash, a token or a session secret hash", async () => {
    const users = await db.select({ hash: schema.user.passwordHash }).from(schema.user);
    const sessions = await db.select({ hash: schema.session.secretHash }).from(schema.session);
    const rows = await db.select().from(schema.auditLog);
    const forbidden = [...secrets, ...users.map((u) => u.hash), ...sessions.map((s) => s.hash)];

    // The scenarios above must have produced something to inspect.
    expect(rows.length).toBeGreaterThanOrEqual(mutations.length);
    expect(users.length).toBeGreaterThan(0);
    // One search per secret over all rows: a check per row and secret outgrew the time limit.
    const text = rows.map((row) => JSON.stringify(row)).join("\n");
    expect(text).not.toMatch(/\$argon2/);
    const leaked = forbidden.filter(
      (secret) => typeof secret === "string" && text.includes(secret),
    );
    expect(leaked, "secrets found in audit rows").toEqual([]);
  });
});

describe("a failed mutation leaves nothing behind", () => {
  it("writes no audit row and no membership when adding an existing member", async () => {
    const { owner, organization, doctor } = await practice();
    const membersBefore = await db
      .select()
      .from(schema.membership)
      .where(eq(schema.membership.organizationId, organization.id));
    const requestId = randomUUID();
    const caller = await callerFor(db, {
      token: owner.token,
      organizationId: organization.id,
      requestId,
    });

    const failure = await failureOf(
      caller.organization.addMember({ email: doctor.email, role: "admin" }),
    );

    expect(failure.code).toBe("CONFLICT");
    expect(await auditRowsOf(requestId)).toEqual([]);
    const membersAfter = await db
      .select()
      .from(schema.membership)
      .where(eq(schema.membership.organizationId, organization.id));
    expect(membersAfter).toEqual(membersBefore);
  });

  it("writes no audit row, organization or membership when the address is taken", async () => {
    const { owner, organization } = await practice();
    const [orgsBefore] = await db.select({ n: count() }).from(schema.organization);
    const [membersBefore] = await db.select({ n: count() }).from(schema.membership);
    const requestId = randomUUID();
    const caller = await callerFor(db, { token: owner.token, requestId });

    const failure = await failureOf(
      caller.organization.create({
        name: "Copycat Clinic",
        slug: organization.slug,
        kind: "clinic",
        timeZone: "Europe/London",
        currency: "GBP",
      }),
    );

    expect(failure.code).toBe("CONFLICT");
    expect(Object.keys(failure.fieldErrors ?? {})).toEqual(["slug"]);
    expect(await auditRowsOf(requestId)).toEqual([]);
    const [orgsAfter] = await db.select({ n: count() }).from(schema.organization);
    const [membersAfter] = await db.select({ n: count() }).from(schema.membership);
    expect(orgsAfter?.n).toBe(orgsBefore?.n);
    expect(membersAfter?.n).toBe(membersBefore?.n);
  });

  it("makes no user or session when the email is taken, and records the attempt once", async () => {
    const existing = await signUp(db);
    const [usersBefore] = await db.select({ n: count() }).from(schema.user);
    const [sessionsBefore] = await db.select({ n: count() }).from(schema.session);
    const requestId = randomUUID();
    const cookies = recordCookies();
    const caller = await callerFor(db, { requestId, cookies });

    const answer = await caller.auth.signUp({
      email: existing.email,
      password: testPassword,
      name: "Twin",
    });

    expect(answer).toEqual({ status: "check-email" });
    const rows = await auditRowsOf(requestId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorUserId: null, entityId: existing.id, after: null });
    const [usersAfter] = await db.select({ n: count() }).from(schema.user);
    const [sessionsAfter] = await db.select({ n: count() }).from(schema.session);
    expect(usersAfter?.n).toBe(usersBefore?.n);
    expect(sessionsAfter?.n).toBe(sessionsBefore?.n);
    expect(cookies.writes).toEqual([]);
  });
});

describe("a change whose audit row is refused", () => {
  it("is not kept either, and the refusal reaches the caller", async () => {
    const { runAudited } = await import("../src/audit");
    const { organization } = await practice();
    const requestId = randomUUID();
    const origin = { organizationId: organization.id, actorUserId: null, ip: null, requestId };
    const name = `Ghost ward ${randomUUID()}`;

    // PostgreSQL refuses a NUL character in jsonb: the audit row fails after the change ran.
    const attempt = runAudited(db, origin, "department.create", async (tx, audit) => {
      const [row] = await tx
        .insert(schema.department)
        .values({ organizationId: organization.id, name })
        .returning({ id: schema.department.id });
      audit({ entityType: "department", entityId: row?.id, after: { name: "nul \u0000" } });
      return row;
    });

    await expect(attempt).rejects.toThrow();
    const kept = await db
      .select({ id: schema.department.id })
      .from(schema.department)
      .where(eq(schema.department.name, name));
    expect(kept).toEqual([]);
    expect(await auditRowsOf(requestId)).toEqual([]);
  });
});

describe("the audit guard", () => {
  it("refuses a mutation that changed data without going through ctx.mutate", async () => {
    // A deliberately broken procedure: the guard must turn its success into an error.
    const { createTRPCRouter, createCallerFactory, publicProcedure } = await import("../src/trpc");
    const { createContextInner } = await import("../src/context");
    const broken = createTRPCRouter({
      sneaky: publicProcedure.mutation(async ({ ctx }) => {
        await ctx.db.update(schema.user).set({ name: "changed quietly" });
        return { ok: true };
      }),
    });
    const caller = createCallerFactory(broken)(createContextInner({ db }));
    await expect(caller.sneaky()).rejects.toMatchObject({ code: "INTERNAL_SERVER_ERROR" });
  });
});
