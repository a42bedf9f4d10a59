import {
  MINUTES_PER_DAY,
  type Zone,
  assertEpochMinutes,
  getZone,
  isoWeekday,
  offsetAt,
  parseLocalDate,
  parseLocalTime,
  resolveLocal,
  stableDayOffset,
  toLocal,
} from "./time";
import {
  type Interval,
  type LocalDate,
  type ResourceCalendar,
  SchedulingInputError,
} from "./types";

/** [start, end) in local minutes of the day, 0–1440. */
type LocalSpan = readonly [start: number, end: number];

interface CompiledRule {
  span: LocalSpan;
  validFrom: number;
  validTo: number;
}

interface CompiledException {
  from: number;
  to: number;
  closed: boolean;
  spans: LocalSpan[];
}

/** A calendar parsed once: rules by weekday, exceptions sorted, zone resolved. */
export interface CompiledCalendar {
  zone: Zone;
  /** Index 1–7 (ISO weekday). */
  rulesByWeekday: CompiledRule[][];
  exceptions: CompiledException[];
}

function compileSpan(start: string, end: string): LocalSpan {
  const s = parseLocalTime(start, false);
  const e = parseLocalTime(end, true);
  if (e <= s) {
    throw new SchedulingInputError(
      `Working hours must end after they start on the same local day (use 24:00 for midnight): ${start}–${end}`,
    );
  }
  return [s, e];
}

export function compileCalendar(
  calendar: Pick<ResourceCalendar, "timeZone" | "rules" | "exceptions">,
): CompiledCalendar {
  const zone = getZone(calendar.timeZone);
  const rulesByWeekday: CompiledRule[][] = [[], [], [], [], [], [], [], []];
  for (const rule of calendar.rules) {
    const list = Number.isInteger(rule.weekday) ? rulesByWeekday[rule.weekday] : undefined;
    if (rule.weekday < 1 || !list) {
      throw new SchedulingInputError(`Weekday must be 1 (Monday) … 7 (Sunday): ${rule.weekday}`);
    }
    list.push({
      span: compileSpan(rule.start, rule.end),
      validFrom: rule.validFrom ? parseLocalDate(rule.validFrom) : -Infinity,
      validTo: rule.validTo ? parseLocalDate(rule.validTo) : Infinity,
    });
  }
  const exceptions = calendar.exceptions.map((exception): CompiledException => {
    const from = parseLocalDate(exception.from);
    const to = parseLocalDate(exception.to);
    if (to < from) {
      throw new SchedulingInputError(
        `Exception ends before it starts: ${exception.from}…${exception.to}`,
      );
    }
    return {
      from,
      to,
      closed: exception.closed,
      spans: exception.closed
        ? []
        : (exception.intervals ?? []).map((interval) => compileSpan(interval.start, interval.end)),
    };
  });
  exceptions.sort((a, b) => a.from - b.from);
  return { zone, rulesByWeekday, exceptions };
}

/**
 * Local working spans of one local day. Exceptions covering the day replace its rules: if any
 * of them is closed the day is closed, otherwise the union of their replacement hours applies.
 */
function spansOfDay(calendar: CompiledCalendar, day: number, out: LocalSpan[]): void {
  let covered = false;
  let closed = false;
  for (const exception of calendar.exceptions) {
    if (exception.from > day) break;
    if (exception.to < day) continue;
    covered = true;
    if (exception.closed) closed = true;
    else for (const span of exception.spans) out.push(span);
  }
  if (covered) {
    if (closed) out.length = 0;
    return;
  }
  for (const rule of calendar.rulesByWeekday[isoWeekday(day)] ?? []) {
    if (rule.validFrom <= day && day <= rule.validTo) out.push(rule.span);
  }
}

/** Sorts by start and merges overlapping or touching intervals, in place; returns the array. */
export function sortAndMerge(intervals: Interval[]): Interval[] {
  if (intervals.length < 2) return intervals;
  intervals.sort((a, b) => a.start - b.start || a.end - b.end);
  let w = 0;
  for (let r = 1; r < intervals.length; r++) {
    const current = intervals[r] as Interval;
    const last = intervals[w] as Interval;
    if (current.start <= last.end) {
      if (current.end > last.end) last.end = current.end;
    } else {
      intervals[++w] = current;
    }
  }
  intervals.length = w + 1;
  return intervals;
}

/**
 * Working hours of a compiled calendar as instants, sorted, merged and clipped to [from, to).
 * Each local span [s, e) of local day d becomes [instant(d, s), instant(d, e)): a boundary in a
 * spring-forward gap moves to the first instant after it, an ambiguous one takes its first
 * occurrence. Spans that collapse (entirely inside a gap) vanish.
 */
export function expandCompiled(calendar: CompiledCalendar, from: number, to: number): Interval[] {
  const result: Interval[] = [];
  if (to <= from) return result;
  const zone = calendar.zone;
  // One day of slack either side covers spans whose local day differs from the instant's.
  const firstDay = Math.floor(toLocal(zone, from) / MINUTES_PER_DAY) - 1;
  const lastDay = Math.floor(toLocal(zone, to) / MINUTES_PER_DAY) + 1;
  const spans: LocalSpan[] = [];
  for (let day = firstDay; day <= lastDay; day++) {
    spans.length = 0;
    spansOfDay(calendar, day, spans);
    if (spans.length === 0) continue;
    const base = day * MINUTES_PER_DAY;
    for (const [s, e] of spans) {
      const start = Math.max(from, resolveLocal(zone, base + s, "next"));
      const end = Math.min(to, resolveLocal(zone, base + e, "next"));
      if (end > start) result.push({ start, end });
    }
  }
  return sortAndMerge(result);
}

/**
 * Working hours of a calendar between two instants (epoch minutes): sorted, merged, clipped to
 * [from, to). Adjacent spans (22:00–24:00 then 00:00–02:00 the next day) merge into one.
 */
export function expandWorkingHours(
  calendar: Pick<ResourceCalendar, "timeZone" | "rules" | "exceptions">,
  from: number,
  to: number,
): Interval[] {
  assertEpochMinutes(from, "from");
  assertEpochMinutes(to, "to");
  return expandCompiled(compileCalendar(calendar), from, to);
}

/**
 * Working hours of a calendar on one local date of `timeZone` (by default the calendar's own) as
 * wall-clock minutes after that date's midnight, 0–1440, sorted and merged: for drawing a day on
 * a wall-clock axis with exactly the hours the slot search uses (rules, exceptions, DST). Hours
 * across a spring-forward gap are drawn through it (its minutes do not exist); a repeated
 * fall-back hour is drawn once. Throws SchedulingInputError on a malformed calendar, date or zone.
 */
export function workingHoursOnDate(
  calendar: Pick<ResourceCalendar, "timeZone" | "rules" | "exceptions">,
  date: LocalDate,
  timeZone: string = calendar.timeZone,
): Interval[] {
  const zone = getZone(timeZone);
  const day = parseLocalDate(date);
  const midnight = day * MINUTES_PER_DAY;
  const from = resolveLocal(zone, midnight, "next");
  const to = resolveLocal(zone, midnight + MINUTES_PER_DAY, "next");
  const stable = stableDayOffset(zone, day);
  const out: Interval[] = [];
  const push = (localStart: number, localEnd: number) => {
    const start = Math.max(0, localStart - midnight);
    const end = Math.min(MINUTES_PER_DAY, localEnd - midnight);
    if (end > start) out.push({ start, end });
  };
  for (const w of expandCompiled(compileCalendar(calendar), from, to)) {
    if (stable !== null) {
      push(w.start + stable, w.end + stable);
      continue;
    }
    // Split where the offset changes, so each side is read on its own wall clock.
    let start = w.start;
    let offset = offsetAt(zone, start);
    while (offsetAt(zone, w.end - 1) !== offset) {
      const change = firstOffsetChange(zone, start, w.end - 1, offset);
      const next = offsetAt(zone, change);
      // Across a spring-forward gap the two sides meet: the skipped wall minutes do not exist.
      push(start + offset, change + Math.max(offset, next));
      start = change;
      offset = next;
    }
    // Hours that end at a spring-forward change end at the wall clock after it (03:00, not 02:00).
    push(start + offset, w.end + Math.max(offset, offsetAt(zone, w.end)));
  }
  return sortAndMerge(out);
}

/** The first instant in (lo, hi] whose offset is not `offset` (the one at lo; hi's differs). */
function firstOffsetChange(zone: Zone, lo: number, hi: number, offset: number): number {
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (offsetAt(zone, mid) === offset) lo = mid;
    else hi = mid;
  }
  return hi;
}
