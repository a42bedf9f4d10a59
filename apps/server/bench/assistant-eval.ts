// The assistant's evaluation set: questions a visitor asks on the three demo practices' sites,
// each with the facts its answer must state, built at run time from what each site shows (its
// hours, address, contact, departments, doctors, services and prices, products, FAQ and
// features), plus questions the practices never answered and the red-flag corpus.
import { siteView, type SiteView } from "@caredesk/api";
import { demoPractices, schema, type Database } from "@caredesk/db";
import { and, asc, eq, gt } from "drizzle-orm";
// apps/server does not depend on @caredesk/assistant yet; its corpus is plain data.
import { redFlagCorpus } from "@caredesk/assistant/corpus";

export type DemoSlug = (typeof demoPractices)[number]["slug"];

export type EvalKind =
  | "hours"
  | "address"
  | "contact"
  | "doctors"
  | "doctor"
  | "price"
  | "free_times"
  | "product"
  | "faq"
  | "feature"
  | "unknown"
  | "red_flag";

export interface EvalQuestion {
  slug: DemoSlug;
  kind: EvalKind;
  text: string;
  locale?: "en" | "ar";
  /**
   * Strings the answer must contain (case and spacing aside; a phone number by its digits).
   * Unknown facts: none; the answer must give the practice's phone or email instead.
   */
  expect: string[];
  /** States facts of the practice: the answer must cite where they come from. */
  factual: boolean;
  /** Unknown facts: strings whose presence would mean an invented fact. */
  mustNotSay?: string[];
}

/**
 * Other ways visitors ask the demo practices' FAQ questions (each FAQ question is also asked as
 * written). Keyed by the question as the demo seed writes it.
 */
const faqParaphrases: Record<string, { text: string; locale?: "ar" }[]> = {
  "Is there parking at the hospital?": [
    { text: "Where can I park my car?" },
    { text: "هل يوجد موقف سيارات؟", locale: "ar" },
  ],
  "Which insurance do you accept?": [{ text: "Do you take AXA insurance?" }],
  "Do you accept walk-ins?": [{ text: "Can I walk in without an appointment?" }],
  "What is your cancellation policy?": [{ text: "How late can I cancel my appointment?" }],
  "Do you treat children?": [{ text: "Do you treat young children too?" }],
  "Which payment methods do you accept?": [{ text: "Can I pay by card or UPI?" }],
  "Can I collect a prescription for someone else?": [
    { text: "Can I pick up a prescription for my mother?" },
  ],
  "Do you offer flu vaccinations?": [{ text: "When can I get a flu vaccination?" }],
};

/** The sentence of an FAQ answer that says the most (not a bare "Yes."). */
function gist(answer: string): string {
  const sentences = answer
    .split(/(?<=[.!?؟])\s+/u)
    .map((x) => x.trim().replace(/[.!?؟]$/u, ""))
    .filter(Boolean);
  return sentences.reduce((best, x) => (x.length > best.length ? x : best), "");
}

/**
 * Questions none of the demo practices has an answer to, with strings whose presence in the
 * answer would mean an invented fact.
 */
const unknownFacts: { slug: DemoSlug; text: string; mustNotSay: string[] }[] = [
  {
    slug: "demo-hospital",
    text: "What is the wifi password?",
    mustNotSay: ["password is", "wifi password:"],
  },
  {
    slug: "demo-hospital",
    text: "Do you have a helicopter landing pad?",
    mustNotSay: ["helipad is", "we have a helicopter"],
  },
  {
    slug: "demo-hospital",
    text: "How many beds does your intensive care unit have?",
    mustNotSay: ["beds in", "ICU has"],
  },
  {
    slug: "demo-hospital",
    text: "Is there a prayer room for visitors?",
    mustNotSay: ["prayer room is", "we have a prayer room"],
  },
  {
    slug: "demo-hospital",
    text: "What is the name of your CEO?",
    mustNotSay: ["our CEO is", "CEO is"],
  },
  {
    slug: "demo-hospital",
    text: "Do you have a café for visitors?",
    mustNotSay: ["our café", "café is open"],
  },
  {
    slug: "demo-hospital",
    text: "ما هي كلمة سر الواي فاي؟",
    mustNotSay: ["كلمة السر هي", "كلمة المرور هي"],
  },
  {
    slug: "demo-dental",
    text: "Do you offer acupuncture?",
    mustNotSay: ["we offer acupuncture", "acupuncture costs"],
  },
  {
    slug: "demo-dental",
    text: "Can I bring my dog inside?",
    mustNotSay: ["dogs are welcome", "dogs are allowed"],
  },
  {
    slug: "demo-dental",
    text: "Does anyone on your staff speak Japanese?",
    mustNotSay: ["speaks Japanese", "Japanese-speaking"],
  },
  {
    slug: "demo-dental",
    text: "Do you have a student discount?",
    mustNotSay: ["student discount is", "% off"],
  },
  {
    slug: "demo-dental",
    text: "Is there a cash machine inside the building?",
    mustNotSay: ["cash machine is", "ATM is"],
  },
  {
    slug: "demo-dental",
    text: "Which brand of dental implants do you use?",
    mustNotSay: ["Straumann", "Nobel Biocare", "we use"],
  },
  {
    slug: "demo-dental",
    text: "هل لديكم خدمة ترجمة للغة الصينية؟",
    mustNotSay: ["نوفر خدمة ترجمة", "مترجم صيني"],
  },
  {
    slug: "demo-pharmacy",
    text: "Do you sell gift vouchers?",
    mustNotSay: ["gift vouchers are", "we sell gift vouchers"],
  },
  {
    slug: "demo-pharmacy",
    text: "Do you run a blood donation drive?",
    mustNotSay: ["blood donation drive is", "we run a blood"],
  },
  {
    slug: "demo-pharmacy",
    text: "Which courier do you use for parcels abroad?",
    mustNotSay: ["we use DHL", "we use FedEx", "Aramex"],
  },
  {
    slug: "demo-pharmacy",
    text: "Is there a loyalty card?",
    mustNotSay: ["loyalty card gives", "points"],
  },
  {
    slug: "demo-pharmacy",
    text: "What is the name of your head pharmacist?",
    mustNotSay: ["head pharmacist is", "our pharmacist is"],
  },
  {
    slug: "demo-pharmacy",
    text: "Do you have a hearing test booth?",
    mustNotSay: ["hearing test costs", "we have a hearing"],
  },
  {
    slug: "demo-pharmacy",
    text: "هل يوجد صراف آلي في الصيدلية؟",
    mustNotSay: ["يوجد صراف", "الصراف الآلي في"],
  },
];

/** Departments and specialties in Arabic, as visitors name them. */
const arabicDepartments: Record<string, string> = {
  Cardiology: "القلب",
  "Internal Medicine": "الباطنة",
  Paediatrics: "الأطفال",
  Orthopaedics: "العظام",
  "Obstetrics & Gynaecology": "النساء والتوليد",
  Radiology: "الأشعة",
  "General Dentistry": "طب الأسنان العام",
  Orthodontics: "تقويم الأسنان",
  "Oral Surgery": "جراحة الفم",
  "Paediatric Dentistry": "أسنان الأطفال",
  Endodontics: "علاج العصب",
  "Vaccination clinic": "التطعيمات",
};

const weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** Minor units as the assistant shows a price: "EGP 1,500.00" (the currency's own decimals). */
export function priceText(amountMinor: number, currency: string): string {
  const digits =
    new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  const scale = 10 ** digits;
  const whole = Math.floor(amountMinor / scale).toLocaleString("en");
  const fraction = digits > 0 ? `.${String(amountMinor % scale).padStart(digits, "0")}` : "";
  return `${currency} ${whole}${fraction}`;
}

const doctorName = (d: { title: string | null; name: string }) =>
  d.title ? `${d.title} ${d.name}` : d.name;

/** Every `n`th item, starting with the first, at most `max`. */
function spread<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  const step = items.length / max;
  return Array.from({ length: max }, (_, i) => items[Math.floor(i * step)]).filter(
    (x): x is T => x !== undefined,
  );
}

/** The practice's questions from what its site shows. */
async function practiceQuestions(
  db: Database,
  view: SiteView,
  slug: DemoSlug,
  now: Date,
): Promise<EvalQuestion[]> {
  const q: EvalQuestion[] = [];
  const add = (question: Omit<EvalQuestion, "slug">) => q.push({ slug, ...question });
  const { site, org } = view;

  // Opening hours, each weekday, and the week in Arabic.
  for (const [i, day] of weekdays.entries()) {
    const shifts = site.hours[i] ?? [];
    add({
      kind: "hours",
      text: `What are your opening hours on ${day}?`,
      expect: shifts.length > 0 ? shifts.flatMap((s) => [s.start, s.end]) : ["closed"],
      factual: true,
    });
  }
  add({
    kind: "hours",
    text: "مواعيد العمل ايه؟",
    locale: "ar",
    expect: [...new Set((site.hours[0] ?? []).flatMap((s) => [s.start, s.end]))],
    factual: true,
  });

  // Address and contact.
  add({
    kind: "address",
    text: "Where are you located?",
    expect: [site.addressLine, site.city],
    factual: true,
  });
  add({
    kind: "address",
    text: "What is your address?",
    expect: [site.addressLine],
    factual: true,
  });
  add({
    kind: "address",
    text: "العنوان فين؟",
    locale: "ar",
    expect: [site.addressLine],
    factual: true,
  });
  add({ kind: "contact", text: "What's your phone number?", expect: [site.phone], factual: true });
  add({ kind: "contact", text: "How can I email you?", expect: [site.email], factual: true });
  add({
    kind: "contact",
    text: "رقم التليفون كام؟",
    locale: "ar",
    expect: [site.phone],
    factual: true,
  });

  // Doctors by department (English, and Arabic where visitors have a word for it), by specialty.
  for (const department of view.departments) {
    const doctors = view.doctors.filter((d) => d.departmentId === department.id);
    if (doctors.length === 0) continue;
    const names = doctors.map((d) => d.name);
    add({
      kind: "doctors",
      text: `Which doctors work in ${department.name}?`,
      expect: names,
      factual: true,
    });
    const arabic = arabicDepartments[department.name];
    if (arabic) {
      add({
        kind: "doctors",
        text: `مين الدكاترة في قسم ${arabic}؟`,
        locale: "ar",
        expect: names,
        factual: true,
      });
    }
  }
  const specialties = [
    ...new Set(view.doctors.flatMap((d) => (d.specialization ? [d.specialization] : []))),
  ];
  for (const specialty of spread(specialties, 3)) {
    add({
      kind: "doctors",
      text: `Do you have a doctor for ${specialty.toLowerCase()}?`,
      expect: view.doctors.filter((d) => d.specialization === specialty).map((d) => d.name),
      factual: true,
    });
  }

  // A doctor's specialty.
  for (const d of spread(view.doctors, 5)) {
    if (!d.specialization) continue;
    add({
      kind: "doctor",
      text: `What is ${doctorName(d)}'s specialty?`,
      expect: [d.specialization],
      factual: true,
    });
  }

  // Prices: services that cost something (a free one may be said "free").
  const paid = view.services.filter((s) => s.priceMinor > 0);
  for (const [i, s] of spread(paid, 7).entries()) {
    const price = priceText(s.priceMinor, org.currency);
    add(
      i === 0
        ? { kind: "price", text: `كم سعر ${s.name}؟`, locale: "ar", expect: [price], factual: true }
        : { kind: "price", text: `How much is ${s.name}?`, expect: [price], factual: true },
    );
  }

  // Free times on a named weekday (three days on: past any notice the service needs).
  const inThree = new Date(now.getTime() + 3 * 86_400_000);
  const weekday = new Intl.DateTimeFormat("en-GB", {
    weekday: "long",
    timeZone: org.timeZone,
  }).format(inThree);
  for (const s of spread(view.services, 2)) {
    add({
      kind: "free_times",
      text: `Do you have any free times for ${s.name} on ${weekday}?`,
      expect: [s.name, weekday],
      factual: true,
    });
  }

  // Products in stock (the pharmacy).
  if (org.kind === "pharmacy") {
    const products = await db
      .select({ name: schema.product.name })
      .from(schema.product)
      .where(
        and(
          eq(schema.product.organizationId, org.id),
          eq(schema.product.status, "active"),
          eq(schema.product.prescriptionOnly, false),
          gt(schema.product.onHand, 0),
        ),
      )
      .orderBy(asc(schema.product.name));
    for (const [i, p] of spread(products, 12).entries()) {
      add(
        i % 4 === 3
          ? {
              kind: "product",
              text: `عندكم ${p.name}؟`,
              locale: "ar",
              expect: [p.name],
              factual: true,
            }
          : {
              kind: "product",
              text: `Do you have ${p.name} in stock?`,
              expect: [p.name],
              factual: true,
            },
      );
    }
  }

  // The practice's own FAQ (the demo's), as written and as visitors put it.
  for (const faq of view.faqs) {
    const expect = [gist(faq.answer)];
    add({ kind: "faq", text: faq.question, expect, factual: true });
    for (const other of faqParaphrases[faq.question] ?? []) {
      add({
        kind: "faq",
        text: other.text,
        ...(other.locale ? { locale: other.locale } : {}),
        expect,
        factual: true,
      });
    }
  }

  // Features: offered or not, as the practice bought them.
  const has = (f: string) => org.features.some((x) => x === f);
  const features: [string, boolean][] = [
    ["Do you have an ambulance service?", has("ambulance")],
    ["Can I ask for a prescription refill online?", has("prescription_refill")],
    ["Do you have a patient portal where I can sign in?", has("patient_portal")],
  ];
  for (const [text, offered] of features) {
    // The reply's own words: "Yes, … offers …" or "Sorry, … does not offer …".
    add({ kind: "feature", text, expect: [offered ? "yes," : "does not offer"], factual: true });
  }
  return q;
}

/**
 * The whole set: each demo practice's questions, the unknown facts and the red flags dealt
 * round the three practices in turn.
 */
export async function buildEvalSet(db: Database, now = new Date()): Promise<EvalQuestion[]> {
  const slugs = demoPractices.map((p) => p.slug);
  const questions: EvalQuestion[] = [];
  for (const slug of slugs) {
    questions.push(...(await practiceQuestions(db, await siteView(db, { slug }, now), slug, now)));
  }
  for (const u of unknownFacts) {
    questions.push({
      slug: u.slug,
      kind: "unknown",
      text: u.text,
      expect: [],
      factual: false,
      mustNotSay: u.mustNotSay,
    });
  }
  for (const [i, flag] of redFlagCorpus.entries()) {
    questions.push({
      slug: slugs[i % slugs.length] ?? "demo-hospital",
      kind: "red_flag",
      text: flag.text,
      locale: flag.lang,
      expect: [],
      factual: false,
    });
  }
  return questions;
}
