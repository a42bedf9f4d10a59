import type { TestProject } from "vitest/node";
import { createTestTemplate, type TestTemplate } from "../src/testing";

declare module "vitest" {
  export interface ProvidedContext {
    dbTemplate: TestTemplate;
  }
}

export default async function setup(project: TestProject) {
  const { template, teardown } = await createTestTemplate();
  project.provide("dbTemplate", template);
  return teardown;
}
