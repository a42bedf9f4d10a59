import { SignInProviders, trpc, useServerSubmit } from "@caredesk/client";
import { SignUpInput } from "@caredesk/validators";
import {
  Alert,
  AuthFrame,
  Button,
  buttonClasses,
  LanguageSwitcher,
  TextField,
  useT,
} from "@caredesk/ui";
import { zodResolver } from "@hookform/resolvers/zod";
import { getRouteApi, Link } from "@tanstack/react-router";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { NewPasswordField } from "../components/new-password-field";
import { safeRedirect } from "../lib/safe-redirect";

const route = getRouteApi("/signup");

export function SignUpPage() {
  const t = useT();
  const { redirect } = route.useSearch();
  const signUp = trpc.auth.signUp.useMutation();
  // The answer is the same for a new and a taken address: the email says which it was.
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useForm({
    resolver: zodResolver(SignUpInput),
    defaultValues: { name: "", email: "", password: "" },
  });
  const { errors, isSubmitting } = form.formState;
  const { formError, submit } = useServerSubmit(form, ["name", "email", "password"]);

  const onSubmit = submit(async (values) => {
    await signUp.mutateAsync(values);
    setSentTo(values.email);
  });

  if (sentTo) {
    return (
      <AuthFrame
        title={t("auth.signUp.checkEmail.title")}
        lead={t("auth.signUp.checkEmail.body", { email: sentTo })}
      >
        <Link to="/signin" search={{ redirect }} className={buttonClasses("primary")}>
          {t("auth.signUp.checkEmail.signIn")}
        </Link>
      </AuthFrame>
    );
  }

  return (
    <AuthFrame
      title={t("auth.signUp.title")}
      lead={t("auth.signUp.lead")}
      footer={
        <>
          {t("auth.signUp.haveAccount")}{" "}
          <Link
            to="/signin"
            search={{ redirect }}
            className="font-medium text-brand-700 hover:underline"
          >
            {t("auth.signUp.signIn")}
          </Link>
        </>
      }
    >
      <div className="mb-4">
        <SignInProviders returnTo={safeRedirect(redirect, "/app")} />
      </div>
      <form noValidate onSubmit={onSubmit} className="flex flex-col gap-4">
        {formError && <Alert tone="error">{formError}</Alert>}
        <TextField
          label={t("auth.field.name")}
          autoComplete="name"
          error={errors.name?.message}
          {...form.register("name")}
        />
        <TextField
          label={t("auth.field.email")}
          type="email"
          dir="ltr"
          autoComplete="email"
          error={errors.email?.message}
          {...form.register("email")}
        />
        <NewPasswordField
          label={t("auth.field.password")}
          error={errors.password?.message}
          {...form.register("password")}
        />
        <Button type="submit" loading={isSubmitting} className="mt-2 w-full">
          {t("auth.signUp.submit")}
        </Button>
      </form>
      <div className="mt-6 flex justify-center">
        <LanguageSwitcher />
      </div>
    </AuthFrame>
  );
}
