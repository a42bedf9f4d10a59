import { SignedInAccount } from "@caredesk/client";
import { AppShell, Badge, Logo, navLinkClasses, useT } from "@caredesk/ui";
import { getRouteApi, Link, Outlet } from "@tanstack/react-router";

const route = getRouteApi("/operator");

export function AdminLayout() {
  const t = useT();
  const { operator } = route.useRouteContext();

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
          <Link
            to="/overview"
            className={navLinkClasses(false)}
            activeProps={{ className: navLinkClasses(true) }}
          >
            {t("admin.nav.overview")}
          </Link>
          <Link
            to="/jobs"
            className={navLinkClasses(false)}
            activeProps={{ className: navLinkClasses(true) }}
          >
            {t("admin.nav.jobs")}
          </Link>
          <Link
            to="/reviews"
            className={navLinkClasses(false)}
            activeProps={{ className: navLinkClasses(true) }}
          >
            {t("admin.nav.reviews")}
          </Link>
          <Link
            to="/payments"
            className={navLinkClasses(false)}
            activeProps={{ className: navLinkClasses(true) }}
          >
            {t("admin.nav.payments")}
          </Link>
          <Link
            to="/outbox"
            className={navLinkClasses(false)}
            activeProps={{ className: navLinkClasses(true) }}
          >
            {t("admin.nav.outbox")}
          </Link>
          <Link
            to="/mailbox"
            className={navLinkClasses(false)}
            activeProps={{ className: navLinkClasses(true) }}
          >
            {t("admin.nav.mailbox")}
          </Link>
          <Link
            to="/plans"
            className={navLinkClasses(false)}
            activeProps={{ className: navLinkClasses(true) }}
          >
            {t("admin.nav.plans")}
          </Link>
          <Link
            to="/records"
            className={navLinkClasses(false)}
            activeProps={{ className: navLinkClasses(true) }}
          >
            {t("adminRecords.nav")}
          </Link>
        </>
      }
      actions={<SignedInAccount user={operator} showNameFrom="md" />}
    >
      <Outlet />
    </AppShell>
  );
}
