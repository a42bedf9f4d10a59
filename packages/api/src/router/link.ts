// Links in messages that work without signing in (reminders' confirm and cancel, unsubscribe).
// Public on purpose: the token is the only authority, and every unusable one answers the same.
import {
  AppointmentLinkCancelInput,
  AppointmentLinkInput,
  UnsubscribeInput,
} from "@caredesk/validators";
import type { TRPCRouterRecord } from "@trpc/server";
import {
  appointmentForLink,
  cancelFromLink,
  confirmFromLink,
  unsubscribeFromLink,
} from "../service/appointment-link";
import { publicProcedure } from "../trpc";

const linkProcedure = publicProcedure.meta({ public: true, rateLimit: "credentials" });

export const linkRouter = {
  /** What a reminder's link is about and what it will do, before the patient decides. */
  appointment: linkProcedure
    .input(AppointmentLinkInput)
    .query(({ ctx, input }) => appointmentForLink(ctx.db, input)),

  /** The patient will come: recorded and shown live on the practice's calendar. */
  confirmAppointment: linkProcedure
    .input(AppointmentLinkInput)
    .mutation(({ ctx, input }) => confirmFromLink(ctx, input)),

  /** The patient cancels: the time is freed for someone else. */
  cancelAppointment: linkProcedure
    .input(AppointmentLinkCancelInput)
    .mutation(({ ctx, input }) => cancelFromLink(ctx, input)),

  /** Stops the practice's email and SMS to the patient. */
  unsubscribe: linkProcedure
    .input(UnsubscribeInput)
    .mutation(({ ctx, input }) => unsubscribeFromLink(ctx, input)),
} satisfies TRPCRouterRecord;
