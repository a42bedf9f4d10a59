// Arabic messages of the portal's reviews page (what a patient reads); spread into ar.ts. The
// staff's moderation queue stays in English (staff keys fall back).
import type { PartialCatalog } from "./catalog";

export const arReviews = {
  "portalReviews.nav": "التقييمات",
  "portalReviews.title": "التقييمات",
  "portalReviews.lead":
    "أخبر الآخرين عن زياراتك إلى {organization}. تقرأ العيادة كل تقييم قبل أن يظهر على موقعها، مع اسمك الأول والحرف الأول من اسم العائلة فقط.",
  "portalReviews.visits.title": "زيارات يمكنك تقييمها",
  "portalReviews.visits.empty": "لا توجد زيارات لتقييمها",
  "portalReviews.visits.empty.body":
    "بعد أن تتم زيارتك يمكنك تقييمها هنا. تُقيَّم كل زيارة مرة واحدة.",
  "portalReviews.visit": "{service} في {date}",
  "portalReviews.visit.doctor": "مع {doctor}",
  "portalReviews.rating": "تقييمك",
  "portalReviews.stars.1": "نجمة واحدة",
  "portalReviews.stars.2": "نجمتان",
  "portalReviews.stars.3": "3 نجوم",
  "portalReviews.stars.4": "4 نجوم",
  "portalReviews.stars.5": "5 نجوم",
  "portalReviews.body": "تقييمك بالكلمات",
  "portalReviews.body.hint":
    "10 أحرف على الأقل. يُرجى عدم كتابة أرقام هواتف أو عناوين بريد إلكتروني أو روابط.",
  "portalReviews.submit": "إرسال التقييم",
  "portalReviews.sent": "شكرًا لك. سيظهر تقييمك بعد أن تقرأه العيادة.",
  "portalReviews.mine.title": "تقييماتك",
  "portalReviews.mine.empty": "لم تكتب أي تقييم بعد",
  "portalReviews.status.pending": "بانتظار المراجعة",
  "portalReviews.status.published": "منشور",
  "portalReviews.status.hidden": "غير منشور",
  "portalReviews.reply": "ردّ العيادة",
  "portalReviews.off": "التقييمات غير متاحة",
  "portalReviews.off.body": "لا تجمع هذه العيادة التقييمات عبر الإنترنت.",
} satisfies PartialCatalog;
