// Starts the built production server for one E2E run on a database nobody else uses:
// a fresh PostgreSQL database when TEST_DATABASE_URL is set, else a fresh embedded
// PGlite directory. Either is removed when Playwright stops the server, and so is the
// fresh directory uploaded files go to (never the repository).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";

const here = dirname(fileURLToPath(import.meta.url));
const serverEntry = join(here, "../../server/dist/index.js");
const env = { ...process.env };

const filesDir = mkdtempSync(join(tmpdir(), "caredesk-e2e-files-"));
env.FILES_DIR = filesDir;
delete env.S3_BUCKET;
console.log(`e2e: uploads go to ${filesDir}`);
const removeFiles = () => rmSync(filesDir, { recursive: true, force: true });

/** @type {() => Promise<void>} */
let cleanup;
const testDatabaseUrl = process.env.TEST_DATABASE_URL;
if (testDatabaseUrl) {
  const name = `caredesk_e2e_${randomBytes(6).toString("hex")}`;
  const admin = postgres(testDatabaseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${name}`;
  env.DATABASE_URL = url.toString();
  delete env.DATA_DIR;
  console.log(`e2e: using fresh PostgreSQL database ${name}`);
  cleanup = async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
} else {
  const dataDir = mkdtempSync(join(tmpdir(), "caredesk-e2e-"));
  env.DATA_DIR = dataDir;
  delete env.DATABASE_URL;
  console.log(`e2e: using fresh embedded database in ${dataDir}`);
  cleanup = () => Promise.resolve(rmSync(dataDir, { recursive: true, force: true }));
}

const server = spawn(process.execPath, [serverEntry], { env, stdio: "inherit" });

let stopping = false;
/** @param {NodeJS.Signals} signal */
function stop(signal) {
  if (stopping) return;
  stopping = true;
  if (server.exitCode === null) server.kill(signal);
}
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));

server.on("exit", (code, signal) => {
  cleanup()
    .finally(removeFiles)
    .catch((error) => console.error("e2e: cleanup failed", error))
    .finally(() => process.exit(stopping ? 0 : (code ?? (signal ? 1 : 0))));
});
