import { defineConfig } from "drizzle-kit";

// Generates SQL into ./migrations from the schema. We only ever `migrate`, never `push`
// (push drops indexes and constraints it does not know, see STACK.md).
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema/index.ts",
  out: "./migrations",
  casing: "snake_case",
});
