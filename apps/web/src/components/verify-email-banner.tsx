// Reminds a signed-in person whose address is not confirmed yet, with a way to get a new link.
// Everything still works meanwhile; the banner only says so honestly.
import { errorMessage, trpc } from "@caredesk/client";
import { Alert, Button, useT } from "@caredesk/ui";

export function VerifyEmailBanner() {
  const t = useT();
  const status = trpc.auth.emailStatus.useQuery(undefined, { staleTime: 60_000 });
  const resend = trpc.auth.resendVerification.useMutation();

  // Loading or failed: say nothing rather than a banner that may be wrong.
  if (!status.data || status.data.verified) return null;
  const email = status.data.email;
  return (
    <Alert tone="warning" className="mb-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span>
          {resend.isSuccess
            ? t("auth.verifyBanner.sent", { email })
            : resend.isError
              ? errorMessage(resend.error, t("ui.error.network"))
              : t("auth.verifyBanner.body", { email })}
        </span>
        {!resend.isSuccess && (
          <Button
            size="sm"
            variant="secondary"
            loading={resend.isPending}
            onClick={() => resend.mutate()}
          >
            {t("auth.verifyBanner.resend")}
          </Button>
        )}
      </div>
    </Alert>
  );
}
