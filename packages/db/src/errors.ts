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

export const PG = {
  uniqueViolation: "23505",
  foreignKeyViolation: "23503",
  checkViolation: "23514",
  notNullViolation: "23502",
  exclusionViolation: "23P01",
  deadlockDetected: "40P01",
  serializationFailure: "40001",
  invalidTextRepresentation: "22P02",
  insufficientPrivilege: "42501",
} as const;
