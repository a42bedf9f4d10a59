// The messages of prescription refills: the practice hears a patient asked for one (in-app),
// the patient hears what was decided (email and in-app). English, and Arabic for `ar` tags.
// Rendered when queued into the notification's subject and text.

export interface RefillRequestedData {
  /** BCP 47 tag of the practice's language. */
  lang: string;
  patientName: string;
  /** "Aspirin 75 mg", or null for an uploaded prescription. */
  medicine: string | null;
}

export type RefillOutcome = "order" | "pickup" | "declined";

export interface RefillDecidedData {
  lang: string;
  practiceName: string;
  patientName: string | null;
  medicine: string | null;
  outcome: RefillOutcome;
  /** The order's number when the refill became an order. */
  orderNumber?: number | null;
  /** The doctor's or pharmacist's note. */
  note?: string | null;
}

export interface RefillMessage {
  subject: string;
  text: string;
}

const isArabic = (lang: string) => lang.trim().toLowerCase().startsWith("ar");

export function renderRefillRequested(data: RefillRequestedData): RefillMessage {
  if (isArabic(data.lang)) {
    const what = data.medicine ? `تجديد ${data.medicine}` : "تجديد وصفة مرفوعة";
    return {
      subject: `طلب تجديد وصفة: ${data.patientName}`,
      text: `طلب ${data.patientName} ${what}. وافق عليه أو ارفضه من قائمة طلبات التجديد.`,
    };
  }
  const what = data.medicine
    ? `a refill of ${data.medicine}`
    : "a refill of an uploaded prescription";
  return {
    subject: `Refill request: ${data.patientName}`,
    text: `${data.patientName} asked for ${what}. Approve or decline it in the refill requests.`,
  };
}

export function renderRefillDecided(data: RefillDecidedData): RefillMessage {
  const ar = isArabic(data.lang);
  const medicine = data.medicine ?? (ar ? "وصفتك" : "your prescription");
  const greeting = data.patientName
    ? ar
      ? `مرحبًا ${data.patientName}،`
      : `Hello ${data.patientName},`
    : ar
      ? "مرحبًا،"
      : "Hello,";
  let subject: string;
  let body: string;
  if (ar) {
    if (data.outcome === "declined") {
      subject = `لم تتم الموافقة على تجديد ${medicine}`;
      body = `لم توافق ${data.practiceName} على طلب تجديد ${medicine}.`;
    } else if (data.outcome === "order") {
      subject = `تمت الموافقة على تجديد ${medicine}`;
      body = `وافقت ${data.practiceName} على طلب تجديد ${medicine} وأنشأت الطلب رقم ${data.orderNumber ?? ""}. تابعه في البوابة.`;
    } else {
      subject = `تمت الموافقة على تجديد ${medicine}`;
      body = `وافقت ${data.practiceName} على طلب تجديد ${medicine}. إنه جاهز للاستلام من مكتب الاستقبال.`;
    }
  } else if (data.outcome === "declined") {
    subject = `Your refill of ${medicine} was declined`;
    body = `${data.practiceName} declined your request to refill ${medicine}.`;
  } else if (data.outcome === "order") {
    subject = `Your refill of ${medicine} is approved`;
    body = `${data.practiceName} approved your request to refill ${medicine} and made it order #${data.orderNumber ?? ""}. Follow it in the portal.`;
  } else {
    subject = `Your refill of ${medicine} is approved`;
    body = `${data.practiceName} approved your request to refill ${medicine}. It is ready to collect at the desk.`;
  }
  const note = data.note ? (ar ? `ملاحظة: ${data.note}` : `Note: ${data.note}`) : null;
  return { subject, text: [greeting, body, note].filter(Boolean).join("\n\n") };
}
