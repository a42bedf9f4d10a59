// One ESLint config for the workspace: type-aware typescript-eslint, React hooks, Prettier last.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/dist/**",
      "**/.types/**",
      "**/node_modules/**",
      "**/.turbo/**",
      "**/test-results/**",
      "**/playwright-report/**",
      "**/*.config.{js,ts,mjs}",
      "**/migrations/**",
      // Served as written (the service worker): not part of any TypeScript project.
      "**/public/**",
      "scripts/**",
      ".ci/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      "@typescript-eslint/no-non-null-assertion": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-misused-promises": [
        "error",
        { checksVoidReturn: { attributes: false } },
      ],
      // Errors only, but TanStack Router's documented `throw redirect(…)` in route guards.
      "@typescript-eslint/only-throw-error": [
        "error",
        { allow: [{ from: "package", package: "@tanstack/router-core", name: "Redirect" }] },
      ],
      "no-restricted-properties": [
        "error",
        {
          object: "process",
          property: "env",
          message: "Read configuration in the app's env module only.",
        },
      ],
    },
  },
  {
    files: ["**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // Services are plain domain logic: they throw domain errors (packages/api/src/errors.ts)
    // and receive ctx.mutate; only the tRPC layer knows about tRPC.
    files: ["packages/api/src/service/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "@trpc/server", message: "Services throw domain errors from ../errors." },
            {
              name: "../trpc",
              message: "Services receive what they need (ctx.mutate) from the caller.",
            },
          ],
          patterns: [
            { group: ["@trpc/*"], message: "Services never depend on tRPC." },
            { group: ["**/trpc", "**/router/*"], message: "Services never import the API layer." },
          ],
        },
      ],
    },
  },
  {
    // The places allowed to read the environment.
    files: [
      "**/src/env.ts",
      "packages/db/src/testing.ts",
      "**/e2e/**",
      "**/test/**",
      "**/bench/**",
    ],
    rules: { "no-restricted-properties": "off" },
  },
  {
    // Input schemas are built from the shared primitives (common.ts: text without control
    // characters, bounded instants and dates); a bare string or date here would let a NUL or
    // the year 9999 through to SQL again.
    files: ["packages/validators/src/**/*.ts"],
    // outputs.ts describes answers (Dates and text read from the database), not client input.
    ignores: ["packages/validators/src/common.ts", "packages/validators/src/outputs.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "CallExpression[callee.object.name='z'][callee.property.name=/^(string|date|email|url|httpUrl|hostname|uuid|uuidv4|uuidv6|uuidv7|guid|nanoid|cuid|cuid2|ulid|xid|ksuid|base64|base64url|hex|jwt|emoji|e164|ipv4|ipv6|cidrv4|cidrv6|mac|stringFormat|templateLiteral|any|unknown|custom|preprocess)$/]",
          message:
            "Build input fields from the shared primitives in packages/validators/src/common.ts (SingleLine, MultiLine, Code, Email, Instant, LocalDate, …), not a bare zod string or date.",
        },
        {
          selector:
            "MemberExpression[object.name='z'][property.name=/^(coerce|iso|string_format)$/]",
          message:
            "Dates and times come from common.ts (Instant, LocalDate, LocalTime): they bound the year and refuse Invalid Date.",
        },
        {
          selector:
            "ImportDeclaration[source.value=/^zod/] > ImportSpecifier[imported.name=/^(string|date|coerce|iso|any|unknown|preprocess)$/]",
          message:
            "Import only `z` from zod here; strings and dates come from packages/validators/src/common.ts.",
        },
      ],
    },
  },
  prettier,
);
