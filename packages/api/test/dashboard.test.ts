// The practice dashboard: its figures equal what the test made (appointments by day and status,
// rates, utilisation, new patients, revenue by method and doctor, top services), days are the
// practice's own (23:30 in Bogotá is still that day), one doctor's view is theirs alone, and the
// range and the caller are checked.
import { schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import {
  addMember,
  callerFor,
  createPatient,
  createPractice,
  failureOf,
  openSite,
  signUp,
  uniqueIdempotencyKey,
  type Caller,
  type TestUser,
} from "@caredesk/api/testing";
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { practiceToday } from "../src/service/dental";

let database: TestDatabase;
let db: Database;

/** UTC−5 all year (no daylight saving): a day's 23:30 is the next day in UTC. */
const zone = "America/Bogota";
/** Working hours every day, 08:00 to midnight: 16 hours. */
const hoursPerDay = 16;
const rangeDays = 7;

type Status = "booked" | "completed" | "cancelled" | "no_show";
type Doctor = "amira" | "karim";
type ServiceName = "Consultation" | "Scan";

/** What the test books: the dashboard's expected figures are computed from these rows. */
interface Visit {
  doctor: Doctor;
  /** Days after today (local). */
  dayOffset: number;
  time: string;
  service: ServiceName;
  status: Status;
  id?: string;
}

const visits: Visit[] = [
  { doctor: "amira", dayOffset: 3, time: "10:00", service: "Consultation", status: "completed" },
  { doctor: "amira", dayOffset: 3, time: "11:00", service: "Consultation", status: "no_show" },
  { doctor: "amira", dayOffset: 3, time: "12:00", service: "Scan", status: "cancelled" },
  { doctor: "karim", dayOffset: 3, time: "10:00", service: "Scan", status: "completed" },
  { doctor: "karim", dayOffset: 3, time: "15:00", service: "Scan", status: "booked" },
  // The last half hour of the local day: 04:30 UTC the next day.
  { doctor: "karim", dayOffset: 3, time: "23:30", service: "Consultation", status: "completed" },
  { doctor: "karim", dayOffset: 4, time: "09:00", service: "Scan", status: "no_show" },
  { doctor: "amira", dayOffset: 4, time: "08:00", service: "Consultation", status: "booked" },
];
const minutesOf: Record<ServiceName, number> = { Consultation: 30, Scan: 60 };
/** Consultations take a room as well as the doctor. */
const usesRoom = (service: ServiceName) => service === "Consultation";

const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

let owner: TestUser;
let staff: Caller;
let today: string;
let from: string;
let to: string;
let organizationId: string;
let doctors: Record<Doctor, { id: string; resourceId: string }>;
let room: { id: string };
let services: Record<ServiceName, string>;
let patients: string[];
/** Payments the test took: method, amount, whose visit (null: none), which service. */
let takings: {
  method: string;
  amountMinor: number;
  doctor: Doctor | null;
  service: string | null;
}[];
let otherPractice: Awaited<ReturnType<typeof createPractice>>;
let otherDoctorId: string;

async function paymentOfLine(lineId: string): Promise<string> {
  const [row] = await db
    .select({ paymentId: schema.ledgerEntry.paymentId })
    .from(schema.ledgerEntry)
    .where(eq(schema.ledgerEntry.id, lineId));
  if (!row?.paymentId) throw new Error("no payment for that line");
  return row.paymentId;
}

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;

  owner = await signUp(db, { name: "Olivia Owner" });
  const organization = await (
    await callerFor(db, { token: owner.token })
  ).organization.create({
    name: "Bogotá Clinic",
    slug: `bogota-${uniqueIdempotencyKey().slice(0, 8).toLowerCase()}`,
    kind: "clinic",
    timeZone: zone,
    currency: "USD",
  });
  organizationId = organization.id;
  await openSite(db, organizationId);
  staff = await callerFor(db, { token: owner.token, organizationId });
  today = practiceToday(zone);
  from = today;
  to = addDays(today, rangeDays - 1);

  const amira = await staff.practitioner.create({ name: "Amira Hassan", title: "Dr" });
  const karim = await staff.practitioner.create({ name: "Karim Fathy", title: "Dr" });
  doctors = { amira, karim };
  room = await staff.resource.create({ kind: "room", name: "Room 1" });
  const week = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: "08:00", end: "24:00" }));
  for (const resourceId of [amira.resourceId, karim.resourceId, room.id]) {
    await staff.schedule.setWeek({ resourceId, rules: week });
  }
  const consultation = await staff.service.create({
    name: "Consultation",
    durationMinutes: minutesOf.Consultation,
    priceMinor: 30_000,
    colour: "#2563eb",
    requirements: [{ kind: "practitioner" }, { kind: "room" }],
  });
  const scan = await staff.service.create({
    name: "Scan",
    durationMinutes: minutesOf.Scan,
    priceMinor: 80_000,
    colour: "#16a34a",
  });
  services = { Consultation: consultation.id, Scan: scan.id };
  patients = [];
  for (let i = 0; i < 3; i++) patients.push((await createPatient(staff)).id);

  for (const [i, visit] of visits.entries()) {
    const day = addDays(today, visit.dayOffset);
    const doctor = doctors[visit.doctor];
    const booked = await staff.appointment.book({
      serviceId: services[visit.service],
      patientId: patients[i % patients.length] ?? "",
      start: new Date(`${day}T${visit.time}:00-05:00`),
      resourceIds: usesRoom(visit.service) ? [doctor.resourceId, room.id] : [doctor.resourceId],
      idempotencyKey: uniqueIdempotencyKey(),
    });
    visit.id = booked.id;
    if (visit.status === "cancelled") {
      await staff.appointment.cancel({ id: booked.id, reason: "Patient asked" });
    } else if (visit.status !== "booked") {
      await staff.appointment.setStatus({
        id: booked.id,
        status: visit.status,
        version: booked.version,
      });
    }
  }

  // Money: two visits paid through their invoices (one refunded in part), and a walk-in's
  // payment of no visit.
  takings = [];
  const payVisit = async (index: number, method: "cash" | "card_terminal", amountMinor: number) => {
    const visit = visits[index];
    if (!visit?.id) throw new Error("no such visit");
    const invoice = await staff.invoice.issue({
      id: (
        await staff.invoice.create({
          patientId: patients[index % patients.length] ?? "",
          appointmentId: visit.id,
          lines: [],
          treatmentIds: [],
        })
      ).id,
    });
    const line = await staff.ledger.recordPayment({
      patientId: patients[index % patients.length] ?? "",
      amountMinor,
      method,
      invoiceId: invoice.id,
      idempotencyKey: uniqueIdempotencyKey(),
    });
    takings.push({
      method,
      amountMinor,
      doctor: visit.doctor,
      service: services[visit.service],
    });
    return paymentOfLine(line.id);
  };
  const amirasVisit = await payVisit(0, "cash", 30_000);
  await payVisit(3, "card_terminal", 20_000);
  await staff.payment.refund({
    paymentId: amirasVisit,
    amountMinor: 5_000,
    reason: "Goodwill",
    idempotencyKey: uniqueIdempotencyKey(),
  });
  takings.push({
    method: "cash",
    amountMinor: -5_000,
    doctor: "amira",
    service: services.Consultation,
  });
  const walkIn = await createPatient(staff);
  patients.push(walkIn.id);
  await staff.ledger.recordPayment({
    patientId: walkIn.id,
    amountMinor: 7_000,
    method: "bank_transfer",
    idempotencyKey: uniqueIdempotencyKey(),
  });
  takings.push({ method: "bank_transfer", amountMinor: 7_000, doctor: null, service: null });

  otherPractice = await createPractice(db);
  const otherStaff = await callerFor(db, {
    token: otherPractice.owner.token,
    organizationId: otherPractice.organization.id,
  });
  otherDoctorId = (await otherStaff.practitioner.create({ name: "Someone Else", title: "Dr" })).id;
});
afterAll(() => database.drop());

/** The figures a dashboard should show for these visits, computed by hand. */
function expectedFor(only: Visit[]) {
  const days = Array.from({ length: rangeDays }, (_, i) => addDays(from, i));
  const perDay = days.map((day) => {
    const on = only.filter((v) => addDays(today, v.dayOffset) === day);
    const of = (status: Status) => on.filter((v) => v.status === status).length;
    return {
      day,
      booked: of("booked"),
      completed: of("completed"),
      cancelled: of("cancelled"),
      noShow: of("no_show"),
    };
  });
  const keptTime = only.filter((v) => v.status !== "cancelled");
  const booked = (match: (v: Visit) => boolean) =>
    keptTime.filter(match).reduce((total, v) => total + minutesOf[v.service], 0);
  return {
    perDay,
    total: only.length,
    noShow: only.filter((v) => v.status === "no_show").length,
    cancelled: only.filter((v) => v.status === "cancelled").length,
    bookedMinutes: {
      amira: booked((v) => v.doctor === "amira"),
      karim: booked((v) => v.doctor === "karim"),
      room: booked((v) => usesRoom(v.service)),
    },
    serviceCounts: Object.fromEntries(
      (["Consultation", "Scan"] as const).map((s) => [
        s,
        keptTime.filter((v) => v.service === s).length,
      ]),
    ),
  };
}

const sumBy = <T>(rows: T[], key: (row: T) => string, amount: (row: T) => number) => {
  const totals: Record<string, number> = {};
  for (const row of rows) totals[key(row)] = (totals[key(row)] ?? 0) + amount(row);
  return totals;
};

describe("dashboard.summary", () => {
  it("counts appointments per practice day by status, and the no-show and cancellation rates", async () => {
    const summary = await staff.dashboard.summary({ from, to });
    const expected = expectedFor(visits);
    expect(summary.days.map(({ newPatients: _, ...day }) => day)).toEqual(expected.perDay);
    expect(summary.totals.appointments).toBe(expected.total);
    expect(summary.noShowRate).toBeCloseTo(expected.noShow / expected.total, 10);
    expect(summary.cancellationRate).toBeCloseTo(expected.cancelled / expected.total, 10);
    expect(summary).toMatchObject({ timeZone: zone, currency: "USD", from, to });
  });

  it("agrees with a plain count of the practice's appointments", async () => {
    const summary = await staff.dashboard.summary({ from, to });
    const [row] = await db
      .select({ n: count() })
      .from(schema.appointment)
      .where(eq(schema.appointment.organizationId, organizationId));
    expect(summary.totals.appointments).toBe(row?.n);
    const [completed] = await db
      .select({ n: count() })
      .from(schema.appointment)
      .where(
        and(
          eq(schema.appointment.organizationId, organizationId),
          eq(schema.appointment.status, "completed"),
        ),
      );
    expect(summary.totals.completed).toBe(completed?.n);
  });

  it("puts an appointment at 23:30 local on its local day, not the UTC one", async () => {
    const day = addDays(today, 3);
    const late = visits.filter((v) => v.time === "23:30");
    expect(late).toHaveLength(1);
    const onDay = await staff.dashboard.summary({ from: day, to: day });
    const nextDay = await staff.dashboard.summary({ from: addDays(day, 1), to: addDays(day, 1) });
    expect(onDay.totals.completed).toBe(
      visits.filter((v) => v.dayOffset === 3 && v.status === "completed").length,
    );
    expect(onDay.days).toHaveLength(1);
    expect(nextDay.totals.completed).toBe(
      visits.filter((v) => v.dayOffset === 4 && v.status === "completed").length,
    );
    expect(nextDay.totals.appointments).toBe(visits.filter((v) => v.dayOffset === 4).length);
  });

  it("measures utilisation as booked minutes over working minutes, per doctor and room", async () => {
    const summary = await staff.dashboard.summary({ from, to });
    const expected = expectedFor(visits);
    const available = rangeDays * hoursPerDay * 60;
    const of = (resourceId: string) => summary.utilisation.find((u) => u.resourceId === resourceId);
    expect(of(doctors.amira.resourceId)).toMatchObject({
      kind: "practitioner",
      bookedMinutes: expected.bookedMinutes.amira,
      availableMinutes: available,
    });
    expect(of(doctors.karim.resourceId)).toMatchObject({
      bookedMinutes: expected.bookedMinutes.karim,
      availableMinutes: available,
    });
    expect(of(room.id)).toMatchObject({
      kind: "room",
      name: "Room 1",
      bookedMinutes: expected.bookedMinutes.room,
      availableMinutes: available,
    });
    expect(of(room.id)?.rate).toBeCloseTo(expected.bookedMinutes.room / available, 10);
  });

  it("counts new patients on the day their record was made", async () => {
    const summary = await staff.dashboard.summary({ from, to });
    expect(summary.days.find((d) => d.day === today)?.newPatients).toBe(patients.length);
    expect(summary.totals.newPatients).toBe(patients.length);
    const later = await staff.dashboard.summary({ from: addDays(today, 1), to });
    expect(later.totals.newPatients).toBe(0);
  });

  it("sums revenue by method and by doctor as payments less refunds", async () => {
    const summary = await staff.dashboard.summary({ from, to });
    const total = takings.reduce((sum, t) => sum + t.amountMinor, 0);
    expect(summary.totals.revenueMinor).toBe(total);
    expect(summary.revenue.totalMinor).toBe(total);
    expect(
      Object.fromEntries(summary.revenue.byMethod.map((m) => [m.method, m.amountMinor])),
    ).toEqual(
      sumBy(
        takings,
        (t) => t.method,
        (t) => t.amountMinor,
      ),
    );
    const doctorIds: Record<Doctor, string> = { amira: doctors.amira.id, karim: doctors.karim.id };
    expect(
      Object.fromEntries(
        summary.revenue.byDoctor.map((d) => [d.practitionerId ?? "none", d.amountMinor]),
      ),
    ).toEqual(
      sumBy(
        takings,
        (t) => (t.doctor ? doctorIds[t.doctor] : "none"),
        (t) => t.amountMinor,
      ),
    );
    expect(summary.revenue.byDoctor.find((d) => d.practitionerId === doctors.amira.id)?.name).toBe(
      "Dr Amira Hassan",
    );
    // The billing report's takings for the same days say the same.
    const report = await staff.billing.takings({ from, to });
    expect(report.totalMinor).toBe(total);
  });

  it("lists the top services by appointments with their revenue", async () => {
    const summary = await staff.dashboard.summary({ from, to });
    const expected = expectedFor(visits);
    const revenue = sumBy(
      takings.filter((t) => t.service),
      (t) => t.service ?? "",
      (t) => t.amountMinor,
    );
    expect(summary.topServices).toEqual([
      {
        serviceId: services.Consultation,
        name: "Consultation",
        appointments: expected.serviceCounts.Consultation,
        revenueMinor: revenue[services.Consultation] ?? 0,
      },
      {
        serviceId: services.Scan,
        name: "Scan",
        appointments: expected.serviceCounts.Scan,
        revenueMinor: revenue[services.Scan] ?? 0,
      },
    ]);
  });

  it("shows one doctor's figures only when one is chosen", async () => {
    const summary = await staff.dashboard.summary({ from, to, practitionerId: doctors.karim.id });
    const karims = visits.filter((v) => v.doctor === "karim");
    const expected = expectedFor(karims);
    expect(summary.practitionerId).toBe(doctors.karim.id);
    expect(summary.days.map(({ newPatients: _, ...day }) => day)).toEqual(expected.perDay);
    expect(summary.utilisation.map((u) => [u.resourceId, u.bookedMinutes])).toEqual([
      [doctors.karim.resourceId, expected.bookedMinutes.karim],
      [room.id, expected.bookedMinutes.room],
    ]);
    const karimsTakings = takings.filter((t) => t.doctor === "karim");
    expect(summary.revenue.totalMinor).toBe(karimsTakings.reduce((s, t) => s + t.amountMinor, 0));
    expect(summary.revenue.byDoctor.map((d) => d.practitionerId)).toEqual([doctors.karim.id]);
  });

  it("answers an empty range with zeros and no rates", async () => {
    const summary = await staff.dashboard.summary({ from: "2030-01-01", to: "2030-01-31" });
    expect(summary.days).toHaveLength(31);
    expect(summary.totals).toEqual({
      appointments: 0,
      booked: 0,
      completed: 0,
      cancelled: 0,
      noShow: 0,
      newPatients: 0,
      revenueMinor: 0,
    });
    expect(summary.noShowRate).toBeNull();
    expect(summary.cancellationRate).toBeNull();
    expect(summary.topServices).toEqual([]);
  });

  it("refuses a range that ends before it starts, with the field named", async () => {
    expect(
      await failureOf(staff.dashboard.summary({ from: "2026-05-02", to: "2026-05-01" })),
    ).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { to: ["Start on or before the end"] } });
  });

  it("takes at most 366 days", async () => {
    await expect(
      staff.dashboard.summary({ from: "2024-01-01", to: "2024-12-31" }),
    ).resolves.toMatchObject({ from: "2024-01-01" });
    expect(
      await failureOf(staff.dashboard.summary({ from: "2024-01-01", to: "2025-01-01" })),
    ).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { to: ["Ask for at most 366 days"] } });
  });

  it("refuses a date that does not exist", async () => {
    expect(
      await failureOf(staff.dashboard.summary({ from: "2026-02-30", to: "2026-03-01" })),
    ).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { from: ["That day does not exist"] } });
  });

  it("is not for doctors", async () => {
    const doctor = await addMember(db, organizationId, owner, "doctor");
    const caller = await callerFor(db, { token: doctor.token, organizationId });
    expect(await failureOf(caller.dashboard.summary({ from, to }))).toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("is open to managers", async () => {
    const manager = await addMember(db, organizationId, owner, "manager");
    const caller = await callerFor(db, { token: manager.token, organizationId });
    await expect(caller.dashboard.summary({ from, to })).resolves.toMatchObject({ from, to });
  });

  it("does not know another practice's doctor", async () => {
    expect(
      await failureOf(staff.dashboard.summary({ from, to, practitionerId: otherDoctorId })),
    ).toMatchObject({ code: "NOT_FOUND" });
  });

  it("shows another practice nothing of this one", async () => {
    const other = await callerFor(db, {
      token: otherPractice.owner.token,
      organizationId: otherPractice.organization.id,
    });
    const summary = await other.dashboard.summary({ from, to });
    expect(summary.totals.appointments).toBe(0);
    expect(summary.revenue.totalMinor).toBe(0);
    expect(summary.utilisation.map((u) => u.resourceId)).not.toContain(room.id);
  });
});
