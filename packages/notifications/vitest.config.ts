import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Measured by `pnpm test` (the test script passes --coverage): this package's own code as its
    // own tests exercise it. Floor: a point or so under the 72.81% measured when it was set, so a drop fails
    // CI.
    coverage: {
      provider: "v8",
      include: ["src/**/*.{ts,tsx}"],
      // Stand-ins for tests (SMTP capture, the FCM endpoint): only tests run them.
      exclude: ["src/testing/**"],
      reporter: ["text-summary", "json-summary"],
      thresholds: { lines: 71 },
    },
  },
});
