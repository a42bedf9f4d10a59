// Inputs of bulk imports and exports: the kinds of records, the fields an import of each kind
// reads (the same names an export writes, so an export can be imported again), the mapping of
// fields to the file's columns, and the filters of each kind's export.
import { z } from "zod";
import { appointmentStatuses } from "./appointment";
import { Cursor, Id, LocalDate, PageLimit, SearchText, SingleLine } from "./common";

export const importKinds = [
  "patients",
  "appointments",
  "services",
  "practitioners",
  "products",
] as const;
export type ImportKind = (typeof importKinds)[number];

export const importStatuses = [
  "uploaded",
  "checked",
  "queued",
  "running",
  "completed",
  "failed",
] as const;
export type ImportStatus = (typeof importStatuses)[number];

export const importFormats = ["csv", "xlsx"] as const;
export type ImportFormat = (typeof importFormats)[number];

/** What a file may be: the upload route and the import both hold it to these. */
export const importLimits = {
  /** Largest file accepted (50 MB). */
  maxBytes: 50 * 1024 * 1024,
  /** Most columns a header may have. */
  maxColumns: 100,
  /** Longest header name. */
  maxColumnName: 200,
  /** Errors an import's view carries (the error file has them all). */
  viewErrors: 100,
} as const;

export interface ImportField {
  /** The field's key, and the column name an export of the kind writes for it. */
  key: string;
  required: boolean;
}

/**
 * The fields each kind reads, in the order an export writes them. Money is in major units with
 * the practice's currency in `currency` (written by exports, ignored by imports).
 */
export const importFields: Record<ImportKind, readonly ImportField[]> = {
  patients: [
    { key: "firstName", required: true },
    { key: "lastName", required: true },
    { key: "mobile", required: true },
    { key: "email", required: false },
    { key: "dateOfBirth", required: false },
    { key: "sex", required: false },
    { key: "address", required: false },
    { key: "notes", required: false },
  ],
  appointments: [
    { key: "patientMobile", required: true },
    { key: "start", required: true },
    { key: "service", required: true },
    { key: "practitioner", required: true },
    { key: "status", required: false },
    { key: "notes", required: false },
  ],
  services: [
    { key: "name", required: true },
    { key: "durationMinutes", required: true },
    { key: "price", required: true },
    { key: "currency", required: false },
    { key: "description", required: false },
    { key: "colour", required: false },
  ],
  practitioners: [
    { key: "name", required: true },
    { key: "title", required: false },
    { key: "specialization", required: false },
    { key: "email", required: false },
    { key: "phone", required: false },
    { key: "yearsOfExperience", required: false },
    { key: "bio", required: false },
  ],
  products: [
    { key: "sku", required: true },
    { key: "name", required: true },
    { key: "price", required: true },
    { key: "currency", required: false },
    { key: "barcode", required: false },
    { key: "genericName", required: false },
    { key: "form", required: false },
    { key: "strength", required: false },
    { key: "category", required: false },
    { key: "description", required: false },
    { key: "taxBps", required: false },
    { key: "prescriptionOnly", required: false },
    { key: "controlled", required: false },
    { key: "reorderLevel", required: false },
  ],
};

export const ImportKindInput = z.enum(importKinds, "Choose what the file holds");

/** A column of the file, by its header name. */
const ColumnName = SingleLine(importLimits.maxColumnName, "Choose a column");

/** Every field any kind reads (each kind's own are checked by the api). */
const allFieldKeys = [
  ...new Set(Object.values(importFields).flatMap((fields) => fields.map((field) => field.key))),
];

/** Field → the column it is read from; a field left out is not imported. */
export const ImportMapping = z.object(
  Object.fromEntries(allFieldKeys.map((key) => [key, ColumnName.optional()])),
);
export type ImportMapping = Partial<Record<string, string>>;

/** Reads an uploaded file's header and suggests a mapping. */
export const ImportStartInput = z.object({ kind: ImportKindInput, fileId: Id });
export type ImportStartInput = z.infer<typeof ImportStartInput>;

/** The dry run over every row with this mapping. */
export const ImportCheckInput = z.object({ importId: Id, mapping: ImportMapping });
export type ImportCheckInput = z.infer<typeof ImportCheckInput>;

export const ImportByIdInput = z.object({ importId: Id });
export type ImportByIdInput = z.infer<typeof ImportByIdInput>;

/** Queues a checked import to be written by the background job. */
export const ImportCommitInput = ImportByIdInput;
export type ImportCommitInput = ImportByIdInput;

export const ImportListInput = z.object({
  cursor: Cursor.optional(),
  limit: PageLimit.default(25),
});
export type ImportListInput = z.input<typeof ImportListInput>;

/** One refused row as the view shows it (line 1 is the header). */
export interface ImportRowError {
  line: number;
  field: string | null;
  message: string;
}

/** What every import procedure answers. */
export interface ImportView {
  id: string;
  kind: ImportKind;
  status: ImportStatus;
  format: ImportFormat;
  fileName: string;
  columns: string[];
  fields: ImportField[];
  mapping: Record<string, string>;
  suggestedMapping: Record<string, string>;
  totalRows: number;
  processedRows: number;
  createdRows: number;
  skippedRows: number;
  errorRows: number;
  /** The first `importLimits.viewErrors` errors, by line. */
  errors: ImportRowError[];
  failure: string | null;
  createdAt: Date;
  checkedAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** A row of the import history. */
export type ImportSummary = Omit<
  ImportView,
  "columns" | "fields" | "mapping" | "suggestedMapping" | "errors"
>;

// ---------------------------------------------------------------------------------------------
// Exports: GET /files/:organizationId/exports/:kind.:format?<filters>

export const exportFormats = importFormats;
export type ExportFormat = ImportFormat;
export const ExportFormatInput = z.enum(exportFormats, "Choose CSV or Excel");

/** A yes/no query parameter. */
const QueryBoolean = z
  .enum(["true", "false"], "Use true or false")
  .transform((value) => value === "true");

const ActiveFilter = z.object({
  search: SearchText.optional(),
  active: QueryBoolean.optional(),
});

/** Each kind's filters, as the query string of the export's address carries them. */
export const exportFilters = {
  patients: z.object({
    search: SearchText.optional(),
    archived: QueryBoolean.optional(),
  }),
  appointments: z
    .object({
      from: LocalDate.optional(),
      to: LocalDate.optional(),
      status: z.enum(appointmentStatuses, "Choose a status").optional(),
      practitionerId: Id.optional(),
    })
    .refine((f) => !f.from || !f.to || f.from <= f.to, {
      message: "The end must be after the start",
      path: ["to"],
    }),
  services: ActiveFilter,
  practitioners: ActiveFilter,
  products: ActiveFilter,
} satisfies Record<ImportKind, z.ZodType>;

export type ExportFilters<K extends ImportKind> = z.input<(typeof exportFilters)[K]>;
export type ExportFiltersParsed<K extends ImportKind> = z.output<(typeof exportFilters)[K]>;

/** What the export route hands the api: the kind, the format and the query's filters as text. */
export const ExportRequestInput = z.object({
  kind: ImportKindInput,
  format: ExportFormatInput,
  filters: z.object({
    search: SingleLine(200).optional(),
    archived: SingleLine(10).optional(),
    active: SingleLine(10).optional(),
    from: SingleLine(40).optional(),
    to: SingleLine(40).optional(),
    status: SingleLine(40).optional(),
    practitionerId: SingleLine(40).optional(),
  }),
});
export type ExportRequestInput = z.infer<typeof ExportRequestInput>;
