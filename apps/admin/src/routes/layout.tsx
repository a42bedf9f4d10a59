import {
  AccountActions,
  AppShell,
  Badge,
  LoadErrorPage,
  Logo,
  navLinkClasses,
  useT,
} from "@caredesk/ui";
import { useQueryClient } from "@tanstack/react-query";
import {
  getRouteApi,
  Link,
  Outlet,
  useNavigate,
  useRouter,
  type ErrorComponentProps,
} from "@tanstack/react-router";
import { trpc } from "../lib/trpc";

const route = getRouteApi("/operator");

export function AdminLayout() {
  const t = useT();
  const { operator } = route.useRouteContext();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const signOut = trpc.auth.signOut.useMutation({
    onSuccess: async () => {
      queryClient.clear();
      await navigate({ to: "/signin" });
    },
  });

  return (
    <AppShell
      brand={
        <Link to="/" className="flex items-center gap-2">
          <Logo />
          <Badge tone="warning">{t("admin.title")}</Badge>
        </Link>
      }
      nav={
        <>
          <Link
            to="/"
            activeOptions={{ exact: true }}
            className={navLinkClasses(false)}
            activeProps={{ className: navLinkClasses(true) }}
          >
            {t("admin.nav.organizations")}
          </Link>
          <Link
            to="/users"
            className={navLinkClasses(false)}
            activeProps={{ className: navLinkClasses(true) }}
          >
            {t("admin.nav.users")}
          </Link>
        </>
      }
      actions={
        <AccountActions
          name={operator.name}
          email={operator.email}
          showNameFrom="md"
          signingOut={signOut.isPending}
          signOutFailed={signOut.isError}
          onSignOut={() => signOut.mutate()}
        />
      }
    >
      <Outlet />
    </AppShell>
  );
}

export function AdminLoadError({ error }: ErrorComponentProps) {
  const router = useRouter();
  return <LoadErrorPage error={error} onRetry={() => void router.invalidate()} />;
}
