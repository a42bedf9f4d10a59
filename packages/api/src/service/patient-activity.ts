// What the patient page shows beyond the record: the patient's appointments, every message
// the practice sent them (from the outbox, recipients partly masked), and the channels they
// agreed to be messaged on.
import { schema, type Database } from "@caredesk/db";
import type { PatientConsentInput } from "@caredesk/validators";
import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import { auditChange } from "../audit";
import { FieldError, notFound } from "../errors";
import type { OrgScope } from "../scope";
import { agendaItems, type AgendaItem } from "./front-desk";
import { cursorId, decodeCursor, encodeCursor, type Page } from "./pagination";

const { appointment, notification, patient } = schema;

/** The patient must be this organization's: another's answers NOT_FOUND, never an empty list. */
async function requirePatient(db: Database, orgId: string, patientId: string) {
  const [row] = await db
    .select({ id: patient.id })
    .from(patient)
    .where(and(eq(patient.organizationId, orgId), eq(patient.id, patientId)));
  if (!row) throw notFound("Patient not found");
}

/** The patient's appointments, split into upcoming (soonest first) and past (latest first). */
export async function patientAppointments(
  db: Database,
  orgId: string,
  patientId: string,
  now = new Date(),
): Promise<{ upcoming: AgendaItem[]; past: AgendaItem[] }> {
  await requirePatient(db, orgId, patientId);
  const all = await agendaItems(db, orgId, eq(appointment.patientId, patientId), null, 300, [
    desc(appointment.startsAt),
    desc(appointment.id),
  ]);
  return {
    upcoming: all.filter((a) => a.endsAt > now).reverse(),
    past: all.filter((a) => a.endsAt <= now),
  };
}

/** "mona@example.com" → "m•••@example.com": enough to recognise, not to copy. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf("@");
  if (at <= 0) return "•••";
  return `${address.slice(0, 1)}•••${address.slice(at)}`;
}

/** "+201001234567" → "+20•••••••4567". */
export function maskPhone(number: string): string {
  const digits = number.replace(/\D/g, "");
  if (digits.length <= 6) return "•••";
  return `+${digits.slice(0, 2)}${"•".repeat(digits.length - 6)}${digits.slice(-4)}`;
}

/** A message's recipient as staff and operators see it: enough to tell apart, not to copy. */
export function maskRecipient(channel: string, recipient: string | null): string | null {
  if (!recipient) return null;
  if (channel === "email") return maskEmail(recipient);
  if (channel === "sms") return maskPhone(recipient);
  // Push subscriptions and anything else: the device, not an address.
  return null;
}

export interface PatientMessage {
  id: string;
  kind: string;
  channel: string;
  status: string;
  recipient: string | null;
  subject: string | null;
  lastError: string | null;
  appointmentId: string | null;
  sendAt: Date;
  sentAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

/** The messages sent (or to be sent) to the patient, newest first, a page at a time. */
export async function patientMessages(
  db: Database,
  orgId: string,
  input: { patientId: string; cursor?: string | undefined; limit: number },
): Promise<Page<PatientMessage>> {
  await requirePatient(db, orgId, input.patientId);
  const values = decodeCursor(input.cursor);
  let after: SQL | undefined;
  if (values) {
    if (values.length !== 1) throw new FieldError("BAD_REQUEST", { cursor: ["Invalid cursor"] });
    const id = cursorId(values[0]);
    const anchor = sql`(select ${notification.createdAt} from ${notification} where ${notification.organizationId} = ${orgId} and ${notification.id} = ${id}::uuid)`;
    after = sql`(${notification.createdAt}, ${notification.id}) < (${anchor}, ${id}::uuid)`;
  }
  const rows = await db
    .select({
      id: notification.id,
      kind: notification.kind,
      channel: notification.channel,
      status: notification.status,
      recipient: notification.recipient,
      subject: notification.subject,
      lastError: notification.lastError,
      appointmentId: notification.appointmentId,
      sendAt: notification.sendAt,
      sentAt: notification.sentAt,
      deliveredAt: notification.deliveredAt,
      createdAt: notification.createdAt,
    })
    .from(notification)
    .where(
      and(
        eq(notification.organizationId, orgId),
        eq(notification.patientId, input.patientId),
        after,
      ),
    )
    .orderBy(desc(notification.createdAt), desc(notification.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit).map((row) => ({
    ...row,
    recipient: maskRecipient(row.channel, row.recipient),
    // A failure's reason matters only while it is the message's state.
    lastError: row.status === "failed" ? row.lastError : null,
  }));
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > input.limit && last ? encodeCursor([last.id]) : null,
  };
}

const consentColumns = {
  id: patient.id,
  emailOptIn: patient.emailOptIn,
  smsOptIn: patient.smsOptIn,
  pushOptIn: patient.pushOptIn,
  consentRecordedAt: patient.consentRecordedAt,
  consentSource: patient.consentSource,
};

export type PatientConsent = {
  id: string;
  emailOptIn: boolean;
  smsOptIn: boolean;
  pushOptIn: boolean;
  consentRecordedAt: Date | null;
  consentSource: string | null;
};

/** The channels the patient agreed to be messaged on, and when and how that was recorded. */
export async function patientConsent(
  db: Database,
  orgId: string,
  patientId: string,
): Promise<PatientConsent> {
  const [row] = await db
    .select(consentColumns)
    .from(patient)
    .where(and(eq(patient.organizationId, orgId), eq(patient.id, patientId)));
  if (!row) throw notFound("Patient not found");
  return row;
}

/** Staff record what the patient agreed to (asked at the desk or on the phone). */
export function setPatientConsent(
  ctx: Pick<OrgScope, "org" | "mutate">,
  input: PatientConsentInput,
): Promise<PatientConsent> {
  return auditChange(ctx.mutate, "patient", async (tx) => {
    const [before] = await tx
      .select(consentColumns)
      .from(patient)
      .where(and(eq(patient.organizationId, ctx.org.id), eq(patient.id, input.id)))
      .for("update");
    if (!before) throw notFound("Patient not found");
    const [after] = await tx
      .update(patient)
      .set({
        emailOptIn: input.emailOptIn,
        smsOptIn: input.smsOptIn,
        pushOptIn: input.pushOptIn,
        consentRecordedAt: sql`now()`,
        consentSource: "staff",
      })
      .where(and(eq(patient.organizationId, ctx.org.id), eq(patient.id, input.id)))
      .returning(consentColumns);
    if (!after) throw notFound("Patient not found");
    return { before, after };
  });
}
