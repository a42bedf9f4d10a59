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
  RescheduleOptionsInput,
} from "@caredesk/validators";
import { tracked, type TRPCRouterRecord } from "@trpc/server";
import { on } from "node:events";
import { z } from "zod";
import type { ChangeEvent } from "../events";
import {
  cancelAppointment,
  getAppointment,
  listAppointments,
  listPatientAppointments,
  rescheduleOptions,
  searchAvailability,
  setAppointmentStatus,
} from "../service/appointment";
import { bookAppointment, moveAppointment } from "../service/booking";
import { bookableOffer } from "../service/public";
import { orgProcedure, patientProcedure } from "../trpc";

export const availabilityRouter = {
  /** Free start times of a service over some days, for one practitioner or any. */
  search: orgProcedure("availability.read")
    .input(AvailabilitySearchInput)
    .query(({ ctx, input }) => searchAvailability(ctx.db, ctx.org, input)),

  /**
   * What can be booked, for people without the directory (portal patients): active services
   * and doctors, only the fields a booking screen shows.
   */
  catalog: orgProcedure("availability.read").query(async ({ ctx }) => ({
    timeZone: ctx.org.timeZone,
    currency: ctx.org.currency,
    ...(await bookableOffer(ctx.db, ctx.org.id)),
  })),
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
      bookAppointment(ctx, { ...input, patientId: null, source: "staff", status: "held" }, input),
    ),

  book: orgProcedure("appointment.write")
    .input(AppointmentBookInput)
    .mutation(({ ctx, input }) =>
      bookAppointment(ctx, { ...input, source: "staff", status: "confirmed" }, input),
    ),

  /** Times this appointment could move to, with the resources it holds. */
  rescheduleOptions: orgProcedure("appointment.write")
    .input(RescheduleOptionsInput)
    .query(({ ctx, input }) => rescheduleOptions(ctx.db, ctx.org, input)),

  reschedule: orgProcedure("appointment.write")
    .input(AppointmentRescheduleInput)
    .mutation(({ ctx, input }) => moveAppointment(ctx, input)),

  cancel: orgProcedure("appointment.write")
    .input(AppointmentCancelInput)
    .mutation(({ ctx, input }) => cancelAppointment(ctx, input)),

  setStatus: orgProcedure("appointment.write")
    .input(AppointmentSetStatusInput)
    .mutation(({ ctx, input }) => setAppointmentStatus(ctx, input)),

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
  mine: patientProcedure.query(({ ctx }) =>
    listPatientAppointments(ctx.db, ctx.org.id, ctx.patient.id),
  ),

  bookMine: patientProcedure
    .input(PortalBookInput)
    .mutation(({ ctx, input }) =>
      bookAppointment(
        ctx,
        { ...input, patientId: ctx.patient.id, source: "portal", status: "confirmed" },
        input,
      ),
    ),

  /** Times the patient's own appointment could move to (same doctor and rooms). */
  rescheduleOptionsMine: patientProcedure
    .input(RescheduleOptionsInput)
    .query(({ ctx, input }) => rescheduleOptions(ctx.db, ctx.org, input, ctx.patient.id)),

  rescheduleMine: patientProcedure
    .input(PortalRescheduleInput)
    .mutation(({ ctx, input }) => moveAppointment(ctx, input, ctx.patient.id)),

  cancelMine: patientProcedure
    .input(PortalCancelInput)
    .mutation(({ ctx, input }) => cancelAppointment(ctx, input, ctx.patient.id)),
} satisfies TRPCRouterRecord;
