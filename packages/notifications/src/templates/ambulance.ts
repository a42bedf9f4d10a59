// Ambulance messages: the requester hears of each step (by SMS, and in the portal's notification
// centre when they asked signed in), staff who dispatch hear of a new request; in the
// practice's language.

export type AmbulanceStep =
  "requested" | "dispatched" | "en_route" | "arrived" | "completed" | "cancelled";

export interface AmbulanceMessageData {
  /** BCP 47 tag of the practice's locale ("en-GB", "ar-EG"). */
  lang: string;
  practiceName: string;
  /** The short reference the requester was given. */
  reference: string;
  step: AmbulanceStep;
  vehicle?: string | null;
  reason?: string | null;
  /** The practice's phone, for the requester to call. */
  practicePhone?: string | null;
}

type Words = {
  title: Record<AmbulanceStep, string>;
  text: Record<AmbulanceStep, (d: AmbulanceMessageData) => string>;
  call: (phone: string) => string;
  staffTitle: string;
  staffText: (d: { requesterName: string; where: string }) => string;
};

const en: Words = {
  title: {
    requested: "Ambulance request received",
    dispatched: "Ambulance dispatched",
    en_route: "Ambulance on its way",
    arrived: "Ambulance arrived",
    completed: "Ambulance request completed",
    cancelled: "Ambulance request cancelled",
  },
  text: {
    requested: (d) => `${d.practiceName}: we have your ambulance request ${d.reference}.`,
    dispatched: (d) =>
      `${d.practiceName}: an ambulance${d.vehicle ? ` (${d.vehicle})` : ""} is assigned to your request ${d.reference}.`,
    en_route: (d) => `${d.practiceName}: the ambulance for request ${d.reference} is on its way.`,
    arrived: (d) => `${d.practiceName}: the ambulance for request ${d.reference} has arrived.`,
    completed: (d) => `${d.practiceName}: your ambulance request ${d.reference} is completed.`,
    cancelled: (d) =>
      `${d.practiceName}: your ambulance request ${d.reference} was cancelled${d.reason ? `: ${d.reason}` : "."}`,
  },
  call: (phone) => ` Call ${phone} if you need us.`,
  staffTitle: "New ambulance request",
  staffText: (d) =>
    `${d.requesterName} asked for an ambulance (${d.where}). Open the dispatch board.`,
};

const ar: Words = {
  title: {
    requested: "تم استلام طلب الإسعاف",
    dispatched: "تم إرسال سيارة الإسعاف",
    en_route: "سيارة الإسعاف في الطريق",
    arrived: "وصلت سيارة الإسعاف",
    completed: "اكتمل طلب الإسعاف",
    cancelled: "تم إلغاء طلب الإسعاف",
  },
  text: {
    requested: (d) => `${d.practiceName}: تلقينا طلب الإسعاف ${d.reference}.`,
    dispatched: (d) =>
      `${d.practiceName}: تم تخصيص سيارة إسعاف${d.vehicle ? ` (${d.vehicle})` : ""} لطلبك ${d.reference}.`,
    en_route: (d) => `${d.practiceName}: سيارة الإسعاف للطلب ${d.reference} في الطريق إليك.`,
    arrived: (d) => `${d.practiceName}: وصلت سيارة الإسعاف للطلب ${d.reference}.`,
    completed: (d) => `${d.practiceName}: اكتمل طلب الإسعاف ${d.reference}.`,
    cancelled: (d) =>
      `${d.practiceName}: تم إلغاء طلب الإسعاف ${d.reference}${d.reason ? `: ${d.reason}` : "."}`,
  },
  call: (phone) => ` اتصل على ${phone} عند الحاجة.`,
  staffTitle: "طلب إسعاف جديد",
  staffText: (d) => `طلب ${d.requesterName} سيارة إسعاف (${d.where}). افتح لوحة الإرسال.`,
};

function wordsFor(lang: string): Words {
  return lang.toLowerCase().startsWith("ar") ? ar : en;
}

/** The SMS the requester receives at a step (one short text). */
export function renderAmbulanceSms(d: AmbulanceMessageData): string {
  const w = wordsFor(d.lang);
  const call = d.practicePhone && d.step !== "completed" ? w.call(d.practicePhone) : "";
  return `${w.text[d.step](d)}${call}`;
}

/** The requester's in-app message (the portal's notification centre). */
export function renderAmbulanceInApp(d: AmbulanceMessageData): { title: string; body: string } {
  const w = wordsFor(d.lang);
  return { title: w.title[d.step], body: w.text[d.step](d) };
}

/** What staff who dispatch read in their notification centre about a new request. */
export function renderAmbulanceRequested(
  lang: string,
  d: { requesterName: string; where: string },
): { title: string; body: string } {
  const w = wordsFor(lang);
  return { title: w.staffTitle, body: w.staffText(d) };
}
