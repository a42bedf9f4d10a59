import { startApp } from "@caredesk/client";
import { createAdminRouter } from "./router";
import "./index.css";

startApp({
  createRouter: createAdminRouter,
  // A session that ends (expired, revoked, demoted) sends the operator back to sign in.
  sessionEnd: {
    codes: ["UNAUTHORIZED", "FORBIDDEN"],
    signIn: (router) => router.navigate({ to: "/signin" }),
  },
});
