import { errorCode, I18nProvider } from "@caredesk/ui";
import { QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "@tanstack/react-router";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createQueryClient, createTrpcClient, createUtils, trpc } from "./lib/trpc";
import { createAppRouter } from "./router";
import "./index.css";

const queryClient = createQueryClient();
const trpcClient = createTrpcClient();
const router = createAppRouter({ queryClient, utils: createUtils(queryClient, trpcClient) });

// A session that ends elsewhere (revoked, password changed) sends the user to sign in.
queryClient.getQueryCache().subscribe((event) => {
  if (event.type !== "updated" || event.action.type !== "error") return;
  if (errorCode(event.action.error) !== "UNAUTHORIZED") return;
  if (!router.state.location.pathname.startsWith("/app")) return;
  queryClient.clear();
  void router.navigate({ to: "/signin", search: { redirect: router.state.location.href } });
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
