// The stocked practice's import: a patients CSV uploaded (purpose "import"), started and checked, so the
// generated isolation, audit and fuzz tests have an import and an import file to aim at. Filled in
// by `createStockedPractice` (testing.ts).
import { createHash } from "node:crypto";
import { createContextInner } from "../context";
import { newStorageKey, type FileStore } from "../file-store";
import type { HostCaller, PharmacyStockingContext, PracticeIds } from "../testing";
import { hostCallerFor } from "../testing";

export interface ImportIds {
  /** An import of patients, started and checked (status "checked"). */
  importJob: string;
  /** Its file (purpose "import"), in the store the api's contexts use in tests. */
  importFile: string;
}

/** Puts a patients CSV in the file store and records it as an import file (purpose "import"). */
export async function uploadImportFile(
  files: Pick<FileStore, "put">,
  host: Pick<HostCaller, "file">,
  organizationId: string,
  bytes: Buffer,
) {
  const storageKey = newStorageKey(organizationId);
  await files.put(storageKey, bytes, "text/csv");
  return host.file.upload({
    storageKey,
    mimeType: "text/csv",
    sizeBytes: bytes.length,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    originalName: "patients.csv",
    purpose: "import",
  });
}

export async function stockImports(context: PharmacyStockingContext): Promise<ImportIds> {
  const bytes = Buffer.from("First name,Last name,Mobile\r\nAmal,Saleh,+447911123456\r\n");
  const host = await hostCallerFor(context.db, {
    token: context.owner.token,
    organizationId: context.organizationId,
  });
  const file = await uploadImportFile(
    createContextInner({ db: context.db }).files,
    host,
    context.organizationId,
    bytes,
  );
  const started = await context.staff.dataImport.start({ kind: "patients", fileId: file.id });
  // Checked, so it can be checked again or committed.
  await context.staff.dataImport.check({
    importId: started.id,
    mapping: started.suggestedMapping,
  });
  return { importJob: started.id, importFile: file.id };
}

/** Id fields of the import procedures, by name. */
export const importsRecordOfIdField: Record<string, keyof PracticeIds> = {
  importId: "importJob",
};

/** `"<procedure> <field path>"` → the record it names, where the field name alone cannot tell. */
export const importsRecordOverrides: Record<string, keyof PracticeIds> = {
  "dataImport.start fileId": "importFile",
};
