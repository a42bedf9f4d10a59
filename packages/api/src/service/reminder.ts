// The front desk sends an appointment's reminder now: same message, links and channels as the
// scheduled ones, for a patient who booked too late for them or asked for it again.
import { FieldError } from "../errors";
import type { OrgScope } from "../scope";
import { getAppointment } from "./appointment";
import { queueReminderNow } from "./appointment-messages";

export function sendReminderNow(ctx: Pick<OrgScope, "org" | "mutate">, input: { id: string }) {
  return ctx.mutate(async (tx, audit) => {
    const appointment = await getAppointment(tx, ctx.org.id, input.id);
    if (appointment.status !== "pending" && appointment.status !== "confirmed") {
      throw new FieldError("BAD_REQUEST", {
        id: [`A ${appointment.status.replace("_", " ")} appointment gets no reminder`],
      });
    }
    if (appointment.startsAt <= new Date()) {
      throw new FieldError("BAD_REQUEST", { id: ["This appointment has already started"] });
    }
    const channels = await queueReminderNow(tx, ctx.org.id, appointment);
    const queued = channels.length;
    if (queued === 0) {
      throw new FieldError("BAD_REQUEST", {
        id: ["The patient has no email, phone or device that accepts messages"],
      });
    }
    audit({ entityType: "appointment", entityId: appointment.id, after: { reminders: queued } });
    // Each channel once (a patient may have several devices), for the front desk to say.
    return { queued, channels: [...new Set(channels)] };
  });
}
