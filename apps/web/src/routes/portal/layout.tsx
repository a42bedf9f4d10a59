// The patient portal's frame: no staff navigation, just the practice, the patient and sign-out.
import {
  AppShell,
  buttonClasses,
  Card,
  EmptyState,
  FormatLocale,
  LanguageSwitcher,
  Logo,
  useT,
} from "@caredesk/ui";
import { useQueryClient } from "@tanstack/react-query";
import { Link, Outlet } from "@tanstack/react-router";
import { useEffect } from "react";
import {
  OrganizationSwitcher,
  SignedInWorkspace,
  WorkspaceAccount,
} from "../../components/workspace-frame";
import { AssistantChat } from "../../components/assistant-chat";
import { NotificationBell } from "../../components/notification-bell";
import { OrdersNavLink } from "../../components/orders-nav-link";
import { PracticeLogo } from "../../components/practice-logo";
import { RefillsNavLink } from "../../components/refills-nav-link";
import { resetOrganizationData, setActiveOrganizationId } from "../../lib/active-organization";
import type { Workspace } from "../../lib/workspace";
import { SuspendedNotice } from "../../components/suspended-notice";

export function PortalLayout() {
  return (
    <SignedInWorkspace returnTo="/portal">
      {(workspace) => (
        // Dates, times and money as the practice writes them.
        <FormatLocale tag={workspace.organization?.locale}>
          <PortalFrame workspace={workspace} />
        </FormatLocale>
      )}
    </SignedInWorkspace>
  );
}

function PortalFrame({ workspace }: { workspace: Workspace }) {
  const t = useT();
  const organization = workspace.organization;
  usePracticeNamedByLink(workspace);

  return (
    <AppShell
      brand={
        <Link to="/portal" className="flex items-center gap-3">
          <Logo />
          <span className="sr-only">{t("portal.home")}</span>
          {organization && (
            <span className="hidden border-s border-slate-200 ps-3 text-sm text-slate-600 sm:inline">
              {organization.name}
            </span>
          )}
          <PracticeLogo organization={organization} />
        </Link>
      }
      actions={
        <>
          <LanguageSwitcher />
          <OrganizationSwitcher workspace={workspace} minimum={2} />
          <NotificationBell />
          <WorkspaceAccount workspace={workspace} showNameFrom="md" />
        </>
      }
    >
      {!organization ? (
        <Card>
          <EmptyState
            titleAs="h1"
            title={t("portal.none.title")}
            description={t("portal.none.body", { email: workspace.user.email })}
          />
        </Card>
      ) : organization.role !== "patient" ? (
        <Card>
          <EmptyState
            titleAs="h1"
            title={t("portal.staff.title")}
            description={t("portal.staff.body", {
              organization: organization.name,
            })}
            action={
              <Link to="/app" className={buttonClasses("primary")}>
                {t("portal.staff.action")}
              </Link>
            }
          />
        </Card>
      ) : organization.suspendedAt ? (
        <SuspendedNotice organization={organization} />
      ) : !organization.features.includes("patient_portal") ? (
        // The practice has its portal switched off: its procedures answer NOT_FOUND.
        <Card>
          <EmptyState
            titleAs="h1"
            title={t("portal.off.title")}
            description={t("portal.off.body", { organization: organization.name })}
          />
        </Card>
      ) : (
        <>
          <PortalNav
            reviews={organization.features.includes("reviews")}
            ambulance={organization.features.includes("ambulance")}
          />
          <Outlet key={organization.id} />
          {organization.features.includes("assistant") && (
            <AssistantChat key={organization.id} organization={organization} />
          )}
        </>
      )}
    </AppShell>
  );
}

/**
 * A practice's site links its patients here with `?org=<its address>`: a patient of several
 * practices lands in that one's portal, not in whichever they used last.
 */
function usePracticeNamedByLink(workspace: Workspace) {
  const queryClient = useQueryClient();
  const named = new URLSearchParams(window.location.search).get("org");
  const target = named ? workspace.organizations.find((o) => o.slug === named) : undefined;
  const activeId = workspace.organization?.id;
  useEffect(() => {
    if (!target || target.id === activeId) return;
    setActiveOrganizationId(target.id);
    void resetOrganizationData(queryClient);
  }, [target, activeId, queryClient]);
}

const portalLink = {
  className:
    "rounded-md px-3 py-1.5 text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900",
  activeProps: { className: "bg-brand-50 font-medium text-brand-700" },
} as const;

/** The parts of the portal: home, booking, the patient's records, plans and record access. */
function PortalNav({ reviews, ambulance }: { reviews: boolean; ambulance: boolean }) {
  const t = useT();
  return (
    <nav aria-label={t("portal.nav")} className="mb-6 flex flex-wrap gap-1">
      <Link to="/portal" activeOptions={{ exact: true }} {...portalLink}>
        {t("portal.nav.home")}
      </Link>
      <Link to="/portal/book" {...portalLink}>
        {t("portal.nav.book")}
      </Link>
      <Link to="/portal/records" {...portalLink}>
        {t("portal.nav.records")}
      </Link>
      <Link to="/portal/plans" {...portalLink}>
        {t("portal.nav.plans")}
      </Link>
      <Link to="/portal/access" {...portalLink}>
        {t("portal.nav.access")}
      </Link>
      <Link to="/portal/payments" {...portalLink}>
        {t("portalPayments.nav")}
      </Link>
      {reviews && (
        <Link to="/portal/reviews" {...portalLink}>
          {t("portalReviews.nav")}
        </Link>
      )}
      {ambulance && (
        <Link to="/portal/ambulance" {...portalLink}>
          {t("portalAmbulance.nav")}
        </Link>
      )}
      <OrdersNavLink {...portalLink} />
      <RefillsNavLink to="/portal/refills" {...portalLink} />
    </nav>
  );
}
