// Working hours: a week is saved as a whole, bad hours are refused field by field.
import type { Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import { callerFor, createPractice, failureOf, type Caller } from "@caredesk/api/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

let database: TestDatabase;
let db: Database;
let owner: Caller;
let doctorCaller: Caller;
let resourceId: string;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  const practice = await createPractice(db);
  owner = await callerFor(db, {
    token: practice.owner.token,
    organizationId: practice.organization.id,
  });
  doctorCaller = await callerFor(db, {
    token: practice.doctor.token,
    organizationId: practice.organization.id,
  });
  resourceId = (await owner.practitioner.create({ name: "Layla Nasser" })).resourceId;
});
afterAll(() => database.drop());

describe("weekly hours", () => {
  it("saves a week with a lunch break and reads it back in order", async () => {
    await owner.schedule.setWeek({
      resourceId,
      rules: [
        { weekday: 2, start: "14:00", end: "18:00" },
        { weekday: 2, start: "09:00", end: "13:00" },
        { weekday: 6, start: "10:00", end: "24:00" },
      ],
    });
    const { rules } = await owner.schedule.forResource({ resourceId });
    expect(rules.map((r) => [r.weekday, r.start, r.end])).toEqual([
      [2, "09:00", "13:00"],
      [2, "14:00", "18:00"],
      [6, "10:00", "24:00"],
    ]);
  });

  it("replaces the whole week on save", async () => {
    await owner.schedule.setWeek({
      resourceId,
      rules: [{ weekday: 1, start: "08:00", end: "12:00" }],
    });
    const { rules } = await owner.schedule.forResource({ resourceId });
    expect(rules).toHaveLength(1);
  });

  it.each([
    ["an end before the start", [{ weekday: 1, start: "13:00", end: "09:00" }], "rules.0.end"],
    [
      "overlapping intervals on one day",
      [
        { weekday: 3, start: "09:00", end: "13:00" },
        { weekday: 3, start: "12:00", end: "15:00" },
      ],
      "rules.1.start",
    ],
    [
      "a day that does not exist",
      [{ weekday: 8, start: "09:00", end: "10:00" }],
      "rules.0.weekday",
    ],
    ["a time that does not exist", [{ weekday: 1, start: "25:00", end: "26:00" }], "rules.0.start"],
  ])("refuses %s with a field error and keeps the old week", async (_label, rules, field) => {
    const before = await owner.schedule.forResource({ resourceId });
    const failure = await failureOf(owner.schedule.setWeek({ resourceId, rules }));
    expect(failure.code).toBe("BAD_REQUEST");
    expect(Object.keys(failure.fieldErrors ?? {})).toContain(field);
    expect((await owner.schedule.forResource({ resourceId })).rules).toEqual(before.rules);
  });

  it("lets doctors read schedules but not change them", async () => {
    await expect(doctorCaller.schedule.forResource({ resourceId })).resolves.toBeTruthy();
    const failure = await failureOf(doctorCaller.schedule.setWeek({ resourceId, rules: [] }));
    expect(failure.code).toBe("FORBIDDEN");
  });
});

describe("exceptions", () => {
  it("shows organization-wide holidays on every resource's schedule", async () => {
    await owner.schedule.addException({
      resourceId: null,
      startsOn: "2030-01-07",
      endsOn: "2030-01-07",
      closed: true,
      reason: "Coptic Christmas",
    });
    const { exceptions } = await owner.schedule.forResource({ resourceId });
    expect(exceptions.map((e) => [e.resourceId, e.reason])).toContainEqual([
      null,
      "Coptic Christmas",
    ]);
  });

  it("refuses replacement hours that are missing, and days in the wrong order", async () => {
    const missing = await failureOf(
      owner.schedule.addException({
        resourceId,
        startsOn: "2030-02-01",
        endsOn: "2030-02-01",
        closed: false,
      }),
    );
    expect(missing.fieldErrors).toHaveProperty("intervals");
    const backwards = await failureOf(
      owner.schedule.addException({
        resourceId,
        startsOn: "2030-02-03",
        endsOn: "2030-02-01",
        closed: true,
      }),
    );
    expect(backwards.fieldErrors).toHaveProperty("endsOn");
  });
});
