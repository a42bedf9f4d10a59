// The confirmation link's page. The address is confirmed by a click, not by opening the page,
// so a mail scanner that fetches links does not use the link up.
import { errorMessage, trpc } from "@caredesk/client";
import { Alert, AuthFrame, Button, useT } from "@caredesk/ui";
import { getRouteApi, useRouter } from "@tanstack/react-router";

const route = getRouteApi("/verify-email");

export function VerifyEmailPage() {
  const t = useT();
  const router = useRouter();
  const { token } = route.useSearch();
  // Confirms the address; signing in stays the password's job (see auth.verifyEmail).
  const verify = trpc.auth.verifyEmail.useMutation();

  return (
    <AuthFrame title={t("auth.verify.title")} lead={t("auth.verify.lead")}>
      {!token ? (
        <Alert tone="error">{t("auth.link.missing")}</Alert>
      ) : verify.isSuccess ? (
        <div className="flex flex-col gap-4">
          <Alert tone="success">{t("auth.verify.done")}</Alert>
          <Button onClick={() => router.history.push("/signin")}>
            {t("auth.verify.continue")}
          </Button>
        </div>
      ) : (
        <div className="flex flex-col gap-4">
          {verify.isError && (
            <Alert tone="error">{errorMessage(verify.error, t("ui.error.network"))}</Alert>
          )}
          <Button loading={verify.isPending} onClick={() => verify.mutate({ token })}>
            {t("auth.verify.submit")}
          </Button>
        </div>
      )}
    </AuthFrame>
  );
}
