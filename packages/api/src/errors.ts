// Database errors become API errors here and nowhere else.
import { findPgError, PG } from "@caredesk/db";
import { TRPCError } from "@trpc/server";

/** Unique constraints a user can trip, and the form field each one is about. */
const constraintFields: Record<string, { field: string; message: string }> = {
  user_email_lower_key: { field: "email", message: "An account with this email already exists" },
  patient_org_mobile_key: {
    field: "mobile",
    message: "Another patient already has this mobile number",
  },
  patient_org_user_key: { field: "email", message: "That account is already linked to a patient" },
  department_org_name_key: { field: "name", message: "A department with this name exists" },
  service_org_name_key: { field: "name", message: "A service with this name exists" },
  practitioner_org_user_key: {
    field: "userId",
    message: "That member already has a practitioner profile",
  },
  organization_slug_key: { field: "slug", message: "This address is already taken" },
  membership_organization_user_key: {
    field: "email",
    message: "This person is already a member",
  },
};

/**
 * Composite (organization_id, id) foreign keys: a violation means the referenced record is
 * not in this organization, which to the caller is simply "not found".
 */
const tenantReferences: Record<string, { field: string; message: string }> = {
  practitioner_department_fk: { field: "departmentId", message: "Department not found" },
  practitioner_photo_fk: { field: "photoFileId", message: "Photo not found" },
  certificate_practitioner_fk: { field: "practitionerId", message: "Practitioner not found" },
  certificate_file_fk: { field: "fileId", message: "File not found" },
  resource_department_fk: { field: "departmentId", message: "Department not found" },
  resource_practitioner_fk: { field: "practitionerId", message: "Practitioner not found" },
  service_department_fk: { field: "departmentId", message: "Department not found" },
  service_requirement_department_fk: { field: "requirements", message: "Department not found" },
  document_patient_fk: { field: "patientId", message: "Patient not found" },
  document_file_fk: { field: "fileId", message: "File not found" },
  schedule_rule_resource_fk: { field: "resourceId", message: "Resource not found" },
  schedule_exception_resource_fk: { field: "resourceId", message: "Resource not found" },
  appointment_patient_fk: { field: "patientId", message: "Patient not found" },
  appointment_service_fk: { field: "serviceId", message: "Service not found" },
  appointment_resource_resource_fk: { field: "resourceIds", message: "Resource not found" },
};

export interface MappedErrorData {
  fieldErrors?: Record<string, string[]>;
}

/** A TRPCError carrying field errors the forms show next to their inputs. */
export class FieldError extends TRPCError {
  readonly fieldErrors: Record<string, string[]>;
  constructor(
    code: TRPCError["code"],
    fieldErrors: Record<string, string[]>,
    message = Object.values(fieldErrors)[0]?.[0] ?? "Invalid input",
  ) {
    super({ code, message });
    this.fieldErrors = fieldErrors;
  }
}

export function mapDatabaseError(error: unknown): TRPCError | undefined {
  if (error instanceof TRPCError && !(error.cause && findPgError(error.cause))) return undefined;
  const pg = findPgError(error);
  if (!pg) return undefined;
  switch (pg.code) {
    case PG.uniqueViolation: {
      const known = pg.constraint ? constraintFields[pg.constraint] : undefined;
      if (known) return new FieldError("CONFLICT", { [known.field]: [known.message] });
      return new TRPCError({ code: "CONFLICT", message: "This already exists" });
    }
    case PG.exclusionViolation:
      return new TRPCError({ code: "CONFLICT", message: "That time is no longer available" });
    case PG.foreignKeyViolation: {
      const tenant = pg.constraint ? tenantReferences[pg.constraint] : undefined;
      if (tenant && !pg.detail?.includes("still referenced")) {
        return new FieldError("NOT_FOUND", { [tenant.field]: [tenant.message] });
      }
      if (pg.detail?.includes("still referenced")) {
        return new TRPCError({ code: "CONFLICT", message: "It is still in use elsewhere" });
      }
      return new TRPCError({ code: "BAD_REQUEST", message: "A referenced record does not exist" });
    }
    case PG.checkViolation:
    case PG.notNullViolation:
    case PG.invalidTextRepresentation:
      return new TRPCError({ code: "BAD_REQUEST", message: "Some values are not valid" });
    case PG.deadlockDetected:
    case PG.serializationFailure:
      return new TRPCError({ code: "CONFLICT", message: "Please try again" });
    default:
      return undefined;
  }
}

export function notFound(what = "Not found"): TRPCError {
  return new TRPCError({ code: "NOT_FOUND", message: what });
}

/** A slot that was taken meanwhile: the client shows "just taken" and these instead. */
export class SlotTakenError extends TRPCError {
  readonly alternatives: { start: Date; end: Date; resourceIds: string[] }[];
  constructor(message: string, alternatives: SlotTakenError["alternatives"]) {
    super({ code: "CONFLICT", message });
    this.alternatives = alternatives;
  }
}
