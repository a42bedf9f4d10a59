import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Measured by `pnpm test` (the test script passes --coverage): this package's own code as its
    // own tests exercise it. Its components are Playwright's (not measured here). Floor: a point or so
    // under the 30.83% measured when it was set, so a drop fails CI.
    coverage: {
      provider: "v8",
      include: ["src/**/*.{ts,tsx}"],
      reporter: ["text-summary", "json-summary"],
      thresholds: { lines: 29 },
    },
  },
});
