import { z } from "zod";
import {
  Blankable,
  Colour,
  Email,
  Id,
  LocalDate,
  OptionalMultiLine,
  OptionalSingleLine,
  Pagination,
  Phone,
  SearchText,
  SingleLine,
  TimeZone,
} from "./common";

const Name = SingleLine(120, "Enter a name");

export const ListInput = Pagination.extend({
  search: SearchText.optional(),
  includeInactive: z.boolean().default(false),
});
export type ListInput = z.infer<typeof ListInput>;

export const ByIdInput = z.object({ id: Id });

// Departments
export const DepartmentCreateInput = z.object({
  name: Name,
  description: OptionalMultiLine(2000),
});
export const DepartmentUpdateInput = DepartmentCreateInput.partial().extend({
  id: Id,
  active: z.boolean().optional(),
});

// Practitioners
export const PractitionerCreateInput = z.object({
  name: Name,
  title: OptionalSingleLine(40),
  specialization: OptionalSingleLine(120),
  departmentId: Id.nullish(),
  userId: Id.nullish(),
  email: Blankable(Email),
  phone: Blankable(Phone),
  yearsOfExperience: z
    .number("Enter a number of years")
    .int("Use whole years")
    .min(0, "Cannot be negative")
    .max(80, "That is more than 80 years")
    .nullish(),
  bio: OptionalMultiLine(4000),
  photoFileId: Id.nullish(),
  timeZone: TimeZone.optional(),
});
export const PractitionerUpdateInput = PractitionerCreateInput.omit({ timeZone: true })
  .partial()
  .extend({ id: Id, active: z.boolean().optional() });

export const CertificateAddInput = z
  .object({
    practitionerId: Id,
    name: Name,
    issuer: OptionalSingleLine(200),
    issuedOn: LocalDate.nullish(),
    expiresOn: LocalDate.nullish(),
    fileId: Id.nullish(),
  })
  .refine((c) => !c.issuedOn || !c.expiresOn || c.expiresOn >= c.issuedOn, {
    message: "Expiry must be after the issue date",
    path: ["expiresOn"],
  });
export const CertificateRemoveInput = z.object({ id: Id });

// Rooms and equipment (practitioner resources are created with their practitioner)
export const resourceKinds = ["practitioner", "room", "equipment"] as const;
export const ResourceKind = z.enum(resourceKinds, "Choose a kind");
export const ResourceCreateInput = z.object({
  kind: z.enum(["room", "equipment"], "Choose room or equipment"),
  name: Name,
  category: OptionalSingleLine(80),
  departmentId: Id.nullish(),
  timeZone: TimeZone.optional(),
});
export const ResourceUpdateInput = ResourceCreateInput.omit({ kind: true })
  .partial()
  .extend({ id: Id, active: z.boolean().optional() });
export const ResourceListInput = ListInput.extend({ kind: ResourceKind.optional() });

// Services (appointment types)
const Minutes = (label: string, min: number, max: number) =>
  z
    .number(`Enter ${label}`)
    .int("Use whole minutes")
    .min(min, min === 0 ? "Cannot be negative" : `Must be at least ${min}`)
    .max(max, `Must be at most ${max}`);

export const ServiceRequirement = z.object({
  kind: ResourceKind,
  departmentId: Id.nullish(),
  category: OptionalSingleLine(80),
});

const serviceFields = {
  name: Name,
  description: OptionalMultiLine(2000),
  durationMinutes: Minutes("a duration", 5, 720),
  priceMinor: z
    .number("Enter a price")
    .int("Use the smallest currency unit")
    .min(0, "Price cannot be negative")
    .max(100_000_000, "That price is too high"),
  colour: Colour,
  bufferBeforeMinutes: Minutes("a buffer", 0, 240),
  bufferAfterMinutes: Minutes("a buffer", 0, 240),
  minNoticeMinutes: Minutes("a notice period", 0, 60 * 24 * 30),
  horizonDays: z.number().int().min(1, "Must be at least 1 day").max(730, "At most two years"),
  slotIntervalMinutes: Minutes("an interval", 5, 240),
  departmentId: Id.nullish(),
  requirements: z.array(ServiceRequirement).max(5, "At most five resources per service"),
};

export const ServiceCreateInput = z.object({
  ...serviceFields,
  bufferBeforeMinutes: serviceFields.bufferBeforeMinutes.default(0),
  bufferAfterMinutes: serviceFields.bufferAfterMinutes.default(0),
  minNoticeMinutes: serviceFields.minNoticeMinutes.default(0),
  horizonDays: serviceFields.horizonDays.default(60),
  slotIntervalMinutes: serviceFields.slotIntervalMinutes.default(15),
  requirements: serviceFields.requirements.default([{ kind: "practitioner" }]),
});
// Built from the fields without defaults: an update leaves out what it does not change.
export const ServiceUpdateInput = z.object(serviceFields).partial().extend({
  id: Id,
  active: z.boolean().optional(),
});
