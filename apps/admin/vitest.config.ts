import { defineConfig, mergeConfig } from "vitest/config";
import viteConfig from "./vite.config";

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      // Measured by `pnpm test` (the test script passes --coverage): this package's own code as its
      // own tests exercise it. No unit tests yet (Playwright drives the app): reported, floor 0.
      coverage: {
        provider: "v8",
        include: ["src/**/*.{ts,tsx}"],
        reporter: ["text-summary", "json-summary"],
        thresholds: { lines: 0 },
      },
    },
  }),
);
