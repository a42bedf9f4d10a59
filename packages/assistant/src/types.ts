// The contract between the language side of the assistant (this package: reading a message,
// red flags, dates, reply templates — pure, no database, no network) and the api's engine that
// fills the replies with a practice's facts.

export type Lang = "en" | "ar";

/** What a message asks for. One message may ask several; `intents` orders them by strength. */
export type Intent =
  | "emergency"
  | "medical_advice"
  | "greeting"
  | "thanks"
  | "handover"
  | "hours"
  | "location"
  | "contact"
  | "doctors"
  | "services"
  | "prices"
  | "availability"
  | "products"
  | "my_appointments"
  | "my_invoices"
  | "my_orders"
  | "features"
  | "faq"
  | "unknown";

/** The emergencies front-desk staff are taught to send to the emergency number at once. */
export type RedFlag =
  | "chest_pain"
  | "stroke"
  | "bleeding"
  | "breathing"
  | "suicide"
  | "unconscious"
  | "seizure"
  | "anaphylaxis"
  | "overdose"
  | "poisoning"
  | "burn"
  | "pregnancy_bleeding";

/** The practice features a visitor may ask about ("do you deliver?", "do you have an ambulance?"). */
export type FeatureTopic =
  "ambulance" | "delivery" | "online_booking" | "portal" | "refills" | "video";

export interface Understanding {
  /** The reply's language: `locale` when given, else the message's script (Arabic or not). */
  lang: Lang;
  /** The strongest intent ("unknown" when nothing matched). */
  intent: Intent;
  /** Every intent that matched, strongest first (empty when none). */
  intents: Intent[];
  /** An emergency described in the message; checked before anything else. */
  redFlag: RedFlag | null;
  /** Asks for a diagnosis, a dose, or what medicine to take. */
  medicalAdvice: boolean;
  /** A day the message names, resolved against the practice's today: "YYYY-MM-DD". */
  date: string | null;
  /** "in the morning", "after 5pm"… */
  partOfDay: "morning" | "afternoon" | "evening" | null;
  /** The feature asked about, when `features` is among the intents. */
  feature: FeatureTopic | null;
  /**
   * The message's content words, lower-cased, without stop words or the words that only
   * signal an intent ("price", "doctor", "open"), with Arabic specialty and service words
   * also given in English ("القلب" → "cardiology", "heart"): what retrieval matches against.
   */
  terms: string[];
  /** The message normalised: lower case, Arabic letters unified, diacritics and tatweel removed. */
  text: string;
}

export interface UnderstandOptions {
  /** The visitor's chosen language, if any. */
  locale?: Lang | undefined;
  /** The practice's local date now, "YYYY-MM-DD" (relative days resolve against it). */
  today: string;
}

/** A weekday's opening hours as shown ("09:00–13:00, 14:00–18:00"); null when closed. */
export interface DayHours {
  day: string;
  hours: string | null;
}

/**
 * Every reply the embedded engine gives, with the facts it is built from. Texts are already
 * formatted (prices with currency, times in the practice's zone, names with titles).
 */
export type Reply =
  | { key: "emergency"; flag: RedFlag; number: string; practicePhone: string | null }
  | { key: "medicalAdvice"; practicePhone: string | null }
  | { key: "greeting"; practice: string }
  | { key: "thanks" }
  | { key: "unknown"; practice: string; phone: string | null; email: string | null }
  | { key: "hoursWeek"; practice: string; days: DayHours[] }
  /** `day` is a label ("today", "Tuesday 8 December"); `note` an exception's reason. */
  | { key: "hoursDay"; day: string; hours: string | null; note: string | null }
  | { key: "location"; practice: string; address: string }
  | { key: "contact"; practice: string; phone: string | null; email: string | null }
  /** `subject`: the department or specialty asked about, null for everyone. */
  | {
      key: "doctors";
      subject: string | null;
      doctors: { name: string; specialization: string | null }[];
    }
  | { key: "noDoctors"; subject: string }
  | {
      key: "doctor";
      name: string;
      specialization: string | null;
      department: string | null;
      years: number | null;
    }
  | {
      key: "services";
      subject: string | null;
      services: { name: string; price: string; minutes: number }[];
    }
  | { key: "price"; service: string; price: string; minutes: number }
  /** Free start times (`times` like "09:30") of `subject` (a service, maybe with a doctor). */
  | { key: "freeTimes"; subject: string; day: string; times: string[] }
  | { key: "noFreeTimes"; subject: string; day: string; next: string | null }
  /** Availability asked without saying for what: which service? */
  | { key: "whichService"; services: string[] }
  | {
      key: "products";
      items: { name: string; price: string; available: boolean; prescription: boolean }[];
    }
  | { key: "noProducts"; query: string }
  | {
      key: "myAppointments";
      items: { when: string; service: string; doctor: string | null; status: string }[];
    }
  | { key: "noAppointments" }
  | { key: "myInvoices"; items: { number: string; total: string; due: string; status: string }[] }
  | { key: "noInvoices" }
  | { key: "myOrders"; items: { number: string; status: string; total: string }[] }
  | { key: "noOrders" }
  /** Asked on the public site about one's own records: sign in to the portal. */
  | { key: "signIn"; what: "appointments" | "invoices" | "orders" }
  | { key: "feature"; feature: FeatureTopic; offered: boolean; practice: string }
  /** A question the practice answered in its FAQ: the answer is theirs, as written. */
  | { key: "faq"; question: string; answer: string }
  | { key: "handoverOffer" }
  | { key: "handedOver"; practice: string }
  | { key: "deleted" };

/** The words on the widget's buttons and links, per language. */
export interface Labels {
  book: string;
  call: string;
  handover: string;
  source: string;
  emergencyCall: string;
}
