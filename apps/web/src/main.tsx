import { startApp } from "@caredesk/client";
import { getActiveOrganizationId } from "./lib/active-organization";
import { createAppRouter } from "./router";
import "./index.css";

startApp({
  createRouter: createAppRouter,
  organizationId: getActiveOrganizationId,
  // A session that ends elsewhere (revoked, password changed) sends the user to sign in.
  sessionEnd: {
    codes: ["UNAUTHORIZED"],
    appliesAt: (pathname) => pathname.startsWith("/app"),
    signIn: (router) =>
      router.navigate({ to: "/signin", search: { redirect: router.state.location.href } }),
  },
  // The staff workspace is English and left-to-right until it is translated; the patient
  // portal, sign-in, sign-up and the public pages follow the language switcher.
  fixedLocale: (pathname) => (pathname === "/app" || pathname.startsWith("/app/") ? "en" : null),
});
