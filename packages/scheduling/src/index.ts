// @caredesk/scheduling — the pure availability engine: no database, no dependencies.
// All instants are integer minutes since the Unix epoch (UTC); intervals are half-open.
import {
  MINUTES_PER_DAY,
  assertEpochMinutes,
  formatLocalDate,
  formatLocalTime,
  getZone,
  isoWeekday,
  parseLocalDate,
  parseLocalTime,
  resolveLocal,
  toLocal,
} from "./time";
import type { LocalDate, LocalTime } from "./types";

export type {
  Interval,
  IsoWeekday,
  LocalDate,
  LocalTime,
  Requirement,
  ResourceCalendar,
  ScheduleException,
  Slot,
  SlotQuery,
  StartExplanation,
  WeeklyRule,
} from "./types";
export { SchedulingInputError } from "./types";
export { expandWorkingHours, sortAndMerge as mergeIntervals, workingHoursOnDate } from "./expand";
export { explainStart, findSlots, nextFreeSlots } from "./slots";
export { isValidTimeZone } from "./time";

export function toEpochMinutes(date: Date): number {
  return Math.floor(date.getTime() / 60_000);
}

export function fromEpochMinutes(minutes: number): Date {
  return new Date(minutes * 60_000);
}

/**
 * The instant of a local date and time in a zone. Null when the time does not exist there
 * (spring-forward gap); the first occurrence when it is ambiguous (fall-back). "24:00" means
 * the following midnight. Throws SchedulingInputError on a malformed date, time or zone.
 */
export function localToEpochMinutes(
  date: LocalDate,
  time: LocalTime,
  timeZone: string,
): number | null {
  const local = parseLocalDate(date) * MINUTES_PER_DAY + parseLocalTime(time, true);
  return resolveLocal(getZone(timeZone), local, "skip");
}

/** Wall-clock date, time and ISO weekday (1 = Monday) of an instant in a zone. */
export function epochMinutesToLocal(
  minutes: number,
  timeZone: string,
): { date: LocalDate; time: LocalTime; weekday: number } {
  assertEpochMinutes(minutes, "minutes");
  const local = toLocal(getZone(timeZone), Math.floor(minutes));
  const day = Math.floor(local / MINUTES_PER_DAY);
  return {
    date: formatLocalDate(day),
    time: formatLocalTime(local - day * MINUTES_PER_DAY),
    weekday: isoWeekday(day),
  };
}

/**
 * The first instant of a local date in a zone: its midnight, or the first minute after the
 * gap where a spring-forward skips midnight (America/Santiago). Throws SchedulingInputError on a
 * malformed date or zone.
 */
export function startOfLocalDay(date: LocalDate, timeZone: string): number {
  return resolveLocal(getZone(timeZone), parseLocalDate(date) * MINUTES_PER_DAY, "next");
}

/** The wall clock of an instant in a zone, as minutes since 1970-01-01T00:00 local time. */
export function wallClockMinutes(minutes: number, timeZone: string): number {
  assertEpochMinutes(minutes, "minutes");
  return toLocal(getZone(timeZone), Math.floor(minutes));
}

/**
 * The instant a wall-clock time (minutes since 1970-01-01T00:00 local) happens in a zone: the
 * first occurrence when ambiguous, the end of the gap when it does not exist.
 */
export function instantOfWallClock(local: number, timeZone: string): number {
  return resolveLocal(getZone(timeZone), Math.floor(local), "next");
}
