// An email's "stop messages" link, opened without signing in. Opening the page changes
// nothing (mail scanners fetch links); the patient's click stops the practice's emails and SMS.
import { errorCode, errorMessage, trpc } from "@caredesk/client";
import { Alert, AuthFrame, Button, useT } from "@caredesk/ui";
import { getRouteApi } from "@tanstack/react-router";
import { InvalidLink, LinkResult } from "./link-parts";

const route = getRouteApi("/unsubscribe");

export function UnsubscribePage() {
  const t = useT();
  const { token } = route.useSearch();
  const unsubscribe = trpc.link.unsubscribe.useMutation();

  if (!token) return <InvalidLink message={t("auth.link.missing")} />;
  if (unsubscribe.isError && errorCode(unsubscribe.error) === "BAD_REQUEST") {
    return <InvalidLink message={errorMessage(unsubscribe.error, t("ui.error.unknown"))} />;
  }
  return (
    <AuthFrame title={t("unsubscribe.title")} lead={t("unsubscribe.lead")}>
      {unsubscribe.isSuccess ? (
        <LinkResult
          title={t("unsubscribe.done")}
          body={t("unsubscribe.doneBody")}
          testId="unsubscribed"
        />
      ) : (
        <div className="flex flex-col gap-4">
          <p className="text-sm text-slate-600">{t("unsubscribe.keep")}</p>
          {unsubscribe.isError && (
            <Alert tone="error">{errorMessage(unsubscribe.error, t("ui.error.network"))}</Alert>
          )}
          <Button
            className="w-full"
            loading={unsubscribe.isPending}
            onClick={() => unsubscribe.mutate({ token })}
          >
            {t("unsubscribe.submit")}
          </Button>
        </div>
      )}
    </AuthFrame>
  );
}
