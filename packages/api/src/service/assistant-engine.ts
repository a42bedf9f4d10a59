// The embedded engine: no model, no network. A message is read by rules (@caredesk/assistant:
// intents, red flags, days), the practice records it names are found in PostgreSQL
// (assistant-knowledge.ts), and the answer is a template filled with those facts only — each
// with the page it came from. Emergencies are answered first, with the country's number;
// diagnoses and doses never.
import {
  emergencyNumber,
  labels,
  say,
  type Intent,
  type Lang,
  type Reply,
  type Understanding,
} from "@caredesk/assistant";
import { schema, type Database } from "@caredesk/db";
import { and, eq, gte, isNull, lte } from "drizzle-orm";
import type { PatientScope } from "../scope";
import { listPatientAppointments, searchAvailability } from "./appointment";
import type { AssistantAction, AssistantCitation, FreeTimes, SlotAction } from "./assistant-view";
import {
  matchRecords,
  strongest,
  type Knowledge,
  type Match,
  type Matches,
} from "./assistant-knowledge";
import { myInvoices } from "./invoice";
import { formatMinor } from "./money-text";
import { myOrders } from "./order";
import { findShopProducts } from "./shop";

const { scheduleException } = schema;

/** What the conversation is about so far, so "and on Tuesday?" follows "cardiology doctors". */
export interface Topic {
  departmentId?: string;
  practitionerId?: string;
  serviceId?: string;
  date?: string;
}

export interface EngineInput {
  db: Database;
  knowledge: Knowledge;
  understanding: Understanding;
  channel: "site" | "portal";
  /** The portal patient: their own records, and nothing of anyone else's. */
  patient: Pick<PatientScope, "db" | "org" | "patient"> | null;
  topic: Topic;
  now: Date;
}

export interface ToolCall {
  name: string;
  input: unknown;
  ok: boolean;
}

export interface EngineAnswer {
  text: string;
  citations: AssistantCitation[];
  actions: AssistantAction[];
  intent: Intent;
  emergency: boolean;
  topic: Topic;
  toolCalls: ToolCall[];
}

/** A part of an answer: what it says, where from, and what one can do next. */
interface Part {
  reply: Reply;
  citations?: AssistantCitation[];
  actions?: AssistantAction[];
  topic?: Topic;
}

const citationLabels = {
  en: {
    hours: "Opening hours",
    contact: "Address and contact",
    doctors: "Our doctors",
    services: "Services and prices",
    booking: "Online booking",
    products: "Products",
    portal: "Your portal",
    home: "Practice page",
  },
  ar: {
    hours: "مواعيد العمل",
    contact: "العنوان والتواصل",
    doctors: "أطباؤنا",
    services: "الخدمات والأسعار",
    booking: "الحجز أونلاين",
    products: "المنتجات",
    portal: "بوابتك",
    home: "صفحة العيادة",
  },
} as const;

/** The practice's pages the assistant cites and links to. */
export function sitePaths(slug: string) {
  const base = `/p/${encodeURIComponent(slug)}`;
  return {
    home: base,
    section: (id: string) => `${base}#${id}`,
    doctor: (id: string) => `${base}/doctors/${encodeURIComponent(id)}`,
    product: (id: string) => `${base}/products/${encodeURIComponent(id)}`,
    faq: (id: string) => `${base}#faq-${id}`,
  };
}

/** How a reply writes times: the practice's own English locale (as its site does), Latin digits. */
function replyTag(org: Pick<Knowledge["org"], "locale">, lang: Lang) {
  return lang === "en" && org.locale.toLowerCase().startsWith("en") ? org.locale : formatTag(lang);
}

function formatTag(lang: Lang) {
  return lang === "ar" ? "ar-EG-u-nu-latn" : "en-GB";
}

/** "09:30" in the practice's zone. */
export function clockOf(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(date);
}

/** A time as the practice's site writes it ("1:15 PM" in en-US, "13:15" in en-GB), in its zone. */
export function timeOf(date: Date, org: Pick<Knowledge["org"], "locale" | "timeZone">, lang: Lang) {
  return new Intl.DateTimeFormat(replyTag(org, lang), {
    timeZone: org.timeZone,
    hour: "numeric",
    minute: "2-digit",
  }).format(date);
}

/** "Tuesday 8 December" for a local date "YYYY-MM-DD". */
export function dayLabel(day: string, lang: Lang): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(formatTag(lang), {
    timeZone: "UTC",
    weekday: "long",
    day: "numeric",
    month: "long",
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** The practice's local date now. */
export function localToday(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone }).format(now);
}

function weekdayIndex(day: string): number {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  // 0 = Monday … 6 = Sunday, as the site's hours are kept.
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

function addDays(day: string, n: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

const doctorName = (d: { title: string | null; name: string }) =>
  d.title ? `${d.title} ${d.name}` : d.name;

const hoursText = (shifts: { start: string; end: string }[]) =>
  shifts.length === 0 ? null : shifts.map((s) => `${s.start}–${s.end}`).join(", ");

/** The answer to one message. */
export async function answerEmbedded(input: EngineInput): Promise<EngineAnswer> {
  const { knowledge: k, understanding: u } = input;
  const lang = u.lang;
  const phone = k.site.phone || null;
  const l = labels(lang);
  const callPractice: AssistantAction[] = phone
    ? [{ kind: "call", label: `${l.call} ${phone}`, href: `tel:${phone.replace(/[^\d+]/g, "")}` }]
    : [];

  // Emergencies first, whatever else the message asks.
  if (u.redFlag) {
    const number = emergencyNumber(k.org.country);
    return finish(input, "emergency", true, [
      {
        reply: { key: "emergency", flag: u.redFlag, number, practicePhone: phone },
        actions: [
          { kind: "call", label: `${l.emergencyCall} ${number}`, href: `tel:${number}` },
          ...callPractice,
        ],
      },
    ]);
  }
  if (u.medicalAdvice || u.intent === "medical_advice") {
    return finish(input, "medical_advice", false, [
      {
        reply: { key: "medicalAdvice", practicePhone: phone },
        actions: [...callPractice, { kind: "handover", label: l.handover }],
      },
    ]);
  }

  const matches = await matchRecords(input.db, k.org.id, u);
  const found = resolveEntities(k, matches);
  const parts: Part[] = [];
  const calls: ToolCall[] = [
    { name: "searchPractice", input: { query: u.terms.join(" ") }, ok: true },
  ];
  // "When is my next appointment?" asks for one's own, not for free times.
  const ownRecords = u.intents.some((i) => i.startsWith("my_"));
  const intents = u.intents.filter(
    (i) => i !== "greeting" && i !== "thanks" && !(ownRecords && i === "availability"),
  );
  const handled = new Set<Intent>();
  // What the practice wrote itself answers before anything built from its directory.
  // Unless the message names a service, doctor or department outright and asks its price, its
  // doctors or a free time: the directory's facts are the precise answer then.
  const directoryFirst =
    found.named && u.intents.some((i) => ["prices", "availability", "doctors"].includes(i));
  const written = found.faqs[0]?.strong && !directoryFirst ? faqPart(input, found) : null;
  if (written) {
    parts.push(written);
    handled.add("faq");
  }
  // The message asks about something the practice's data never mentions: a list or a yes/no
  // built from the directory would answer another question. Say so instead.
  const unknownWords = wordsUnknownTo(k, u);

  for (const intent of written ? [] : intents) {
    if (unknownWords.length > 0 && generalIntents.has(intent) && !namesSomething(found)) continue;
    // A question the practice's FAQ answered is not also a request for a list.
    if (handled.has("faq") && generalIntents.has(intent) && !namesSomething(found)) continue;
    if (parts.length >= 2) break;
    if (handled.has(intent)) continue;
    const part = await answerIntent(intent, input, found, calls);
    if (part) {
      parts.push(...part);
      handled.add(intent);
    }
  }

  // Nothing asked in so many words: what the message names, else the FAQ, else "I don't know".
  if (parts.length === 0) {
    if (u.intent === "greeting" || u.intent === "thanks") {
      parts.push({
        reply:
          u.intent === "greeting" ? { key: "greeting", practice: k.org.name } : { key: "thanks" },
      });
    } else if (unknownWords.length === 0 || namesSomething(found)) {
      const fallback =
        faqPart(input, found) ??
        (found.doctorByName.length > 0
          ? await answerIntent("doctors", input, found, calls)
          : null)?.[0] ??
        (found.services.length > 0
          ? await answerIntent("prices", input, found, calls)
          : null)?.[0] ??
        (found.departments.length > 0
          ? await answerIntent("doctors", input, found, calls)
          : null)?.[0] ??
        (k.products.length > 0 && u.terms.length > 0
          ? (await answerIntent("products", input, found, calls))?.[0]
          : null);
      if (fallback) parts.push(fallback);
    }
  }
  if (parts.length === 0) {
    return finish(input, "unknown", false, [unknownPart(k, lang, callPractice)]);
  }
  const intent = (parts.length > 0 ? [...handled][0] : undefined) ?? u.intent;
  return finish(input, intent, false, parts, calls);
}

/** Intents whose answer is a list or a yes/no about the whole practice. */
const generalIntents = new Set<Intent>([
  "doctors",
  "services",
  "prices",
  "availability",
  "features",
  "hours",
  "location",
  "contact",
]);

/** Whether the message names one of the practice's departments, doctors or services outright. */
function namesSomething(found: Found): boolean {
  return found.named;
}

/** Words that tell nothing about what is asked: days, times of day, numbers. */
const neutralWords = new Set(
  (
    "today tomorrow tonight morning afternoon evening night week weekend next this day days " +
    "monday tuesday wednesday thursday friday saturday sunday january february march april may " +
    "june july august september october november december time times hour hours minute minutes " +
    "please thanks thank hello you your have want need can could would like get book make ask " +
    // What the assistant knows of every practice: the features it has or not.
    "ambulance ambulances refill refills prescription prescriptions portal sign online " +
    "delivery deliver home video account login"
  ).split(" "),
);

const vocabularies = new Map<string, { at: number; words: Set<string> }>();

/** Every word the practice's published data uses (names, specialties, services, FAQ, products). */
function vocabularyOf(k: Knowledge): Set<string> {
  const key = `${k.org.id}:${k.readAt.getTime()}:${k.productsReadAt.getTime()}`;
  const hit = vocabularies.get(key);
  if (hit) return hit.words;
  const text = [
    k.org.name,
    k.site.about,
    k.site.addressLine,
    k.site.city,
    ...k.departments.map((d) => d.name),
    ...k.doctors.flatMap((d) => [d.name, d.title ?? "", d.specialization ?? "", d.bio ?? ""]),
    ...k.services.map((s) => s.name),
    ...k.faqs.flatMap((f) => [f.question, f.answer]),
    ...k.products.flatMap((p) => [p.name, p.genericName ?? "", p.category ?? ""]),
  ]
    .join(" ")
    .toLowerCase();
  const words = new Set(text.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3));
  if (vocabularies.size > 500) vocabularies.clear();
  vocabularies.set(key, { at: Date.now(), words });
  return words;
}

/** Two words alike enough: the same stem (a shared beginning of all but the last few letters). */
function sameStem(a: string, b: string): boolean {
  const n = Math.max(4, Math.min(a.length, b.length) - 3);
  return a.length >= 4 && b.length >= 4 && a.slice(0, n) === b.slice(0, n);
}

/**
 * The message's content words that nothing the practice publishes mentions ("acupuncture" at a
 * heart clinic). Arabic words count only when none of the message's words had an English
 * equivalent to look for.
 */
function wordsUnknownTo(k: Knowledge, u: Understanding): string[] {
  const vocabulary = vocabularyOf(k);
  const said = new Set(u.text.split(/[^\p{L}\p{N}]+/u));
  const words = [
    ...new Set(u.terms.flatMap((t) => t.toLowerCase().split(/[^\p{L}\p{N}]+/u))),
  ].filter((w) => w.length >= 3 && !/^\d+$/.test(w) && !neutralWords.has(w));
  // The visitor's own words; the lexicon's equivalents ("pediatrics" for "children") are not
  // theirs to be unknown.
  const own = words.filter((w) => said.has(w));
  const latin = own.filter((w) => /[a-z]/.test(w));
  const equivalents = words.filter((w) => !said.has(w));
  const known = (w: string) => vocabulary.has(w) || [...vocabulary].some((v) => sameStem(v, w));
  if (latin.length > 0) return latin.filter((w) => !known(w));
  // An Arabic question the lexicon understood is known when any English equivalent is ("القلب":
  // cardiology, heart); otherwise its own words are what nothing mentions.
  if (equivalents.length > 0) return equivalents.some(known) ? [] : equivalents;
  return own.filter((w) => !known(w));
}

/** The records a message names, as the site shows them. */
interface Found {
  departments: Knowledge["departments"];
  /** Doctors named by their name. */
  doctorByName: Knowledge["doctors"];
  /** Doctors whose specialization or department the message names. */
  doctorsByTopic: Knowledge["doctors"];
  services: Knowledge["services"];
  faqs: { id: string; question: string; answer: string; score: number; strong: boolean }[];
  /** A department, doctor or service is named outright (its whole name). */
  named: boolean;
}

function resolveEntities(k: Knowledge, m: Matches): Found {
  const pick = <T extends { id: string }>(list: T[], ms: Match[]) =>
    ms.flatMap((x) => list.filter((r) => r.id === x.id));
  const departments = pick(
    k.departments,
    strongest(m.departments, (x) => Math.max(x.whole, x.word), 0.6),
  );
  const doctorByName = pick(
    k.doctors,
    strongest(m.doctors, (x) => Math.max(x.whole, x.word), 0.8),
  );
  const deptIds = new Set(departments.map((d) => d.id));
  const bySpecialty = pick(
    k.doctors,
    strongest(m.doctors, (x) => x.topic, 0.7, 0.15),
  );
  const doctorsByTopic = [
    ...k.doctors.filter((d) => d.departmentId && deptIds.has(d.departmentId)),
    ...bySpecialty.filter((d) => !d.departmentId || !deptIds.has(d.departmentId)),
  ];
  const services = pick(
    k.services,
    strongest(m.services, (x) => Math.max(x.whole, x.word * 0.9), 0.6, 0.1),
  );
  // A FAQ entry whose question holds half the message's words (or whose question and answer
  // hold two thirds of them) answers it; one holding fewer is only a fallback.
  const faqs = m.faqs
    .flatMap((x) => {
      const faq = k.faqs.find((f) => f.id === x.id);
      return faq && Math.max(x.whole, x.word) >= 0.3 ? [{ x, faq }] : [];
    })
    .map((y) => ({
      ...y.faq,
      score: Math.max(y.x.whole, y.x.word * 0.75),
      strong: y.x.whole >= 0.5 || y.x.word >= 0.67,
    }))
    .sort((a, b) => b.score - a.score);
  const outright = (list: Match[]) => list.some((x) => x.whole >= 0.7);
  const named =
    (departments.length > 0 && outright(m.departments)) ||
    (doctorByName.length > 0 && outright(m.doctors)) ||
    (services.length > 0 && outright(m.services));
  return { departments, doctorByName, doctorsByTopic, services, faqs, named };
}

function finish(
  input: EngineInput,
  intent: Intent,
  emergency: boolean,
  parts: Part[],
  toolCalls: ToolCall[] = [],
): EngineAnswer {
  const lang = input.understanding.lang;
  const citations: AssistantCitation[] = [];
  const actions: AssistantAction[] = [];
  let topic: Topic = { ...input.topic };
  for (const p of parts) {
    for (const c of p.citations ?? []) {
      if (!citations.some((x) => x.href === c.href)) citations.push(c);
    }
    for (const a of p.actions ?? []) {
      if (!actions.some((x) => JSON.stringify(x) === JSON.stringify(a))) actions.push(a);
    }
    if (p.topic) topic = { ...topic, ...p.topic };
  }
  if (input.understanding.date) topic.date = input.understanding.date;
  return {
    text: parts.map((p) => say(lang, p.reply)).join("\n\n"),
    citations: citations.slice(0, 5),
    actions: actions.slice(0, 8),
    intent,
    emergency,
    topic,
    toolCalls,
  };
}

function unknownPart(k: Knowledge, lang: Lang, callPractice: AssistantAction[]): Part {
  const l = labels(lang);
  return {
    reply: {
      key: "unknown",
      practice: k.org.name,
      phone: k.site.phone || null,
      email: k.site.email || null,
    },
    citations: [
      { label: citationLabels[lang].contact, href: sitePaths(k.org.slug).section("contact") },
    ],
    actions: [
      ...callPractice,
      ...(k.site.email
        ? [{ kind: "link" as const, label: k.site.email, href: `mailto:${k.site.email}` }]
        : []),
      { kind: "handover", label: l.handover },
    ],
  };
}

function faqPart(input: EngineInput, found: Found): Part | null {
  const best = found.faqs[0];
  if (!best) return null;
  return {
    reply: { key: "faq", question: best.question, answer: best.answer },
    citations: [{ label: best.question, href: sitePaths(input.knowledge.org.slug).faq(best.id) }],
  };
}

async function answerIntent(
  intent: Intent,
  input: EngineInput,
  found: Found,
  calls: ToolCall[],
): Promise<Part[] | null> {
  const { knowledge: k, understanding: u } = input;
  const lang = u.lang;
  const labelsOf = citationLabels[lang];
  const paths = sitePaths(k.org.slug);
  const l = labels(lang);
  switch (intent) {
    case "hours": {
      if (u.date) {
        const closure = await exceptionOn(input.db, k.org.id, u.date);
        const regular = hoursText(k.site.hours[weekdayIndex(u.date)] ?? []);
        const today = localToday(input.now, k.org.timeZone);
        const label =
          u.date === today ? (lang === "ar" ? "اليوم" : "today") : dayLabel(u.date, lang);
        return [
          {
            reply: {
              key: "hoursDay",
              day: label,
              hours: closure
                ? closure.closed
                  ? null
                  : hoursText(closure.intervals ?? [])
                : regular,
              note: closure?.reason ?? null,
            },
            citations: [{ label: labelsOf.hours, href: paths.section("hours") }],
          },
        ];
      }
      const monday = "2024-01-01"; // a Monday: names the weekdays in the reply's language
      return [
        {
          reply: {
            key: "hoursWeek",
            practice: k.org.name,
            days: k.site.hours.map((shifts, i) => ({
              day: new Intl.DateTimeFormat(formatTag(lang), {
                weekday: "long",
                timeZone: "UTC",
              }).format(new Date(`${addDays(monday, i)}T12:00:00Z`)),
              hours: hoursText(shifts),
            })),
          },
          citations: [{ label: labelsOf.hours, href: paths.section("hours") }],
        },
      ];
    }
    case "location": {
      const s = k.site;
      const address = [s.addressLine, s.city, s.region, s.postalCode].filter(Boolean).join(", ");
      if (!address) return null;
      const map =
        s.latitude !== null && s.longitude !== null
          ? [
              {
                kind: "link" as const,
                label: lang === "ar" ? "الخريطة" : "Map",
                href: `https://www.openstreetmap.org/?mlat=${s.latitude}&mlon=${s.longitude}#map=17/${s.latitude}/${s.longitude}`,
              },
            ]
          : [];
      return [
        {
          reply: { key: "location", practice: k.org.name, address },
          citations: [{ label: labelsOf.contact, href: paths.section("contact") }],
          actions: map,
        },
      ];
    }
    case "contact": {
      if (!k.site.phone && !k.site.email) return null;
      return [
        {
          reply: {
            key: "contact",
            practice: k.org.name,
            phone: k.site.phone || null,
            email: k.site.email || null,
          },
          citations: [{ label: labelsOf.contact, href: paths.section("contact") }],
          actions: k.site.phone
            ? [
                {
                  kind: "call",
                  label: `${l.call} ${k.site.phone}`,
                  href: `tel:${k.site.phone.replace(/[^\d+]/g, "")}`,
                },
              ]
            : [],
        },
      ];
    }
    case "doctors": {
      const [named] = found.doctorByName;
      if (named && found.doctorByName.length === 1 && found.doctorsByTopic.length === 0) {
        const d = named;
        return [
          {
            reply: {
              key: "doctor",
              name: doctorName(d),
              specialization: d.specialization,
              department: k.departments.find((x) => x.id === d.departmentId)?.name ?? null,
              years: d.yearsOfExperience,
            },
            citations: [{ label: doctorName(d), href: paths.doctor(d.id) }],
            topic: { practitionerId: d.id, departmentId: d.departmentId ?? undefined },
          },
        ];
      }
      const subjectDept = found.departments[0];
      const list =
        found.doctorByName.length > 1
          ? found.doctorByName
          : found.doctorsByTopic.length > 0
            ? found.doctorsByTopic
            : found.departments.length > 0
              ? []
              : k.doctors;
      const subject = subjectDept?.name ?? (found.doctorsByTopic[0]?.specialization || null);
      if (list.length === 0) {
        if (!subject) return null;
        return [{ reply: { key: "noDoctors", subject } }];
      }
      return [
        {
          reply: {
            key: "doctors",
            subject: found.doctorByName.length > 1 ? null : subject,
            doctors: list.slice(0, 12).map((d) => ({
              name: doctorName(d),
              specialization: d.specialization,
            })),
          },
          citations:
            list.length <= 3
              ? list.map((d) => ({ label: doctorName(d), href: paths.doctor(d.id) }))
              : [{ label: labelsOf.doctors, href: paths.section("doctors") }],
          topic: subjectDept ? { departmentId: subjectDept.id } : {},
        },
      ];
    }
    case "services":
    case "prices": {
      const fmt = (s: Knowledge["services"][number]) => formatMinor(s.priceMinor, k.org.currency);
      const services = found.services.length > 0 ? found.services : null;
      const [only] = services ?? [];
      if (only && services?.length === 1) {
        const s = only;
        return [
          {
            reply: { key: "price", service: s.name, price: fmt(s), minutes: s.durationMinutes },
            citations: [{ label: labelsOf.services, href: paths.section("services") }],
            topic: { serviceId: s.id },
          },
        ];
      }
      const dept = found.departments[0];
      const list =
        services ?? (dept ? k.services.filter((s) => s.departmentId === dept.id) : k.services);
      if (list.length === 0) return null;
      return [
        {
          reply: {
            key: "services",
            subject: services ? null : (dept?.name ?? null),
            services: list.slice(0, 12).map((s) => ({
              name: s.name,
              price: fmt(s),
              minutes: s.durationMinutes,
            })),
          },
          citations: [{ label: labelsOf.services, href: paths.section("services") }],
          topic: dept ? { departmentId: dept.id } : {},
        },
      ];
    }
    case "availability": {
      const times = await findTimes(input, found, calls);
      if (!times) {
        if (k.services.length === 0) return null;
        return [
          {
            reply: { key: "whichService", services: k.services.slice(0, 8).map((s) => s.name) },
            citations: [{ label: labelsOf.services, href: paths.section("services") }],
          },
        ];
      }
      const citation = { label: labelsOf.booking, href: paths.section("book") };
      if (times.slots.length === 0) {
        return [
          {
            reply: {
              key: "noFreeTimes",
              subject: times.subject,
              day: dayLabel(times.day, lang),
              next: times.next ? dayLabel(times.next, lang) : null,
            },
            citations: [citation],
            topic: times.topic,
          },
        ];
      }
      return [
        {
          reply: {
            key: "freeTimes",
            subject: times.subject,
            day: dayLabel(times.day, lang),
            times: times.slots.map((s) => s.label),
          },
          citations: [citation],
          actions: times.slots,
          topic: times.topic,
        },
      ];
    }
    case "products": {
      const query = u.terms.join(" ").trim();
      if (!query || (k.products.length === 0 && k.org.kind !== "pharmacy")) return null;
      const page = await findShopProducts(
        input.db,
        { id: k.org.id, currency: k.org.currency, timeZone: k.org.timeZone },
        { q: query.slice(0, 100), limit: 5 },
        input.now,
      );
      calls.push({ name: "searchPractice", input: { query }, ok: true });
      // Nothing by that name: "I don't know", with the practice's contact.
      if (page.items.length === 0) return null;
      return [
        {
          reply: {
            key: "products",
            items: page.items.map((p) => ({
              name: [p.name, p.strength].filter(Boolean).join(" "),
              price: formatMinor(p.priceMinor, p.currency),
              available: p.availability !== "out_of_stock",
              prescription: p.prescriptionOnly,
            })),
          },
          citations: page.items
            .slice(0, 3)
            .map((p) => ({ label: p.name, href: paths.product(p.id) })),
        },
      ];
    }
    case "my_appointments":
    case "my_invoices":
    case "my_orders":
      return [await ownRecords(intent, input, calls)];
    case "features": {
      const f = u.feature;
      if (!f) return null;
      const offered =
        f === "ambulance"
          ? k.org.features.includes("ambulance")
          : f === "refills"
            ? k.org.features.includes("prescription_refill")
            : f === "portal"
              ? k.org.features.includes("patient_portal")
              : f === "online_booking"
                ? k.services.length > 0
                : f === "delivery"
                  ? k.products.length > 0
                  : null;
      if (offered === null) return null;
      return [
        {
          reply: { key: "feature", feature: f, offered, practice: k.org.name },
          citations: [{ label: labelsOf.home, href: paths.home }],
        },
      ];
    }
    case "handover":
      return [
        { reply: { key: "handoverOffer" }, actions: [{ kind: "handover", label: l.handover }] },
      ];
    case "faq": {
      const part = faqPart(input, found);
      return part ? [part] : null;
    }
    default:
      return null;
  }
}

async function exceptionOn(db: Database, orgId: string, day: string) {
  const [row] = await db
    .select({
      closed: scheduleException.closed,
      intervals: scheduleException.intervals,
      reason: scheduleException.reason,
    })
    .from(scheduleException)
    .where(
      and(
        eq(scheduleException.organizationId, orgId),
        isNull(scheduleException.resourceId),
        lte(scheduleException.startsOn, day),
        gte(scheduleException.endsOn, day),
      ),
    )
    .limit(1);
  return row ?? null;
}

/** The service (and doctor) a question about free times is about, from the message or before. */
function bookingSubject(k: Knowledge, found: Found, topic: Topic) {
  const doctor =
    found.doctorByName.length === 1
      ? found.doctorByName[0]
      : found.doctorByName.length === 0 &&
          found.services.length === 0 &&
          found.departments.length === 0
        ? k.doctors.find((d) => d.id === topic.practitionerId)
        : undefined;
  const explicit = found.services[0];
  const deptId = found.departments[0]?.id ?? doctor?.departmentId ?? topic.departmentId;
  const inDept = deptId ? k.services.filter((s) => s.departmentId === deptId) : [];
  const service =
    explicit ??
    (doctor?.slotServiceId ? k.services.find((s) => s.id === doctor.slotServiceId) : undefined) ??
    inDept.find((s) => /consult|check|visit|exam/i.test(s.name)) ??
    inDept[0] ??
    (found.departments.length === 0 && !doctor
      ? k.services.find((s) => s.id === topic.serviceId)
      : undefined);
  if (!service) return null;
  return { service, doctor: doctor ?? null };
}

/** Free times for the question, as bookable actions: on the day asked, else the first day. */
async function findTimes(
  input: EngineInput,
  found: Found,
  calls: ToolCall[],
): Promise<(FreeTimes & { next: string | null; topic: Topic }) | null> {
  const { knowledge: k, understanding: u } = input;
  const subject = bookingSubject(k, found, input.topic);
  if (!subject) return null;
  const day = u.date ?? input.topic.date ?? null;
  const found2 = await freeTimes(input, {
    serviceId: subject.service.id,
    practitionerResourceId: subject.doctor?.resourceId ?? null,
    day,
    partOfDay: u.partOfDay,
    lang: u.lang,
  });
  calls.push({
    name: "findFreeTimes",
    input: { service: subject.service.name, doctor: subject.doctor?.name ?? null, date: day },
    ok: true,
  });
  const what = subject.doctor
    ? `${subject.service.name} — ${doctorName(subject.doctor)}`
    : subject.service.name;
  return {
    ...found2,
    subject: what,
    topic: {
      serviceId: subject.service.id,
      ...(subject.doctor ? { practitionerId: subject.doctor.id } : {}),
      ...(subject.service.departmentId ? { departmentId: subject.service.departmentId } : {}),
    },
  };
}

/**
 * Free start times of a service (with one doctor, or any) on `day`, or on the first day with
 * any in the next two weeks when no day is asked; `next` is the next day with times when the
 * day asked has none.
 */
export async function freeTimes(
  input: Pick<EngineInput, "db" | "knowledge" | "channel" | "now">,
  ask: {
    serviceId: string;
    practitionerResourceId: string | null;
    day: string | null;
    partOfDay?: "morning" | "afternoon" | "evening" | null;
    limit?: number;
    /** The language of the times' labels. */
    lang?: Lang;
  },
): Promise<{ day: string; slots: SlotAction[]; next: string | null }> {
  const k = input.knowledge;
  const org = { id: k.org.id, timeZone: k.org.timeZone };
  const today = localToday(input.now, k.org.timeZone);
  const from = ask.day && ask.day >= today ? ask.day : today;
  const result = await searchAvailability(
    input.db,
    org,
    {
      serviceId: ask.serviceId,
      practitionerResourceId: ask.practitionerResourceId,
      fromDate: from,
      days: ask.day ? 1 : 14,
      limit: 200,
    },
    input.now,
  );
  const inPart = (start: Date) => {
    if (!ask.partOfDay) return true;
    const hour = Number(clockOf(start, k.org.timeZone).slice(0, 2));
    return ask.partOfDay === "morning"
      ? hour < 12
      : ask.partOfDay === "afternoon"
        ? hour >= 12 && hour < 17
        : hour >= 17;
  };
  const all = result.slots.filter((s) => inPart(s.start));
  const firstDay = all[0] ? localToday(all[0].start, k.org.timeZone) : (ask.day ?? from);
  const onDay = all.filter((s) => localToday(s.start, k.org.timeZone) === firstDay);
  let next: string | null = null;
  if (onDay.length === 0 && ask.day) {
    const later = await searchAvailability(
      input.db,
      org,
      {
        serviceId: ask.serviceId,
        practitionerResourceId: ask.practitionerResourceId,
        fromDate: addDays(from, 1),
        days: 14,
        limit: 1,
      },
      input.now,
    );
    next = later.slots[0] ? localToday(later.slots[0].start, k.org.timeZone) : null;
  }
  const doctorResources = new Set(k.doctors.map((d) => d.resourceId));
  const slots = spread(onDay, ask.limit ?? 6).map((s): SlotAction => {
    const practitionerResourceId =
      ask.practitionerResourceId ?? s.resourceIds.find((r) => doctorResources.has(r)) ?? null;
    return {
      kind: "slot",
      label: timeOf(s.start, k.org, ask.lang ?? "en"),
      start: s.start,
      serviceId: ask.serviceId,
      practitionerResourceId,
      href: bookingHref(input.channel, k.org.slug, ask.serviceId, practitionerResourceId, s.start),
    };
  });
  return { day: firstDay, slots, next };
}

/** A few times across the day rather than the first few minutes of it. */
function spread<T>(list: T[], n: number): T[] {
  if (list.length <= n) return list;
  const out: T[] = [];
  for (let i = 0; i < n; i++) {
    const item = list[Math.floor((i * list.length) / n)];
    if (item !== undefined) out.push(item);
  }
  return out;
}

/** Where a free time's button leads: the site's booking widget or the portal's, prefilled. */
export function bookingHref(
  channel: "site" | "portal",
  slug: string,
  serviceId: string,
  practitionerResourceId: string | null,
  start: Date,
): string {
  const params = new URLSearchParams({ service: serviceId });
  if (practitionerResourceId) params.set("doctor", practitionerResourceId);
  params.set("start", start.toISOString());
  return channel === "portal"
    ? `/portal/book?${params.toString()}`
    : `${sitePaths(slug).home}#book?${params.toString()}`;
}

/** The portal patient's own upcoming appointments, invoices or orders; on the site: sign in. */
async function ownRecords(
  intent: "my_appointments" | "my_invoices" | "my_orders",
  input: EngineInput,
  calls: ToolCall[],
): Promise<Part> {
  const { knowledge: k, understanding: u, patient } = input;
  const lang = u.lang;
  const what =
    intent === "my_appointments"
      ? "appointments"
      : intent === "my_invoices"
        ? "invoices"
        : "orders";
  if (!patient) {
    return {
      reply: { key: "signIn", what },
      actions: [{ kind: "link", label: citationLabels[lang].portal, href: "/portal" }],
    };
  }
  calls.push({ name: "myRecords", input: { what }, ok: true });
  const portal = { label: citationLabels[lang].portal, href: "/portal" };
  const when = (d: Date) =>
    new Intl.DateTimeFormat(replyTag(k.org, lang), {
      timeZone: k.org.timeZone,
      weekday: "long",
      day: "numeric",
      month: "long",
      hour: "numeric",
      minute: "2-digit",
    }).format(d);
  if (what === "appointments") {
    const rows = (
      await listPatientAppointments(patient.db, patient.org.id, patient.patient.id, input.now)
    ).filter(
      (a) => a.startsAt >= input.now && ["pending", "confirmed", "in_progress"].includes(a.status),
    );
    if (rows.length === 0) return { reply: { key: "noAppointments" }, citations: [portal] };
    return {
      reply: {
        key: "myAppointments",
        items: rows.slice(0, 5).map((a) => ({
          when: when(a.startsAt),
          service: a.serviceName,
          doctor: null,
          status: a.status,
        })),
      },
      citations: [portal],
    };
  }
  if (what === "invoices") {
    const page = await myInvoices(patient, { limit: 10 });
    const open = page.items.filter((i) => i.status === "issued");
    if (open.length === 0) {
      return { reply: { key: "noInvoices" }, citations: [{ ...portal, href: "/portal/payments" }] };
    }
    return {
      reply: {
        key: "myInvoices",
        items: open.slice(0, 5).map((i) => ({
          number: String(i.number ?? ""),
          total: formatMinor(i.totalMinor, i.currency),
          due: i.dueOn ?? "",
          status: i.status,
        })),
      },
      citations: [{ ...portal, href: "/portal/payments" }],
    };
  }
  const page = await myOrders(patient, { limit: 5 });
  if (page.items.length === 0) {
    return { reply: { key: "noOrders" }, citations: [{ ...portal, href: "/portal/orders" }] };
  }
  return {
    reply: {
      key: "myOrders",
      items: page.items.map((o) => ({
        number: String(o.number),
        status: o.status,
        total: formatMinor(o.totalMinor, o.currency),
      })),
    },
    citations: [{ ...portal, href: "/portal/orders" }],
  };
}
