// Reviews of completed visits: only the patient who had the visit may review it, once, in words
// free of contact details; a review shows on the site (and in the averages) only once published;
// the practice may hide it with a reason or reply under it.
import { schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import {
  addPortalPatient,
  callerFor,
  completedVisit,
  createPractice,
  failureOf,
  nextWeekdayAt,
  openSite,
  uniqueIdempotencyKey,
  type PortalPatient,
} from "@caredesk/api/testing";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { publishedReviews, ratingSummaries } from "../src/service/review";

let database: TestDatabase;
let db: Database;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
});
afterAll(() => database.drop());

const week = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "09:00", end: "17:00" }));

/** A practice with two doctors, a service, two patients in the portal, and its moderators. */
async function clinic() {
  const practice = await createPractice(db);
  const organizationId = practice.organization.id;
  const staff = await callerFor(db, { token: practice.owner.token, organizationId });
  const amira = await staff.practitioner.create({ name: "Amira Hassan", title: "Dr" });
  const karim = await staff.practitioner.create({ name: "Karim Fathy", title: "Dr" });
  for (const resourceId of [amira.resourceId, karim.resourceId]) {
    await staff.schedule.setWeek({ resourceId, rules: week });
  }
  const service = await staff.service.create({
    name: "Check-up",
    durationMinutes: 30,
    priceMinor: 5000,
    colour: "#2563eb",
  });
  const salma = await addPortalPatient(db, organizationId, practice.owner);
  await staff.patient.update({ id: salma.patientId, firstName: "Salma", lastName: "Fouad" });
  const other = await addPortalPatient(db, organizationId, practice.owner);
  const portalOf = (patient: PortalPatient) =>
    callerFor(db, { token: patient.user.token, organizationId });
  let slot = 0;
  /** A visit of the patient with the doctor, on its own half hour, completed unless told not. */
  const visit = async (
    patient: PortalPatient,
    doctor: { resourceId: string },
    completed = true,
  ): Promise<string> => {
    const minutes = 9 * 60 + 30 * (slot % 16);
    const day = 2 + Math.floor(slot / 16);
    slot++;
    const time = `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
    const input = {
      serviceId: service.id,
      patientId: patient.patientId,
      start: nextWeekdayAt(time, day),
      resourceIds: [doctor.resourceId],
    };
    if (completed) return (await completedVisit(staff, input)).id;
    return (await staff.appointment.book({ ...input, idempotencyKey: uniqueIdempotencyKey() })).id;
  };
  return {
    ...practice,
    organizationId,
    staffMember: practice.staff,
    staff,
    moderator: await callerFor(db, { token: practice.manager.token, organizationId }),
    amira,
    karim,
    salma,
    other,
    salmaPortal: await portalOf(salma),
    otherPortal: await portalOf(other),
    visit,
  };
}

type Clinic = Awaited<ReturnType<typeof clinic>>;

const kindWords = "Dr Hassan listened carefully and explained every step.";

async function reviewsOfVisit(appointmentId: string) {
  const [row] = await db
    .select({ n: count() })
    .from(schema.review)
    .where(eq(schema.review.appointmentId, appointmentId));
  return row?.n ?? 0;
}

describe("a patient reviews a completed visit", () => {
  let c: Clinic;
  beforeAll(async () => {
    c = await clinic();
  });

  it("offers the completed visit, then keeps the review waiting for moderation, off the site", async () => {
    const appointmentId = await c.visit(c.salma, c.amira);
    const before = await c.salmaPortal.review.reviewable();
    expect(before.visits).toEqual([
      expect.objectContaining({
        appointmentId,
        serviceName: "Check-up",
        practitionerName: "Dr Amira Hassan",
      }),
    ]);

    const review = await c.salmaPortal.review.create({ appointmentId, rating: 4, body: kindWords });

    expect(review).toMatchObject({
      status: "pending",
      authorName: "Salma F.",
      practitionerId: c.amira.id,
      rating: 4,
    });
    expect(await publishedReviews(db, c.organizationId, { limit: 10 })).toEqual([]);
    const after = await c.salmaPortal.review.reviewable();
    expect(after.visits).toEqual([]);
    expect(after.reviews).toEqual([
      expect.objectContaining({ id: review.id, status: "pending", body: kindWords }),
    ]);
  });

  it("refuses a second review of the same visit", async () => {
    const appointmentId = await c.visit(c.salma, c.amira);
    await c.salmaPortal.review.create({ appointmentId, rating: 5, body: kindWords });

    const failure = await failureOf(
      c.salmaPortal.review.create({ appointmentId, rating: 1, body: "Changed my mind entirely." }),
    );

    expect(failure.code).toBe("CONFLICT");
    expect(failure.fieldErrors).toEqual({
      appointmentId: ["You have already reviewed this visit"],
    });
    expect(await reviewsOfVisit(appointmentId)).toBe(1);
  });

  it("does not find another patient's visit", async () => {
    const appointmentId = await c.visit(c.other, c.amira);

    const failure = await failureOf(
      c.salmaPortal.review.create({ appointmentId, rating: 1, body: kindWords }),
    );

    expect(failure.code).toBe("NOT_FOUND");
    expect(await reviewsOfVisit(appointmentId)).toBe(0);
  });

  it("does not find another practice's visit", async () => {
    const elsewhere = await clinic();
    const appointmentId = await elsewhere.visit(elsewhere.salma, elsewhere.amira);

    const failure = await failureOf(
      c.salmaPortal.review.create({ appointmentId, rating: 3, body: kindWords }),
    );

    expect(failure.code).toBe("NOT_FOUND");
    expect(await reviewsOfVisit(appointmentId)).toBe(0);
  });

  it("refuses a visit that has not taken place", async () => {
    const appointmentId = await c.visit(c.salma, c.amira, false);

    const failure = await failureOf(
      c.salmaPortal.review.create({ appointmentId, rating: 5, body: kindWords }),
    );

    expect(failure.code).toBe("PRECONDITION_FAILED");
    expect(failure.message).toBe("You can review a visit once it has taken place");
    expect(await reviewsOfVisit(appointmentId)).toBe(0);
  });

  it.each([
    ["a phone number", "Call me on +20 100 123 4567 if you want details."],
    ["a phone number with dashes", "My number is 0100-123-4567, happy to talk."],
    ["an email address", "Write to salma.fouad@example.com for more about it."],
    ["a link", "My full story is at https://blog.example.org/visit today."],
    ["a bare domain", "Read more on mysite.com about my visit there."],
    ["a national id", "My id is 29001011234567 in case you need it."],
  ])("refuses text with %s on body, and writes nothing", async (_, body) => {
    const appointmentId = await c.visit(c.salma, c.karim);

    const failure = await failureOf(
      c.salmaPortal.review.create({ appointmentId, rating: 5, body }),
    );

    expect(failure.code).toBe("BAD_REQUEST");
    expect(failure.fieldErrors?.body).toEqual([
      "Please remove phone numbers, email addresses and links",
    ]);
    expect(await reviewsOfVisit(appointmentId)).toBe(0);
  });

  it("accepts ordinary numbers, times and prices in the text", async () => {
    const appointmentId = await c.visit(c.salma, c.karim);

    const review = await c.salmaPortal.review.create({
      appointmentId,
      rating: 5,
      body: "Seen at 10:30 after 5 minutes, 2 tests for 500 EGP. Dr. Fathy was great.",
    });

    expect(review.status).toBe("pending");
  });

  it("refuses a rating outside 1–5 and text that is too short", async () => {
    const appointmentId = await c.visit(c.salma, c.karim);

    const failure = await failureOf(
      c.salmaPortal.review.create({ appointmentId, rating: 6, body: "Fine." }),
    );

    expect(failure.code).toBe("BAD_REQUEST");
    expect(Object.keys(failure.fieldErrors ?? {}).sort()).toEqual(["body", "rating"]);
    expect(await reviewsOfVisit(appointmentId)).toBe(0);
  });
});

describe("moderation", () => {
  let c: Clinic;
  beforeAll(async () => {
    c = await clinic();
  });

  async function reviewOf(patient: "salma" | "other", doctor: "amira" | "karim", rating: number) {
    const appointmentId = await c.visit(c[patient], c[doctor]);
    const portal = patient === "salma" ? c.salmaPortal : c.otherPortal;
    return portal.review.create({ appointmentId, rating, body: kindWords });
  }

  it("publishes a review onto the site and into the practice's and doctor's averages", async () => {
    const five = await reviewOf("salma", "amira", 5);
    const three = await reviewOf("other", "amira", 3);
    const pendingOne = await reviewOf("other", "karim", 1);

    await c.moderator.review.publish({ id: five.id });
    await c.moderator.review.publish({ id: three.id });

    const shown = await publishedReviews(db, c.organizationId, { limit: 10 });
    expect(shown.map((r) => r.id).sort()).toEqual([five.id, three.id].sort());
    expect(shown.map((r) => r.id)).not.toContain(pendingOne.id);
    const summaries = await ratingSummaries(db, c.organizationId);
    expect(summaries.practice).toEqual({ average: 4, count: 2 });
    expect(summaries.byPractitioner.get(c.amira.id)).toEqual({ average: 4, count: 2 });
    expect(summaries.byPractitioner.get(c.karim.id)).toBeUndefined();
    const own = await c.salmaPortal.review.reviewable();
    expect(own.reviews.find((r) => r.id === five.id)?.status).toBe("published");
  });

  it("refuses to publish a review twice", async () => {
    const review = await reviewOf("salma", "karim", 4);
    await c.moderator.review.publish({ id: review.id });

    const failure = await failureOf(c.moderator.review.publish({ id: review.id }));

    expect(failure.code).toBe("CONFLICT");
  });

  it("hides a review only with a reason, and takes it out of the averages", async () => {
    const review = await reviewOf("salma", "karim", 2);
    await c.moderator.review.publish({ id: review.id });
    const before = await ratingSummaries(db, c.organizationId);

    const noReason = await failureOf(c.moderator.review.hide({ id: review.id, reason: "  " }));
    expect(noReason.code).toBe("BAD_REQUEST");
    expect(Object.keys(noReason.fieldErrors ?? {})).toEqual(["reason"]);

    const hidden = await c.moderator.review.hide({ id: review.id, reason: "Names a nurse" });

    expect(hidden).toMatchObject({ status: "hidden", moderationReason: "Names a nurse" });
    const after = await ratingSummaries(db, c.organizationId);
    expect(after.practice.count).toBe(before.practice.count - 1);
    const shown = await publishedReviews(db, c.organizationId, { limit: 50 });
    expect(shown.map((r) => r.id)).not.toContain(review.id);
    const own = await c.salmaPortal.review.reviewable();
    expect(own.reviews.find((r) => r.id === review.id)?.status).toBe("hidden");
  });

  it("shows the practice's reply under the published review, and clears it when blank", async () => {
    const review = await reviewOf("other", "karim", 5);
    await c.moderator.review.publish({ id: review.id });

    await c.moderator.review.reply({ id: review.id, reply: "Thank you, see you next time." });

    const shown = await publishedReviews(db, c.organizationId, {
      practitionerId: c.karim.id,
      limit: 50,
    });
    const replied = shown.find((r) => r.id === review.id);
    expect(replied?.reply).toBe("Thank you, see you next time.");
    expect(replied?.repliedAt).toBeInstanceOf(Date);

    await c.moderator.review.reply({ id: review.id, reply: "" });
    const cleared = await publishedReviews(db, c.organizationId, { limit: 50 });
    expect(cleared.find((r) => r.id === review.id)).toMatchObject({ reply: null, repliedAt: null });
  });

  it("lists the queue by status and doctor, newest first, a page at a time", async () => {
    const older = await reviewOf("salma", "amira", 4);
    const newer = await reviewOf("other", "amira", 2);

    const first = await c.moderator.review.list({
      status: "pending",
      practitionerId: c.amira.id,
      limit: 1,
    });
    expect(first.items.map((r) => r.id)).toEqual([newer.id]);
    expect(first.items[0]).toMatchObject({
      authorName: "Pat P.",
      practitionerName: "Amira Hassan",
      serviceName: "Check-up",
    });
    expect(first.items[0]?.visitStartsAt).toBeInstanceOf(Date);
    const second = await c.moderator.review.list({
      status: "pending",
      practitionerId: c.amira.id,
      limit: 1,
      cursor: first.nextCursor ?? undefined,
    });
    expect(second.items.map((r) => r.id)).toEqual([older.id]);
    const published = await c.moderator.review.list({ status: "published", limit: 100 });
    expect(published.items.every((r) => r.status === "published")).toBe(true);
  });

  it("does not find another practice's doctor as a filter, or its review", async () => {
    const elsewhere = await clinic();
    const appointmentId = await elsewhere.visit(elsewhere.salma, elsewhere.amira);
    const theirs = await elsewhere.salmaPortal.review.create({
      appointmentId,
      rating: 1,
      body: kindWords,
    });

    const filter = await failureOf(c.moderator.review.list({ practitionerId: elsewhere.amira.id }));
    const publish = await failureOf(c.moderator.review.publish({ id: theirs.id }));

    expect(filter.code).toBe("NOT_FOUND");
    expect(publish.code).toBe("NOT_FOUND");
    const [row] = await db.select().from(schema.review).where(eq(schema.review.id, theirs.id));
    expect(row?.status).toBe("pending");
  });

  it("is forbidden to members whose role cannot moderate", async () => {
    const review = await reviewOf("salma", "amira", 3);
    for (const member of [c.doctor, c.staffMember, c.patient]) {
      const caller = await callerFor(db, { token: member.token, organizationId: c.organizationId });
      expect((await failureOf(caller.review.list({}))).code).toBe("FORBIDDEN");
      expect((await failureOf(caller.review.publish({ id: review.id }))).code).toBe("FORBIDDEN");
      expect((await failureOf(caller.review.hide({ id: review.id, reason: "No" }))).code).toBe(
        "FORBIDDEN",
      );
      expect((await failureOf(caller.review.reply({ id: review.id, reply: "Hi" }))).code).toBe(
        "FORBIDDEN",
      );
    }
  });
});

describe("with the reviews feature off", () => {
  it("answers NOT_FOUND to every review procedure, and changes nothing", async () => {
    const c = await clinic();
    const appointmentId = await c.visit(c.salma, c.amira);
    const review = await c.salmaPortal.review.create({ appointmentId, rating: 5, body: kindWords });
    const open = await c.visit(c.salma, c.amira);
    await openSite(db, c.organizationId, ["patient_portal"]);
    const owner = await callerFor(db, { token: c.owner.token, organizationId: c.organizationId });
    const portal = await callerFor(db, {
      token: c.salma.user.token,
      organizationId: c.organizationId,
    });

    const calls: (() => Promise<unknown>)[] = [
      () => portal.review.reviewable(),
      () => portal.review.create({ appointmentId: open, rating: 5, body: kindWords }),
      () => owner.review.list({}),
      () => owner.review.publish({ id: review.id }),
      () => owner.review.hide({ id: review.id, reason: "Off topic" }),
      () => owner.review.reply({ id: review.id, reply: "Thanks" }),
    ];
    for (const call of calls) expect((await failureOf(call())).code).toBe("NOT_FOUND");
    expect(await reviewsOfVisit(open)).toBe(0);
    const [row] = await db.select().from(schema.review).where(eq(schema.review.id, review.id));
    expect(row).toMatchObject({ status: "pending", reply: null });
  });

  it("answers NOT_FOUND to the portal's review procedures while the patient portal is off", async () => {
    const c = await clinic();
    const appointmentId = await c.visit(c.salma, c.amira);
    await openSite(db, c.organizationId, ["reviews"]);
    const portal = await callerFor(db, {
      token: c.salma.user.token,
      organizationId: c.organizationId,
    });

    expect((await failureOf(portal.review.reviewable())).code).toBe("NOT_FOUND");
    const failure = await failureOf(
      portal.review.create({ appointmentId, rating: 5, body: kindWords }),
    );

    expect(failure.code).toBe("NOT_FOUND");
    expect(await reviewsOfVisit(appointmentId)).toBe(0);
  });
});
