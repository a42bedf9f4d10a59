import { errorCode, I18nProvider } from "@caredesk/ui";
import { QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "@tanstack/react-router";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createQueryClient, createTrpcClient, createUtils, trpc } from "./lib/trpc";
import { createAdminRouter } from "./router";
import "./index.css";

const queryClient = createQueryClient();
const trpcClient = createTrpcClient();
const router = createAdminRouter({ queryClient, utils: createUtils(queryClient, trpcClient) });

// A session that ends (expired, revoked, demoted) sends the operator back to sign in.
queryClient.getQueryCache().subscribe((event) => {
  if (event.type !== "updated" || event.action.type !== "error") return;
  const code = errorCode(event.action.error);
  if (code !== "UNAUTHORIZED" && code !== "FORBIDDEN") return;
  queryClient.clear();
  void router.navigate({ to: "/signin" });
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
