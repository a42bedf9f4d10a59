// Red flags: emergencies described in a visitor's message, English and Arabic, found by tables
// of patterns. A false alarm is acceptable; a missed emergency is not. Negations are not read
// ("I don't have chest pain" still raises the flag).
import { foldArabic, normalize } from "./normalize";
import type { RedFlag } from "./types";

/** Not a letter: a word edge that also works for Arabic (`\b` only knows ASCII words). */
const E = "(?<!\\p{L})";
const EE = "(?!\\p{L})";
/** "blood", but not in "blood test", "blood pressure"… */
const BLOOD = "blood(?! (tests?|work|pressure|sugar|group|type|donation|count|results?|draw))";
/** Arabic "blood" as a word, but not in "blood test", "blood pressure", "blood group"… */
const AR_BLOOD = `(?<!(تحليل|تحاليل|فصيله|ضغط|سكر|نقل|تبرع|متبرع) )${E}(ال)?دم${EE}`;

/** Arabic "take a breath" ("نفس" alone also means "same"). */
const BREATH = "(اخد|اخذ|خد|ياخد|ياخذ|تاخد|تاخذ|اخود)\\s+(ال)?نفس";

/** Patterns per flag, in the order they are tried: the more specific flags first. */
const TABLE: [RedFlag, string[]][] = [
  [
    "pregnancy_bleeding",
    [
      `\\bpregnan\\w*\\b.{0,60}\\b(bleed\\w*|${BLOOD})`,
      `\\b(bleed\\w*|${BLOOD})\\b.{0,60}\\bpregnan`,
      "\\bmiscarr\\w*",
      `${E}(و|ب|ف|وال|بال|فال|لل)?(ال)?(حامل|حمل|حبلي)${EE}.{0,60}(نزيف|نزف|ينزف|بتنزف|بنزف|${AR_BLOOD})`,
      `(نزيف|نزف|ينزف|بتنزف|بنزف|${AR_BLOOD}).{0,60}${E}(و|ب|ف|وال|بال|فال|لل)?(ال)?(حامل|حمل|حبلي)${EE}`,
      "(بسقط|بتسقط|اجهاض|اسقاط|سقط الجنين|بجهض)",
    ],
  ],
  [
    "anaphylaxis",
    [
      "\\banaphyla",
      "\\ballergic shock\\b",
      "\\b(severe|bad|serious|major|strong) allergic reaction",
      "\\ballerg\\w*\\b.{0,50}\\b(breath\\w*|wheez\\w*|swell\\w*|swollen|throat|tongue|lips?)\\b",
      "\\b(breath\\w*|wheez\\w*|swell\\w*|swollen|throat|tongue)\\b.{0,50}\\ballerg",
      "\\b(throat|tongue|lips?|face|mouth|airway)\\b.{0,25}\\b(swell\\w*|swollen|closing|closed up|puff\\w*)",
      "\\b(swell\\w*|swollen)\\b.{0,15}\\b(throat|tongue)\\b",
      "صدمه\\s+(ال)?حساسيه",
      "حساسيه\\s+(\\S+\\s+)?(شديده|قويه|خطيره|جامده|مفرطه|حاده)",
      `حساسيه.{0,40}(تنفس|${BREATH}|ورم|تورم|وارم|منفوخ|انتفاخ|زور|حلق|لسان)`,
      `(تنفس|${BREATH}|ورم|تورم|وارم|منفوخ|انتفاخ).{0,40}حساسيه`,
      `${E}(و|ب|ف)?(ال)?(زور|حلق|لسان|شفايف|شفه|شفاه|رقب|وش|وجه)\\S*\\s+(\\S+\\s+)?(\\S*ورم|\\S*تورم|\\S*نفخ|منفوخ|بيتقفل|بيقفل|مقفول|بيضيق|اتقفل|انقفل|يتسكر|بيتسكر|انسد)`,
      "(ورم|تورم|انتفاخ|انتفخ|نفخ|اتنفخ)\\S*\\s+(في\\s+|ب)?(ال)?(زور|حلق|لسان|وجه|وش|شفايف|شفه|شفاه)",
    ],
  ],
  [
    "overdose",
    [
      "\\boverdos",
      "\\btoo many (of )?(my |his |her |their |the )?(pills|tablets|capsules|meds|medicines|medication|painkillers|sleeping pills|paracetamol|panadol)\\b",
      "\\b(swallowed|took|taken|ate|eaten|has taken|drank) (a |an |the )?(whole|entire|full) (packet|pack|box|bottle|strip|sheet|blister)",
      "\\b(swallowed|took|taken|ate|eaten) (all|lots|a lot|loads|handful|handfuls|a handful|a bunch)( of)? (his |her |my |the |their )?(pills|tablets|capsules|medicine|medicines|meds|painkillers)",
      "\\b(swallowed|took|taken) \\d+ (pills|tablets|capsules)",
      "\\b(swallowed|took|taken|ate|eaten|drank|downed) (a|an|the|his|her|my|their|half a|half the|whole|entire|full)( \\w+)? (bottle|packet|pack|box|strip|handful|jar|tub) of (\\w+ )?(pills|tablets|capsules|medicine|medicines|meds|painkillers|paracetamol|panadol|sleeping pills)",
      "جرعه\\s+(دوا\\S*\\s+)?(زياده|زايده|زائده|كبيره|مفرطه|اكتر|اكثر|عاليه)",
      "(علبه|شريط|ازازه|زجاجه|كرتونه)\\s+(\\S+\\s+){0,2}(كامل|كامله|كلها|كله|بحالها|بحاله)",
      "(اخد|اخذ|خد|بلع|شرب|تناول|اكل)\\S*\\s+(\\S+\\s+)?(حبوب|برشام|اقراص|ادويه|دوا|دواء|حبايات|كبسولات)\\s+(كتير|كثير|كثيره|كتيره|زياده|كتار|بزياده|وايد|واجد|بزاف|هوايه)",
      "كميه\\s+(كبيره\\s+)?(من\\s+)?(ال)?(حبوب|برشام|اقراص|ادويه|دوا|دواء|حبايات|كبسولات)",
      "تسمم\\s+(دوائي|بال(دوا|دواء|ادويه|حبوب|برشام))",
    ],
  ],
  [
    "poisoning",
    [
      "\\bpoison\\w*",
      "\\btoxic\\b",
      "\\b(drank|drunk|drink|drinking|swallowed|swallow|swallowing|ate|eaten|eating|ingested|licked|chewed) (some |a bit of |a little |the |a |an |all the |my |his |her )?(\\w+ ){0,2}(bleach|dishwasher\\w*|soap|detergent|chemicals?|cleaning (products?|liquid|fluid|chemicals?|spray)|cleaner|disinfectant|dettol|washing (up )?liquid|dishwasher (tablets?|pods?)|laundry (pods?|capsules?|detergent)|button batter(y|ies)|batter(y|ies)|kerosene|paraffin|petrol|gasoline|antifreeze|pesticide|insecticide|rat poison|weed ?killer|drain cleaner|acid|lye|caustic|chlorine|perfume|nail polish remover|mouthwash|mushrooms)",
      "تسمم|مسموم|اتسمم|تسمم",
      `(شرب|بلع|اكل|اخد|ابتلع|لحس)\\S*\\s+(\\S+\\s+){0,2}(كلور|كلوركس|مبيد|بنزين|جاز|كيروسين|مطهر|ديتول|منظف|ماده كيماويه|مواد كيماويه|كيماوي|كيميائي|كيميايي|بطاريه|حمض|ماء نار|ميه نار|مية نار|سم فيران|صودا كاويه|فلاش|بوتاس|${E}(ال)?سم${EE})`,
    ],
  ],
  [
    "suicide",
    [
      "\\bsuicid",
      "\\b(kill|killing|kills|end|ending|hang|hanging|shoot|shooting) (myself|himself|herself|themselves|ourselves|themself)\\b",
      "\\b(want|wanna|wants|wanted|wish|wishing|going|gonna|ready|plan|planning|thinking about|thought about|think about|trying|tried) (to )?(die|dying|be dead|end (it|it all|my life|his life|her life|their life|everything))\\b",
      "\\bend(ing)? (my|his|her|their) (own )?life\\b",
      "\\bfeel(ing)? like (dying|dieing|killing (myself|himself|herself)|ending it)\\b",
      "\\btake (my|his|her|their) (own )?life\\b",
      "\\b(dont|do not|doesnt|does not|no longer) (want|wanna|wish) to (live|be alive|be here|exist|wake up)\\b",
      "\\bbetter off dead\\b",
      "\\bno reason to live\\b",
      "\\bself ?-?harm",
      "\\b(hurt|hurting|harm|harming|cut|cutting|burn|burning|injure|injuring) (myself|himself|herself|themselves|themself)\\b",
      "(انتحار|انتحر|ينتحر|تنتحر|هنتحر|انتحاري|انتحاريه)",
      "(عايز|عاوز|عايزه|عاوزه|ابغي|ابغا|ابي|ابا|ودي|بغيت|اريد|بدي|نفسي|حابب|حابه|بفكر|افكر|اتمني|نويت|ناوي|هقوم)\\s+(ان\\s+)?(ا|ن)?موت(?!\\p{L})",
      "(قتل|ذبح|اخلص علي)\\S*\\s+(نفس|روح)",
      "(اذي|ؤذي|يذي|ايذا|اذا|اجرح|يجرح|تجرح|بجرح|هجرح|اضر)\\S*\\s+(ل|ب)?(ال)?(نفس|روح)",
      "(انهي|انهاء|اخلص|ينهي|تنهي|هنهي|هخلص)\\s+(علي\\s+|من\\s+)?(حياتي|حياته|حياتها|عمري|نفسي)",
      "(مش|لا|ما|مو|مب)\\s+(عايز|عاوز|عايزه|عاوزه|اريد|ابغي|ابي|بدي)\\s+(ا)?عيش",
      "(الموت|اموت)\\s+(احسن|افضل|ارحم)",
    ],
  ],
  [
    "chest_pain",
    [
      "\\bchest\\b.{0,30}\\b(pain|pains|painful|hurt|hurts|hurting|ache|aches|aching|pressure|tight|tightness|heavy|heaviness|crushing|squeez\\w*|burning|sore)\\b",
      "\\b(pain|pains|ache|aching|pressure|tightness|heaviness|crushing|squeezing)\\b.{0,30}\\bchest\\b",
      "\\bheart attack\\b",
      "\\b(clutch\\w*|grabb?\\w*|holding) (at )?(his|her|my|their|the) chest\\b",
      "\\bcardiac arrest\\b",
      "\\bmyocardial infarction\\b",
      `${E}(و|ب|ف)?(الم|الام|وجع|اوجاع|ضغط|ضيق|ضيقه|ثقل|تقل|حرقان|نغزه|نغزات)(\\s+\\S+){0,2}\\s+(ب|بال|في|فى|على|علي|ع|ف)?\\s*(ال)?صدر`,
      `${E}(ب|و|ف)?(ال)?صدر\\S*\\s+(\\S+\\s+)?(بي|ب|م|ي|ت)?(وجع|واجع|الم|يالم|تاعب|بيضغط|مقبوض|عور|يعور|معور)`,
      `${E}(ب|و|ف)?(ال)?قلب\\S*\\s+(\\S+\\s+)?(بي|ب|م|ي|ت)?(وجع|واجع|الم|يالم|عور|يعور|بيدق جامد|واقف)`,
      "(توقف|وقف|وقوف|سكته)\\s+(ال)?قلب",
      "(نوبه|ازمه|سكته|جلطه|ذبحه)\\s+(قلبيه|صدريه)",
      "(جلطه|جلطات)\\s+(في|فى|ب|ع|على)?\\s*(ال)?قلب",
      "(نوبه|ازمه)\\s+(في\\s+|ب)?(ال)?قلب",
    ],
  ],
  [
    "stroke",
    [
      "\\bstroke\\b(?! (rehab\\w*|recovery|physio\\w*|prevention|clinic|specialist|unit|survivor|risk|therapy))",
      "\\b(face|mouth|smile|eye|eyelid|lip)\\b.{0,20}\\b(droop\\w*|dropp\\w*|fallen|falling|lopsided|sagging|twisted)",
      "\\bdroop\\w* (face|mouth|smile)",
      "\\bslurr\\w*",
      "\\bspeech\\b.{0,15}\\b(garbled|strange|weird|slow|gone|lost)",
      "\\b(cant|cannot|can not|unable to|couldnt|cant even) (speak|talk|get (his|her|my) words out) (properly|clearly|right|normally)",
      "\\bsudden(ly)?\\b.{0,25}\\b(numb\\w*|weak\\w*|paralys\\w*|paralyz\\w*|confus\\w*|vision loss|blind\\w*|cant see|dizz\\w*|worst headache)",
      "\\b(numbness|weakness|paralysis)\\b.{0,25}\\bsudden",
      "\\b(arm|leg|one side|side of (his|her|my|the) (face|body)|face)\\s+(weakness|numbness|paralysis)\\b",
      "\\b(cant|cannot|can not|unable to) (move|lift|raise|feel) (his|her|my|their|one) (arm|leg|side|face)",
      "\\bfast (signs|test)\\b",
      `${E}(و|ب|ف)?(ال)?(جلطه|جلطات|سكته)`,
      "(وش|وجه|بوق|فم|بق|شفايف)\\S*\\s+(\\S+\\s+)?(مال|مايل|مائل|ميل|معوج|اعوج|عوج|ارتخي|مرتخي|نازل|اتعوج)",
      "(كلام|نطق|لسان)\\S*\\s+(\\S+\\s+)?(تقيل|ثقيل|تقل|ثقل|مش مفهوم|غير مفهوم|متلخبط|ملخبط|مدغدغ|اتلخبط)",
      "(ثقل|تقل)\\s+(في\\s+)?(ال)?(لسان|كلام)",
      "(تنميل|خدر|شلل|ضعف)[^.?!]{0,30}(مفاج|فجا|فجاه)",
      "(مفاج|فجا|فجاه)[^.?!]{0,30}(تنميل|خدر|شلل|ضعف|مش قادر يتكلم|مش عارف يتكلم|مش قادره تتكلم)",
      "شلل\\s+(نصفي|مفاجي)",
      "(ارتخاء|ارتخي|تدلي|ميلان|اعوجاج|شلل)\\S*\\s+(في\\s+)?(ال)?(وجه|وش|فم|بق|بوق)",
      "(مش|ما|مو|لا)\\s+(قادر|قادره|عارف|عارفه|يقدر|تقدر)\\s+(ي|ت|ا)?(حرك|رفع)\\s+(\\S+\\s+)?(ايد|دراع|رجل|ذراع|جنب)",
    ],
  ],
  [
    "seizure",
    [
      "\\bseiz\\w*",
      "\\bconvuls\\w*",
      "\\b(is|s|are|started|keeps|keep|been|was|hes|shes|its|having|has been|began) fitting\\b",
      "\\b(having|had|has|have|in) (a |an )?(fit|fits|epileptic fit|epileptic attack)\\b",
      "\\bepileptic (fit|attack|episode)\\b",
      "\\bfitting (and|now|again)\\b",
      "تشنج|صرع|اتشنج|بيتنفض|بيترعش ومش",
    ],
  ],
  [
    "unconscious",
    [
      "\\b(unconscious|unresponsive|unrousable|unconsciousness)\\b",
      "\\b(he|she|they|him|her|them|hes|shes|baby|child|kid|son|daughter|dad|mum|mom|father|mother|husband|wife|brother|sister|grandad|grandma|grandmother|grandfather)\\b.{0,25}\\b(not|isnt|wont|doesnt|cant|is not|will not|does not) (respond|responding)\\b",
      "\\b(not|isnt|wont|doesnt|cant|is not|will not|does not) (wake|waking|come round|coming round|come to|coming to)\\b",
      "\\b(fainted|fainting|faints|collapsed|collapses|collapsing|passed out|passes out|blacked out|knocked out)\\b",
      "\\b(lost|losing|loss of|lose) consciousness\\b",
      "(فقد|فاقد|فقدت|فاقده|فقدان|غاب عن|غايب عن|غايبه عن)\\s+(ال)?وعي",
      "(اغمي|مغمي|مغما|اغماء|اغمي عليه|اغمي عليها|وقع من طوله|وقعت من طولها|انهار|انهارت)",
      "(مش|ما|مب|مو)\\s*(بي|بت|ي|ت)(فوق|صحي|ستجيب)",
      "(طاح|طاحت|وقع|وقعت|سقط|سقطت|انهار|انهارت)\\s+(\\S+\\s+){0,2}و?(ما|مش|مو|لا|مب)\\s*(بي|بت|ي|ت)?(رد|فوق|صحي|تحرك|ستجيب|حس|يتنفس)",
      "(مبيفوقش|مبتفوقش|ميفوقش|لا يستجيب|لا تستجيب|لا يفيق|لا تفيق)",
    ],
  ],
  [
    "breathing",
    [
      "\\b(cant|cannot|can not|unable to|not able to|couldnt|could not|hard to|difficult to|struggling to|struggle to|struggles to|fighting to|fight to|barely|trouble|difficulty|problems?|not|stopped|isnt|wasnt|is not) (breathe|breath|breathing)\\b",
      "\\bchok(e|es|ed|ing)\\b",
      "\\b(turning|turned|going|gone) (blue|purple)\\b",
      "\\b(lips?|face|skin|tongue|fingers?)\\b.{0,20}\\b(blue|purple|grey|gray)\\b",
      "\\bblue (lips?|face)\\b",
      "\\bgasp(ing|s)?\\b",
      "\\bsuffocat\\w*",
      "\\b(severe|sudden|extreme|very|really|bad)\\b.{0,15}\\b(short(ness)? of breath|breathless\\w*|breathing difficult\\w*)",
      "\\b(severe|bad|having an?|serious) asthma attack\\b",
      "\\bcant get (any |enough )?(air|breath)\\b",
      "\\b(cant|cannot|can not|unable to|couldnt|could not|not able to) (catch|get) (his|her|my|their|a|the)? ?breath\\b",
      `${E}و?(مش|مو|ما|لا|مب|ماقدر|ماقدرش|مااقدر|ماني|مقدرش|مقدرتش|مابقدر|مااقدر|مبقدرش|معرفش)\\s+(\\S+\\s+)?(\\S*تنفس|\\S*(اخد|اخذ|خد|ياخد|ياخذ|تاخد|تاخذ)\\s+(ال)?نفس)`,
      "صعوب\\S*\\s+(شديده\\s+)?(في\\s+|ف\\s*|ب)?(ال)?(تنفس|نفس)",
      "ضيق\\s+(في\\s+)?(ال)?(تنفس|نفس)\\s+(\\S+\\s+)?(شديد|جامد|حاد|قوي|جدا|اوي|فجاه|مفاجي)",
      "(تخنق|ختنق|اختناق|مخنوق|بيشرق|شرقان|شرقانه|شرق ومش)",
      "(شفايف|شفه|شفاه|شفت|وش|وجه|لون)\\S*\\s+(\\S+\\s+)?(زرق|ازرق|زرقا|ازرقت|زرقاء|ازرق)",
      "(وقف|توقف|بطل)\\S*\\s+(عن\\s+)?(ال)?(تنفس|نفس)",
      "(بينهج|نهجان|يلهث|بيلهث)\\S*\\s+(\\S+\\s+)?(جامد|شديد|جدا|اوي)",
    ],
  ],
  [
    "burn",
    [
      "\\b(severe|serious|bad|badly|major|deep|large|big|huge|third degree|3rd degree|second degree|2nd degree|chemical|electrical|acid)\\b.{0,12}\\b(burn|burns|burned|burnt|scald|scalds|scalded)\\b",
      "\\b(burn|burns|burned|burnt|scalded)\\b.{0,20}\\b(all over|blister\\w* (all over|badly)|skin (peeling|coming off|black|white))",
      "\\b(burn|burns|burned|burnt|scald\\w*)\\b.{0,20}\\b(badly|severely|seriously|bad|terribly)\\b",
      "\\b(caught|on) fire\\b",
      "\\belectrocuted\\b",
      "\\b(burned|burnt|scalded) (by|with|from|on) (boiling|hot|burning) (water|oil)",
      "(حرق|حروق|حريق|اتحرق|انحرق|محروق|احترق)\\S*\\s+(\\S+\\s+)?(شديد|شديده|كبير|كبيره|جامد|جامده|خطير|خطيره|عميق|عميقه|جامدين|بشده|درجه (تالته|ثالثه|تانيه|ثانيه))",
      "(اتحرق|انحرق|اتحرقت|انحرقت|احترق|احترقت)\\S*\\s+.{0,20}(مغلي|مغليه|زيت|نار|كهربا|كهرباء|ماء نار|ميه نار)",
      "(مسكت|ولعت|اشتعلت)\\s+(فيه|فيها|فيا|في)\\s+(ال)?نار",
      "(صعق|صعقه|اتكهرب)",
      `${E}(ال)?(حريق|حرايق)${EE}`,
    ],
  ],
  [
    "bleeding",
    [
      "\\b(bleed\\w*|blood)\\b.{0,30}\\b(wont|will not|doesnt|does not|cant|cannot|isnt|is not|not|never|hasnt|has not) (stop|stopping|stopped)\\b",
      `\\b(severe|heavy|heavily|massive|serious|uncontrolled|uncontrollable|profuse|profusely|lots of|a lot of|so much|too much|loads of)\\b.{0,12}\\b(bleed\\w*|${BLOOD})`,
      "\\bbleed\\w*\\b.{0,12}\\b(a lot|lots|heavily|badly|profusely|everywhere|non ?stop|so much|too much|like crazy|through|bad)\\b",
      "\\b(wont|will not|doesnt|does not|cant|cannot|can not|isnt|not|never) stop(ped|ping)? (the )?bleed\\w*",
      "\\b(losing|lost) (a lot of |lots of |so much |too much )?blood\\b",
      "\\bblood\\b.{0,10}\\b(everywhere|gushing|pouring|spurting|squirting)\\b",
      "\\b(gushing|pouring|spurting) blood\\b",
      "\\b(vomiting|coughing|throwing up) (up )?blood\\b",
      "نزيف(?!\\s*(ال)?لثه)",
      "(بينزف|بتنزف|ينزف|تنزف|بنزف|نازف|نزف)(?!\\S*\\s*(ال)?لثه)",
      `${E}(ال)?دم\\s+(\\S+\\s+){0,2}(بيقف|يقف|يوقف|بيوقف|يتوقف|مبيقفش|ميقفش|مبيوقفش|بيتوقف|وقف|موقفش|ماوقف)`,
      `${E}(ال)?دم${EE}\\s+(كتير|كثير|غزير|بغزاره|جامد|مالي|في كل حته|بيشخب|بيشر|نازل جامد)`,
      "(بيشخب|بتشخب|يشخب)\\s+دم",
      "(ترجيع|استفراغ|كحه|بيرجع|بتكح|بيكح|يستفرغ)\\S*\\s+(\\S+\\s+)?دم",
    ],
  ],
];

const COMPILED: [RedFlag, RegExp[]][] = TABLE.map(([flag, sources]) => [
  flag,
  sources.map((source) => new RegExp(foldArabic(source), "u")),
]);

/**
 * The emergency a message describes, or null. Checked before anything else the assistant does;
 * when it answers, the visitor is sent to the emergency number.
 */
export function detectRedFlag(text: string): RedFlag | null {
  const normalized = normalize(text);
  for (const [flag, patterns] of COMPILED) {
    if (patterns.some((pattern) => pattern.test(normalized))) return flag;
  }
  return null;
}
