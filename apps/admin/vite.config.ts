import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Served by the Fastify host under /admin/ on the same origin as the web app.
export default defineConfig({
  base: "/admin/",
  plugins: [react(), tailwindcss()],
  server: {
    port: 5174,
    strictPort: true,
    proxy: { "/trpc": { target: "http://localhost:3000" } },
  },
  build: {
    outDir: "dist",
    sourcemap: true,
    rollupOptions: {
      output: {
        // Libraries change less often than screens, so they get their own cached files.
        // zod stands alone (no dependencies); React and its helpers must stay together,
        // splitting them breaks their initialisation order.
        manualChunks: (id) =>
          id.includes("/node_modules/.pnpm/zod@")
            ? "zod"
            : id.includes("/node_modules/")
              ? "vendor"
              : undefined,
      },
    },
  },
});
