// The email-and-password form both apps sign in with; each app decides what happens next.
import { SignInInput } from "@caredesk/validators";
import { Alert, Button, TextField, useT } from "@caredesk/ui";
import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { useServerSubmit } from "./forms";
import { trpc } from "./trpc";

export function SignInForm({
  afterSignIn,
}: {
  /**
   * Runs once the session exists (the cache already cleared). Returns the message to show
   * when this app turns the account away (after signing it out again), else null.
   */
  afterSignIn: () => string | null | Promise<string | null>;
}) {
  const t = useT();
  const queryClient = useQueryClient();
  const signIn = trpc.auth.signIn.useMutation();
  const form = useForm({
    resolver: zodResolver(SignInInput),
    defaultValues: { email: "", password: "" },
  });
  const { errors, isSubmitting } = form.formState;
  const { formError, setFormError, submit } = useServerSubmit(form, ["email", "password"]);

  const onSubmit = submit(async (values) => {
    await signIn.mutateAsync(values);
    // Whatever was cached belonged to whoever was signed in before.
    queryClient.clear();
    setFormError(await afterSignIn());
  });

  return (
    <form noValidate onSubmit={onSubmit} className="flex flex-col gap-4">
      {formError && <Alert tone="error">{formError}</Alert>}
      <TextField
        label={t("auth.field.email")}
        type="email"
        autoComplete="email"
        error={errors.email?.message}
        {...form.register("email")}
      />
      <TextField
        label={t("auth.field.password")}
        type="password"
        autoComplete="current-password"
        error={errors.password?.message}
        {...form.register("password")}
      />
      <Button type="submit" loading={isSubmitting} className="mt-2 w-full">
        {t("auth.signIn.submit")}
      </Button>
    </form>
  );
}
