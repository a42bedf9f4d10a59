// The operator app's route tree, served under /admin.
import {
  createAppRootRoute,
  RouteLoadError,
  routerDefaults,
  type RouterContext,
} from "@caredesk/client";
import { createRoute, createRouter, lazyRouteComponent, redirect } from "@tanstack/react-router";
import { AdminLayout } from "./routes/layout";
import { OrganizationsPage } from "./routes/organizations";
import { SignInPage } from "./routes/signin";
import { UsersPage } from "./routes/users";

// An unknown address offers the way back to the organizations list, the operators' home.
const rootRoute = createAppRootRoute({ home: "admin.nav.organizations" });

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "signin",
  beforeLoad: async ({ context }) => {
    const me = await context.utils.auth.me.ensureData().catch(() => null);
    if (me?.user.isPlatformAdmin) throw redirect({ to: "/" });
  },
  component: SignInPage,
});

/** Everything else is for platform operators only. */
const operatorRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: "operator",
  beforeLoad: async ({ context }) => {
    const me = await context.utils.auth.me.ensureData();
    if (!me?.user.isPlatformAdmin) throw redirect({ to: "/signin" });
    return { operator: me.user };
  },
  component: AdminLayout,
  errorComponent: RouteLoadError,
});

const organizationsRoute = createRoute({
  getParentRoute: () => operatorRoute,
  path: "/",
  component: OrganizationsPage,
});

const usersRoute = createRoute({
  getParentRoute: () => operatorRoute,
  path: "users",
  component: UsersPage,
});

const mailboxRoute = createRoute({
  getParentRoute: () => operatorRoute,
  path: "mailbox",
  component: lazyRouteComponent(() => import("./routes/mailbox"), "MailboxPage"),
});

const outboxRoute = createRoute({
  getParentRoute: () => operatorRoute,
  path: "outbox",
  component: lazyRouteComponent(() => import("./routes/outbox"), "OutboxPage"),
});

const plansRoute = createRoute({
  getParentRoute: () => operatorRoute,
  path: "plans",
  component: lazyRouteComponent(() => import("./routes/plans"), "PlansPage"),
});

const recordsRoute = createRoute({
  getParentRoute: () => operatorRoute,
  path: "records",
  component: lazyRouteComponent(() => import("./routes/records"), "RecordsPage"),
});

const recordListRoute = createRoute({
  getParentRoute: () => operatorRoute,
  path: "records/$table",
  component: lazyRouteComponent(() => import("./routes/records-list"), "RecordListPage"),
});

const recordDetailRoute = createRoute({
  getParentRoute: () => operatorRoute,
  path: "records/$table/$id",
  component: lazyRouteComponent(() => import("./routes/records-detail"), "RecordDetailPage"),
});

const organizationDetailRoute = createRoute({
  getParentRoute: () => operatorRoute,
  path: "organizations/$organizationId",
  component: lazyRouteComponent(
    () => import("./routes/organization-detail"),
    "OrganizationDetailPage",
  ),
});

const userDetailRoute = createRoute({
  getParentRoute: () => operatorRoute,
  path: "users/$userId",
  component: lazyRouteComponent(() => import("./routes/user-detail"), "UserDetailPage"),
});

const statsRoute = createRoute({
  getParentRoute: () => operatorRoute,
  path: "overview",
  component: lazyRouteComponent(() => import("./routes/stats"), "StatsPage"),
});

const jobsRoute = createRoute({
  getParentRoute: () => operatorRoute,
  path: "jobs",
  component: lazyRouteComponent(() => import("./routes/jobs"), "JobsPage"),
});

const moderationRoute = createRoute({
  getParentRoute: () => operatorRoute,
  path: "reviews",
  component: lazyRouteComponent(() => import("./routes/moderation"), "ModerationPage"),
});

const platformPaymentsRoute = createRoute({
  getParentRoute: () => operatorRoute,
  path: "payments",
  component: lazyRouteComponent(() => import("./routes/platform-payments"), "PlatformPaymentsPage"),
});

const routeTree = rootRoute.addChildren([
  signInRoute,
  operatorRoute.addChildren([
    organizationsRoute,
    usersRoute,
    mailboxRoute,
    outboxRoute,
    plansRoute,
    recordsRoute,
    recordListRoute,
    recordDetailRoute,
    organizationDetailRoute,
    userDetailRoute,
    statsRoute,
    jobsRoute,
    moderationRoute,
    platformPaymentsRoute,
  ]),
]);

export function createAdminRouter(context: RouterContext) {
  return createRouter({
    routeTree,
    context,
    basepath: "/admin",
    ...routerDefaults,
  });
}

declare module "@tanstack/react-router" {
  interface Register {
    router: ReturnType<typeof createAdminRouter>;
  }
}
