// The reset link's page: a new password for the account the link was sent to.
import { trpc, useServerSubmit } from "@caredesk/client";
import { ResetPasswordInput } from "@caredesk/validators";
import { Alert, AuthFrame, Button, buttonClasses, useT } from "@caredesk/ui";
import { zodResolver } from "@hookform/resolvers/zod";
import { getRouteApi, Link } from "@tanstack/react-router";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { NewPasswordField } from "../../components/new-password-field";

const route = getRouteApi("/reset-password");
const NewPassword = ResetPasswordInput.pick({ password: true });

export function ResetPasswordPage() {
  const t = useT();
  const { token } = route.useSearch();
  const reset = trpc.auth.resetPassword.useMutation();
  const [done, setDone] = useState(false);
  const form = useForm({ resolver: zodResolver(NewPassword), defaultValues: { password: "" } });
  const { errors, isSubmitting } = form.formState;
  const { formError, submit } = useServerSubmit(form, ["password"]);

  const onSubmit = submit(async ({ password }) => {
    await reset.mutateAsync({ token: token ?? "", password });
    setDone(true);
  });

  return (
    <AuthFrame
      title={t("auth.reset.title")}
      lead={t("auth.reset.lead")}
      footer={
        <Link to="/forgot-password" className="font-medium text-brand-700 hover:underline">
          {t("auth.reset.again")}
        </Link>
      }
    >
      {done ? (
        <div className="flex flex-col gap-4">
          <Alert tone="success">{t("auth.reset.done")}</Alert>
          <Link to="/signin" className={buttonClasses("primary")}>
            {t("auth.reset.signIn")}
          </Link>
        </div>
      ) : !token ? (
        <Alert tone="error">{t("auth.link.missing")}</Alert>
      ) : (
        <form noValidate onSubmit={onSubmit} className="flex flex-col gap-4">
          {formError && <Alert tone="error">{formError}</Alert>}
          <NewPasswordField
            label={t("auth.reset.password")}
            error={errors.password?.message}
            {...form.register("password")}
          />
          <Button type="submit" loading={isSubmitting} className="mt-2 w-full">
            {t("auth.reset.submit")}
          </Button>
        </form>
      )}
    </AuthFrame>
  );
}
