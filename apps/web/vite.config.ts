import { appViteConfig } from "@caredesk/ui/vite";
import { defineConfig } from "vite";

// Uploads and downloads are Fastify routes beside tRPC.
export default defineConfig(appViteConfig({ port: 5173, proxy: ["/files"] }));
