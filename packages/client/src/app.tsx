// Starting an app: the API client, the query cache and the router, inside the providers
// every screen relies on, mounted on index.html's #root.
import { I18nProvider } from "@caredesk/ui";
import { QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider, type AnyRouter } from "@tanstack/react-router";
import { StrictMode } from "react";
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
}

export function startApp<TRouter extends AnyRouter>({
  createRouter,
  sessionEnd,
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
      <I18nProvider>
        <trpc.Provider client={trpcClient} queryClient={queryClient}>
          <QueryClientProvider client={queryClient}>
            <RouterProvider router={router} />
          </QueryClientProvider>
        </trpc.Provider>
      </I18nProvider>
    </StrictMode>,
  );
}
