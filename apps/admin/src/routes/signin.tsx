import { SignInForm, trpc, useSignOut } from "@caredesk/client";
import { AuthFrame, Badge, useT } from "@caredesk/ui";
import { useNavigate } from "@tanstack/react-router";

export function SignInPage() {
  const t = useT();
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  // No onSignedOut: the person stays here to read why they were signed out.
  const signOut = useSignOut();

  const afterSignIn = async () => {
    const me = await utils.auth.me.fetch();
    if (!me?.user.isPlatformAdmin) {
      // A valid account that is not an operator must not keep a session here.
      await signOut.mutateAsync();
      return t("admin.signIn.notOperator");
    }
    await navigate({ to: "/" });
    return null;
  };

  return (
    <AuthFrame
      badge={<Badge tone="warning">{t("admin.title")}</Badge>}
      title={t("admin.signIn.title")}
      lead={t("admin.signIn.lead")}
    >
      <SignInForm afterSignIn={afterSignIn} />
    </AuthFrame>
  );
}
