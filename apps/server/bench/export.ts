// Exporting 100,000 patients as CSV through the export service's stream (keyset pages written
// as they come), with the process's RSS sampled throughout: flat memory means the peak does not
// grow with the number of rows, so the same export of 10,000 patients is measured first.
// Result: bench/results/export.json { rows, seconds, rows_per_s, peak_rss_mb, rss_growth_mb,
// rss_growth_mb_at_10k }.
import { Writable } from "node:stream";
import { exportTable, writeCsv, writeXlsx, type ExportTable } from "@caredesk/api";
import type { DbHandle } from "@caredesk/db";
import { createBenchPractice } from "./fixture";
import { writeResult } from "./lib";

export interface ExportBenchResult {
  rows: number;
  seconds: number;
  rows_per_s: number;
  peak_rss_mb: number;
  rss_growth_mb: number;
  /** The same export of 10,000 patients: the growth should be about the same. */
  rss_growth_mb_at_10k: number;
  /** The 100,000 patients as Excel (streaming writer). */
  xlsx_seconds: number;
  xlsx_rss_growth_mb: number;
}

const mb = (bytes: number) => Number((bytes / 1024 / 1024).toFixed(1));

/** Bytes go nowhere (counted), as fast as the export writes them. */
function sink(): { stream: Writable; bytes: () => number } {
  let total = 0;
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      callback();
    },
  });
  return { stream, bytes: () => total };
}

async function measure(
  write: (table: ExportTable, out: Writable) => Promise<void>,
  table: ExportTable,
): Promise<{ seconds: number; peak: number; growth: number; bytes: number }> {
  // A full collection first (when node runs with --expose-gc), so each run starts level.
  (globalThis as { gc?: () => void }).gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const out = sink();
  const finished = new Promise<void>((resolve, reject) => {
    out.stream.on("finish", resolve);
    out.stream.on("error", reject);
  });
  const t = performance.now();
  await write(table, out.stream);
  await finished;
  const seconds = (performance.now() - t) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { seconds, peak, growth: peak - baseline, bytes: out.bytes() };
}

export async function benchExport(database: DbHandle): Promise<ExportBenchResult> {
  const small = await createBenchPractice(database, { resources: 1, patients: 10_000 });
  const large = await createBenchPractice(database, { resources: 1, patients: 100_000 });
  try {
    const tableOf = (organizationId: string) =>
      exportTable(
        database.db,
        { id: organizationId, slug: "bench", currency: "GBP", timeZone: "Europe/London" },
        "patients",
        {},
      );
    // Warm-up (query plans, module code), then 10k, then 100k in the same process.
    await measure(writeCsv, tableOf(small.organizationId));
    const at10k = await measure(writeCsv, tableOf(small.organizationId));
    const at100k = await measure(writeCsv, tableOf(large.organizationId));
    const again = await measure(writeCsv, tableOf(large.organizationId));
    const xlsx = await measure(
      (table, out) => writeXlsx(table, out, "patients"),
      tableOf(large.organizationId),
    );
    const result: ExportBenchResult = {
      rows: 100_000,
      seconds: Number(at100k.seconds.toFixed(2)),
      rows_per_s: Math.round(100_000 / at100k.seconds),
      peak_rss_mb: mb(at100k.peak),
      rss_growth_mb: mb(Math.max(at100k.growth, again.growth)),
      rss_growth_mb_at_10k: mb(at10k.growth),
      xlsx_seconds: Number(xlsx.seconds.toFixed(2)),
      xlsx_rss_growth_mb: mb(xlsx.growth),
    };
    writeResult("export", result);
    return result;
  } finally {
    await small.cleanup();
    await large.cleanup();
  }
}
