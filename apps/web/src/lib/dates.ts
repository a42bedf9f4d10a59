// Calendar dates (YYYY-MM-DD) are days, not instants: read them in local time so a date of
// birth never shows as the day before in a time zone west of UTC.

export function parseIsoDate(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

export function todayIso(now = new Date()): string {
  const month = String(now.getMonth() + 1).padStart(2, "0");
  const day = String(now.getDate()).padStart(2, "0");
  return `${now.getFullYear()}-${month}-${day}`;
}

/** Whole days from today to `value` (negative when it is in the past). */
export function daysUntil(value: string, now = new Date()): number | null {
  const date = parseIsoDate(value);
  const today = parseIsoDate(todayIso(now));
  if (!date || !today) return null;
  return Math.round((date.getTime() - today.getTime()) / 86_400_000);
}

export type ExpiryState = "expired" | "soon" | "valid";

/** Certificates: expired before today, "soon" within 60 days. */
export function expiryState(expiresOn: string | null, now = new Date()): ExpiryState | null {
  if (!expiresOn) return null;
  const days = daysUntil(expiresOn, now);
  if (days === null) return null;
  if (days < 0) return "expired";
  if (days <= 60) return "soon";
  return "valid";
}
