// Type-checking time, cold and warm: scripts/bench-typecheck.mjs runs `turbo run typecheck`
// from nothing and again right after, and writes bench/results/typecheck.json.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

export interface TypecheckResult {
  cold_s: number;
  warm_s: number;
  packages: number;
  ok: boolean;
}

export function benchTypecheck(): TypecheckResult {
  const root = resolve(import.meta.dirname, "../../..");
  const run = spawnSync(process.execPath, ["scripts/bench-typecheck.mjs"], {
    cwd: root,
    stdio: "inherit",
  });
  if (run.error) throw run.error;
  const text = readFileSync(resolve(root, "bench/results/typecheck.json"), "utf8");
  return JSON.parse(text) as TypecheckResult;
}
