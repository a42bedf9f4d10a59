// The API's errors, read through tRPC's own types: `error.data` is what the server's
// errorFormatter returns (over superjson, so dates arrive as dates), never re-parsed by hand.
import type { AppRouter } from "@caredesk/api";
import { isTRPCClientError, type TRPCClientError, type TRPCClientErrorLike } from "@trpc/client";

/** A failed call to the API: refused by the server, or never answered (network, abort). */
export type ApiError = TRPCClientError<AppRouter>;
/** What the server says about a refusal (`code`, `fieldErrors`, `alternatives`, …). */
export type ApiErrorData = NonNullable<TRPCClientErrorLike<AppRouter>["data"]>;
/** The tRPC error code, e.g. "CONFLICT". */
export type ApiErrorCode = ApiErrorData["code"];
/** A free time offered instead of a slot that was just taken. */
export type Alternative = NonNullable<ApiErrorData["alternatives"]>[number];

export function isApiError(error: unknown): error is ApiError {
  return isTRPCClientError<AppRouter>(error);
}

/** The server's side of `error`; null when the server never answered. */
export function errorData(error: unknown): ApiErrorData | null {
  return isApiError(error) ? (error.data ?? null) : null;
}

/** The tRPC error code (e.g. "FORBIDDEN"), when the server sent one. */
export function errorCode(error: unknown): ApiErrorCode | null {
  return errorData(error)?.code ?? null;
}

/**
 * The message to show for a failed request: the server's own wording when it answered
 * (it never contains internals), otherwise `fallback` (network down, response unreadable).
 */
export function errorMessage(error: unknown, fallback: string): string {
  if (isApiError(error) && error.data && error.message) return error.message;
  return fallback;
}

/** The server's messages per input field (e.g. `email`, `rules.0.start`), or null. */
export function fieldErrorsOf(error: unknown): Readonly<Record<string, string[]>> | null {
  return errorData(error)?.fieldErrors ?? null;
}

/** The message the server put on one field (e.g. `start`: "That time is outside working hours"). */
export function fieldErrorOf(error: unknown, field: string): string | null {
  const messages = fieldErrorsOf(error)?.[field];
  return messages && messages.length > 0 ? messages.join(" ") : null;
}

/**
 * The free times an answer offers instead of the one asked for, or null: a CONFLICT when the
 * slot was just taken, a BAD_REQUEST when the time fell between two slot times.
 */
export function alternativesOf(error: unknown): Alternative[] | null {
  return errorData(error)?.alternatives ?? null;
}
