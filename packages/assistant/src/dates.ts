// Days and parts of the day named in a message ("tomorrow", "next Monday", "8/12", "بكرة",
// "الأحد الجاي"), resolved against the practice's today. Pure date arithmetic on UTC day
// numbers: no time zones are involved.
import { foldArabic, normalize } from "./normalize";

const DAY_MS = 86_400_000;
const L = "(?<!\\p{L})";
const LE = "(?!\\p{L})";

/** Days since 1970-01-01 of a "YYYY-MM-DD" date, or null when it is not a real date. */
function dayNumber(year: number, month: number, day: number): number | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const ms = Date.UTC(year, month - 1, day);
  const date = new Date(ms);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return ms / DAY_MS;
}

function parseIsoDate(iso: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return null;
  return dayNumber(Number(match[1]), Number(match[2]), Number(match[3]));
}

function isoOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
function weekdayOf(day: number): number {
  return new Date(day * DAY_MS).getUTCDay();
}

/** The first day on or after `from` that falls on `weekday`. */
function onOrAfter(from: number, weekday: number): number {
  return from + ((weekday - weekdayOf(from) + 7) % 7);
}

const EN_MONTHS: [string, number][] = [
  ["january", 1],
  ["jan", 1],
  ["february", 2],
  ["feb", 2],
  ["march", 3],
  ["mar", 3],
  ["april", 4],
  ["apr", 4],
  ["may", 5],
  ["june", 6],
  ["jun", 6],
  ["july", 7],
  ["jul", 7],
  ["august", 8],
  ["aug", 8],
  ["september", 9],
  ["sept", 9],
  ["sep", 9],
  ["october", 10],
  ["oct", 10],
  ["november", 11],
  ["nov", 11],
  ["december", 12],
  ["dec", 12],
];

/** Egyptian/Gulf and Levantine month names, folded (أبريل → ابريل). */
const AR_MONTHS: [string, number][] = [
  ["يناير", 1],
  ["كانون الثاني", 1],
  ["فبراير", 2],
  ["شباط", 2],
  ["مارس", 3],
  ["اذار", 3],
  ["ابريل", 4],
  ["نيسان", 4],
  ["مايو", 5],
  ["ايار", 5],
  ["يونيو", 6],
  ["يونيه", 6],
  ["حزيران", 6],
  ["يوليو", 7],
  ["يوليه", 7],
  ["تموز", 7],
  ["اغسطس", 8],
  ["سبتمبر", 9],
  ["ايلول", 9],
  ["اكتوبر", 10],
  ["تشرين الاول", 10],
  ["نوفمبر", 11],
  ["تشرين الثاني", 11],
  ["ديسمبر", 12],
  ["كانون الاول", 12],
];

const MONTHS = new Map<string, number>([...EN_MONTHS, ...AR_MONTHS]);
const MONTH_NAMES = [...MONTHS.keys()].sort((a, b) => b.length - a.length).join("|");

const EN_WEEKDAYS: [RegExp, number][] = [
  [/\b(sunday|sundays)\b|\b(on|next|this|coming|by|until|till) sun\b/, 0],
  [/\b(monday|mondays|mon)\b/, 1],
  [/\b(tuesday|tuesdays|tues|tue)\b/, 2],
  // "wed" alone is also "we'd" once apostrophes are gone.
  [/\b(wednesday|wednesdays|wednes|weds)\b|\b(on|next|this|coming|by|until|till) wed\b/, 3],
  [/\b(thursday|thursdays|thurs|thur|thu)\b/, 4],
  [/\b(friday|fridays|fri)\b/, 5],
  [/\b(saturday|saturdays)\b|\b(on|next|this|coming|by|until|till) sat\b/, 6],
];

/** Arabic weekday names, with or without "يوم" and the article, folded. */
const AR_WEEKDAYS: [RegExp, number][] = (
  [
    ["احد|الحد", 0],
    ["اثنين|اتنين", 1],
    ["ثلاثاء|ثلاثا|تلات|تلاتاء|تلاتا", 2],
    ["اربعاء|اربعا|اربع", 3],
    ["خميس", 4],
    ["جمعه", 5],
    ["سبت", 6],
  ] as const
).map(([names, weekday]) => [
  new RegExp(`${L}(?:(?:و|ب|ف)?(?:ال|لل)|يوم\\s+(?:ال)?)(?:${foldArabic(names)})${LE}`, "u"),
  weekday,
]);

const AR_NEXT = "(الجاي|الجايه|القادم|القادمه|المقبل|المقبله|اللي جاي|اللي جايه|الي جاي)";
const NEXT_WEEK = new RegExp(
  `\\bnext week\\b|\\bweek after\\b|${L}(ال)?اسبوع\\s+${AR_NEXT}${LE}`,
  "u",
);

const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  ten: 10,
};

function yearOf(text: string | undefined, fallback: number): number {
  if (!text) return fallback;
  const year = Number(text);
  return text.length === 2 ? 2000 + year : year;
}

/**
 * A day and month without a year is the next such date on or after today (December's "8/1"
 * means January next year).
 */
function upcoming(today: number, month: number, day: number, year?: number): number | null {
  if (year !== undefined) return dayNumber(year, month, day);
  const thisYear = new Date(today * DAY_MS).getUTCFullYear();
  const candidate = dayNumber(thisYear, month, day);
  if (candidate !== null && candidate >= today) return candidate;
  return dayNumber(thisYear + 1, month, day);
}

function explicitDate(text: string, today: number): number | null {
  const iso = /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/.exec(text);
  if (iso) return dayNumber(Number(iso[1]), Number(iso[2]), Number(iso[3]));

  // "24/7" is "always", not the 24th of July.
  const slashed =
    /(?<![\d/.])(?!24\/7(?![\d/]))(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?(?![\d/])/.exec(text);
  if (slashed) {
    const year = slashed[3] ? yearOf(slashed[3], 0) : undefined;
    return upcoming(today, Number(slashed[2]), Number(slashed[1]), year);
  }

  const dayMonth = new RegExp(
    `(?<!\\d)(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+|شهر\\s+)?(${MONTH_NAMES})${LE}(?:,?\\s+(\\d{4}))?`,
    "u",
  ).exec(text);
  if (dayMonth?.[2]) {
    const month = MONTHS.get(dayMonth[2]) ?? 0;
    return upcoming(
      today,
      month,
      Number(dayMonth[1]),
      dayMonth[3] ? Number(dayMonth[3]) : undefined,
    );
  }

  const monthDay = new RegExp(
    `${L}(${MONTH_NAMES})\\s+(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?(?!\\d)(?:,?\\s+(\\d{4}))?`,
    "u",
  ).exec(text);
  if (monthDay?.[1]) {
    const month = MONTHS.get(monthDay[1]) ?? 0;
    return upcoming(
      today,
      month,
      Number(monthDay[2]),
      monthDay[3] ? Number(monthDay[3]) : undefined,
    );
  }

  const numericArabic = /(?<!\d)(\d{1,2})\s+شهر\s+(\d{1,2})(?!\d)/.exec(text);
  if (numericArabic) return upcoming(today, Number(numericArabic[2]), Number(numericArabic[1]));

  const ordinal = /\bthe (\d{1,2})(st|nd|rd|th)\b/.exec(text);
  if (ordinal) {
    const date = new Date(today * DAY_MS);
    const dayOfMonth = Number(ordinal[1]);
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth() + 1;
    if (dayOfMonth >= date.getUTCDate()) return dayNumber(year, month, dayOfMonth);
    return month === 12
      ? dayNumber(year + 1, 1, dayOfMonth)
      : dayNumber(year, month + 1, dayOfMonth);
  }
  return null;
}

function relativeDay(text: string, today: number): number | null {
  if (/\b(the )?day after (tomorrow|tomorow|tommorow|tommorrow|tmrw)\b/.test(text))
    return today + 2;
  if (new RegExp(`بعد\\s+(بكره|بكرا|غد|الغد|غدا|باكر|باجر)${LE}`, "u").test(text)) return today + 2;
  if (/\b(tomorrow|tomorow|tommorow|tommorrow|tmrw|tmr|2moro|2morrow)\b/.test(text))
    return today + 1;
  if (new RegExp(`${L}(بكره|بكرا|غدا|الغد|باكر|باجر)${LE}`, "u").test(text)) return today + 1;
  if (/\b(today|tonight|tonite|this (morning|afternoon|evening))\b/.test(text)) return today;
  if (new RegExp(`${L}(اليوم|النهارده|النهاردا|انهارده|الليله|هاليوم)${LE}`, "u").test(text))
    return today;

  const inDays = /\bin (\d{1,2}|a|an|one|two|three|four|five|six|seven|ten) days?\b/.exec(text);
  if (inDays?.[1]) return today + (NUMBER_WORDS[inDays[1]] ?? Number(inDays[1]));
  if (/\bin a week\b/.test(text)) return today + 7;
  if (new RegExp(`${L}بعد\\s+يومين${LE}`, "u").test(text)) return today + 2;
  const arDays = new RegExp(`${L}بعد\\s+(\\d{1,2})\\s+(يوم|ايام)${LE}`, "u").exec(text);
  if (arDays) return today + Number(arDays[1]);
  return null;
}

function namedWeekday(text: string, today: number, nextWeek: boolean): number | null {
  for (const [pattern, weekday] of [...EN_WEEKDAYS, ...AR_WEEKDAYS]) {
    const match = pattern.exec(text);
    if (!match) continue;
    const after = text.slice(match.index + match[0].length);
    const before = text.slice(0, match.index);
    const next = /\bnext\s*$/.test(before) || new RegExp(`^\\s*${AR_NEXT}${LE}`, "u").test(after);
    let day = onOrAfter(today, weekday);
    if (next && day === today) day += 7;
    if (nextWeek) day += 7;
    return day;
  }
  return null;
}

/**
 * The day a message names, as "YYYY-MM-DD", resolved against `today` ("YYYY-MM-DD"), or null.
 * "tomorrow", "day after tomorrow", weekdays ("Tuesday" is today when today is a Tuesday;
 * "next Tuesday" is then a week later), "this weekend" (Saturday), "next week", explicit
 * dates ("8 December", "Dec 8", "8/12" as day/month, "2026-12-08"), and the Arabic forms
 * ("بكرة", "بعد بكرة", "يوم الأحد", "الخميس الجاي", "الأسبوع الجاي", "٨ ديسمبر").
 */
export function resolveDay(text: string, today: string): string | null {
  const start = parseIsoDate(today);
  if (start === null) return null;
  const normalized = normalize(text);

  const day = explicitDate(normalized, start) ?? relativeDay(normalized, start);
  if (day !== null) return isoOf(day);

  const nextWeek = NEXT_WEEK.test(normalized);
  const weekday = namedWeekday(normalized, start, nextWeek);
  if (weekday !== null) return isoOf(weekday);

  const weekend = /\b(next )?weekend\b|(الويك اند|الويكند|ويك اند)/.exec(normalized);
  if (weekend) return isoOf(onOrAfter(start, 6) + (weekend[1] ? 7 : 0));

  if (nextWeek) return isoOf(start + 7);
  return null;
}

const GREETINGS = /\bgood (morning|afternoon|evening|night)\b|(صباح|مساء|مسا) (الخير|النور|الفل)/g;

/** The part of the day a message asks for ("in the morning", "after 5pm", "بالليل"), or null. */
export function resolvePartOfDay(text: string): "morning" | "afternoon" | "evening" | null {
  const normalized = normalize(text).replace(GREETINGS, " ");
  const clock = /\b(\d{1,2})(?::\d{2})?\s*(am|pm|a\.m\.?|p\.m\.?)(?![a-z])/.exec(normalized);
  if (clock?.[2]) {
    const hour = Number(clock[1]);
    if (clock[2].startsWith("a")) return "morning";
    return hour === 12 || hour < 5 ? "afternoon" : "evening";
  }
  const after = /\b(after|from) (\d{1,2})(?::\d{2})?\b/.exec(normalized);
  if (after) {
    const hour = Number(after[2]);
    if (hour >= 1 && hour <= 4) return "afternoon";
    if (hour >= 5 && hour <= 8) return "evening";
  }
  if (/\b(morning|mornings|before noon|before lunch|early)\b/.test(normalized)) return "morning";
  if (/\b(afternoon|afternoons|after lunch|midday|noon|lunchtime)\b/.test(normalized))
    return "afternoon";
  if (/\b(evening|evenings|tonight|tonite|night|after work|after school)\b/.test(normalized))
    return "evening";
  if (new RegExp(`${L}(الصبح|صباحا|الصباح|صباحي|بدري|بالصباح)${LE}`, "u").test(normalized))
    return "morning";
  if (new RegExp(`${L}(بعد الظهر|بعد الضهر|الظهر|الضهر|العصر|ظهرا)${LE}`, "u").test(normalized))
    return "afternoon";
  if (
    new RegExp(
      `${L}(بالليل|بليل|الليل|الليله|مساء|مساءا|المسا|بالمسا|المساء|المغرب|بعد المغرب)${LE}`,
      "u",
    ).test(normalized)
  )
    return "evening";
  const arAfter = /بعد (الساعه )?(\d{1,2})(?!\d)/.exec(normalized);
  if (arAfter) {
    const hour = Number(arAfter[2]);
    if (hour >= 1 && hour <= 4) return "afternoon";
    if (hour >= 5 && hour <= 8) return "evening";
  }
  return null;
}
