// What each 15-minute cell of a calendar column is — free to book, closed, too soon, past, or
// taken by an appointment — worked out once and drawn by both the grid and the phone agenda.
import type { RouterOutputs } from "@caredesk/api";
import { workingHoursOnDate } from "@caredesk/scheduling";
import { fromLocal, toLocal } from "../../lib/zoned";
import type { CalendarResource } from "./calendar-booking";

export type Appointment = RouterOutputs["appointment"]["list"][number];
export type Schedule = RouterOutputs["schedule"]["forResource"];

/** Minutes per cell; also the grid bookings are offered on. */
export const STEP = 15;

/** A column of the calendar: one resource on one day. */
export interface Column {
  key: string;
  resource: CalendarResource;
  date: string;
  label: string;
  sublabel?: string;
}

export type CellState =
  /** Bookable by this user: inside working hours, past the notice window, nothing booked. */
  | "free"
  /** Inside working hours and nothing booked, but this user cannot book. */
  | "open"
  /** Outside working hours (or a day off). */
  | "closed"
  /** Working hours that have already passed. */
  | "past"
  /** Too soon: inside the shortest notice any of the column's services asks for. */
  | "notice"
  /** Working hours still loading. */
  | "loading"
  /** One or more appointments start in this cell. */
  | "appointment"
  /** An appointment that started earlier runs through this cell. */
  | "busy";

export interface Cell {
  /** Minutes since local midnight, a multiple of STEP. */
  minute: number;
  start: Date;
  state: CellState;
  /** Inside working hours (draws the background whatever the state). */
  working: boolean;
  /** The appointments starting here ("appointment") or running through ("busy"). */
  appointments: Appointment[];
}

/** Whole local minutes an appointment covers on `date`, clipped to that day. */
export function localSpan(a: Appointment, date: string, timeZone: string) {
  const s = toLocal(a.startsAt, timeZone);
  const e = toLocal(a.endsAt, timeZone);
  const start = s.date < date ? 0 : s.minutes;
  const end = e.date > date ? 1440 : e.minutes;
  return { start, end };
}

/**
 * Working hours of a resource on a date as minutes of the organization's wall clock, from the
 * engine's own expansion (its rules and exceptions in its zone, DST applied), so the calendar
 * shows exactly the hours bookings are offered in.
 */
export function workingIntervals(schedule: Schedule, date: string, timeZone: string) {
  const calendar = {
    timeZone: schedule.resource.timeZone,
    rules: schedule.rules,
    exceptions: schedule.exceptions.map((e) => ({
      from: e.startsOn,
      to: e.endsOn,
      closed: e.closed,
      intervals: e.intervals,
    })),
  };
  return workingHoursOnDate(calendar, date, timeZone);
}

export function buildCells({
  date,
  timeZone,
  startMinute,
  endMinute,
  working,
  appointments,
  now,
  noticeMinutes,
  canWrite,
}: {
  date: string;
  timeZone: string;
  startMinute: number;
  endMinute: number;
  /** Null while the schedule loads. */
  working: readonly { start: number; end: number }[] | null;
  /** The column's appointments that start on `date`. */
  appointments: readonly Appointment[];
  now: number;
  /** The shortest notice of the services this column can give; null when unknown. */
  noticeMinutes: number | null;
  canWrite: boolean;
}): Cell[] {
  const spans = appointments.map((a) => ({ a, ...localSpan(a, date, timeZone) }));
  const earliest = now + (noticeMinutes ?? 0) * 60_000;
  const cells: Cell[] = [];
  for (let m = startMinute; m < endMinute; m += STEP) {
    const start = fromLocal(date, m, timeZone);
    // The first cell also holds anything that started before the hours shown.
    const starting = spans
      .filter((s) => (s.start >= m || m === startMinute) && s.start < m + STEP && s.end > m)
      .map((s) => s.a);
    const covering = spans.filter((s) => s.start < m && s.end > m).map((s) => s.a);
    const inHours = working?.some((w) => m >= w.start && m < w.end) ?? false;
    let state: CellState;
    if (starting.length > 0) state = "appointment";
    else if (covering.length > 0) state = "busy";
    else if (working === null) state = "loading";
    else if (!inHours) state = "closed";
    else if (start.getTime() <= now) state = "past";
    else if (!canWrite) state = "open";
    else if (start.getTime() < earliest) state = "notice";
    else state = "free";
    cells.push({
      minute: m,
      start,
      state,
      working: inHours,
      appointments: starting.length > 0 ? starting : covering,
    });
  }
  return cells;
}

/** When the patient confirmed the appointment, if they did (absent from older API answers). */
export function patientConfirmedAt(a: object): Date | null {
  const value = (a as { patientConfirmedAt?: Date | string | null }).patientConfirmedAt;
  return value ? new Date(value) : null;
}

/** The key of the cell an action started from, to give focus back to when a dialog closes. */
export function cellKey(columnKey: string, minute: number): string {
  return `${columnKey}|${minute}`;
}
