// The periodic jobs' work: a certificate about to expire alerts the practice's owners and admins
// once, in the app and by email; records past their purpose are purged; each run is audited.
import { hashSecret } from "@caredesk/auth";
import { schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { mintActionToken } from "../src/service/action-token";
import {
  alertExpiringCertificates,
  purgeExpired,
  remindPlanRenewals,
} from "../src/service/maintenance";
import { createStockedPractice, type StockedPractice } from "../src/testing";

let database: TestDatabase;
let db: Database;
let practice: StockedPractice;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  practice = await createStockedPractice(db);
});
afterAll(() => database.drop());

const alertsOf = () =>
  db
    .select()
    .from(schema.notification)
    .where(
      and(
        eq(schema.notification.organizationId, practice.organization.id),
        eq(schema.notification.kind, "certificate_expiring"),
      ),
    );

describe("plan renewal reminders", () => {
  const remindersOf = () =>
    db
      .select()
      .from(schema.notification)
      .where(
        and(
          eq(schema.notification.organizationId, practice.organization.id),
          eq(schema.notification.kind, "plan_renewal"),
        ),
      );
  const paidUntil = (date: Date) =>
    db
      .update(schema.subscription)
      .set({ paidUntil: date, graceDays: 7 })
      .where(eq(schema.subscription.organizationId, practice.organization.id));
  const day = 86_400_000;

  it("remind the owner once before the plan ends and once in its grace days", async () => {
    // Paid for a year: nothing to say.
    await remindPlanRenewals(db);
    expect(await remindersOf()).toEqual([]);

    const end = new Date(Date.now() + 5 * day);
    await paidUntil(end);
    expect(await remindPlanRenewals(db)).toBeGreaterThanOrEqual(1);
    const before = await remindersOf();
    expect(before.map((r) => r.channel).sort()).toEqual(["email", "in_app"]);
    expect(before.every((r) => r.userId === practice.owner.id)).toBe(true);
    expect(before[0]?.subject).toBe(`Your Caredesk plan ends on ${end.toISOString().slice(0, 10)}`);
    // The next day's run says nothing again.
    await remindPlanRenewals(db);
    expect(await remindersOf()).toHaveLength(2);

    // Once the period is over (the site in its grace days), one more reminder says so.
    const later = new Date(end.getTime() + 2 * day);
    await remindPlanRenewals(db, later);
    const after = await remindersOf();
    expect(after).toHaveLength(4);
    expect(after.some((r) => r.subject?.startsWith("Your Caredesk plan has ended"))).toBe(true);
    // Past the grace days: the site is gone and the reminders stop.
    await remindPlanRenewals(db, new Date(end.getTime() + 8 * day));
    expect(await remindersOf()).toHaveLength(4);

    const audited = await db
      .select()
      .from(schema.auditLog)
      .where(eq(schema.auditLog.action, "plan.renewalReminder"));
    expect(audited).toHaveLength(2);
    await paidUntil(new Date(Date.now() + 365 * day));
  });
});

describe("certificate expiry alerts", () => {
  it("alert the owner once, in the app and by email, when a certificate expires within 30 days", async () => {
    // The stocked certificate expires in 2030: no alert yet.
    await alertExpiringCertificates(db);
    expect(await alertsOf()).toEqual([]);

    const soon = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    await db
      .update(schema.practitionerCertificate)
      .set({ expiresOn: soon })
      .where(eq(schema.practitionerCertificate.id, practice.ids.certificate));
    expect(await alertExpiringCertificates(db)).toBeGreaterThanOrEqual(1);
    const alerts = await alertsOf();
    // The owner is the practice's only owner or admin: one in-app message and one email.
    expect(alerts.map((a) => a.channel).sort()).toEqual(["email", "in_app"]);
    expect(alerts.every((a) => a.userId === practice.owner.id)).toBe(true);
    expect(alerts[0]?.subject).toBe("Certificate expiring: Amira Hassan");
    expect(alerts.find((a) => a.channel === "email")?.recipient).toBe(practice.owner.email);

    // The next day's run sends nothing again.
    await alertExpiringCertificates(db);
    expect(await alertsOf()).toHaveLength(2);

    const audited = await db
      .select()
      .from(schema.auditLog)
      .where(eq(schema.auditLog.action, "certificate.expiryAlert"));
    expect(audited.some((a) => a.organizationId === practice.organization.id)).toBe(true);
  });
});

describe("purge", () => {
  it("removes used and long-expired link tokens and old idempotency keys, keeps the rest", async () => {
    const old = new Date(Date.now() - 30 * 86_400_000);
    const expired = await mintActionToken(db, {
      purpose: "password_reset",
      userId: practice.owner.id,
      expiresAt: old,
    });
    const live = await mintActionToken(db, {
      purpose: "password_reset",
      userId: practice.owner.id,
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    await db.insert(schema.idempotencyKey).values({
      organizationId: practice.organization.id,
      operation: "appointment.book",
      actor: "visitor",
      key: "old-key-0001",
      requestHash: "x",
      entityType: "appointment",
      entityId: practice.ids.appointment,
      createdAt: old,
    });
    const counts = await purgeExpired(db);
    expect(counts.linkTokens).toBeGreaterThanOrEqual(1);
    expect(counts.idempotencyKeys).toBeGreaterThanOrEqual(1);
    const remaining = await db
      .select({ hash: schema.actionToken.tokenHash })
      .from(schema.actionToken);
    const hashes = new Set(remaining.map((r) => r.hash));
    expect(hashes.has(hashSecret(expired))).toBe(false);
    expect(hashes.has(hashSecret(live))).toBe(true);
    const [audit] = await db
      .select()
      .from(schema.auditLog)
      .where(eq(schema.auditLog.action, "maintenance.purge"));
    expect(audit?.after).toMatchObject({ linkTokens: counts.linkTokens });
  });
});
