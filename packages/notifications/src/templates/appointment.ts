// Appointment messages (booked, confirmed, moved, cancelled, declined, reminders) and the staff's
// "new booking request", as email, SMS and push, in the practice's language and time zone.
import { renderEmail, type Brand, type RenderedEmail } from "./layout";

export type AppointmentMessageKind =
  | "appointment_booked"
  | "appointment_confirmed"
  | "appointment_rescheduled"
  | "appointment_cancelled"
  | "appointment_declined"
  | "appointment_reminder"
  | "booking_request";

export interface AppointmentMessageData {
  /** BCP 47 tag of the practice's locale ("en-US", "ar-EG"). */
  lang: string;
  timeZone: string;
  brand: Brand;
  patientName: string;
  serviceName: string;
  practitionerName: string | null;
  startsAt: Date;
  /** Rescheduled: where it was before. */
  previousStartsAt?: Date | null;
  /** Cancelled or declined: the reason given. */
  reason?: string | null;
  /** Booked: a request the practice has still to confirm. */
  pending?: boolean;
  links: {
    confirm?: string;
    cancel?: string;
    /** Where staff or the patient see the appointment. */
    open?: string;
    unsubscribe?: string;
  };
}

type Words = {
  subject: Record<AppointmentMessageKind, (d: AppointmentMessageData) => string>;
  lead: Record<AppointmentMessageKind, (d: AppointmentMessageData) => string>;
  greeting: (name: string) => string;
  when: string;
  was: string;
  service: string;
  doctor: string;
  reason: string;
  confirm: string;
  cancel: string;
  open: string;
  footer: (practice: string) => string;
  unsubscribe: string;
  pendingNote: string;
};

const en: Words = {
  subject: {
    appointment_booked: (d) =>
      d.pending
        ? `Appointment requested: ${d.serviceName}`
        : `Appointment booked: ${d.serviceName}`,
    appointment_confirmed: (d) => `Appointment confirmed: ${d.serviceName}`,
    appointment_rescheduled: (d) => `Appointment moved: ${d.serviceName}`,
    appointment_cancelled: (d) => `Appointment cancelled: ${d.serviceName}`,
    appointment_declined: (d) => `Appointment request declined: ${d.serviceName}`,
    appointment_reminder: (d) => `Reminder: ${d.serviceName}`,
    booking_request: (d) => `New booking request: ${d.patientName}`,
  },
  lead: {
    appointment_booked: (d) =>
      d.pending
        ? `We have your request for ${d.serviceName}. We will confirm it shortly.`
        : `Your appointment for ${d.serviceName} is booked.`,
    appointment_confirmed: (d) => `Your appointment for ${d.serviceName} is confirmed.`,
    appointment_rescheduled: (d) => `Your appointment for ${d.serviceName} has a new time.`,
    appointment_cancelled: (d) => `Your appointment for ${d.serviceName} is cancelled.`,
    appointment_declined: (d) =>
      `We are sorry: we cannot take your request for ${d.serviceName} at that time.`,
    appointment_reminder: (d) => `This is a reminder of your appointment for ${d.serviceName}.`,
    booking_request: (d) =>
      `${d.patientName} asked for ${d.serviceName}. Confirm or decline it in the requests inbox.`,
  },
  greeting: (name) => `Hello ${name},`,
  when: "When",
  was: "Was",
  service: "Service",
  doctor: "With",
  reason: "Reason",
  confirm: "Confirm I will come",
  cancel: "Cancel this appointment",
  open: "Open",
  footer: (practice) => `You receive this because you have an appointment with ${practice}.`,
  unsubscribe: "Stop these messages",
  pendingNote: "Pending confirmation",
};

const ar: Words = {
  subject: {
    appointment_booked: (d) =>
      d.pending ? `طلب موعد: ${d.serviceName}` : `تم حجز الموعد: ${d.serviceName}`,
    appointment_confirmed: (d) => `تم تأكيد الموعد: ${d.serviceName}`,
    appointment_rescheduled: (d) => `تم تغيير موعدك: ${d.serviceName}`,
    appointment_cancelled: (d) => `تم إلغاء الموعد: ${d.serviceName}`,
    appointment_declined: (d) => `تعذر قبول طلب الموعد: ${d.serviceName}`,
    appointment_reminder: (d) => `تذكير: ${d.serviceName}`,
    booking_request: (d) => `طلب حجز جديد: ${d.patientName}`,
  },
  lead: {
    appointment_booked: (d) =>
      d.pending
        ? `تلقينا طلبك لـ ${d.serviceName}. سنؤكده قريبًا.`
        : `تم حجز موعدك لـ ${d.serviceName}.`,
    appointment_confirmed: (d) => `تم تأكيد موعدك لـ ${d.serviceName}.`,
    appointment_rescheduled: (d) => `لموعدك لـ ${d.serviceName} وقت جديد.`,
    appointment_cancelled: (d) => `تم إلغاء موعدك لـ ${d.serviceName}.`,
    appointment_declined: (d) => `نعتذر، لا يمكننا قبول طلبك لـ ${d.serviceName} في هذا الوقت.`,
    appointment_reminder: (d) => `هذا تذكير بموعدك لـ ${d.serviceName}.`,
    booking_request: (d) => `طلب ${d.patientName} موعدًا لـ ${d.serviceName}.`,
  },
  greeting: (name) => `مرحبًا ${name}،`,
  when: "الموعد",
  was: "كان",
  service: "الخدمة",
  doctor: "مع",
  reason: "السبب",
  confirm: "أؤكد حضوري",
  cancel: "إلغاء الموعد",
  open: "فتح",
  footer: (practice) => `تصلك هذه الرسالة لأن لديك موعدًا لدى ${practice}.`,
  unsubscribe: "إيقاف هذه الرسائل",
  pendingNote: "بانتظار التأكيد",
};

function wordsFor(lang: string): Words {
  return lang.toLowerCase().startsWith("ar") ? ar : en;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Building a formatter costs far more than using one: one per locale and zone, kept. */
function formatterFor(lang: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${lang}|${timeZone}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat(lang, {
        dateStyle: "full",
        timeStyle: "short",
        timeZone,
      });
    } catch {
      formatter = new Intl.DateTimeFormat("en-US", {
        dateStyle: "full",
        timeStyle: "short",
        timeZone,
      });
    }
    if (formatters.size > 500) formatters.clear();
    formatters.set(key, formatter);
  }
  return formatter;
}

/** "Monday, 9 March 2026 at 10:00" in the practice's locale and zone. */
export function formatWhen(date: Date, lang: string, timeZone: string): string {
  return formatterFor(lang, timeZone).format(date);
}

export function renderAppointmentEmail(
  kind: AppointmentMessageKind,
  d: AppointmentMessageData,
): RenderedEmail {
  const w = wordsFor(d.lang);
  const details: [string, string][] = [
    [w.when, formatWhen(d.startsAt, d.lang, d.timeZone)],
    ...(d.previousStartsAt
      ? [[w.was, formatWhen(d.previousStartsAt, d.lang, d.timeZone)] as [string, string]]
      : []),
    [w.service, d.serviceName],
    ...(d.practitionerName ? [[w.doctor, d.practitionerName] as [string, string]] : []),
    ...(d.reason ? [[w.reason, d.reason] as [string, string]] : []),
  ];
  const staff = kind === "booking_request";
  return renderEmail({
    brand: d.brand,
    lang: d.lang,
    title: w.subject[kind](d),
    paragraphs: [...(staff ? [] : [w.greeting(d.patientName)]), w.lead[kind](d)],
    details,
    ...(d.links.confirm
      ? { action: { label: w.confirm, url: d.links.confirm } }
      : d.links.open
        ? { action: { label: w.open, url: d.links.open } }
        : {}),
    ...(d.links.cancel ? { secondaryAction: { label: w.cancel, url: d.links.cancel } } : {}),
    footer: [
      ...(staff ? [] : [w.footer(d.brand.name)]),
      ...(d.links.unsubscribe ? [`${w.unsubscribe}: ${d.links.unsubscribe}`] : []),
    ],
  });
}

/** One SMS (kept short: one or two segments plus links). */
export function renderAppointmentSms(kind: AppointmentMessageKind, d: AppointmentMessageData) {
  const w = wordsFor(d.lang);
  const parts = [
    `${d.brand.name}: ${w.lead[kind](d)}`,
    formatWhen(d.startsAt, d.lang, d.timeZone),
    ...(d.links.confirm ? [`${w.confirm}: ${d.links.confirm}`] : []),
    ...(d.links.cancel ? [`${w.cancel}: ${d.links.cancel}`] : []),
  ];
  return parts.join("\n");
}

/** A push notification's title and body. */
export function renderAppointmentPush(kind: AppointmentMessageKind, d: AppointmentMessageData) {
  const w = wordsFor(d.lang);
  return {
    title: w.subject[kind](d),
    body: `${formatWhen(d.startsAt, d.lang, d.timeZone)} · ${d.brand.name}`,
  };
}
