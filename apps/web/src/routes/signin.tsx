import { SignInForm, SignInProviders } from "@caredesk/client";
import { Alert, AuthFrame, LanguageSwitcher, useT } from "@caredesk/ui";
import { getRouteApi, Link, useRouter } from "@tanstack/react-router";
import { safeRedirect } from "../lib/safe-redirect";

const route = getRouteApi("/signin");

export function SignInPage() {
  const t = useT();
  const router = useRouter();
  const { redirect, error } = route.useSearch();
  const target = safeRedirect(redirect, "/app");

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
      {error && (
        <Alert tone="error" title={t("auth.oidc.failed")} className="mb-4">
          {error}
        </Alert>
      )}
      <div className="mb-4">
        <SignInProviders returnTo={target} />
      </div>
      <SignInForm
        afterSignIn={() => {
          router.history.push(target);
          return null;
        }}
      />
      <p className="mt-4 text-end text-sm">
        <Link to="/forgot-password" className="font-medium text-brand-700 hover:underline">
          {t("auth.signIn.forgot")}
        </Link>
      </p>
      <div className="mt-6 flex justify-center">
        <LanguageSwitcher />
      </div>
    </AuthFrame>
  );
}
