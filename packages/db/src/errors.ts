// PostgreSQL errors arrive wrapped (DrizzleQueryError → postgres.js / PGlite error):
// walk the cause chain once, here, and everyone else asks this module.

export interface PgErrorInfo {
  code: string;
  constraint?: string | undefined;
  detail?: string | undefined;
}

export function findPgError(error: unknown): PgErrorInfo | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 8; depth++) {
    if (typeof current === "object") {
      const candidate = current as Record<string, unknown>;
      if (typeof candidate.code === "string" && /^[0-9A-Z]{5}$/.test(candidate.code)) {
        const constraint = candidate.constraint_name ?? candidate.constraint;
        return {
          code: candidate.code,
          constraint: typeof constraint === "string" ? constraint : undefined,
          detail: typeof candidate.detail === "string" ? candidate.detail : undefined,
        };
      }
      current = candidate.cause;
    } else {
      return undefined;
    }
  }
  return undefined;
}

/** SQLSTATEs that mean the server is going away or cannot take connections now. */
const unavailableStates = new Set(["57P01", "57P02", "57P03", "53300"]);

/** Node and postgres.js codes for a connection that could not be made or was lost. */
const connectionCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
]);

/**
 * Whether an error means the database could not be reached (down, restarting, refusing
 * connections), as opposed to a query it refused: the caller should try again later.
 */
export function isConnectionError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === "object" && depth < 8; depth++) {
    const { code, cause, errors } = current as {
      code?: unknown;
      cause?: unknown;
      errors?: unknown;
    };
    if (typeof code === "string") {
      if (connectionCodes.has(code) || unavailableStates.has(code) || /^08[0-9A-Z]{3}$/.test(code))
        return true;
    }
    // A connection attempt to several addresses fails with an AggregateError of them all.
    if (Array.isArray(errors) && errors.some((e) => isConnectionError(e))) return true;
    current = cause;
  }
  return false;
}

export const PG = {
  uniqueViolation: "23505",
  foreignKeyViolation: "23503",
  checkViolation: "23514",
  notNullViolation: "23502",
  exclusionViolation: "23P01",
  deadlockDetected: "40P01",
  serializationFailure: "40001",
  invalidTextRepresentation: "22P02",
  stringDataRightTruncation: "22001",
  datetimeFieldOverflow: "22008",
  numericValueOutOfRange: "22003",
  characterNotInRepertoire: "22021",
  untranslatableCharacter: "22P05",
  insufficientPrivilege: "42501",
  /** Raised by the evidence locks (migration 0011) with constraint "signed_record_locked". */
  objectNotInPrerequisiteState: "55000",
} as const;
