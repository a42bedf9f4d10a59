// Arabic (Modern Standard, as a clinic prints it). What a patient sees is translated; keys of
// the staff workspace may be missing and are then written in English (locales/index.ts).
// Plurals: Intl.PluralRules("ar") picks zero (0), one (1), two (2), few (3–10),
// many (11–99) or other (100, 0.5, …).
import { arAmbulance } from "./ar-ambulance";
import { arAssistant } from "./ar-assistant";
import { arAuth } from "./ar-auth";
import type { PartialCatalog } from "./catalog";
import { arOrders } from "./ar-orders";
import { arPortal } from "./ar-portal";
import { arRefills } from "./ar-refills";
import { arSignInMethods } from "./ar-sign-in-methods";
import { arReviews } from "./ar-reviews";

export const ar = {
  ...arAmbulance,
  ...arAssistant,
  ...arAuth,
  ...arOrders,
  ...arPortal,
  ...arRefills,
  ...arSignInMethods,
  ...arReviews,
  "app.name": "Caredesk",
  "language.label": "اللغة",

  "ui.loading": "جارٍ التحميل…",
  "ui.retry": "حاول مرة أخرى",
  "ui.cancel": "إلغاء",
  "ui.close": "إغلاق",
  "ui.confirm": "تأكيد",
  "ui.loadMore": "عرض المزيد",
  "ui.skipToContent": "الانتقال إلى المحتوى",
  "ui.mainNav": "القائمة الرئيسية",
  "ui.error.title": "حدث خطأ ما",
  "ui.error.network": "تعذّر الاتصال بـ Caredesk. تحقّق من اتصالك وحاول مرة أخرى.",
  "ui.error.unknown": "حدث خطأ ما. يُرجى المحاولة مرة أخرى.",
  "ui.search": "بحث",
  "ui.showing": {
    zero: "لا توجد نتائج",
    one: "عرض نتيجة واحدة",
    two: "عرض نتيجتين",
    few: "عرض {count} نتائج",
    many: "عرض {count} نتيجة",
    other: "عرض {count} نتيجة",
  },

  "nav.signOut": "تسجيل الخروج",
  "workspace.switcher": "المنشأة الحالية",

  "common.active": "نشط",
  "common.archived": "مؤرشف",
  "common.archive": "أرشفة",
  "common.restore": "استعادة",
  "common.edit": "تعديل",
  "common.save": "حفظ التغييرات",
  "common.none": "لا يوجد",
  "common.showArchived": "عرض المؤرشف",
  "common.editNamed": "تعديل {name}",
  "common.archiveNamed": "أرشفة {name}",
  "common.restoreNamed": "استعادة {name}",
  "common.col.status": "الحالة",
  "common.col.actions": "الإجراءات",

  "org.kind.hospital": "مستشفى",
  "org.kind.clinic": "عيادة",
  "org.kind.dental": "عيادة أسنان",
  "org.kind.pharmacy": "صيدلية",
  "role.owner": "مالك",
  "role.admin": "مسؤول",
  "role.manager": "مدير",
  "role.doctor": "طبيب",
  "role.pharmacist": "صيدلي",
  "role.staff": "موظف",
  "role.patient": "مريض",

  "notFound.title": "الصفحة غير موجودة",
  "notFound.body": "الصفحة التي تبحث عنها غير موجودة أو نُقلت إلى مكان آخر.",
  "notFound.home": "الانتقال إلى الصفحة الرئيسية",

  "public.services": "الخدمات",
  "public.doctors": "الأطباء",
  "public.departments": "الأقسام",
  "public.noServices": "لا تتيح هذه العيادة الحجز عبر الإنترنت بعد",
  "public.noDoctors": "لم يُدرج أي طبيب بعد",
  "public.hours": "مواعيد العمل",
  "public.hours.lead": "الأسبوع القادم، بتوقيت {zone}",
  "public.hours.closed": "مغلق",
  "public.hours.today": "اليوم",
  "public.book.title": "احجز موعدًا",
  "public.book.lead": "اختر الخدمة والطبيب والموعد، ثم عرّفنا بنفسك.",
  "public.book.details": "بياناتك",
  "public.book.firstName": "الاسم الأول",
  "public.book.lastName": "اسم العائلة",
  "public.book.mobile": "رقم الهاتف المحمول",
  "public.book.mobileHint": "نستخدمه للعثور على ملفك وللتواصل معك بشأن هذه الزيارة.",
  "public.book.email": "البريد الإلكتروني (اختياري)",
  "public.book.submit": "طلب هذا الموعد",
  "public.book.change": "اختر وقتًا آخر",
  "public.done.title": "تم طلب الموعد",
  "public.done.body": "{service} في {time}. ستتواصل معك العيادة لتأكيده.",
  "public.done.reference": "الرقم المرجعي",
  "public.done.status": "الحالة: بانتظار تأكيد العيادة",
  "public.done.again": "حجز موعد آخر",
  "public.notFound.title": "العيادة غير موجودة",
  "public.notFound.body": "لا توجد عيادة على هذا العنوان. تحقّق من الرابط الذي وصلك.",

  "duration.minutes": {
    zero: "{count} دقيقة",
    one: "دقيقة واحدة",
    two: "دقيقتان",
    few: "{count} دقائق",
    many: "{count} دقيقة",
    other: "{count} دقيقة",
  },
  "duration.hours": {
    zero: "{count} ساعة",
    one: "ساعة واحدة",
    two: "ساعتان",
    few: "{count} ساعات",
    many: "{count} ساعة",
    other: "{count} ساعة",
  },
  "duration.days": {
    zero: "{count} يوم",
    one: "يوم واحد",
    two: "يومان",
    few: "{count} أيام",
    many: "{count} يومًا",
    other: "{count} يوم",
  },
} as const satisfies PartialCatalog;
