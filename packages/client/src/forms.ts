// Forms that talk to the API: what the server refused goes next to the field it is about,
// the rest above the form.
import { useT } from "@caredesk/ui";
import { useState } from "react";
import type { FieldValues, Path, UseFormReturn, UseFormSetError } from "react-hook-form";
import { errorMessage, fieldErrorsOf } from "./errors";

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
  const leftover: string[] = [];
  let placed = 0;
  for (const [key, messages] of Object.entries(fieldErrorsOf(error) ?? {})) {
    const field = rename[key] ?? fields.find((f) => f === key);
    const message = messages.join(" ");
    if (field) {
      setError(field, { type: "server", message }, { shouldFocus: placed === 0 });
      placed++;
    } else {
      leftover.push(message);
    }
  }
  if (leftover.length > 0) return leftover.join(" ");
  return placed > 0 ? null : errorMessage(error, fallback);
}

/**
 * The submit half of a form: clears the last form-level error, runs the action, and puts
 * whatever the server refused next to its fields (or above the form).
 */
export function useServerSubmit<T extends FieldValues>(
  form: Pick<UseFormReturn<T>, "handleSubmit" | "setError">,
  /** The form fields a server field error may land on. */
  fields: readonly Path<T>[],
  /** API field → form field that stands for it (e.g. `priceMinor` → `price`). */
  rename: Partial<Record<string, Path<T>>> = {},
) {
  const t = useT();
  const [formError, setFormError] = useState<string | null>(null);
  /** An onSubmit handler that runs `action` with the validated values. */
  const submit = (action: (values: T) => Promise<void>) =>
    form.handleSubmit(async (values) => {
      setFormError(null);
      try {
        await action(values);
      } catch (error) {
        setFormError(
          applyServerErrors(error, form.setError, fields, t("ui.error.network"), rename),
        );
      }
    });
  return { formError, setFormError, submit };
}
