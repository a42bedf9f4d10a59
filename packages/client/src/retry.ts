// When a failed query is worth asking again: only when the answer might change by itself.
import { errorCode, type ApiErrorCode } from "./errors";

/**
 * Refusals of the request itself: asking again gets the same answer (or, for a conflict
 * or a rate limit, makes things worse), so the screen shows them at once.
 */
export const finalCodes: ReadonlySet<ApiErrorCode> = new Set<ApiErrorCode>([
  "BAD_REQUEST",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "PRECONDITION_FAILED",
  "TOO_MANY_REQUESTS",
]);

/** Attempts after the first one, for failures that may pass (network, a server restarting). */
const maxRetries = 2;

/** TanStack Query's `retry` for every query of both apps. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  const code = errorCode(error);
  if (code !== null && finalCodes.has(code)) return false;
  return failureCount < maxRetries;
}
