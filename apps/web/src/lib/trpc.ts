// The typed API client. Sign-in and sign-up travel unbatched so a rate-limit (429) answer
// arrives as its own readable error; everything else is batched.
import type { AppRouter } from "@caredesk/api";
import { errorCode } from "@caredesk/ui";
import { QueryClient } from "@tanstack/react-query";
import { httpBatchLink, httpLink, httpSubscriptionLink, splitLink } from "@trpc/client";
import { createTRPCQueryUtils, createTRPCReact, getQueryKey } from "@trpc/react-query";
import superjson from "superjson";
import { getActiveOrganizationId } from "./active-organization";

export const trpc = createTRPCReact<AppRouter>();

const unbatchedProcedures = new Set(["auth.signIn", "auth.signUp"]);

function headers(): Record<string, string> {
  const organizationId = getActiveOrganizationId();
  return organizationId ? { "x-organization-id": organizationId } : {};
}

export function createTrpcClient() {
  return trpc.createClient({
    links: [
      splitLink({
        // Live updates (the calendar) arrive over server-sent events.
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({
          url: "/trpc",
          transformer: superjson,
          // EventSource cannot send headers: the organization travels as a connection
          // parameter (the server reads it like x-organization-id); cookies carry the session.
          connectionParams: () => {
            const organizationId = getActiveOrganizationId();
            return organizationId ? { organizationId } : {};
          },
          eventSourceOptions: { withCredentials: true },
        }),
        false: splitLink({
          condition: (op) => unbatchedProcedures.has(op.path),
          true: httpLink({ url: "/trpc", transformer: superjson, headers }),
          false: httpBatchLink({ url: "/trpc", transformer: superjson, headers }),
        }),
      }),
    ],
  });
}

/** Answers that will not change by asking again. */
const finalCodes = new Set([
  "BAD_REQUEST",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "PRECONDITION_FAILED",
  "TOO_MANY_REQUESTS",
]);

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failureCount, error) => !finalCodes.has(errorCode(error) ?? "") && failureCount < 2,
      },
    },
  });
}

export function createUtils(queryClient: QueryClient, client: ReturnType<typeof createTrpcClient>) {
  return createTRPCQueryUtils<AppRouter>({ queryClient, client });
}

export type TrpcUtils = ReturnType<typeof createUtils>;

const [accountPath] = getQueryKey(trpc.auth);

/**
 * Drops cached organization data (not just marks it stale): after a switch the old
 * organization's members, patients or doctors must never show, not even while the new ones
 * load. Everything but the account itself (`auth.*`) belongs to an organization.
 */
export function resetOrganizationData(queryClient: QueryClient) {
  return queryClient.resetQueries({
    predicate: (query) => {
      const [path] = query.queryKey;
      return !(Array.isArray(path) && path[0] === accountPath[0]);
    },
  });
}
