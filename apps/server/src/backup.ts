// Backups of the database and the uploaded files, and their restore: `pnpm db:backup`,
// `pnpm db:restore` (cli.ts) and the worker's scheduled `database-backup` job (worker.ts).
//
// A backup is one directory, caredesk-backup-<instant>/, holding
//   manifest.json   when, which database kind, its migration, row counts per table, and every
//                   file with its size and SHA-256 (the database's own dump included)
//   database.dump   PostgreSQL: `pg_dump -Fc`, taken in the snapshot the row counts were read in
//   database.tar.gz the embedded database (PGlite): its data directory, `dumpDataDir("gzip")`
//   files/…         the local file storage (FILES_DIR) as it is laid out there
// It is written under a ".partial" name and renamed when complete, so nothing ever finds half a
// backup. Files on S3 are not copied (the bucket's own versioning or replication covers them);
// the manifest says so.
//
// A restore checks the manifest and every hash first, refuses a target that holds data unless
// told to replace it (and then changes nothing), restores, and checks the row counts and the
// files' hashes again against the manifest.
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import {
  copyFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { defaultMigrationsFolder, pgliteExtensions, type DbHandle } from "@caredesk/db";
import postgres from "postgres";
import { z } from "zod";

/** Something about a backup or its target that the operator must fix; the message says what. */
export class BackupError extends Error {
  override name = "BackupError";
}

const manifestName = "manifest.json";
const backupPrefix = "caredesk-backup-";
/** A ".partial" backup untouched this long was left by a process that died writing it. */
const stalePartialMs = 24 * 3600 * 1000;
/** The schemas whose tables are counted: ours and the migrations' record (not pg-boss's). */
const countedSchemas = ["public", "drizzle"];
/** The schemas a PostgreSQL restore replaces: ours, the migrations' record and pg-boss's. */
const replacedSchemas = ["public", "drizzle", "pgboss"];

const fileEntry = z.object({
  path: z.string().min(1).max(1000),
  bytes: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type FileEntry = z.infer<typeof fileEntry>;

const ManifestSchema = z.object({
  format: z.literal("caredesk-backup"),
  version: z.literal(1),
  createdAt: z.iso.datetime(),
  database: z.object({
    kind: z.enum(["postgres", "pglite"]),
    file: fileEntry,
    /** Migrations applied (drizzle's record) and the newest one's tag. */
    migrations: z.object({ applied: z.number().int().min(0), latest: z.string().nullable() }),
    /** Rows per table ("schema.table"), as the dump holds them. */
    tables: z.record(z.string(), z.number().int().min(0)),
  }),
  files: z.object({
    storage: z.enum(["local", "s3"]),
    /** False for S3: the objects stay in the bucket and are not part of the backup. */
    included: z.boolean(),
    entries: z.array(fileEntry),
  }),
});
export type Manifest = z.infer<typeof ManifestSchema>;

export interface BackupSource {
  database: DbHandle;
  /** The postgres:// URL pg_dump connects to (PostgreSQL only). */
  databaseUrl?: string | undefined;
  /** The local file storage; null when files are on S3 (not copied). */
  filesDir: string | null;
  migrationsFolder?: string | undefined;
}

export interface RestoreTarget {
  kind: "postgres" | "pglite";
  /** This version's migrations: a backup that has applied more came from a newer Caredesk. */
  migrationsFolder?: string | undefined;
  /** PostgreSQL: the database restored into. */
  databaseUrl?: string | undefined;
  /** PGlite: the data directory restored into. */
  dataDir?: string | undefined;
  /** Where the files go; null when files are on S3. */
  filesDir: string | null;
}

export interface RestoreReport {
  tables: number;
  rows: number;
  files: number;
  bytes: number;
}

// ---------------------------------------------------------------------------------- helpers

async function sha256File(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), bytes };
}

/** Every regular file under `root`, as sorted paths relative to it ("/"-separated). */
async function listFiles(root: string): Promise<string[]> {
  if (!existsSync(root)) return [];
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join("/"))
    .sort();
}

/** `relativePath` under `root`, refusing anything that would leave it (a forged manifest). */
function inside(root: string, relativePath: string): string {
  const base = resolve(root);
  const path = resolve(base, relativePath);
  if (!path.startsWith(base + sep)) {
    throw new BackupError(`The manifest names a file outside the backup: ${relativePath}`);
  }
  return path;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

type Run = (text: string) => Promise<Record<string, unknown>[]>;

/** Rows per table of the counted schemas ("schema.table" → rows). */
async function countRows(run: Run): Promise<Record<string, number>> {
  const tables = await run(
    `select table_schema as schema, table_name as name from information_schema.tables
     where table_type = 'BASE TABLE' and table_schema in (${countedSchemas.map((s) => `'${s}'`).join(", ")})
     order by 1, 2`,
  );
  if (tables.length === 0) return {};
  const counts = await run(
    tables
      .map(
        ({ schema, name }) =>
          `select '${String(schema)}.${String(name).replace(/'/g, "''")}' as name, count(*)::int as count from ${quoteIdent(String(schema))}.${quoteIdent(String(name))}`,
      )
      .join(" union all "),
  );
  return Object.fromEntries(counts.map((row) => [String(row.name), Number(row.count)]));
}

/** Drizzle's record of applied migrations, with the newest one's tag from the journal. */
async function migrationState(
  run: Run,
  migrationsFolder: string,
): Promise<Manifest["database"]["migrations"]> {
  const exists = await run(`select to_regclass('drizzle.__drizzle_migrations') is not null as ok`);
  if (!exists[0]?.ok) return { applied: 0, latest: null };
  const [row] = await run(
    `select count(*)::int as applied, max(created_at)::text as latest from drizzle.__drizzle_migrations`,
  );
  const applied = Number(row?.applied ?? 0);
  let latest = typeof row?.latest === "string" ? row.latest : null;
  try {
    const journal = JSON.parse(
      await readFile(join(migrationsFolder, "meta", "_journal.json"), "utf8"),
    ) as { entries: { when: number; tag: string }[] };
    latest = journal.entries.find((entry) => String(entry.when) === latest)?.tag ?? latest;
  } catch {
    // No journal beside the migrations: the instant drizzle recorded is kept instead.
  }
  return { applied, latest };
}

/** libpq's environment for `url`, so the password never appears on a command line. */
function libpqTarget(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  // The child's own environment (PATH, locale, PGSSL… settings) plus the password: nothing
  // here is configuration of ours, which env.ts alone reads.
  // eslint-disable-next-line no-restricted-properties
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (parsed.password) env.PGPASSWORD = decodeURIComponent(parsed.password);
  parsed.password = "";
  return { dbname: parsed.toString(), env };
}

/** Runs a PostgreSQL client program; its stderr becomes the error (it names no secret). */
function runTool(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      if (stderr.length < 8000) stderr += chunk.toString("utf8");
    });
    child.on("error", (err: NodeJS.ErrnoException) =>
      reject(
        err.code === "ENOENT"
          ? new BackupError(`${command} was not found: install the PostgreSQL client programs`)
          : err,
      ),
    );
    child.on("close", (code) => {
      if (code === 0) resolvePromise();
      else reject(new BackupError(`${command} failed (exit ${code}): ${stderr.trim()}`));
    });
  });
}

function instantName(date: Date): string {
  return date.toISOString().replace(/[:.]/g, "-");
}

async function readManifest(dir: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(join(dir, manifestName), "utf8");
  } catch {
    throw new BackupError(`${dir} is not a Caredesk backup: it has no ${manifestName}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BackupError(`${join(dir, manifestName)} is not valid JSON`);
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new BackupError(
      `${join(dir, manifestName)} is not a manifest this version understands (${first?.path.join(".") ?? ""}: ${first?.message ?? ""})`,
    );
  }
  return parsed.data;
}

// ----------------------------------------------------------------------------------- backup

/** Writes a backup into a new directory under `outDir` and returns its path and manifest. */
export async function createBackup(
  source: BackupSource,
  outDir: string,
  now = new Date(),
): Promise<{ dir: string; manifest: Manifest }> {
  await mkdir(outDir, { recursive: true });
  let name = `${backupPrefix}${instantName(now)}`;
  if (existsSync(join(outDir, name))) name += `-${randomBytes(3).toString("hex")}`;
  const finalDir = resolve(outDir, name);
  const work = `${finalDir}.partial`;
  await mkdir(work, { recursive: true });
  try {
    const migrationsFolder = source.migrationsFolder ?? defaultMigrationsFolder;
    const database = await dumpDatabase(source, work, migrationsFolder);
    const files = await copyFiles(source.filesDir, join(work, "files"));
    const manifest: Manifest = {
      format: "caredesk-backup",
      version: 1,
      createdAt: now.toISOString(),
      database,
      files,
    };
    await writeFile(join(work, manifestName), `${JSON.stringify(manifest, null, 2)}\n`);
    await rename(work, finalDir);
    return { dir: finalDir, manifest };
  } catch (error) {
    await rm(work, { recursive: true, force: true });
    throw error;
  }
}

async function dumpDatabase(
  source: BackupSource,
  work: string,
  migrationsFolder: string,
): Promise<Manifest["database"]> {
  const { database } = source;
  if (database.kind === "postgres") {
    if (!database.sql || !source.databaseUrl) {
      throw new BackupError("A PostgreSQL backup needs DATABASE_URL");
    }
    const path = join(work, "database.dump");
    const { dbname, env } = libpqTarget(source.databaseUrl);
    // The counts and the dump see the same instant: pg_dump joins this transaction's snapshot.
    const { tables, migrations } = await database.sql.begin(
      "isolation level repeatable read read only",
      async (tx) => {
        const [row] = await tx<{ snapshot: string }[]>`select pg_export_snapshot() as snapshot`;
        const run: Run = (text) => tx.unsafe(text);
        const counted = await countRows(run);
        const state = await migrationState(run, migrationsFolder);
        await runTool(
          "pg_dump",
          ["--format=custom", `--snapshot=${row?.snapshot ?? ""}`, "--file", path, dbname],
          env,
        );
        return { tables: counted, migrations: state };
      },
    );
    return {
      kind: "postgres",
      file: { path: "database.dump", ...(await sha256File(path)) },
      migrations,
      tables,
    };
  }
  const pglite = database.pglite;
  if (!pglite) throw new BackupError("The embedded database is not open");
  const dump = await pglite.dumpDataDir("gzip");
  const path = join(work, "database.tar.gz");
  await writeFile(path, Buffer.from(await dump.arrayBuffer()));
  // Counted in the dump itself (loaded apart, in memory): the manifest describes exactly what
  // was written, even while the server kept writing to its own database.
  const copy = await PGlite.create({ loadDataDir: dump, extensions: pgliteExtensions });
  try {
    const run: Run = async (text) => (await copy.query<Record<string, unknown>>(text)).rows;
    return {
      kind: "pglite",
      file: { path: "database.tar.gz", ...(await sha256File(path)) },
      migrations: await migrationState(run, migrationsFolder),
      tables: await countRows(run),
    };
  } finally {
    await copy.close();
  }
}

async function copyFiles(filesDir: string | null, into: string): Promise<Manifest["files"]> {
  if (filesDir === null) return { storage: "s3", included: false, entries: [] };
  const entries: FileEntry[] = [];
  for (const path of await listFiles(filesDir)) {
    const target = join(into, path);
    await mkdir(dirname(target), { recursive: true });
    await copyFile(join(filesDir, path), target);
    // The copy's hash: what the backup holds, whatever happened to the original since.
    entries.push({ path, ...(await sha256File(target)) });
  }
  return { storage: "local", included: true, entries };
}

/** Removes all but the `keep` newest complete backups in `dir`; returns what it removed. */
export async function pruneBackups(dir: string, keep: number): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const backups: { path: string; createdAt: string }[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || !entry.name.startsWith(backupPrefix)) continue;
    const path = join(dir, entry.name);
    if (entry.name.endsWith(".partial")) {
      // A backup whose process died while writing it; one being written now is younger.
      if (Date.now() - (await stat(path)).mtimeMs > stalePartialMs) {
        await rm(path, { recursive: true, force: true });
      }
      continue;
    }
    try {
      backups.push({ path, createdAt: (await readManifest(path)).createdAt });
    } catch {
      // Not a backup this version wrote: never removed by retention.
    }
  }
  backups.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.path.localeCompare(a.path));
  const removed = backups.slice(keep).map((backup) => backup.path);
  for (const path of removed) await rm(path, { recursive: true, force: true });
  return removed;
}

// ---------------------------------------------------------------------------------- restore

/** Checks a backup's manifest and every hash it lists; changes nothing. */
export async function verifyBackup(dir: string): Promise<Manifest> {
  const manifest = await readManifest(dir);
  const check = async (entry: FileEntry, root: string, what: string) => {
    const path = inside(root, entry.path);
    if (!existsSync(path)) throw new BackupError(`The backup is incomplete: ${what} is missing`);
    const actual = await sha256File(path);
    if (actual.sha256 !== entry.sha256 || actual.bytes !== entry.bytes) {
      throw new BackupError(`The backup is damaged: ${what} does not match its manifest`);
    }
  };
  await check(manifest.database.file, dir, manifest.database.file.path);
  for (const entry of manifest.files.entries) {
    await check(entry, join(dir, "files"), `files/${entry.path}`);
  }
  return manifest;
}

/** How many migrations this version has (its journal), or null when it cannot tell. */
async function knownMigrations(migrationsFolder: string): Promise<number | null> {
  try {
    const journal = JSON.parse(
      await readFile(join(migrationsFolder, "meta", "_journal.json"), "utf8"),
    ) as { entries: unknown[] };
    return journal.entries.length;
  } catch {
    return null;
  }
}

/** What the target holds now: rows per non-empty table, and its stored files. */
async function targetContents(
  target: RestoreTarget,
): Promise<{ tables: Record<string, number>; files: number }> {
  const files = target.filesDir === null ? 0 : (await listFiles(target.filesDir)).length;
  let tables: Record<string, number> = {};
  if (target.kind === "postgres") {
    if (!target.databaseUrl) throw new BackupError("Restoring into PostgreSQL needs DATABASE_URL");
    const sql = postgres(target.databaseUrl, { max: 1, onnotice: () => {} });
    try {
      tables = await countRows((text) => sql.unsafe(text));
    } finally {
      await sql.end({ timeout: 5 });
    }
  } else if (target.dataDir && existsSync(target.dataDir)) {
    if ((await readdir(target.dataDir)).length > 0) {
      const pglite = await PGlite.create({ dataDir: target.dataDir, extensions: pgliteExtensions });
      try {
        tables = await countRows(
          async (text) => (await pglite.query<Record<string, unknown>>(text)).rows,
        );
      } finally {
        await pglite.close();
      }
    }
  }
  // Drizzle's own record says which migrations ran; data is what lives in our tables.
  const held = Object.fromEntries(
    Object.entries(tables).filter(([name, rows]) => rows > 0 && !name.startsWith("drizzle.")),
  );
  return { tables: held, files };
}

/**
 * Restores the backup in `dir` into `target`. Refuses a target holding data unless `replace`
 * (nothing is changed then); afterwards checks row counts and file hashes against the manifest.
 */
export async function restoreBackup(
  dir: string,
  target: RestoreTarget,
  { replace = false }: { replace?: boolean } = {},
): Promise<RestoreReport> {
  const manifest = await verifyBackup(dir);
  if (manifest.database.kind !== target.kind) {
    throw new BackupError(
      manifest.database.kind === "pglite"
        ? "This backup is of the embedded database: restore it with DATABASE_URL unset"
        : "This backup is of a PostgreSQL database: restore it with DATABASE_URL set",
    );
  }
  const known = await knownMigrations(target.migrationsFolder ?? defaultMigrationsFolder);
  if (known !== null && manifest.database.migrations.applied > known) {
    throw new BackupError(
      `This backup comes from a newer Caredesk (migration ${manifest.database.migrations.latest ?? "?"}, ` +
        `${manifest.database.migrations.applied} applied; this version knows ${known}): upgrade first`,
    );
  }
  if (manifest.files.included && target.filesDir === null) {
    throw new BackupError(
      "This backup holds local files but the target stores files on S3 (S3_BUCKET): unset it",
    );
  }
  const held = await targetContents(target);
  const heldTables = Object.keys(held.tables);
  if (!replace && (heldTables.length > 0 || held.files > 0)) {
    const rows = Object.values(held.tables).reduce((sum, n) => sum + n, 0);
    throw new BackupError(
      `The target is not empty (${rows} rows in ${heldTables.length} tables, ${held.files} stored files). ` +
        "Nothing was changed. Restore into an empty database, or pass --replace to overwrite it.",
    );
  }

  const databaseFile = join(dir, manifest.database.file.path);
  let restoredTables: Record<string, number>;
  if (target.kind === "postgres" && target.databaseUrl) {
    const { dbname, env } = libpqTarget(target.databaseUrl);
    // pg_restore --clean cannot drop pg-boss's partitioned tables; instead our schemas are
    // dropped and the dump's script replayed, all in one transaction (psql -1): on any error
    // the target is left exactly as it was.
    const scratch = await mkdtemp(join(tmpdir(), "caredesk-restore-"));
    try {
      const script = join(scratch, "restore.sql");
      const prelude = join(scratch, "prelude.sql");
      await runTool(
        "pg_restore",
        ["--no-owner", "--no-privileges", "--file", script, databaseFile],
        env,
      );
      await writeFile(
        prelude,
        [
          ...replacedSchemas.map(
            (schema) => `drop schema if exists ${quoteIdent(schema)} cascade;`,
          ),
          "create schema public;",
          "",
        ].join("\n"),
      );
      await runTool(
        "psql",
        [
          "-X",
          "-q",
          "-v",
          "ON_ERROR_STOP=1",
          "--single-transaction",
          "-f",
          prelude,
          "-f",
          script,
          "--dbname",
          dbname,
        ],
        env,
      );
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
    const sql = postgres(target.databaseUrl, { max: 1, onnotice: () => {} });
    try {
      restoredTables = await countRows((text) => sql.unsafe(text));
    } finally {
      await sql.end({ timeout: 5 });
    }
  } else {
    const dataDir = target.dataDir;
    if (!dataDir) throw new BackupError("Restoring the embedded database needs its data directory");
    // Loaded beside the old directory first; the old one goes only once the new one opened.
    const fresh = `${dataDir}.restoring-${randomBytes(3).toString("hex")}`;
    const bytes = await readFile(databaseFile);
    await mkdir(dirname(dataDir), { recursive: true });
    const pglite = await PGlite.create({
      dataDir: fresh,
      loadDataDir: new Blob([bytes]),
      extensions: pgliteExtensions,
    });
    try {
      restoredTables = await countRows(
        async (text) => (await pglite.query<Record<string, unknown>>(text)).rows,
      );
    } finally {
      await pglite.close();
    }
    await rm(dataDir, { recursive: true, force: true });
    await rename(fresh, dataDir);
  }

  let bytes = 0;
  if (manifest.files.included && target.filesDir !== null) {
    const filesDir = target.filesDir;
    await rm(filesDir, { recursive: true, force: true });
    for (const entry of manifest.files.entries) {
      const to = inside(filesDir, entry.path);
      await mkdir(dirname(to), { recursive: true });
      await copyFile(join(dir, "files", entry.path), to);
      const written = await sha256File(to);
      if (written.sha256 !== entry.sha256) {
        throw new BackupError(`files/${entry.path} was not written correctly: check the disk`);
      }
      bytes += written.bytes;
    }
  }

  const differences = Object.entries(manifest.database.tables)
    .filter(([name, rows]) => restoredTables[name] !== rows)
    .map(([name, rows]) => `${name}: ${restoredTables[name] ?? "missing"} (expected ${rows})`);
  if (differences.length > 0) {
    throw new BackupError(
      `The restored database does not match the manifest: ${differences.slice(0, 10).join("; ")}`,
    );
  }
  return {
    tables: Object.keys(manifest.database.tables).length,
    rows: Object.values(manifest.database.tables).reduce((sum, n) => sum + n, 0),
    files: manifest.files.entries.length,
    bytes,
  };
}

/** A backup directory's size on disk, for the log. */
export async function backupBytes(dir: string): Promise<number> {
  let total = 0;
  for (const path of await listFiles(dir)) total += (await stat(join(dir, path))).size;
  return total;
}
