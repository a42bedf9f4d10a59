// What both apps' route trees start from: the root route and the router's defaults.
import { LoadingState, NotFoundPage, type MessageKey } from "@caredesk/ui";
import { createRootRouteWithContext, Outlet } from "@tanstack/react-router";
import type { RouterContext } from "./trpc";

/** The root of an app's route tree; an unknown address offers a link home, labelled `home`. */
export function createAppRootRoute({ home }: { home?: MessageKey } = {}) {
  return createRootRouteWithContext<RouterContext>()({
    component: Outlet,
    notFoundComponent: () => <NotFoundPage home={home} />,
  });
}

/** Spread into `createRouter`. */
export const routerDefaults = {
  defaultPreload: "intent",
  // Queries own the caching; the router should always ask them.
  defaultPreloadStaleTime: 0,
  defaultPendingComponent: () => <LoadingState />,
} as const;
