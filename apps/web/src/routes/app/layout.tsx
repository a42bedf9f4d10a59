import { AppShell, buttonClasses, FormatLocale, Logo, navLinkClasses, useT } from "@caredesk/ui";
import { Link, Navigate, Outlet } from "@tanstack/react-router";
import {
  OrganizationSwitcher,
  SignedInWorkspace,
  WorkspaceAccount,
} from "../../components/workspace-frame";
import { NotificationBell } from "../../components/notification-bell";
import { PracticeLogo } from "../../components/practice-logo";
import { RefillsNavLink } from "../../components/refills-nav-link";
import { RequestsNavLink } from "../../components/requests-nav-link";
import { SuspendedNotice } from "../../components/suspended-notice";
import { VerifyEmailBanner } from "../../components/verify-email-banner";
import { can, canReadMembers } from "../../lib/permissions";
import type { Workspace } from "../../lib/workspace";

export function WorkspaceLayout() {
  const t = useT();
  return (
    <SignedInWorkspace>
      {(workspace) =>
        // Patients use the portal; switching to an organization where one is a patient goes there.
        workspace.organization?.role === "patient" ? (
          <Navigate to="/portal" replace />
        ) : (
          // Dates, times and money as the practice writes them (an Egyptian practice: ar-EG).
          <FormatLocale tag={workspace.organization?.locale}>
            <AppShell
              brand={
                <>
                  <Link to="/app" aria-label={`${t("app.name")}, ${t("nav.workspace")}`}>
                    <Logo />
                  </Link>
                  <PracticeLogo organization={workspace.organization} />
                </>
              }
              navPlacement="below"
              nav={<WorkspaceNav workspace={workspace} />}
              actions={<HeaderActions workspace={workspace} />}
            >
              <VerifyEmailBanner />
              {/* A suspended practice shows why instead of its screens (its calls are refused). */}
              {workspace.organization?.suspendedAt ? (
                <SuspendedNotice organization={workspace.organization} />
              ) : (
                <Outlet />
              )}
            </AppShell>
          </FormatLocale>
        )
      }
    </SignedInWorkspace>
  );
}

const navLink = {
  className: navLinkClasses(false),
  activeProps: { className: navLinkClasses(true) },
} as const;

function WorkspaceNav({ workspace }: { workspace: Workspace }) {
  const t = useT();
  const role = workspace.organization?.role;
  const directory = role !== undefined && can(role, "directory.read");
  return (
    <>
      <Link to="/app" activeOptions={{ exact: true }} {...navLink}>
        {t("nav.workspace")}
      </Link>
      {role !== undefined && can(role, "dashboard.read") && (
        <Link to="/app/dashboard" {...navLink}>
          {t("dashboard.nav")}
        </Link>
      )}
      {role !== undefined && can(role, "appointment.read") && (
        <Link to="/app/calendar" {...navLink}>
          {t("nav.calendar")}
        </Link>
      )}
      {role !== undefined && can(role, "appointment.read") && (
        <RequestsNavLink
          className={navLink.className}
          activeClassName={navLink.activeProps.className}
        />
      )}
      {role !== undefined && can(role, "patient.read") && (
        <Link to="/app/patients" {...navLink}>
          {t("nav.patients")}
        </Link>
      )}
      {role !== undefined && can(role, "form.manage") && (
        <Link to="/app/forms" {...navLink}>
          {t("nav.forms")}
        </Link>
      )}
      {directory && (
        <>
          <Link to="/app/practitioners" {...navLink}>
            {t("nav.practitioners")}
          </Link>
          <Link to="/app/departments" {...navLink}>
            {t("nav.departments")}
          </Link>
          <Link to="/app/services" {...navLink}>
            {t("nav.services")}
          </Link>
          <Link to="/app/resources" {...navLink}>
            {t("nav.resources")}
          </Link>
        </>
      )}
      {role !== undefined && canReadMembers(role) && (
        <Link to="/app/members" {...navLink}>
          {t("nav.members")}
        </Link>
      )}
      {role !== undefined && can(role, "billing.read") && (
        <Link to="/app/billing" {...navLink}>
          {t("nav.billing")}
        </Link>
      )}
      {role !== undefined &&
        can(role, "pharmacy.sell") &&
        (workspace.organization?.kind === "pharmacy" ||
          workspace.organization?.kind === "hospital") && (
          <Link to="/app/pharmacy/counter" {...navLink}>
            {t("counter.nav")}
          </Link>
        )}
      {role !== undefined &&
        can(role, "pharmacy.read") &&
        (workspace.organization?.kind === "pharmacy" ||
          workspace.organization?.kind === "hospital") && (
          <Link to="/app/pharmacy/orders" {...navLink}>
            {t("orders.nav")}
          </Link>
        )}
      {role !== undefined &&
        can(role, "pharmacy.read") &&
        (workspace.organization?.kind === "pharmacy" ||
          workspace.organization?.kind === "hospital") && (
          <Link to="/app/pharmacy/products" {...navLink}>
            {t("pharmacy.nav")}
          </Link>
        )}
      {role !== undefined && (can(role, "earnings.read") || can(role, "payout.manage")) && (
        <Link to="/app/earnings" {...navLink}>
          {t("earnings.nav")}
        </Link>
      )}
      {role !== undefined &&
        can(role, "ambulance.dispatch") &&
        hasFeature(workspace.organization, "ambulance") && (
          <Link to="/app/ambulance" {...navLink}>
            {t("ambulance.nav")}
          </Link>
        )}
      {role !== undefined &&
        can(role, "review.moderate") &&
        hasFeature(workspace.organization, "reviews") && (
          <Link to="/app/reviews" {...navLink}>
            {t("reviews.nav")}
          </Link>
        )}
      {role !== undefined &&
        can(role, "assistant.read") &&
        hasFeature(workspace.organization, "assistant") && (
          <Link to="/app/assistant" {...navLink}>
            {t("assistant.nav")}
          </Link>
        )}
      <RefillsNavLink to="/app/refills" {...navLink} />
      {role !== undefined && can(role, "site.manage") && (
        <Link to="/app/website" {...navLink}>
          {t("nav.website")}
        </Link>
      )}
      {role !== undefined && can(role, "data.import") && (
        <Link to="/app/import" {...navLink}>
          {t("import.nav")}
        </Link>
      )}
      {role !== undefined && can(role, "audit.read") && (
        <Link to="/app/audit" {...navLink}>
          {t("nav.audit")}
        </Link>
      )}
      {role !== undefined && can(role, "organization.update") && (
        <Link to="/app/settings" {...navLink}>
          {t("nav.settings")}
        </Link>
      )}
      {role !== undefined && can(role, "billing.settings") && (
        <Link to="/app/settings/payments" {...navLink}>
          {t("paymentSettings.nav")}
        </Link>
      )}
      <Link to="/app/account" {...navLink}>
        {t("nav.account")}
      </Link>
    </>
  );
}

/** Whether the practice has a feature switched on (its procedures answer NOT_FOUND otherwise). */
function hasFeature(
  organization: Workspace["organization"],
  feature: NonNullable<Workspace["organization"]>["features"][number],
): boolean {
  return organization?.features.includes(feature) ?? false;
}

function HeaderActions({ workspace }: { workspace: Workspace }) {
  const t = useT();
  return (
    <>
      <OrganizationSwitcher workspace={workspace} />
      <NotificationBell />
      <Link to="/app/organizations/new" className={buttonClasses("ghost", "sm")}>
        {t("nav.newOrganization")}
      </Link>
      <WorkspaceAccount workspace={workspace} showNameFrom="xl" />
    </>
  );
}
