// "Forgot password?": asks for the address and says the same whether or not it has an account.
import { trpc, useServerSubmit } from "@caredesk/client";
import { RequestPasswordResetInput } from "@caredesk/validators";
import { Alert, AuthFrame, Button, TextField, useT } from "@caredesk/ui";
import { zodResolver } from "@hookform/resolvers/zod";
import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { useForm } from "react-hook-form";

export function ForgotPasswordPage() {
  const t = useT();
  const request = trpc.auth.requestPasswordReset.useMutation();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useForm({
    resolver: zodResolver(RequestPasswordResetInput),
    defaultValues: { email: "" },
  });
  const { errors, isSubmitting } = form.formState;
  const { formError, submit } = useServerSubmit(form, ["email"]);

  const onSubmit = submit(async (values) => {
    await request.mutateAsync(values);
    setSentTo(values.email);
  });

  return (
    <AuthFrame
      title={t("auth.forgot.title")}
      lead={t("auth.forgot.lead")}
      footer={
        <Link to="/signin" className="font-medium text-brand-700 hover:underline">
          {t("auth.forgot.back")}
        </Link>
      }
    >
      {sentTo ? (
        <Alert tone="success">{t("auth.forgot.sent", { email: sentTo })}</Alert>
      ) : (
        <form noValidate onSubmit={onSubmit} className="flex flex-col gap-4">
          {formError && <Alert tone="error">{formError}</Alert>}
          <TextField
            label={t("auth.field.email")}
            type="email"
            autoComplete="email"
            error={errors.email?.message}
            {...form.register("email")}
          />
          <Button type="submit" loading={isSubmitting} className="mt-2 w-full">
            {t("auth.forgot.submit")}
          </Button>
        </form>
      )}
    </AuthFrame>
  );
}
