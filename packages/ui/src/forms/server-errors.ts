// Puts the API's field errors (`error.data.fieldErrors`) next to the inputs they are about.
// Typed structurally so this package does not depend on the tRPC client.
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";

interface ServerErrorData {
  code?: string;
  fieldErrors?: Record<string, string[]> | null;
}

function dataOf(error: unknown): ServerErrorData | null {
  if (typeof error !== "object" || error === null || !("data" in error)) return null;
  const data: unknown = error.data;
  if (typeof data !== "object" || data === null) return null;
  const code = "code" in data && typeof data.code === "string" ? data.code : undefined;
  const raw = "fieldErrors" in data ? data.fieldErrors : null;
  const fieldErrors: Record<string, string[]> = {};
  if (typeof raw === "object" && raw !== null) {
    for (const [key, value] of Object.entries(raw)) {
      if (Array.isArray(value)) fieldErrors[key] = value.map(String);
    }
  }
  return { code, fieldErrors };
}

/**
 * The message to show for a failed request: the server's own wording when it answered
 * (it never contains internals), otherwise `fallback` (network down, response unreadable).
 */
export function errorMessage(error: unknown, fallback: string): string {
  const data = dataOf(error);
  if (data?.code && error instanceof Error && error.message) return error.message;
  return fallback;
}

/** The tRPC error code (e.g. "FORBIDDEN"), when the server sent one. */
export function errorCode(error: unknown): string | null {
  return dataOf(error)?.code ?? null;
}

/**
 * Sets each server field error on its form field and focuses the first one.
 * Returns the form-level message for whatever could not be placed on a field,
 * or null when every error landed on a field. `rename` maps an API field to the form field
 * that stands for it (e.g. `priceMinor` → `price` when the form takes major units).
 */
export function applyServerErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fields: readonly Path<T>[],
  fallback: string,
  rename: Partial<Record<string, Path<T>>> = {},
): string | null {
  const fieldErrors = dataOf(error)?.fieldErrors ?? null;
  const leftover: string[] = [];
  let placed = 0;
  if (fieldErrors) {
    for (const [key, messages] of Object.entries(fieldErrors)) {
      const renamed = rename[key];
      const field = renamed ?? fields.find((f) => f === key);
      const message = messages.join(" ");
      if (field) {
        setError(field, { type: "server", message }, { shouldFocus: placed === 0 });
        placed++;
      } else {
        leftover.push(message);
      }
    }
  }
  if (leftover.length > 0) return leftover.join(" ");
  return placed > 0 ? null : errorMessage(error, fallback);
}
