// Ambulance requests: a hospital's site and portal take them only while the feature is on and
// only with a number and a place to go; the dispatch board moves them one step at a time, stamps
// each step, tells the requester at every step, updates open boards live, and reports response
// times.
import { validateSessionToken } from "@caredesk/auth";
import { schema, type Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import type { Channel, OutgoingMessage, SendResult } from "@caredesk/notifications";
import {
  addMember,
  addPortalPatient,
  callerFor,
  createOrganization,
  failureOf,
  openSite,
  signUp,
} from "@caredesk/api/testing";
import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createContextInner } from "../src/context";
import { ChangeHub, listenForChanges } from "../src/events";
import { appRouter } from "../src/root";
import { deliverNotification } from "../src/service/delivery";
import { ambulanceRequestDetails } from "../src/testing/ambulance";
import { createCallerFactory } from "../src/trpc";

let database: TestDatabase;
let db: Database;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
});
afterAll(() => database.drop());

const { ambulanceRequest, notification } = schema;

/** A hospital in Egypt with the feature, its dispatcher, a portal patient and a site phone. */
async function hospital() {
  const owner = await signUp(db, { name: "Olivia Owner" });
  const organization = await createOrganization(db, owner, { country: "EG" });
  const organizationId = organization.id;
  const staff = await callerFor(db, { token: owner.token, organizationId });
  await staff.site.updateProfile({ phone: "+20 3 4812345" });
  const dispatcher = await addMember(db, organizationId, owner, "staff");
  const patient = await addPortalPatient(db, organizationId, owner);
  return {
    owner,
    organization,
    organizationId,
    staff,
    dispatcher,
    patient,
    visitor: await callerFor(db),
    portal: await callerFor(db, { token: patient.user.token, organizationId }),
  };
}

type Hospital = Awaited<ReturnType<typeof hospital>>;

const requestsOf = async (organizationId: string) =>
  (
    await db
      .select({ n: count() })
      .from(ambulanceRequest)
      .where(eq(ambulanceRequest.organizationId, organizationId))
  )[0]?.n ?? 0;

const messagesOf = (organizationId: string) =>
  db
    .select()
    .from(notification)
    .where(
      and(
        eq(notification.organizationId, organizationId),
        sql`${notification.kind} in ('ambulance_requested', 'ambulance_status')`,
      ),
    )
    .orderBy(notification.createdAt, notification.id);

/** The SMS steps told to a number, in order. */
async function smsSteps(organizationId: string, recipient: string) {
  const rows = await messagesOf(organizationId);
  return rows
    .filter((m) => m.channel === "sms" && m.recipient === recipient)
    .map((m) => (m.payload as { step: string }).step);
}

describe("asking for an ambulance on the hospital's site", () => {
  it("takes the request and answers only its reference and the practice's phone", async () => {
    const h = await hospital();
    const answer = await h.visitor.ambulance.request({
      slug: h.organization.slug,
      ...ambulanceRequestDetails({
        phone: "010 0123 4567",
        pickupAddress: null,
        latitude: 31.2,
        longitude: 29.9,
      }),
    });

    expect(Object.keys(answer).sort()).toEqual(["practicePhone", "reference"]);
    expect(answer.reference).toMatch(/^[0-9A-F]{8}$/);
    expect(answer.practicePhone).toBe("+2034812345");
    const [row] = await db
      .select()
      .from(ambulanceRequest)
      .where(eq(ambulanceRequest.organizationId, h.organizationId));
    expect(row).toMatchObject({
      status: "new",
      contactPhone: "+201001234567",
      latitude: 31.2,
      longitude: 29.9,
      pickupAddress: null,
      patientId: null,
    });
    expect(row?.id.slice(0, 8).toUpperCase()).toBe(answer.reference);
  });

  it("tells every member who dispatches in the app, and the requester by SMS", async () => {
    const h = await hospital();
    await h.visitor.ambulance.request({ slug: h.organization.slug, ...ambulanceRequestDetails() });

    const messages = await messagesOf(h.organizationId);
    const inApp = messages.filter((m) => m.kind === "ambulance_requested");
    expect(inApp.every((m) => m.channel === "in_app")).toBe(true);
    expect(inApp.map((m) => m.userId).sort()).toEqual([h.owner.id, h.dispatcher.id].sort());
    expect(inApp[0]?.subject).toBe("New ambulance request");
    // The patient-role member does not dispatch.
    expect(inApp.map((m) => m.userId)).not.toContain(h.patient.user.id);
    expect(await smsSteps(h.organizationId, "+201001234567")).toEqual(["requested"]);
  });

  it("is not found while the hospital has the feature off, and writes nothing", async () => {
    const h = await hospital();
    await openSite(db, h.organizationId, ["reviews", "patient_portal"]);

    const failure = await failureOf(
      h.visitor.ambulance.request({ slug: h.organization.slug, ...ambulanceRequestDetails() }),
    );

    expect(failure.code).toBe("NOT_FOUND");
    expect(await requestsOf(h.organizationId)).toBe(0);
    expect(await messagesOf(h.organizationId)).toEqual([]);
    // The staff board and the portal are gone too.
    expect((await failureOf(h.staff.ambulance.board())).code).toBe("NOT_FOUND");
    expect((await failureOf(h.portal.ambulance.requestMine(ambulanceRequestDetails()))).code).toBe(
      "NOT_FOUND",
    );
  });

  it("refuses a number that cannot be reached, with the field's error, writing nothing", async () => {
    const h = await hospital();
    const failure = await failureOf(
      h.visitor.ambulance.request({
        slug: h.organization.slug,
        ...ambulanceRequestDetails({ phone: "123 456" }),
      }),
    );

    expect(failure.code).toBe("BAD_REQUEST");
    expect(failure.fieldErrors?.phone).toEqual(["Enter a valid phone number"]);
    expect(await requestsOf(h.organizationId)).toBe(0);
    expect(await messagesOf(h.organizationId)).toEqual([]);
  });

  it("refuses a request without an address or a location, and half a location", async () => {
    const h = await hospital();
    const noPlace = await failureOf(
      h.visitor.ambulance.request({
        slug: h.organization.slug,
        ...ambulanceRequestDetails({ pickupAddress: "  " }),
      }),
    );
    const half = await failureOf(
      h.visitor.ambulance.request({
        slug: h.organization.slug,
        ...ambulanceRequestDetails({ pickupAddress: null, latitude: 30 }),
      }),
    );
    const outOfRange = await failureOf(
      h.visitor.ambulance.request({
        slug: h.organization.slug,
        ...ambulanceRequestDetails({ latitude: 91, longitude: 10 }),
      }),
    );

    expect(noPlace.code).toBe("BAD_REQUEST");
    expect(noPlace.fieldErrors?.pickupAddress).toEqual([
      "Give the pickup address or share your location",
    ]);
    expect(half.fieldErrors?.longitude).toEqual(["Give both latitude and longitude"]);
    expect(outOfRange.fieldErrors?.latitude).toEqual(["A latitude is between -90 and 90"]);
    expect(await requestsOf(h.organizationId)).toBe(0);
  });

  it("answers a repeated request with the first one's reference, once", async () => {
    const h = await hospital();
    const details = { slug: h.organization.slug, ...ambulanceRequestDetails() };
    const first = await h.visitor.ambulance.request(details);
    const again = await h.visitor.ambulance.request(details);

    expect(again.reference).toBe(first.reference);
    expect(await requestsOf(h.organizationId)).toBe(1);
  });
});

/** A portal patient's request, moved along the board by the dispatcher. */
async function portalRequest(h: Hospital) {
  return h.portal.ambulance.requestMine(ambulanceRequestDetails({ phone: "+20 100 765 4321" }));
}

describe("the dispatch board", () => {
  it("moves a request new → dispatched → en route → arrived → completed, stamping each step", async () => {
    const h = await hospital();
    const desk = await callerFor(db, {
      token: h.dispatcher.token,
      organizationId: h.organizationId,
    });
    const asked = await portalRequest(h);
    expect(asked).toMatchObject({ status: "new", patientId: h.patient.patientId });

    const dispatched = await desk.ambulance.dispatch({
      id: asked.id,
      vehicle: "AMB-7",
      crew: "Hany, Mona",
    });
    expect(dispatched).toMatchObject({
      status: "dispatched",
      vehicle: "AMB-7",
      crew: "Hany, Mona",
    });
    expect(dispatched.dispatchedAt).toBeInstanceOf(Date);
    const enRoute = await desk.ambulance.enRoute({ id: asked.id });
    expect(enRoute.enRouteAt).toBeInstanceOf(Date);
    const arrived = await desk.ambulance.arrived({ id: asked.id });
    expect(arrived.arrivedAt).toBeInstanceOf(Date);
    const completed = await desk.ambulance.complete({ id: asked.id });

    expect(completed.status).toBe("completed");
    const stamps = [
      completed.createdAt,
      completed.dispatchedAt,
      completed.enRouteAt,
      completed.arrivedAt,
      completed.completedAt,
    ].map((d) => d?.getTime() ?? Number.NaN);
    expect(stamps.every(Number.isFinite)).toBe(true);
    expect([...stamps].sort((a, b) => a - b)).toEqual(stamps);
    expect(completed.cancelledAt).toBeNull();
    // The patient follows it in the portal.
    const [mine] = await h.portal.ambulance.mine();
    expect(mine).toMatchObject({ id: asked.id, status: "completed", reference: asked.reference });
  });

  it("tells the requester's number at every step, and the portal patient in the app", async () => {
    const h = await hospital();
    const asked = await portalRequest(h);
    await h.staff.ambulance.dispatch({ id: asked.id, vehicle: "AMB-7", crew: "Hany" });
    await h.staff.ambulance.enRoute({ id: asked.id });
    await h.staff.ambulance.arrived({ id: asked.id });
    await h.staff.ambulance.complete({ id: asked.id });

    expect(await smsSteps(h.organizationId, "+201007654321")).toEqual([
      "requested",
      "dispatched",
      "en_route",
      "arrived",
      "completed",
    ]);
    const inApp = (await messagesOf(h.organizationId)).filter(
      (m) => m.kind === "ambulance_status" && m.channel === "in_app",
    );
    expect(inApp.map((m) => m.userId)).toEqual(Array(5).fill(h.patient.user.id));
    expect(inApp.map((m) => m.subject)).toEqual([
      "Ambulance request received",
      "Ambulance dispatched",
      "Ambulance on its way",
      "Ambulance arrived",
      "Ambulance request completed",
    ]);
  });

  it("sends the status SMS with the reference, the vehicle and the practice's phone", async () => {
    const h = await hospital();
    const asked = await portalRequest(h);
    await h.staff.ambulance.dispatch({ id: asked.id, vehicle: "AMB-7", crew: "Hany" });
    const sms = (await messagesOf(h.organizationId)).find(
      (m) => m.channel === "sms" && (m.payload as { step: string }).step === "dispatched",
    );
    const sent: OutgoingMessage[] = [];
    const channel: Channel = {
      name: "sms",
      send(message): Promise<SendResult> {
        sent.push(message);
        return Promise.resolve({ providerMessageId: "SM1" });
      },
    };

    const outcome = await deliverNotification(
      { db, channels: { sms: channel }, appOrigin: "https://caredesk.example" },
      sms?.id ?? "",
      { finalAttempt: false },
    );

    expect(outcome.result).toBe("sent");
    expect(sent[0]?.to).toBe("+201007654321");
    expect(sent[0]?.text).toBe(
      `Riverside Clinic: an ambulance (AMB-7) is assigned to your request ${asked.reference}. Call +2034812345 if you need us.`,
    );
  });

  it("refuses a step out of order with CONFLICT and changes nothing", async () => {
    const h = await hospital();
    const asked = await portalRequest(h);
    const before = await messagesOf(h.organizationId);

    const early = await failureOf(h.staff.ambulance.arrived({ id: asked.id }));
    const skip = await failureOf(h.staff.ambulance.complete({ id: asked.id }));
    await h.staff.ambulance.dispatch({ id: asked.id, vehicle: "AMB-7", crew: "Hany" });
    const twice = await failureOf(
      h.staff.ambulance.dispatch({ id: asked.id, vehicle: "AMB-8", crew: "Mona" }),
    );

    expect([early.code, skip.code, twice.code]).toEqual(["CONFLICT", "CONFLICT", "CONFLICT"]);
    expect(twice.message).toBe("This request is dispatched now; refresh the board");
    const [row] = await db.select().from(ambulanceRequest).where(eq(ambulanceRequest.id, asked.id));
    expect(row).toMatchObject({ status: "dispatched", vehicle: "AMB-7", arrivedAt: null });
    // Only the dispatch's own message was added.
    expect((await messagesOf(h.organizationId)).length).toBe(before.length + 2);
  });

  it("cancels an open request with the reason the requester is told; a closed one stays", async () => {
    const h = await hospital();
    const asked = await portalRequest(h);
    const cancelled = await h.staff.ambulance.cancel({ id: asked.id, reason: "Came by taxi" });

    expect(cancelled).toMatchObject({ status: "cancelled", cancelReason: "Came by taxi" });
    expect(cancelled.cancelledAt).toBeInstanceOf(Date);
    expect(
      (await failureOf(h.staff.ambulance.dispatch({ id: asked.id, vehicle: "A", crew: "B" }))).code,
    ).toBe("CONFLICT");
    expect(
      (await failureOf(h.staff.ambulance.cancel({ id: asked.id, reason: "Again" }))).code,
    ).toBe("CONFLICT");
    expect(await smsSteps(h.organizationId, "+201007654321")).toEqual(["requested", "cancelled"]);
  });

  it("answers NOT_FOUND for another hospital's request and changes nothing", async () => {
    const h = await hospital();
    const other = await hospital();
    const theirs = await portalRequest(other);

    const failure = await failureOf(
      h.staff.ambulance.dispatch({ id: theirs.id, vehicle: "AMB-1", crew: "Hany" }),
    );

    expect(failure.code).toBe("NOT_FOUND");
    const [row] = await db
      .select()
      .from(ambulanceRequest)
      .where(eq(ambulanceRequest.id, theirs.id));
    expect(row?.status).toBe("new");
  });

  it("shows open requests newest first and today's closed ones", async () => {
    const h = await hospital();
    const first = await portalRequest(h);
    const second = await portalRequest(h);
    const done = await portalRequest(h);
    await h.staff.ambulance.cancel({ id: done.id, reason: "Duplicate" });

    const board = await h.staff.ambulance.board();

    expect(board.open.map((r) => r.id)).toEqual([second.id, first.id]);
    expect(board.closedToday.map((r) => r.id)).toEqual([done.id]);
  });

  it("is only for members who dispatch", async () => {
    const h = await hospital();
    expect((await failureOf(h.portal.ambulance.board())).code).toBe("FORBIDDEN");
  });
});

describe("the live board", () => {
  it("yields an event when one of the organization's requests changes", async () => {
    const h = await hospital();
    const hub = new ChangeHub();
    const stop = await listenForChanges(database, hub);
    try {
      const auth = await validateSessionToken(db, h.owner.token);
      const caller = createCallerFactory(appRouter)(
        createContextInner({ db, auth, organizationId: h.organizationId, events: hub }),
      );
      const stream = await caller.ambulance.onBoard();
      const events = stream[Symbol.asyncIterator]();
      const next = events.next();
      // Let the subscription start listening before the change.
      await new Promise((resolve) => setTimeout(resolve, 50));

      const asked = await portalRequest(h);
      const event = await Promise.race([
        next,
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error("no event within 5 s")), 5000),
        ),
      ]);

      expect(event.done).toBe(false);
      expect(JSON.stringify(event.value)).toContain(asked.id);
      await events.return?.();
    } finally {
      await stop();
    }
  });
});

describe("response times", () => {
  it("reports the median and 90th percentile minutes to dispatch and to arrival, and counts", async () => {
    const h = await hospital();
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await portalRequest(h)).id);
    const [a, b, c, d] = ids as [string, string, string, string];
    for (const id of [a, b, c]) {
      await h.staff.ambulance.dispatch({ id, vehicle: "AMB-1", crew: "Hany" });
      await h.staff.ambulance.enRoute({ id });
      await h.staff.ambulance.arrived({ id });
    }
    await h.staff.ambulance.complete({ id: a });
    await h.staff.ambulance.cancel({ id: d, reason: "Duplicate" });
    // The clock of each step, as if it had taken these minutes after the request.
    const created = new Date();
    created.setUTCMinutes(created.getUTCMinutes() - 60);
    const at = (minutes: number) => new Date(created.getTime() + minutes * 60_000);
    const timings: [string, number, number][] = [
      [a, 2, 10],
      [b, 4, 20],
      [c, 6, 30],
    ];
    await db
      .update(ambulanceRequest)
      .set({ createdAt: created })
      .where(eq(ambulanceRequest.organizationId, h.organizationId));
    for (const [id, dispatched, arrived] of timings) {
      await db
        .update(ambulanceRequest)
        .set({
          dispatchedAt: at(dispatched),
          enRouteAt: at(dispatched + 1),
          arrivedAt: at(arrived),
        })
        .where(eq(ambulanceRequest.id, id));
    }
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

    const stats = await h.staff.ambulance.stats({ from: yesterday, to: tomorrow });

    expect(stats.total).toBe(4);
    expect(stats.byStatus).toEqual({
      new: 0,
      dispatched: 0,
      en_route: 0,
      arrived: 2,
      completed: 1,
      cancelled: 1,
    });
    expect(stats.toDispatch).toEqual({ count: 3, medianMinutes: 4, p90Minutes: 5.6 });
    expect(stats.toArrival).toEqual({ count: 3, medianMinutes: 20, p90Minutes: 28 });
    // Days without requests report none.
    const empty = await h.staff.ambulance.stats({ from: "2020-01-01", to: "2020-01-31" });
    expect(empty).toMatchObject({ total: 0, toDispatch: { count: 0, medianMinutes: null } });
  });

  it("refuses a range that ends before it starts", async () => {
    const h = await hospital();
    const failure = await failureOf(
      h.staff.ambulance.stats({ from: "2026-03-02", to: "2026-03-01" }),
    );
    expect(failure.code).toBe("BAD_REQUEST");
  });
});
