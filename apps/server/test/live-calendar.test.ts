// Live calendar: a booking made through one server instance reaches a subscriber of
// another, over Server-Sent Events, via PostgreSQL LISTEN/NOTIFY (one instance on PGlite).
import { createStockedPractice, nextWeekdayAt, uniqueIdempotencyKey } from "@caredesk/api/testing";
import { createDb, type DbHandle } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import type { FastifyInstance } from "fastify";
import superjson from "superjson";
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
let second: DbHandle;
let subscriberServer: FastifyInstance;
let bookingServer: FastifyInstance;
let practice: Awaited<ReturnType<typeof createStockedPractice>>;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  // A second instance has its own connection pool, like another process behind a balancer.
  second = database.url ? await createDb({ databaseUrl: database.url, max: 5 }) : database;
  subscriberServer = await startServer(database);
  bookingServer = database.url ? await startServer(second) : subscriberServer;
  practice = await createStockedPractice(database.db);
});
afterAll(async () => {
  await subscriberServer.close();
  if (bookingServer !== subscriberServer) await bookingServer.close();
  if (second !== database) await second.close();
  await database.drop();
});

describe("the live calendar", () => {
  it("streams a booking made on another server instance to a subscriber, after it commits", async () => {
    const url = `http://127.0.0.1:${await listeningPort(subscriberServer)}/trpc/appointment.onChange?${queryInput(undefined)}`;
    const controller = new AbortController();
    const response = await fetch(url, {
      headers: {
        accept: "text/event-stream",
        ...memberHeaders(practice.owner.token, practice.organization.id),
      },
      signal: controller.signal,
    });
    expect(response.headers.get("content-type")).toMatch(/text\/event-stream/);
    if (!response.body) throw new Error("no body");

    const booked = await bookingServer.inject({
      method: "POST",
      url: "/trpc/appointment.book",
      headers: {
        ...memberHeaders(practice.owner.token, practice.organization.id),
        "content-type": "application/json",
      },
      payload: mutationBody({
        serviceId: practice.ids.service,
        patientId: practice.ids.patient,
        start: nextWeekdayAt("15:00"),
        idempotencyKey: uniqueIdempotencyKey(),
      }),
    });
    expect(booked.statusCode).toBe(200);
    const appointmentId = superjson.deserialize<{ id: string }>(
      booked.json<{ result: { data: Parameters<typeof superjson.deserialize>[0] } }>().result.data,
    ).id;

    const frame = await waitForEvent(response.body, appointmentId);
    expect(frame).toMatch(/^id: /m);
    expect(frame).toContain("appointment.changed");
    controller.abort();
  });

  it("does not stream another organization's changes", async () => {
    const other = await createStockedPractice(database.db, { name: "Elsewhere Clinic" });
    const controller = new AbortController();
    const response = await fetch(
      `http://127.0.0.1:${await listeningPort(subscriberServer)}/trpc/appointment.onChange?${queryInput(undefined)}`,
      {
        headers: {
          accept: "text/event-stream",
          ...memberHeaders(other.owner.token, practice.organization.id),
        },
        signal: controller.signal,
      },
    );
    // Not a member: the subscription is refused like any other procedure.
    const text = await response.text();
    expect(text).toContain("NOT_FOUND");
    controller.abort();
  });
});
