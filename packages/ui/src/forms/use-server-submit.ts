// The submit half of a form that talks to the API: clears the last form-level error, runs the
// action, and puts whatever the server refused next to its fields (or above the form).
import { useState } from "react";
import type { FieldValues, Path, UseFormReturn } from "react-hook-form";
import { useT } from "../i18n/i18n";
import { applyServerErrors } from "./server-errors";

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
