// Live changes: a mutation publishes with pg_notify inside its own transaction, so nothing
// is announced before it commits; every server instance LISTENs and fans events out to its
// subscribers. PostgreSQL is the only infrastructure (PGlite speaks LISTEN/NOTIFY too).
// The assistant's answer deltas are the exception: they go out while the answer is written.
import { EventEmitter, on } from "node:events";
import type { Database, DbHandle } from "@caredesk/db";
import { sql } from "drizzle-orm";

export const changeChannel = "caredesk_changes";

/** An appointment changed: open calendars update. */
export interface ChangeEvent {
  organizationId: string;
  type: "appointment.changed";
  appointmentId: string;
  status: string;
  startsAt: string;
  endsAt: string;
  resourceIds: string[];
  /** Monotonic per server instance: tRPC's tracked() id, so clients can tell what they saw. */
  id?: string;
}

/** A user's notification centre has something new (in-app message, a message read). */
export interface InboxEvent {
  type: "inbox.changed";
  userId: string;
  id?: string;
}

/** Messages are due now: delivery workers wake up instead of waiting for their next poll. */
export interface OutboxEvent {
  type: "outbox.queued";
  id?: string;
}

/** An ambulance request of the organization changed: open dispatch boards update. */
export interface AmbulanceEvent {
  type: "ambulance.changed";
  organizationId: string;
  requestId: string;
  status: string;
  id?: string;
}

/**
 * A piece of the assistant's answer while it is written, under the key the asker chose; `done`
 * ends the stream (the mutation's reply then replaces what was streamed).
 */
export interface AssistantDeltaEvent {
  type: "assistant.delta";
  streamKey: string;
  text: string;
  done?: boolean;
  id?: string;
}

export type LiveEvent =
  ChangeEvent | InboxEvent | OutboxEvent | AmbulanceEvent | AssistantDeltaEvent;

export async function publishChange(tx: Database, event: LiveEvent): Promise<void> {
  await tx.execute(sql`select pg_notify(${changeChannel}, ${JSON.stringify(event)})`);
}

/** The most text one delta carries: its NOTIFY payload stays well under PostgreSQL's 8000 bytes. */
const maxDeltaText = 1000;

/** Splits text into pieces of at most `maxDeltaText` characters, never inside a surrogate pair. */
function deltaPieces(text: string): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > maxDeltaText) {
    let end = maxDeltaText;
    const last = rest.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff) end--;
    pieces.push(rest.slice(0, end));
    rest = rest.slice(end);
  }
  if (rest !== "") pieces.push(rest);
  return pieces;
}

/** Publishes one answer's deltas in order; `end()` publishes `done` after them. */
export interface AssistantStream {
  delta(text: string): void;
  end(): Promise<void>;
}

/**
 * A live stream of the assistant's answer under `streamKey`. Deltas are published on the
 * database directly, outside the question's transaction, so they go out while the answer is
 * written, one after another in order; a failed publish is dropped (the mutation's reply is the
 * truth). `end()` publishes `done` once everything before it went out.
 */
export function assistantStream(db: Database, streamKey: string): AssistantStream {
  let queue = Promise.resolve();
  const publish = (text: string, done: boolean) => {
    const event: AssistantDeltaEvent = {
      type: "assistant.delta",
      streamKey,
      text,
      ...(done ? { done: true } : {}),
    };
    queue = queue.then(() => publishChange(db, event)).catch(() => undefined);
  };
  return {
    delta(text) {
      for (const piece of deltaPieces(text)) publish(piece, false);
    },
    end() {
      publish("", true);
      return queue;
    },
  };
}

/**
 * What a listener of `assistant:<streamKey>` is shown: each delta's text until `done`, or until
 * 60 s passed or the listener left.
 */
export async function* assistantReplies(
  hub: ChangeHub,
  streamKey: string,
  signal: AbortSignal | undefined,
): AsyncGenerator<{ text: string; done: boolean }> {
  const stop = AbortSignal.any([AbortSignal.timeout(60_000), ...(signal ? [signal] : [])]);
  try {
    for await (const [event] of on(hub, `assistant:${streamKey}`, { signal: stop })) {
      const delta = event as AssistantDeltaEvent;
      const done = delta.done === true;
      yield { text: delta.text, done };
      if (done) return;
    }
  } catch (error) {
    // Timed out or the listener left: the stream just ends.
    if (!stop.aborted) throw error;
  }
}

/**
 * One per server process: subscribers listen on `org:<id>`, `user:<id>`, `ambulance:<org id>`,
 * `assistant:<stream key>` and `outbox`.
 */
export class ChangeHub extends EventEmitter {
  private sequence = 0;

  constructor() {
    super();
    this.setMaxListeners(0);
  }

  deliver(payload: string) {
    let event: LiveEvent;
    try {
      event = JSON.parse(payload) as LiveEvent;
    } catch {
      return;
    }
    this.sequence++;
    const topic =
      event.type === "inbox.changed"
        ? `user:${event.userId}`
        : event.type === "outbox.queued"
          ? "outbox"
          : event.type === "ambulance.changed"
            ? `ambulance:${event.organizationId}`
            : event.type === "assistant.delta"
              ? `assistant:${event.streamKey}`
              : `org:${event.organizationId}`;
    this.emit(topic, { ...event, id: `${Date.now()}-${this.sequence}` });
  }
}

/** Starts LISTENing on the database; returns the function that stops it. */
export async function listenForChanges(
  handle: DbHandle,
  hub: ChangeHub,
): Promise<() => Promise<void>> {
  if (handle.sql) {
    const subscription = await handle.sql.listen(changeChannel, (payload) => hub.deliver(payload));
    return () => subscription.unlisten();
  }
  if (handle.pglite) {
    const stop = await handle.pglite.listen(changeChannel, (payload) => hub.deliver(payload));
    return stop;
  }
  return () => Promise.resolve();
}
