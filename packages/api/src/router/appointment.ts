import {
  AppointmentDeclineInput,
  AppointmentRequestsInput,
  AppointmentBookInput,
  AppointmentCancelInput,
  AppointmentHoldInput,
  AppointmentListInput,
  AppointmentRescheduleInput,
  AppointmentOutput,
  AppointmentSetStatusInput,
  AvailabilityOutput,
  AvailabilitySearchInput,
  ByIdInput,
  LiveChangesInput,
  CalendarAppointmentOutput,
  CatalogOutput,
  OwnAppointmentOutput,
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
  listPatientAppointments,
  rescheduleOptions,
  searchAvailability,
  setAppointmentStatus,
} from "../service/appointment";
import { withFastParse } from "../fast-output";
import { listAppointments } from "../service/appointment-list";
import { bookAppointment, bookOwnAppointment, moveAppointment } from "../service/booking";
import { bookableOffer } from "../service/public";
import { sendReminderNow } from "../service/reminder";
import { declineRequest, listRequests } from "../service/requests";
import { orgProcedure, patientProcedure } from "../trpc";

export const availabilityRouter = {
  /** Free start times of a service over some days, for one practitioner or any. */
  search: orgProcedure("availability.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/v1/availability",
        tags: ["availability"],
        summary: "Free start times of a service",
        description:
          "Over `days` local days from `fromDate` (default today, in the organization's zone), for one practitioner (`practitionerResourceId`) or any.",
      },
    })
    .input(AvailabilitySearchInput)
    .output(AvailabilityOutput)
    .query(({ ctx, input }) => searchAvailability(ctx.db, ctx.org, input)),

  /**
   * What can be booked, for people without the directory (portal patients): active services
   * and doctors, only the fields a booking screen shows.
   */
  catalog: orgProcedure("availability.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/v1/catalog",
        tags: ["availability"],
        summary: "What can be booked: active services and practitioners",
        description: "For patients and staff alike; only the fields a booking screen shows.",
      },
    })
    .output(CatalogOutput)
    .query(async ({ ctx }) => ({
      timeZone: ctx.org.timeZone,
      currency: ctx.org.currency,
      ...(await bookableOffer(ctx.db, ctx.org.id)),
    })),
} satisfies TRPCRouterRecord;

/** The calendar's answer: checked as it is, on every view and live refresh (fast-output.ts). */
export const calendarOutput = withFastParse(z.array(CalendarAppointmentOutput));

export const appointmentRouter = {
  /** The calendar: appointments in a time range, optionally for some resources. */
  list: orgProcedure("appointment.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/v1/appointments",
        tags: ["appointments"],
        summary: "The calendar: appointments overlapping [from, to)",
        description:
          "At most six weeks at a time; `resourceIds` (repeat the parameter) narrows it to some practitioners, rooms or equipment.",
      },
    })
    .input(AppointmentListInput)
    .output(calendarOutput)
    .query(({ ctx, input }) => listAppointments(ctx.db, ctx.org.id, input)),

  byId: orgProcedure("appointment.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/v1/appointments/{id}",
        tags: ["appointments"],
        summary: "One appointment",
      },
    })
    .input(ByIdInput)
    .output(AppointmentOutput)
    .query(({ ctx, input }) => getAppointment(ctx.db, ctx.org.id, input.id)),

  /** Holds a slot for a few minutes while the details are filled in. */
  hold: orgProcedure("appointment.write")
    .input(AppointmentHoldInput)
    .mutation(({ ctx, input }) =>
      bookAppointment(ctx, { ...input, patientId: null, source: "staff", status: "held" }, input),
    ),

  book: orgProcedure("appointment.write")
    .meta({
      openapi: {
        method: "POST",
        path: "/v1/appointments",
        tags: ["appointments"],
        summary: "Book an appointment for a patient",
        description:
          "Repeating a request with the same `idempotencyKey` answers with the appointment it booked. A time taken meanwhile answers 409 with `alternatives`.",
      },
    })
    .input(AppointmentBookInput)
    .output(AppointmentOutput)
    .mutation(({ ctx, input }) =>
      bookAppointment(ctx, { ...input, source: "staff", status: "confirmed" }, input),
    ),

  /** Times this appointment could move to, with the resources it holds. */
  rescheduleOptions: orgProcedure("appointment.write")
    .meta({
      openapi: {
        method: "GET",
        path: "/v1/appointments/{id}/reschedule-options",
        tags: ["appointments"],
        summary: "Times an appointment could move to, with the resources it holds",
      },
    })
    .input(RescheduleOptionsInput)
    .output(AvailabilityOutput)
    .query(({ ctx, input }) => rescheduleOptions(ctx.db, ctx.org, input)),

  reschedule: orgProcedure("appointment.write")
    .meta({
      openapi: {
        method: "POST",
        path: "/v1/appointments/{id}/reschedule",
        tags: ["appointments"],
        summary: "Move an appointment",
        description: "Send the `version` you saw: a stale one answers 409.",
      },
    })
    .input(AppointmentRescheduleInput)
    .output(AppointmentOutput)
    .mutation(({ ctx, input }) => moveAppointment(ctx, input)),

  cancel: orgProcedure("appointment.write")
    .meta({
      openapi: {
        method: "POST",
        path: "/v1/appointments/{id}/cancel",
        tags: ["appointments"],
        summary: "Cancel an appointment, with a reason",
      },
    })
    .input(AppointmentCancelInput)
    .output(AppointmentOutput)
    .mutation(({ ctx, input }) => cancelAppointment(ctx, input)),

  setStatus: orgProcedure("appointment.write")
    .input(AppointmentSetStatusInput)
    .mutation(({ ctx, input }) => setAppointmentStatus(ctx, input)),

  /** Sends the appointment's reminder now, with its confirm and cancel links. */
  sendReminder: orgProcedure("appointment.write")
    .input(ByIdInput)
    .mutation(({ ctx, input }) => sendReminderNow(ctx, input)),

  /** Online booking requests waiting for an answer (public page, portal), oldest first. */
  requests: orgProcedure("appointment.read")
    .input(AppointmentRequestsInput)
    .query(({ ctx, input }) => listRequests(ctx.db, ctx.org.id, input)),

  /** Declines a booking request with a reason: it is cancelled and its time freed. */
  decline: orgProcedure("appointment.write")
    .input(AppointmentDeclineInput)
    .mutation(({ ctx, input }) => declineRequest(ctx, input)),

  /**
   * Live calendar: every appointment change of the active organization, as it commits, on
   * any server instance (LISTEN/NOTIFY). Clients refetch what they show when one arrives.
   */
  onChange: orgProcedure("appointment.read")
    .meta({
      eventStream: {
        summary: "Live calendar: the organization's appointment changes",
        tags: ["appointments"],
        description: [
          "A Server-Sent Events stream (tRPC subscription). Native clients send `Authorization: Bearer <token>` and `X-Organization-Id` headers; browsers use the session cookie.",
          'Each change arrives as an event with an `id` and, as `data`, the JSON `{"json": {type, appointmentId, status, startsAt, endsAt, resourceIds, organizationId, id}}`: refetch what you show when one arrives. Changes made while disconnected are not replayed (`Last-Event-ID` is accepted, as EventSource sends it): refetch after reconnecting.',
          "The stream opens with a `connected` event; `ping` events keep it alive every 15 s (reconnect after 30 s of silence). A refusal (e.g. UNAUTHORIZED, NOT_FOUND) arrives as a `serialized-error` event whose `data.json.data.code` says why, and ends the stream.",
        ].join("\n\n"),
      },
    })
    .input(LiveChangesInput)
    .subscription(async function* ({ ctx, signal }) {
      for await (const [event] of on(ctx.events, `org:${ctx.org.id}`, { signal })) {
        const change = event as ChangeEvent & { id: string };
        yield tracked(change.id, change);
      }
    }),

  /** The signed-in patient's own appointments (portal). */
  mine: patientProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/v1/me/appointments",
        tags: ["my appointments"],
        summary: "The signed-in patient's appointments (from 90 days ago)",
      },
    })
    .output(z.array(OwnAppointmentOutput))
    .query(({ ctx }) => listPatientAppointments(ctx.db, ctx.org.id, ctx.patient.id)),

  bookMine: patientProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/v1/me/appointments",
        tags: ["my appointments"],
        summary: "Book an appointment for oneself (patients)",
        description:
          "Repeating a request with the same `idempotencyKey` answers with the appointment it booked. A time taken meanwhile answers 409 with `alternatives`.",
      },
    })
    .input(PortalBookInput)
    .output(AppointmentOutput)
    .mutation(({ ctx, input }) => bookOwnAppointment(ctx, ctx.patient.id, input)),

  /** Times the patient's own appointment could move to (same doctor and rooms). */
  rescheduleOptionsMine: patientProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/v1/me/appointments/{id}/reschedule-options",
        tags: ["my appointments"],
        summary: "Times one's own appointment could move to (same doctor and rooms)",
      },
    })
    .input(RescheduleOptionsInput)
    .output(AvailabilityOutput)
    .query(({ ctx, input }) => rescheduleOptions(ctx.db, ctx.org, input, ctx.patient.id)),

  rescheduleMine: patientProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/v1/me/appointments/{id}/reschedule",
        tags: ["my appointments"],
        summary: "Move one's own appointment",
        description: "Send the `version` you saw: a stale one answers 409.",
      },
    })
    .input(PortalRescheduleInput)
    .output(AppointmentOutput)
    .mutation(({ ctx, input }) => moveAppointment(ctx, input, ctx.patient.id)),

  cancelMine: patientProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/v1/me/appointments/{id}/cancel",
        tags: ["my appointments"],
        summary: "Cancel one's own appointment, with a reason",
      },
    })
    .input(PortalCancelInput)
    .output(AppointmentOutput)
    .mutation(({ ctx, input }) => cancelAppointment(ctx, input, ctx.patient.id)),
} satisfies TRPCRouterRecord;
