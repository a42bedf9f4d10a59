// The one booking pattern shared by staff, portal, holds and the public page.
import { randomUUID } from "node:crypto";
import { findPgError, PG, type Database } from "@caredesk/db";
import { SlotTakenError } from "../errors";
import type { RequestScope } from "../scope";
import {
  expireHolds,
  explainBookingFailure,
  getAppointment,
  insertAppointment,
  planAppointment,
  rescheduleAppointment,
  withRetry,
  type BookRequest,
} from "./appointment";
import { PAY_BY_MINUTES, paymentDueAtBooking } from "./escrow";
import { claimKey, earlierRecord, idempotentRequest } from "./idempotency";

export type BookingScope = Pick<RequestScope, "db" | "mutate" | "operation" | "user"> & {
  org: { id: string; timeZone: string };
};

/**
 * Work done inside the booking's transaction before the insert (the public page finds or
 * creates its patient here), so a refused booking leaves nothing behind.
 */
export type BeforeInsert = (tx: Database) => Promise<Partial<BookRequest>>;

/**
 * Checked outside the transaction, written inside it (retried on deadlock); a lost race
 * answers with alternatives. The idempotency key is the caller's own for this operation:
 * repeating the request answers with the appointment it made; the same key with different
 * parameters (`asked`: the request as the caller sent it) is refused.
 */
export async function bookAppointment(
  ctx: BookingScope,
  request: BookRequest,
  asked: Record<string, unknown>,
  beforeInsert?: BeforeInsert,
) {
  const keyed = idempotentRequest(ctx, ctx.org.id, request.idempotencyKey, asked);
  const attempt = async () => {
    const plan = await planAppointment(ctx.db, ctx.org, request);
    return withRetry(() =>
      ctx.mutate(async (tx, audit) => {
        const id = randomUUID();
        // First in the transaction: a twin of this request waits here, then fails on the key.
        const claimed = claimKey(tx, keyed, { type: "appointment", id });
        // Awaited below; until then its refusal must not count as unhandled.
        claimed.catch(() => undefined);
        let booked: Awaited<ReturnType<typeof insertAppointment>>;
        try {
          const withPatient = beforeInsert ? { ...request, ...(await beforeInsert(tx)) } : request;
          booked = await insertAppointment(
            tx,
            ctx.org,
            ctx.user?.id ?? null,
            withPatient,
            plan,
            id,
          );
        } catch (error) {
          // A refused key fails everything after it: its own error is the one to report.
          await claimed;
          throw error;
        }
        await claimed;
        audit({
          organizationId: ctx.org.id,
          entityType: "appointment",
          entityId: booked.id,
          patientId: booked.patientId ?? undefined,
          after: { ...booked, replayed: false },
        });
        return booked;
      }),
    );
  };
  /** A repeated request answers with what the first one booked (audited as a replay). */
  const replayed = async () => {
    const earlier = await earlierRecord(ctx.db, keyed);
    if (!earlier) return null;
    const original = await getAppointment(ctx.db, ctx.org.id, earlier.id);
    return ctx.mutate((_tx, audit) => {
      audit({
        organizationId: ctx.org.id,
        entityType: "appointment",
        entityId: original.id,
        patientId: original.patientId ?? undefined,
        after: { ...original, replayed: true },
      });
      return Promise.resolve(original);
    });
  };
  try {
    return await attempt();
  } catch (error) {
    // Most often the slot looks taken, or the key is in use, because of this very request,
    // sent twice: answer with what it booked.
    const original = await replayed();
    if (original) return original;
    const taken =
      error instanceof SlotTakenError || findPgError(error)?.code === PG.exclusionViolation;
    // An abandoned hold may be all that is in the way: release expired holds and try once more.
    if (taken && (await expireHolds(ctx.db, new Date(), ctx.org.id)) > 0) {
      try {
        return await attempt();
      } catch (retryError) {
        return explainBookingFailure(ctx.db, ctx.org, retryError, request);
      }
    }
    return explainBookingFailure(ctx.db, ctx.org, error, request);
  }
}

/**
 * Moves an appointment in place (retried on deadlock). When the new time is taken, the
 * answer carries alternatives; the appointment itself is read again only in that case.
 * `patientId` limits it to that patient's own appointments (portal).
 */
export async function moveAppointment(
  ctx: BookingScope,
  input: { id: string; start: Date; version: number },
  patientId?: string,
) {
  try {
    return await withRetry(() =>
      ctx.mutate(async (tx, audit) => {
        const moved = await rescheduleAppointment(tx, ctx.org, input, new Date(), patientId);
        audit({
          entityType: "appointment",
          entityId: input.id,
          patientId: moved.after.patientId ?? undefined,
          before: moved.before,
          after: moved.after,
        });
        return moved.after;
      }),
    );
  } catch (error) {
    // Only a race lost inside the database needs explaining; a slot seen taken while
    // planning already carries its alternatives.
    if (findPgError(error)?.code !== PG.exclusionViolation) throw error;
    const before = await getAppointment(ctx.db, ctx.org.id, input.id, patientId);
    const request = {
      serviceId: before.serviceId,
      start: input.start,
      resourceIds: before.resources.map((r) => r.id),
    };
    return explainBookingFailure(ctx.db, ctx.org, error, request, new Date(), input.id);
  }
}

/**
 * A patient books for themselves in the portal. A video consultation of a priced service, in a
 * practice that takes payments online, is paid at booking: it is booked pending, confirmed when
 * its payment succeeds (held in escrow), and cancelled if unpaid after PAY_BY_MINUTES.
 */
export async function bookOwnAppointment(
  ctx: BookingScope,
  patientId: string,
  input: Omit<BookRequest, "patientId" | "source" | "status" | "payBy">,
) {
  const payFirst = await paymentDueAtBooking(ctx.db, ctx.org.id, input);
  return bookAppointment(
    ctx,
    {
      ...input,
      patientId,
      source: "portal",
      status: payFirst ? "pending" : "confirmed",
      payBy: payFirst ? new Date(Date.now() + PAY_BY_MINUTES * 60_000) : null,
    },
    input,
  );
}
