// When a failed query is worth asking again: only when the answer might change by itself.
import { errorData } from "./errors";

/** Attempts after the first one, for failures that may pass (network, a server restarting). */
const maxRetries = 2;

/**
 * TanStack Query's `retry` for every query of both apps. A 4xx refuses the request itself:
 * asking again gets the same answer (or, for a conflict or a rate limit, makes things
 * worse), so the screen shows it at once. A 5xx or no answer at all may pass by itself.
 */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  const status = errorData(error)?.httpStatus;
  if (status !== undefined && status < 500) return false;
  return failureCount < maxRetries;
}

/** The longest a query waits before asking again. */
const maxDelayMs = 30_000;

/**
 * TanStack Query's `retryDelay`: as long as the server asked (`retryAfterSeconds`, sent with
 * SERVICE_UNAVAILABLE while the database is unreachable), else doubling from one second.
 */
export function retryDelay(failureCount: number, error: unknown): number {
  const asked = errorData(error)?.retryAfterSeconds;
  const delay = asked ? asked * 1000 : 1000 * 2 ** failureCount;
  return Math.min(delay, maxDelayMs);
}
