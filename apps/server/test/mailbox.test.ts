// The embedded default for email: a server with no SMTP_URL, its worker running, puts the mail
// it sends in the local mailbox, where platform operators read it (admin.mailbox). Booked
// through /trpc and read through /trpc, as the apps do.
import {
  createStockedPractice,
  makePlatformOperator,
  nextWeekdayAt,
  signUp,
  uniqueEmail,
  uniqueIdempotencyKey,
} from "@caredesk/api/testing";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { closeChannels, deliveryFromEnv } from "../src/channels";
import { loadEnv } from "../src/env";
import { startWorker, type Worker } from "../src/worker";
import { until } from "../bench/worker-control";
import {
  appOrigin,
  memberHeaders,
  mutationBody,
  queryInput,
  sessionCookieName,
  startServer,
  trpcData,
} from "./server";

interface MailboxPage {
  items: {
    id: string;
    to: string;
    from: string;
    subject: string;
    text: string;
    html: string | null;
    createdAt: Date;
  }[];
  nextCursor: string | null;
}

let database: TestDatabase;
let app: FastifyInstance;
let worker: Worker;
let delivery: ReturnType<typeof deliveryFromEnv>;

const quiet = { info() {}, warn() {}, error() {} };

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  // No SMTP_URL: email goes to the local mailbox, as on a fresh machine.
  const env = loadEnv({
    NODE_ENV: "test",
    APP_ORIGIN: appOrigin,
    SEED_DEMO: "false",
    LOG_LEVEL: "silent",
    ...(database.url ? { DATABASE_URL: database.url } : {}),
  });
  expect(env.SMTP_URL).toBeUndefined();
  app = await startServer(database);
  delivery = deliveryFromEnv(env, database.db);
  worker = await startWorker({
    env,
    database,
    delivery,
    log: quiet,
    schedules: false,
    pollingIntervalSeconds: 0.5,
  });
});
afterAll(async () => {
  await worker.stop(5_000);
  await closeChannels(delivery.channels);
  await app.close();
  await database.drop();
});

describe("the local mailbox", () => {
  it("holds a booking's confirmation email, which an operator reads", async () => {
    const practice = await createStockedPractice(database.db);
    const staff = {
      ...memberHeaders(practice.owner.token, practice.organization.id),
      "content-type": "application/json",
    };
    const email = uniqueEmail("mailbox-patient");

    const created = await app.inject({
      method: "POST",
      url: "/trpc/patient.create",
      headers: staff,
      payload: mutationBody({
        firstName: "Salma",
        lastName: "Fathy",
        mobile: `+2010${String(Date.now()).slice(-8)}`,
        email,
      }),
    });
    expect(created.statusCode).toBe(200);
    const patient = trpcData<{ id: string }>(created);
    const booked = await app.inject({
      method: "POST",
      url: "/trpc/appointment.book",
      headers: staff,
      payload: mutationBody({
        serviceId: practice.ids.service,
        patientId: patient.id,
        start: nextWeekdayAt("14:00", 3),
        idempotencyKey: uniqueIdempotencyKey(),
      }),
    });
    expect(booked.statusCode).toBe(200);

    const operator = await signUp(database.db, { name: "Otto Operator" });
    await makePlatformOperator(database.db, operator);
    const readMailbox = async () => {
      const response = await app.inject({
        method: "GET",
        url: `/trpc/admin.mailbox?${queryInput({ limit: 100 })}`,
        headers: { cookie: `${sessionCookieName}=${operator.token}`, origin: appOrigin },
      });
      expect(response.statusCode).toBe(200);
      return trpcData<MailboxPage>(response).items.filter((m) => m.to === email);
    };

    let mails: MailboxPage["items"] = [];
    await until(async () => (mails = await readMailbox()).length > 0, 20_000, 250).catch(
      () => undefined,
    );

    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail?.subject).toBe("Appointment booked: Echocardiogram");
    expect(mail?.text).toContain("Salma");
    expect(mail?.text).toContain("Your appointment for Echocardiogram is booked.");
    // Its links lead to this deployment's pages, which work without signing in.
    expect(mail?.text).toContain(`${appOrigin}/appointment-link?token=`);
    expect(mail?.text).toContain(`${appOrigin}/unsubscribe?token=`);
    expect(mail?.html).toContain("Echocardiogram");
  });
});
