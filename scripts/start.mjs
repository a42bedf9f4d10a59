// `pnpm start`: build whatever is missing (turbo's cache makes this instant when nothing
// changed), then run the production shape — one origin serving the API, web and admin.
import { spawn, spawnSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const build = spawnSync(
  "pnpm",
  [
    "exec",
    "turbo",
    "run",
    "build",
    "--output-logs=errors-only",
    "--filter=@caredesk/server",
    "--filter=@caredesk/web",
    "--filter=@caredesk/admin",
  ],
  { cwd: root, stdio: "inherit" },
);
if (build.status !== 0) process.exit(build.status ?? 1);

const server = spawn(
  process.execPath,
  ["--enable-source-maps", "apps/server/dist/index.js", ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: "inherit",
    env: { NODE_ENV: "production", DATA_DIR: resolve(root, ".data"), ...process.env },
  },
);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
