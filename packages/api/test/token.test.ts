// Bearer tokens for devices (auth.token, POST /api/v1/auth/token): the same hashed sessions as
// browsers, listed by the device's name, accepted only as a bearer token, revocable.
import { validateSessionToken } from "@caredesk/auth";
import { schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import { callerFor, failureOf, recordCookies, signUp, type TestUser } from "@caredesk/api/testing";
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

let database: TestDatabase;
let db: Database;
let person: TestUser;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  person = await signUp(db);
});
afterAll(() => database.drop());

async function issue(deviceName: string) {
  const cookies = recordCookies();
  const caller = await callerFor(db, { cookies });
  const answer = await caller.auth.token({
    email: person.email,
    password: person.password,
    deviceName,
  });
  return { answer, cookies };
}

describe("auth.token", () => {
  it("answers a bearer token and sets no cookie", async () => {
    const { answer, cookies } = await issue("Mona's phone");

    expect(answer).toMatchObject({ tokenType: "Bearer", user: { id: person.id } });
    expect(answer.token).toMatch(/^\w+\.\w+$/);
    expect(cookies.writes).toEqual([]);
  });

  it("stores only the hash of the token's secret, with the device's name", async () => {
    const { answer } = await issue("Store check");
    const [id = "", secret = ""] = answer.token.split(".");

    const [row] = await db.select().from(schema.session).where(eq(schema.session.id, id));

    expect(row).toMatchObject({ kind: "bearer", name: "Store check" });
    expect(row?.secretHash).toBe(createHash("sha256").update(secret).digest("hex"));
  });

  it("is accepted as a bearer token only, never as a cookie", async () => {
    const { answer } = await issue("Kind check");

    expect(await validateSessionToken(db, answer.token, new Date(), { kind: "bearer" })).not.toBe(
      null,
    );
    expect(await validateSessionToken(db, answer.token, new Date(), { kind: "cookie" })).toBe(null);
    expect(await validateSessionToken(db, person.token, new Date(), { kind: "bearer" })).toBe(null);
  });

  it("lists the device by name among the account's sessions, where it can be revoked", async () => {
    const { answer } = await issue("Tablet at reception");
    const [id = ""] = answer.token.split(".");
    const account = await callerFor(db, { token: person.token });

    const listed = await account.auth.sessions();
    expect(listed.find((s) => s.id === id)).toMatchObject({
      kind: "bearer",
      name: "Tablet at reception",
      current: false,
    });

    await account.auth.revokeSession({ sessionId: id });
    expect(await validateSessionToken(db, answer.token, new Date(), { kind: "bearer" })).toBe(null);
  });

  it("refuses a wrong password like sign-in does", async () => {
    const caller = await callerFor(db);
    const failure = await failureOf(
      caller.auth.token({ email: person.email, password: "not the password", deviceName: "X" }),
    );
    expect(failure).toMatchObject({
      code: "UNAUTHORIZED",
      message: "Email or password is incorrect",
    });
  });

  it("asks for a device name", async () => {
    const caller = await callerFor(db);
    const failure = await failureOf(
      caller.auth.token({ email: person.email, password: person.password, deviceName: "  " }),
    );
    expect(failure).toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: { deviceName: [expect.any(String)] },
    });
  });
});
