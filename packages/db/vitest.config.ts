import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["./test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Measured by `pnpm test` (the test script passes --coverage): this package's own code as its
    // own tests exercise it. Floor: the issue's, at least 80% of lines.
    coverage: {
      provider: "v8",
      include: ["src/**/*.{ts,tsx}"],
      // Test databases: run by other packages' tests and by vitest's global setup, outside the measured workers.
      exclude: ["src/testing.ts"],
      reporter: ["text-summary", "json-summary"],
      thresholds: { lines: 80 },
    },
  },
});
