/** Integer minutes since the Unix epoch (UTC). Half-open intervals [start, end). */
export interface Interval {
  start: number;
  end: number;
}

/** A calendar date in some zone, "YYYY-MM-DD". */
export type LocalDate = string;

/** A wall-clock time, "HH:MM", 00:00–24:00 (24:00 only as an end). */
export type LocalTime = string;

export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Working hours on one ISO weekday (1 = Monday), optionally limited to a date range. */
export interface WeeklyRule {
  weekday: IsoWeekday;
  start: LocalTime;
  end: LocalTime;
  validFrom?: LocalDate | null;
  /** Inclusive. */
  validTo?: LocalDate | null;
}

/** Replaces the rules on every date in [from, to] (inclusive): closed, or other hours. */
export interface ScheduleException {
  from: LocalDate;
  /** Inclusive. */
  to: LocalDate;
  closed: boolean;
  /** Replacement hours when !closed. */
  intervals?: { start: LocalTime; end: LocalTime }[];
}

export interface ResourceCalendar {
  id: string;
  /** IANA zone the rules and exceptions are written in. */
  timeZone: string;
  rules: WeeklyRule[];
  exceptions: ScheduleException[];
  /** Existing bookings, including their buffers. Any order, may overlap. */
  busy: Interval[];
}

/** One resource from each requirement is needed at once (e.g. doctor, room, equipment). */
export interface Requirement {
  candidates: ResourceCalendar[];
}

export interface SlotQuery {
  requirements: Requirement[];
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  slotIntervalMinutes: number;
  minNoticeMinutes: number;
  horizonDays: number;
  /** Epoch minutes. */
  now: number;
  /** Search window for slot starts, epoch minutes, half-open [from, to). */
  from: number;
  to: number;
  /**
   * The wall clock of the grid: starts step slotIntervalMinutes on it from the start of the
   * practitioner's working stretch (see findSlots).
   */
  gridTimeZone: string;
  /** Stop after this many slots. */
  limit?: number;
}

export interface Slot {
  start: number;
  end: number;
  /** One per requirement, same order. */
  resourceIds: string[];
}

/**
 * Why a requested start is or is not bookable (explainStart). Plain data, not an error: the
 * caller words it. `nearest` are free slots close to an off-grid start, nearest first.
 */
export type StartExplanation =
  | { kind: "past" }
  | { kind: "notice" }
  | { kind: "horizon" }
  | { kind: "outsideHours" }
  | { kind: "offGrid"; nearest: Slot[] }
  | { kind: "taken" }
  | { kind: "ok"; slot: Slot };

/** Thrown for malformed input (bad zone, bad "HH:MM", negative duration…): a client error. */
export class SchedulingInputError extends RangeError {
  override name = "SchedulingInputError";
}
