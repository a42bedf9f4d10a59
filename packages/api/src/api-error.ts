// The one conversion of domain and database errors into the API's errors, for the procedure
// chain (trpc.ts) and for what runs before it (the session lookup in context.ts).
import { TRPCError } from "@trpc/server";
import { domainErrorOf } from "./errors";

/** The API error for `error`, or undefined when it is a fault of ours (a 500). */
export function apiErrorOf(error: unknown): TRPCError | undefined {
  const domain = domainErrorOf(error);
  return domain && new TRPCError({ code: domain.code, message: domain.message, cause: domain });
}
