// The confirm screen: a provider vouched for an address that already has an account, so the
// provider is linked only once the person proves they own that account with its password. The
// one-use token travels in the URL's fragment (never sent to a server, nor in a Referer).
import { errorMessage, trpc, useServerSubmit } from "@caredesk/client";
import { PasswordAttempt } from "@caredesk/validators";
import {
  Alert,
  AuthFrame,
  Button,
  buttonClasses,
  CenteredLayout,
  EmptyState,
  LoadingState,
  TextField,
  useT,
} from "@caredesk/ui";
import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { Link, useRouter } from "@tanstack/react-router";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { safeRedirect } from "../../lib/safe-redirect";

const Confirm = z.object({ password: PasswordAttempt() });

function tokenFromFragment(): string {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]{43})(?:&|$)/.exec(window.location.hash);
  return match?.[1] ?? "";
}

export function LinkProviderPage() {
  const t = useT();
  const [token] = useState(tokenFromFragment);
  const pending = trpc.identity.pendingLink.useQuery(
    { confirmToken: token },
    { enabled: Boolean(token), retry: false, staleTime: Infinity, refetchOnWindowFocus: false },
  );

  if (!token || pending.isError) {
    return (
      <CenteredLayout>
        <EmptyState
          titleAs="h1"
          title={t("auth.oidc.confirm.invalid")}
          description={
            token
              ? errorMessage(pending.error, t("ui.error.network"))
              : t("auth.oidc.confirm.invalidBody")
          }
          action={
            <Link to="/signin" className={buttonClasses("secondary")}>
              {t("auth.signIn.submit")}
            </Link>
          }
        />
      </CenteredLayout>
    );
  }
  if (!pending.data) {
    return (
      <CenteredLayout>
        <LoadingState />
      </CenteredLayout>
    );
  }
  const { providerLabel, email, accountEmail, hasPassword } = pending.data;
  return (
    <AuthFrame
      title={t("auth.oidc.confirm.title", { provider: providerLabel })}
      lead={t("auth.oidc.confirm.lead", { provider: providerLabel, email: email ?? accountEmail })}
    >
      <p className="mb-4 text-sm font-medium break-all text-slate-700">
        {t("auth.oidc.confirm.account", { email: accountEmail })}
      </p>
      {hasPassword ? (
        <ConfirmForm token={token} />
      ) : (
        <Alert tone="warning">
          {t("auth.oidc.confirm.noPassword", { provider: providerLabel })}
        </Alert>
      )}
      <p className="mt-4 text-end text-sm">
        <Link to="/signin" className="font-medium text-brand-700 hover:underline">
          {t("auth.oidc.confirm.cancel")}
        </Link>
      </p>
    </AuthFrame>
  );
}

function ConfirmForm({ token }: { token: string }) {
  const t = useT();
  const router = useRouter();
  const queryClient = useQueryClient();
  const confirm = trpc.identity.confirmLink.useMutation();
  const form = useForm({ resolver: zodResolver(Confirm), defaultValues: { password: "" } });
  const { errors, isSubmitting } = form.formState;
  const { formError, submit } = useServerSubmit(form, ["password"]);

  const onSubmit = submit(async (values) => {
    const answer = await confirm.mutateAsync({ confirmToken: token, password: values.password });
    queryClient.clear();
    router.history.push(safeRedirect(answer.returnTo ?? undefined, "/app"));
  });

  return (
    <form noValidate onSubmit={onSubmit} className="flex flex-col gap-4">
      {formError && <Alert tone="error">{formError}</Alert>}
      <TextField
        label={t("auth.field.password")}
        type="password"
        autoComplete="current-password"
        error={errors.password?.message}
        {...form.register("password")}
      />
      <Button type="submit" loading={isSubmitting} className="mt-2 w-full">
        {t("auth.oidc.confirm.submit")}
      </Button>
    </form>
  );
}
