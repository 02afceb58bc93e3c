"use client";
import { useCallback, useMemo } from "react";
import { usePathname, useSearchParams } from "next/navigation";
import { parseVersionViewState, versionViewSearch, type VersionViewState } from "@/lib/domain/versions";

/**
 * The history view's state lives in the URL (`?version=3`, `?compare=1,3&diff=only`, `&metric=auc`) so every
 * view is a deep link. Updates use the native History API, which Next's router observes, so no server
 * round trip happens; `push` adds a history entry (picking a comparison), otherwise the entry is replaced.
 */
export function useVersionViewState() {
  const params = useSearchParams();
  const pathname = usePathname();
  const state = useMemo(() => parseVersionViewState(params), [params]);
  const update = useCallback(
    (next: Partial<VersionViewState>, opts: { push?: boolean } = {}) => {
      const url = `${pathname}${versionViewSearch(params.toString(), next)}`;
      if (opts.push) window.history.pushState(null, "", url);
      else window.history.replaceState(null, "", url);
    },
    [params, pathname],
  );
  return { state, update };
}
