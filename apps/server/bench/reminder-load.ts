// A practice with `count` confirmed appointments tomorrow and a reminder for each, all due now:
// the load of "10,000 reminders due at once". Appointments are written straight to the tables
// (the booking path is measured elsewhere); the reminders go through the outbox as in the product.
import { queueNotifications, type NewNotification } from "@caredesk/api";
import { schema, type Database } from "@caredesk/db";
import { eq, sql } from "drizzle-orm";

export interface ReminderLoad {
  organizationId: string;
  notificationIds: string[];
  cleanup: () => Promise<void>;
}

export async function createReminderLoad(db: Database, count: number): Promise<ReminderLoad> {
  const slug = `reminders-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
  const [org] = await db
    .insert(schema.organization)
    .values({
      slug,
      name: "Reminder Clinic",
      kind: "clinic",
      timeZone: "Africa/Cairo",
      currency: "EGP",
      country: "EG",
      quietHoursStart: null,
      quietHoursEnd: null,
    })
    .returning({ id: schema.organization.id });
  if (!org) throw new Error("no organization");
  const [svc] = await db
    .insert(schema.service)
    .values({
      organizationId: org.id,
      name: "Check-up",
      durationMinutes: 15,
      priceMinor: 0,
      colour: "#0f766e",
    })
    .returning({ id: schema.service.id });
  if (!svc) throw new Error("no service");
  const start = Date.now() + 26 * 3_600_000;
  const notificationIds: string[] = [];
  for (let offset = 0; offset < count; offset += 1000) {
    const n = Math.min(1000, count - offset);
    await db.transaction(async (tx) => {
      const patients = await tx
        .insert(schema.patient)
        .values(
          Array.from({ length: n }, (_, i) => ({
            organizationId: org.id,
            firstName: `Patient${offset + i}`,
            lastName: "Load",
            mobile: `+2010${String(10_000_000 + offset + i).padStart(8, "0")}`,
            email: `patient${offset + i}@${slug}.example`,
          })),
        )
        .returning({ id: schema.patient.id, email: schema.patient.email });
      const appointments = await tx
        .insert(schema.appointment)
        .values(
          patients.map((p, i) => ({
            organizationId: org.id,
            patientId: p.id,
            serviceId: svc.id,
            startsAt: new Date(start + (offset + i) * 60_000),
            endsAt: new Date(start + (offset + i) * 60_000 + 15 * 60_000),
            status: "confirmed" as const,
            kind: "in_person" as const,
            source: "staff" as const,
          })),
        )
        .returning({
          id: schema.appointment.id,
          patientId: schema.appointment.patientId,
          startsAt: schema.appointment.startsAt,
        });
      const email = new Map(patients.map((p) => [p.id, p.email]));
      const reminders: NewNotification[] = appointments.map((a) => ({
        organizationId: org.id,
        kind: "appointment_reminder",
        channel: "email",
        patientId: a.patientId,
        appointmentId: a.id,
        recipient: email.get(a.patientId ?? "") ?? null,
        payload: { offset: 1440, startsAt: a.startsAt.toISOString() },
      }));
      notificationIds.push(...(await queueNotifications(tx, reminders)));
    });
  }
  return {
    organizationId: org.id,
    notificationIds,
    cleanup: async () => {
      await db.execute(
        sql`delete from pgboss.job where data->>'notificationId' in (select id::text from notification where organization_id = ${org.id})`,
      );
      await db.delete(schema.organization).where(eq(schema.organization.id, org.id));
    },
  };
}
