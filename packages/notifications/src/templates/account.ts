// Account messages: password reset, email verification, "you already have an account", and
// invitations to join a practice as a member or as a patient. English, and Arabic for `ar`
// tags; any other language falls back to English. The link is minted by the delivery job and
// arrives here ready to use; nothing here stores or logs it.
import { renderEmail, type Brand, type RenderedEmail } from "./layout";

export type AccountEmailKind =
  | "password_reset"
  | "email_verification"
  | "account_exists"
  | "member_invitation"
  | "patient_invitation";

export interface AccountEmailData {
  /** BCP 47 tag of the reader's language ("en-GB", "ar-EG"). */
  lang: string;
  brand: Brand;
  recipientName: string | null;
  /** The absolute URL the message's button leads to, token included. */
  link: string;
  organizationName?: string | undefined;
  /** A member role ("doctor", "staff"…), for member invitations. */
  role?: string | undefined;
  inviterName?: string | undefined;
  /** When the link stops working. */
  expiresAt?: Date | undefined;
}

type Language = "en" | "ar";

interface Wording {
  greeting: (name: string | null) => string;
  roles: Record<string, string>;
  someone: string;
  aPractice: string;
  expires: (when: string) => string;
  ignore: string;
  footer: (brand: string) => string;
  password_reset: { title: string; body: string; action: string };
  email_verification: { title: string; body: string; action: string };
  account_exists: { title: string; body: string; action: string; signIn: string };
  member_invitation: {
    title: (org: string) => string;
    body: (inviter: string, org: string, role: string) => string;
    action: string;
  };
  patient_invitation: {
    title: (org: string) => string;
    body: (org: string) => string;
    action: string;
  };
}

const wordings: Record<Language, Wording> = {
  en: {
    greeting: (name) => (name ? `Hello ${name},` : "Hello,"),
    roles: {
      owner: "owner",
      admin: "administrator",
      manager: "manager",
      doctor: "doctor",
      staff: "staff member",
      patient: "patient",
    },
    someone: "A colleague",
    aPractice: "a practice",
    expires: (when) => `This link works until ${when}.`,
    ignore: "If you did not ask for this, you can ignore this email; nothing will change.",
    footer: (brand) => `You received this email because of an account at ${brand}.`,
    password_reset: {
      title: "Reset your password",
      body: "Someone asked to reset the password of your account. Choose a new password with the button below. Every device signed in to your account will be signed out.",
      action: "Choose a new password",
    },
    email_verification: {
      title: "Confirm your email address",
      body: "Confirm that this address is yours to finish setting up your account.",
      action: "Confirm my email",
    },
    account_exists: {
      title: "You already have an account",
      body: "Someone tried to create an account with this email address, but you already have one. If it was you, sign in with your password, or choose a new one with the button below.",
      action: "Choose a new password",
      signIn: "Sign in",
    },
    member_invitation: {
      title: (org) => `Join ${org}`,
      body: (inviter, org, role) =>
        `${inviter} invited you to join ${org} on Caredesk as ${role}. Accept the invitation to get started.`,
      action: "Accept the invitation",
    },
    patient_invitation: {
      title: (org) => `Your patient portal at ${org}`,
      body: (org) =>
        `${org} invites you to its patient portal: book and follow your appointments and see your documents online. Accept to set up your access.`,
      action: "Set up my access",
    },
  },
  ar: {
    greeting: (name) => (name ? `مرحبًا ${name}،` : "مرحبًا،"),
    roles: {
      owner: "مالك",
      admin: "مسؤول",
      manager: "مدير",
      doctor: "طبيب",
      staff: "موظف",
      patient: "مريض",
    },
    someone: "أحد الزملاء",
    aPractice: "عيادة",
    expires: (when) => `يعمل هذا الرابط حتى ${when}.`,
    ignore: "إذا لم تطلب ذلك، يمكنك تجاهل هذه الرسالة ولن يتغير شيء.",
    footer: (brand) => `وصلتك هذه الرسالة بسبب حساب لدى ${brand}.`,
    password_reset: {
      title: "إعادة تعيين كلمة المرور",
      body: "طلب أحدهم إعادة تعيين كلمة مرور حسابك. اختر كلمة مرور جديدة من الزر أدناه. سيتم تسجيل الخروج من كل الأجهزة المتصلة بحسابك.",
      action: "اختيار كلمة مرور جديدة",
    },
    email_verification: {
      title: "تأكيد بريدك الإلكتروني",
      body: "أكّد أن هذا العنوان لك لإكمال إعداد حسابك.",
      action: "تأكيد بريدي الإلكتروني",
    },
    account_exists: {
      title: "لديك حساب بالفعل",
      body: "حاول أحدهم إنشاء حساب بهذا البريد الإلكتروني، لكن لديك حساب بالفعل. إن كنت أنت، فسجّل الدخول بكلمة مرورك أو اختر كلمة مرور جديدة من الزر أدناه.",
      action: "اختيار كلمة مرور جديدة",
      signIn: "تسجيل الدخول",
    },
    member_invitation: {
      title: (org) => `انضم إلى ${org}`,
      body: (inviter, org, role) =>
        `دعاك ${inviter} للانضمام إلى ${org} على Caredesk بصفة ${role}. اقبل الدعوة للبدء.`,
      action: "قبول الدعوة",
    },
    patient_invitation: {
      title: (org) => `بوابة المرضى لدى ${org}`,
      body: (org) =>
        `تدعوك ${org} إلى بوابة المرضى: احجز مواعيدك وتابعها واطّلع على مستنداتك عبر الإنترنت. اقبل الدعوة لإعداد دخولك.`,
      action: "إعداد الدخول",
    },
  },
};

function languageOf(tag: string): Language {
  return tag.trim().toLowerCase().split(/[-_]/)[0] === "ar" ? "ar" : "en";
}

function formatExpiry(expiresAt: Date, tag: string): string {
  try {
    return new Intl.DateTimeFormat(tag, {
      dateStyle: "long",
      timeStyle: "short",
      timeZone: "UTC",
      timeZoneName: "short",
    }).format(expiresAt);
  } catch {
    return expiresAt.toISOString();
  }
}

/** The sign-in page next to a link of this app (same origin), for "sign in instead". */
function signInUrl(link: string): string | null {
  try {
    return new URL("/signin", link).toString();
  } catch {
    return null;
  }
}

/** Renders an account message in the reader's language (English when it has no wording). */
export function renderAccountEmail(kind: AccountEmailKind, data: AccountEmailData): RenderedEmail {
  const language = languageOf(data.lang);
  const w = wordings[language];
  const lang =
    language === "ar" ? data.lang : data.lang.toLowerCase().startsWith("en") ? data.lang : "en";
  const org = data.organizationName ?? w.aPractice;
  const footer = [w.footer(data.brand.name)];
  const expiry = data.expiresAt ? [w.expires(formatExpiry(data.expiresAt, lang))] : [];

  switch (kind) {
    case "password_reset":
    case "email_verification": {
      const text = w[kind];
      return renderEmail({
        brand: data.brand,
        lang,
        title: text.title,
        paragraphs: [w.greeting(data.recipientName), text.body, ...expiry, w.ignore],
        action: { label: text.action, url: data.link },
        footer,
      });
    }
    case "account_exists": {
      const text = w.account_exists;
      const signIn = signInUrl(data.link);
      return renderEmail({
        brand: data.brand,
        lang,
        title: text.title,
        paragraphs: [w.greeting(data.recipientName), text.body, ...expiry, w.ignore],
        action: { label: text.action, url: data.link },
        ...(signIn ? { secondaryAction: { label: text.signIn, url: signIn } } : {}),
        footer,
      });
    }
    case "member_invitation": {
      const text = w.member_invitation;
      const role = (data.role && w.roles[data.role]) ?? data.role ?? w.roles.staff ?? "";
      return renderEmail({
        brand: data.brand,
        lang,
        title: text.title(org),
        paragraphs: [
          w.greeting(data.recipientName),
          text.body(data.inviterName ?? w.someone, org, role),
          ...expiry,
          w.ignore,
        ],
        action: { label: text.action, url: data.link },
        footer,
      });
    }
    case "patient_invitation": {
      const text = w.patient_invitation;
      return renderEmail({
        brand: data.brand,
        lang,
        title: text.title(org),
        paragraphs: [w.greeting(data.recipientName), text.body(org), ...expiry, w.ignore],
        action: { label: text.action, url: data.link },
        footer,
      });
    }
  }
}
