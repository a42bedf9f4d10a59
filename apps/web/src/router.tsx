// The route tree, in code so every path, param and search is typed end to end.
import {
  createAppRootRoute,
  RouteLoadError,
  routerDefaults,
  type RouterContext,
} from "@caredesk/client";
import { createRoute, createRouter, lazyRouteComponent, redirect } from "@tanstack/react-router";
import { importKinds } from "@caredesk/validators";
import { z } from "zod";
import { getActiveOrganizationId, setActiveOrganizationId } from "./lib/active-organization";
import { pickOrganization } from "./lib/workspace";
import { WorkspaceHome } from "./routes/app/index";
import { WorkspaceLayout } from "./routes/app/layout";
import { LandingPage } from "./routes/landing";
import { SignInPage } from "./routes/signin";
import { SignUpPage } from "./routes/signup";

const rootRoute = createAppRootRoute();

const landingRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/",
  component: LandingPage,
});

const authSearch = z.object({
  redirect: z.string().max(500).optional(),
  /** Why a provider's sign-in was refused (the server's /auth/oidc routes say it in words). */
  error: z.string().max(500).optional().catch(undefined),
});

/** Signed-in visitors skip the sign-in and sign-up forms. */
async function skipWhenSignedIn({ context }: { context: RouterContext }) {
  const me = await context.utils.auth.me.ensureData().catch(() => null);
  if (me) throw redirect({ to: "/app" });
}

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "signin",
  validateSearch: authSearch,
  beforeLoad: skipWhenSignedIn,
  component: SignInPage,
});

const signUpRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "signup",
  validateSearch: authSearch,
  beforeLoad: skipWhenSignedIn,
  component: SignUpPage,
});

/** What an account email's link carries; the page says when it is missing. */
const linkSearch = z.object({ token: z.string().max(200).optional().catch(undefined) });

const forgotPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "forgot-password",
  component: lazyRouteComponent(
    () => import("./routes/account/forgot-password"),
    "ForgotPasswordPage",
  ),
});

const resetPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "reset-password",
  validateSearch: linkSearch,
  component: lazyRouteComponent(
    () => import("./routes/account/reset-password"),
    "ResetPasswordPage",
  ),
});

const verifyEmailRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "verify-email",
  validateSearch: linkSearch,
  component: lazyRouteComponent(() => import("./routes/account/verify-email"), "VerifyEmailPage"),
});

/** Linking a provider to an existing account: its password proves ownership (token in the #). */
const signInLinkRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "signin/link",
  component: lazyRouteComponent(() => import("./routes/account/link-provider"), "LinkProviderPage"),
});

/** An invitation's link: open signed in or not (an existing account accepts signed in). */
const invitationRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "invitation",
  validateSearch: linkSearch,
  component: lazyRouteComponent(() => import("./routes/account/invitation"), "InvitationPage"),
});

/** A reminder's confirm or cancel link: no sign-in, the token decides what it does. */
const appointmentLinkRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "appointment-link",
  validateSearch: linkSearch,
  component: lazyRouteComponent(
    () => import("./routes/links/appointment-link"),
    "AppointmentLinkPage",
  ),
});

/** An email's link to stop the practice's emails and text messages: no sign-in. */
const unsubscribeRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "unsubscribe",
  validateSearch: linkSearch,
  component: lazyRouteComponent(() => import("./routes/links/unsubscribe"), "UnsubscribePage"),
});

/**
 * Sends a signed-out visitor to sign in (and back here afterwards), then settles the active
 * organization before any screen sends `x-organization-id`. Returns that organization.
 */
async function settleSignedIn({
  context,
  location,
}: {
  context: RouterContext;
  location: { href: string };
}) {
  const me = await context.utils.auth.me.ensureData();
  if (!me) throw redirect({ to: "/signin", search: { redirect: location.href } });
  const stored = getActiveOrganizationId();
  const active = pickOrganization(me.organizations, stored);
  if ((active?.id ?? null) !== stored) setActiveOrganizationId(active?.id ?? null);
  return active;
}

const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "app",
  beforeLoad: async (options) => {
    const active = await settleSignedIn(options);
    // A patient of the active organization belongs in the portal, not the staff workspace.
    if (active?.role === "patient") throw redirect({ to: "/portal" });
  },
  component: WorkspaceLayout,
  errorComponent: RouteLoadError,
});

const workspaceHomeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/",
  component: WorkspaceHome,
});

const membersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "members",
  component: lazyRouteComponent(() => import("./routes/app/members"), "MembersPage"),
});

const accountRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "account",
  component: lazyRouteComponent(() => import("./routes/app/account"), "AccountPage"),
});

const newOrganizationRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "organizations/new",
  component: lazyRouteComponent(
    () => import("./routes/app/organizations-new"),
    "NewOrganizationPage",
  ),
});

/** The practice's website: the set-up wizard, then its settings. */
const websiteRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "website",
  component: lazyRouteComponent(() => import("./routes/app/website/index"), "WebsitePage"),
});

const requestsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "requests",
  component: lazyRouteComponent(() => import("./routes/app/requests"), "RequestsPage"),
});

/** The ambulance dispatch board (hospitals with the feature), live. */
const ambulanceRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "ambulance",
  component: lazyRouteComponent(() => import("./routes/app/ambulance"), "AmbulancePage"),
});

/** Prescription refills: the queue, and one request to approve or decline. */
const refillsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "refills",
  component: lazyRouteComponent(() => import("./routes/app/refills"), "RefillsPage"),
});
const refillRequestRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "refills/$refillId",
  component: lazyRouteComponent(() => import("./routes/app/refills-request"), "RefillRequestPage"),
});

/** The assistant's conversations: those handed over to a person first, and one's transcript. */
const assistantRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "assistant",
  validateSearch: z.object({
    tab: z.enum(["handed_over", "open", "resolved", "all"]).optional().catch(undefined),
    conversation: z.uuid().optional().catch(undefined),
  }),
  component: lazyRouteComponent(() => import("./routes/app/assistant"), "AssistantPage"),
});

/** Settings → Assistant: the practice's questions and answers, retention and token budget. */
const assistantSettingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "settings/assistant",
  component: lazyRouteComponent(
    () => import("./routes/app/assistant-settings"),
    "AssistantSettingsPage",
  ),
});

/** Bulk imports: the history, a new import's file, and one import at whatever step it is. */
const importsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "import",
  component: lazyRouteComponent(() => import("./routes/app/import/index"), "ImportsPage"),
});
const importNewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "import/new",
  validateSearch: z.object({ kind: z.enum(importKinds).optional().catch(undefined) }),
  component: lazyRouteComponent(() => import("./routes/app/import/new"), "NewImportPage"),
});
const importRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "import/$importId",
  component: lazyRouteComponent(() => import("./routes/app/import/import"), "ImportPage"),
});

/** The practice dashboard (owners and managers): a range of days summed up. */
const dashboardRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "dashboard",
  component: lazyRouteComponent(() => import("./routes/app/dashboard"), "DashboardPage"),
});

/** The moderation queue of patients' reviews. */
const reviewsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "reviews",
  component: lazyRouteComponent(() => import("./routes/app/reviews"), "ReviewsPage"),
});

/** The pharmacy's catalogue and stock: products, a product's lots, stock counts, reports. */
const pharmacyProductsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "pharmacy/products",
  component: lazyRouteComponent(() => import("./routes/app/pharmacy/products"), "ProductsPage"),
});
const pharmacyProductNewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "pharmacy/products/new",
  component: lazyRouteComponent(
    () => import("./routes/app/pharmacy/product-form"),
    "ProductNewPage",
  ),
});
const pharmacyProductRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "pharmacy/products/$productId",
  component: lazyRouteComponent(() => import("./routes/app/pharmacy/product"), "ProductPage"),
});
const pharmacyProductEditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "pharmacy/products/$productId/edit",
  component: lazyRouteComponent(
    () => import("./routes/app/pharmacy/product-form"),
    "ProductEditPage",
  ),
});
const pharmacyCountsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "pharmacy/counts",
  component: lazyRouteComponent(() => import("./routes/app/pharmacy/counts"), "CountsPage"),
});
const pharmacyCountRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "pharmacy/counts/$countId",
  component: lazyRouteComponent(() => import("./routes/app/pharmacy/counts"), "CountPage"),
});
const pharmacyReportsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "pharmacy/reports",
  component: lazyRouteComponent(
    () => import("./routes/app/pharmacy/reports"),
    "PharmacyReportsPage",
  ),
});

/** The pharmacy's counter: walk-in sales by barcode, with a receipt PDF. */
const pharmacyCounterRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "pharmacy/counter",
  component: lazyRouteComponent(() => import("./routes/app/pharmacy/counter"), "CounterPage"),
});

/** The pharmacy's online orders: the queue by status, and one order. */
const pharmacyOrdersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "pharmacy/orders",
  component: lazyRouteComponent(() => import("./routes/app/pharmacy/orders"), "OrdersPage"),
});
const pharmacyOrderRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "pharmacy/orders/$orderId",
  component: lazyRouteComponent(() => import("./routes/app/pharmacy/orders-order"), "OrderPage"),
});

const settingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "settings",
  component: lazyRouteComponent(() => import("./routes/app/settings"), "SettingsPage"),
});

const departmentsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "departments",
  component: lazyRouteComponent(() => import("./routes/app/departments"), "DepartmentsPage"),
});

const practitionersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "practitioners",
});

const practitionerListRoute = createRoute({
  getParentRoute: () => practitionersRoute,
  path: "/",
  validateSearch: z.object({ department: z.uuid().optional().catch(undefined) }),
  component: lazyRouteComponent(
    () => import("./routes/app/practitioners/index"),
    "PractitionersPage",
  ),
});

const newPractitionerRoute = createRoute({
  getParentRoute: () => practitionersRoute,
  path: "new",
  component: lazyRouteComponent(
    () => import("./routes/app/practitioners/new"),
    "NewPractitionerPage",
  ),
});

const practitionerRoute = createRoute({
  getParentRoute: () => practitionersRoute,
  path: "$practitionerId",
  component: lazyRouteComponent(
    () => import("./routes/app/practitioners/detail"),
    "PractitionerPage",
  ),
});

const resourcesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "resources",
  component: lazyRouteComponent(() => import("./routes/app/resources"), "ResourcesPage"),
});

const servicesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "services",
});

const serviceListRoute = createRoute({
  getParentRoute: () => servicesRoute,
  path: "/",
  component: lazyRouteComponent(() => import("./routes/app/services/index"), "ServicesPage"),
});

const newServiceRoute = createRoute({
  getParentRoute: () => servicesRoute,
  path: "new",
  component: lazyRouteComponent(() => import("./routes/app/services/edit"), "NewServicePage"),
});

const serviceRoute = createRoute({
  getParentRoute: () => servicesRoute,
  path: "$serviceId",
  component: lazyRouteComponent(() => import("./routes/app/services/edit"), "ServicePage"),
});

const patientsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "patients",
});

const patientListRoute = createRoute({
  getParentRoute: () => patientsRoute,
  path: "/",
  validateSearch: z.object({
    q: z.string().max(100).optional().catch(undefined),
    sort: z.enum(["name", "createdAt"]).optional().catch(undefined),
    archived: z.boolean().optional().catch(undefined),
  }),
  component: lazyRouteComponent(() => import("./routes/app/patients/index"), "PatientsPage"),
});

const newPatientRoute = createRoute({
  getParentRoute: () => patientsRoute,
  path: "new",
  component: lazyRouteComponent(() => import("./routes/app/patients/new"), "NewPatientPage"),
});

/** A patient's record: the overview and one route per part (tabs of record-frame.tsx). */
const patientRoute = createRoute({
  getParentRoute: () => patientsRoute,
  path: "$patientId",
});

const patientOverviewRoute = createRoute({
  getParentRoute: () => patientRoute,
  path: "/",
  component: lazyRouteComponent(() => import("./routes/app/patients/detail"), "PatientPage"),
});

const patientConsultationsRoute = createRoute({
  getParentRoute: () => patientRoute,
  path: "consultations",
  component: lazyRouteComponent(
    () => import("./routes/app/patients/consultations"),
    "PatientConsultationsPage",
  ),
});

const consultationRoute = createRoute({
  getParentRoute: () => patientRoute,
  path: "consultations/$consultationId",
  component: lazyRouteComponent(
    () => import("./routes/app/patients/consultation"),
    "ConsultationPage",
  ),
});

const patientChartRoute = createRoute({
  getParentRoute: () => patientRoute,
  path: "chart",
  component: lazyRouteComponent(() => import("./routes/app/patients/chart"), "PatientChartPage"),
});

const patientLedgerRoute = createRoute({
  getParentRoute: () => patientRoute,
  path: "ledger",
  component: lazyRouteComponent(() => import("./routes/app/patients/ledger"), "PatientLedgerPage"),
});

const patientFormsRoute = createRoute({
  getParentRoute: () => patientRoute,
  path: "forms",
  component: lazyRouteComponent(() => import("./routes/app/patients/forms"), "PatientFormsPage"),
});

const patientAccessRoute = createRoute({
  getParentRoute: () => patientRoute,
  path: "access",
  component: lazyRouteComponent(() => import("./routes/app/patients/access"), "PatientAccessPage"),
});

/** The practice's medical-history forms: the list, and the builder of one. */
const formsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "forms",
});

const formListRoute = createRoute({
  getParentRoute: () => formsRoute,
  path: "/",
  component: lazyRouteComponent(() => import("./routes/app/forms/index"), "FormsPage"),
});

const formEditRoute = createRoute({
  getParentRoute: () => formsRoute,
  path: "$questionnaireId",
  component: lazyRouteComponent(() => import("./routes/app/forms/edit"), "FormEditPage"),
});

const auditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "audit",
  component: lazyRouteComponent(() => import("./routes/app/audit"), "AuditPage"),
});

/** Billing: invoices, payments with refunds and receipts, daily takings. */
/** Earnings from consultations paid at booking: a doctor's own, every doctor's for managers. */
const earningsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "earnings",
  component: lazyRouteComponent(() => import("./routes/app/earnings"), "EarningsPage"),
});

/** Settings → Payments: providers' keys, the practice's fee, dispute window, policy, tax. */
const paymentSettingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "settings/payments",
  component: lazyRouteComponent(
    () => import("./routes/app/payment-settings"),
    "PaymentSettingsPage",
  ),
});

/** The portal's payments: receipts, and disputes of consultations paid at booking. */
const portalPaymentsRoute = createRoute({
  getParentRoute: () => portalRoute,
  path: "payments",
  component: lazyRouteComponent(() => import("./routes/portal/payments"), "PortalPaymentsPage"),
});

const billingRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "billing",
});
const billingInvoicesRoute = createRoute({
  getParentRoute: () => billingRoute,
  path: "/",
  component: lazyRouteComponent(
    () => import("./routes/app/billing/invoices"),
    "BillingInvoicesPage",
  ),
});
const billingNewInvoiceRoute = createRoute({
  getParentRoute: () => billingRoute,
  path: "invoices/new",
  component: lazyRouteComponent(() => import("./routes/app/billing/new-invoice"), "NewInvoicePage"),
});
const billingInvoiceRoute = createRoute({
  getParentRoute: () => billingRoute,
  path: "invoices/$invoiceId",
  component: lazyRouteComponent(() => import("./routes/app/billing/invoice"), "BillingInvoicePage"),
});
const billingPaymentsRoute = createRoute({
  getParentRoute: () => billingRoute,
  path: "payments",
  component: lazyRouteComponent(
    () => import("./routes/app/billing/payments"),
    "BillingPaymentsPage",
  ),
});
const billingTakingsRoute = createRoute({
  getParentRoute: () => billingRoute,
  path: "takings",
  component: lazyRouteComponent(() => import("./routes/app/billing/takings"), "BillingTakingsPage"),
});
const billingReconciliationRoute = createRoute({
  getParentRoute: () => billingRoute,
  path: "reconciliation",
  component: lazyRouteComponent(
    () => import("./routes/app/billing/reconciliation"),
    "BillingReconciliationPage",
  ),
});
const calendarRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "calendar",
});

const calendarDayRoute = createRoute({
  getParentRoute: () => calendarRoute,
  path: "/",
  validateSearch: z.object({
    date: z.iso.date().optional().catch(undefined),
    view: z.enum(["day", "week"]).optional().catch(undefined),
    resource: z.string().max(60).optional().catch(undefined),
  }),
  component: lazyRouteComponent(() => import("./routes/app/calendar"), "CalendarPage"),
});

/** The patient portal: its own frame, no staff navigation. */
const portalRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "portal",
  beforeLoad: async (options) => {
    await settleSignedIn(options);
  },
  component: lazyRouteComponent(() => import("./routes/portal/layout"), "PortalLayout"),
  errorComponent: RouteLoadError,
});

const portalHomeRoute = createRoute({
  getParentRoute: () => portalRoute,
  path: "/",
  component: lazyRouteComponent(() => import("./routes/portal/index"), "PortalHomePage"),
});

const portalBookRoute = createRoute({
  getParentRoute: () => portalRoute,
  path: "book",
  component: lazyRouteComponent(() => import("./routes/portal/book"), "PortalBookPage"),
});

const portalRecordsRoute = createRoute({
  getParentRoute: () => portalRoute,
  path: "records",
  component: lazyRouteComponent(() => import("./routes/portal/records"), "PortalRecordsPage"),
});

const portalPlansRoute = createRoute({
  getParentRoute: () => portalRoute,
  path: "plans",
  component: lazyRouteComponent(() => import("./routes/portal/plans"), "PortalPlansPage"),
});

/** The portal's prescription refills: request one, and one's requests. */
const portalRefillsRoute = createRoute({
  getParentRoute: () => portalRoute,
  path: "refills",
  component: lazyRouteComponent(() => import("./routes/portal/refills"), "PortalRefillsPage"),
});

/** The portal's reviews: visits to review, and one's own reviews. */
const portalReviewsRoute = createRoute({
  getParentRoute: () => portalRoute,
  path: "reviews",
  component: lazyRouteComponent(() => import("./routes/portal/reviews"), "PortalReviewsPage"),
});

/** The portal's ambulance request and where the patient's requests stand. */
const portalAmbulanceRoute = createRoute({
  getParentRoute: () => portalRoute,
  path: "ambulance",
  component: lazyRouteComponent(() => import("./routes/portal/ambulance"), "PortalAmbulancePage"),
});

const portalAccessRoute = createRoute({
  getParentRoute: () => portalRoute,
  path: "access",
  component: lazyRouteComponent(() => import("./routes/portal/access"), "PortalAccessPage"),
});

/** The portal's orders from the practice's shop, and one order's progress. */
const portalOrdersRoute = createRoute({
  getParentRoute: () => portalRoute,
  path: "orders",
  component: lazyRouteComponent(() => import("./routes/portal/orders"), "PortalOrdersPage"),
});
const portalOrderRoute = createRoute({
  getParentRoute: () => portalRoute,
  path: "orders/$orderId",
  component: lazyRouteComponent(() => import("./routes/portal/orders"), "PortalOrderPage"),
});

/**
 * The shop's checkout, where a practice's site sends its cart: outside the portal's frame, since
 * the visitor may not be a patient of the practice yet (it offers to join).
 */
const checkoutRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "portal/checkout",
  validateSearch: z.object({
    practice: z.string().max(100).optional().catch(undefined),
    /** The cart, from a practice's own domain (`<productId>:<quantity>,…`). */
    items: z.string().max(5000).optional().catch(undefined),
  }),
  component: lazyRouteComponent(() => import("./routes/portal/checkout"), "CheckoutPage"),
});

/** A medical-history form sent by link: no sign-in; the token and the date of birth decide. */
const formLinkRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "form",
  validateSearch: linkSearch,
  component: lazyRouteComponent(() => import("./routes/links/form"), "FormLinkPage"),
});

// Practices' public sites (/p/:slug) are rendered by the server (packages/site), not here.
const routeTree = rootRoute.addChildren([
  landingRoute,
  signInRoute,
  signInLinkRoute,
  signUpRoute,
  forgotPasswordRoute,
  resetPasswordRoute,
  verifyEmailRoute,
  invitationRoute,
  appointmentLinkRoute,
  unsubscribeRoute,
  appRoute.addChildren([
    workspaceHomeRoute,
    membersRoute,
    accountRoute,
    newOrganizationRoute,
    websiteRoute,
    requestsRoute,
    ambulanceRoute,
    reviewsRoute,
    dashboardRoute,
    importsRoute,
    importNewRoute,
    importRoute,
    pharmacyProductsRoute,
    pharmacyProductNewRoute,
    pharmacyProductRoute,
    pharmacyProductEditRoute,
    pharmacyCountsRoute,
    pharmacyCountRoute,
    pharmacyReportsRoute,
    refillsRoute,
    refillRequestRoute,
    pharmacyOrdersRoute,
    pharmacyOrderRoute,
    pharmacyCounterRoute,
    settingsRoute,
    earningsRoute,
    paymentSettingsRoute,
    assistantRoute,
    assistantSettingsRoute,
    departmentsRoute,
    practitionersRoute.addChildren([
      practitionerListRoute,
      newPractitionerRoute,
      practitionerRoute,
    ]),
    resourcesRoute,
    servicesRoute.addChildren([serviceListRoute, newServiceRoute, serviceRoute]),
    patientsRoute.addChildren([
      patientListRoute,
      newPatientRoute,
      patientRoute.addChildren([
        patientOverviewRoute,
        patientConsultationsRoute,
        consultationRoute,
        patientChartRoute,
        patientLedgerRoute,
        patientFormsRoute,
        patientAccessRoute,
      ]),
    ]),
    formsRoute.addChildren([formListRoute, formEditRoute]),
    auditRoute,
    calendarRoute.addChildren([calendarDayRoute]),
    billingRoute.addChildren([
      billingInvoicesRoute,
      billingNewInvoiceRoute,
      billingInvoiceRoute,
      billingPaymentsRoute,
      billingTakingsRoute,
      billingReconciliationRoute,
    ]),
  ]),
  formLinkRoute,
  checkoutRoute,
  portalRoute.addChildren([
    portalHomeRoute,
    portalBookRoute,
    portalRecordsRoute,
    portalPlansRoute,
    portalAccessRoute,
    portalPaymentsRoute,
    portalReviewsRoute,
    portalRefillsRoute,
    portalOrdersRoute,
    portalOrderRoute,
    portalAmbulanceRoute,
  ]),
]);

export function createAppRouter(context: RouterContext) {
  return createRouter({
    routeTree,
    context,
    ...routerDefaults,
    scrollRestoration: true,
  });
}

declare module "@tanstack/react-router" {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
