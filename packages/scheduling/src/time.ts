// Time-zone arithmetic over integer epoch minutes, on the runtime's Intl (ICU tzdata).
//
// Terms used throughout:
//   instant  t  — epoch minutes (UTC)
//   local    L  — "local epoch minutes": the wall-clock reading written as if it were UTC,
//                 so L = t + offset(t) and floor(L / 1440) is the local day number.
//   day      d  — days since 1970-01-01 (a LocalDate as a number)
import { type LocalDate, type LocalTime, SchedulingInputError } from "./types";

export const MINUTES_PER_DAY = 1440;

/** ±100,000,000 days around 1970 is the Date range; stay well inside it (years ~1700–2300). */
const MAX_ABS_MINUTES = 200 * 365 * MINUTES_PER_DAY * 2.5;

export function assertEpochMinutes(value: number, what: string): void {
  if (!Number.isFinite(value) || Math.abs(value) > MAX_ABS_MINUTES) {
    throw new SchedulingInputError(`${what} must be a finite epoch-minute value, got ${value}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Calendar dates without Date objects (proleptic Gregorian, Howard Hinnant's algorithms).

export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(days: number): { y: number; m: number; d: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a day number; 1970-01-01 was a Thursday. */
export function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "YYYY-MM-DD" → day number; throws on malformed or impossible dates (2026-02-30). */
export function parseLocalDate(date: LocalDate): number {
  const match = DATE_RE.exec(date);
  if (match) {
    const y = Number(match[1]);
    const m = Number(match[2]);
    const d = Number(match[3]);
    if (m >= 1 && m <= 12 && d >= 1 && d <= 31) {
      const day = daysFromCivil(y, m, d);
      const back = civilFromDays(day);
      if (back.m === m && back.d === d) return day;
    }
  }
  throw new SchedulingInputError(`Not a date (YYYY-MM-DD): ${JSON.stringify(date)}`);
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

export function formatLocalDate(day: number): LocalDate {
  const { y, m, d } = civilFromDays(day);
  return `${String(y).padStart(4, "0")}-${pad2(m)}-${pad2(d)}`;
}

// "HH:MM"; a trailing ":00" (seconds, as PostgreSQL `time` columns print) is tolerated.
const TIME_RE = /^(\d{2}):(\d{2})(?::00)?$/;

const parsedTimes = new Map<string, number>();

/** "HH:MM" → minutes after midnight. 24:00 (= 1440) only when `allowEndOfDay`. */
export function parseLocalTime(time: LocalTime, allowEndOfDay: boolean): number {
  const cached = parsedTimes.get(time);
  if (cached !== undefined && (cached < MINUTES_PER_DAY || allowEndOfDay)) return cached;
  const minutes = parseTime(time, allowEndOfDay);
  if (parsedTimes.size >= 10_000) parsedTimes.clear();
  parsedTimes.set(time, minutes);
  return minutes;
}

function parseTime(time: LocalTime, allowEndOfDay: boolean): number {
  const match = TIME_RE.exec(time);
  if (match) {
    const h = Number(match[1]);
    const m = Number(match[2]);
    if (h < 24 && m < 60) return h * 60 + m;
    if (h === 24 && m === 0 && allowEndOfDay) return MINUTES_PER_DAY;
  }
  throw new SchedulingInputError(
    `Not a time (HH:MM${allowEndOfDay ? ", up to 24:00" : ", before 24:00"}): ${JSON.stringify(time)}`,
  );
}

export function formatLocalTime(minutes: number): LocalTime {
  return `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
}

// ---------------------------------------------------------------------------------------------
// Zones.

/** Per-zone state: one cached formatter plus bounded caches of offsets. */
export interface Zone {
  readonly name: string;
  readonly format: Intl.DateTimeFormat;
  /** instant → offset (minutes east of UTC). */
  readonly offsets: Map<number, number>;
  /** local day → its offset when constant across the whole day and its neighbourhood, else null. */
  readonly days: Map<number, number | null>;
}

const zones = new Map<string, Zone>();
const CACHE_LIMIT = 50_000;

/** Same acceptance rule as @caredesk/validators' TimeZone: Intl knows it and it is "Area/City" or UTC. */
export function isValidTimeZone(zone: string): boolean {
  if (typeof zone !== "string" || zone.length === 0 || zone.length > 64) return false;
  if (zones.has(zone)) return true;
  if (!(zone.includes("/") || zone === "UTC")) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function getZone(name: string): Zone {
  const cached = zones.get(name);
  if (cached) return cached;
  if (!isValidTimeZone(name)) {
    throw new SchedulingInputError(`Not a known time zone: ${JSON.stringify(name)}`);
  }
  const zone: Zone = {
    name,
    format: new Intl.DateTimeFormat("en-US", {
      timeZone: name,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      numberingSystem: "latn",
    }),
    offsets: new Map(),
    days: new Map(),
  };
  zones.set(name, zone);
  return zone;
}

// en-US numeric output: "03/08/2026, 02:00".
const FORMAT_RE = /^(\d{2})\/(\d{2})\/(\d+),? (\d{2}):(\d{2})/;

/** Offset of the zone at instant t, in whole minutes east of UTC (sub-minute LMT offsets floor). */
export function offsetAt(zone: Zone, t: number): number {
  const cached = zone.offsets.get(t);
  if (cached !== undefined) return cached;
  const text = zone.format.format(new Date(t * 60_000));
  const match = FORMAT_RE.exec(text);
  if (!match) throw new SchedulingInputError(`Cannot read a local time in ${zone.name}: ${text}`);
  const local =
    daysFromCivil(Number(match[3]), Number(match[1]), Number(match[2])) * MINUTES_PER_DAY +
    Number(match[4]) * 60 +
    Number(match[5]);
  const offset = local - Math.floor(t);
  if (zone.offsets.size >= CACHE_LIMIT) zone.offsets.clear();
  zone.offsets.set(t, offset);
  return offset;
}

// Real offsets lie in [-12h, +14h]; probes at these distances bracket any local day.
const PROBE_BEFORE = 16 * 60;
const PROBE_AFTER = 14 * 60;

/**
 * The offset in force for the whole of local day `day` when it does not change anywhere near
 * that day (no transition in the ~2 days around it), else null. Days that return null take the
 * exact, slower path. Assumes no two transitions that cancel out within ~2 days, which holds for
 * every zone in tzdata since 1970.
 */
export function stableDayOffset(zone: Zone, day: number): number | null {
  const cached = zone.days.get(day);
  if (cached !== undefined) return cached;
  const start = day * MINUTES_PER_DAY;
  const a = offsetAt(zone, start - PROBE_BEFORE);
  const b = offsetAt(zone, start + MINUTES_PER_DAY + PROBE_AFTER);
  const c = offsetAt(zone, start + MINUTES_PER_DAY / 2);
  const result = a === b && b === c ? a : null;
  if (zone.days.size >= CACHE_LIMIT) zone.days.clear();
  zone.days.set(day, result);
  return result;
}

/** What to do with a local time that does not exist (spring-forward gap). */
export type GapPolicy = "skip" | "next";

/**
 * Instant of local time L. Ambiguous (fall-back) → the first occurrence. Nonexistent
 * (spring-forward gap) → null with "skip", or the first existing instant after it (the
 * transition itself) with "next".
 */
export function resolveLocal(zone: Zone, local: number, gap: "skip"): number | null;
export function resolveLocal(zone: Zone, local: number, gap: "next"): number;
export function resolveLocal(zone: Zone, local: number, gap: GapPolicy): number | null {
  const stable = stableDayOffset(zone, Math.floor(local / MINUTES_PER_DAY));
  if (stable !== null) return local - stable;

  // The instant lies in [local - 14h, local + 12h]; the offsets on either side are the candidates.
  const before = offsetAt(zone, local - PROBE_BEFORE);
  const after = offsetAt(zone, local + PROBE_AFTER);
  let best: number | null = null;
  for (const offset of [
    before,
    after,
    offsetAt(zone, local - before),
    offsetAt(zone, local - after),
  ]) {
    const t = local - offset;
    if (offsetAt(zone, t) === offset && (best === null || t < best)) best = t;
  }
  if (best !== null || gap === "skip") return best;

  // In a gap: the transition lies between local - max(offsets) and local - min(offsets).
  let lo = local - Math.max(before, after);
  let hi = local - Math.min(before, after);
  const loOffset = offsetAt(zone, lo);
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (offsetAt(zone, mid) === loOffset) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Local minutes (wall clock written as UTC) of instant t. */
export function toLocal(zone: Zone, t: number): number {
  return t + offsetAt(zone, t);
}
