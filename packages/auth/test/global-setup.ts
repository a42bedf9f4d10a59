// Migrates one template database per run; every test file copies it (see @caredesk/db/testing).
import { createTestTemplate, type TestTemplate } from "@caredesk/db/testing";
// Loads "vitest" so the ProvidedContext augmentation below has a module to extend.
import type {} from "vitest";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    dbTemplate: TestTemplate;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { template, teardown } = await createTestTemplate();
  project.provide("dbTemplate", template);
  return teardown;
}
