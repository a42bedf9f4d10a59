// How calls travel, decided by what they carry (never by procedure name): live updates
// over server-sent events, FormData on its own request, everything else batched.
import type { AppRouter } from "@caredesk/api";
import {
  httpBatchLink,
  httpLink,
  httpSubscriptionLink,
  isFormData,
  splitLink,
  type TRPCLink,
} from "@trpc/client";
import superjson from "superjson";

export interface ApiLinkOptions {
  /**
   * The organization the person is working in, read at each call and sent as
   * `x-organization-id`. Absent in the operators' app, which acts on no organization.
   */
  organizationId?: () => string | null;
}

/** Where the host serves tRPC, on the app's own origin (Vite proxies it in development). */
const url = "/trpc";

export function apiLinks({ organizationId }: ApiLinkOptions = {}): TRPCLink<AppRouter>[] {
  const headers = (): Record<string, string> => {
    const id = organizationId?.();
    return id ? { "x-organization-id": id } : {};
  };
  return [
    splitLink({
      condition: (op) => op.type === "subscription",
      true: httpSubscriptionLink({
        url,
        transformer: superjson,
        // EventSource cannot send headers: the organization travels as a connection
        // parameter (the server reads it like x-organization-id); cookies carry the session.
        connectionParams: () => {
          const id = organizationId?.();
          return id ? { organizationId: id } : {};
        },
        eventSourceOptions: { withCredentials: true },
      }),
      false: splitLink({
        // A batch is one JSON body; FormData (a file, a form post) needs a request of its own.
        condition: (op) => isFormData(op.input),
        true: httpLink({ url, transformer: superjson, headers }),
        false: httpBatchLink({ url, transformer: superjson, headers }),
      }),
    }),
  ];
}
