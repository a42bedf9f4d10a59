import { cpSync } from "node:fs";
import { defineConfig } from "tsup";

// Bundles the server with our workspace packages; third-party packages stay in node_modules
// (PGlite loads its WebAssembly next to its own files, argon2 is a native addon).
export default defineConfig({
  // The CLI too, so a container can migrate, back up and restore: node apps/server/dist/cli.js …
  entry: ["src/index.ts", "src/cli.ts"],
  format: ["esm"],
  platform: "node",
  target: "node20",
  outDir: "dist",
  clean: true,
  sourcemap: true,
  noExternal: [/^@caredesk\//],
  // Our packages' own third-party dependencies that are not the server's (razorpay, and axios
  // under it) end up in the bundle as CommonJS: their `require` of Node's modules needs one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  async onSuccess() {
    cpSync("../../packages/db/migrations", "dist/migrations", { recursive: true });
  },
});
