import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    // Each file owns a database; forks keep PGlite's WebAssembly heaps apart.
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Measured by `pnpm test` (the test script passes --coverage): this package's own code as its
    // own tests exercise it. Floor: the issue's, at least 80% of lines.
    coverage: {
      provider: "v8",
      include: ["src/**/*.{ts,tsx}"],
      // Test factories and stand-ins (the stocked practice, the DNS server): only tests run them.
      exclude: ["src/testing.ts", "src/testing/**", "src/testing-dns.ts"],
      reporter: ["text-summary", "json-summary"],
      thresholds: { lines: 80 },
    },
  },
});
