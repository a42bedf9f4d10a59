// English equivalents of specialty and service words (Arabic and English synonyms, US/UK
// spellings), added to a message's terms so retrieval finds "Cardiology" from "القلب".
import { foldArabic, stripArabicPrefixes } from "./normalize";

/** What a lexicon word names: a medical specialty or a treatment the practice sells. */
export type LexiconKind = "specialty" | "service";

interface Entry {
  words: string[];
  terms: string[];
  kind: LexiconKind;
}

const ENTRIES: Entry[] = [
  // Arabic specialties
  { words: ["قلب", "قلبيه"], terms: ["cardiology", "heart"], kind: "specialty" },
  {
    words: ["اسنان", "سنان", "ضرس", "ضروس", "ضرسي"],
    terms: ["dental", "dentistry", "teeth"],
    kind: "specialty",
  },
  {
    words: ["اطفال", "طفل", "اطفالي"],
    terms: ["paediatrics", "pediatrics", "children"],
    kind: "specialty",
  },
  { words: ["جلديه", "جلد", "جلدي"], terms: ["dermatology", "skin"], kind: "specialty" },
  { words: ["عظام", "عظم"], terms: ["orthopaedics", "orthopedics", "bones"], kind: "specialty" },
  {
    words: ["نسا", "نساء", "توليد", "نسائيه"],
    terms: ["obstetrics", "gynaecology", "gynecology"],
    kind: "specialty",
  },
  { words: ["عيون", "عين", "رمد"], terms: ["ophthalmology", "eyes"], kind: "specialty" },
  { words: ["انف", "اذن", "حنجره"], terms: ["ENT", "ear", "nose", "throat"], kind: "specialty" },
  { words: ["باطنه", "باطنيه", "باطني"], terms: ["internal medicine"], kind: "specialty" },
  { words: ["جراحه", "جراح"], terms: ["surgery"], kind: "specialty" },
  { words: ["طوارئ", "طواري"], terms: ["emergency"], kind: "specialty" },
  { words: ["صدر", "صدريه"], terms: ["chest", "pulmonology", "respiratory"], kind: "specialty" },
  { words: ["مخ", "اعصاب"], terms: ["neurology"], kind: "specialty" },
  { words: ["نفسيه"], terms: ["psychiatry", "mental health"], kind: "specialty" },
  { words: ["مسالك"], terms: ["urology"], kind: "specialty" },
  { words: ["كلي"], terms: ["nephrology", "kidney"], kind: "specialty" },
  { words: ["سكر", "السكري"], terms: ["diabetes", "endocrinology"], kind: "specialty" },
  { words: ["تجميل"], terms: ["cosmetic", "plastic surgery"], kind: "specialty" },
  { words: ["حمل"], terms: ["pregnancy", "obstetrics"], kind: "specialty" },
  // Arabic services
  { words: ["تنظيف"], terms: ["cleaning"], kind: "service" },
  { words: ["تقويم"], terms: ["orthodontics", "braces"], kind: "service" },
  { words: ["حشو", "حشوه", "حشوات"], terms: ["filling"], kind: "service" },
  { words: ["خلع"], terms: ["extraction"], kind: "service" },
  { words: ["تبييض", "تبيض"], terms: ["whitening"], kind: "service" },
  { words: ["كشف"], terms: ["consultation"], kind: "service" },
  { words: ["استشاره"], terms: ["consultation"], kind: "service" },
  { words: ["اشعه", "اكس"], terms: ["x-ray", "radiology"], kind: "service" },
  { words: ["تحاليل", "تحليل"], terms: ["lab tests", "laboratory", "tests"], kind: "service" },
  { words: ["سونار"], terms: ["ultrasound"], kind: "service" },
  {
    words: ["تطعيم", "تطعيمات", "لقاح", "لقاحات"],
    terms: ["vaccination", "vaccine"],
    kind: "service",
  },
  { words: ["زراعه"], terms: ["implant", "implants"], kind: "service" },
  { words: ["عصب"], terms: ["root canal"], kind: "service" },
  { words: ["ليزر"], terms: ["laser"], kind: "service" },
  { words: ["متابعه"], terms: ["follow-up"], kind: "service" },
  { words: ["تركيب"], terms: ["crown", "fitting"], kind: "service" },
  // English synonyms and spellings
  {
    words: ["heart", "cardiac", "cardio", "cardiologist", "cardiologists"],
    terms: ["cardiology", "heart"],
    kind: "specialty",
  },
  { words: ["cardiology"], terms: ["heart"], kind: "specialty" },
  {
    words: [
      "kids",
      "kid",
      "children",
      "child",
      "baby",
      "babies",
      "pediatrician",
      "paediatrician",
      "pediatric",
      "paediatric",
      "pediatricians",
      "paediatricians",
    ],
    terms: ["paediatrics", "pediatrics"],
    kind: "specialty",
  },
  { words: ["pediatrics", "paediatrics"], terms: ["paediatrics", "pediatrics"], kind: "specialty" },
  {
    words: ["teeth", "tooth", "dentist", "dentists", "dentistry"],
    terms: ["dental"],
    kind: "specialty",
  },
  { words: ["dental"], terms: ["dentistry", "teeth"], kind: "specialty" },
  { words: ["skin", "dermatologist", "dermatologists"], terms: ["dermatology"], kind: "specialty" },
  {
    words: [
      "bone",
      "bones",
      "orthopedic",
      "orthopaedic",
      "orthopedist",
      "orthopaedist",
      "orthopedics",
      "orthopaedics",
    ],
    terms: ["orthopaedics", "orthopedics"],
    kind: "specialty",
  },
  {
    words: [
      "gynecology",
      "gynaecology",
      "gynecologist",
      "gynaecologist",
      "gyno",
      "obgyn",
      "ob-gyn",
    ],
    terms: ["gynaecology", "gynecology", "obstetrics"],
    kind: "specialty",
  },
  {
    words: ["obstetrician", "obstetrics", "antenatal", "prenatal", "pregnancy"],
    terms: ["obstetrics", "gynaecology", "gynecology"],
    kind: "specialty",
  },
  {
    words: ["eye", "eyes", "ophthalmologist", "ophthalmology", "optometrist", "vision"],
    terms: ["ophthalmology", "eyes"],
    kind: "specialty",
  },
  { words: ["ent", "ear", "ears", "nose", "throat"], terms: ["ENT"], kind: "specialty" },
  {
    words: ["neurologist", "neurology", "brain", "nerves"],
    terms: ["neurology"],
    kind: "specialty",
  },
  {
    words: ["psychiatrist", "psychiatry", "psychologist", "therapist", "mental"],
    terms: ["psychiatry", "mental health"],
    kind: "specialty",
  },
  { words: ["urologist", "urology"], terms: ["urology"], kind: "specialty" },
  { words: ["anesthesia", "anaesthesia"], terms: ["anaesthesia", "anesthesia"], kind: "specialty" },
  { words: ["hematology", "haematology"], terms: ["haematology", "hematology"], kind: "specialty" },
  {
    words: ["braces", "orthodontist", "orthodontics", "aligners"],
    terms: ["orthodontics", "braces"],
    kind: "service",
  },
  {
    words: ["xray", "x-ray", "x-rays", "xrays", "radiology", "scan"],
    terms: ["x-ray", "radiology"],
    kind: "service",
  },
  {
    words: ["physio", "physiotherapy", "physiotherapist"],
    terms: ["physiotherapy", "physical therapy"],
    kind: "service",
  },
  { words: ["checkup", "check-up"], terms: ["consultation", "check-up"], kind: "service" },
  {
    words: [
      "vaccine",
      "vaccines",
      "vaccination",
      "vaccinations",
      "jab",
      "jabs",
      "immunisation",
      "immunization",
    ],
    terms: ["vaccination", "vaccine"],
    kind: "service",
  },
  {
    words: [
      "cleaning",
      "scaling",
      "whitening",
      "filling",
      "fillings",
      "extraction",
      "implant",
      "implants",
    ],
    terms: [],
    kind: "service",
  },
  // Arabic words of everyday practice questions (the FAQ is usually written in English)
  { words: ["موقف", "مواقف", "باركنج", "ركن"], terms: ["parking", "park", "car"], kind: "service" },
  { words: ["تامين", "التامين"], terms: ["insurance"], kind: "service" },
  { words: ["الغاء", "الغي"], terms: ["cancel", "cancellation"], kind: "service" },
  { words: ["توصيل", "دليفري"], terms: ["delivery", "deliver"], kind: "service" },
  { words: ["دفع", "فيزا", "كاش"], terms: ["payment", "pay", "card", "cash"], kind: "service" },
];

/** Multi-word Arabic and English names, matched on the normalised message. */
const PHRASES: [RegExp, string[], LexiconKind][] = [
  [/انف\s+و\s*اذن/u, ["ENT", "ear", "nose", "throat"], "specialty"],
  [/نساء?\s+و\s*توليد/u, ["obstetrics", "gynaecology", "gynecology"], "specialty"],
  [/علاج\s+طبيعي/u, ["physiotherapy", "physical therapy"], "service"],
  [/مخ\s+و\s*اعصاب/u, ["neurology"], "specialty"],
  [/طب\s+نفسي/u, ["psychiatry", "mental health"], "specialty"],
  [/\binternal medicine\b/, ["internal medicine"], "specialty"],
  [/\bblood tests?\b/, ["lab tests", "blood test"], "service"],
  [/\broot canal\b/, ["root canal"], "service"],
  [/\bgeneral practi(ce|tioner)\b|\bgp\b/, ["general practice"], "specialty"],
];

const BY_WORD = new Map<string, Entry>();
for (const entry of ENTRIES) {
  for (const word of entry.words) BY_WORD.set(foldArabic(word), entry);
}

/** What the lexicon found in a message: English terms to add and the kinds of words seen. */
export interface LexiconMatch {
  terms: string[];
  kinds: Set<LexiconKind>;
}

/**
 * English equivalents for the specialty and service words among `tokens` (normalised words) and
 * in `normalized` (the whole normalised message, for multi-word names).
 */
export function lookUp(tokens: readonly string[], normalized: string): LexiconMatch {
  const terms: string[] = [];
  const kinds = new Set<LexiconKind>();
  for (const token of tokens) {
    // Short words with an attached "and"/"with"/"for" ("وحشو", "بخلع") keep no prefix otherwise.
    const entry =
      BY_WORD.get(token) ??
      BY_WORD.get(stripArabicPrefixes(token)) ??
      (/^[وبل]/.test(token) && token.length >= 4 ? BY_WORD.get(token.slice(1)) : undefined);
    if (!entry) continue;
    terms.push(...entry.terms);
    kinds.add(entry.kind);
  }
  for (const [pattern, phraseTerms, kind] of PHRASES) {
    if (pattern.test(normalized)) {
      terms.push(...phraseTerms);
      kinds.add(kind);
    }
  }
  return { terms, kinds };
}
