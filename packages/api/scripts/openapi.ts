// The committed copy of the REST API's OpenAPI document, packages/api/openapi.json, for client
// developers and code generators. `pnpm openapi` writes it; test/openapi.test.ts fails when it
// differs from what the router generates now.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { format, resolveConfig } from "prettier";
import { openApiDocument } from "../src/openapi";

export const openApiFilePath = fileURLToPath(new URL("../openapi.json", import.meta.url));

/** The document as the committed file holds it: formatted like every file of the repository. */
export async function openApiFileText(): Promise<string> {
  const config = await resolveConfig(openApiFilePath);
  return format(JSON.stringify(openApiDocument()), { ...config, parser: "json" });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(openApiFilePath, await openApiFileText());
  console.log(`wrote ${openApiFilePath}`);
}
