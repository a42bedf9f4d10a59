// Starting an app: the API client, the query cache and the router, inside the providers
// every screen relies on, mounted on index.html's #root.
import { I18nProvider, initialLocale, type Locale } from "@caredesk/ui";
import { QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider, type AnyRouter, type RouterHistory } from "@tanstack/react-router";
import { StrictMode, useSyncExternalStore, type ReactNode } from "react";
import { createRoot } from "react-dom/client";
import { errorCode, type ApiErrorCode } from "./errors";
import type { ApiLinkOptions } from "./links";
import { createQueryClient, createTrpcClient, createUtils, trpc, type RouterContext } from "./trpc";

export interface StartOptions<TRouter extends AnyRouter> extends ApiLinkOptions {
  createRouter: (context: RouterContext) => TRouter;
  /** A query answering one of these means the session is over (expired, revoked, …). */
  sessionEnd: {
    codes: readonly ApiErrorCode[];
    /** Where a session is needed; elsewhere (a public page) the error shows as it is. */
    appliesAt?: (pathname: string) => boolean;
    /** Sends the person to sign in; the cache is already cleared, it was theirs. */
    signIn: (router: TRouter) => Promise<void>;
  };
  /**
   * The one language a part of the app is written in whatever the person picked (the staff
   * workspace: English), or null where the picked language applies.
   */
  fixedLocale?: (pathname: string) => Locale | null;
}

/** The language chosen at start (cookie, storage, browser), fixed where the app says so. */
function AppI18n({
  history,
  locale,
  fixedLocale,
  children,
}: {
  history: RouterHistory;
  locale: Locale;
  fixedLocale: ((pathname: string) => Locale | null) | undefined;
  children: ReactNode;
}) {
  const pathname = useSyncExternalStore(
    (changed) => history.subscribe(changed),
    () => history.location.pathname,
  );
  return (
    <I18nProvider locale={locale} fixed={fixedLocale?.(pathname) ?? null}>
      {children}
    </I18nProvider>
  );
}

export function startApp<TRouter extends AnyRouter>({
  createRouter,
  sessionEnd,
  fixedLocale,
  ...links
}: StartOptions<TRouter>): void {
  const queryClient = createQueryClient();
  const trpcClient = createTrpcClient(links);
  const router = createRouter({ queryClient, utils: createUtils(queryClient, trpcClient) });

  queryClient.getQueryCache().subscribe((event) => {
    if (event.type !== "updated" || event.action.type !== "error") return;
    const code = errorCode(event.action.error);
    if (code === null || !sessionEnd.codes.includes(code)) return;
    if (sessionEnd.appliesAt && !sessionEnd.appliesAt(router.state.location.pathname)) return;
    queryClient.clear();
    void sessionEnd.signIn(router);
  });

  const root = document.getElementById("root");
  if (!root) throw new Error("index.html has no #root element");
  createRoot(root).render(
    <StrictMode>
      <AppI18n
        history={router.history as RouterHistory}
        locale={initialLocale()}
        fixedLocale={fixedLocale}
      >
        <trpc.Provider client={trpcClient} queryClient={queryClient}>
          <QueryClientProvider client={queryClient}>
            <RouterProvider router={router} />
          </QueryClientProvider>
        </trpc.Provider>
      </AppI18n>
    </StrictMode>,
  );
}
