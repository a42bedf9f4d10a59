// The operators' views: every organization and user, with counts, searchable.
import { randomUUID } from "node:crypto";
import { queryRows, schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import {
  callerFor,
  createPatient,
  createPractice,
  createStockedPractice,
  failureOf,
  makePlatformOperator,
  signIn,
  signUp,
} from "@caredesk/api/testing";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

let database: TestDatabase;
let db: Database;
let practice: Awaited<ReturnType<typeof createPractice>>;
let operatorToken: string;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  practice = await createPractice(db);
  const operator = await signUp(db, { name: "Platform Operator" });
  await makePlatformOperator(db, operator);
  operatorToken = operator.token;
});
afterAll(() => database.drop());

describe("admin lists", () => {
  it("counts the members of each organization", async () => {
    const admin = await callerFor(db, { token: operatorToken });
    const page = await admin.admin.organizations({ search: practice.organization.name });
    const row = page.items.find((o) => o.id === practice.organization.id);
    expect(row?.memberCount).toBe(6);
  });

  it("counts the organizations of each user", async () => {
    const admin = await callerFor(db, { token: operatorToken });
    const page = await admin.admin.users({ search: practice.doctor.email });
    expect(page.items.map((u) => [u.email, u.organizationCount])).toEqual([
      [practice.doctor.email, 1],
    ]);
  });

  it("matches % and _ in a search literally", async () => {
    const admin = await callerFor(db, { token: operatorToken });
    expect((await admin.admin.users({ search: "%" })).items).toEqual([]);
    expect((await admin.admin.organizations({ search: "_" })).items).toEqual([]);
  });

  it("is closed to everyone who is not a platform operator", async () => {
    const owner = await callerFor(db, { token: practice.owner.token });
    expect((await failureOf(owner.admin.organizations({}))).code).toBe("FORBIDDEN");
    expect((await failureOf(owner.admin.users({}))).code).toBe("FORBIDDEN");
  });
});

describe("suspending a practice", () => {
  async function rowCounts(organizationId: string) {
    const [row] = await queryRows<Record<string, number>>(
      db,
      sql`select
        (select count(*)::int from membership where organization_id = ${organizationId}) as members,
        (select count(*)::int from patient where organization_id = ${organizationId}) as patients,
        (select count(*)::int from practice_site where organization_id = ${organizationId}) as sites`,
    );
    return row;
  }

  it("refuses its staff with the reason, keeps the notice's reads, takes the site offline, deletes nothing, and restores", async () => {
    const p = await createPractice(db);
    const orgId = p.organization.id;
    const slug = p.organization.slug;
    const owner = await callerFor(db, { token: p.owner.token, organizationId: orgId });
    await createPatient(owner);
    const before = await rowCounts(orgId);
    const visitor = await callerFor(db);
    expect((await visitor.public.practice({ slug })).name).toBe(p.organization.name);

    const admin = await callerFor(db, { token: operatorToken });
    const suspended = await admin.admin.suspendOrganization({
      organizationId: orgId,
      reason: "Unpaid invoices since March",
    });
    expect(suspended.suspensionReason).toBe("Unpaid invoices since March");

    const doctor = await callerFor(db, { token: p.doctor.token, organizationId: orgId });
    const refused = await failureOf(doctor.patient.list({}));
    expect(refused.code).toBe("PRECONDITION_FAILED");
    expect(refused.message).toBe("This practice is suspended: Unpaid invoices since March");
    expect((await failureOf(owner.organization.members({}))).code).toBe("PRECONDITION_FAILED");
    expect((await failureOf(owner.organization.update({ id: orgId, name: "Renamed" }))).code).toBe(
      "PRECONDITION_FAILED",
    );

    // What the apps need to show why still answers.
    const me = await (await callerFor(db, { token: p.doctor.token })).auth.me();
    const mine = me?.organizations.find((o) => o.id === orgId);
    expect(mine?.suspensionReason).toBe("Unpaid invoices since March");
    expect(mine?.suspendedAt).toBeInstanceOf(Date);
    expect((await owner.organization.settings()).id).toBe(orgId);

    expect((await failureOf(visitor.public.practice({ slug }))).code).toBe("NOT_FOUND");
    expect(await rowCounts(orgId)).toEqual(before);

    const detail = await admin.admin.organization({ organizationId: orgId });
    expect(detail.suspensionReason).toBe("Unpaid invoices since March");

    const twice = await failureOf(
      admin.admin.suspendOrganization({ organizationId: orgId, reason: "Again" }),
    );
    expect(twice.code).toBe("CONFLICT");

    await admin.admin.restoreOrganization({ organizationId: orgId });
    expect((await doctor.patient.list({})).items.length).toBe(1);
    expect((await visitor.public.practice({ slug })).name).toBe(p.organization.name);
    expect((await failureOf(admin.admin.restoreOrganization({ organizationId: orgId }))).code).toBe(
      "CONFLICT",
    );
    expect(await rowCounts(orgId)).toEqual(before);

    // Both changes are in the practice's own audit log, with before and after.
    const history = await db
      .select()
      .from(schema.auditLog)
      .where(
        and(
          eq(schema.auditLog.organizationId, orgId),
          eq(schema.auditLog.entityType, "organization"),
        ),
      );
    const shown = await admin.admin.organization({ organizationId: orgId });
    expect(shown.history.slice(0, 2).map((h) => h.action)).toEqual([
      "admin.restoreOrganization",
      "admin.suspendOrganization",
    ]);
    expect(history.map((h) => h.action)).toEqual(
      expect.arrayContaining(["admin.suspendOrganization", "admin.restoreOrganization"]),
    );
  });

  it("is for platform operators only", async () => {
    const p = await createPractice(db);
    const owner = await callerFor(db, { token: p.owner.token });
    const refused = await failureOf(
      owner.admin.suspendOrganization({ organizationId: p.organization.id, reason: "Mine" }),
    );
    expect(refused.code).toBe("FORBIDDEN");
    expect(
      (await failureOf(owner.admin.organization({ organizationId: p.organization.id }))).code,
    ).toBe("FORBIDDEN");
  });

  it("answers NOT_FOUND for an unknown practice and BAD_REQUEST without a reason", async () => {
    const admin = await callerFor(db, { token: operatorToken });
    expect(
      (
        await failureOf(
          admin.admin.suspendOrganization({ organizationId: randomUUID(), reason: "x" }),
        )
      ).code,
    ).toBe("NOT_FOUND");
    const blank = await failureOf(
      admin.admin.suspendOrganization({ organizationId: practice.organization.id, reason: "" }),
    );
    expect(blank.code).toBe("BAD_REQUEST");
    expect(blank.fieldErrors?.reason).toBeDefined();
  });
});

describe("a practice's detail and features", () => {
  it("shows members, plan and usage, and switches features", async () => {
    const admin = await callerFor(db, { token: operatorToken });
    const detail = await admin.admin.organization({ organizationId: practice.organization.id });
    expect(detail.members).toHaveLength(6);
    expect(detail.usage.staff).toBe(5);
    expect(detail.plan?.standing).toBe("active");
    expect(detail.members[0]).not.toHaveProperty("passwordHash");

    const changed = await admin.admin.setFeatures({
      organizationId: practice.organization.id,
      features: ["patient_portal"],
    });
    expect(changed.features).toEqual(["patient_portal"]);
    const owner = await callerFor(db, {
      token: practice.owner.token,
      organizationId: practice.organization.id,
    });
    expect((await failureOf(owner.review.list({}))).code).toBe("NOT_FOUND");
    await admin.admin.setFeatures({
      organizationId: practice.organization.id,
      features: ["reviews", "patient_portal", "assistant", "ambulance", "prescription_refill"],
    });
    expect((await owner.review.list({})).items).toEqual([]);
  });
});

describe("operating users", () => {
  it("grants and revokes the operator flag, but never one's own", async () => {
    const admin = await callerFor(db, { token: operatorToken });
    const person = await signUp(db, { name: "Future Operator" });
    expect(
      (await admin.admin.setOperator({ userId: person.id, operator: true })).isPlatformAdmin,
    ).toBe(true);
    expect((await admin.admin.user({ userId: person.id })).isPlatformAdmin).toBe(true);
    await admin.admin.setOperator({ userId: person.id, operator: false });
    const self = (await admin.auth.me())?.user.id ?? "";
    const refused = await failureOf(admin.admin.setOperator({ userId: self, operator: false }));
    expect(refused.code).toBe("BAD_REQUEST");
    expect((await admin.admin.user({ userId: self })).isPlatformAdmin).toBe(true);
  });

  it("ends every session of a user", async () => {
    const admin = await callerFor(db, { token: operatorToken });
    const person = await signUp(db, { name: "Signed In Twice" });
    const second = await signIn(db, person);
    expect((await admin.admin.user({ userId: person.id })).sessionCount).toBe(2);
    expect(await admin.admin.endSessions({ userId: person.id })).toEqual({ ended: 2 });
    for (const token of [person.token, second]) {
      const caller = await callerFor(db, { token });
      expect((await failureOf(caller.organization.listMine())).code).toBe("UNAUTHORIZED");
    }
    expect((await admin.admin.user({ userId: person.id })).sessionCount).toBe(0);
  });

  it("resends a confirmation link only to an unconfirmed address", async () => {
    const admin = await callerFor(db, { token: operatorToken });
    const person = await signUp(db, { name: "Unconfirmed Person" });
    expect((await admin.admin.user({ userId: person.id })).verified).toBe(false);
    expect(await admin.admin.resendVerification({ userId: person.id })).toEqual({ ok: true });
    const queued = await db
      .select()
      .from(schema.notification)
      .where(
        and(
          eq(schema.notification.userId, person.id),
          eq(schema.notification.kind, "email_verification"),
        ),
      );
    expect(queued.length).toBeGreaterThanOrEqual(2);
    await db
      .update(schema.user)
      .set({ emailVerifiedAt: new Date() })
      .where(eq(schema.user.id, person.id));
    expect((await failureOf(admin.admin.resendVerification({ userId: person.id }))).code).toBe(
      "CONFLICT",
    );
  });

  it("never returns a password hash or a session secret", async () => {
    const admin = await callerFor(db, { token: operatorToken });
    const detail = await admin.admin.user({ userId: practice.owner.id });
    const text = JSON.stringify(detail);
    expect(text).not.toMatch(/argon2|secret/i);
    expect(detail.memberships.map((m) => m.organizationId)).toContain(practice.organization.id);
  });
});

describe("the job queue", () => {
  it("lists jobs by state and retries a failed one once", async () => {
    const [failed] = await queryRows<{ id: string }>(
      db,
      sql`insert into pgboss.job (name, state, retry_limit, retry_count, output)
          values ('stock-daily', 'failed', 2, 2, '{"message":"boom"}'::jsonb) returning id::text as id`,
    );
    const id = failed?.id ?? "";
    const admin = await callerFor(db, { token: operatorToken });
    const page = await admin.admin.jobs({ state: "failed", queue: "stock-daily" });
    expect(page.items.map((j) => j.id)).toContain(id);
    expect(page.items.find((j) => j.id === id)?.error).toBe("boom");
    const failedCount = page.counts.find((c) => c.queue === "stock-daily" && c.state === "failed");
    expect(failedCount?.count).toBeGreaterThanOrEqual(1);

    const retried = await admin.admin.retryJob({ id });
    expect(retried.state).toBe("retry");
    const [row] = await queryRows<{ state: string; retry_limit: number }>(
      db,
      sql`select state::text as state, retry_limit from pgboss.job where id = ${id}::uuid`,
    );
    expect(row).toEqual({ state: "retry", retry_limit: 3 });
    expect((await failureOf(admin.admin.retryJob({ id }))).code).toBe("CONFLICT");
    expect((await failureOf(admin.admin.retryJob({ id: randomUUID() }))).code).toBe("NOT_FOUND");
  });
});

describe("platform charts", () => {
  it("counts sign-ups, bookings and active practices per day as the tables say", async () => {
    const admin = await callerFor(db, { token: operatorToken });
    const stats = await admin.admin.platformStats({ days: 7 });
    expect(stats.days).toHaveLength(7);
    const today = new Date().toISOString().slice(0, 10);
    const [expected] = await queryRows<{ signups: number; bookings: number; active: number }>(
      db,
      sql`select
        (select count(*)::int from "user" where (created_at at time zone 'UTC')::date = ${today}::date) as signups,
        (select count(*)::int from appointment where (created_at at time zone 'UTC')::date = ${today}::date
            and status <> 'held') as bookings,
        (select count(distinct org)::int from (
            select organization_id as org from appointment
             where (created_at at time zone 'UTC')::date = ${today}::date and status <> 'held'
            union select m.organization_id from session s join membership m on m.user_id = s.user_id
             where (s.created_at at time zone 'UTC')::date = ${today}::date and m.role <> 'patient'
          ) a) as active`,
    );
    const day = stats.days.find((d) => d.day === today);
    expect(day).toEqual({
      day: today,
      signUps: expected?.signups,
      bookings: expected?.bookings,
      activePractices: expected?.active,
    });
    expect(day?.signUps).toBeGreaterThan(0);
    expect(day?.activePractices).toBeGreaterThan(0);
  });

  it("refuses a range outside 7 to 365 days", async () => {
    const admin = await callerFor(db, { token: operatorToken });
    expect((await failureOf(admin.admin.platformStats({ days: 3 }))).code).toBe("BAD_REQUEST");
    expect((await failureOf(admin.admin.platformStats({ days: 366 }))).code).toBe("BAD_REQUEST");
  });
});

describe("reviews across practices", () => {
  it("publishes and hides any practice's review by its own rules, audited under it", async () => {
    const stocked = await createStockedPractice(db);
    const admin = await callerFor(db, { token: operatorToken });
    const pending = await admin.admin.reviews({ status: "pending", limit: 100 });
    const row = pending.items.find((r) => r.id === stocked.ids.review);
    expect(row?.organizationId).toBe(stocked.organization.id);

    const published = await admin.admin.moderateReview({
      reviewId: stocked.ids.review,
      action: "publish",
    });
    expect(published.status).toBe("published");
    const again = await failureOf(
      admin.admin.moderateReview({ reviewId: stocked.ids.review, action: "publish" }),
    );
    expect(again.code).toBe("CONFLICT");
    const noReason = await failureOf(
      admin.admin.moderateReview({ reviewId: stocked.ids.review, action: "hide" }),
    );
    expect(noReason.code).toBe("BAD_REQUEST");
    expect(noReason.fieldErrors?.reason).toBeDefined();
    const hidden = await admin.admin.moderateReview({
      reviewId: stocked.ids.review,
      action: "hide",
      reason: "Names a member of staff",
    });
    expect(hidden).toMatchObject({ status: "hidden", moderationReason: "Names a member of staff" });

    const audited = await db
      .select({ organizationId: schema.auditLog.organizationId })
      .from(schema.auditLog)
      .where(
        and(
          eq(schema.auditLog.action, "admin.moderateReview"),
          eq(schema.auditLog.entityId, stocked.ids.review),
        ),
      );
    expect(audited).toEqual([
      { organizationId: stocked.organization.id },
      { organizationId: stocked.organization.id },
    ]);
    expect(
      (await failureOf(admin.admin.moderateReview({ reviewId: randomUUID(), action: "publish" })))
        .code,
    ).toBe("NOT_FOUND");
  });

  it("lists plan payments of every practice, newest first", async () => {
    const admin = await callerFor(db, { token: operatorToken });
    const [made] = await db
      .insert(schema.planPayment)
      .values({
        organizationId: practice.organization.id,
        provider: "stripe",
        status: "succeeded",
        features: ["reviews"],
        interval: "month",
        amountMinor: 4_400,
        currency: "EUR",
        appliedAt: new Date(),
      })
      .returning({ id: schema.planPayment.id });
    const page = await admin.admin.planPayments({ limit: 100 });
    const row = page.items.find((p) => p.id === made?.id);
    expect(row).toMatchObject({
      organizationName: practice.organization.name,
      amountMinor: 4_400,
      currency: "EUR",
      status: "succeeded",
    });
    const stats = await admin.admin.platformStats({ days: 7 });
    const today = new Date().toISOString().slice(0, 10);
    const [expected] = await queryRows<{ total: string }>(
      db,
      sql`select coalesce(sum(amount_minor), 0)::text as total from plan_payment
           where currency = 'EUR' and (applied_at at time zone 'UTC')::date = ${today}::date`,
    );
    const eurToday = stats.planRevenue.find((r) => r.day === today && r.currency === "EUR");
    expect(eurToday?.amountMinor).toBe(Number(expected?.total));
    expect(eurToday?.amountMinor).toBeGreaterThanOrEqual(4_400);

    // Practices' takings: payments that succeeded today, per currency, as the table says.
    const takings = await queryRows<{ currency: string; total: string }>(
      db,
      sql`select currency, sum(amount_minor)::text as total from payment
           where (succeeded_at at time zone 'UTC')::date = ${today}::date
             and status in ('succeeded', 'refunded', 'partially_refunded')
           group by currency order by currency`,
    );
    expect(
      stats.revenue
        .filter((r) => r.day === today)
        .map((r) => ({ currency: r.currency, total: String(r.amountMinor) })),
    ).toEqual(takings);
  });
});
