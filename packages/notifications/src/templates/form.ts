// The message that sends a patient a form to fill in (a medical history), by email or SMS.
// English, and Arabic for `ar` tags. The link is minted by the delivery job and arrives here
// ready to use; nothing here stores or logs it.
import { renderEmail, type Brand, type RenderedEmail } from "./layout";

export interface FormRequestMessageData {
  /** BCP 47 tag of the practice's language. */
  lang: string;
  /** The practice (its sender name): who the message is from. */
  brand: Brand;
  patientName: string | null;
  formTitle: string;
  link: string;
  expiresAt: Date;
}

interface Wording {
  greeting: (name: string | null) => string;
  title: (form: string) => string;
  body: (practice: string, form: string) => string;
  dob: string;
  action: string;
  expires: (when: string) => string;
  footer: (practice: string) => string;
  sms: (practice: string, form: string, link: string, when: string) => string;
}

const wordings: Record<"en" | "ar", Wording> = {
  en: {
    greeting: (name) => (name ? `Hello ${name},` : "Hello,"),
    title: (form) => `Please fill in: ${form}`,
    body: (practice, form) =>
      `${practice} asks you to fill in and sign "${form}" before your visit. It takes a few minutes on your phone.`,
    dob: "You will be asked for your date of birth to open it.",
    action: "Fill in the form",
    expires: (when) => `This link works until ${when} and can be used once.`,
    footer: (practice) => `You received this because you are a patient of ${practice}.`,
    sms: (practice, form, link, when) =>
      `${practice}: please fill in and sign "${form}": ${link} (until ${when}; you will be asked for your date of birth)`,
  },
  ar: {
    greeting: (name) => (name ? `مرحبًا ${name}،` : "مرحبًا،"),
    title: (form) => `يرجى تعبئة: ${form}`,
    body: (practice, form) =>
      `تطلب منك ${practice} تعبئة "${form}" وتوقيعه قبل زيارتك. يستغرق ذلك بضع دقائق على هاتفك.`,
    dob: "سيُطلب منك تاريخ ميلادك لفتحه.",
    action: "تعبئة النموذج",
    expires: (when) => `يعمل هذا الرابط حتى ${when} ويمكن استخدامه مرة واحدة.`,
    footer: (practice) => `وصلتك هذه الرسالة لأنك مريض لدى ${practice}.`,
    sms: (practice, form, link, when) =>
      `${practice}: يرجى تعبئة "${form}" وتوقيعه: ${link} (حتى ${when}؛ سيُطلب تاريخ ميلادك)`,
  },
};

function wordingFor(lang: string) {
  return lang.trim().toLowerCase().startsWith("ar") ? wordings.ar : wordings.en;
}

function formatDay(at: Date, lang: string): string {
  try {
    return new Intl.DateTimeFormat(lang, { dateStyle: "long", timeZone: "UTC" }).format(at);
  } catch {
    return at.toISOString().slice(0, 10);
  }
}

export function renderFormRequestEmail(data: FormRequestMessageData): RenderedEmail {
  const w = wordingFor(data.lang);
  return renderEmail({
    brand: data.brand,
    lang: data.lang,
    title: w.title(data.formTitle),
    paragraphs: [
      w.greeting(data.patientName),
      w.body(data.brand.name, data.formTitle),
      w.dob,
      w.expires(formatDay(data.expiresAt, data.lang)),
    ],
    action: { label: w.action, url: data.link },
    footer: [w.footer(data.brand.name)],
  });
}

export function renderFormRequestSms(data: FormRequestMessageData): string {
  const w = wordingFor(data.lang);
  return w.sms(data.brand.name, data.formTitle, data.link, formatDay(data.expiresAt, data.lang));
}
