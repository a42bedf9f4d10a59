// The per-request session lookup maps its row without Drizzle's generic mapping (a hot path):
// what it answers must be what Drizzle's own select of the same columns answers, field for
// field and type for type — dates as Dates, features as an array, a suspension as it is.
import { schema } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createSession, findSessionMembership, validateSessionToken } from "../src";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
});
afterAll(() => database.drop());

describe("the session lookup", () => {
  it("answers the user and membership Drizzle's own selects answer, every field", async () => {
    const db = database.db;
    const [user] = await db
      .insert(schema.user)
      .values({ email: "lookup@example.test", name: "Salma Fathy", passwordHash: "unused" })
      .returning({ id: schema.user.id });
    const [clinic] = await db
      .insert(schema.organization)
      .values({
        slug: "lookup-clinic",
        name: "Lookup Clinic",
        kind: "dental",
        timeZone: "Africa/Cairo",
        currency: "EGP",
        suspendedAt: new Date("2031-01-02T03:04:05.678Z"),
        suspensionReason: "Unpaid invoice",
      })
      .returning({ id: schema.organization.id });
    if (!user || !clinic) throw new Error("no rows");
    await db.insert(schema.membership).values({
      organizationId: clinic.id,
      userId: user.id,
      role: "staff",
    });
    const now = new Date();
    const { token, session } = await createSession(db, user.id, {}, now);

    for (let round = 0; round < 2; round++) {
      // Twice: the second read meets the remembered instants.
      const valid = await validateSessionToken(db, token, now, { organizationId: clinic.id });
      const [own] = await db
        .select({
          id: schema.user.id,
          email: schema.user.email,
          name: schema.user.name,
          isPlatformAdmin: schema.user.isPlatformAdmin,
        })
        .from(schema.user)
        .where(eq(schema.user.id, user.id));
      expect(valid?.user).toStrictEqual(own);
      expect(valid?.session).toStrictEqual({
        id: session.id,
        userId: user.id,
        expiresAt: session.expiresAt,
        refreshed: false,
      });
      const membership = await findSessionMembership(db, user.id, clinic.id);
      expect(membership?.organization.suspendedAt).toBeInstanceOf(Date);
      expect(valid?.membership).toStrictEqual(membership);
    }

    const [other] = await db
      .insert(schema.organization)
      .values({
        slug: "lookup-other",
        name: "Other",
        kind: "clinic",
        timeZone: "UTC",
        currency: "EGP",
      })
      .returning({ id: schema.organization.id });
    const elsewhere = await validateSessionToken(db, token, now, { organizationId: other?.id });
    expect(elsewhere?.membership).toBeNull();
    const without = await validateSessionToken(db, token, now);
    expect(without).not.toHaveProperty("membership");
  });
});
