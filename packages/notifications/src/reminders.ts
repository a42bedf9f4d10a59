// When an appointment's reminders go out, computed in the practice's time zone.
//
// - An offset of whole days ("1 day before") keeps the wall-clock time: a 10:00 appointment is
//   reminded at 10:00 the day before, even when a DST change makes that 23 or 25 hours earlier.
//   Other offsets ("2 hours before") are exact durations.
// - Quiet hours (local, e.g. 21:00–08:00) hold no message: a reminder that would fall inside
//   them moves to the end of the quiet hours when that still leaves at least 30 minutes before
//   the appointment, else to just before they began.
// - Reminders already due when the appointment is booked, or that collapse onto another one
//   (less than 30 minutes apart), are dropped: the booking confirmation covers them.
import { instantOfWallClock, wallClockMinutes } from "@caredesk/scheduling";

const DAY = 1440;
/** The least useful lead time, and the least distance between two reminders. */
const MIN_GAP = 30;

export interface ReminderPolicy {
  timeZone: string;
  /** Minutes before the start. */
  offsets: readonly number[];
  /** Local minutes of day; null or equal: no quiet hours. */
  quietStart: number | null;
  quietEnd: number | null;
}

export interface PlannedReminder {
  /** The offset it was planned for (minutes before the start). */
  offset: number;
  sendAt: Date;
}

const toMinutes = (d: Date) => Math.floor(d.getTime() / 60_000);
const toDate = (m: number) => new Date(m * 60_000);

/** Whether local minute-of-day `m` falls in the quiet window [start, end) (may wrap midnight). */
function isQuiet(m: number, start: number, end: number): boolean {
  return start < end ? m >= start && m < end : m >= start || m < end;
}

/** Moves an instant out of quiet hours, answering null when no useful time remains. */
function outOfQuietHours(t: number, start: number, policy: ReminderPolicy): number | null {
  const { quietStart: qs, quietEnd: qe, timeZone } = policy;
  if (qs === null || qe === null || qs === qe) return t;
  const local = wallClockMinutes(t, timeZone);
  const dayStart = Math.floor(local / DAY) * DAY;
  const minute = local - dayStart;
  if (!isQuiet(minute, qs, qe)) return t;
  // The quiet stretch containing `local`: it began at qs today or yesterday, ends at qe.
  const began = minute >= qs ? dayStart + qs : dayStart - DAY + qs;
  const ends = qs < qe || minute < qe ? dayStart + qe : dayStart + DAY + qe;
  const later = instantOfWallClock(ends, timeZone);
  if (later <= start - MIN_GAP) return later;
  const earlier = instantOfWallClock(began, timeZone) - 1;
  return earlier;
}

/** The send times of an appointment's reminders, earliest first. */
export function planReminders(
  startsAt: Date,
  policy: ReminderPolicy,
  now: Date = new Date(),
): PlannedReminder[] {
  const start = toMinutes(startsAt);
  const nowMinutes = toMinutes(now);
  const planned: { offset: number; at: number }[] = [];
  for (const offset of [...new Set(policy.offsets)].sort((a, b) => b - a)) {
    if (!Number.isInteger(offset) || offset <= 0) continue;
    let at =
      offset % DAY === 0
        ? instantOfWallClock(wallClockMinutes(start, policy.timeZone) - offset, policy.timeZone)
        : start - offset;
    const moved = outOfQuietHours(at, start, policy);
    if (moved === null) continue;
    at = moved;
    if (at <= nowMinutes || at >= start) continue;
    if (planned.some((p) => Math.abs(p.at - at) < MIN_GAP)) continue;
    planned.push({ offset, at });
  }
  return planned
    .sort((a, b) => a.at - b.at)
    .map((p) => ({ offset: p.offset, sendAt: toDate(p.at) }));
}
