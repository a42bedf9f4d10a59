// What an appointment's changes tell people, queued in the change's own transaction: the patient
// hears that it was booked, confirmed, moved, cancelled or declined, on every channel the
// practice uses and the patient agreed to; its reminders are planned in the practice's zone
// (a move re-plans them, a cancellation withdraws them); staff get a "new request" in their
// notification centre when a patient asks online.
import {
  planReminders,
  renderAppointmentPush,
  type AppointmentMessageKind,
} from "@caredesk/notifications";
import { issueStatement, schema, type Database, type StatementClient } from "@caredesk/db";
import { and, eq, inArray, sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import {
  cancelPendingNotifications,
  queueNotifications,
  type NewNotification,
  type NotificationChannel,
  type NotificationKind,
} from "./outbox";

export type AppointmentEvent = "booked" | "confirmed" | "rescheduled" | "cancelled" | "declined";

export interface AppointmentFacts {
  id: string;
  patientId: string | null;
  startsAt: Date;
  status: string;
  source?: string | null;
}

const eventKind: Record<AppointmentEvent, NotificationKind & AppointmentMessageKind> = {
  booked: "appointment_booked",
  confirmed: "appointment_confirmed",
  rescheduled: "appointment_rescheduled",
  cancelled: "appointment_cancelled",
  declined: "appointment_declined",
};

/** Roles that answer booking requests: they hear about new ones. */
const frontDeskRoles = ["owner", "admin", "manager", "staff"] as const;

interface AudienceRow extends Record<string, unknown> {
  name: string;
  sender_name: string | null;
  locale: string;
  service_name: string;
  first_name: string;
  time_zone: string;
  channels: string[];
  reminder_offsets: number[];
  quiet_hours_start: number | null;
  quiet_hours_end: number | null;
  email: string | null;
  mobile: string;
  email_opt_in: boolean;
  sms_opt_in: boolean;
  push_opt_in: boolean;
  user_id: string | null;
  push_subscriptions: string[] | null;
  mobile_devices: string[] | null;
}

export type Audience = Awaited<ReturnType<typeof audienceOf>>;

/**
 * Who hears about an appointment, and how: one query. Booking issues it together with its own
 * inserts (postgres.js pipelines them; PostgreSQL runs them in order, so it sees the new row).
 */
export function audienceStatement(tx: Database, orgId: string, appointmentId: string) {
  // Drizzle runs a statement when it is awaited: put this in the same Promise.all as the
  // statements before it, after them, and it goes out with them, in order.
  return tx.execute(audienceQuery(orgId, appointmentId));
}

/** The audience query (`audienceText` is its text, built once). */
export function audienceQuery(orgId: string, appointmentId: string) {
  return sql`select o.name, o.sender_name, o.locale, o.time_zone, o.channels, o.reminder_offsets,
          o.quiet_hours_start, o.quiet_hours_end, s.name as service_name, p.first_name,
          p.email, p.mobile, p.email_opt_in, p.sms_opt_in, p.push_opt_in, p.user_id,
          (select array_agg(ps.id) from push_subscription ps where ps.user_id = p.user_id)
            as push_subscriptions,
          (select array_agg(md.id) from mobile_device md where md.user_id = p.user_id)
            as mobile_devices
        from appointment a
        join patient p on p.organization_id = a.organization_id and p.id = a.patient_id
        join service s on s.organization_id = a.organization_id and s.id = a.service_id
        join organization o on o.id = a.organization_id
        where a.organization_id = ${orgId} and a.id = ${appointmentId}`;
}

/** `audienceQuery`'s text as Drizzle builds it ($1, $2), built once. */
export const audienceText = new PgDialect().sqlToQuery(audienceQuery("", "")).sql;

/** `audienceStatement` on a postgres.js connection, from `audienceText` (rows as objects). */
export function audienceStatementOn(client: StatementClient, orgId: string, appointmentId: string) {
  return issueStatement(client, audienceText, [orgId, appointmentId]);
}

/** The audience from what `audienceStatement` answered (postgres.js rows, or PGlite's). */
export function audienceFrom(result: unknown): AudienceRow | null {
  const rows = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
  return (rows[0] as AudienceRow | undefined) ?? null;
}

export async function audienceOf(tx: Database, orgId: string, appointmentId: string) {
  return audienceFrom(await audienceStatement(tx, orgId, appointmentId));
}

/** Push to a browser or to the mobile app: addressed to a device of the patient's account. */
function isPush(channel: NotificationChannel): boolean {
  return channel === "push" || channel === "mobile";
}

/** The patient's addresses on the channels the practice uses and the patient agreed to. */
function recipientsOf(audience: AudienceRow) {
  const uses = (channel: NotificationChannel) => audience.channels.includes(channel);
  const out: { channel: NotificationChannel; recipient: string | null }[] = [];
  if (uses("email") && audience.email_opt_in && audience.email) {
    out.push({ channel: "email", recipient: audience.email });
  }
  if (uses("sms") && audience.sms_opt_in && audience.mobile) {
    out.push({ channel: "sms", recipient: audience.mobile });
  }
  if (uses("push") && audience.push_opt_in && audience.user_id) {
    for (const id of audience.push_subscriptions ?? [])
      out.push({ channel: "push", recipient: id });
    // The practice's push setting covers the mobile app too: one message per device.
    for (const id of audience.mobile_devices ?? []) out.push({ channel: "mobile", recipient: id });
  }
  // The portal's notification centre: always, for a patient with an account.
  if (audience.user_id) out.push({ channel: "in_app", recipient: null });
  return out;
}

/**
 * Queues what `event` tells people about an appointment. Call inside the change's transaction,
 * after the change. `extra` carries what the message shows besides the appointment itself.
 */
export async function queueAppointmentMessages(
  tx: Database,
  orgId: string,
  appointment: AppointmentFacts,
  event: AppointmentEvent,
  extra: { previousStartsAt?: Date; reason?: string | null } = {},
  now = new Date(),
  /** Already asked for (booking asks with its inserts); asked here otherwise. */
  known?: Audience,
): Promise<void> {
  if (appointment.status === "held" || !appointment.patientId) return;
  const [audience] = await Promise.all([
    known !== undefined ? known : audienceOf(tx, orgId, appointment.id),
    event === "booked"
      ? Promise.resolve(0)
      : cancelPendingNotifications(tx, orgId, appointment.id, ["appointment_reminder"]),
  ]);
  if (!audience) return;
  const recipients = recipientsOf(audience);
  const staffHear =
    event === "booked" && appointment.status === "pending" && appointment.source !== "staff";
  // A patient the practice cannot reach, and no request for staff: nothing to write.
  if (recipients.length === 0 && !staffHear) return;
  const base = {
    organizationId: orgId,
    patientId: appointment.patientId,
    appointmentId: appointment.id,
  };
  const pending = appointment.status === "pending";
  // In-app messages are not delivered later: their words are written now.
  const inApp = renderAppointmentPush(eventKind[event], {
    lang: audience.locale,
    timeZone: audience.time_zone,
    brand: { name: audience.sender_name ?? audience.name },
    patientName: audience.first_name,
    serviceName: audience.service_name,
    practitionerName: null,
    startsAt: appointment.startsAt,
    pending,
    links: {},
  });
  const messages: NewNotification[] = recipients.map(({ channel, recipient }) => ({
    ...base,
    kind: eventKind[event],
    channel,
    recipient,
    userId: channel === "in_app" || isPush(channel) ? audience.user_id : null,
    ...(channel === "in_app" ? { subject: inApp.title, bodyText: inApp.body } : {}),
    payload: {
      ...(extra.previousStartsAt ? { previousStartsAt: extra.previousStartsAt.toISOString() } : {}),
      ...(extra.reason ? { reason: extra.reason } : {}),
      ...(pending ? { pending: true } : {}),
    },
  }));

  if (
    (event === "booked" || event === "rescheduled" || event === "confirmed") &&
    (appointment.status === "pending" || appointment.status === "confirmed")
  ) {
    // A confirmation keeps the reminders planned at booking; booked and moved plan them anew.
    const plan =
      event === "confirmed"
        ? []
        : planReminders(
            appointment.startsAt,
            {
              timeZone: audience.time_zone,
              offsets: audience.reminder_offsets,
              quietStart: audience.quiet_hours_start,
              quietEnd: audience.quiet_hours_end,
            },
            now,
          );
    for (const reminder of plan) {
      for (const { channel, recipient } of recipients) {
        if (channel === "in_app") continue;
        messages.push({
          ...base,
          kind: "appointment_reminder",
          channel,
          recipient,
          userId: isPush(channel) ? audience.user_id : null,
          sendAt: reminder.sendAt,
          payload: { offset: reminder.offset, startsAt: appointment.startsAt.toISOString() },
        });
      }
    }
  }

  if (staffHear) {
    const staff = await tx
      .select({ userId: schema.membership.userId })
      .from(schema.membership)
      .where(
        and(
          eq(schema.membership.organizationId, orgId),
          inArray(schema.membership.role, [...frontDeskRoles]),
        ),
      );
    for (const { userId } of staff) {
      messages.push({
        ...base,
        kind: "booking_request",
        channel: "in_app",
        userId,
        subject: `New booking request: ${audience.service_name}`,
        bodyText: `${audience.first_name} asked for ${audience.service_name}. Confirm or decline it in the requests inbox.`,
        payload: { link: "/app/requests" },
      });
    }
  }
  await queueNotifications(tx, messages);
}

/**
 * Staff send the appointment's reminder now (the front desk's "send reminder"), on every
 * channel the patient can be reached on. Answers the channels messages were queued on.
 */
export async function queueReminderNow(
  tx: Database,
  orgId: string,
  appointment: AppointmentFacts,
): Promise<NotificationChannel[]> {
  if (!appointment.patientId) return [];
  const audience = await audienceOf(tx, orgId, appointment.id);
  if (!audience) return [];
  const messages: NewNotification[] = recipientsOf(audience)
    .filter(({ channel }) => channel !== "in_app")
    .map(({ channel, recipient }) => ({
      organizationId: orgId,
      patientId: appointment.patientId,
      appointmentId: appointment.id,
      kind: "appointment_reminder",
      channel,
      recipient,
      userId: isPush(channel) ? audience.user_id : null,
      payload: { startsAt: appointment.startsAt.toISOString(), manual: true },
    }));
  await queueNotifications(tx, messages);
  return messages.map((m) => m.channel);
}

/** The message an appointment's status change sends, if any. */
export function eventOfStatusChange(
  from: string,
  to: string,
  byPatient: boolean,
): AppointmentEvent | null {
  if (from === "held") return to === "pending" || to === "confirmed" ? "booked" : null;
  if (to === "confirmed" && from === "pending") return "confirmed";
  if (to === "cancelled") return from === "pending" && !byPatient ? "declined" : "cancelled";
  return null;
}
