import { adminRouter } from "./router/admin";
import { authRouter } from "./router/auth";
import { healthRouter } from "./router/health";
import { organizationRouter } from "./router/organization";
import { createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  admin: adminRouter,
  auth: authRouter,
  health: healthRouter,
  organization: organizationRouter,
});

export type AppRouter = typeof appRouter;
