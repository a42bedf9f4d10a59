import { cpSync } from "node:fs";
import { defineConfig } from "tsup";

// Bundles the server with our workspace packages; third-party packages stay in node_modules
// (PGlite loads its WebAssembly next to its own files, argon2 is a native addon).
export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm"],
  platform: "node",
  target: "node20",
  outDir: "dist",
  clean: true,
  sourcemap: true,
  noExternal: [/^@caredesk\//],
  async onSuccess() {
    cpSync("../../packages/db/migrations", "dist/migrations", { recursive: true });
  },
});
