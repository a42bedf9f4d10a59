#!/usr/bin/env node
// Type-checking time: `turbo run typecheck --force` from nothing (cold: no declarations, no
// tsbuildinfo, turbo's cache bypassed), then the same command again with nothing changed
// (warm: turbo's cache still bypassed, so this is TypeScript's own incremental state: tsc -b
// finds each package's declarations up to date, the apps' tsc reads its tsbuildinfo).
// Writes bench/results/typecheck.json {cold_s, warm_s, packages, ...}.
// Usage: node scripts/bench-typecheck.mjs [--runs N]
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";

const root = resolve(dirname(new URL(import.meta.url).pathname), "..");
const runsArg = process.argv.indexOf("--runs");
const runs = runsArg > 0 ? Math.max(1, Number(process.argv[runsArg + 1]) || 1) : 1;

/** Every workspace package with a typecheck script. */
const packages = ["apps", "packages"]
  .flatMap((group) => readdirSync(join(root, group)).map((name) => join(root, group, name)))
  .filter((dir) => existsSync(join(dir, "package.json")))
  .filter((dir) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).scripts?.typecheck);

/** Everything a previous check left: declaration output and incremental state. */
function clean() {
  for (const dir of packages) {
    rmSync(join(dir, ".types"), { recursive: true, force: true });
    rmSync(join(dir, "node_modules/.cache/tsbuildinfo.json"), { force: true });
  }
}

/** CPU seconds (user + system) of this process's finished children, Linux only. */
function childrenCpu() {
  try {
    const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
    return (Number(fields[13]) + Number(fields[14])) / 100; // cutime, cstime in ticks
  } catch {
    return NaN;
  }
}

function typecheck() {
  const load = loadavg()[0];
  const cpu = childrenCpu();
  const started = process.hrtime.bigint();
  const r = spawnSync(
    join(root, "node_modules/.bin/turbo"),
    ["run", "typecheck", "--force", "--output-logs=errors-only"],
    { cwd: root, encoding: "utf8", env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" } },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) process.stderr.write(r.stdout + r.stderr);
  const cpuSeconds = Math.round((childrenCpu() - cpu) * 10) / 10;
  return {
    seconds: Math.round(seconds * 10) / 10,
    cpu_s: cpuSeconds,
    ok: r.status === 0,
    load_1m: load,
  };
}

const round = (n) => Math.round(n * 100) / 100;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const cold = [];
const warm = [];
for (let i = 0; i < runs; i++) {
  clean();
  cold.push(typecheck());
  warm.push(typecheck());
  console.log(
    `typecheck run ${i + 1}: cold ${cold.at(-1).seconds} s, warm ${warm.at(-1).seconds} s`,
  );
}

const result = {
  cold_s: median(cold.map((r) => r.seconds)),
  warm_s: median(warm.map((r) => r.seconds)),
  packages: packages.length,
  ok: [...cold, ...warm].every((r) => r.ok),
  warm_mode: "turbo --force (turbo cache bypassed): TypeScript's incremental state only",
  cold_runs_s: cold.map((r) => r.seconds),
  warm_runs_s: warm.map((r) => r.seconds),
  // CPU time of every process the command ran: what the load average cannot inflate.
  cold_cpu_s: median(cold.map((r) => r.cpu_s)),
  warm_cpu_s: median(warm.map((r) => r.cpu_s)),
  load_1m: cold.map((r) => round(r.load_1m)),
  cores: (await import("node:os")).availableParallelism(),
};
mkdirSync(join(root, "bench/results"), { recursive: true });
writeFileSync(join(root, "bench/results/typecheck.json"), JSON.stringify(result, null, 2) + "\n");
console.log(JSON.stringify(result));
if (!result.ok) process.exitCode = 1;
