import { SignedInAccount } from "@caredesk/client";
import { AppShell, Badge, Logo, navLinkClasses, useT, type MessageKey } from "@caredesk/ui";
import { getRouteApi, Link, Outlet } from "@tanstack/react-router";

const route = getRouteApi("/operator");

/** The operators' sections, in the order of the navigation (its own row: there are many). */
const sections = [
  { to: "/", label: "admin.nav.organizations" },
  { to: "/users", label: "admin.nav.users" },
  { to: "/records", label: "adminRecords.nav" },
  { to: "/overview", label: "admin.nav.overview" },
  { to: "/jobs", label: "admin.nav.jobs" },
  { to: "/reviews", label: "admin.nav.reviews" },
  { to: "/payments", label: "admin.nav.payments" },
  { to: "/outbox", label: "admin.nav.outbox" },
  { to: "/mailbox", label: "admin.nav.mailbox" },
  { to: "/plans", label: "admin.nav.plans" },
] as const satisfies readonly { to: string; label: MessageKey }[];

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
      navPlacement="below"
      nav={sections.map((section) => (
        <Link
          key={section.to}
          to={section.to}
          activeOptions={{ exact: section.to === "/" }}
          className={navLinkClasses(false)}
          activeProps={{ className: navLinkClasses(true) }}
        >
          {t(section.label)}
        </Link>
      ))}
      actions={<SignedInAccount user={operator} showNameFrom="md" />}
    >
      <Outlet />
    </AppShell>
  );
}
