// The front desk: the day's counts and agenda, the inbox of online requests (confirm, decline
// with a reason), the patient page's appointments, messages and consent, and the practice
// settings that decide how dates are written and when reminders go out.
import { schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import {
  bookingRequest,
  callerFor,
  createPatient,
  createStockedPractice,
  failureOf,
  nextWeekdayAt,
  uniqueIdempotencyKey,
  type Caller,
  type StockedPractice,
} from "@caredesk/api/testing";
import { epochMinutesToLocal, toEpochMinutes } from "@caredesk/scheduling";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

let database: TestDatabase;
let db: Database;
let practice: StockedPractice;
let other: StockedPractice;
let staff: Caller;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  [practice, other] = await Promise.all([
    createStockedPractice(db, { name: "Nile Clinic" }),
    createStockedPractice(db, { name: "Delta Clinic" }),
  ]);
  staff = await callerFor(db, {
    token: practice.owner.token,
    organizationId: practice.organization.id,
  });
});
afterAll(() => database.drop());

const londonDate = (instant: Date) =>
  epochMinutesToLocal(toEpochMinutes(instant), "Europe/London").date;

function book(caller: Caller, start: Date, patientId = practice.ids.patient) {
  return caller.appointment.book({
    serviceId: practice.ids.service,
    patientId,
    start,
    idempotencyKey: uniqueIdempotencyKey(),
  });
}

describe("the day at the front desk", () => {
  it("counts the day's bookings by what happened to them", async () => {
    // A weekday three weeks out: nothing else of the practice is booked on it.
    const day = (time: string) => nextWeekdayAt(time, 20);
    const [arrived, noShow, cancelled, completed] = await Promise.all([
      book(staff, day("09:00")),
      book(staff, day("09:30")),
      book(staff, day("10:00")),
      book(staff, day("10:30")),
      book(staff, day("11:00")),
    ]);
    await bookingRequest(db, staff, {
      serviceId: practice.ids.service,
      patientId: practice.ids.patient,
      start: day("12:00"),
    });
    if (!arrived || !noShow || !cancelled || !completed) throw new Error("booking failed");
    await staff.appointment.setStatus({ id: arrived.id, status: "in_progress", version: 1 });
    await staff.appointment.setStatus({ id: noShow.id, status: "no_show", version: 1 });
    await staff.appointment.setStatus({ id: completed.id, status: "completed", version: 1 });
    await staff.appointment.cancel({ id: cancelled.id, reason: "Unwell", version: 1 });

    const view = await staff.frontDesk.today({ scope: "practice", date: londonDate(day("09:00")) });

    expect(view).toMatchObject({ timeZone: "Europe/London", scope: "practice" });
    expect(view.counts).toEqual({
      booked: 4,
      arrived: 1,
      completed: 1,
      pending: 1,
      noShow: 1,
      cancelled: 1,
    });
    expect(view.agenda.map((a) => a.status)).toEqual([
      "in_progress",
      "no_show",
      "cancelled",
      "completed",
      "confirmed",
      "pending",
    ]);
    expect(view.agenda[2]).toMatchObject({ cancellationReason: "Unwell" });
    expect(view.agenda[0]?.practitioners).toEqual(["Dr Amira Hassan"]);
  });

  it("shows a doctor their own column, and a member without one an empty day", async () => {
    const date = londonDate(nextWeekdayAt("10:00"));
    const mine = await staff.frontDesk.today({ scope: "mine", date });
    expect(mine).toMatchObject({ practitioner: null, agenda: [] });

    await db
      .update(schema.practitioner)
      .set({ userId: practice.doctor.id })
      .where(eq(schema.practitioner.id, practice.ids.practitioner));
    const doctor = await callerFor(db, {
      token: practice.doctor.token,
      organizationId: practice.organization.id,
    });
    const own = await doctor.frontDesk.today({ scope: "mine", date });
    expect(own.practitioner).toMatchObject({ resourceId: practice.ids.practitionerResource });
    expect(own.agenda.map((a) => a.id)).toContain(practice.ids.appointment);
  });

  it("flags requests waiting for an answer", async () => {
    const view = await staff.frontDesk.today({ scope: "practice" });
    const requests = view.attention.find((a) => a.kind === "requests");
    expect(requests).toMatchObject({ kind: "requests" });
    expect(requests && "count" in requests ? requests.count : 0).toBeGreaterThanOrEqual(1);
  });

  it("answers another practice's member with nothing of this one", async () => {
    const outsider = await callerFor(db, {
      token: other.owner.token,
      organizationId: other.organization.id,
    });
    const view = await outsider.frontDesk.today({
      scope: "practice",
      date: londonDate(nextWeekdayAt("10:00")),
    });
    expect(view.agenda.map((a) => a.id)).not.toContain(practice.ids.appointment);
  });
});

describe("the requests inbox", () => {
  it("lists pending online bookings, the longest waiting first", async () => {
    const page = await staff.appointment.requests({ limit: 100 });
    const ids = page.items.map((r) => r.id);
    expect(ids).toContain(practice.ids.request);
    expect(ids).not.toContain(practice.ids.appointment);
    const created = page.items.map((r) => r.createdAt.getTime());
    expect(created).toEqual([...created].sort((x, y) => x - y));
    expect(page.items.every((r) => r.status === "pending" && r.source !== "staff")).toBe(true);
  });

  it("pages through the requests with a cursor", async () => {
    const first = await staff.appointment.requests({ limit: 1 });
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).not.toBeNull();
    const second = await staff.appointment.requests({
      limit: 1,
      cursor: first.nextCursor ?? undefined,
    });
    expect(second.items[0]?.id).not.toBe(first.items[0]?.id);
  });

  it("confirms a request through setStatus", async () => {
    const start = nextWeekdayAt("13:00", 25);
    const request = await bookingRequest(db, staff, {
      serviceId: practice.ids.service,
      patientId: practice.ids.patient,
      start,
    });
    const confirmed = await staff.appointment.setStatus({
      id: request.id,
      status: "confirmed",
      version: 1,
    });
    expect(confirmed.status).toBe("confirmed");
    const page = await staff.appointment.requests({ limit: 100 });
    expect(page.items.map((r) => r.id)).not.toContain(request.id);
  });

  it("declines with the reason and frees the time for another booking", async () => {
    const start = nextWeekdayAt("14:00", 25);
    const request = await bookingRequest(db, staff, {
      serviceId: practice.ids.service,
      patientId: practice.ids.patient,
      start,
    });

    const declined = await staff.appointment.decline({
      id: request.id,
      version: 1,
      reason: "The doctor is away that afternoon",
    });

    expect(declined).toMatchObject({
      status: "cancelled",
      cancellationReason: "The doctor is away that afternoon",
    });
    const someoneElse = await createPatient(staff, { firstName: "Hana" });
    await expect(book(staff, start, someoneElse.id)).resolves.toMatchObject({
      status: "confirmed",
    });
  });

  it("requires a reason to decline", async () => {
    const failure = await failureOf(
      staff.appointment.decline({ id: practice.ids.request, version: 1, reason: "  " }),
    );
    expect(failure).toMatchObject({ code: "BAD_REQUEST" });
    expect(failure.fieldErrors?.reason).toEqual(["Give a reason"]);
  });

  it("declines only requests, not confirmed appointments", async () => {
    const failure = await failureOf(
      staff.appointment.decline({ id: practice.ids.appointment, version: 1, reason: "No" }),
    );
    expect(failure).toMatchObject({ code: "BAD_REQUEST" });
    expect(failure.fieldErrors?.status).toBeDefined();
  });

  it("answers NOT_FOUND for another practice's request and changes nothing", async () => {
    const outsider = await callerFor(db, {
      token: other.owner.token,
      organizationId: other.organization.id,
    });
    expect(
      await failureOf(
        outsider.appointment.decline({ id: practice.ids.request, version: 1, reason: "No" }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
    const [row] = await db
      .select({ status: schema.appointment.status })
      .from(schema.appointment)
      .where(eq(schema.appointment.id, practice.ids.request));
    expect(row?.status).toBe("pending");
  });
});

describe("the patient page", () => {
  it("lists the patient's upcoming appointments with their doctor", async () => {
    const { upcoming } = await staff.patient.appointments({ patientId: practice.ids.patient });
    const stocked = upcoming.find((a) => a.id === practice.ids.appointment);
    expect(stocked).toMatchObject({ serviceName: "Echocardiogram", status: "confirmed" });
    expect(stocked?.practitioners).toEqual(["Dr Amira Hassan"]);
  });

  it("shows messages sent to the patient with the recipient masked", async () => {
    await db.insert(schema.notification).values([
      {
        organizationId: practice.organization.id,
        patientId: practice.ids.patient,
        kind: "appointment_booked",
        channel: "email",
        status: "failed",
        recipient: "mona.saleh@example.com",
        subject: "Your appointment",
        lastError: "Mailbox full",
      },
      {
        organizationId: practice.organization.id,
        patientId: practice.ids.patient,
        kind: "appointment_reminder",
        channel: "sms",
        status: "sent",
        recipient: "+201001234567",
        sentAt: new Date(),
      },
    ]);
    const page = await staff.patient.messages({ patientId: practice.ids.patient, limit: 25 });
    const email = page.items.find((m) => m.channel === "email");
    const sms = page.items.find((m) => m.channel === "sms");
    expect(email).toMatchObject({
      recipient: "m•••@example.com",
      status: "failed",
      lastError: "Mailbox full",
    });
    expect(sms?.recipient).toBe("+20••••••4567");
  });

  it("answers NOT_FOUND for another practice's patient", async () => {
    const outsider = await callerFor(db, {
      token: other.owner.token,
      organizationId: other.organization.id,
    });
    for (const call of [
      () => outsider.patient.messages({ patientId: practice.ids.patient, limit: 25 }),
      () => outsider.patient.appointments({ patientId: practice.ids.patient }),
      () =>
        outsider.patient.setConsent({
          id: practice.ids.patient,
          emailOptIn: false,
          smsOptIn: false,
          pushOptIn: false,
        }),
    ]) {
      expect(await failureOf(call())).toMatchObject({ code: "NOT_FOUND" });
    }
  });

  it("records consent as given to staff, with when", async () => {
    const before = Date.now();
    const consent = await staff.patient.setConsent({
      id: practice.ids.patient,
      emailOptIn: false,
      smsOptIn: true,
      pushOptIn: false,
    });
    expect(consent).toMatchObject({ emailOptIn: false, smsOptIn: true, consentSource: "staff" });
    expect(consent.consentRecordedAt?.getTime()).toBeGreaterThanOrEqual(before - 5_000);
    expect(await staff.patient.consent({ id: practice.ids.patient })).toEqual(consent);
  });
});

describe("practice settings", () => {
  it("saves locale, reminders, quiet hours, sender and channels", async () => {
    const saved = await staff.organization.update({
      id: practice.organization.id,
      locale: "en-gb",
      reminderOffsets: [120, 2880],
      quietHoursStart: 22 * 60,
      quietHoursEnd: 7 * 60,
      senderName: "Nile Clinic Reception",
      channels: ["email", "sms"],
    });
    expect(saved).toMatchObject({
      locale: "en-GB",
      reminderOffsets: [2880, 120],
      quietHoursStart: 1320,
      quietHoursEnd: 420,
      senderName: "Nile Clinic Reception",
      channels: ["email", "sms", "in_app"],
    });
    const me = await staff.auth.me();
    expect(me?.organizations.find((o) => o.id === practice.organization.id)?.locale).toBe("en-GB");
  });

  it("puts each refused setting next to its field", async () => {
    const failure = await failureOf(
      staff.organization.update({
        id: practice.organization.id,
        locale: "xx-NOPE-nothing",
        reminderOffsets: [10, 60, 60],
      }),
    );
    expect(failure).toMatchObject({ code: "BAD_REQUEST" });
    expect(failure.fieldErrors).toEqual({
      locale: ["Not a known locale"],
      reminderOffsets: ["Use each reminder time once"],
      "reminderOffsets.0": ["Send reminders at least 15 minutes ahead"],
    });
  });

  it("refuses half of the quiet hours", async () => {
    const failure = await failureOf(
      staff.organization.update({
        id: practice.organization.id,
        quietHoursStart: 600,
        quietHoursEnd: null,
      }),
    );
    expect(failure.fieldErrors).toEqual({
      quietHoursEnd: ["Give both ends of the quiet hours, or neither"],
    });
  });

  it("refuses more than four reminders and ones over seven days", async () => {
    const tooMany = await failureOf(
      staff.organization.update({
        id: practice.organization.id,
        reminderOffsets: [15, 30, 60, 120, 240],
      }),
    );
    expect(tooMany.fieldErrors?.reminderOffsets).toEqual(["Send at most 4 reminders"]);
    const tooEarly = await failureOf(
      staff.organization.update({ id: practice.organization.id, reminderOffsets: [10_081] }),
    );
    expect(tooEarly.fieldErrors?.["reminderOffsets.0"]).toEqual([
      "Send reminders at most 7 days ahead",
    ]);
  });
});
