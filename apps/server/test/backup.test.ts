// Backup and restore, on PostgreSQL (pg_dump/pg_restore) and on the embedded database (PGlite):
// a practice's data and stored files are backed up, restored into an empty target and found
// again — every row (per-table counts and a digest of the contents) and every file, byte for
// byte. A target that holds data is refused unless replaced, a damaged backup is refused before
// anything changes, and retention keeps the newest.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createStockedPractice, databaseDigest } from "@caredesk/api/testing";
import { createDb, jobQueues, type DbHandle } from "@caredesk/db";
import { createTestDatabase, type TestDatabase } from "@caredesk/db/testing";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  BackupError,
  createBackup,
  pruneBackups,
  restoreBackup,
  verifyBackup,
  type Manifest,
} from "../src/backup";
import { until } from "../bench/worker-control";
import { closeChannels, deliveryFromEnv } from "../src/channels";
import { loadEnv } from "../src/env";
import { LocalStorage, newStorageKey } from "../src/files/storage";
import { startWorker } from "../src/worker";

const template = inject("dbTemplate");
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "caredesk-backup-test-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Two practices' worth of rows, and three stored files (one of a megabyte). */
async function seed(database: DbHandle, filesDir: string): Promise<string[]> {
  const first = await createStockedPractice(database.db, { name: "Backup Clinic" });
  await createStockedPractice(database.db, { name: "Second Clinic" });
  const storage = new LocalStorage(filesDir);
  const keys: string[] = [];
  for (const size of [10, 4096, 1024 * 1024]) {
    const key = newStorageKey(first.organization.id);
    await storage.put(key, randomBytes(size));
    keys.push(key);
  }
  return keys;
}

/** Every file under `dir`, path → bytes. */
async function filesOf(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  if (!existsSync(dir)) return out;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out.set(path.slice(dir.length + 1), await readFile(path));
  }
  return out;
}

function expectSameFiles(actual: Map<string, Buffer>, expected: Map<string, Buffer>) {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [path, bytes] of expected) expect(actual.get(path)?.equals(bytes)).toBe(true);
}

function rowCounts(digest: Record<string, string>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(digest).map(([table, value]) => [
      `public.${table}`,
      Number(value.split(":")[0]),
    ]),
  );
}

function expectManifestDescribes(manifest: Manifest, digest: Record<string, string>) {
  for (const [table, rows] of Object.entries(rowCounts(digest))) {
    expect(manifest.database.tables[table], table).toBe(rows);
  }
  expect(manifest.database.migrations.applied).toBeGreaterThan(0);
  expect(manifest.database.migrations.latest).toMatch(/^\d{4}_/);
}

// A whole backup and restore on PostgreSQL (pg_dump, then pg_restore twice) took 30 s on two
// cores while other packages' tests ran beside it: it gets room, as the other long ones have.
describe.runIf(template.kind === "postgres")("on PostgreSQL", () => {
  let source: TestDatabase;
  let admin: postgres.Sql;
  const emptyName = `caredesk_restore_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  let emptyUrl: string;
  const sourceFiles = () => join(work, "pg-files");
  const targetFiles = () => join(work, "pg-restored-files");

  beforeAll(async () => {
    source = await createTestDatabase(template);
    admin = postgres(template.url ?? "", { max: 1, onnotice: () => {} });
    // Truly empty: not even migrated.
    await admin.unsafe(`create database "${emptyName}"`);
    const url = new URL(template.url ?? "");
    url.pathname = `/${emptyName}`;
    emptyUrl = url.toString();
  });
  afterAll(async () => {
    await source.drop();
    await admin.unsafe(`drop database if exists "${emptyName}" with (force)`);
    await admin.end();
  });

  it("restores every row and every file into an empty database, then refuses to overwrite it", async () => {
    const keys = await seed(source, sourceFiles());
    const digest = await databaseDigest(source.db);
    const { dir, manifest } = await createBackup(
      { database: source, databaseUrl: source.url, filesDir: sourceFiles() },
      join(work, "pg-backups"),
    );
    expect(manifest.database.kind).toBe("postgres");
    expectManifestDescribes(manifest, digest);
    expect(manifest.files.entries.map((entry) => entry.path).sort()).toEqual([...keys].sort());

    const report = await restoreBackup(dir, {
      kind: "postgres",
      databaseUrl: emptyUrl,
      filesDir: targetFiles(),
    });
    expect(report.files).toBe(3);
    const restored = await createDb({ databaseUrl: emptyUrl, max: 2 });
    try {
      expect(await databaseDigest(restored.db)).toEqual(digest);
    } finally {
      await restored.close();
    }
    expectSameFiles(await filesOf(targetFiles()), await filesOf(sourceFiles()));

    // Again into the same (now full) database: refused with a clear message, nothing changed.
    await expect(
      restoreBackup(dir, { kind: "postgres", databaseUrl: emptyUrl, filesDir: targetFiles() }),
    ).rejects.toThrow(/not empty.*Nothing was changed.*--replace/);

    // Replacing: a practice added since disappears, the backup's data is back exactly.
    const changed = await createDb({ databaseUrl: emptyUrl, max: 2 });
    try {
      await createStockedPractice(changed.db, { name: "Added Later" });
      expect(await databaseDigest(changed.db)).not.toEqual(digest);
      await restoreBackup(
        dir,
        { kind: "postgres", databaseUrl: emptyUrl, filesDir: targetFiles() },
        { replace: true },
      );
      expect(await databaseDigest(changed.db)).toEqual(digest);
    } finally {
      await changed.close();
    }
    expectSameFiles(await filesOf(targetFiles()), await filesOf(sourceFiles()));
  }, 120_000);

  it("refuses a damaged backup before changing anything", async () => {
    const { dir, manifest } = await createBackup(
      { database: source, databaseUrl: source.url, filesDir: sourceFiles() },
      join(work, "pg-damaged"),
    );
    const entry = manifest.files.entries[0];
    if (!entry) throw new Error("expected a file in the backup");
    const path = join(dir, "files", entry.path);
    const bytes = await readFile(path);
    bytes[0] = (bytes[0] ?? 0) ^ 0xff;
    await writeFile(path, bytes);
    await expect(verifyBackup(dir)).rejects.toThrow(BackupError);

    const target = join(work, "untouched-files");
    // A backup from a newer version (more migrations than this one knows) is refused too.
    const newer = join(work, "pg-newer");
    await cp(dir, newer, { recursive: true });
    await writeFile(
      join(newer, "files", entry.path),
      await readFile(join(sourceFiles(), entry.path)),
    );
    const future = JSON.parse(await readFile(join(newer, "manifest.json"), "utf8")) as Manifest;
    future.database.migrations = { applied: 999, latest: "0998_from_the_future" };
    await writeFile(join(newer, "manifest.json"), JSON.stringify(future));
    await expect(
      restoreBackup(newer, { kind: "postgres", databaseUrl: emptyUrl, filesDir: target }),
    ).rejects.toThrow(/newer Caredesk.*0998_from_the_future.*upgrade first/);

    await expect(
      restoreBackup(
        dir,
        { kind: "postgres", databaseUrl: emptyUrl, filesDir: target },
        { replace: true },
      ),
    ).rejects.toThrow(/damaged/);
    expect(existsSync(target)).toBe(false);
  });

  it("backs up and refuses from the command line (pnpm db:backup, db:restore)", async () => {
    const run = promisify(execFile);
    const serverDir = fileURLToPath(new URL("..", import.meta.url));
    const out = join(work, "cli-backups");
    const env = {
      ...process.env,
      DATABASE_URL: source.url ?? "",
      FILES_DIR: sourceFiles(),
      SEED_DEMO: "false",
      LOG_LEVEL: "silent",
    };
    const made = await run("pnpm", ["exec", "tsx", "src/cli.ts", "backup", "--out", out], {
      cwd: serverDir,
      env,
    });
    expect(made.stdout).toContain("backup written:");
    const [name] = await readdir(out);
    expect(name).toMatch(/^caredesk-backup-/);
    // Restoring over the source itself, which holds data: refused, exit code 1.
    const refused = await run(
      "pnpm",
      ["exec", "tsx", "src/cli.ts", "restore", join(out, name ?? "")],
      { cwd: serverDir, env },
    ).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused?.code).toBe(1);
    expect(refused?.stderr).toContain("restore refused: The target is not empty");
  }, 60_000);
});

describe("on the embedded database (PGlite)", () => {
  let source: DbHandle;
  const sourceFiles = () => join(work, "lite-files");
  const targetFiles = () => join(work, "lite-restored-files");
  const targetDir = () => join(work, "lite-restored", "pglite");

  beforeAll(async () => {
    source = await createDb();
    await source.migrate();
  });
  afterAll(async () => {
    await source.close();
  });

  it("restores every row and every file into an empty data directory, refusing a full one", async () => {
    await seed(source, sourceFiles());
    const digest = await databaseDigest(source.db);
    const { dir, manifest } = await createBackup(
      { database: source, filesDir: sourceFiles() },
      join(work, "lite-backups"),
    );
    expect(manifest.database.kind).toBe("pglite");
    expectManifestDescribes(manifest, digest);

    await restoreBackup(dir, { kind: "pglite", dataDir: targetDir(), filesDir: targetFiles() });
    const open = async () => {
      const restored = await createDb({ dataDir: targetDir() });
      try {
        return await databaseDigest(restored.db);
      } finally {
        await restored.close();
      }
    };
    expect(await open()).toEqual(digest);
    expectSameFiles(await filesOf(targetFiles()), await filesOf(sourceFiles()));

    await expect(
      restoreBackup(dir, { kind: "pglite", dataDir: targetDir(), filesDir: targetFiles() }),
    ).rejects.toThrow(/not empty/);
    await restoreBackup(
      dir,
      { kind: "pglite", dataDir: targetDir(), filesDir: targetFiles() },
      { replace: true },
    );
    expect(await open()).toEqual(digest);

    // A backup of one kind is never poured into the other.
    await expect(
      restoreBackup(dir, {
        kind: "postgres",
        databaseUrl: "postgres://x@127.0.0.1:1/x",
        filesDir: null,
      }),
    ).rejects.toThrow(/embedded database/);
  }, 60_000);
});

describe("retention", () => {
  it("keeps the newest backups and removes the oldest", async () => {
    const database = await createTestDatabase(template);
    const dir = join(work, "retention");
    try {
      const made: string[] = [];
      for (const day of [1, 2, 3, 4]) {
        const { dir: backup } = await createBackup(
          { database, databaseUrl: database.url, filesDir: null },
          dir,
          new Date(Date.UTC(2026, 0, day, 2, 15)),
        );
        made.push(backup);
      }
      // Something that is not a backup is never touched; one left half-written by a process
      // that died a day ago is cleared, one being written now is not.
      await writeFile(join(dir, "notes.txt"), "keep me");
      const dead = join(dir, "caredesk-backup-2025-12-31T02-15-00-000Z.partial");
      const writing = join(dir, "caredesk-backup-2026-01-05T02-15-00-000Z.partial");
      await mkdir(dead);
      await mkdir(writing);
      const dayAgo = new Date(Date.now() - 25 * 3600 * 1000);
      await utimes(dead, dayAgo, dayAgo);
      const removed = await pruneBackups(dir, 2);
      expect(removed.sort()).toEqual(made.slice(0, 2).sort());
      expect((await readdir(dir)).sort()).toEqual(
        [
          ...made.slice(2).map((path) => path.slice(dir.length + 1)),
          "notes.txt",
          writing.slice(dir.length + 1),
        ].sort(),
      );
    } finally {
      await database.drop();
    }
  }, 60_000);

  it("runs as the worker's database-backup job, keeping BACKUP_KEEP", async () => {
    const database = await createTestDatabase(template);
    const dir = join(work, "scheduled");
    const env = loadEnv({
      NODE_ENV: "test",
      SEED_DEMO: "false",
      LOG_LEVEL: "silent",
      ...(database.url ? { DATABASE_URL: database.url } : {}),
    });
    const delivery = deliveryFromEnv(env, database.db);
    const worker = await startWorker({
      env,
      database,
      delivery,
      log: { info() {}, warn() {}, error() {} },
      schedules: false,
      pollingIntervalSeconds: 0.5,
      backup: {
        cron: "off",
        dir,
        keep: 2,
        databaseUrl: database.url,
        filesDir: join(work, "scheduled-files"),
      },
    });
    try {
      const older: string[] = [];
      for (const day of [1, 2]) {
        const made = await createBackup(
          { database, databaseUrl: database.url, filesDir: null },
          dir,
          new Date(Date.UTC(2025, 0, day)),
        );
        older.push(made.dir);
      }
      await worker.boss.send(jobQueues.backup.name, {});
      await until(() => !existsSync(older[0] ?? ""), 30_000, 250).catch(() => undefined);
      const left = (await readdir(dir)).filter((name) => !name.endsWith(".partial"));
      expect(left).toHaveLength(2);
      expect(left).toContain(older[1]?.slice(dir.length + 1));
      const newest = left.find((name) => join(dir, name) !== older[1]) ?? "";
      expect((await verifyBackup(join(dir, newest))).database.kind).toBe(template.kind);
    } finally {
      await worker.stop(5_000);
      await closeChannels(delivery.channels);
      await database.drop();
    }
  }, 60_000);
});
