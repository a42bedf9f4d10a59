import { z } from "zod";
import {
  Blankable,
  Cursor,
  DateOfBirth,
  Email,
  Id,
  LocalDate,
  OptionalMultiLine,
  PageLimit,
  Phone,
  SearchText,
  SingleLine,
} from "./common";

export const patientSexes = ["female", "male", "other", "unknown"] as const;
export const documentKinds = [
  "medical_record",
  "lab_result",
  "imaging",
  "id",
  "insurance",
  "other",
] as const;

const patientFields = z.object({
  firstName: SingleLine(80, "Enter a first name"),
  lastName: SingleLine(80, "Enter a last name"),
  mobile: Phone,
  email: Blankable(Email),
  dateOfBirth: Blankable(DateOfBirth),
  sex: z.enum(patientSexes),
  address: OptionalMultiLine(500),
  notes: OptionalMultiLine(4000),
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
  cursor: Cursor.optional(),
  limit: PageLimit.default(25),
});
export type PatientListInput = z.infer<typeof PatientListInput>;

export const PatientLinkUserInput = z.object({ id: Id, email: Email.nullable() });

export const DocumentKind = z.enum(documentKinds, "Choose a kind of document");
export const DocumentCreateInput = z.object({
  patientId: Id,
  fileId: Id,
  kind: DocumentKind,
  title: SingleLine(200, "Enter a title"),
  documentDate: Blankable(LocalDate),
});
export const DocumentListInput = z.object({
  patientId: Id,
  cursor: Cursor.optional(),
  limit: PageLimit.default(25),
});
export const PortalDocumentCreateInput = DocumentCreateInput.omit({ patientId: true });
