import { useSyncExternalStore } from "react";

const subscribeToNothing = () => () => {};

/**
 * False while the server renders and while the browser hydrates that HTML, true on every client render after it:
 * for what must match the server's HTML at first and may differ once React owns the page.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribeToNothing,
    () => true,
    () => false,
  );
}
