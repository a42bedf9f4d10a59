// Times on screen are the organization's wall clock, whatever zone the browser is in.
// Instants stay UTC; this turns them into local dates, minutes and labels of one IANA zone.
import { useEffect, useState } from "react";
import { epochMinutesToLocal, localToEpochMinutes, toEpochMinutes } from "@caredesk/scheduling";

/** A wall-clock position of an instant in a zone. */
export interface Local {
  /** YYYY-MM-DD */
  date: string;
  /** Minutes since local midnight. */
  minutes: number;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
}

export function toLocal(instant: Date, timeZone: string): Local {
  const local = epochMinutesToLocal(toEpochMinutes(instant), timeZone);
  return { date: local.date, minutes: timeToMinutes(local.time), weekday: local.weekday };
}

export function timeToMinutes(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

export function minutesToTime(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

/**
 * The instant of a local date and time. A time skipped by a spring-forward change moves to
 * the next existing minute, so a click on the calendar always means some instant.
 */
export function fromLocal(date: string, minutes: number, timeZone: string): Date {
  for (let shift = 0; shift <= 120; shift += 15) {
    const total = minutes + shift;
    const dayOffset = Math.floor(total / 1440);
    const epoch = localToEpochMinutes(
      addDays(date, dayOffset),
      minutesToTime(total - dayOffset * 1440),
      timeZone,
    );
    if (epoch !== null) return new Date(epoch * 60_000);
  }
  throw new Error(`No such local time ${date} ${minutes} in ${timeZone}`);
}

/** Today's date in the zone. */
export function todayIn(timeZone: string, now = new Date()): string {
  return toLocal(now, timeZone).date;
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number);
  const utc = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days));
  return utc.toISOString().slice(0, 10);
}

/** ISO weekday (1 = Monday) of a calendar date. */
export function weekdayOf(date: string): number {
  const [y, m, d] = date.split("-").map(Number);
  const day = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The Monday of the week containing `date`. */
export function startOfWeek(date: string): string {
  return addDays(date, 1 - weekdayOf(date));
}

/** Formatters bound to a locale and the organization's zone. */
export function zonedFormat(locale: string, timeZone: string) {
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: "numeric", minute: "2-digit" });
  const dateTime = new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "numeric",
    minute: "2-digit",
  });
  const longDate = new Intl.DateTimeFormat(locale, {
    timeZone: "UTC",
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
  });
  const shortDate = new Intl.DateTimeFormat(locale, {
    timeZone: "UTC",
    weekday: "short",
    day: "numeric",
    month: "short",
  });
  const utcTime = new Intl.DateTimeFormat(locale, {
    timeZone: "UTC",
    hour: "numeric",
    minute: "2-digit",
  });
  // Calendar dates (YYYY-MM-DD) have no zone: format them at UTC noon so they never shift.
  const asDay = (date: string) => new Date(`${date}T12:00:00Z`);
  return {
    time: (instant: Date) => time.format(instant),
    dateTime: (instant: Date) => dateTime.format(instant),
    range: (start: Date, end: Date) => `${dateTime.format(start)} – ${time.format(end)}`,
    day: (date: string) => longDate.format(asDay(date)),
    shortDay: (date: string) => shortDate.format(asDay(date)),
    /** A wall-clock minute of the day, e.g. 540 → "09:00" in the locale's style. */
    clock: (minutes: number) => utcTime.format(new Date(Date.UTC(2000, 0, 1, 0, minutes))),
  };
}

/** The current time, refreshed every minute (past slots stop being bookable as time passes). */
export function useNow(intervalMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
