import { appViteConfig } from "@caredesk/ui/vite";
import { defineConfig } from "vite";

// Served by the Fastify host under /admin/ on the same origin as the web app.
export default defineConfig(appViteConfig({ base: "/admin/", port: 5174 }));
