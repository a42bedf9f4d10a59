// The live notification centre: a change to a user's inbox reaches that user's open streams
// (notification.onInbox, Server-Sent Events over LISTEN/NOTIFY) and nobody else's.
import { createStockedPractice } from "@caredesk/api/testing";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  listeningPort,
  memberHeaders,
  mutationBody,
  queryInput,
  startServer,
  waitForEvent,
} from "./server";

let database: TestDatabase;
let app: FastifyInstance;
let practice: Awaited<ReturnType<typeof createStockedPractice>>;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  app = await startServer(database);
  practice = await createStockedPractice(database.db);
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

async function openInbox(token: string, signal: AbortSignal) {
  const url = `http://127.0.0.1:${await listeningPort(app)}/trpc/notification.onInbox?${queryInput(undefined)}`;
  const response = await fetch(url, {
    headers: { accept: "text/event-stream", ...memberHeaders(token, practice.organization.id) },
    signal,
  });
  expect(response.headers.get("content-type")).toMatch(/text\/event-stream/);
  if (!response.body) throw new Error("no body");
  return response.body;
}

describe("the live notification centre", () => {
  it("tells the user's open pages when their inbox changes, and no one else's", async () => {
    const controller = new AbortController();
    try {
      const owners = await openInbox(practice.owner.token, controller.signal);
      const doctors = await openInbox(practice.doctor.token, controller.signal);

      const read = await app.inject({
        method: "POST",
        url: "/trpc/notification.markRead",
        headers: {
          ...memberHeaders(practice.owner.token, practice.organization.id),
          "content-type": "application/json",
        },
        payload: mutationBody({ id: practice.ids.inboxMessage }),
      });
      expect(read.statusCode).toBe(200);

      const frame = await waitForEvent(owners, "inbox.changed");
      expect(frame).toMatch(/^id: /m);
      await expect(waitForEvent(doctors, "inbox.changed", 1500)).rejects.toThrow();
    } finally {
      controller.abort();
    }
  });
});
