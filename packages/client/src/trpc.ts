// The typed API client both apps use: hooks, the client behind them, and the query cache.
import type { AppRouter } from "@caredesk/api";
import { QueryClient } from "@tanstack/react-query";
import type { TRPCClient } from "@trpc/client";
import { createTRPCQueryUtils, createTRPCReact, type CreateTRPCReact } from "@trpc/react-query";
import { apiLinks, type ApiLinkOptions } from "./links";
import { retryDelay, shouldRetry } from "./retry";

// Annotated so the declarations name AppRouter instead of the api package's internal modules.
export const trpc: CreateTRPCReact<AppRouter, unknown> = createTRPCReact<AppRouter>();

export function createTrpcClient(options: ApiLinkOptions = {}): TRPCClient<AppRouter> {
  return trpc.createClient({ links: apiLinks(options) });
}

export type TrpcClient = ReturnType<typeof createTrpcClient>;

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 30_000, retry: shouldRetry, retryDelay },
    },
  });
}

/** The API's query helpers outside React (route loaders, `beforeLoad`). */
export function createUtils(
  queryClient: QueryClient,
  client: TrpcClient,
): ReturnType<typeof createTRPCQueryUtils<AppRouter>> {
  return createTRPCQueryUtils<AppRouter>({ queryClient, client });
}

export type TrpcUtils = ReturnType<typeof createUtils>;

/** What every route of either app gets in its context. */
export interface RouterContext {
  queryClient: QueryClient;
  utils: TrpcUtils;
}
