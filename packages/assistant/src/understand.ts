// Reading a visitor's message: which intents it carries (weighted phrase tables, English and
// Arabic), a red flag, the day and part of day it names, the feature asked about, and the
// content words retrieval matches against.
import { resolveDay, resolvePartOfDay } from "./dates";
import { lookUp } from "./lexicon";
import {
  STOP_WORDS,
  foldArabic,
  hasArabic,
  normalize,
  stripArabicPrefixes,
  tokenize,
} from "./normalize";
import { detectRedFlag } from "./red-flags";
import type { FeatureTopic, Intent, UnderstandOptions, Understanding } from "./types";

/** A pattern (on the normalised message; Arabic is folded when compiled) and its weight. */
type Rule = [pattern: string, weight: number];
type ScoredIntent = Exclude<Intent, "emergency" | "unknown" | "features">;

const L = "(?<!\\p{L})";
const LE = "(?!\\p{L})";

const RULES: Record<ScoredIntent, Rule[]> = {
  medical_advice: [
    [
      "\\bwhat (should|can|do|could|shall|must) (i|he|she|we|they|my \\w+) (take|give|use|put|drink) (for|about|to|when|if)\\b",
      5,
    ],
    ["\\bwhat (to|should i|can i) (take|give|use)\\b", 4],
    [
      "\\bhow (many|much) (mg|milligrams?|ml|mls|grams?|tablets?|pills?|capsules?|drops|doses?|spoons?|teaspoons?|puffs?|units)\\b",
      5,
    ],
    [
      "\\bhow (many|much) \\w+( \\w+)? (should|can|do|could|must|may) (i|he|she|we|they|my \\w+) (take|give|have|use)\\b",
      5,
    ],
    [
      "\\bhow (often|many times)( a day| per day)? (should|can|do|must) (i|he|she|we|they) (take|give|use)\\b",
      5,
    ],
    ["\\b(dose|doses|dosage|dosing)\\b", 4],
    [
      "\\bis (it|this|that|my \\w+) (cancer|cancerous|serious|dangerous|normal|contagious|infected|an infection|broken|fractured|a tumou?r|malignant)\\b(?! to (wait|book|pay|cancel|call|come|ask))",
      5,
    ],
    [
      "\\b(do i have|have i got|could it be|might it be|could this be|do you think i have|does (he|she) have) (a |an )?(cancer|diabetes|covid|infection|tumou?r|stroke|fracture|disease|\\w+itis)\\b",
      5,
    ],
    ["\\bwhat do (i|you think i|he|she) have\\b", 5],
    ["\\bwhat(s| is) wrong with (me|my|him|her)\\b", 5],
    [
      "\\b(can|could|would|will) you (please )?diagnose\\b|\\bdiagnose (me|my|him|her|this|it|what)\\b|\\b(what is|whats|what would be) (my|the|his|her|your) diagnosis\\b",
      4,
    ],
    [
      "\\b(can|should|may|could) (i|he|she|we) (take|mix|combine|drink) \\w+( \\w+)? (with|and|while|if|when|during|after|before|together)\\b",
      5,
    ],
    ["\\bshould (i|he|she) (stop|keep|continue) (taking|using)\\b", 5],
    ["\\bside ?effects?\\b", 4],
    [
      "\\b(what|which) (medicine|medication|antibiotic|tablet|pill|cream|drug|painkiller|ointment|syrup)s? (should|can|could|do|is good|is best|works|for|to)\\b",
      5,
    ],
    ["\\bis (it|this|that) (safe|ok|okay|fine) to (take|use|give|mix)\\b", 5],
    ["\\bwhat (does|do) (my|these|this|the) (results?|symptoms?)\\b", 4],
    ["جرعه", 4],
    [
      "(اخد|اخذ|اخود|اشرب|استعمل|اديله|اديها|اعطيه|اعطيها|ناخد|ياخد|تاخد|ناخذ|ياخذ|تاخذ|ادي)\\s+(ايه|ايش|شو|وش|كام|اي دوا|اي علاج|انهي)(?!\\p{L})",
      5,
    ],
    ["(عندي|عنده|عندها|عندك|عند ابني|عند بنتي|عند ابويا|عند امي)\\s+(ايه|ايش|شو|وش)(?!\\p{L})", 5],
    ["(ايه|ايش|شو|وش|ما هو|ما هي)\\s+(ال)?(علاج|دوا|دواء)\\s+(ال)?(مناسب|ل|لل|بتاع|اللي)", 4],
    ["(علاج|دوا|دواء)\\s+(ايه|ايش|شو|وش)", 4],
    ["هل (ده|دا|هذا|هذه|دي|هو|هي)\\s+(سرطان|خطير|خطيره|طبيعي|معدي|ورم|كسر)", 5],
    ["(عندي|عنده|عندها)\\s+(سرطان|ورم)\\s*\\?", 4],
    ["(ايه|ما هو|ايش|شو|وش)\\s+(ال)?تشخيص|(تشخصني|تشخصلي|شخصني|شخصلي|تشخص حالتي|تشخيص حالتي)", 4],
    ["كام\\s+(حبايه|حبه|قرص|برشامه|كبسوله|مره|مرات|ملي|مجم|ملجم|معلقه|بخه|نقطه)", 5],
    ["(اعمل|نعمل|اسوي)\\s+(ايه|ايش|شو|وش)\\s+(ل|في|عشان|مع)", 4],
    ["(اعراض|اثار)\\s+جانبيه", 4],
    ["ينفع\\s+(اخد|اخذ|اشرب|ادي)", 4],
  ],
  greeting: [
    [
      "^(hi|hello|hey|hiya|howdy|greetings|good (morning|afternoon|evening|day)|salam|salaam|assalamu? ?alaikum|as ?salam|yo)\\b",
      1,
    ],
    [
      "^(السلام عليكم|سلام|مرحبا|مرحبتين|اهلا|اهلين|هاي|هلو|هلا|صباح الخير|مساء الخير|صباح النور|ازيك|ازيكم|السلام)",
      1,
    ],
  ],
  thanks: [
    [
      "\\b(thank you|thanks|thank u|thanx|thx|ty|cheers|appreciate it|much appreciated|great thanks|bye|goodbye|good bye|see you)\\b",
      1,
    ],
    [
      "(شكرا|متشكر|متشكره|مشكور|مشكوره|تسلم|تسلمي|تسلموا|يعطيك العافيه|الف شكر|جزاك الله|ميرسي|ممنون|مع السلامه|في امان الله|باي)",
      1,
    ],
  ],
  handover: [
    [
      "\\b(talk|speak|chat) (to|with) (a |an |the |some |your )?(real |actual |live )?(person|human|someone|somebody|agent|receptionist|reception|staff|operator|representative|manager|nurse|people|team|member of staff)\\b",
      5,
    ],
    ["\\b(real|live|actual) (person|human|agent)\\b", 5],
    ["\\bhuman\\b", 2],
    ["\\b(call|ring|phone) me( back)?\\b", 5],
    ["\\bcall ?back\\b", 4],
    ["\\btransfer me\\b", 5],
    ["\\b(receptionist|front desk)\\b", 2],
    [
      "(اكلم|اتكلم|كلم|اتواصل|احكي|اتحدث|اكلمك|نكلم)\\s+(مع\\s+)?(حد|شخص|موظف|موظفه|انسان|بني ادم|بنادم|الاستقبال|مسؤول|مسئول|احد|حدا|انسانه)",
      5,
    ],
    ["(موظف|موظفه|خدمه العملاء|الاستقبال|ريسيبشن)", 2],
    [
      "(كلموني|كلمني|اتصلوا بي|اتصلو بي|اتصلوا عليا|رنوا علي|اتصل بي|اتصلي بي|حد يكلمني|حد يتصل|اتصلوا علي|كلموني)",
      5,
    ],
  ],
  hours: [
    [
      "\\b(opening|closing|working|business|office|clinic|surgery|pharmacy) (hours|times|time|days)\\b",
      5,
    ],
    ["\\bhours\\b", 3],
    ["\\b(open|opened|opens|close|closes|closing|closed)\\b", 3],
    ["\\bwhat time\\b", 2],
    ["\\b(timings|24/7|weekends?)\\b", 2],
    ["مواعيد\\s+(ال)?(عمل|عياده|مركز|صيدليه|شغل|فتح|دوام)", 5],
    [`${L}(ال)?(مواعيد|مواعيدكم|مواعيدك)${LE}`, 3],
    [
      "(بتفتحوا|تفتحوا|تفتحون|بتفتح|تفتح|فاتحين|مفتوح|مفتوحين|بتقفلوا|تقفلوا|بتقفل|تقفل|تسكرون|تسكروا|قافلين|مقفول|مقفولين|شغالين|دوام|الدوام|اوقات العمل|ساعات العمل|مواعيد العمل|اجازه|اجازتكم)",
      3,
    ],
    ["الساعه كام", 2],
  ],
  location: [
    [
      "\\bwhere (are|is|r) (you|u|the clinic|the practice|your|it|the pharmacy|ur|the surgery|the centre|the center)\\b",
      5,
    ],
    ["\\bwhere\\b", 1],
    ["\\b(address|directions|located|location|map|postcode|zip code|google maps|landmark)\\b", 4],
    [
      "\\bhow (do|can|would) (i|we) (get|find|reach|come) (to )?(you|there|the clinic|the practice)\\b",
      5,
    ],
    ["\\b(near|nearest|branch|branches|area)\\b", 1],
    [`${L}(فين|وين|اين|مكانكم|مكانك|مكان العياده|فينكم|وينكم)${LE}`, 3],
    ["(العنوان|عنوان|عنوانكم|لوكيشن|اللوكيشن|موقعكم|خريطه|الخريطه)", 4],
    ["(ازاي|كيف|ازاى)\\s+(اوصل|اجيلكم|اجي|نوصل|اوصلكم)", 5],
    [`${L}(فرع|فروع|فروعكم)${LE}`, 1],
  ],
  contact: [
    [
      "\\b(phone|telephone|tel|mobile|cell|landline|whatsapp|contact) (number|no|details|info)\\b",
      5,
    ],
    ["\\b(phone|telephone|email|e-mail|whatsapp|contact|number)\\b", 2],
    [
      "\\b(call|ring|phone|email|text|message) (you|u|the clinic|the practice|the office|reception)\\b",
      5,
    ],
    ["\\b(reach|contact) (you|u|the clinic|the practice)\\b", 5],
    [
      "(رقم|رقمكم|تليفون|تلفون|التليفون|التلفون|موبايل|جوال|الجوال|هاتف|واتس|واتساب|الواتس|ايميل|الايميل|البريد|بريد)",
      3,
    ],
    ["(اتصل بيكم|اكلمكم|اتواصل معاكم|اتواصل معكم|التواصل|نتواصل|اتصل عليكم|اكلمكو)", 4],
  ],
  doctors: [
    [
      "\\b(doctor|doctors|dr|drs|physician|physicians|specialist|specialists|consultant|consultants|surgeon|surgeons|practitioner|practitioners|gp|gps|medic|medics)\\b",
      3,
    ],
    ["\\b\\w+(ologists?|iatricians?|iatrists?|odontists?|opaths?)\\b", 2],
    [
      "\\b(dentist|dentists|nurse|nurses|midwife|midwives|therapist|therapists|physio|physiotherapist|optician)\\b",
      3,
    ],
    ["\\bwho (treats|sees|does|can see|can treat|is the|works|will see|would see)\\b", 3],
    ["\\b(male|female|lady|woman) (doctor|dentist|gynaecologist|gynecologist)\\b", 2],
    [
      "(دكتور|دكتوره|دكاتره|دكتورة|طبيب|طبيبه|اطباء|اخصائي|اخصائيه|استشاري|استشاريه|جراح|ممرض|ممرضه|دكتورك)",
      3,
    ],
    ["مين\\s+(بيعالج|يعالج|الدكتور|دكتور|الطبيب|بيكشف|يكشف|الاخصائي)", 3],
  ],
  services: [
    ["\\b(services|service|treatments|treatment|procedures|procedure|therapies|therapy)\\b", 3],
    ["\\bdo you (do|offer|provide|perform|treat|carry out|fix|fit)\\b", 2],
    ["\\b(offer|provide|perform)\\b", 1],
    ["\\bwhat (can|do) you (do|treat|offer)\\b", 3],
    [
      "(خدمات|خدمه|الخدمات|خدماتكم|علاج|العلاج|بتعالجوا|تعالجون|بتعملوا|تسوون|بتسووا|عمليات|عمليه|جلسات|جلسه)",
      2,
    ],
  ],
  prices: [
    ["\\bhow much\\b", 3],
    [
      "\\b(price|prices|pricing|priced|cost|costs|costing|fee|fees|charge|charges|rate|rates|tariff|expensive|cheap|cheapest|affordable|discount|discounts|offers)\\b",
      3,
    ],
    [
      "(بكام|بكم|سعر|السعر|اسعار|الاسعار|اسعاركم|تكلفه|التكلفه|بيتكلف|يكلف|تكلف|كلفه|قديش|حق الكشف|فلوس|الفلوس|غالي|رخيص|خصم|خصومات)",
      3,
    ],
    [`${L}(كام|كم)${LE}`, 1],
  ],
  availability: [
    [
      "\\b(free|available|availability|vacant|open|any) (time|times|slot|slots|appointment|appointments|spot|spots|space)\\b",
      5,
    ],
    ["\\b(available|availability|slot|slots|free)\\b", 3],
    ["\\b(book|booking|schedule|reserve|make an appointment|get an appointment|get in)\\b", 3],
    ["\\bappointments?\\b", 2],
    ["\\b(can|could|may) (i|we) (come|see|visit|book|get)\\b", 3],
    ["\\b(earliest|soonest|next available|first available|asap)\\b", 4],
    ["\\bsee (a|the|dr|doctor)\\b", 2],
    [`${L}(ال)?(موعد|ميعاد|معاد)${LE}`, 3],
    ["(حجز|احجز|نحجز|الحجز|احجزلي|يحجز|احجزي)(?!ي|ى)", 3],
    ["(فاضي|فاضيه|فاضيين|متاح|متاحه|مكان فاضي|اقرب ميعاد|اقرب موعد|اقرب معاد)", 4],
    ["(ينفع|اقدر|ممكن|اقدر)\\s+(اجي|اجيلكم|احضر|اشوف|اكشف)", 3],
  ],
  products: [
    ["\\bdo you (have|sell|stock|carry|got)\\b", 1],
    ["\\b(in stock|out of stock|stock|sell|selling|buy|purchase)\\b", 3],
    ["\\border\\b", 2],
    [
      "\\b(medicine|medicines|medication|medications|meds|drug|drugs|tablets|pills|capsules|cream|creams|ointment|syrup|drops|spray|inhaler|vitamins?|supplements?|pharmacy|chemist|painkillers?|antibiotics?|masks?|glasses|lenses|toothpaste|toothbrush|sunscreen|bandages?|plasters?|formula|nappies|diapers)\\b",
      2,
    ],
    ["(دوا|دواء|ادويه)", 2],
    ["(عندكم|عندكو|عندك|موجود|متوفر|متوفره)", 1],
    [
      "(صيدليه|الصيدليه|اشتري|بتبيعوا|تبيعون|تبيعوا|بتبيع|حبوب|كريم|مرهم|شراب|قطره|فيتامين|فيتامينات|بخاخ|كمامه|كمامات|لبوس|اقراص|برشام|مكمل|معجون|فرشه|نضاره|عدسات)",
      2,
    ],
    ["(اطلب|اطلبه|اوردر)", 2],
  ],
  my_appointments: [
    [
      "\\bmy (next |upcoming |last |previous |current |future )?(appointment|appointments|booking|bookings|visit|visits|reservation|reservations)\\b",
      6,
    ],
    ["\\bwhen is my\\b", 5],
    ["\\b(did i book|have i booked|am i booked|i booked|i have an appointment)\\b", 5],
    [
      "(موعدي|مواعيدي|ميعادي|معادي|حجزي|حجوزاتي|الحجز بتاعي|الموعد بتاعي|الميعاد بتاعي|موعدنا|حجزت)",
      6,
    ],
  ],
  my_invoices: [
    [
      "\\bmy (bill|bills|invoice|invoices|balance|statement|receipt|receipts|account balance|payment|payments|dues)\\b",
      6,
    ],
    [
      "\\b(what|how much) do i owe\\b|\\bi owe\\b|\\bdo i owe\\b|\\boutstanding (balance|amount|bill)\\b",
      6,
    ],
    [
      "(فاتورتي|فواتيري|الفاتوره بتاعتي|الفواتير بتاعتي|حسابي|عليا كام|علي كام|المستحق علي|مديونيتي|المبلغ المطلوب مني|ايصالي|كم علي|كم عليا)",
      6,
    ],
  ],
  my_orders: [
    ["\\bmy (order|orders|delivery|parcel|package|purchase|shipment)\\b", 6],
    ["\\bwhere is my\\b", 3],
    ["\\b(order status|track(ing)? (my )?order)\\b", 6],
    ["(طلبي|طلباتي|الطلب بتاعي|الاوردر بتاعي|اوردري|طلبيتي|شحنتي)", 6],
    ["الاوردر", 2],
  ],
  faq: [
    ["\\b(parking|park|car park)\\b", 4],
    [
      "\\b(insurance|insurances|insured|insurer|covered by|medical aid|medicare|nhs|axa|bupa|allianz)\\b",
      4,
    ],
    [
      "\\b(cancel|cancellation|cancelling|canceling|reschedule|rescheduling|refund|refunds|no show|late)\\b",
      3,
    ],
    [
      "\\b(payment methods?|pay by|pay with|pay in|card|cards|credit card|debit card|cash|installments?|instalments?|apple pay|visa|mastercard)\\b",
      3,
    ],
    ["\\b(wheelchair|accessible|accessibility|disabled|disability|lift|elevator|ramp)\\b", 4],
    ["\\b(wi-?fi|internet)\\b", 4],
    [
      "\\b(policy|policies|rules|allowed|bring|prepare|preparation|fasting|walk-?ins?|walk in|languages?|speak arabic|speak english|children allowed|pets|privacy|wait|waiting time|waiting list)\\b",
      3,
    ],
    ["\\b(test |lab |blood |scan |x-ray )?results?\\b", 2],
    ["\\bdo you (accept|take)\\b", 3],
    ["(موقف|مواقف|ركن|اركن|باركينج|جراج|جراش)", 4],
    [`${L}(و|ب|بال|لل|ال|وال)?(تامين|تامينات|نقابه)${LE}`, 4],
    [
      "(الغاء|الغي|اغير الميعاد|اغير الموعد|تغيير الموعد|تغيير الميعاد|استرداد|استرجاع|تاخير|اتاخر)",
      3,
    ],
    ["(فيزا|كاش|كريديت|تقسيط|قسط|اقساط|ادفع|الدفع|طرق الدفع|انستاباي|مدي|ابل باي)", 3],
    ["(كرسي متحرك|كراسي متحركه|اسانسير|مصعد|ذوي الاحتياجات|ذوي الهمم|منحدر)", 4],
    ["(واي فاي|وايفاي|انترنت)", 4],
    [
      "(سياسه|السياسه|مسموح|ممنوع|اجيب معايا|احضر معي|صايم|صيام|الشروط|بتقبلوا|تقبلون|تقبلوا|بتاخدوا|خصوصيه)",
      3,
    ],
  ],
};

/** Feature topics: patterns and weights (a topic's score is its strongest pattern). */
const FEATURES: Record<FeatureTopic, Rule[]> = {
  ambulance: [
    ["\\bambulances?\\b", 5],
    ["(اسعاف|عربيه اسعاف)", 5],
  ],
  delivery: [
    ["\\b(deliver|delivers|delivery|deliveries|home delivery|shipping|courier)\\b", 5],
    ["\\b(ship|send) (it|them|medicine|medicines|the order|orders|to)\\b", 4],
    ["(توصيل|دليفري|بتوصلوا|توصلون|توصلوا|بتوصلو|يوصل|بتوصل|شحن)", 5],
  ],
  online_booking: [
    [
      "\\b(book|booking|appointments?|reserve) (online|on ?line|through (the |your )?(website|site|app|internet)|on (the |your )?(website|site|app|internet))\\b",
      8,
    ],
    ["\\bonline (booking|appointment|appointments|scheduling|reservation)\\b", 8],
    [
      "(حجز|احجز|الحجز|نحجز)\\s+(اونلاين|اون لاين|الكتروني|من الموقع|من النت|علي النت|ع النت|من التطبيق|من الابلكيشن|اون لين)",
      8,
    ],
  ],
  portal: [
    [
      "\\b(patient portal|portal|log ?in|logon|sign ?in|sign ?up|register|registration|my account|an account|create (an )?account|password)\\b",
      5,
    ],
    [
      "(بوابه|تسجيل الدخول|تسجيل دخول|اسجل دخول|حساب علي الموقع|باسورد|كلمه السر|كلمه المرور|اعمل حساب|انشاء حساب)",
      5,
    ],
  ],
  refills: [
    [
      "\\b(refill|refills|repeat prescriptions?|renew (my |a |the )?(prescription|meds|medication)|prescription renewal|top up my prescription|reorder my)\\b",
      5,
    ],
    ["(تجديد\\s+(ال)?(روشته|وصفه|دوا|علاج)|اعاده صرف|صرف\\s+(ال)?(روشته|وصفه))", 5],
  ],
  video: [
    [
      "\\b(video (calls?|consultations?|consults?|visits?|appointments?|chats?)|telemedicine|telehealth|teleconsultation|online (consultations?|consults?|doctors?|visits?)|virtual (visits?|appointments?|consultations?)|zoom|remote consultation)\\b",
      5,
    ],
    ["(فيديو|كشف اونلاين|كشف اون لاين|استشاره اونلاين|استشاره اون لاين|عن بعد|مكالمه فيديو)", 5],
    ["(اونلاين|اون لاين)", 2],
  ],
};

/** Intents in the order that breaks ties (the Intent union's order). */
const ORDER: Intent[] = [
  "emergency",
  "medical_advice",
  "greeting",
  "thanks",
  "handover",
  "hours",
  "location",
  "contact",
  "doctors",
  "services",
  "prices",
  "availability",
  "products",
  "my_appointments",
  "my_invoices",
  "my_orders",
  "features",
  "faq",
  "unknown",
];

const compile = (rules: Rule[]): [RegExp, number][] =>
  rules.map(([source, weight]) => [new RegExp(foldArabic(source), "u"), weight]);

const COMPILED_RULES = Object.entries(RULES).map(
  ([intent, rules]) => [intent as ScoredIntent, compile(rules)] as const,
);
const COMPILED_FEATURES = Object.entries(FEATURES).map(
  ([topic, rules]) => [topic as FeatureTopic, compile(rules)] as const,
);

function score(rules: readonly (readonly [RegExp, number])[], text: string, sum: boolean): number {
  let total = 0;
  for (const [pattern, weight] of rules) {
    if (pattern.test(text)) total = sum ? total + weight : Math.max(total, weight);
  }
  return total;
}

/**
 * Words that only signal an intent, a day or a time: not content for retrieval. Normalised
 * (Arabic folded), compared with a word as written and without its prefixes.
 */
const INTENT_WORDS = new Set(
  `
    open opening opened opens close closes closing closed hours hour time times timings working
    business when where address directions located location map find phone telephone number
    email e-mail mail whatsapp contact call reach details doctor doctors dr drs physician
    physicians specialist specialists consultant consultants who treats treat service services
    treatment treatments offer provide price prices pricing cost costs fee fees charge how free
    available availability slot slots book booking appointment appointments schedule reserve
    earliest soonest next sell stock buy order orders bill invoice invoices owe balance medicine
    medicines medication practice clinic visit hello hi hey thanks thank talk speak person human
    agent receptionist good morning afternoon evening night tonight today tomorrow week weekend
    am pm days day monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu
    thur thurs fri sat sun january february march april may june july august september october
    november december this coming مواعيد مواعيدكم ميعاد موعد معاد الساعه ساعه كام كم فين وين اين
    عنوان العنوان رقم تليفون تلفون موبايل ايميل واتساب دكتور دكتوره دكاتره طبيب اطباء اخصائي
    استشاري خدمات خدمه بكام بكم سعر اسعار تكلفه حجز احجز فاضي فاضيه متاح عندكم عندكو موجود متوفر
    موعدي مواعيدي فاتورتي فواتيري طلبي طلباتي شكرا السلام عليكم مرحبا اهلا بكره بكرا غدا اليوم
    النهارده الاسبوع اسبوع الجاي القادم يوم الاحد الاثنين الاتنين الثلاثاء التلات الاربعاء
    الاربع الخميس الجمعه السبت الصبح بالليل دوا دواء ادويه مين عياده العياده اكلم اتكلم موظف
    تفتحوا بتفتحوا تقفلوا بتقفلوا بيعالج يعالج بتعالجوا بتعملوا تعملوا بتقبلوا تقبلوا ينفع عندي
    عنده عندها فيه take give accept after before back lot lots
    تفتحون موقعكم العمل التحدث تحدث اتحدث نتيجه نتايج
  `
    .trim()
    .split(/\s+/)
    .map(foldArabic),
);

function isContentWord(word: string): boolean {
  if (word.length < 2 || /^\d+(am|pm)?$/.test(word)) return false;
  const bare = stripArabicPrefixes(word);
  return !(
    STOP_WORDS.has(word) ||
    INTENT_WORDS.has(word) ||
    STOP_WORDS.has(bare) ||
    INTENT_WORDS.has(bare)
  );
}

/**
 * Reads a visitor's message: its language, intents (strongest first; "emergency" first whenever a
 * red flag is found), whether it asks for medical advice, the day and part of day it names, the
 * feature asked about and its content terms (with English equivalents of Arabic specialty and
 * service words). Deterministic; no model, no network.
 */
export function understand(message: string, options: UnderstandOptions): Understanding {
  const text = normalize(message);
  const lang = options.locale ?? (hasArabic(message) ? "ar" : "en");
  const redFlag = detectRedFlag(message);
  const tokens = tokenize(text);
  const lexicon = lookUp(tokens, text);

  const scores = new Map<Intent, number>();
  for (const [intent, rules] of COMPILED_RULES) {
    const value = score(rules, text, true);
    if (value > 0) scores.set(intent, value);
  }

  let feature: FeatureTopic | null = null;
  let featureScore = 0;
  for (const [topic, rules] of COMPILED_FEATURES) {
    const value = score(rules, text, false);
    if (value > featureScore) {
      feature = topic;
      featureScore = value;
    }
  }
  if (feature) scores.set("features", featureScore);

  // A bare specialty or treatment ("heart?", "teeth cleaning") still says what is asked about.
  if (lexicon.kinds.has("service")) scores.set("services", (scores.get("services") ?? 0) + 1);
  if (lexicon.kinds.has("specialty") && !lexicon.kinds.has("service")) {
    scores.set("doctors", (scores.get("doctors") ?? 0) + 1);
  }
  // A day named with what to book ("cleaning tomorrow", "Dr Salma on Thursday") asks for a
  // time, unless the message asks about prices, hours or one's own appointments that day.
  const date = resolveDay(message, options.today);
  const asksToBook = scores.has("services") || scores.has("doctors") || scores.has("availability");
  if (date && asksToBook) {
    const other = scores.has("prices") || scores.has("hours") || scores.has("my_appointments");
    scores.set("availability", (scores.get("availability") ?? 0) + (other ? 1 : 3.5));
  }

  const intents = [...scores.entries()]
    .sort(([a, x], [b, y]) => y - x || ORDER.indexOf(a) - ORDER.indexOf(b))
    .map(([intent]) => intent);
  if (redFlag) intents.unshift("emergency");

  const terms = [
    ...new Set([
      ...tokens.filter(isContentWord).flatMap((word) => {
        const bare = stripArabicPrefixes(word);
        return bare === word ? [word] : [word, bare];
      }),
      ...lexicon.terms,
    ]),
  ];

  return {
    lang,
    intent: intents[0] ?? "unknown",
    intents,
    redFlag,
    medicalAdvice: scores.has("medical_advice"),
    date,
    partOfDay: resolvePartOfDay(message),
    feature,
    terms,
    text,
  };
}
