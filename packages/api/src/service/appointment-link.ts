// What a patient can do from a message without signing in: see the appointment a link is
// about, confirm they will come, cancel it, or stop the practice's messages. The link's token
// is the only authority and decides everything: which practice, which appointment, which
// patient, which action. Every unusable token gets the same answer and changes nothing.
import { schema, type Database } from "@caredesk/db";
import { and, eq, gt, inArray, isNull } from "drizzle-orm";
import { badRequest } from "../errors";
import type { RequestScope } from "../scope";
import {
  consumeActionToken,
  invalidLinkMessage,
  peekActionToken,
  type ActionTokenRow,
} from "./action-token";
import { changeStatus, getAppointment } from "./appointment";
import { publishChange } from "../events";

const { appointment, organization, patient, notification } = schema;

/** The appointment a token names, as the link's page shows it. */
export async function appointmentForLink(db: Database, input: { token: string }) {
  const token = await peekActionToken(db, input.token, [
    "appointment_confirm",
    "appointment_cancel",
  ]);
  const view = await linkedAppointment(db, token);
  return {
    action: token.purpose === "appointment_confirm" ? ("confirm" as const) : ("cancel" as const),
    practiceName: view.practiceName,
    serviceName: view.serviceName,
    startsAt: view.startsAt,
    timeZone: view.timeZone,
    locale: view.locale,
    status: view.status,
    patientConfirmed: view.patientConfirmedAt !== null,
  };
}

async function linkedAppointment(db: Database, token: ActionTokenRow) {
  if (!token.organizationId || !token.appointmentId) throw badRequest(invalidLinkMessage);
  const [row] = await db
    .select({
      id: appointment.id,
      status: appointment.status,
      startsAt: appointment.startsAt,
      patientConfirmedAt: appointment.patientConfirmedAt,
      serviceName: schema.service.name,
      practiceName: organization.name,
      timeZone: organization.timeZone,
      locale: organization.locale,
    })
    .from(appointment)
    .innerJoin(
      schema.service,
      and(
        eq(schema.service.organizationId, appointment.organizationId),
        eq(schema.service.id, appointment.serviceId),
      ),
    )
    .innerJoin(organization, eq(organization.id, appointment.organizationId))
    .where(
      and(
        eq(appointment.organizationId, token.organizationId),
        eq(appointment.id, token.appointmentId),
      ),
    );
  if (!row) throw badRequest(invalidLinkMessage);
  return row;
}

/**
 * The patient confirms they will come: recorded on the appointment (still pending or confirmed,
 * not yet started) and shown live on the practice's calendar.
 */
export function confirmFromLink(ctx: Pick<RequestScope, "mutate">, input: { token: string }) {
  return ctx.mutate(async (tx, audit) => {
    const token = await consumeActionToken(tx, input.token, "appointment_confirm");
    const before = await linkedAppointment(tx, token);
    const now = new Date();
    const [updated] = await tx
      .update(appointment)
      .set({ patientConfirmedAt: now })
      .where(
        and(
          eq(appointment.organizationId, token.organizationId ?? ""),
          eq(appointment.id, before.id),
          inArray(appointment.status, ["pending", "confirmed"]),
          gt(appointment.startsAt, now),
          isNull(appointment.patientConfirmedAt),
        ),
      )
      .returning({ id: appointment.id, patientConfirmedAt: appointment.patientConfirmedAt });
    if (!updated && before.patientConfirmedAt === null) {
      throw badRequest(
        `This appointment is ${before.status.replace("_", " ")}: nothing to confirm.`,
      );
    }
    const after = await getAppointment(tx, token.organizationId ?? "", before.id);
    await publishChange(tx, {
      organizationId: token.organizationId ?? "",
      type: "appointment.changed",
      appointmentId: after.id,
      status: after.status,
      startsAt: after.startsAt.toISOString(),
      endsAt: after.endsAt.toISOString(),
      resourceIds: after.resources.map((r) => r.id),
    });
    audit({
      organizationId: token.organizationId ?? undefined,
      entityType: "appointment",
      entityId: before.id,
      before: { patientConfirmedAt: before.patientConfirmedAt },
      after: { patientConfirmedAt: after.patientConfirmedAt },
    });
    return { status: after.status, patientConfirmed: true };
  });
}

/** The patient cancels from the link: the slot is freed and the practice's calendar updates. */
export function cancelFromLink(
  ctx: Pick<RequestScope, "mutate">,
  input: { token: string; reason?: string | undefined },
) {
  return ctx.mutate(async (tx, audit) => {
    const token = await consumeActionToken(tx, input.token, "appointment_cancel");
    const linked = await linkedAppointment(tx, token);
    const { before, after } = await changeStatus(
      tx,
      token.organizationId ?? "",
      linked.id,
      "cancelled",
      {
        reason: input.reason?.trim() || "Cancelled by the patient from a message link",
        patientId: token.patientId ?? undefined,
      },
    );
    audit({
      organizationId: token.organizationId ?? undefined,
      entityType: "appointment",
      entityId: linked.id,
      before,
      after,
    });
    return { status: after.status };
  });
}

/**
 * Stops the practice's messages to the patient (email and SMS; the portal's notification
 * centre stays), records the choice as consent from the link, and withdraws what was waiting.
 */
export function unsubscribeFromLink(ctx: Pick<RequestScope, "mutate">, input: { token: string }) {
  return ctx.mutate(async (tx, audit) => {
    const token = await consumeActionToken(tx, input.token, "unsubscribe", { reusable: true });
    if (!token.organizationId || !token.patientId) throw badRequest(invalidLinkMessage);
    const where = and(
      eq(patient.organizationId, token.organizationId),
      eq(patient.id, token.patientId),
    );
    const [before] = await tx
      .select({
        id: patient.id,
        emailOptIn: patient.emailOptIn,
        smsOptIn: patient.smsOptIn,
      })
      .from(patient)
      .where(where);
    if (!before) throw badRequest(invalidLinkMessage);
    const [after] = await tx
      .update(patient)
      .set({
        emailOptIn: false,
        smsOptIn: false,
        consentRecordedAt: new Date(),
        consentSource: "link",
      })
      .where(where)
      .returning({ id: patient.id, emailOptIn: patient.emailOptIn, smsOptIn: patient.smsOptIn });
    if (!after) throw badRequest(invalidLinkMessage);
    await tx
      .update(notification)
      .set({ status: "cancelled", lastError: "The patient unsubscribed" })
      .where(
        and(
          eq(notification.organizationId, token.organizationId),
          eq(notification.patientId, token.patientId),
          eq(notification.status, "pending"),
          inArray(notification.channel, ["email", "sms"]),
        ),
      );
    audit({
      organizationId: token.organizationId,
      entityType: "patient",
      entityId: after.id,
      before,
      after,
    });
    return { unsubscribed: true };
  });
}
