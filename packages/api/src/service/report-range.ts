// Shared by the request reports (ambulance response times, refill decision times): a range of
// practice days as instants, and median / 90th-percentile waits computed in the database.
import { fromEpochMinutes, startOfLocalDay } from "@caredesk/scheduling";
import { sql, type SQL } from "drizzle-orm";

/**
 * The instants bounding the practice days `from`–`to` (both included) in its zone:
 * `start` is the beginning of `from`, `end` the beginning of the day after `to` (exclusive).
 */
export function localDateRange(
  from: string,
  to: string,
  timeZone: string,
): { start: Date; end: Date } {
  const dayAfter = new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return {
    start: fromEpochMinutes(startOfLocalDay(from, timeZone)),
    end: fromEpochMinutes(startOfLocalDay(dayAfter, timeZone)),
  };
}

/** The median of a per-row figure over the selected rows; null without any. */
export const medianOf = (value: SQL) =>
  sql<number | null>`percentile_cont(0.5) within group (order by ${value})`;

/** The 90th percentile of a per-row figure over the selected rows; null without any. */
export const p90Of = (value: SQL) =>
  sql<number | null>`percentile_cont(0.9) within group (order by ${value})`;

/** A figure from the database rounded to one decimal; null (no rows) stays null. */
export const oneDecimal = (value: unknown): number | null =>
  value === null || value === undefined ? null : Math.round(Number(value) * 10) / 10;
