// The notification centre and web push subscriptions: a user sees, counts and marks read only
// their own in-app messages (of practices they still belong to), and manages only their own
// browsers' subscriptions.
import { schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import {
  addMember,
  callerFor,
  createOrganization,
  failureOf,
  signUp,
  type TestUser,
} from "@caredesk/api/testing";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { queueNotifications, type NewNotification } from "../src/service/outbox";

let database: TestDatabase;
let db: Database;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
});
afterAll(() => database.drop());

/** In-app messages for `user`, as the outbox writes them; answers their ids in order. */
async function inApp(
  user: { id: string },
  count: number,
  extra: Partial<NewNotification> = {},
): Promise<string[]> {
  const ids: string[] = [];
  // One at a time, so each has its own creation instant and the order is known.
  for (let i = 1; i <= count; i++) {
    const [id] = await queueNotifications(db, [
      {
        organizationId: null,
        kind: "booking_request",
        channel: "in_app",
        userId: user.id,
        subject: `Message ${i}`,
        bodyText: `Text ${i}`,
        payload: { link: "/app/requests" },
        ...extra,
      },
    ]);
    if (!id) throw new Error("no notification was written");
    ids.push(id);
  }
  return ids;
}

async function me(user: TestUser) {
  return callerFor(db, { token: user.token });
}

describe("notification.inbox", () => {
  it("lists only the caller's own in-app messages, newest first", async () => {
    const ana = await signUp(db, { name: "Ana" });
    const ben = await signUp(db, { name: "Ben" });
    const [first, second] = await inApp(ana, 2);
    await inApp(ben, 1);
    // An email to Ana is not an in-app message.
    await db.insert(schema.notification).values({
      kind: "password_reset",
      channel: "email",
      userId: ana.id,
      recipient: ana.email,
      subject: "Reset your password",
    });

    const inbox = await (await me(ana)).notification.inbox({});

    expect(inbox.items.map((item) => item.id)).toEqual([second, first]);
    expect(inbox.items[0]).toMatchObject({
      title: "Message 2",
      text: "Text 2",
      link: "/app/requests",
      readAt: null,
    });
    expect(inbox.nextCursor).toBeNull();
  });

  it("pages through the messages with its cursor", async () => {
    const ana = await signUp(db);
    const ids = await inApp(ana, 5);
    const caller = await me(ana);

    const first = await caller.notification.inbox({ limit: 2 });
    const second = await caller.notification.inbox({ limit: 2, cursor: first.nextCursor ?? "" });
    const third = await caller.notification.inbox({ limit: 2, cursor: second.nextCursor ?? "" });

    expect([...first.items, ...second.items, ...third.items].map((item) => item.id)).toEqual(
      [...ids].reverse(),
    );
    expect(third.nextCursor).toBeNull();
  });

  it("stops showing a practice's messages once the user is no longer a member", async () => {
    const owner = await signUp(db);
    const organization = await createOrganization(db, owner);
    const staff = await addMember(db, organization.id, owner, "staff");
    await inApp(staff, 1, { organizationId: organization.id });
    const [account] = await inApp(staff, 1);
    expect((await (await me(staff)).notification.unreadCount()).count).toBe(2);

    const admin = await callerFor(db, { token: owner.token, organizationId: organization.id });
    await admin.organization.removeMember({ membershipId: staff.membershipId });

    const inbox = await (await me(staff)).notification.inbox({});
    expect(inbox.items.map((item) => item.id)).toEqual([account]);
    expect((await (await me(staff)).notification.unreadCount()).count).toBe(1);
  });

  it("refuses a visitor", async () => {
    const failure = await failureOf((await callerFor(db)).notification.inbox({}));

    expect(failure.code).toBe("UNAUTHORIZED");
  });
});

describe("reading messages", () => {
  it("counts unread messages, and one read no longer counts", async () => {
    const ana = await signUp(db);
    const [first] = await inApp(ana, 3);
    const caller = await me(ana);
    expect(await caller.notification.unreadCount()).toEqual({ count: 3 });

    await caller.notification.markRead({ id: first ?? "" });

    expect(await caller.notification.unreadCount()).toEqual({ count: 2 });
    const inbox = await caller.notification.inbox({});
    expect(inbox.items.find((item) => item.id === first)?.readAt).toBeInstanceOf(Date);
  });

  it("answers NOT_FOUND for another user's message and leaves it unread", async () => {
    const ana = await signUp(db);
    const ben = await signUp(db);
    const [bens] = await inApp(ben, 1);

    const failure = await failureOf((await me(ana)).notification.markRead({ id: bens ?? "" }));

    expect(failure.code).toBe("NOT_FOUND");
    const [row] = await db
      .select({ readAt: schema.notification.readAt })
      .from(schema.notification)
      .where(eq(schema.notification.id, bens ?? ""));
    expect(row?.readAt).toBeNull();
    expect(await (await me(ben)).notification.unreadCount()).toEqual({ count: 1 });
  });

  it("answers NOT_FOUND for a message that does not exist", async () => {
    const ana = await signUp(db);

    const failure = await failureOf((await me(ana)).notification.markRead({ id: randomUUID() }));

    expect(failure.code).toBe("NOT_FOUND");
  });

  it("keeps the first time a message was read", async () => {
    const ana = await signUp(db);
    const [id = ""] = await inApp(ana, 1);
    const caller = await me(ana);

    const first = await caller.notification.markRead({ id });
    const again = await caller.notification.markRead({ id });

    expect(again.readAt).toEqual(first.readAt);
  });

  it("marks all of the caller's messages read, and nobody else's", async () => {
    const ana = await signUp(db);
    const ben = await signUp(db);
    await inApp(ana, 3);
    await inApp(ben, 2);

    const result = await (await me(ana)).notification.markAllRead();

    expect(result).toEqual({ ok: true, read: 3 });
    expect(await (await me(ana)).notification.unreadCount()).toEqual({ count: 0 });
    expect(await (await me(ben)).notification.unreadCount()).toEqual({ count: 2 });
  });
});

describe("web push subscriptions", () => {
  const keys = { p256dh: `B${"Q".repeat(86)}`, auth: "q".repeat(22) };

  async function subscriptionsOf(endpoint: string) {
    return db
      .select({ userId: schema.pushSubscription.userId, auth: schema.pushSubscription.auth })
      .from(schema.pushSubscription)
      .where(eq(schema.pushSubscription.endpoint, endpoint));
  }

  it("keeps one row per browser, for whoever subscribed it last", async () => {
    const ana = await signUp(db);
    const ben = await signUp(db);
    const endpoint = `https://updates.push.services.mozilla.com/wpush/v2/${randomUUID()}`;

    await (await me(ana)).push.subscribe({ endpoint, keys });
    await (await me(ana)).push.subscribe({ endpoint, keys: { ...keys, auth: "r".repeat(22) } });
    expect(await subscriptionsOf(endpoint)).toEqual([{ userId: ana.id, auth: "r".repeat(22) }]);

    await (await me(ben)).push.subscribe({ endpoint, keys });
    expect(await subscriptionsOf(endpoint)).toEqual([{ userId: ben.id, auth: keys.auth }]);
  });

  it("unsubscribes only the caller's own browser", async () => {
    const ana = await signUp(db);
    const ben = await signUp(db);
    const endpoint = `https://fcm.googleapis.com/fcm/send/${randomUUID()}`;
    await (await me(ana)).push.subscribe({ endpoint, keys });

    await (await me(ben)).push.unsubscribe({ endpoint });
    expect(await subscriptionsOf(endpoint)).toHaveLength(1);

    await (await me(ana)).push.unsubscribe({ endpoint });
    expect(await subscriptionsOf(endpoint)).toHaveLength(0);
  });

  it("refuses an endpoint on the server's own network", async () => {
    const ana = await signUp(db);
    for (const endpoint of [
      "http://fcm.googleapis.com/fcm/send/x",
      "https://127.0.0.1/push",
      "https://localhost/push",
      "https://metadata.internal/computeMetadata",
      "https://fcm.googleapis.com:8443/fcm/send/x",
    ]) {
      const failure = await failureOf((await me(ana)).push.subscribe({ endpoint, keys }));
      expect(failure.code).toBe("BAD_REQUEST");
    }
    const rows = await db
      .select()
      .from(schema.pushSubscription)
      .where(and(eq(schema.pushSubscription.userId, ana.id)));
    expect(rows).toEqual([]);
  });

  it("tells every browser the VAPID public key, or that push is off", async () => {
    expect(await (await callerFor(db)).push.publicKey()).toEqual({ publicKey: null });
  });
});
