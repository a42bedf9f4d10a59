// The booking island's words, English and Arabic. The page passes its own catalogue's strings
// in the island's props (`messages`, same keys); these are the fallback when a key is missing.

export const islandMessagesEn = {
  "book.zone": "Times in {zone}",
  "book.service": "Service",
  "book.chooseService": "Choose a service",
  "book.doctor": "Doctor",
  "book.anyDoctor": "Any doctor",
  "book.minutes": "{minutes} min",
  "book.noServices": "This practice has nothing to book online yet",
  "book.day": "Day",
  "book.times": "Free times",
  "book.free": "{count} free",
  "book.prevWeek": "Previous week",
  "book.nextWeek": "Next week",
  "book.noSlots": "No free times this week. Try the next week or another doctor.",
  "book.loading": "Finding free times…",
  "book.loadError": "The free times could not be loaded.",
  "book.retry": "Try again",
  "book.when": "When",
  "book.details": "Your details",
  "book.firstName": "First name",
  "book.lastName": "Last name",
  "book.mobile": "Mobile number",
  "book.mobileHint": "We use it to find your record and to reach you about this visit.",
  "book.email": "Email (optional)",
  "book.firstNameRequired": "Enter a first name",
  "book.lastNameRequired": "Enter a last name",
  "book.mobileRequired": "Enter a mobile number",
  "book.submit": "Request this appointment",
  "book.sending": "Sending…",
  "book.change": "Choose another time",
  "book.network": "We couldn't reach the practice. Check your connection and try again.",
  "book.takenTitle": "That slot was just taken",
  "book.takenBody": "Someone booked it a moment ago. These times are still free:",
  "book.takenNone": "No other free time was found nearby. Choose another time.",
  "book.offGridTitle": "Choose one of the scheduled times",
  "book.alternative": "Book {time} instead",
  "book.doneTitle": "Appointment requested",
  "book.doneBody": "{service} on {time}. The practice will confirm it with you.",
  "book.reference": "Reference",
  "book.doneStatus": "Status: waiting for the practice to confirm",
  "book.again": "Book another appointment",
} as const;

export type IslandMessageKey = keyof typeof islandMessagesEn;

export const islandMessagesAr: Record<IslandMessageKey, string> = {
  "book.zone": "الأوقات بتوقيت {zone}",
  "book.service": "الخدمة",
  "book.chooseService": "اختر خدمة",
  "book.doctor": "الطبيب",
  "book.anyDoctor": "أي طبيب",
  "book.minutes": "{minutes} دقيقة",
  "book.noServices": "لا يوجد لدى هذه العيادة ما يمكن حجزه عبر الإنترنت بعد",
  "book.day": "اليوم",
  "book.times": "الأوقات المتاحة",
  "book.free": "{count} متاح",
  "book.prevWeek": "الأسبوع السابق",
  "book.nextWeek": "الأسبوع التالي",
  "book.noSlots": "لا توجد أوقات متاحة هذا الأسبوع. جرّب الأسبوع التالي أو طبيبًا آخر.",
  "book.loading": "جارٍ البحث عن الأوقات المتاحة…",
  "book.loadError": "تعذّر تحميل الأوقات المتاحة.",
  "book.retry": "حاول مرة أخرى",
  "book.when": "الموعد",
  "book.details": "بياناتك",
  "book.firstName": "الاسم الأول",
  "book.lastName": "اسم العائلة",
  "book.mobile": "رقم الجوال",
  "book.mobileHint": "نستخدمه للعثور على ملفك وللتواصل معك بشأن هذه الزيارة.",
  "book.email": "البريد الإلكتروني (اختياري)",
  "book.firstNameRequired": "أدخل الاسم الأول",
  "book.lastNameRequired": "أدخل اسم العائلة",
  "book.mobileRequired": "أدخل رقم الجوال",
  "book.submit": "اطلب هذا الموعد",
  "book.sending": "جارٍ الإرسال…",
  "book.change": "اختر وقتًا آخر",
  "book.network": "تعذّر الوصول إلى العيادة. تحقّق من اتصالك وحاول مرة أخرى.",
  "book.takenTitle": "حُجز هذا الوقت للتو",
  "book.takenBody": "حجزه شخص آخر قبل لحظات. هذه الأوقات ما زالت متاحة:",
  "book.takenNone": "لم نجد وقتًا متاحًا قريبًا. اختر وقتًا آخر.",
  "book.offGridTitle": "اختر أحد الأوقات المحددة",
  "book.alternative": "احجز {time} بدلًا منه",
  "book.doneTitle": "تم طلب الموعد",
  "book.doneBody": "{service} في {time}. ستؤكده العيادة معك.",
  "book.reference": "الرقم المرجعي",
  "book.doneStatus": "الحالة: بانتظار تأكيد العيادة",
  "book.again": "احجز موعدًا آخر",
};

export type Translate = (key: IslandMessageKey, values?: Record<string, string | number>) => string;

/** `t(key, values)` over the page's strings, falling back to this file's for the language. */
export function translator(
  lang: "en" | "ar",
  given: Record<string, string> | undefined,
): Translate {
  const fallback: Record<string, string> = lang === "ar" ? islandMessagesAr : islandMessagesEn;
  return (key, values) => {
    const template = given?.[key] ?? fallback[key] ?? key;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      values && name in values ? String(values[name]) : whole,
    );
  };
}
