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
import {
  changeStatus,
  explainBookingFailure,
  getAppointment,
  listAppointments,
  listPatientAppointments,
  rescheduleAppointment,
  searchAvailability,
  withRetry,
} from "../service/appointment";
import { bookAppointment } from "../service/booking";
import { getOwnPatient } from "../service/patient";
import { listPractitioners } from "../service/practitioner";
import { listServices } from "../service/service";
import { orgProcedure } from "../trpc";

export const availabilityRouter = {
  /** Free start times of a service over some days, for one practitioner or any. */
  search: orgProcedure("availability.read")
    .input(AvailabilitySearchInput)
    .query(({ ctx, input }) => searchAvailability(ctx.db, ctx.org, input)),

  /**
   * What can be booked, for people without the directory (portal patients): active services
   * and doctors, only the fields a booking screen shows.
   */
  catalog: orgProcedure("availability.read").query(async ({ ctx }) => {
    const page = { limit: 100, includeInactive: false };
    const [services, practitioners] = await Promise.all([
      listServices(ctx.db, ctx.org.id, page),
      listPractitioners(ctx.db, ctx.org.id, page),
    ]);
    return {
      timeZone: ctx.org.timeZone,
      currency: ctx.org.currency,
      services: services.items.map((s) => ({
        id: s.id,
        name: s.name,
        durationMinutes: s.durationMinutes,
        priceMinor: s.priceMinor,
        colour: s.colour,
      })),
      practitioners: practitioners.items.map((p) => ({
        resourceId: p.resourceId,
        name: p.name,
        title: p.title,
        specialization: p.specialization,
      })),
    };
  }),
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
      bookAppointment(ctx, "appointment.hold", {
        ...input,
        patientId: null,
        source: "staff",
        status: "held",
      }),
    ),

  book: orgProcedure("appointment.write")
    .input(AppointmentBookInput)
    .mutation(({ ctx, input }) =>
      bookAppointment(ctx, "appointment.book", { ...input, source: "staff", status: "confirmed" }),
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
      return bookAppointment(ctx, "appointment.bookMine", {
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
