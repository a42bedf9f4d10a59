// The assistant's live answer: a browser listens to `assistant.reply` under a random key it
// made, asks with the same key, and sees the model's guarded text while the answer is still
// being written; `done` ends the stream, a listener of another key sees nothing, and when the
// embedded engine answers only `done` is published (the mutation's reply is the answer).
import { randomBytes } from "node:crypto";
import { validateSessionToken } from "@caredesk/auth";
import type { Database } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import {
  addPortalPatient,
  createOrganization,
  openSite,
  signUp,
  type TestUser,
} from "@caredesk/api/testing";
import type { LanguageModel } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createContextInner } from "../src/context";
import { ChangeHub, listenForChanges } from "../src/events";
import { appRouter } from "../src/root";
import { createCallerFactory } from "../src/trpc";

let database: TestDatabase;
let db: Database;
const hub = new ChangeHub();
let stopListening: () => Promise<void>;

beforeAll(async () => {
  database = await createTestDatabase(inject("dbTemplate"));
  db = database.db;
  stopListening = await listenForChanges(database, hub);
});
afterAll(async () => {
  await stopListening();
  await database.drop();
});

const createCaller = createCallerFactory(appRouter);

type StreamPart =
  Awaited<ReturnType<MockLanguageModelV3["doStream"]>>["stream"] extends ReadableStream<infer P>
    ? P
    : never;

/** A stream key as the browser makes it: 16 random bytes, base64url. */
const newStreamKey = () => randomBytes(16).toString("base64url");

/** A caller of this process's hub, signed in when a token is given, with the model when given. */
async function callerWith(
  options: {
    model?: LanguageModel | null;
    token?: string;
    organizationId?: string;
    signal?: AbortSignal;
  } = {},
) {
  const auth = options.token ? await validateSessionToken(db, options.token) : null;
  return createCaller(
    createContextInner({
      db,
      auth,
      organizationId: options.organizationId ?? null,
      ip: "127.0.0.1",
      userAgent: "caredesk-tests",
      events: hub,
      assistantModel: options.model ?? null,
    }),
    options.signal ? { signal: options.signal } : {},
  );
}

/** A published practice with the assistant and the portal on, and a portal patient. */
async function practice() {
  const owner: TestUser = await signUp(db, { name: "Olivia Owner" });
  const organization = await createOrganization(db, owner, {
    name: "Corniche Heart Clinic",
    country: "EG",
  });
  await openSite(db, organization.id, ["patient_portal", "assistant"]);
  const patient = await addPortalPatient(db, organization.id, owner);
  return { organization, patient };
}

const pieces = [
  "We are open Sunday ",
  "to Thursday. ",
  "Walk-ins are welcome ",
  "in the morning.\n",
  "Call us to book.",
];

/**
 * A model that writes `pieces`, holding back the last until `release` resolves: the answer is
 * still being written until the listener has seen its first delta.
 */
function slowModel(release: Promise<unknown>) {
  return new MockLanguageModelV3({
    doStream: () =>
      Promise.resolve({
        stream: new ReadableStream<StreamPart>({
          async start(controller) {
            controller.enqueue({ type: "stream-start", warnings: [] });
            controller.enqueue({ type: "text-start", id: "t" });
            for (const delta of pieces.slice(0, -1)) {
              controller.enqueue({ type: "text-delta", id: "t", delta });
            }
            await release;
            controller.enqueue({ type: "text-delta", id: "t", delta: pieces.at(-1) ?? "" });
            controller.enqueue({ type: "text-end", id: "t" });
            controller.enqueue({
              type: "finish",
              finishReason: { unified: "stop", raw: "stop" },
              usage: {
                inputTokens: { total: 20, noCache: 20, cacheRead: 0, cacheWrite: 0 },
                outputTokens: { total: 12, text: 12, reasoning: 0 },
              },
            });
            controller.close();
          },
        }),
      }),
  });
}

interface Heard {
  text: string;
  done: boolean;
}

/** Listens to `assistant.reply` under `streamKey`; `first` resolves with the first delta. */
async function listen(
  streamKey: string,
  signal?: AbortSignal,
  patient?: { token: string; organizationId: string },
) {
  const caller = await callerWith({ ...(signal ? { signal } : {}), ...(patient ?? {}) });
  const stream = patient
    ? await caller.assistant.replyMine({ streamKey })
    : await caller.assistant.reply({ streamKey });
  const heard: Heard[] = [];
  let heardFirst: (value: Heard) => void = () => undefined;
  const first = new Promise<Heard>((resolve) => (heardFirst = resolve));
  const finished = (async () => {
    for await (const delta of stream) {
      heard.push(delta);
      heardFirst(delta);
    }
  })();
  // Let the subscription start listening before the question.
  await new Promise((resolve) => setTimeout(resolve, 50));
  return { heard, first, finished };
}

/** Fails when `promise` has not settled within `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} not within ${ms} ms`)), ms),
    ),
  ]);
}

describe("the assistant's answer as it is written", () => {
  it("streams a site visitor's answer before the question returns, then done", async () => {
    const { organization } = await practice();
    const streamKey = newStreamKey();
    const listener = await listen(streamKey);
    const visitor = await callerWith({ model: slowModel(listener.first) });

    let answered = false;
    const asked = visitor.assistant
      .ask({ slug: organization.slug, message: "When are you open?", streamKey })
      .finally(() => (answered = true));
    // The model's last piece waits for the first delta: the answer is not written yet.
    const first = await within(listener.first, 5000, "a first delta");
    expect(answered).toBe(false);
    expect(first.done).toBe(false);
    expect(first.text).not.toBe("");

    const result = await within(asked, 5000, "the answer");
    await within(listener.finished, 5000, "the end of the stream");
    expect(listener.heard.length).toBeGreaterThan(2);
    expect(listener.heard.at(-1)).toEqual({ text: "", done: true });
    expect(listener.heard.filter((d) => d.done)).toHaveLength(1);
    // The stored answer is the streamed text without its closing line break.
    expect(
      listener.heard
        .map((d) => d.text)
        .join("")
        .trim(),
    ).toBe(result.reply.text);
    expect(result.reply.text).toBe(pieces.join(""));
  });

  it("streams a portal patient's answer to that patient alone", async () => {
    const { organization, patient } = await practice();
    const streamKey = newStreamKey();
    const listener = await listen(streamKey, undefined, {
      token: patient.user.token,
      organizationId: organization.id,
    });
    // Whoever else holds the key, on the public subscription, hears nothing of it.
    const leave = new AbortController();
    const stranger = await listen(streamKey, leave.signal);
    const portal = await callerWith({
      model: slowModel(listener.first),
      token: patient.user.token,
      organizationId: organization.id,
    });

    const result = await within(
      portal.assistant.askMine({ message: "When are you open?", streamKey }),
      5000,
      "the answer",
    );
    await within(listener.finished, 5000, "the end of the stream");
    expect(listener.heard.at(-1)?.done).toBe(true);
    expect(
      listener.heard
        .map((d) => d.text)
        .join("")
        .trim(),
    ).toBe(result.reply.text);
    await new Promise((resolve) => setTimeout(resolve, 100));
    leave.abort();
    await stranger.finished.catch(() => undefined);
    expect(stranger.heard).toEqual([]);
  });

  it("shows a listener of another key nothing", async () => {
    const { organization } = await practice();
    const streamKey = newStreamKey();
    const listener = await listen(streamKey);
    const leave = new AbortController();
    const stranger = await listen(newStreamKey(), leave.signal);
    const visitor = await callerWith({ model: slowModel(listener.first) });

    await visitor.assistant.ask({
      slug: organization.slug,
      message: "When are you open?",
      streamKey,
    });
    await within(listener.finished, 5000, "the end of the stream");
    // Give a stray delta time to arrive, then leave: the stranger's stream ends quietly.
    await new Promise((resolve) => setTimeout(resolve, 200));
    leave.abort();
    await within(stranger.finished, 5000, "the stranger's stream to end");
    expect(listener.heard.length).toBeGreaterThan(1);
    expect(stranger.heard).toEqual([]);
  });

  it("publishes only done when the embedded engine answers", async () => {
    const { organization } = await practice();
    const streamKey = newStreamKey();
    const listener = await listen(streamKey);
    const visitor = await callerWith();

    const result = await visitor.assistant.ask({
      slug: organization.slug,
      message: "When are you open?",
      streamKey,
    });
    await within(listener.finished, 5000, "the end of the stream");
    expect(result.reply.text).not.toBe("");
    expect(listener.heard).toEqual([{ text: "", done: true }]);
  });

  it("publishes done when the model fails and the engine answers instead", async () => {
    const { organization } = await practice();
    const streamKey = newStreamKey();
    const listener = await listen(streamKey);
    const failing = new MockLanguageModelV3({
      doStream: () => Promise.reject(new Error("connection refused")),
    });
    const visitor = await callerWith({ model: failing });

    const result = await visitor.assistant.ask({
      slug: organization.slug,
      message: "When are you open?",
      streamKey,
    });
    await within(listener.finished, 5000, "the end of the stream");
    expect(result.reply.text).not.toBe("");
    expect(listener.heard).toEqual([{ text: "", done: true }]);
  });

  it("refuses a key too short to be unguessable", async () => {
    const caller = await callerWith();
    await expect(caller.assistant.reply({ streamKey: "short-key" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});
