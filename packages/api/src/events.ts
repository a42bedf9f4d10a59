// Live changes: a mutation publishes with pg_notify inside its own transaction, so nothing
// is announced before it commits; every server instance LISTENs and fans events out to its
// subscribers. PostgreSQL is the only infrastructure (PGlite speaks LISTEN/NOTIFY too).
import { EventEmitter } from "node:events";
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

export type LiveEvent = ChangeEvent | InboxEvent | OutboxEvent | AmbulanceEvent;

export async function publishChange(tx: Database, event: LiveEvent): Promise<void> {
  await tx.execute(sql`select pg_notify(${changeChannel}, ${JSON.stringify(event)})`);
}

/**
 * One per server process: subscribers listen on `org:<id>`, `user:<id>`, `ambulance:<org id>`
 * and `outbox`.
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
