// The public practice page: found by slug alone, foreign ids not found, a visitor's mobile
// finds or creates one patient, and nothing about staff or patients leaks out.
import { schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import {
  callerFor,
  createPractice,
  createStockedPractice,
  failureOf,
  nextWeekdayAt,
  uniqueIdempotencyKey,
  type Caller,
  type StockedPractice,
} from "@caredesk/api/testing";
import { epochMinutesToLocal, toEpochMinutes } from "@caredesk/scheduling";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

let database: TestDatabase;
let db: Database;
let visitor: Caller;
let practice: StockedPractice;
let other: StockedPractice;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  visitor = await callerFor(db);
  [practice, other] = await Promise.all([
    createStockedPractice(db, { name: "Nile Clinic" }),
    createStockedPractice(db, { name: "Delta Clinic" }),
  ]);
});
afterAll(() => database.drop());

const details = {
  firstName: "Walk",
  lastName: "In",
  mobile: "+20 100 777 1234",
};

function booking(overrides: Record<string, unknown> = {}) {
  return {
    slug: practice.organization.slug,
    serviceId: practice.ids.service,
    start: nextWeekdayAt("11:00", 3),
    ...details,
    idempotencyKey: uniqueIdempotencyKey(),
    ...overrides,
  } as Parameters<Caller["public"]["book"]>[0];
}

describe("the public practice page", () => {
  it("answers NOT_FOUND for an unknown slug", async () => {
    expect(await failureOf(visitor.public.practice({ slug: "no-such-practice" }))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(
      await failureOf(visitor.public.book(booking({ slug: "no-such-practice" }))),
    ).toMatchObject({ code: "NOT_FOUND" });
  });

  it("shows services and doctors without any staff email or phone", async () => {
    const page = await visitor.public.practice({ slug: practice.organization.slug });
    expect(page).toMatchObject({ name: "Nile Clinic", kind: "clinic", timeZone: "Europe/London" });
    expect(page.services.map((s) => s.id)).toContain(practice.ids.service);
    expect(page.practitioners).toEqual([
      expect.objectContaining({
        resourceId: practice.ids.practitionerResource,
        name: "Amira Hassan",
      }),
    ]);
    const text = JSON.stringify(page);
    expect(text).not.toMatch(/@/);
    expect(text).not.toMatch(/"(email|phone|mobile|userId)"/);
    expect(text).not.toContain(practice.organization.id);
  });

  it("answers NOT_FOUND for another organization's service or doctor", async () => {
    const slug = practice.organization.slug;
    expect(
      await failureOf(visitor.public.availability({ slug, serviceId: other.ids.service, days: 7 })),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(
      await failureOf(
        visitor.public.availability({
          slug,
          serviceId: practice.ids.service,
          practitionerResourceId: other.ids.practitionerResource,
          days: 7,
        }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(
      await failureOf(visitor.public.book(booking({ serviceId: other.ids.service }))),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(
      await failureOf(
        visitor.public.book(booking({ practitionerResourceId: other.ids.practitionerResource })),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
  });

  it("offers free times of the practice's doctors", async () => {
    const answer = await visitor.public.availability({
      slug: practice.organization.slug,
      serviceId: practice.ids.service,
      practitionerResourceId: practice.ids.practitionerResource,
      days: 7,
    });
    expect(answer.timeZone).toBe("Europe/London");
    expect(answer.slots.length).toBeGreaterThan(0);
  });

  it("books as pending from the public page, creating the patient once per mobile", async () => {
    const first = await visitor.public.book(booking({ start: nextWeekdayAt("12:00", 3) }));
    expect(first).toMatchObject({ status: "pending", serviceName: "Echocardiogram" });
    expect(first.reference).toMatch(/^[0-9A-F]{8}$/);
    expect(Object.keys(first).sort()).toEqual(
      ["endsAt", "reference", "serviceName", "startsAt", "status", "timeZone"].sort(),
    );

    // The same number typed another way, with other names: still the same patient.
    await visitor.public.book(
      booking({
        start: nextWeekdayAt("14:00", 3),
        mobile: "+201007771234",
        firstName: "Someone",
        lastName: "Else",
      }),
    );
    const patients = await db
      .select()
      .from(schema.patient)
      .where(
        and(
          eq(schema.patient.organizationId, practice.organization.id),
          eq(schema.patient.mobile, "+201007771234"),
        ),
      );
    expect(patients).toHaveLength(1);
    expect(patients[0]).toMatchObject({ firstName: "Walk", lastName: "In" });
    const appointments = await db
      .select()
      .from(schema.appointment)
      .where(eq(schema.appointment.patientId, patients[0]?.id ?? ""));
    expect(appointments).toHaveLength(2);
    expect(appointments.every((a) => a.source === "public" && a.status === "pending")).toBe(true);
  });

  it("refuses bad details and bad times with field errors", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ mobile: "12345678" }, "mobile"],
      [{ mobile: "not a number" }, "mobile"],
      [{ firstName: "" }, "firstName"],
      [{ lastName: "  " }, "lastName"],
      [{ start: nextWeekdayAt("22:00", 3) }, "start"],
      [{ start: new Date(Date.now() - 86_400_000) }, "start"],
    ];
    for (const [overrides, field] of cases) {
      const failure = await failureOf(visitor.public.book(booking(overrides)));
      expect(failure, field).toMatchObject({ code: "BAD_REQUEST" });
      expect(failure.fieldErrors?.[field], field).toBeTruthy();
    }
  });

  it("answers CONFLICT with alternatives when the slot was just taken", async () => {
    const start = nextWeekdayAt("15:00", 3);
    await visitor.public.book(booking({ start, mobile: "+201001110001" }));
    const failure = await failureOf(
      visitor.public.book(booking({ start, mobile: "+201001110002" })),
    );
    expect(failure).toMatchObject({ code: "CONFLICT" });
    expect(failure.alternatives?.length).toBeGreaterThan(0);
  });

  it("returns the same appointment for a repeated request", async () => {
    const input = booking({ start: nextWeekdayAt("16:00", 3), mobile: "+201001110003" });
    const first = await visitor.public.book(input);
    const again = await visitor.public.book(input);
    expect(again.reference).toBe(first.reference);
  });
});

describe("opening hours on the public page", () => {
  it("shows, for the coming week, when any doctor works, with holidays closed", async () => {
    const fresh = await createPractice(db);
    const owner = await callerFor(db, {
      token: fresh.owner.token,
      organizationId: fresh.organization.id,
    });
    const zone = "Europe/London";
    const weekdays = [1, 2, 3, 4, 5];
    const early = await owner.practitioner.create({ name: "Early Doctor" });
    const late = await owner.practitioner.create({ name: "Late Doctor" });
    const room = await owner.resource.create({ kind: "room", name: "Weekend room" });
    const hours = (spans: [string, string][], days = weekdays) =>
      days.flatMap((weekday) => spans.map(([start, end]) => ({ weekday, start, end })));
    await owner.schedule.setWeek({
      resourceId: early.resourceId,
      rules: hours([
        ["09:00", "13:00"],
        ["14:00", "16:00"],
      ]),
    });
    await owner.schedule.setWeek({
      resourceId: late.resourceId,
      rules: hours([["12:00", "17:30"]]),
    });
    // A room open at weekends does not open the practice.
    await owner.schedule.setWeek({
      resourceId: room.id,
      rules: hours([["08:00", "20:00"]], [6, 7]),
    });
    // A public holiday on the first weekday from the day after tomorrow.
    let minutes = toEpochMinutes(new Date()) + 2 * 1440;
    while (epochMinutesToLocal(minutes, zone).weekday > 5) minutes += 1440;
    const holiday = epochMinutesToLocal(minutes, zone).date;
    await owner.schedule.addException({
      resourceId: null,
      startsOn: holiday,
      endsOn: holiday,
      closed: true,
      reason: "Bank holiday",
    });

    const page = await visitor.public.practice({ slug: fresh.organization.slug });
    const today = epochMinutesToLocal(toEpochMinutes(new Date()), zone).date;
    expect(page.openingHours).toHaveLength(7);
    expect(page.openingHours[0]?.date).toBe(today);
    const local = (d: Date) => epochMinutesToLocal(toEpochMinutes(d), zone);
    for (const day of page.openingHours) {
      const noon = epochMinutesToLocal(
        toEpochMinutes(new Date(`${day.date}T12:00:00Z`)),
        "UTC",
      ).weekday;
      const shown = day.open.map((o) => `${local(o.start).time}-${local(o.end).time}`);
      if (noon > 5 || day.date === holiday) expect(shown, day.date).toEqual([]);
      else expect(shown, day.date).toEqual(["09:00-17:30"]);
      for (const o of day.open) expect(local(o.start).date).toBe(day.date);
    }
    expect(page.openingHours.some((d) => d.date === holiday)).toBe(true);
  });
});
