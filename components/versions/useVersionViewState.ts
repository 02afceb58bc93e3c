"use client";
import { useCallback, useEffect, useMemo, useState } from "react";
import { usePathname, useSearchParams } from "next/navigation";
import { parseVersionViewState, versionViewSearch, type VersionViewState } from "@/lib/domain/versions";

/**
 * The history view's state lives in the URL (`?version=3`, `?compare=1,3&diff=only`, `&metric=auc`) so every
 * view is a deep link. Updates use the native History API, which Next's router observes, so no server round trip
 * happens; `push` adds a history entry (picking a comparison), otherwise the entry is replaced. The router
 * reports the new URL asynchronously, so the state is also kept locally and applied at once (a switch flips
 * when clicked), then re-read whenever the URL changes (back/forward, links).
 */
export function useVersionViewState() {
  const params = useSearchParams();
  const pathname = usePathname();
  const search = params.toString();
  const fromUrl = useMemo(() => parseVersionViewState(new URLSearchParams(search)), [search]);
  const [state, setState] = useState<VersionViewState>(fromUrl);
  useEffect(() => setState(fromUrl), [fromUrl]);
  const update = useCallback(
    (next: Partial<VersionViewState>, opts: { push?: boolean } = {}) => {
      setState((cur) => ({ ...cur, ...next }));
      const url = `${pathname}${versionViewSearch(window.location.search.replace(/^\?/, ""), next)}`;
      if (opts.push) window.history.pushState(null, "", url);
      else window.history.replaceState(null, "", url);
    },
    [pathname],
  );
  return { state, update };
}
