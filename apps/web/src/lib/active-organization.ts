// The organization the staff member is working in. Kept in localStorage so it survives
// reloads, read on every request for the `x-organization-id` header; switching it drops the
// cached data of the one before.
import { trpc } from "@caredesk/client";
import type { QueryClient } from "@tanstack/react-query";
import { getQueryKey } from "@trpc/react-query";
import { useSyncExternalStore } from "react";

const storageKey = "caredesk.organizationId";
const listeners = new Set<() => void>();

export function getActiveOrganizationId(): string | null {
  try {
    return localStorage.getItem(storageKey);
  } catch {
    // Storage can be blocked (privacy modes); the app then falls back to the first organization.
    return null;
  }
}

export function setActiveOrganizationId(id: string | null): void {
  try {
    if (id) localStorage.setItem(storageKey, id);
    else localStorage.removeItem(storageKey);
  } catch {
    // See above: nothing to persist to.
  }
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  // Another tab switching organization should not leave this tab sending a stale header.
  const onStorage = (event: StorageEvent) => {
    if (event.key === storageKey) listener();
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

export function useActiveOrganizationId(): string | null {
  return useSyncExternalStore(subscribe, getActiveOrganizationId, () => null);
}

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
