"use client";
import { useCallback, useMemo } from "react";
import { useInfiniteQuery, useQueries } from "@tanstack/react-query";
import { apiFetch, type Cached, type CacheMeta } from "@/lib/client/api";
import {
  versionsNamedBy,
  type AssetVersion,
  type AssetVersionPage,
  type VersionHistorySeed,
} from "@/lib/domain/versions";
import { useVersionViewState } from "@/components/versions";

/** Loading the rest of a paged history: the view asks for the next page when its last rows come on screen. */
export type MoreVersions = { hasMore: boolean; loading: boolean; load: () => void };

/** A version history as the asset pages use it: the versions the browser has, and how to get more. */
export type VersionPagesQuery = {
  data?: { data: AssetVersion[]; cache?: CacheMeta };
  isLoading: boolean;
  error: unknown;
  more: MoreVersions;
};

/**
 * The one way the asset pages read a version history: page by page (`GET <versionsPath>?cursor=`), newest first,
 * with each version the URL names (`?version=`, `?compare=`) that is not on a loaded page read on its own
 * (`GET <versionsPath>/<version>`), so a link to version 3 of 10,000 opens at once. Those versions come after the
 * loaded pages until their own page arrives. `seed` is what the page rendered on the server with (the first page
 * and the named versions): the first rows are in the HTML and nothing is fetched again for them.
 */
export function useVersionPages(
  queryKey: readonly unknown[],
  versionsPath: string,
  seed?: VersionHistorySeed | null,
): VersionPagesQuery {
  const pages = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) =>
      apiFetch<Cached<AssetVersionPage>>(
        pageParam ? `${versionsPath}?cursor=${encodeURIComponent(pageParam)}` : versionsPath,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.data.next,
    initialData: seed ? { pages: [seed.first], pageParams: [null] } : undefined,
  });
  const loaded = useMemo(() => {
    const seen = new Set<string>();
    const out: AssetVersion[] = [];
    for (const page of pages.data?.pages ?? [])
      for (const v of page.data.versions)
        // A version created between two page reads shifts the pages by one: keep the first copy.
        if (!seen.has(v.version)) {
          seen.add(v.version);
          out.push(v);
        }
    return out;
  }, [pages.data]);

  const { state } = useVersionViewState();
  const missing = pages.data
    ? versionsNamedBy(state).filter((v) => !loaded.some((x) => x.version === v))
    : // Until the first page is here, a named version is fetched alongside it rather than after it.
      versionsNamedBy(state);
  const named = useQueries({
    queries: missing.map((version) => {
      const fromSeed = seed?.named.find((n) => n.data.version === version);
      return {
        queryKey: [...queryKey, "version", version],
        queryFn: () => apiFetch<Cached<AssetVersion>>(`${versionsPath}/${encodeURIComponent(version)}`),
        initialData: fromSeed,
      };
    }),
  });
  const namedKey = named.map((q) => `${q.data?.data.version}@${q.dataUpdatedAt}`).join(",");
  const versions = useMemo(
    () => {
      const extra = named.flatMap((q) =>
        q.data && !loaded.some((x) => x.version === q.data.data.version) ? [q.data.data] : [],
      );
      return extra.length ? [...loaded, ...extra] : loaded;
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `named` is a new array on every render
    [loaded, namedKey],
  );

  // Stable while nothing about paging changes, so the memoized timeline does not re-render for it.
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = pages;
  const load = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const first = pages.data?.pages[0];
  return {
    data: first ? { data: versions, cache: first.cache } : undefined,
    isLoading: pages.isLoading,
    // A named version that cannot be read is not an error of the page: the view falls back to the newest, as for
    // any link naming a version that does not exist.
    error: pages.error,
    more: { hasMore: hasNextPage, loading: isFetchingNextPage, load },
  };
}
