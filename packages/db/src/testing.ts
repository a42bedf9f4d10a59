// Test databases: every test file gets its own freshly migrated database.
// On PostgreSQL (TEST_DATABASE_URL) a template is migrated once per run and each file gets
// `CREATE DATABASE … TEMPLATE`; otherwise PGlite is migrated once, dumped, and loaded per file.
import { randomBytes } from "node:crypto";
import { readFile, rm, writeFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { createDb, pgliteExtensions, wrapPglite, type DbHandle } from "./client";

export interface TestTemplate {
  kind: "postgres" | "pglite";
  /** postgres: template database name; pglite: path of the dumped data dir. */
  ref: string;
  url?: string;
}

function testUrl(): string | undefined {
  // Test infrastructure, not application configuration: the one place tests read the env.
  return process.env.TEST_DATABASE_URL || undefined;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
}

/** Called once per test run (vitest globalSetup). Returns the template and its teardown. */
export async function createTestTemplate(): Promise<{
  template: TestTemplate;
  teardown: () => Promise<void>;
}> {
  const url = testUrl();
  if (url) {
    const name = uniqueName("caredesk_tpl");
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    const handle = await createDb({ databaseUrl: withDatabase(url, name), max: 1 });
    await handle.migrate();
    await handle.close();
    return {
      template: { kind: "postgres", ref: name, url },
      teardown: async () => {
        await admin.unsafe(`drop database if exists "${name}" with (force)`);
        await admin.end();
      },
    };
  }
  const dir = await mkdtemp(join(tmpdir(), "caredesk-pglite-"));
  const handle = await createDb();
  await handle.migrate();
  const pglite = handle.pglite;
  if (!pglite) throw new Error("expected an embedded database");
  const dump = await pglite.dumpDataDir("none");
  const path = join(dir, "template.tar");
  await writeFile(path, Buffer.from(await dump.arrayBuffer()));
  await handle.close();
  return {
    template: { kind: "pglite", ref: path },
    teardown: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface TestDatabase extends DbHandle {
  /** postgres:// URL of this file's database (postgres only), for servers started by tests. */
  url?: string;
  drop: () => Promise<void>;
}

/** A fresh, migrated database for one test file. */
export async function createTestDatabase(template: TestTemplate): Promise<TestDatabase> {
  if (template.kind === "postgres" && template.url) {
    const name = uniqueName("caredesk_test");
    const admin = postgres(template.url, { max: 1, onnotice: () => {} });
    // Two files copying the template at the same instant can collide; retry briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.unsafe(`create database "${name}" template "${template.ref}"`);
        break;
      } catch (error) {
        if (attempt >= 20) throw error;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
    const url = withDatabase(template.url, name);
    const handle = await createDb({ databaseUrl: url, max: 20 });
    return {
      ...handle,
      url,
      drop: async () => {
        await handle.close();
        await admin.unsafe(`drop database if exists "${name}" with (force)`);
        await admin.end();
      },
    };
  }
  const bytes = await readFile(template.ref);
  const pglite = await PGlite.create({
    loadDataDir: new Blob([bytes]),
    extensions: pgliteExtensions,
  });
  const handle = wrapPglite(pglite);
  return { ...handle, drop: () => handle.close() };
}
