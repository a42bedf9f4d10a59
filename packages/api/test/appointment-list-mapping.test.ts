// The calendar's prepared statements map their rows straight into the answer (a custom result
// mapper in place of Drizzle's generic one): the answer is the one Drizzle's own mapping and
// the per-call grouping give — the same keys in the same order, the same values (dates as
// Date), an appointment on two resources listed once with both — on PostgreSQL and PGlite.
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import {
  callerFor,
  createPatient,
  createPractice,
  nextWeekdayAt,
  uniqueIdempotencyKey,
} from "@caredesk/api/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { listAppointments } from "../src/service/appointment-list";

let database: TestDatabase;
let orgId: string;
let resourceIds: string[];
const day = { from: nextWeekdayAt("00:00"), to: nextWeekdayAt("23:59") };

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  const practice = await createPractice(database.db);
  orgId = practice.organization.id;
  const staff = await callerFor(database.db, {
    token: practice.owner.token,
    organizationId: orgId,
  });
  const doctor = await staff.practitioner.create({ name: "Amira Hassan" });
  const room = await staff.resource.create({ kind: "room", name: "Room 1" });
  resourceIds = [doctor.resourceId, room.id];
  for (const resourceId of resourceIds) {
    await staff.schedule.setWeek({
      resourceId,
      rules: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: "08:00", end: "18:00" })),
    });
  }
  const serviceId = (
    await staff.service.create({
      name: "Consultation",
      durationMinutes: 30,
      priceMinor: 5000,
      colour: "#2563eb",
      minNoticeMinutes: 0,
      requirements: [{ kind: "practitioner" }, { kind: "room" }],
    })
  ).id;
  const patientId = (await createPatient(staff, { firstName: "Layla", lastName: "Nasser" })).id;
  for (const time of ["09:00", "10:00", "11:30"]) {
    await staff.appointment.book({
      serviceId,
      patientId,
      start: nextWeekdayAt(time),
      resourceIds,
      kind: "in_person",
      notes: time === "10:00" ? "Bring the scans" : undefined,
      idempotencyKey: uniqueIdempotencyKey(),
    });
  }
}, 120_000);
afterAll(() => database.drop());

describe("the calendar's prepared statements", () => {
  it("answer what Drizzle's mapping and the per-call grouping answer", async () => {
    for (const includeCancelled of [false, true]) {
      const prepared = await listAppointments(database.db, orgId, { ...day, includeCancelled });
      // A list narrowed to every resource is built per call and mapped by Drizzle.
      const perCall = await listAppointments(database.db, orgId, {
        ...day,
        includeCancelled,
        resourceIds,
      });
      expect(prepared).toHaveLength(3);
      expect(prepared.every((row) => row.resourceIds.length === 2)).toBe(true);
      expect(prepared[0]?.startsAt).toBeInstanceOf(Date);
      expect(prepared).toEqual(perCall);
      expect(JSON.stringify(prepared)).toBe(JSON.stringify(perCall));
      expect(prepared.map((row) => Object.keys(row))).toEqual(
        perCall.map((row) => Object.keys(row)),
      );
    }
  });
});
