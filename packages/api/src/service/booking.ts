// The one booking pattern shared by staff, portal, holds and the public page.
import { findPgError, PG } from "@caredesk/db";
import type { Context } from "../context";
import { SlotTakenError } from "../errors";
import type { Mutate } from "../trpc";
import {
  expireHolds,
  explainBookingFailure,
  findByIdempotencyKey,
  getAppointment,
  insertAppointment,
  planAppointment,
  rescheduleAppointment,
  withRetry,
  type BookRequest,
} from "./appointment";

export type BookingContext = Pick<Context, "db"> & {
  org: { id: string; timeZone: string };
  /** Who books; null for a visitor of the public page. */
  user: { id: string } | null;
  mutate: Mutate;
};

/**
 * Work done inside the booking's transaction before the insert (the public page finds or
 * creates its patient here), so a refused booking leaves nothing behind.
 */
export type BeforeInsert = (
  tx: Parameters<Parameters<Mutate>[1]>[0],
) => Promise<Partial<BookRequest>>;

/**
 * Checked outside the transaction, written inside it (retried on deadlock); a lost race
 * answers with alternatives, and a repeated idempotency key answers with the original.
 */
export async function bookAppointment(
  ctx: BookingContext,
  action: string,
  request: BookRequest,
  beforeInsert?: BeforeInsert,
) {
  const attempt = async () => {
    const plan = await planAppointment(ctx.db, ctx.org, request);
    return withRetry(() =>
      ctx.mutate(action, async (tx, audit) => {
        const booked = await insertAppointment(
          tx,
          ctx.org,
          ctx.user?.id ?? null,
          beforeInsert ? { ...request, ...(await beforeInsert(tx)) } : request,
          plan,
        );
        audit({
          entityType: "appointment",
          entityId: booked.id,
          after: { ...booked, replayed: false },
        });
        return booked;
      }),
    );
  };
  /** A repeated request answers with what the first one booked (audited as a replay). */
  const replayed = async () => {
    const original = await findByIdempotencyKey(ctx.db, ctx.org.id, request.idempotencyKey);
    if (!original) return null;
    return ctx.mutate(action, (_tx, audit) => {
      audit({
        entityType: "appointment",
        entityId: original.id,
        after: { ...original, replayed: true },
      });
      return Promise.resolve(original);
    });
  };
  try {
    return await attempt();
  } catch (error) {
    const pg = findPgError(error);
    const taken = error instanceof SlotTakenError || pg?.code === PG.exclusionViolation;
    const duplicateKey =
      pg?.code === PG.uniqueViolation && pg.constraint === "appointment_idempotency_key";
    // The slot looks taken or the key is used: most often by this very request, sent twice.
    if (taken || duplicateKey) {
      const original = await replayed();
      if (original) return original;
    }
    // An abandoned hold may be all that is in the way: release expired holds and try once more.
    if (taken && (await expireHolds(ctx.db, new Date(), ctx.org.id)) > 0) {
      try {
        return await attempt();
      } catch (retryError) {
        throw await explainBookingFailure(ctx.db, ctx.org, retryError, request);
      }
    }
    throw await explainBookingFailure(ctx.db, ctx.org, error, request);
  }
}

/**
 * Moves an appointment in place (retried on deadlock). When the new time is taken, the
 * answer carries alternatives; the appointment itself is read again only in that case.
 * `patientId` limits it to that patient's own appointments (portal).
 */
export async function moveAppointment(
  ctx: BookingContext,
  action: string,
  input: { id: string; start: Date; version: number },
  patientId?: string,
) {
  try {
    return await withRetry(() =>
      ctx.mutate(action, async (tx, audit) => {
        const moved = await rescheduleAppointment(tx, ctx.org, input, new Date(), patientId);
        audit({
          entityType: "appointment",
          entityId: input.id,
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
    throw await explainBookingFailure(ctx.db, ctx.org, error, request, new Date(), input.id);
  }
}
