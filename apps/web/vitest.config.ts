import { defineConfig } from "vitest/config";

// Unit tests live next to the code in src/; e2e/ is Playwright's (pnpm test:e2e).
export default defineConfig({
  test: { include: ["src/**/*.test.{ts,tsx}"] },
});
