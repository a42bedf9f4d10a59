// Domain errors: what services throw. Plain classes with no knowledge of tRPC or HTTP; the one
// error-mapping middleware (trpc.ts) turns them, and database errors, into API errors.
import { constraints, findPgError, isConnectionError, PG } from "@caredesk/db";
import { SchedulingInputError } from "@caredesk/scheduling";

/** What a user is told about a fault of ours: never SQL, a stack trace or internals. */
export const internalErrorMessage = "Something went wrong on our side. Please try again.";

/** The API's error codes (DESIGN.md, "API conventions"). */
export type ErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PRECONDITION_FAILED"
  | "TOO_MANY_REQUESTS"
  | "SERVICE_UNAVAILABLE";

export type FieldErrors = Record<string, string[]>;

export class DomainError extends Error {
  override name = "DomainError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Messages by input field, shown next to the form's inputs. */
    readonly fieldErrors: FieldErrors | null = null,
  ) {
    super(message);
  }
}

/** An error about particular fields: the first message is the error's own. */
export class FieldError extends DomainError {
  constructor(code: ErrorCode, fieldErrors: FieldErrors) {
    super(code, Object.values(fieldErrors)[0]?.[0] ?? "Invalid input", fieldErrors);
  }
}

/** A free slot to offer instead of one that cannot be booked. */
export interface Alternative {
  start: Date;
  end: Date;
  resourceIds: string[];
}

/** A slot that was taken meanwhile: the client shows "just taken" and these instead. */
export class SlotTakenError extends DomainError {
  constructor(
    message: string,
    readonly alternatives: Alternative[],
  ) {
    super("CONFLICT", message);
  }
}

/** A start that is not on the slot grid: says so on `start` and offers the nearest ones. */
export class OffGridError extends FieldError {
  constructor(
    message: string,
    readonly alternatives: Alternative[],
  ) {
    super("BAD_REQUEST", { start: [message] });
  }
}

/** Refused for now; `retryAfterSeconds` says when asking again can succeed. */
export class RetryLaterError extends DomainError {
  constructor(
    code: "TOO_MANY_REQUESTS" | "SERVICE_UNAVAILABLE",
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(code, message);
  }
}

/** Seconds a refusal asks the client to wait (for a Retry-After header), or null. */
export function retryAfterOf(error: unknown): number | null {
  for (let e = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    if (e instanceof RetryLaterError) return e.retryAfterSeconds;
  }
  return null;
}

export function notFound(what = "Not found"): DomainError {
  return new DomainError("NOT_FOUND", what);
}

export function badRequest(message: string): DomainError {
  return new DomainError("BAD_REQUEST", message);
}

export function conflict(message: string): DomainError {
  return new DomainError("CONFLICT", message);
}

export function forbidden(message: string): DomainError {
  return new DomainError("FORBIDDEN", message);
}

/** Seconds a client should wait while the database is unreachable. */
export const UNAVAILABLE_RETRY_SECONDS = 5;

/** Unique constraints a user can trip, and the form field each one is about. */
const uniqueFields: Partial<Record<string, { field: string; message: string }>> = {
  [constraints.userEmail]: { field: "email", message: "An account with this email already exists" },
  [constraints.patientMobile]: {
    field: "mobile",
    message: "Another patient already has this mobile number",
  },
  [constraints.patientUser]: {
    field: "email",
    message: "That account is already linked to a patient",
  },
  [constraints.departmentName]: { field: "name", message: "A department with this name exists" },
  [constraints.serviceName]: { field: "name", message: "A service with this name exists" },
  [constraints.practitionerUser]: {
    field: "userId",
    message: "That member already has a practitioner profile",
  },
  [constraints.organizationSlug]: { field: "slug", message: "This address is already taken" },
  [constraints.consultationAppointment]: {
    field: "appointmentId",
    message: "This appointment already has a consultation",
  },
  [constraints.ledgerReversal]: {
    field: "entryId",
    message: "This entry has already been reversed",
  },
  [constraints.formSubmissionRequest]: {
    field: "token",
    message: "This form has already been submitted",
  },
  [constraints.membershipUser]: { field: "email", message: "This person is already a member" },
  [constraints.siteCustomDomain]: {
    field: "domain",
    message: "Another practice already uses this domain",
  },
  [constraints.reviewAppointment]: {
    field: "appointmentId",
    message: "You have already reviewed this visit",
  },
  [constraints.productSku]: { field: "sku", message: "Another product has this SKU" },
  [constraints.productBarcode]: { field: "barcode", message: "Another product has this barcode" },
  [constraints.invitationPending]: {
    field: "email",
    message: "This email already has a pending invitation. Resend it instead.",
  },
};

/**
 * Composite (organization_id, id) foreign keys: a violation means the referenced record is
 * not in this organization, which to the caller is simply "not found".
 */
const tenantReferences: Partial<Record<string, { field: string; message: string }>> = {
  [constraints.practitionerDepartment]: { field: "departmentId", message: "Department not found" },
  [constraints.practitionerPhoto]: { field: "photoFileId", message: "Photo not found" },
  [constraints.certificatePractitioner]: {
    field: "practitionerId",
    message: "Practitioner not found",
  },
  [constraints.certificateFile]: { field: "fileId", message: "File not found" },
  [constraints.resourceDepartment]: { field: "departmentId", message: "Department not found" },
  [constraints.resourcePractitioner]: {
    field: "practitionerId",
    message: "Practitioner not found",
  },
  [constraints.serviceDepartment]: { field: "departmentId", message: "Department not found" },
  [constraints.serviceRequirementDepartment]: {
    field: "requirements",
    message: "Department not found",
  },
  [constraints.documentPatient]: { field: "patientId", message: "Patient not found" },
  [constraints.documentFile]: { field: "fileId", message: "File not found" },
  [constraints.scheduleRuleResource]: { field: "resourceId", message: "Resource not found" },
  [constraints.scheduleExceptionResource]: { field: "resourceId", message: "Resource not found" },
  [constraints.appointmentPatient]: { field: "patientId", message: "Patient not found" },
  [constraints.consultationPatient]: { field: "patientId", message: "Patient not found" },
  [constraints.consultationAppointmentFk]: {
    field: "appointmentId",
    message: "Appointment not found",
  },
  [constraints.consultationPractitioner]: {
    field: "practitionerId",
    message: "Practitioner not found",
  },
  [constraints.consultationDocumentDocument]: {
    field: "documentId",
    message: "Document not found",
  },
  [constraints.toothConditionPatient]: { field: "patientId", message: "Patient not found" },
  [constraints.treatmentPlanPatient]: { field: "patientId", message: "Patient not found" },
  [constraints.treatmentPatient]: { field: "patientId", message: "Patient not found" },
  [constraints.treatmentService]: { field: "serviceId", message: "Service not found" },
  [constraints.treatmentPractitioner]: {
    field: "practitionerId",
    message: "Practitioner not found",
  },
  [constraints.treatmentPlanFk]: { field: "planId", message: "Treatment plan not found" },
  [constraints.ledgerPatient]: { field: "patientId", message: "Patient not found" },
  [constraints.ledgerTreatment]: { field: "treatmentId", message: "Treatment not found" },
  [constraints.formRequestPatient]: { field: "patientId", message: "Patient not found" },
  [constraints.formRequestVersion]: { field: "questionnaireId", message: "Form not found" },
  [constraints.appointmentService]: { field: "serviceId", message: "Service not found" },
  [constraints.appointmentResourceResource]: {
    field: "resourceIds",
    message: "Resource not found",
  },
};

const stockGuards = new Set<string>([
  constraints.stockLotQuantity,
  constraints.stockLotReserved,
  constraints.productOnHand,
]);

/**
 * What a database error means to the caller, or undefined when it is a fault of ours (a 500).
 * The one mapping of SQLSTATEs and constraint names; nothing else inspects them for the API.
 */
export function domainErrorOf(error: unknown): DomainError | undefined {
  if (error instanceof DomainError) return error;
  // The engine's own wording names internals ("epoch-minute value"); the user gets this.
  if (error instanceof SchedulingInputError) return badRequest("That date or time cannot be used");
  const mapped = mapDatabaseError(error);
  // The database's own error stays attached for the logs (which drop the values it quotes).
  if (mapped) mapped.cause = error;
  return mapped;
}

function mapDatabaseError(error: unknown): DomainError | undefined {
  if (isConnectionError(error)) {
    return new RetryLaterError(
      "SERVICE_UNAVAILABLE",
      "Caredesk cannot reach its database right now. Please try again in a moment.",
      UNAVAILABLE_RETRY_SECONDS,
    );
  }
  const pg = findPgError(error);
  if (!pg) return undefined;
  switch (pg.code) {
    case PG.uniqueViolation: {
      const known = pg.constraint ? uniqueFields[pg.constraint] : undefined;
      if (known) return new FieldError("CONFLICT", { [known.field]: [known.message] });
      return conflict("This already exists");
    }
    case PG.exclusionViolation:
      return conflict("That time is no longer available");
    case PG.foreignKeyViolation: {
      if (pg.detail?.includes("still referenced")) return conflict("It is still in use elsewhere");
      const tenant = pg.constraint ? tenantReferences[pg.constraint] : undefined;
      if (tenant) return new FieldError("NOT_FOUND", { [tenant.field]: [tenant.message] });
      return badRequest("A referenced record does not exist");
    }
    case PG.checkViolation:
      // The shelf's own guarantee: a lot never below zero, reservations never above it.
      if (pg.constraint && stockGuards.has(pg.constraint)) {
        return conflict("Not enough stock: it was sold or moved meanwhile");
      }
      return badRequest("Some values are not valid");
    case PG.notNullViolation:
    case PG.invalidTextRepresentation:
    case PG.stringDataRightTruncation:
    case PG.datetimeFieldOverflow:
    case PG.numericValueOutOfRange:
    case PG.characterNotInRepertoire:
    case PG.untranslatableCharacter:
      return badRequest("Some values are not valid");
    case PG.objectNotInPrerequisiteState:
      if (pg.constraint === constraints.signedRecordLocked) {
        return conflict("This record is kept as evidence and can no longer be changed");
      }
      return undefined;
    case PG.deadlockDetected:
    case PG.serializationFailure:
      return conflict("Please try again");
    default:
      return undefined;
  }
}

/**
 * A booking refused because its time was taken: our own check (SlotTakenError) or the
 * database's exclusion constraint (23P01), however deep in `error`'s causes. For the metrics.
 */
export function isBookingConflict(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === "object" && depth < 8; depth++) {
    if (current instanceof SlotTakenError) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return findPgError(error)?.code === PG.exclusionViolation;
}
