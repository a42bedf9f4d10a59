// The public site's interactive islands: one small module entry that finds every
// `[data-island]` in the server-rendered page and mounts the matching component. The server
// serves dist at /site-assets/ (see src/assets.ts), pages name the entry from the manifest.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [react()],
  base: "/site-assets/",
  publicDir: false,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    manifest: true,
    target: "es2022",
    assetsDir: "assets",
    rollupOptions: {
      input: "src/islands/main.ts",
    },
  },
});
