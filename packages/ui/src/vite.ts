// The Vite setup of both React apps (imported by their vite.config.ts, never by the browser):
// React, the Tailwind theme, the dev proxy to the API host, and long-lived library chunks.
// The apps run Vite with `--configLoader runner`: the default loader leaves a workspace
// package to Node, which cannot load TypeScript on Node 20.
import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import type { UserConfig } from "vite";

export interface AppViteOptions {
  /** Where the host serves the app, e.g. "/admin/"; "/" when absent. */
  base?: string;
  /** The dev server's port; each app has its own so all of them run at once. */
  port: number;
  /** Paths the dev server passes to the API host besides `/trpc` (e.g. `/files`). */
  proxy?: readonly string[];
}

/** Where `pnpm dev` runs the server. */
const apiHost = "http://localhost:3000";

/**
 * The practices' public sites are server-rendered by the API host: its pages (a pattern, so
 * /portal and /payments stay the app's), sitemaps, robots.txt and the islands' scripts.
 */
const sitePaths = ["^/p/", "/sitemap.xml", "/robots.txt", "/site-assets"];

export function appViteConfig({ base = "/", port, proxy = [] }: AppViteOptions): UserConfig {
  return {
    base,
    plugins: [react(), tailwindcss()],
    server: {
      port,
      strictPort: true,
      proxy: Object.fromEntries(
        ["/trpc", ...sitePaths, ...proxy].map((path) => [path, { target: apiHost }]),
      ),
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
  };
}
