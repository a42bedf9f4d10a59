// What patients hear about their appointments, and what they can do from a message: booking
// queues the confirmation and its reminders in the booking's own transaction; a move re-plans the
// reminders and a cancellation withdraws them; the delivery job renders from what is true when it
// runs; a reminder's links confirm or cancel without signing in, once, and nothing else.
import { randomUUID } from "node:crypto";
import { queryRows, schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import {
  DeliveryError,
  type Channel,
  type OutgoingMessage,
  type SendResult,
} from "@caredesk/notifications";
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { deliverNotification, deliverNotifications } from "../src/service/delivery";
import { invalidLinkMessage, mintActionToken } from "../src/service/action-token";
import {
  callerFor,
  createStockedPractice,
  failureOf,
  nextWeekdayAt,
  uniqueIdempotencyKey,
  type StockedPractice,
} from "../src/testing";

let database: TestDatabase;
let db: Database;
let practice: StockedPractice;

/** An email channel that keeps what it was given, or refuses as told. */
class RecordingChannel implements Channel {
  readonly name = "email";
  sent: OutgoingMessage[] = [];
  refuse: DeliveryError | null = null;
  send(message: OutgoingMessage): Promise<SendResult> {
    if (this.refuse) return Promise.reject(this.refuse);
    this.sent.push(message);
    return Promise.resolve({ providerMessageId: `queued-${this.sent.length}` });
  }
}

const email = new RecordingChannel();
const deps = () => ({ db, channels: { email }, appOrigin: "https://caredesk.example" });

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  practice = await createStockedPractice(db);
});
afterAll(() => database.drop());

const staff = () =>
  callerFor(db, { token: practice.owner.token, organizationId: practice.organization.id });

async function messagesOf(appointmentId: string) {
  return db
    .select()
    .from(schema.notification)
    .where(
      and(
        eq(schema.notification.organizationId, practice.organization.id),
        eq(schema.notification.appointmentId, appointmentId),
      ),
    );
}

// Days ahead roll past weekends, so two of them can fall on one Monday: each booking's time is
// one no booking of createStockedPractice (10:00, 10:30, 12:30, 13:30–15:00, 16:00) or of this
// file holds on a day that can share its date.
async function book(daysAhead: number, time = "11:00") {
  return (await staff()).appointment.book({
    serviceId: practice.ids.service,
    patientId: practice.ids.patient,
    start: nextWeekdayAt(time, daysAhead),
    idempotencyKey: uniqueIdempotencyKey(),
  });
}

describe("booking, moving and cancelling", () => {
  it("a booking queues the confirmation now and reminders 24 h and 2 h before, with their jobs", async () => {
    const booked = await book(5, "11:00");
    const messages = await messagesOf(booked.id);
    const confirmation = messages.filter((m) => m.kind === "appointment_booked");
    // The patient has an email address and a portal account: email and the notification centre.
    expect(confirmation.map((m) => m.channel).sort()).toEqual(["email", "in_app"]);
    const reminders = messages.filter((m) => m.kind === "appointment_reminder");
    expect(reminders.map((m) => m.sendAt.getTime()).sort()).toEqual(
      [
        booked.startsAt.getTime() - 24 * 3_600_000,
        booked.startsAt.getTime() - 2 * 3_600_000,
      ].sort(),
    );
    // Each email has its delivery job, due when the message is.
    const rows = await queryRows<{ id: string }>(
      db,
      sql`select id::text from pgboss.job where id in ${reminders.map((r) => r.id)}`,
    );
    expect(rows).toHaveLength(2);
  });

  it("moving an appointment withdraws its reminders and plans new ones for the new time", async () => {
    const booked = await book(6, "11:30");
    const moved = await (
      await staff()
    ).appointment.reschedule({
      id: booked.id,
      start: nextWeekdayAt("16:30", 6),
      version: booked.version,
    });
    const messages = await messagesOf(booked.id);
    const reminders = messages.filter((m) => m.kind === "appointment_reminder");
    const pending = reminders.filter((m) => m.status === "pending");
    expect(reminders.filter((m) => m.status === "cancelled")).toHaveLength(2);
    expect(pending.map((m) => m.sendAt.getTime()).sort()).toEqual(
      [moved.startsAt.getTime() - 24 * 3_600_000, moved.startsAt.getTime() - 2 * 3_600_000].sort(),
    );
    expect(
      messages.some((m) => m.kind === "appointment_rescheduled" && m.channel === "email"),
    ).toBe(true);
  });

  it("cancelling withdraws the reminders and tells the patient, with the reason", async () => {
    const booked = await book(7, "10:00");
    await (await staff()).appointment.cancel({ id: booked.id, reason: "Doctor unwell" });
    const messages = await messagesOf(booked.id);
    expect(
      messages
        .filter((m) => m.kind === "appointment_reminder")
        .every((m) => m.status === "cancelled"),
    ).toBe(true);
    const cancelled = messages.find(
      (m) => m.kind === "appointment_cancelled" && m.channel === "email",
    );
    expect(cancelled?.payload).toMatchObject({ reason: "Doctor unwell" });
  });

  it("a booking the database refuses queues nothing", async () => {
    const booked = await book(8, "12:00");
    const before = (await messagesOf(booked.id)).length;
    const refused = await failureOf(
      (await staff()).appointment.book({
        serviceId: practice.ids.service,
        patientId: practice.ids.patient,
        start: booked.startsAt,
        idempotencyKey: uniqueIdempotencyKey(),
      }),
    );
    expect(refused.code).toBe("CONFLICT");
    const all = await db
      .select({ id: schema.notification.id })
      .from(schema.notification)
      .where(eq(schema.notification.organizationId, practice.organization.id));
    expect((await messagesOf(booked.id)).length).toBe(before);
    expect(all.length).toBeGreaterThan(0);
  });
});

describe("delivery", () => {
  it("renders the reminder from the appointment as it is now, with working links, and records it", async () => {
    const booked = await book(9, "09:00");
    const [reminder] = (await messagesOf(booked.id)).filter(
      (m) => m.kind === "appointment_reminder" && m.channel === "email",
    );
    if (!reminder) throw new Error("no reminder");
    const outcome = await deliverNotification(deps(), reminder.id, { finalAttempt: false });
    expect(outcome.result).toBe("sent");
    const sent = email.sent.at(-1);
    expect(sent?.id).toBe(reminder.id);
    expect(sent?.subject).toBe("Reminder: Echocardiogram");
    expect(sent?.headers?.["List-Unsubscribe"]).toMatch(
      /^<https:\/\/caredesk\.example\/unsubscribe\?token=/,
    );
    const confirm = /appointment-link\?token=([a-z0-9]+)/.exec(sent?.text ?? "")?.[1];
    if (!confirm) throw new Error("no confirm link");

    // What we keep shows the message with its links blanked: tokens are stored hashed only.
    const [stored] = await db
      .select()
      .from(schema.notification)
      .where(eq(schema.notification.id, reminder.id));
    expect(stored?.status).toBe("sent");
    expect(stored?.providerMessageId).toMatch(/^queued-/);
    expect(stored?.bodyText).toContain("token=[link]");
    expect(stored?.bodyText).not.toContain(confirm);

    // Delivering it again (a retried job) sends nothing twice.
    const again = await deliverNotification(deps(), reminder.id, { finalAttempt: false });
    expect(again.result).toBe("skipped");
    expect(email.sent.filter((m) => m.id === reminder.id)).toHaveLength(1);

    // The confirm link confirms, once; the calendar's appointment says so.
    const visitor = await callerFor(db);
    const view = await visitor.link.appointment({ token: confirm });
    expect(view).toMatchObject({ action: "confirm", serviceName: "Echocardiogram" });
    await visitor.link.confirmAppointment({ token: confirm });
    const after = await (await staff()).appointment.byId({ id: booked.id });
    expect(after).toMatchObject({ status: "confirmed" });
    const [row] = await db
      .select({ at: schema.appointment.patientConfirmedAt })
      .from(schema.appointment)
      .where(eq(schema.appointment.id, booked.id));
    expect(row?.at).toBeInstanceOf(Date);
    const reused = await failureOf(visitor.link.confirmAppointment({ token: confirm }));
    expect(reused.message).toBe(invalidLinkMessage);
  });

  it("a reminder for an appointment cancelled since is not sent", async () => {
    const booked = await book(10, "13:00");
    const [reminder] = (await messagesOf(booked.id)).filter(
      (m) => m.kind === "appointment_reminder" && m.channel === "email",
    );
    // Cancelled behind the outbox's back (as if the cancellation raced the job).
    await db
      .update(schema.appointment)
      .set({ status: "cancelled" })
      .where(eq(schema.appointment.id, booked.id));
    const outcome = await deliverNotification(deps(), reminder?.id ?? "", { finalAttempt: false });
    expect(outcome).toMatchObject({ result: "skipped" });
    expect(email.sent.some((m) => m.id === reminder?.id)).toBe(false);
  });

  it("a refused address fails that message only, visibly; a temporary refusal is retried", async () => {
    const a = await book(11, "09:30");
    const b = await book(11, "11:30");
    const pick = async (id: string) =>
      (await messagesOf(id)).find((m) => m.kind === "appointment_booked" && m.channel === "email");
    const [ma, mb] = [await pick(a.id), await pick(b.id)];
    if (!ma || !mb) throw new Error("no confirmations");
    email.refuse = new DeliveryError("SMTP 550: no such mailbox", { permanent: true });
    const outcomes = await deliverNotifications(deps(), [
      { notificationId: ma.id, finalAttempt: false },
    ]);
    expect(outcomes.get(ma.id)).toMatchObject({ result: "failed" });
    email.refuse = new DeliveryError("SMTP 451: try later", { permanent: false });
    const retried = await deliverNotifications(deps(), [
      { notificationId: mb.id, finalAttempt: false },
    ]);
    expect(retried.get(mb.id)).toMatchObject({ result: "retry" });
    email.refuse = null;
    const rows = await db
      .select({
        id: schema.notification.id,
        status: schema.notification.status,
        lastError: schema.notification.lastError,
      })
      .from(schema.notification)
      .where(inArray(schema.notification.id, [ma.id, mb.id]));
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(ma.id)).toMatchObject({
      status: "failed",
      lastError: "SMTP 550: no such mailbox",
    });
    expect(byId.get(mb.id)).toMatchObject({ status: "pending", lastError: "SMTP 451: try later" });

    // Staff send the failed one again: it goes out.
    await (await staff()).message.retry({ id: ma.id });
    expect((await deliverNotification(deps(), ma.id, { finalAttempt: false })).result).toBe("sent");
  });
});

describe("links without signing in", () => {
  it("unknown, malformed, expired, wrong-purpose and used tokens answer the same and change nothing", async () => {
    const booked = await book(12, "15:00");
    const spec = {
      organizationId: practice.organization.id,
      patientId: practice.ids.patient,
      appointmentId: booked.id,
    };
    const expired = await mintActionToken(db, {
      ...spec,
      purpose: "appointment_cancel",
      expiresAt: new Date(Date.now() - 1000),
    });
    const confirmOnly = await mintActionToken(db, {
      ...spec,
      purpose: "appointment_confirm",
      expiresAt: booked.startsAt,
    });
    const visitor = await callerFor(db);
    for (const token of [expired, confirmOnly, "a".repeat(48), "not a token", randomUUID()]) {
      const failure = await failureOf(visitor.link.cancelAppointment({ token }));
      expect(failure.code).toBe("BAD_REQUEST");
      expect(failure.message).toBe(invalidLinkMessage);
    }
    const after = await (await staff()).appointment.byId({ id: booked.id });
    expect(after.status).toBe("confirmed");
  });

  it("the cancel link cancels and frees the time; the unsubscribe link stops email and SMS", async () => {
    const booked = await book(13, "15:30");
    const cancel = await mintActionToken(db, {
      organizationId: practice.organization.id,
      patientId: practice.ids.patient,
      appointmentId: booked.id,
      purpose: "appointment_cancel",
      expiresAt: booked.startsAt,
    });
    const visitor = await callerFor(db);
    await visitor.link.cancelAppointment({ token: cancel, reason: "Feeling better" });
    const after = await (await staff()).appointment.byId({ id: booked.id });
    expect(after).toMatchObject({ status: "cancelled", cancellationReason: "Feeling better" });
    // The time is free again.
    const rebooked = await book(13, "15:30");
    expect(rebooked.startsAt.getTime()).toBe(booked.startsAt.getTime());

    const unsubscribe = await mintActionToken(db, {
      organizationId: practice.organization.id,
      patientId: practice.ids.patient,
      purpose: "unsubscribe",
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    await visitor.link.unsubscribe({ token: unsubscribe });
    const [patient] = await db
      .select()
      .from(schema.patient)
      .where(eq(schema.patient.id, practice.ids.patient));
    expect(patient).toMatchObject({ emailOptIn: false, smsOptIn: false, consentSource: "link" });
    // Reminders that were waiting are withdrawn; a new booking queues no email.
    const waiting = (await messagesOf(rebooked.id)).filter(
      (m) => m.channel === "email" && m.status === "pending",
    );
    expect(waiting).toEqual([]);
    const later = await book(14, "16:00");
    expect((await messagesOf(later.id)).some((m) => m.channel === "email")).toBe(false);
  });
});
