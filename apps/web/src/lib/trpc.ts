// The web's API client: the shared typed hooks, plus what only the web needs.
import { trpc } from "@caredesk/client";
import type { QueryClient } from "@tanstack/react-query";
import { getQueryKey } from "@trpc/react-query";

export { trpc };

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
