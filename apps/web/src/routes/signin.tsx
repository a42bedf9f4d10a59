import { SignInForm } from "@caredesk/client";
import { AuthFrame, LanguageSwitcher, useT } from "@caredesk/ui";
import { getRouteApi, Link, useRouter } from "@tanstack/react-router";
import { safeRedirect } from "../lib/safe-redirect";

const route = getRouteApi("/signin");

export function SignInPage() {
  const t = useT();
  const router = useRouter();
  const { redirect } = route.useSearch();

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
      <SignInForm
        afterSignIn={() => {
          router.history.push(safeRedirect(redirect, "/app"));
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
