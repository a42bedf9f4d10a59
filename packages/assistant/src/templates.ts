// The assistant's replies as text, English and Arabic: one template per Reply key, filled only
// with the reply's own fields, and the widget's labels.
import type { FeatureTopic, Labels, Lang, Reply } from "./types";

type Key = Reply["key"];
type Templates = { [K in Key]: (reply: Extract<Reply, { key: K }>) => string };

const list = (lines: string[]): string => lines.map((line) => `• ${line}`).join("\n");
const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
/** "on Tuesday 8 December", but "today" and "tomorrow" as they are. */
const onDay = (day: string): string =>
  /^(today|tonight|tomorrow)$/i.test(day) ? day : `on ${day}`;

const EN_FEATURES: Record<FeatureTopic, string> = {
  ambulance: "an ambulance service",
  delivery: "home delivery",
  online_booking: "online booking",
  portal: "a patient portal",
  refills: "prescription refills",
  video: "video consultations",
};

const AR_FEATURES: Record<FeatureTopic, string> = {
  ambulance: "خدمة الإسعاف",
  delivery: "خدمة التوصيل للمنزل",
  online_booking: "خدمة الحجز عبر الإنترنت",
  portal: "خدمة بوابة المرضى",
  refills: "خدمة تجديد الوصفات الطبية",
  video: "خدمة الاستشارات بالفيديو",
};

const EN_RECORDS = { appointments: "appointments", invoices: "invoices", orders: "orders" };
const AR_RECORDS = { appointments: "مواعيدك", invoices: "فواتيرك", orders: "طلباتك" };

/** "phone / email", whichever the practice gave. */
const either = (phone: string | null, email: string | null): string =>
  [phone, email].filter((value): value is string => Boolean(value)).join(" / ");

const EN: Templates = {
  emergency: ({ flag, number, practicePhone }) =>
    [
      `This may be an emergency. Call ${number} now (emergency services). Do not wait for an appointment.`,
      flag === "suicide"
        ? "If you are thinking about ending your life, you are not alone: please call now or go to the nearest emergency department."
        : null,
      practicePhone ? `You can also call the practice on ${practicePhone}.` : null,
    ]
      .filter(Boolean)
      .join(" "),
  medicalAdvice: ({ practicePhone }) =>
    `I can't give a diagnosis or tell you a dose. A doctor or pharmacist must advise you — book a consultation${
      practicePhone ? ` or call us on ${practicePhone}` : ""
    }.`,
  greeting: ({ practice }) => `Hello! Welcome to ${practice}. How can I help you today?`,
  thanks: () => "You're welcome! Is there anything else I can help with?",
  unknown: ({ practice, phone, email }) => {
    const reach = either(phone, email);
    return `I don't know that from ${practice}'s information. Please contact the practice${
      reach ? `: ${reach}` : " directly"
    }.`;
  },
  hoursWeek: ({ practice, days }) =>
    `Opening hours at ${practice}:\n${list(days.map((d) => `${d.day}: ${d.hours ?? "closed"}`))}`,
  hoursDay: ({ day, hours, note }) =>
    `${capitalise(day)}: ${hours ? `open ${hours}` : "closed"}${note ? ` (${note})` : ""}.`,
  location: ({ practice, address }) => `${practice} is at ${address}.`,
  contact: ({ practice, phone, email }) => {
    if (phone && email) return `You can call ${practice} on ${phone} or email ${email}.`;
    if (phone) return `You can call ${practice} on ${phone}.`;
    if (email) return `You can email ${practice} at ${email}.`;
    return `${practice} has not listed a phone number or email here.`;
  },
  doctors: ({ subject, doctors }) =>
    doctors.length === 0
      ? "I couldn't find any doctors listed."
      : `${subject ? `Our doctors for ${subject}:` : "Our doctors:"}\n${list(
          doctors.map((d) => (d.specialization ? `${d.name} — ${d.specialization}` : d.name)),
        )}`,
  noDoctors: ({ subject }) => `I couldn't find a doctor for ${subject} at this practice.`,
  doctor: ({ name, specialization, department, years }) =>
    [
      specialization ? `${name} — ${specialization}.` : `${name}.`,
      department ? `Department: ${department}.` : null,
      years !== null ? `${years} ${years === 1 ? "year" : "years"} of experience.` : null,
    ]
      .filter(Boolean)
      .join(" "),
  services: ({ subject, services }) =>
    services.length === 0
      ? "I couldn't find any services listed."
      : `${subject ? `Services for ${subject}:` : "Our services:"}\n${list(
          services.map((s) => `${s.name} — ${s.price} (${s.minutes} min)`),
        )}`,
  price: ({ service, price, minutes }) =>
    `${service} costs ${price} and takes about ${minutes} minutes.`,
  freeTimes: ({ subject, day, times }) =>
    times.length === 0
      ? `There are no free times for ${subject} ${onDay(day)}.`
      : `Free times for ${subject} ${onDay(day)}: ${times.join(", ")}. Which time suits you?`,
  noFreeTimes: ({ subject, day, next }) =>
    `There are no free times for ${subject} ${onDay(day)}.${next ? ` The next free day is ${next}.` : ""}`,
  whichService: ({ services }) =>
    services.length === 0
      ? "Which service would you like to book?"
      : `Which service would you like to book? For example: ${services.join(", ")}.`,
  products: ({ items }) =>
    items.length === 0
      ? "I couldn't find that product."
      : list(
          items.map(
            (p) =>
              `${p.name} — ${p.price} (${p.available ? "in stock" : "out of stock"}${
                p.prescription ? ", prescription needed" : ""
              })`,
          ),
        ),
  noProducts: ({ query }) => `I couldn't find “${query}” among this practice's products.`,
  myAppointments: ({ items }) =>
    `Your appointments:\n${list(
      items.map(
        (a) => `${a.when} — ${a.service}${a.doctor ? ` with ${a.doctor}` : ""} (${a.status})`,
      ),
    )}`,
  noAppointments: () => "You have no upcoming appointments.",
  myInvoices: ({ items }) =>
    `Your invoices:\n${list(items.map((i) => `${i.number} — ${i.total}, due ${i.due} (${i.status})`))}`,
  noInvoices: () => "You have no invoices.",
  myOrders: ({ items }) =>
    `Your orders:\n${list(items.map((o) => `${o.number} — ${o.status}, ${o.total}`))}`,
  noOrders: () => "You have no orders.",
  signIn: ({ what }) => `To see your ${EN_RECORDS[what]}, please sign in to the patient portal.`,
  feature: ({ feature, offered, practice }) =>
    offered
      ? `Yes, ${practice} offers ${EN_FEATURES[feature]}.`
      : `Sorry, ${practice} does not offer ${EN_FEATURES[feature]}.`,
  faq: ({ answer }) => answer.trim(),
  handoverOffer: () =>
    "Would you like to talk to someone at the practice? I can pass this conversation to the team.",
  handedOver: ({ practice }) =>
    `I've passed your conversation to the team at ${practice}. Someone will reply here as soon as they can.`,
  deleted: () => "Your conversation has been deleted.",
};

const AR: Templates = {
  emergency: ({ flag, number, practicePhone }) =>
    [
      `قد تكون هذه حالة طارئة. اتصل بالرقم ${number} الآن (خدمات الطوارئ). لا تنتظر موعدًا.`,
      flag === "suicide"
        ? "إذا كنت تفكر في إنهاء حياتك فأنت لست وحدك: اتصل الآن أو اذهب إلى أقرب قسم طوارئ."
        : null,
      practicePhone ? `يمكنك أيضًا الاتصال بالعيادة على ${practicePhone}.` : null,
    ]
      .filter(Boolean)
      .join(" "),
  medicalAdvice: ({ practicePhone }) =>
    `لا أستطيع تقديم تشخيص أو تحديد جرعة. يجب أن يرشدك طبيب أو صيدلي — احجز استشارة${
      practicePhone ? ` أو اتصل بنا على ${practicePhone}` : ""
    }.`,
  greeting: ({ practice }) => `أهلًا بك في ${practice}! كيف يمكنني مساعدتك؟`,
  thanks: () => "العفو! هل يمكنني مساعدتك في شيء آخر؟",
  unknown: ({ practice, phone, email }) => {
    const reach = either(phone, email);
    return `لا أعرف ذلك من معلومات ${practice}. ${
      reach ? `يرجى التواصل مع العيادة: ${reach}.` : "يرجى التواصل مع العيادة مباشرة."
    }`;
  },
  hoursWeek: ({ practice, days }) =>
    `مواعيد عمل ${practice}:\n${list(days.map((d) => `${d.day}: ${d.hours ?? "مغلق"}`))}`,
  hoursDay: ({ day, hours, note }) =>
    `${day}: ${hours ? `مفتوح ${hours}` : "مغلق"}${note ? ` (${note})` : ""}.`,
  location: ({ practice, address }) => `عنوان ${practice}: ${address}.`,
  contact: ({ practice, phone, email }) => {
    if (phone && email)
      return `يمكنك التواصل مع ${practice} على الرقم ${phone} أو عبر البريد ${email}.`;
    if (phone) return `يمكنك التواصل مع ${practice} على الرقم ${phone}.`;
    if (email) return `يمكنك مراسلة ${practice} عبر البريد ${email}.`;
    return `لا يوجد رقم هاتف أو بريد إلكتروني منشور لـ${practice}.`;
  },
  doctors: ({ subject, doctors }) =>
    doctors.length === 0
      ? "لم أجد أطباء مسجلين."
      : `${subject ? `أطباء ${subject}:` : "أطباؤنا:"}\n${list(
          doctors.map((d) => (d.specialization ? `${d.name} — ${d.specialization}` : d.name)),
        )}`,
  noDoctors: ({ subject }) => `لم أجد طبيبًا لـ${subject} في هذه العيادة.`,
  doctor: ({ name, specialization, department, years }) =>
    [
      specialization ? `${name} — ${specialization}.` : `${name}.`,
      department ? `القسم: ${department}.` : null,
      years !== null ? `سنوات الخبرة: ${years}.` : null,
    ]
      .filter(Boolean)
      .join(" "),
  services: ({ subject, services }) =>
    services.length === 0
      ? "لم أجد خدمات مسجلة."
      : `${subject ? `خدمات ${subject}:` : "خدماتنا:"}\n${list(
          services.map((s) => `${s.name} — ${s.price} (${s.minutes} دقيقة)`),
        )}`,
  price: ({ service, price, minutes }) =>
    `${service}: السعر ${price}، والمدة حوالي ${minutes} دقيقة.`,
  freeTimes: ({ subject, day, times }) =>
    times.length === 0
      ? `${day}: لا توجد مواعيد متاحة لـ${subject}.`
      : `المواعيد المتاحة لـ${subject} — ${day}: ${times.join("، ")}. أي موعد يناسبك؟`,
  noFreeTimes: ({ subject, day, next }) =>
    `${day}: لا توجد مواعيد متاحة لـ${subject}.${next ? ` أقرب يوم متاح: ${next}.` : ""}`,
  whichService: ({ services }) =>
    services.length === 0
      ? "ما الخدمة التي تريد حجزها؟"
      : `ما الخدمة التي تريد حجزها؟ مثلًا: ${services.join("، ")}.`,
  products: ({ items }) =>
    items.length === 0
      ? "لم أجد هذا المنتج."
      : list(
          items.map(
            (p) =>
              `${p.name} — ${p.price} (${p.available ? "متوفر" : "غير متوفر حاليًا"}${
                p.prescription ? "، يحتاج وصفة طبية" : ""
              })`,
          ),
        ),
  noProducts: ({ query }) => `لم أجد «${query}» بين منتجات العيادة.`,
  myAppointments: ({ items }) =>
    `مواعيدك:\n${list(
      items.map(
        (a) => `${a.when} — ${a.service}${a.doctor ? ` مع ${a.doctor}` : ""} (${a.status})`,
      ),
    )}`,
  noAppointments: () => "ليس لديك مواعيد قادمة.",
  myInvoices: ({ items }) =>
    `فواتيرك:\n${list(items.map((i) => `${i.number} — ${i.total}، تاريخ الاستحقاق ${i.due} (${i.status})`))}`,
  noInvoices: () => "ليس لديك فواتير.",
  myOrders: ({ items }) =>
    `طلباتك:\n${list(items.map((o) => `${o.number} — ${o.status}، ${o.total}`))}`,
  noOrders: () => "ليس لديك طلبات.",
  signIn: ({ what }) => `لعرض ${AR_RECORDS[what]}، يرجى تسجيل الدخول إلى بوابة المرضى.`,
  feature: ({ feature, offered, practice }) =>
    offered
      ? `نعم، ${AR_FEATURES[feature]} متوفرة لدى ${practice}.`
      : `عذرًا، ${AR_FEATURES[feature]} غير متوفرة لدى ${practice}.`,
  faq: ({ answer }) => answer.trim(),
  handoverOffer: () => "هل تريد التحدث مع أحد موظفي العيادة؟ يمكنني تحويل هذه المحادثة إلى الفريق.",
  handedOver: ({ practice }) =>
    `حوّلت محادثتك إلى فريق ${practice}. سيرد عليك أحدهم هنا في أقرب وقت.`,
  deleted: () => "تم حذف محادثتك.",
};

const TEMPLATES: Record<Lang, Templates> = { en: EN, ar: AR };

/** A reply as text in the visitor's language, built only from the reply's fields. */
export function say(lang: Lang, reply: Reply): string {
  const render = TEMPLATES[lang][reply.key] as (reply: Reply) => string;
  return render(reply);
}

const LABELS: Record<Lang, Labels> = {
  en: {
    book: "Book",
    call: "Call",
    handover: "Talk to a person",
    source: "Source",
    emergencyCall: "Call emergency services",
  },
  ar: {
    book: "احجز",
    call: "اتصل",
    handover: "التحدث مع موظف",
    source: "المصدر",
    emergencyCall: "اتصل بالطوارئ",
  },
};

/** The widget's button and link labels in a language. */
export function labels(lang: Lang): Labels {
  return LABELS[lang];
}
