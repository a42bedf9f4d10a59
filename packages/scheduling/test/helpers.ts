import {
  type IsoWeekday,
  type ResourceCalendar,
  type SlotQuery,
  type WeeklyRule,
  epochMinutesToLocal,
  localToEpochMinutes,
} from "../src";

export const NEW_YORK = "America/New_York";
export const LONDON = "Europe/London";
export const KOLKATA = "Asia/Kolkata";
export const KATHMANDU = "Asia/Kathmandu";
export const LORD_HOWE = "Australia/Lord_Howe";

/** Instant of an existing local time; fails the test if it does not exist. */
export function at(date: string, time: string, zone: string): number {
  const m = localToEpochMinutes(date, time, zone);
  if (m === null) throw new Error(`${date} ${time} does not exist in ${zone}`);
  return m;
}

/** "YYYY-MM-DD HH:MM" in a zone, for readable assertions. */
export function local(m: number, zone: string): string {
  const { date, time } = epochMinutesToLocal(m, zone);
  return `${date} ${time}`;
}

export const ALL_DAYS: IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];

export function daily(start: string, end: string, days: IsoWeekday[] = ALL_DAYS): WeeklyRule[] {
  return days.map((weekday) => ({ weekday, start, end }));
}

export function calendar(
  id: string,
  timeZone: string,
  rules: WeeklyRule[],
  extra: Partial<ResourceCalendar> = {},
): ResourceCalendar {
  return { id, timeZone, rules, exceptions: [], busy: [], ...extra };
}

export function query(
  resources: ResourceCalendar[][],
  window: { from: number; to: number },
  extra: Partial<SlotQuery> = {},
): SlotQuery {
  return {
    requirements: resources.map((candidates) => ({ candidates })),
    durationMinutes: 30,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    slotIntervalMinutes: 30,
    minNoticeMinutes: 0,
    horizonDays: 365,
    now: window.from - 1440,
    from: window.from,
    to: window.to,
    gridTimeZone: resources[0]?.[0]?.timeZone ?? "UTC",
    ...extra,
  };
}

export function totalMinutes(intervals: { start: number; end: number }[]): number {
  return intervals.reduce((sum, i) => sum + (i.end - i.start), 0);
}
