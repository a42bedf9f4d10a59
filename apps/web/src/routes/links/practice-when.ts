// When an appointment is, as its practice writes dates and on the practice's clock, whatever
// the zone and language of the patient's browser.

/** "Monday, 9 March 2026 at 10:00" in `locale`, at `timeZone`. */
export function practiceWhen(startsAt: Date, locale: string, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = { dateStyle: "full", timeStyle: "short", timeZone };
  try {
    return new Intl.DateTimeFormat(locale, options).format(startsAt);
  } catch {
    // A locale this browser does not know: its own, still on the practice's clock.
    return new Intl.DateTimeFormat(undefined, options).format(startsAt);
  }
}
