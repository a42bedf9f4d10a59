// Booking: every resource a service needs, all or nothing; never two bookings of one
// resource at once, even under a crowd of simultaneous requests.
import { schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import {
  epochMinutesToLocal,
  localToEpochMinutes,
  toEpochMinutes,
  fromEpochMinutes,
} from "@caredesk/scheduling";
import {
  addPortalPatient,
  callerFor,
  createPatient,
  createPractice,
  errorShapeOf,
  failureOf,
  uniqueIdempotencyKey,
  type Caller,
  type TestUser,
} from "@caredesk/api/testing";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, queryRows, wrapPglite, type DbHandle } from "@caredesk/db";

let database: TestDatabase;
let db: Database;
let staff: Caller;
let orgId: string;
let ownerToken: string;
let owner: TestUser;
let doctor: { id: string; resourceId: string };
let secondDoctor: { id: string; resourceId: string };
let room: { id: string };
let echo: { id: string };
let consultation: { id: string };
let echoScan: { id: string };
let patients: { id: string }[];

const zone = "Europe/London";

/** The next Monday at least two days away, as a local date in the practice's zone. */
function nextMonday(): string {
  let minutes = toEpochMinutes(new Date()) + 2 * 1440;
  while (epochMinutesToLocal(minutes, zone).weekday !== 1) minutes += 1440;
  return epochMinutesToLocal(minutes, zone).date;
}
const monday = nextMonday();
const at = (time: string, date = monday) => {
  const minutes = localToEpochMinutes(date, time, zone);
  if (minutes === null) throw new Error(`no such time ${date} ${time}`);
  return fromEpochMinutes(minutes);
};

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  const practice = await createPractice(db);
  orgId = practice.organization.id;
  ownerToken = practice.owner.token;
  owner = practice.owner;
  staff = await callerFor(db, { token: practice.owner.token, organizationId: orgId });
  doctor = await staff.practitioner.create({ name: "Amira Hassan" });
  secondDoctor = await staff.practitioner.create({ name: "Karim Fathy" });
  room = await staff.resource.create({ kind: "room", name: "Scan room" });
  echo = await staff.resource.create({
    kind: "equipment",
    name: "Echo 1",
    category: "echo machine",
  });
  const week = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "09:00", end: "17:00" }));
  for (const resourceId of [doctor.resourceId, secondDoctor.resourceId, room.id, echo.id]) {
    await staff.schedule.setWeek({ resourceId, rules: week });
  }
  consultation = await staff.service.create({
    name: "Consultation",
    durationMinutes: 30,
    priceMinor: 5000,
    colour: "#2563eb",
    minNoticeMinutes: 0,
    requirements: [{ kind: "practitioner" }],
  });
  echoScan = await staff.service.create({
    name: "Echocardiogram",
    durationMinutes: 30,
    priceMinor: 15000,
    colour: "#dc2626",
    requirements: [
      { kind: "practitioner" },
      { kind: "room" },
      { kind: "equipment", category: "echo machine" },
    ],
  });
  patients = [];
  for (let i = 0; i < 60; i++) patients.push(await createPatient(staff));
});
afterAll(() => database.drop());

async function overlappingRows(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from appointment_resource a join appointment_resource b
          on a.organization_id = b.organization_id and a.resource_id = b.resource_id and a.id < b.id
         and a.during && b.during
       where a.status in ('held','pending','confirmed','in_progress') and b.status in ('held','pending','confirmed','in_progress')`,
  );
  return row?.n ?? -1;
}

async function appointmentCount(): Promise<number> {
  const rows = await db
    .select({ id: schema.appointment.id })
    .from(schema.appointment)
    .where(eq(schema.appointment.organizationId, orgId));
  return rows.length;
}

describe("booking one slot from many places at once", () => {
  it("lets exactly one of 50 simultaneous requests win; the rest get CONFLICT with alternatives", async () => {
    const start = at("10:00");
    const callers = await Promise.all(patients.slice(0, 50).map(() => Promise.resolve(staff)));
    const results = await Promise.allSettled(
      callers.map((caller, i) =>
        caller.appointment.book({
          serviceId: consultation.id,
          patientId: patients[i]?.id ?? "",
          start,
          resourceIds: [doctor.resourceId],
          idempotencyKey: uniqueIdempotencyKey(),
        }),
      ),
    );
    const failures = results
      .filter((r) => r.status === "rejected")
      .map((r) => errorShapeOf(r.reason));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(failures.filter((f) => f.code === "CONFLICT")).toHaveLength(49);
    expect(failures.find((f) => f.code !== "CONFLICT")).toBeUndefined();
    expect(await overlappingRows()).toBe(0);
    const alternatives = failures[0]?.alternatives ?? [];
    expect(alternatives).toHaveLength(3);
    for (const alt of alternatives) expect(alt.start.getTime()).not.toBe(start.getTime());
  });
});

describe("a service needing doctor, room and equipment", () => {
  it("books all three together", async () => {
    const booked = await staff.appointment.book({
      serviceId: echoScan.id,
      patientId: patients[50]?.id ?? "",
      start: at("13:00"),
      idempotencyKey: uniqueIdempotencyKey(),
    });
    expect(booked.resources.map((r) => r.kind).sort()).toEqual([
      "equipment",
      "practitioner",
      "room",
    ]);
  });

  it("books nothing when one of the three is taken, and offers other times", async () => {
    // The only room is busy at 14:00 with a patient of the other doctor.
    await staff.appointment.book({
      serviceId: echoScan.id,
      patientId: patients[51]?.id ?? "",
      start: at("14:00"),
      resourceIds: [secondDoctor.resourceId],
      idempotencyKey: uniqueIdempotencyKey(),
    });
    const before = await appointmentCount();
    const failure = await failureOf(
      staff.appointment.book({
        serviceId: echoScan.id,
        patientId: patients[52]?.id ?? "",
        start: at("14:00"),
        resourceIds: [doctor.resourceId],
        idempotencyKey: uniqueIdempotencyKey(),
      }),
    );
    expect(failure.code).toBe("CONFLICT");
    expect(failure.alternatives?.length).toBeGreaterThan(0);
    expect(await appointmentCount()).toBe(before);
    expect(await overlappingRows()).toBe(0);
  });
});

describe("times that cannot be booked", () => {
  const attempt = (start: Date, extra: { serviceId?: string; patient?: number } = {}) =>
    failureOf(
      staff.appointment.book({
        serviceId: extra.serviceId ?? consultation.id,
        patientId: patients[extra.patient ?? 54]?.id ?? "",
        start,
        resourceIds: [secondDoctor.resourceId],
        idempotencyKey: uniqueIdempotencyKey(),
      }),
    );

  it("refuses a time in the past", async () => {
    const failure = await attempt(new Date(Date.now() - 86_400_000));
    expect(failure.code).toBe("BAD_REQUEST");
    expect(failure.fieldErrors?.start).toBeDefined();
  });

  it("refuses a time outside working hours", async () => {
    expect((await attempt(at("18:00"))).fieldErrors?.start?.[0]).toMatch(/working hours/);
  });

  it("refuses a day the practice is closed", async () => {
    const tuesday = epochMinutesToLocal(toEpochMinutes(at("10:00")) + 1440, zone).date;
    await staff.schedule.addException({
      resourceId: null,
      startsOn: tuesday,
      endsOn: tuesday,
      closed: true,
      reason: "Holiday",
    });
    expect((await attempt(at("10:00", tuesday))).fieldErrors?.start?.[0]).toMatch(/working hours/);
  });

  it("refuses a time beyond the booking horizon", async () => {
    const far = new Date(Date.now() + 400 * 86_400_000);
    expect((await attempt(far)).fieldErrors?.start).toBeDefined();
  });

  it("refuses a service that needs equipment the practice does not have", async () => {
    const mri = await staff.service.create({
      name: "MRI",
      durationMinutes: 30,
      priceMinor: 1,
      colour: "#000000",
      requirements: [{ kind: "equipment", category: "mri scanner" }],
    });
    const failure = await attempt(at("11:00"), { serviceId: mri.id });
    expect(failure.code).toBe("BAD_REQUEST");
    expect(failure.fieldErrors?.serviceId?.[0]).toMatch(/mri scanner/);
  });

  it("refuses to put a patient in two places at once", async () => {
    await staff.appointment.book({
      serviceId: consultation.id,
      patientId: patients[55]?.id ?? "",
      start: at("11:30"),
      resourceIds: [doctor.resourceId],
      idempotencyKey: uniqueIdempotencyKey(),
    });
    const failure = await attempt(at("11:30"), { patient: 55 });
    expect(failure.code).toBe("CONFLICT");
  });
});

describe("the lifecycle", () => {
  it("follows the transition table and refuses stale versions", async () => {
    const booked = await staff.appointment.book({
      serviceId: consultation.id,
      patientId: patients[56]?.id ?? "",
      start: at("16:00"),
      resourceIds: [doctor.resourceId],
      idempotencyKey: uniqueIdempotencyKey(),
    });
    const started = await staff.appointment.setStatus({
      id: booked.id,
      status: "in_progress",
      version: booked.version,
    });
    const stale = await failureOf(
      staff.appointment.setStatus({ id: booked.id, status: "completed", version: booked.version }),
    );
    expect(stale.code).toBe("CONFLICT");
    const done = await staff.appointment.setStatus({
      id: booked.id,
      status: "completed",
      version: started.version,
    });
    expect(done.status).toBe("completed");
    const back = await failureOf(
      staff.appointment.setStatus({ id: booked.id, status: "confirmed", version: done.version }),
    );
    expect(back.code).toBe("BAD_REQUEST");
  });

  it("frees the slot on cancel and moves bookings in place on reschedule", async () => {
    const booked = await staff.appointment.book({
      serviceId: consultation.id,
      patientId: patients[57]?.id ?? "",
      start: at("09:00"),
      resourceIds: [secondDoctor.resourceId],
      idempotencyKey: uniqueIdempotencyKey(),
    });
    const moved = await staff.appointment.reschedule({
      id: booked.id,
      start: at("09:30"),
      version: booked.version,
    });
    expect(moved.startsAt.getTime()).toBe(at("09:30").getTime());
    const cancelled = await staff.appointment.cancel({
      id: booked.id,
      reason: "Patient asked",
      version: moved.version,
    });
    expect(cancelled.status).toBe("cancelled");
    const rebooked = await staff.appointment.book({
      serviceId: consultation.id,
      patientId: patients[58]?.id ?? "",
      start: at("09:30"),
      resourceIds: [secondDoctor.resourceId],
      idempotencyKey: uniqueIdempotencyKey(),
    });
    expect(rebooked.status).toBe("confirmed");
  });

  it("answers CONFLICT with alternatives when rescheduling onto a taken time", async () => {
    const mine = await staff.appointment.book({
      serviceId: consultation.id,
      patientId: patients[59]?.id ?? "",
      start: at("12:00"),
      resourceIds: [doctor.resourceId],
      idempotencyKey: uniqueIdempotencyKey(),
    });
    const failure = await failureOf(
      staff.appointment.reschedule({ id: mine.id, start: at("10:00"), version: mine.version }),
    );
    expect(failure.code).toBe("CONFLICT");
    const still = await staff.appointment.byId({ id: mine.id });
    expect(still.startsAt.getTime()).toBe(at("12:00").getTime());
  });
});

describe("availability", () => {
  it("does not offer times that are booked", async () => {
    const result = await staff.availability.search({
      serviceId: consultation.id,
      practitionerResourceId: doctor.resourceId,
      fromDate: monday,
      days: 1,
    });
    const starts = result.slots.map((s) => s.start.getTime());
    expect(starts).toContain(at("09:00").getTime());
    expect(starts).not.toContain(at("10:00").getTime());
    expect(starts).not.toContain(at("17:00").getTime());
    const rows = await db
      .select({ id: schema.appointment.id })
      .from(schema.appointment)
      .where(
        and(
          eq(schema.appointment.organizationId, orgId),
          eq(schema.appointment.startsAt, at("10:00")),
        ),
      );
    expect(rows.length).toBeGreaterThan(0);
  });
});

describe("where an appointment can move", () => {
  // Wednesday: Tuesday is closed by a test above.
  const wednesday = epochMinutesToLocal(toEpochMinutes(at("12:00")) + 2 * 1440, zone).date;
  const times = (slots: { start: Date }[]) => slots.map((s) => s.start.getTime());

  const bookAt = async (time: string, resourceId: string) =>
    staff.appointment.book({
      serviceId: consultation.id,
      patientId: (await createPatient(staff)).id,
      start: at(time, wednesday),
      resourceIds: [resourceId],
      idempotencyKey: uniqueIdempotencyKey(),
    });

  it("offers the times its own doctor is free, counting its own time as free", async () => {
    const booked = await bookAt("10:00", doctor.resourceId);
    // The same doctor is busy at 11:30; the other doctor at 14:00.
    await bookAt("11:30", doctor.resourceId);
    await bookAt("14:00", secondDoctor.resourceId);
    const options = await staff.appointment.rescheduleOptions({
      id: booked.id,
      fromDate: wednesday,
      days: 1,
    });
    const offered = times(options.slots);
    expect(offered).toContain(at("10:00", wednesday).getTime());
    expect(offered).toContain(at("10:15", wednesday).getTime());
    expect(offered).toContain(at("14:00", wednesday).getTime());
    expect(offered).not.toContain(at("11:30", wednesday).getTime());
    expect(options.slots.every((s) => s.resourceIds.join() === doctor.resourceId)).toBe(true);
    // "Any doctor" would offer 11:30 (the other doctor is free): moving there would fail.
    const anyDoctor = await staff.availability.search({
      serviceId: consultation.id,
      fromDate: wednesday,
      days: 1,
    });
    expect(times(anyDoctor.slots)).toContain(at("11:30", wednesday).getTime());

    const moved = await staff.appointment.reschedule({
      id: booked.id,
      start: at("10:15", wednesday),
      version: booked.version,
    });
    expect(moved.startsAt.getTime()).toBe(at("10:15", wednesday).getTime());
  });

  it("shows a patient only their own appointment's options", async () => {
    const pat = await addPortalPatient(db, orgId, owner);
    const portal = await callerFor(db, { token: pat.user.token, organizationId: orgId });
    const own = await portal.appointment.bookMine({
      serviceId: consultation.id,
      start: at("15:00", wednesday),
      resourceIds: [secondDoctor.resourceId],
      idempotencyKey: uniqueIdempotencyKey(),
    });
    const options = await portal.appointment.rescheduleOptionsMine({
      id: own.id,
      fromDate: wednesday,
      days: 1,
    });
    expect(times(options.slots)).toContain(at("15:00", wednesday).getTime());
    expect(times(options.slots)).not.toContain(at("14:00", wednesday).getTime());

    const someoneElse = await bookAt("16:00", doctor.resourceId);
    const failure = await failureOf(
      portal.appointment.rescheduleOptionsMine({
        id: someoneElse.id,
        fromDate: wednesday,
        days: 1,
      }),
    );
    expect(failure.code).toBe("NOT_FOUND");
  });
});

describe("holds", () => {
  it("keeps a held slot from others until the hold expires, then lets the next patient book it", async () => {
    const start = at("16:30");
    const held = await staff.appointment.hold({
      serviceId: consultation.id,
      start,
      resourceIds: [secondDoctor.resourceId],
      idempotencyKey: uniqueIdempotencyKey(),
    });
    expect(held.status).toBe("held");
    const request = () =>
      staff.appointment.book({
        serviceId: consultation.id,
        patientId: patients[59]?.id ?? "",
        start,
        resourceIds: [secondDoctor.resourceId],
        idempotencyKey: uniqueIdempotencyKey(),
      });
    expect((await failureOf(request())).code).toBe("CONFLICT");

    await db
      .update(schema.appointment)
      .set({ holdExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(schema.appointment.id, held.id));
    const booked = await request();

    expect(booked.status).toBe("confirmed");
    const [expired] = await db
      .select()
      .from(schema.appointment)
      .where(eq(schema.appointment.id, held.id));
    expect(expired?.status).toBe("cancelled");
    const audit = await db
      .select({ action: schema.auditLog.action })
      .from(schema.auditLog)
      .where(
        and(
          eq(schema.auditLog.entityId, held.id),
          eq(schema.auditLog.action, "appointment.expireHold"),
        ),
      );
    expect(audit).toHaveLength(1);
  });
});

describe("changes to the directory reach booking at once", () => {
  // Servers keep services, resources and hours in memory; each change must be seen by the
  // very next booking, on this server and on any other.
  const weekLater = epochMinutesToLocal(toEpochMinutes(at("10:00")) + 7 * 1440, zone).date;
  let other: DbHandle;
  let otherStaff: Caller;

  beforeAll(async () => {
    // A second server instance: its own connection and its own in-memory directory.
    if (database.url) other = await createDb({ databaseUrl: database.url });
    else if (database.pglite) other = wrapPglite(database.pglite);
    else throw new Error("the test database is neither PostgreSQL nor PGlite");
    otherStaff = await callerFor(other.db, { token: ownerToken, organizationId: orgId });
  });
  afterAll(() => (database.url ? other.close() : Promise.resolve()));

  const book = (caller: Caller, time: string, patient: number, serviceId = consultation.id) =>
    caller.appointment.book({
      serviceId,
      patientId: patients[patient]?.id ?? "",
      start: at(time, weekLater),
      resourceIds: [doctor.resourceId],
      idempotencyKey: uniqueIdempotencyKey(),
    });

  it("closing a doctor's day on one server refuses the next booking on both", async () => {
    await book(staff, "09:00", 40);
    await book(otherStaff, "09:30", 41);
    const closed = await staff.schedule.addException({
      resourceId: doctor.resourceId,
      startsOn: weekLater,
      endsOn: weekLater,
      closed: true,
      reason: "Conference",
    });
    for (const caller of [staff, otherStaff]) {
      const failure = await failureOf(book(caller, "11:00", 42));
      expect(failure.code).toBe("BAD_REQUEST");
      expect(failure.fieldErrors?.start?.[0]).toMatch(/working hours/);
    }
    await staff.schedule.removeException({ id: closed.id });
    const reopened = await book(otherStaff, "11:00", 42);
    expect(reopened.status).toBe("confirmed");
  });

  it("shorter weekly hours, a longer service and an archived doctor are all seen by the other server", async () => {
    const week = (end: string) =>
      staff.schedule.setWeek({
        resourceId: doctor.resourceId,
        rules: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "09:00", end })),
      });
    await otherStaff.availability.search({ serviceId: consultation.id, days: 14, limit: 5 });
    await week("12:00");
    expect((await failureOf(book(otherStaff, "14:00", 43))).fieldErrors?.start?.[0]).toMatch(
      /working hours/,
    );
    await week("17:00");

    await staff.service.update({ id: consultation.id, durationMinutes: 90 });
    const long = await book(otherStaff, "14:00", 43);
    expect(long.endsAt.getTime() - long.startsAt.getTime()).toBe(90 * 60_000);
    await staff.service.update({ id: consultation.id, durationMinutes: 30 });

    await staff.practitioner.update({ id: doctor.id, active: false });
    expect((await failureOf(book(otherStaff, "10:30", 45))).code).toBe("NOT_FOUND");
    await staff.practitioner.update({ id: doctor.id, active: true });
    expect((await book(otherStaff, "10:30", 45)).status).toBe("confirmed");
  });

  it("a service that newly needs equipment the practice lacks is refused on the other server", async () => {
    const checkup = await staff.service.create({
      name: "Check-up",
      durationMinutes: 30,
      priceMinor: 3000,
      colour: "#16a34a",
      minNoticeMinutes: 0,
      requirements: [{ kind: "practitioner" }],
    });
    await book(otherStaff, "16:00", 46, checkup.id);
    await staff.service.update({
      id: checkup.id,
      requirements: [{ kind: "practitioner" }, { kind: "equipment", category: "x-ray" }],
    });
    const failure = await failureOf(book(otherStaff, "16:30", 47, checkup.id));
    expect(failure.code).toBe("BAD_REQUEST");
    expect(failure.fieldErrors?.serviceId?.[0]).toMatch(/x-ray/);
  });
});

describe("the slot grid", () => {
  let late: { id: string; resourceId: string };
  let visit: { id: string };

  beforeAll(async () => {
    late = await staff.practitioner.create({ name: "Layla Nour" });
    await staff.schedule.setWeek({
      resourceId: late.resourceId,
      rules: [{ weekday: 1, start: "09:10", end: "12:00" }],
    });
    visit = await staff.service.create({
      name: "Half-hour visit",
      durationMinutes: 30,
      slotIntervalMinutes: 30,
      priceMinor: 1000,
      colour: "#0891b2",
      minNoticeMinutes: 0,
      requirements: [{ kind: "practitioner" }],
    });
  });

  it("starts where the doctor's hours start, not at the half hour", async () => {
    const found = await staff.availability.search({
      serviceId: visit.id,
      practitionerResourceId: late.resourceId,
      fromDate: monday,
      days: 1,
    });

    expect(found.slots.slice(0, 3).map((s) => s.start)).toEqual([
      at("09:10"),
      at("09:40"),
      at("10:10"),
    ]);
  });

  it("answers a start between two slot times with the nearest free ones, not 'outside hours'", async () => {
    const request = {
      serviceId: visit.id,
      patientId: patients[57]?.id ?? "",
      resourceIds: [late.resourceId],
    };
    await staff.appointment.book({
      ...request,
      start: at("09:10"),
      idempotencyKey: uniqueIdempotencyKey(),
    });

    const failure = await failureOf(
      staff.appointment.book({
        ...request,
        start: at("09:55"),
        idempotencyKey: uniqueIdempotencyKey(),
      }),
    );

    expect(failure.code).toBe("BAD_REQUEST");
    expect(failure.fieldErrors?.start).toEqual([
      "Appointments start every 30 minutes; the nearest free times are 09:40, 10:10 or 10:40",
    ]);
    // 09:10 is booked: the nearest free ones, the earlier side first.
    expect(failure.alternatives?.map((s) => s.start)).toEqual([
      at("09:40"),
      at("10:10"),
      at("10:40"),
    ]);
  });
});
