// Arabic messages of sign-in with OpenID Connect providers that patients read (sign-in, sign-up,
// invitation and the confirm screen); spread into ar.ts. The account page's keys fall back.
import type { PartialCatalog } from "./catalog";

export const arSignInMethods = {
  "auth.oidc.continueWith": "المتابعة باستخدام {provider}",
  "auth.oidc.or": "أو",
  "auth.oidc.failed": "لم يكتمل تسجيل الدخول",
  "auth.oidc.confirm.title": "ربط {provider} بحسابك",
  "auth.oidc.confirm.lead":
    "يقول {provider} إن العنوان {email} لك، وهناك حساب في Caredesk يستخدم هذا العنوان. أدخل كلمة مرور الحساب لربط {provider} به؛ بعد ذلك يمكنك تسجيل الدخول بأيٍّ منهما.",
  "auth.oidc.confirm.account": "حساب Caredesk: {email}",
  "auth.oidc.confirm.submit": "الربط وتسجيل الدخول",
  "auth.oidc.confirm.cancel": "إلغاء",
  "auth.oidc.confirm.noPassword":
    "لا توجد كلمة مرور لهذا الحساب. سجّل الدخول بالمزوّد الذي يستخدمه، ثم اربط {provider} من صفحة حسابك.",
  "auth.oidc.confirm.invalid": "انتهت صلاحية هذا الرابط أو سبق استخدامه",
  "auth.oidc.confirm.invalidBody": "ابدأ من جديد من صفحة تسجيل الدخول.",
} as const satisfies PartialCatalog;
