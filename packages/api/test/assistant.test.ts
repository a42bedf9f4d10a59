// The practice assistant, embedded engine: answers from the practice's own site with citations,
// offers free times that are really free as booking buttons, tells a portal patient their own
// appointments and nobody else's, says plainly what it does not know, answers emergencies with
// the country's number first, hands over to the front desk, forgets on request and after the
// practice's retention, and does not exist while the feature is off.
import { schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import {
  addPortalPatient,
  callerFor,
  createOrganization,
  createPatient,
  failureOf,
  nextWeekdayAt,
  openSite,
  signUp,
  uniqueIdempotencyKey,
} from "@caredesk/api/testing";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { purgeExpired } from "../src/service/maintenance";

let database: TestDatabase;
let db: Database;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
});
afterAll(() => database.drop());

const { assistantConversation, assistantMessage, auditLog, notification } = schema;

/** A clinic in Egypt: Cardiology with one doctor and its consultation, hours, phone, address. */
async function clinic(name = "Corniche Heart Clinic") {
  const owner = await signUp(db, { name: "Olivia Owner" });
  const organization = await createOrganization(db, owner, { name, country: "EG" });
  const organizationId = organization.id;
  const staff = await callerFor(db, { token: owner.token, organizationId });
  await staff.site.updateProfile({
    phone: "+20 3 4812345",
    email: "desk@corniche.example",
    addressLine: "12 Corniche Street",
    city: "Alexandria",
  });
  const weekday = [{ start: "09:00", end: "17:00" }];
  await staff.site.updateHours({
    hours: [weekday, weekday, weekday, weekday, weekday, [{ start: "10:00", end: "14:00" }], []],
  });
  const cardiology = await staff.department.create({ name: "Cardiology" });
  const doctor = await staff.practitioner.create({
    name: "Amira Hassan",
    title: "Dr.",
    specialization: "Interventional cardiology",
    departmentId: cardiology.id,
    yearsOfExperience: 12,
  });
  const service = await staff.service.create({
    name: "Cardiology consultation",
    durationMinutes: 30,
    priceMinor: 60_000,
    colour: "#2563eb",
    departmentId: cardiology.id,
    requirements: [{ kind: "practitioner", departmentId: cardiology.id }],
  });
  await staff.schedule.setWeek({
    resourceId: doctor.resourceId,
    rules: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: "09:00", end: "17:00" })),
  });
  const patient = await addPortalPatient(db, organizationId, owner);
  return {
    owner,
    organization,
    organizationId,
    staff,
    doctor,
    service,
    patient,
    visitor: await callerFor(db),
    portal: await callerFor(db, { token: patient.user.token, organizationId }),
  };
}

type Clinic = Awaited<ReturnType<typeof clinic>>;

const ask = async (
  c: Clinic,
  message: string,
  more: { conversationId?: string; token?: string } = {},
) => {
  const answer = await c.visitor.assistant.ask({ slug: c.organization.slug, message, ...more });
  // A conversation's token comes with its first answer only; later ones reuse the first.
  return { ...answer, token: answer.token ?? more.token ?? "" };
};

describe("answering from the practice's own site", () => {
  it("gives the opening hours with the hours section as its source", async () => {
    const c = await clinic();
    const { reply, token, conversationId } = await ask(c, "When are you open?");
    expect(reply.text).toContain("09:00");
    expect(reply.text).toContain("17:00");
    expect(reply.citations.map((x) => x.href)).toContain(`/p/${c.organization.slug}#hours`);
    // The token is given once, is long and random, and only its hash is stored.
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [row] = await db
      .select({ tokenHash: assistantConversation.tokenHash })
      .from(assistantConversation)
      .where(eq(assistantConversation.id, conversationId));
    expect(row?.tokenHash).not.toContain(token);
    const again = await c.visitor.assistant.ask({
      slug: c.organization.slug,
      message: "Where are you?",
      conversationId,
      token,
    });
    expect(again.token).toBeNull();
    expect(again.reply.text).toContain("12 Corniche Street");
  });

  it("names the cardiology doctors, then offers free times on a weekday as booking buttons", async () => {
    const c = await clinic();
    const first = await ask(c, "Who are your cardiology doctors?");
    expect(first.reply.text).toContain("Amira Hassan");
    expect(first.reply.citations.map((x) => x.href)).toContain(
      `/p/${c.organization.slug}/doctors/${c.doctor.id}`,
    );
    const day = nextWeekdayAt("09:00", 3);
    const weekday = new Intl.DateTimeFormat("en-GB", {
      weekday: "long",
      timeZone: "Europe/London",
    }).format(day);
    const second = await ask(c, `Is there a free time on ${weekday}?`, {
      conversationId: first.conversationId,
      token: first.token,
    });
    const slots = second.reply.actions.filter((a) => a.kind === "slot");
    expect(slots.length).toBeGreaterThan(0);
    // Every offered time is one the booking widget would offer too, for that doctor.
    const free = await c.visitor.public.availability({
      slug: c.organization.slug,
      serviceId: c.service.id,
      practitionerResourceId: c.doctor.resourceId,
      fromDate: new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(day),
      days: 1,
    });
    const freeStarts = new Set(free.slots.map((s) => s.start.getTime()));
    for (const slot of slots) {
      if (slot.kind !== "slot") continue;
      expect(freeStarts.has(slot.start.getTime())).toBe(true);
      expect(slot.serviceId).toBe(c.service.id);
      expect(slot.href).toContain(`/p/${c.organization.slug}#book?service=${c.service.id}`);
      expect(slot.href).toContain(`start=${encodeURIComponent(slot.start.toISOString())}`);
    }
  });

  it("answers prices and a question the practice wrote in its FAQ, citing each", async () => {
    const c = await clinic();
    const price = await ask(c, "How much is a cardiology consultation?");
    expect(price.reply.text).toContain("600.00");
    const faq = await c.staff.faq.create({
      question: "Is there parking?",
      answer: "Free parking behind the building for two hours.",
    });
    const parking = await ask(c, "Do you have parking for cars?");
    expect(parking.reply.text).toContain("Free parking behind the building");
    expect(parking.reply.citations.map((x) => x.href)).toContain(
      `/p/${c.organization.slug}#faq-${faq.id}`,
    );
  });

  it("says it does not know and gives the practice's contact rather than inventing", async () => {
    const c = await clinic();
    const { reply } = await ask(c, "Do you accept Allianz insurance?");
    expect(reply.text).toContain("+2034812345");
    expect(reply.text.toLowerCase()).not.toMatch(/\bwe (do )?accept allianz/);
    expect(reply.actions.some((a) => a.kind === "handover")).toBe(true);
  });

  it("answers an emergency with Egypt's number first, and never gives a dose", async () => {
    const c = await clinic();
    const chest = await ask(c, "My father has crushing chest pain and is sweating");
    expect(chest.reply.emergency).toBe(true);
    expect(chest.reply.text.slice(0, 80)).toContain("123");
    expect(chest.reply.actions[0]).toMatchObject({ kind: "call", href: "tel:123" });
    const arabic = await ask(c, "عندي ألم شديد في صدري");
    expect(arabic.reply.emergency).toBe(true);
    expect(arabic.reply.text.slice(0, 80)).toContain("123");
    const dose = await ask(c, "How many mg of ibuprofen should I take for a headache?");
    expect(dose.reply.emergency).toBe(false);
    expect(dose.reply.text).not.toMatch(/\d+\s*mg/i);
  });
});

describe("the portal patient's own records", () => {
  it("tells a patient their next appointment and nobody else's", async () => {
    const c = await clinic();
    const other = await createPatient(c.staff, { firstName: "Karim", lastName: "Nabil" });
    const mine = await c.staff.appointment.book({
      serviceId: c.service.id,
      patientId: c.patient.patientId,
      start: nextWeekdayAt("11:00", 4),
      idempotencyKey: uniqueIdempotencyKey(),
    });
    await c.staff.appointment.book({
      serviceId: c.service.id,
      patientId: other.id,
      start: nextWeekdayAt("15:00", 2),
      idempotencyKey: uniqueIdempotencyKey(),
    });
    const { reply } = await c.portal.assistant.askMine({ message: "When is my next appointment?" });
    expect(reply.text).toContain("Cardiology consultation");
    expect(reply.text).toContain("11:00");
    expect(reply.text).not.toContain("15:00");
    expect(reply.text).not.toContain("Karim");
    // Asking for one's own appointment is not asking for free times.
    expect(reply.actions.filter((a) => a.kind === "slot")).toEqual([]);
    expect(mine.id).toBeTruthy();
    // On the public site nobody is signed in: sign in to see your own.
    const site = await ask(c, "When is my next appointment?");
    expect(site.reply.text).not.toContain("11:00");
    expect(site.reply.actions.some((a) => a.kind === "link" && a.href === "/portal")).toBe(true);
  });
});

describe("conversations", () => {
  it("are reached only with their token, and never from another practice", async () => {
    const c = await clinic();
    const other = await clinic("Other Clinic");
    const { conversationId, token } = await ask(c, "Hello");
    const wrong = "A".repeat(43);
    expect(
      (
        await failureOf(
          c.visitor.assistant.conversation({
            slug: c.organization.slug,
            conversationId,
            token: wrong,
          }),
        )
      ).code,
    ).toBe("NOT_FOUND");
    expect(
      (
        await failureOf(
          c.visitor.assistant.conversation({
            slug: other.organization.slug,
            conversationId,
            token,
          }),
        )
      ).code,
    ).toBe("NOT_FOUND");
    expect((await failureOf(ask(c, "More?", { conversationId, token: wrong }))).code).toBe(
      "NOT_FOUND",
    );
    const view = await c.visitor.assistant.conversation({
      slug: c.organization.slug,
      conversationId,
      token,
    });
    expect(view.messages.map((m) => m.role)).toEqual(["visitor", "assistant"]);
  });

  it("go to the front desk's inbox when handed over, and staff resolve them", async () => {
    const c = await clinic();
    const { conversationId, token } = await ask(c, "I want to talk to a person");
    const handed = await c.visitor.assistant.handover({
      slug: c.organization.slug,
      conversationId,
      token,
      name: "Salma Fouad",
      phone: "01001234567",
      note: "About my results",
    });
    expect(handed.status).toBe("handed_over");
    const inbox = await c.staff.assistant.conversations({ status: "handed_over", limit: 10 });
    expect(inbox.items.map((i) => i.id)).toEqual([conversationId]);
    expect(inbox.items[0]).toMatchObject({
      contactName: "Salma Fouad",
      contactPhone: "+201001234567",
    });
    const told = await db
      .select()
      .from(notification)
      .where(
        and(
          eq(notification.organizationId, c.organizationId),
          eq(notification.kind, "assistant_handover"),
        ),
      );
    expect(told.length).toBeGreaterThan(0);
    const transcript = await c.staff.assistant.transcript({ id: conversationId });
    expect(transcript.messages[0]?.text).toBe("I want to talk to a person");
    await c.staff.assistant.resolve({ id: conversationId });
    expect(
      (await c.staff.assistant.conversations({ status: "handed_over", limit: 10 })).items,
    ).toEqual([]);
    // The other practice's staff never see it.
    const other = await clinic("Other Clinic");
    expect((await failureOf(other.staff.assistant.transcript({ id: conversationId }))).code).toBe(
      "NOT_FOUND",
    );
  });

  it("are deleted with every message when the visitor asks, and keep no text in the audit log", async () => {
    const c = await clinic();
    const secretish = "my neighbour Yasmine Adel has diabetes";
    const { conversationId, token } = await ask(c, secretish);
    await c.visitor.assistant.forget({ slug: c.organization.slug, conversationId, token });
    const left = await db
      .select()
      .from(assistantMessage)
      .where(eq(assistantMessage.conversationId, conversationId));
    expect(left).toEqual([]);
    const audits = await db
      .select({ row: sql<string>`${auditLog}::text` })
      .from(auditLog)
      .where(eq(auditLog.entityId, conversationId));
    expect(audits.length).toBe(2);
    for (const a of audits) expect(a.row).not.toContain("Yasmine");
  });

  it("are purged after the practice's retention", async () => {
    const c = await clinic();
    await c.staff.assistant.updateSettings({ retentionDays: 7, dailyTokens: 0 });
    const old = await ask(c, "Hello");
    const recent = await ask(c, "Hello again");
    await db
      .update(assistantConversation)
      .set({ lastMessageAt: new Date(Date.now() - 8 * 86_400_000) })
      .where(eq(assistantConversation.id, old.conversationId));
    const counts = await purgeExpired(db);
    expect(counts.assistantConversations).toBeGreaterThanOrEqual(1);
    const ids = (
      await db
        .select({ id: assistantConversation.id })
        .from(assistantConversation)
        .where(eq(assistantConversation.organizationId, c.organizationId))
    ).map((r) => r.id);
    expect(ids).toEqual([recent.conversationId]);
  });
});

describe("with the feature off", () => {
  it("the assistant does not exist, on the site, in the portal or for staff", async () => {
    const c = await clinic();
    await openSite(db, c.organizationId, ["reviews", "patient_portal"]);
    expect((await failureOf(ask(c, "When are you open?"))).code).toBe("NOT_FOUND");
    expect((await failureOf(c.portal.assistant.askMine({ message: "Hello" }))).code).toBe(
      "NOT_FOUND",
    );
    expect((await failureOf(c.staff.assistant.conversations({ limit: 10 }))).code).toBe(
      "NOT_FOUND",
    );
  });
});
