// Dates and times on the practice's wall clock, whatever zone the visitor's browser is in.

const dayKeyCache = new Map<string, Intl.DateTimeFormat>();

/** The practice-local calendar date (YYYY-MM-DD) of an instant. */
export function localDate(instant: Date, timeZone: string): string {
  let fmt = dayKeyCache.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    dayKeyCache.set(timeZone, fmt);
  }
  return fmt.format(instant);
}

export function todayIn(timeZone: string): string {
  return localDate(new Date(), timeZone);
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days)).toISOString().slice(0, 10);
}

/** Midday UTC of a calendar date: formatted in UTC it is that date in every locale. */
function noon(date: string): Date {
  return new Date(`${date}T12:00:00Z`);
}

/** Formatters bound to the page's language and the practice's zone. */
export function zonedFormat(tag: string, timeZone: string) {
  const time = new Intl.DateTimeFormat(tag, { timeZone, hour: "numeric", minute: "2-digit" });
  const dateTime = new Intl.DateTimeFormat(tag, {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "numeric",
    minute: "2-digit",
  });
  const weekday = new Intl.DateTimeFormat(tag, { timeZone: "UTC", weekday: "short" });
  const dayMonth = new Intl.DateTimeFormat(tag, {
    timeZone: "UTC",
    day: "numeric",
    month: "short",
  });
  const number = new Intl.NumberFormat(tag);
  return {
    number: (n: number) => number.format(n),
    time: (d: Date) => time.format(d),
    dateTime: (d: Date) => dateTime.format(d),
    weekday: (date: string) => weekday.format(noon(date)),
    dayMonth: (date: string) => dayMonth.format(noon(date)),
  };
}

/** A price in minor units as the practice writes it. */
export function formatMoney(minor: number, currency: string, tag: string): string {
  const fmt = new Intl.NumberFormat(tag, { style: "currency", currency });
  const digits = fmt.resolvedOptions().maximumFractionDigits ?? 2;
  return fmt.format(minor / 10 ** digits);
}
