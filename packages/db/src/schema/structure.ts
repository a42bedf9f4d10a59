// Practice structure: departments, practitioners (with certificates), bookable resources
// (every practitioner has one; rooms and equipment are resources too) and services.
import { constraints } from "../constraints";
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { id, timestamps } from "./_columns";
import { file } from "./file";
import { organization, user } from "./identity";

export const resourceKind = pgEnum("resource_kind", ["practitioner", "room", "equipment"]);

const orgId = () =>
  uuid()
    .notNull()
    .references(() => organization.id, { onDelete: "cascade" });

export const department = pgTable(
  "department",
  {
    id: id(),
    organizationId: orgId(),
    name: text().notNull(),
    description: text(),
    active: boolean().notNull().default(true),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex(constraints.departmentName).on(t.organizationId, sql`lower(${t.name})`),
    // Composite key so children can reference (organization_id, id) and never cross tenants.
    unique("department_org_id_key").on(t.organizationId, t.id),
  ],
);

export const practitioner = pgTable(
  "practitioner",
  {
    id: id(),
    organizationId: orgId(),
    userId: uuid().references(() => user.id, { onDelete: "set null" }),
    departmentId: uuid(),
    title: text(),
    name: text().notNull(),
    specialization: text(),
    email: text(),
    phone: text(),
    yearsOfExperience: integer(),
    bio: text(),
    photoFileId: uuid(),
    active: boolean().notNull().default(true),
    ...timestamps(),
  },
  (t) => [
    unique("practitioner_org_id_key").on(t.organizationId, t.id),
    uniqueIndex(constraints.practitionerUser).on(t.organizationId, t.userId),
    index().on(t.organizationId, t.departmentId),
    index("practitioner_name_trgm_idx").using("gin", t.organizationId, t.name.op("gin_trgm_ops")),
    foreignKey({
      name: constraints.practitionerDepartment,
      columns: [t.organizationId, t.departmentId],
      foreignColumns: [department.organizationId, department.id],
    }),
    foreignKey({
      name: constraints.practitionerPhoto,
      columns: [t.organizationId, t.photoFileId],
      foreignColumns: [file.organizationId, file.id],
    }),
    check("practitioner_experience_range", sql`${t.yearsOfExperience} between 0 and 80`),
  ],
);

export const practitionerCertificate = pgTable(
  "practitioner_certificate",
  {
    id: id(),
    organizationId: orgId(),
    practitionerId: uuid().notNull(),
    name: text().notNull(),
    issuer: text(),
    issuedOn: date({ mode: "string" }),
    expiresOn: date({ mode: "string" }),
    fileId: uuid(),
    ...timestamps(),
  },
  (t) => [
    index().on(t.organizationId, t.practitionerId),
    foreignKey({
      name: constraints.certificatePractitioner,
      columns: [t.organizationId, t.practitionerId],
      foreignColumns: [practitioner.organizationId, practitioner.id],
    }).onDelete("cascade"),
    foreignKey({
      name: constraints.certificateFile,
      columns: [t.organizationId, t.fileId],
      foreignColumns: [file.organizationId, file.id],
    }),
  ],
);

export const resource = pgTable(
  "resource",
  {
    id: id(),
    organizationId: orgId(),
    kind: resourceKind().notNull(),
    name: text().notNull(),
    /** What kind of room or equipment this is ("echo machine", "dental chair"); services ask for it. */
    category: text(),
    practitionerId: uuid(),
    departmentId: uuid(),
    timeZone: text().notNull(),
    active: boolean().notNull().default(true),
    ...timestamps(),
  },
  (t) => [
    unique("resource_org_id_key").on(t.organizationId, t.id),
    uniqueIndex("resource_practitioner_key").on(t.practitionerId),
    index().on(t.organizationId, t.kind),
    foreignKey({
      name: constraints.resourcePractitioner,
      columns: [t.organizationId, t.practitionerId],
      foreignColumns: [practitioner.organizationId, practitioner.id],
    }).onDelete("cascade"),
    foreignKey({
      name: constraints.resourceDepartment,
      columns: [t.organizationId, t.departmentId],
      foreignColumns: [department.organizationId, department.id],
    }),
    check(
      "resource_practitioner_link",
      sql`(${t.kind} = 'practitioner') = (${t.practitionerId} is not null)`,
    ),
  ],
);

export const service = pgTable(
  "service",
  {
    id: id(),
    organizationId: orgId(),
    departmentId: uuid(),
    name: text().notNull(),
    description: text(),
    durationMinutes: integer().notNull(),
    /** Minor units of the organization's currency. */
    priceMinor: integer().notNull(),
    colour: text().notNull(),
    bufferBeforeMinutes: integer().notNull().default(0),
    bufferAfterMinutes: integer().notNull().default(0),
    minNoticeMinutes: integer().notNull().default(0),
    horizonDays: integer().notNull().default(60),
    slotIntervalMinutes: integer().notNull().default(15),
    active: boolean().notNull().default(true),
    ...timestamps(),
  },
  (t) => [
    unique("service_org_id_key").on(t.organizationId, t.id),
    uniqueIndex(constraints.serviceName).on(t.organizationId, sql`lower(${t.name})`),
    foreignKey({
      name: constraints.serviceDepartment,
      columns: [t.organizationId, t.departmentId],
      foreignColumns: [department.organizationId, department.id],
    }),
    check("service_duration_positive", sql`${t.durationMinutes} between 1 and 1440`),
    check("service_price_non_negative", sql`${t.priceMinor} >= 0`),
    check("service_colour_hex", sql`${t.colour} ~ '^#[0-9a-fA-F]{6}$'`),
    check(
      "service_times_non_negative",
      sql`${t.bufferBeforeMinutes} >= 0 and ${t.bufferAfterMinutes} >= 0 and ${t.minNoticeMinutes} >= 0 and ${t.horizonDays} >= 1 and ${t.slotIntervalMinutes} >= 5`,
    ),
  ],
);

/** What a service needs at once: e.g. one cardiology doctor plus one echo machine. */
export const serviceRequirement = pgTable(
  "service_requirement",
  {
    id: id(),
    organizationId: orgId(),
    serviceId: uuid().notNull(),
    kind: resourceKind().notNull(),
    departmentId: uuid(),
    category: text(),
    ...timestamps(),
  },
  (t) => [
    index().on(t.organizationId, t.serviceId),
    foreignKey({
      name: "service_requirement_service_fk",
      columns: [t.organizationId, t.serviceId],
      foreignColumns: [service.organizationId, service.id],
    }).onDelete("cascade"),
    foreignKey({
      name: constraints.serviceRequirementDepartment,
      columns: [t.organizationId, t.departmentId],
      foreignColumns: [department.organizationId, department.id],
    }),
  ],
);
