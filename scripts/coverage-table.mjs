// Coverage per package, after `pnpm test`: one table of lines covered against each package's
// floor (`coverage.thresholds.lines` in its vitest.config.ts). Vitest itself fails a package's
// test run below its floor; this only reports. Reads each package's coverage/coverage-summary.json
// (the json-summary reporter); a package whose tests did not run (or wrote no report) shows
// "no report". Exits 1 when any row is not "pass", so CI cannot print a failing table and pass.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

const rows = [];
for (const group of ["packages", "apps"]) {
  for (const name of readdirSync(join(root, group)).sort()) {
    const dir = join(root, group, name);
    const manifest = join(dir, "package.json");
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, "utf8"));
    if (!pkg.scripts?.test) continue;
    const config = join(dir, "vitest.config.ts");
    const floorMatch = existsSync(config)
      ? /thresholds:\s*\{[^}]*\blines:\s*(\d+(?:\.\d+)?)/.exec(readFileSync(config, "utf8"))
      : null;
    const floor = floorMatch ? Number(floorMatch[1]) : undefined;
    const summary = join(dir, "coverage", "coverage-summary.json");
    const lines = existsSync(summary)
      ? JSON.parse(readFileSync(summary, "utf8")).total.lines
      : undefined;
    let status;
    if (floor === undefined) status = "no floor";
    else if (!lines) status = "no report";
    else status = lines.pct >= floor ? "pass" : "FAIL";
    rows.push({
      package: `${group}/${name}`,
      lines: lines ? `${lines.pct.toFixed(2)}% (${lines.covered}/${lines.total})` : "-",
      floor: floor === undefined ? "-" : `${floor}%`,
      status,
    });
  }
}

const columns = ["package", "lines", "floor", "status"];
const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => r[c].length)));
const line = (cells) =>
  cells
    .map((cell, i) => cell.padEnd(widths[i]))
    .join("  ")
    .trimEnd();
console.log(line(columns));
console.log(line(widths.map((w) => "-".repeat(w))));
for (const row of rows) console.log(line(columns.map((c) => row[c])));
process.exit(rows.every((r) => r.status === "pass") ? 0 : 1);
