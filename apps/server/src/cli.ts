// `pnpm db:migrate` and `pnpm db:seed`: the start-up's database steps, run on their own.
// `pnpm db:backup [--out DIR]` and `pnpm db:restore <backup> [--replace]`: see backup.ts.
import { fileURLToPath } from "node:url";
import { runBackupCommand } from "./backup-cli";
import { openDatabase, seedDemoData } from "./database";
import { loadEnv } from "./env";

const usage =
  "usage: cli.ts migrate | seed | backup [--out DIR] | restore <backup dir> [--replace]";
const command = process.argv[2];
if (command !== "migrate" && command !== "seed" && command !== "backup" && command !== "restore") {
  console.error(usage);
  process.exit(2);
}

// pnpm runs this inside apps/server; from the repository root, a relative DATA_DIR and the
// .env file mean what they mean to `pnpm start`.
process.chdir(fileURLToPath(new URL("../../..", import.meta.url)));
const env = loadEnv();
const log = (msg: string) => console.log(msg);
if (command === "backup" || command === "restore") {
  process.exit(await runBackupCommand(command, process.argv.slice(3), env, log));
}
// Migrating only: the server's own start-up would also seed unless SEED_DEMO=false.
const database = await openDatabase({ ...env, SEED_DEMO: false }, log);
try {
  if (command === "seed" && !(await seedDemoData(database.db, log))) {
    log("demo data already present: left alone");
  }
} finally {
  await database.close();
}
