import { SignInInput } from "@caredesk/validators";
import {
  Alert,
  Badge,
  Button,
  Card,
  CenteredLayout,
  Logo,
  TextField,
  useServerSubmit,
  useT,
} from "@caredesk/ui";
import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useForm } from "react-hook-form";
import { trpc } from "../lib/trpc";

export function SignInPage() {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const utils = trpc.useUtils();
  const signIn = trpc.auth.signIn.useMutation();
  const signOut = trpc.auth.signOut.useMutation();
  const form = useForm({
    resolver: zodResolver(SignInInput),
    defaultValues: { email: "", password: "" },
  });
  const { errors, isSubmitting } = form.formState;
  const { formError, setFormError, submit } = useServerSubmit(form, ["email", "password"]);

  const onSubmit = submit(async (values) => {
    await signIn.mutateAsync(values);
    queryClient.clear();
    const me = await utils.auth.me.fetch();
    if (!me?.user.isPlatformAdmin) {
      // A valid account that is not an operator must not keep a session here.
      await signOut.mutateAsync();
      queryClient.clear();
      setFormError(t("admin.signIn.notOperator"));
      return;
    }
    await navigate({ to: "/" });
  });

  return (
    <CenteredLayout
      top={
        <div className="flex items-center gap-2">
          <Logo className="text-lg" />
          <Badge tone="warning">{t("admin.title")}</Badge>
        </div>
      }
    >
      <Card>
        <div className="py-2">
          <h1 className="text-xl font-semibold text-slate-900">{t("admin.signIn.title")}</h1>
          <p className="mt-1 text-sm text-slate-600">{t("admin.signIn.lead")}</p>
          <form noValidate onSubmit={onSubmit} className="mt-6 flex flex-col gap-4">
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
        </div>
      </Card>
    </CenteredLayout>
  );
}
