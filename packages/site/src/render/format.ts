// How the site writes prices, times and opening hours: Intl with a tag for the page's language
// and the practice's country, so an Egyptian practice's Arabic page is ar-EG.
import { ar } from "../messages/ar";
import { en, type Messages } from "../messages/en";

export type SiteLang = "en" | "ar";

export const messagesFor = (lang: SiteLang): Messages => (lang === "ar" ? ar : en);

// Making an Intl formatter costs far more than using one: each is made once per tag and options.
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const maxFormats = 500;

function remember<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let format = cache.get(key);
  if (!format) {
    if (cache.size >= maxFormats) cache.clear();
    format = make();
    cache.set(key, format);
  }
  return format;
}

export function numberFormat(tag: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  return remember(
    numberFormats,
    `${tag}|${JSON.stringify(options)}`,
    () => new Intl.NumberFormat(tag, options),
  );
}

export function dateFormat(tag: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return remember(
    dateFormats,
    `${tag}|${JSON.stringify(options)}`,
    () => new Intl.DateTimeFormat(tag, options),
  );
}

/** A message with its {placeholders} filled. */
export function fill(message: string, values: Record<string, string | number>): string {
  return message.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in values ? String(values[key]) : whole,
  );
}

/** The Intl tag for the page: its language, in the practice's country where Intl knows it. */
export function formatTag(lang: SiteLang, practice: { locale: string; country: string | null }) {
  const wanted =
    lang === "en" && practice.locale.toLowerCase().startsWith("en")
      ? practice.locale
      : practice.country
        ? `${lang}-${practice.country.toUpperCase()}`
        : lang;
  try {
    return Intl.getCanonicalLocales(wanted)[0] ?? lang;
  } catch {
    return lang;
  }
}

/** A price in minor units as the practice's currency; nothing to pay says "Free". */
export function formatPrice(
  priceMinor: number,
  currency: string,
  tag: string,
  messages: Messages,
): string {
  if (priceMinor <= 0) return messages.services.free;
  const format = numberFormat(tag, { style: "currency", currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(priceMinor / 10 ** digits);
}

/** Weekday names Monday first (the stored week's order), in the page's language. */
export function weekdayNames(tag: string): string[] {
  const format = dateFormat(tag, { weekday: "long", timeZone: "UTC" });
  // 1 January 2024 was a Monday.
  return Array.from({ length: 7 }, (_, i) => format.format(new Date(Date.UTC(2024, 0, 1 + i))));
}

/** Schema.org's names of the weekdays, Monday first. */
export const schemaWeekdays = [
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
  "Sunday",
] as const;

/** A wall-clock "HH:MM" as the page's language writes times ("24:00" is midnight). */
export function formatClock(hhmm: string, tag: string): string {
  const [h = 0, m = 0] = hhmm.split(":").map(Number);
  return dateFormat(tag, {
    hour: "numeric",
    minute: "2-digit",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(2024, 0, 1, h % 24, m)));
}

export interface DayHours {
  /** 0 = Monday. */
  day: number;
  name: string;
  /** "Closed", or each shift "09:00 – 13:00" in the page's language. */
  shifts: string[];
  closed: boolean;
}

/** The week's opening hours as lines a visitor reads, split shifts and closed days included. */
export function formatWeek(
  week: { start: string; end: string }[][],
  tag: string,
  messages: Messages,
): DayHours[] {
  const names = weekdayNames(tag);
  return names.map((name, day) => {
    const shifts = week[day] ?? [];
    return {
      day,
      name,
      closed: shifts.length === 0,
      shifts:
        shifts.length === 0
          ? [messages.hours.closed]
          : shifts.map((s) =>
              fill(messages.hours.shift, {
                start: formatClock(s.start, tag),
                end: formatClock(s.end, tag),
              }),
            ),
    };
  });
}

/** A moment in the practice's zone: "Tuesday 2 December, 09:30". */
export function formatWhen(when: Date, tag: string, timeZone: string): string {
  return dateFormat(tag, {
    weekday: "long",
    day: "numeric",
    month: "long",
    hour: "numeric",
    minute: "2-digit",
    timeZone,
  }).format(when);
}

/** A short time for a list of slots: "Tue 2 Dec, 09:30". */
export function formatSlot(when: Date, tag: string, timeZone: string): string {
  return dateFormat(tag, {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "numeric",
    minute: "2-digit",
    timeZone,
  }).format(when);
}

export function formatNumber(value: number, tag: string, digits = 0): string {
  return numberFormat(tag, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}
