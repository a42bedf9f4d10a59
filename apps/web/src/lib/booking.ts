// What a refused booking tells the client: a lost race comes with the next free slots.
import { errorCode } from "@caredesk/ui";

export interface Alternative {
  start: Date;
  end: Date;
  resourceIds: string[];
}

/** The alternatives of a CONFLICT answer (the slot was just taken), or null. */
export function alternativesOf(error: unknown): Alternative[] | null {
  if (errorCode(error) !== "CONFLICT") return null;
  if (typeof error !== "object" || error === null || !("data" in error)) return null;
  const data: unknown = error.data;
  if (typeof data !== "object" || data === null || !("alternatives" in data)) return null;
  const raw: unknown = data.alternatives;
  if (!Array.isArray(raw)) return null;
  const out: Alternative[] = [];
  for (const item of raw as unknown[]) {
    if (typeof item !== "object" || item === null) continue;
    const { start, end, resourceIds } = item as Record<string, unknown>;
    if (!(start instanceof Date || typeof start === "string")) continue;
    if (!(end instanceof Date || typeof end === "string")) continue;
    out.push({
      start: new Date(start),
      end: new Date(end),
      resourceIds: Array.isArray(resourceIds) ? resourceIds.map(String) : [],
    });
  }
  return out;
}

/** The message the server put on one field (e.g. `start`: "That time is outside working hours"). */
export function fieldErrorOf(error: unknown, field: string): string | null {
  if (typeof error !== "object" || error === null || !("data" in error)) return null;
  const data: unknown = error.data;
  if (typeof data !== "object" || data === null || !("fieldErrors" in data)) return null;
  const fieldErrors: unknown = data.fieldErrors;
  if (typeof fieldErrors !== "object" || fieldErrors === null) return null;
  const value: unknown = (fieldErrors as Record<string, unknown>)[field];
  return Array.isArray(value) && value.length > 0 ? value.map(String).join(" ") : null;
}

/** A fresh key per booking attempt the user starts (a dialog opening, an alternative chosen). */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
