// An invitation's link: who invites to what, then accepting it. A newcomer chooses a name and
// a password here; someone with an account accepts signed in as it.
import { errorMessage, SignInProviders, trpc, useServerSubmit, useSignOut } from "@caredesk/client";
import { SignUpInput } from "@caredesk/validators";
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
import { getRouteApi, Link, useRouter } from "@tanstack/react-router";
import { useEffect, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { setActiveOrganizationId } from "../../lib/active-organization";
import { NewPasswordField } from "../../components/new-password-field";

const route = getRouteApi("/invitation");
const NewAccount = SignUpInput.pick({ name: true, password: true });

type Accepted = { organizationId: string; role: string };

/**
 * The link's token while the browser is away at a sign-in provider: the provider's way back
 * lands on /invitation without it (the server stores no link tokens), and this tab resumes.
 */
const resumeKey = "caredesk.invitation";
const rememberForProvider = (token: string) => () => sessionStorage.setItem(resumeKey, token);

export function InvitationPage() {
  const t = useT();
  const search = route.useSearch();
  const [resumed] = useState(() => (search.token ? null : sessionStorage.getItem(resumeKey)));
  const token = search.token ?? resumed ?? undefined;
  const peek = trpc.invitation.peek.useQuery(
    { token: token ?? "" },
    // Counted against the sign-in rate limit: asked once, not again on every focus.
    { enabled: Boolean(token), retry: false, staleTime: Infinity, refetchOnWindowFocus: false },
  );

  if (!token || peek.isError) {
    return (
      <CenteredLayout>
        <EmptyState
          titleAs="h1"
          title={t("invitation.invalid.title")}
          description={
            token ? errorMessage(peek.error, t("ui.error.network")) : t("auth.link.missing")
          }
          action={
            <Link to="/" className={buttonClasses("secondary")}>
              {t("invitation.invalid.home")}
            </Link>
          }
        />
      </CenteredLayout>
    );
  }
  if (!peek.data) {
    return (
      <CenteredLayout>
        <LoadingState />
      </CenteredLayout>
    );
  }
  const invitation = peek.data;
  const lead =
    invitation.kind === "patient"
      ? t("invitation.lead.patient", { organization: invitation.organizationName })
      : t("invitation.lead.member", {
          organization: invitation.organizationName,
          role: t(`role.${invitation.role}`),
        });

  return (
    <AuthFrame title={t("invitation.title")} lead={lead}>
      <p className="mb-4 text-sm text-slate-600">
        {t("invitation.for", { email: invitation.email })}
      </p>
      {invitation.hasAccount ? (
        <ExistingAccount token={token} email={invitation.email} resumed={resumed !== null} />
      ) : (
        <>
          <div className="mb-4">
            <SignInProviders returnTo="/invitation" beforeLeaving={rememberForProvider(token)} />
          </div>
          <NewAccountForm token={token} />
        </>
      )}
    </AuthFrame>
  );
}

/** Where a member lands once they joined: the practice they joined, as the active one. */
function useAfterAccept() {
  const router = useRouter();
  const queryClient = useQueryClient();
  return (accepted: Accepted) => {
    sessionStorage.removeItem(resumeKey);
    setActiveOrganizationId(accepted.organizationId);
    queryClient.clear();
    router.history.push(accepted.role === "patient" ? "/portal" : "/app");
  };
}

function NewAccountForm({ token }: { token: string }) {
  const t = useT();
  const accept = trpc.invitation.accept.useMutation();
  const afterAccept = useAfterAccept();
  const form = useForm({
    resolver: zodResolver(NewAccount),
    defaultValues: { name: "", password: "" },
  });
  const { errors, isSubmitting } = form.formState;
  const { formError, submit } = useServerSubmit(form, ["name", "password"]);

  const onSubmit = submit(async (values) => {
    afterAccept(await accept.mutateAsync({ token, ...values }));
  });

  return (
    <form noValidate onSubmit={onSubmit} className="flex flex-col gap-4">
      <p className="text-sm text-slate-600">{t("invitation.newAccount")}</p>
      {formError && <Alert tone="error">{formError}</Alert>}
      <TextField
        label={t("auth.field.name")}
        autoComplete="name"
        error={errors.name?.message}
        {...form.register("name")}
      />
      <NewPasswordField
        label={t("auth.field.password")}
        error={errors.password?.message}
        {...form.register("password")}
      />
      <Button type="submit" loading={isSubmitting} className="mt-2 w-full">
        {t("invitation.createAndAccept")}
      </Button>
    </form>
  );
}

function ExistingAccount({
  token,
  email,
  resumed,
}: {
  token: string;
  email: string;
  /** Back from a provider's sign-in started here: accept at once if it was the invited address. */
  resumed: boolean;
}) {
  const t = useT();
  const me = trpc.auth.me.useQuery();
  const accept = trpc.invitation.accept.useMutation();
  const afterAccept = useAfterAccept();
  const signOut = useSignOut();
  const here = `/invitation?token=${encodeURIComponent(token)}`;
  const signedIn = me.data?.user ?? null;
  const matches = signedIn?.email.toLowerCase() === email.toLowerCase();
  const autoAccepted = useRef(false);
  useEffect(() => {
    // Accepted as the password path would: only for the account whose address was invited.
    if (!resumed || !matches || autoAccepted.current) return;
    autoAccepted.current = true;
    void accept.mutateAsync({ token }).then(afterAccept, () => undefined);
  }, [resumed, matches, accept, token, afterAccept]);

  if (me.isPending) return <LoadingState />;
  if (!signedIn) {
    return (
      <div className="flex flex-col gap-4">
        <SignInProviders returnTo="/invitation" beforeLeaving={rememberForProvider(token)} />
        <Link to="/signin" search={{ redirect: here }} className={buttonClasses("primary")}>
          {t("invitation.signInToAccept", { email })}
        </Link>
      </div>
    );
  }
  if (!matches) {
    return (
      <div className="flex flex-col gap-4">
        <Alert tone="warning">{t("invitation.wrongAccount", { email })}</Alert>
        <Button variant="secondary" loading={signOut.isPending} onClick={() => signOut.mutate()}>
          {t("invitation.signOut")}
        </Button>
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm text-slate-600">{t("invitation.signedInAs", { email })}</p>
      {accept.isError && (
        <Alert tone="error">{errorMessage(accept.error, t("ui.error.network"))}</Alert>
      )}
      <Button
        loading={accept.isPending}
        onClick={() => void accept.mutateAsync({ token }).then(afterAccept, () => undefined)}
      >
        {t("invitation.accept")}
      </Button>
    </div>
  );
}
