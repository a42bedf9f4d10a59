// The calendar's prepared statements map their rows straight into the answer (a custom result
// mapper in place of Drizzle's generic one): the answer is the one Drizzle's own mapping and
// the per-call grouping give — the same keys in the same order, the same values (dates as
// Date), an appointment on two resources listed once with both — on PostgreSQL and PGlite.
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import { createPatient, nextWeekdayAt } from "@caredesk/api/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { calendarOutput } from "../src/router/appointment";
import { listAppointments } from "../src/service/appointment-list";
import {
  bookNextWeekday,
  createConsultation,
  practiceWithOwner,
  setWeeklyHours,
} from "./plan-fixture";

let database: TestDatabase;
let orgId: string;
let resourceIds: string[];
const day = { from: nextWeekdayAt("00:00"), to: nextWeekdayAt("23:59") };

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  const practice = await practiceWithOwner(database.db);
  orgId = practice.orgId;
  const { staff } = practice;
  const doctor = await staff.practitioner.create({ name: "Amira Hassan" });
  const room = await staff.resource.create({ kind: "room", name: "Room 1" });
  resourceIds = [doctor.resourceId, room.id];
  await setWeeklyHours(staff, resourceIds, {
    weekdays: [1, 2, 3, 4, 5, 6, 7],
    start: "08:00",
    end: "18:00",
  });
  const serviceId = await createConsultation(staff, {
    durationMinutes: 30,
    minNoticeMinutes: 0,
    requirements: [{ kind: "practitioner" }, { kind: "room" }],
  });
  const patientId = (await createPatient(staff, { firstName: "Layla", lastName: "Nasser" })).id;
  for (const time of ["09:00", "10:00", "11:30"]) {
    await bookNextWeekday(staff, {
      serviceId,
      patientId,
      time,
      resourceIds,
      notes: time === "10:00" ? "Bring the scans" : undefined,
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

  it("answer rows the calendar's output check takes as they are, without zod's copy", async () => {
    for (const includeCancelled of [false, true]) {
      const rows = await listAppointments(database.db, orgId, { ...day, includeCancelled });
      expect(calendarOutput.parse(rows)).toBe(rows);
    }
  });
});
