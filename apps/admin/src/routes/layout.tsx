import {
  AppShell,
  Badge,
  Button,
  CenteredLayout,
  errorMessage,
  ErrorState,
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
import { useState } from "react";
import { trpc } from "../lib/trpc";

const route = getRouteApi("/operator");

export function AdminLayout() {
  const t = useT();
  const { operator } = route.useRouteContext();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [signOutError, setSignOutError] = useState<string | null>(null);
  const signOut = trpc.auth.signOut.useMutation({
    onSuccess: async () => {
      queryClient.clear();
      await navigate({ to: "/signin" });
    },
    onError: () => setSignOutError(t("auth.signOut.failed")),
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
        <>
          <span className="hidden text-sm text-slate-600 md:inline" title={operator.email}>
            {operator.name}
          </span>
          <Button
            variant="secondary"
            size="sm"
            loading={signOut.isPending}
            onClick={() => {
              setSignOutError(null);
              signOut.mutate();
            }}
          >
            {t("nav.signOut")}
          </Button>
          {signOutError && (
            <span role="alert" className="text-sm text-red-700">
              {signOutError}
            </span>
          )}
        </>
      }
    >
      <Outlet />
    </AppShell>
  );
}

export function AdminLoadError({ error }: ErrorComponentProps) {
  const t = useT();
  const router = useRouter();
  return (
    <CenteredLayout>
      <ErrorState
        message={errorMessage(error, t("ui.error.network"))}
        onRetry={() => void router.invalidate()}
      />
    </CenteredLayout>
  );
}
