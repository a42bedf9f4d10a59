import { useCallback, useSyncExternalStore } from "react";

/**
 * Whether a CSS media query matches now, kept in step as the window is resized or rotated,
 * e.g. `useMediaQuery("(min-width: 768px)")` for layouts that differ in structure, not only
 * in style. Outside a browser it answers `fallback`.
 */
export function useMediaQuery(query: string, fallback = false): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (typeof window === "undefined" || !("matchMedia" in window)) return () => {};
      const list = window.matchMedia(query);
      list.addEventListener("change", onChange);
      return () => list.removeEventListener("change", onChange);
    },
    [query],
  );
  return useSyncExternalStore(
    subscribe,
    () =>
      typeof window === "undefined" || !("matchMedia" in window)
        ? fallback
        : window.matchMedia(query).matches,
    () => fallback,
  );
}
