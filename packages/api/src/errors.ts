// Database errors become API errors here and nowhere else.
import { findPgError, PG } from "@caredesk/db";
import { TRPCError } from "@trpc/server";

/** Unique constraints a user can trip, and the form field each one is about. */
const constraintFields: Record<string, { field: string; message: string }> = {
  user_email_lower_key: { field: "email", message: "An account with this email already exists" },
  organization_slug_key: { field: "slug", message: "This address is already taken" },
  membership_organization_user_key: {
    field: "email",
    message: "This person is already a member",
  },
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
    case PG.foreignKeyViolation:
      return new TRPCError({ code: "BAD_REQUEST", message: "A referenced record does not exist" });
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
