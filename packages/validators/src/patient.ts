import { z } from "zod";
import { Email, Id, SearchText } from "./common";
import { Phone } from "./structure";

export const patientSexes = ["female", "male", "other", "unknown"] as const;
export const documentKinds = [
  "medical_record",
  "lab_result",
  "imaging",
  "id",
  "insurance",
  "other",
] as const;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max} characters`)
    .transform((v) => (v === "" ? null : v))
    .nullish();

export const DateOfBirth = z.iso
  .date("Use a date like 1985-04-23")
  .refine((d) => d >= "1900-01-01", "That date is too far in the past")
  .refine(
    (d) => d <= new Date().toISOString().slice(0, 10),
    "Date of birth cannot be in the future",
  );

const patientFields = z.object({
  firstName: z.string().trim().min(1, "Enter a first name").max(80, "Use at most 80 characters"),
  lastName: z.string().trim().min(1, "Enter a last name").max(80, "Use at most 80 characters"),
  mobile: Phone,
  email: z
    .union([z.literal(""), Email])
    .transform((v) => (v === "" ? null : v))
    .nullish(),
  dateOfBirth: z
    .union([z.literal(""), DateOfBirth])
    .transform((v) => (v === "" ? null : v))
    .nullish(),
  sex: z.enum(patientSexes),
  address: optionalText(500),
  notes: optionalText(4000),
});

export const PatientCreateInput = patientFields.extend({
  sex: patientFields.shape.sex.default("unknown"),
});
export type PatientCreateInput = z.infer<typeof PatientCreateInput>;

// Built from the fields without defaults: an update leaves out what it does not change.
export const PatientUpdateInput = patientFields.partial().extend({ id: Id });
export type PatientUpdateInput = z.infer<typeof PatientUpdateInput>;

/** What a patient may change on their own record from the portal. */
export const PortalProfileUpdateInput = PatientCreateInput.pick({
  email: true,
  address: true,
}).partial();

export const patientSortKeys = ["name", "createdAt"] as const;
export const PatientListInput = z.object({
  search: SearchText.optional(),
  sort: z.enum(patientSortKeys).default("name"),
  includeArchived: z.boolean().default(false),
  cursor: z.string().max(300).optional(),
  limit: z.number().int().min(1).max(100).default(25),
});
export type PatientListInput = z.infer<typeof PatientListInput>;

export const PatientLinkUserInput = z.object({ id: Id, email: Email.nullable() });

export const DocumentKind = z.enum(documentKinds, "Choose a kind of document");
export const DocumentCreateInput = z.object({
  patientId: Id,
  fileId: Id,
  kind: DocumentKind,
  title: z.string().trim().min(1, "Enter a title").max(200, "Use at most 200 characters"),
  documentDate: z
    .union([z.literal(""), z.iso.date("Use a date like 2026-03-31")])
    .transform((v) => (v === "" ? null : v))
    .nullish(),
});
export const DocumentListInput = z.object({
  patientId: Id,
  cursor: z.string().max(300).optional(),
  limit: z.number().int().min(1).max(100).default(25),
});
export const PortalDocumentCreateInput = DocumentCreateInput.omit({ patientId: true });
