// The REST API's OpenAPI document: valid OpenAPI 3.1, derived from the router (every procedure
// with an `openapi` meta is an operation, and nothing else), and the committed copy current.
import { readFileSync } from "node:fs";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { openApiDocument, restOperations } from "../src/openapi";
import { openApiFilePath, openApiFileText } from "../scripts/openapi";

const document = openApiDocument();
const httpMethods = ["get", "post", "put", "patch", "delete"] as const;

function operationsOf(doc: typeof document) {
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    httpMethods.flatMap((method) => {
      const operation = item[method];
      return operation ? [{ path, method, operation }] : [];
    }),
  );
}

describe("the OpenAPI document", () => {
  it("validates as OpenAPI 3.1", async () => {
    const validator = new Validator();
    // As a client reads it: through JSON, not the objects the generator built.
    const specification = JSON.parse(JSON.stringify(document)) as Record<string, unknown>;
    const result = await validator.validate(specification);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("documents every procedure that names a REST operation, under /api", () => {
    const documented = new Set(operationsOf(document).map((o) => `${o.method} ${o.path}`));
    const operations = restOperations();
    expect(operations.length).toBeGreaterThan(0);
    for (const operation of operations) {
      expect(operation.path).toMatch(/^\/api\/v1\//);
      expect(documented, operation.procedure).toContain(`${operation.method} ${operation.path}`);
    }
  });

  it("gives every REST error response the one Error schema", () => {
    for (const { path, method, operation } of operationsOf(document)) {
      if (path.startsWith("/trpc/")) continue;
      const statuses = Object.keys(operation.responses ?? {});
      expect(statuses, `${method} ${path}`).toContain("200");
      expect(statuses, `${method} ${path}`).toEqual(expect.arrayContaining(["429", "500", "503"]));
      for (const status of statuses.filter((s) => s !== "200")) {
        const response = (operation.responses as Record<string, { $ref?: string }>)[status];
        expect(response?.$ref, `${method} ${path} ${status}`).toMatch(
          /^#\/components\/responses\//,
        );
      }
    }
    for (const response of Object.values(document.components?.responses ?? {})) {
      expect(response).toMatchObject({
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      });
    }
  });

  it("asks organization operations for the X-Organization-Id header", () => {
    for (const operation of restOperations()) {
      const documented = document.paths?.[operation.path]?.[operation.method];
      const asksForOrganization = JSON.stringify(documented?.parameters ?? []).includes(
        "#/components/parameters/OrganizationId",
      );
      expect(asksForOrganization, operation.procedure).toBe(operation.meta.action !== undefined);
    }
  });

  it("documents the live calendar as an event stream clients may open with a bearer token", () => {
    const stream = document.paths?.["/trpc/appointment.onChange"]?.get;
    expect(stream?.responses?.["200"]).toMatchObject({
      content: { "text/event-stream": {} },
    });
    expect(stream?.security).toContainEqual({ bearer: [] });
  });

  it("is committed as generated (run `pnpm openapi` after changing a documented procedure)", async () => {
    const committed = readFileSync(openApiFilePath, "utf8");
    const generated = await openApiFileText();
    expect(
      committed === generated,
      "packages/api/openapi.json is stale: run `pnpm openapi` and commit the result",
    ).toBe(true);
  });
});
