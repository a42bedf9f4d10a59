// A refusal that needs its reason written down (declining a booking request, hiding a review):
// the reason is required, checked by the shared schema first and by the server after, and a
// server's word on it shows on the field.
import { useServerSubmit } from "@caredesk/client";
import { Alert, Button, Dialog, TextAreaField, useT } from "@caredesk/ui";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";

export function ReasonDialog({
  title,
  description,
  label,
  hint,
  submitLabel,
  reason,
  onSubmit,
  onClose,
}: {
  title: string;
  description: string;
  label: string;
  hint: string;
  submitLabel: string;
  /**
   * The reason's own schema, from the procedure's input (e.g. `ReviewHideInput.shape.reason`).
   * Typed as the `ZodString` every such field is: relating it to the generic `ZodType` made the
   * type checker compute zod's variances, seconds of every cold type check.
   */
  reason: z.ZodString;
  /** Sends the reason; a refusal it throws is shown on the field or above the form. */
  onSubmit: (reason: string) => Promise<unknown>;
  onClose: () => void;
}) {
  const t = useT();
  const schema = useMemo(() => z.object({ reason }), [reason]);
  const form = useForm({ resolver: zodResolver(schema), defaultValues: { reason: "" } });
  const { errors, isSubmitting } = form.formState;
  const { formError, submit } = useServerSubmit(form, ["reason"]);
  const send = submit(async (values) => {
    await onSubmit(values.reason);
  });
  return (
    <Dialog open onClose={onClose} title={title} description={description}>
      <form noValidate onSubmit={send} className="flex flex-col gap-4">
        {formError && <Alert tone="error">{formError}</Alert>}
        <TextAreaField
          label={label}
          description={hint}
          required
          rows={3}
          error={errors.reason?.message}
          {...form.register("reason")}
        />
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={onClose}>
            {t("ui.cancel")}
          </Button>
          <Button type="submit" variant="danger" loading={isSubmitting}>
            {submitLabel}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
