// The typed API client for operators. Sign-in travels unbatched so a rate-limit (429)
// answer arrives as its own readable error; everything else is batched.
import type { AppRouter } from "@caredesk/api";
import { errorCode } from "@caredesk/ui";
import { QueryClient } from "@tanstack/react-query";
import { httpBatchLink, httpLink, splitLink } from "@trpc/client";
import { createTRPCQueryUtils, createTRPCReact } from "@trpc/react-query";
import superjson from "superjson";

export const trpc = createTRPCReact<AppRouter>();

const unbatchedProcedures = new Set(["auth.signIn", "auth.signUp"]);

export function createTrpcClient() {
  return trpc.createClient({
    links: [
      splitLink({
        condition: (op) => unbatchedProcedures.has(op.path),
        true: httpLink({ url: "/trpc", transformer: superjson }),
        false: httpBatchLink({ url: "/trpc", transformer: superjson }),
      }),
    ],
  });
}

const finalCodes = new Set([
  "BAD_REQUEST",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
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
