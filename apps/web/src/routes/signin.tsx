import { SignInInput } from "@caredesk/validators";
import { Alert, Button, TextField, useServerSubmit, useT } from "@caredesk/ui";
import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { getRouteApi, Link, useRouter } from "@tanstack/react-router";
import { useForm } from "react-hook-form";
import { AuthFrame } from "../components/auth-frame";
import { safeRedirect } from "../lib/safe-redirect";
import { trpc } from "../lib/trpc";

const route = getRouteApi("/signin");

export function SignInPage() {
  const t = useT();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { redirect } = route.useSearch();
  const signIn = trpc.auth.signIn.useMutation();
  const form = useForm({
    resolver: zodResolver(SignInInput),
    defaultValues: { email: "", password: "" },
  });
  const { errors, isSubmitting } = form.formState;
  const { formError, submit } = useServerSubmit(form, ["email", "password"]);

  const onSubmit = submit(async (values) => {
    await signIn.mutateAsync(values);
    // Whatever was cached belonged to whoever was signed in before.
    queryClient.clear();
    router.history.push(safeRedirect(redirect, "/app"));
  });

  return (
    <AuthFrame
      title={t("auth.signIn.title")}
      lead={t("auth.signIn.lead")}
      footer={
        <>
          {t("auth.signIn.noAccount")}{" "}
          <Link
            to="/signup"
            search={{ redirect }}
            className="font-medium text-brand-700 hover:underline"
          >
            {t("auth.signIn.createAccount")}
          </Link>
        </>
      }
    >
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
    </AuthFrame>
  );
}
