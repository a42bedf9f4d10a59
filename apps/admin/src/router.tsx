// The operator app's route tree, served under /admin.
import { LoadingState } from "@caredesk/ui";
import type { QueryClient } from "@tanstack/react-query";
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  Outlet,
  redirect,
} from "@tanstack/react-router";
import type { TrpcUtils } from "./lib/trpc";
import { AdminLayout, AdminLoadError } from "./routes/layout";
import { NotFoundPage } from "./routes/not-found";
import { OrganizationsPage } from "./routes/organizations";
import { SignInPage } from "./routes/signin";
import { UsersPage } from "./routes/users";

export interface RouterContext {
  queryClient: QueryClient;
  utils: TrpcUtils;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFoundPage,
});

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
  errorComponent: AdminLoadError,
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

const routeTree = rootRoute.addChildren([
  signInRoute,
  operatorRoute.addChildren([organizationsRoute, usersRoute]),
]);

export function createAdminRouter(context: RouterContext) {
  return createRouter({
    routeTree,
    context,
    basepath: "/admin",
    defaultPreload: "intent",
    defaultPreloadStaleTime: 0,
    defaultPendingComponent: () => <LoadingState />,
  });
}

declare module "@tanstack/react-router" {
  interface Register {
    router: ReturnType<typeof createAdminRouter>;
  }
}
