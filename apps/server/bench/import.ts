// Importing 100,000 patients from a CSV through the real path (upload record, start, check,
// commit, then the data-import job's handler), then the same file again: nothing may be created
// twice. Result: bench/results/import.json { rows, seconds, rows_per_s, duplicates_created }.
import { createHash } from "node:crypto";
import {
  appRouter,
  createCallerFactory,
  createContextInner,
  createHostCaller,
  memoryFileStore,
  newStorageKey,
  runImportJob,
} from "@caredesk/api";
import { validateSessionToken } from "@caredesk/auth";
import { schema, type DbHandle } from "@caredesk/db";
import { count, eq } from "drizzle-orm";
import { createBenchPractice } from "./fixture";
import { writeResult } from "./lib";

export interface ImportBenchResult {
  rows: number;
  seconds: number;
  rows_per_s: number;
  duplicates_created: number;
}

/** Patients with unique British mobiles, a date of birth in the practice's order and an email. */
function patientsCsv(rows: number): Buffer {
  const lines = ["First name,Last name,Mobile,Date of birth,Email"];
  for (let i = 0; i < rows; i++) {
    const day = String((i % 28) + 1).padStart(2, "0");
    const month = String((i % 12) + 1).padStart(2, "0");
    lines.push(
      `Name${i},Family ${i % 997},07911 ${String(i).padStart(6, "0")},${day}/${month}/${1940 + (i % 60)},p${i}@example.com`,
    );
  }
  return Buffer.from(lines.join("\r\n") + "\r\n");
}

export async function benchImport(database: DbHandle, rows = 100_000): Promise<ImportBenchResult> {
  const practice = await createBenchPractice(database, { resources: 1, patients: 0 });
  const { db } = database;
  try {
    // A British practice: dates are day first.
    await db
      .update(schema.organization)
      .set({ locale: "en-GB" })
      .where(eq(schema.organization.id, practice.organizationId));
    const files = memoryFileStore();
    const auth = await validateSessionToken(db, practice.ownerToken);
    const context = () =>
      createContextInner({ db, auth, organizationId: practice.organizationId, files });
    const caller = createCallerFactory(appRouter)(context());
    const host = createHostCaller(context());
    const bytes = patientsCsv(rows);

    const importOnce = async () => {
      const storageKey = newStorageKey(practice.organizationId);
      await files.put(storageKey, bytes, "text/csv");
      const file = await host.file.upload({
        storageKey,
        mimeType: "text/csv",
        sizeBytes: bytes.length,
        sha256: createHash("sha256").update(bytes).digest("hex"),
        originalName: "patients.csv",
        purpose: "import",
      });
      const started = await caller.dataImport.start({ kind: "patients", fileId: file.id });
      await caller.dataImport.check({ importId: started.id, mapping: started.suggestedMapping });
      await caller.dataImport.commit({ importId: started.id });
      await runImportJob(db, files, {
        organizationId: practice.organizationId,
        importId: started.id,
      });
      return caller.dataImport.byId({ importId: started.id });
    };
    const patients = async () =>
      (
        await db
          .select({ n: count() })
          .from(schema.patient)
          .where(eq(schema.patient.organizationId, practice.organizationId))
      )[0]?.n ?? 0;

    const t = performance.now();
    const first = await importOnce();
    const seconds = (performance.now() - t) / 1000;
    if (first.createdRows !== rows) {
      throw new Error(`created ${first.createdRows} of ${rows} (errors: ${first.errorRows})`);
    }
    const before = await patients();
    await importOnce();
    const duplicates = (await patients()) - before;

    const result: ImportBenchResult = {
      rows,
      seconds: Number(seconds.toFixed(2)),
      rows_per_s: Math.round(rows / seconds),
      duplicates_created: duplicates,
    };
    writeResult("import", result);
    return result;
  } finally {
    await practice.cleanup();
  }
}
