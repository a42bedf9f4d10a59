import {
  AppointmentBookInput,
  AppointmentCancelInput,
  AppointmentHoldInput,
  AppointmentListInput,
  AppointmentRescheduleInput,
  AppointmentSetStatusInput,
  AvailabilitySearchInput,
  ByIdInput,
  PortalBookInput,
  PortalCancelInput,
  PortalRescheduleInput,
} from "@caredesk/validators";
import { tracked, type TRPCRouterRecord } from "@trpc/server";
import { on } from "node:events";
import { z } from "zod";
import type { ChangeEvent } from "../events";
import { findPgError, PG } from "@caredesk/db";
import {
  bookAppointment,
  changeStatus,
  explainBookingFailure,
  getAppointment,
  listAppointments,
  listPatientAppointments,
  rescheduleAppointment,
  searchAvailability,
  withRetry,
  type BookRequest,
} from "../service/appointment";
import { getOwnPatient } from "../service/patient";
import { orgProcedure } from "../trpc";
import type { Context } from "../context";
import type { Mutate } from "../trpc";

type BookingContext = Pick<Context, "db"> & {
  org: { id: string; timeZone: string };
  user: { id: string };
  mutate: Mutate;
};

/**
 * One booking attempt pattern for staff, portal and holds: retried on deadlock, a lost
 * race answered with alternatives, a repeated idempotency key answered with the original.
 */
async function book(ctx: BookingContext, action: string, request: BookRequest) {
  try {
    return await withRetry(() =>
      ctx.mutate(action, async (tx, audit) => {
        const { appointment, replayed } = await bookAppointment(tx, ctx.org, ctx.user.id, request);
        audit({
          entityType: "appointment",
          entityId: appointment.id,
          after: { ...appointment, replayed },
        });
        return appointment;
      }),
    );
  } catch (error) {
    const pg = findPgError(error);
    if (pg?.code === PG.uniqueViolation && pg.constraint === "appointment_idempotency_key") {
      // The same request arrived twice at once; the other one won. Answer with its result.
      return withRetry(() =>
        ctx.mutate(action, async (tx, audit) => {
          const { appointment } = await bookAppointment(tx, ctx.org, ctx.user.id, request);
          audit({
            entityType: "appointment",
            entityId: appointment.id,
            after: { ...appointment, replayed: true },
          });
          return appointment;
        }),
      );
    }
    throw await explainBookingFailure(ctx.db, ctx.org, error, request);
  }
}

export const availabilityRouter = {
  /** Free start times of a service over some days, for one practitioner or any. */
  search: orgProcedure("availability.read")
    .input(AvailabilitySearchInput)
    .query(({ ctx, input }) => searchAvailability(ctx.db, ctx.org, input)),
} satisfies TRPCRouterRecord;

export const appointmentRouter = {
  /** The calendar: appointments in a time range, optionally for some resources. */
  list: orgProcedure("appointment.read")
    .input(AppointmentListInput)
    .query(({ ctx, input }) => listAppointments(ctx.db, ctx.org.id, input)),

  byId: orgProcedure("appointment.read")
    .input(ByIdInput)
    .query(({ ctx, input }) => getAppointment(ctx.db, ctx.org.id, input.id)),

  /** Holds a slot for a few minutes while the details are filled in. */
  hold: orgProcedure("appointment.write")
    .input(AppointmentHoldInput)
    .mutation(({ ctx, input }) =>
      book(ctx, "appointment.hold", { ...input, patientId: null, source: "staff", status: "held" }),
    ),

  book: orgProcedure("appointment.write")
    .input(AppointmentBookInput)
    .mutation(({ ctx, input }) =>
      book(ctx, "appointment.book", { ...input, source: "staff", status: "confirmed" }),
    ),

  reschedule: orgProcedure("appointment.write")
    .input(AppointmentRescheduleInput)
    .mutation(async ({ ctx, input }) => {
      const before = await getAppointment(ctx.db, ctx.org.id, input.id);
      try {
        return await withRetry(() =>
          ctx.mutate("appointment.reschedule", async (tx, audit) => {
            const moved = await rescheduleAppointment(tx, ctx.org, input);
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
        throw await explainBookingFailure(
          ctx.db,
          ctx.org,
          error,
          {
            serviceId: before.serviceId,
            start: input.start,
            resourceIds: before.resources.map((r) => r.id),
          },
          new Date(),
          input.id,
        );
      }
    }),

  cancel: orgProcedure("appointment.write")
    .input(AppointmentCancelInput)
    .mutation(({ ctx, input }) =>
      ctx.mutate("appointment.cancel", async (tx, audit) => {
        const { before, after } = await changeStatus(tx, ctx.org.id, input.id, "cancelled", input);
        audit({ entityType: "appointment", entityId: input.id, before, after });
        return after;
      }),
    ),

  setStatus: orgProcedure("appointment.write")
    .input(AppointmentSetStatusInput)
    .mutation(({ ctx, input }) =>
      ctx.mutate("appointment.setStatus", async (tx, audit) => {
        const { before, after } = await changeStatus(tx, ctx.org.id, input.id, input.status, input);
        audit({ entityType: "appointment", entityId: input.id, before, after });
        return after;
      }),
    ),

  /**
   * Live calendar: every appointment change of the active organization, as it commits, on
   * any server instance (LISTEN/NOTIFY). Clients refetch what they show when one arrives.
   */
  onChange: orgProcedure("appointment.read")
    .input(z.object({ lastEventId: z.string().max(100).nullish() }).optional())
    .subscription(async function* ({ ctx, signal }) {
      for await (const [event] of on(ctx.events, `org:${ctx.org.id}`, { signal })) {
        const change = event as ChangeEvent & { id: string };
        yield tracked(change.id, change);
      }
    }),

  /** The signed-in patient's own appointments (portal). */
  mine: orgProcedure("portal.self").query(async ({ ctx }) => {
    const own = await getOwnPatient(ctx.db, ctx.org.id, ctx.user.id);
    return listPatientAppointments(ctx.db, ctx.org.id, own.id);
  }),

  bookMine: orgProcedure("portal.self")
    .input(PortalBookInput)
    .mutation(async ({ ctx, input }) => {
      const own = await getOwnPatient(ctx.db, ctx.org.id, ctx.user.id);
      return book(ctx, "appointment.bookMine", {
        ...input,
        patientId: own.id,
        source: "portal",
        status: "confirmed",
      });
    }),

  rescheduleMine: orgProcedure("portal.self")
    .input(PortalRescheduleInput)
    .mutation(async ({ ctx, input }) => {
      const own = await getOwnPatient(ctx.db, ctx.org.id, ctx.user.id);
      const before = await getAppointment(ctx.db, ctx.org.id, input.id, own.id);
      try {
        return await withRetry(() =>
          ctx.mutate("appointment.rescheduleMine", async (tx, audit) => {
            const moved = await rescheduleAppointment(tx, ctx.org, input, new Date(), own.id);
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
        throw await explainBookingFailure(
          ctx.db,
          ctx.org,
          error,
          {
            serviceId: before.serviceId,
            start: input.start,
            resourceIds: before.resources.map((r) => r.id),
          },
          new Date(),
          input.id,
        );
      }
    }),

  cancelMine: orgProcedure("portal.self")
    .input(PortalCancelInput)
    .mutation(async ({ ctx, input }) => {
      const own = await getOwnPatient(ctx.db, ctx.org.id, ctx.user.id);
      return ctx.mutate("appointment.cancelMine", async (tx, audit) => {
        const { before, after } = await changeStatus(tx, ctx.org.id, input.id, "cancelled", {
          reason: input.reason,
          patientId: own.id,
        });
        audit({ entityType: "appointment", entityId: input.id, before, after });
        return after;
      });
    }),
} satisfies TRPCRouterRecord;
