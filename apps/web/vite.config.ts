import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [react(), tailwindcss()],
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      "/trpc": { target: "http://localhost:3000" },
      "/files": { target: "http://localhost:3000" },
    },
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
