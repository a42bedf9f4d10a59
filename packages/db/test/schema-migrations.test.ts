// The schema in src/schema and the SQL in migrations/ describe the same database: a schema change
// without its generated migration (`pnpm db:generate`) would pass type checks and reach
// production with tables or columns that do not exist. drizzle-kit diffs the schema against the
// last migration's snapshot, as `drizzle-kit generate` does, and must find nothing to do.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as schema from "../src/schema";

/** What is used here of drizzle-kit's programmatic API (its own declarations do not resolve). */
interface Snapshot {
  id: string;
}
interface DrizzleKit {
  generateDrizzleJson: (
    imports: Record<string, unknown>,
    prevId?: string,
    schemaFilters?: string[],
    casing?: "snake_case",
  ) => Snapshot;
  generateMigration: (previous: Snapshot, current: Snapshot) => Promise<string[]>;
}
const { generateDrizzleJson, generateMigration } =
  (await import("drizzle-kit/api")) as unknown as DrizzleKit;

const migrations = new URL("../migrations/", import.meta.url);

interface Journal {
  entries: { idx: number; tag: string }[];
}

const journal = JSON.parse(
  readFileSync(new URL("meta/_journal.json", migrations), "utf8"),
) as Journal;

function snapshot(idx: number): Snapshot {
  const file = new URL(`meta/${String(idx).padStart(4, "0")}_snapshot.json`, migrations);
  return JSON.parse(readFileSync(file, "utf8")) as Snapshot;
}

describe("migrations", () => {
  it("are numbered in order, one SQL file per journal entry", () => {
    const files = readdirSync(migrations)
      .filter((name) => name.endsWith(".sql"))
      .sort();
    expect(files).toEqual(journal.entries.map((entry) => `${entry.tag}.sql`));
    journal.entries.forEach((entry, i) => {
      expect(entry.idx).toBe(i);
      expect(entry.tag.startsWith(String(i).padStart(4, "0"))).toBe(true);
    });
  });

  it("leave nothing for drizzle-kit to generate from the current schema", async () => {
    const last = journal.entries.at(-1);
    if (!last) throw new Error("no migrations");
    const previous = snapshot(last.idx);
    const current = generateDrizzleJson(schema, previous.id, undefined, "snake_case");
    expect(await generateMigration(previous, current)).toEqual([]);
  });

  it("see every table: from an empty database they would create them all", async () => {
    // The check above can fail: the diff it relies on does find the schema's tables.
    const empty = generateDrizzleJson({}, undefined, undefined, "snake_case");
    const current = generateDrizzleJson(schema, undefined, undefined, "snake_case");
    const statements = await generateMigration(empty, current);
    for (const table of ["user", "session", "organization", "appointment"]) {
      expect(statements.some((s) => s.startsWith(`CREATE TABLE "${table}"`))).toBe(true);
    }
  });
});
