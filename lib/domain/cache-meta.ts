/**
 * Where a read came from and how old it is. Read routes send it in headers rather than in the body, so the body is
 * exactly the cached data and can be served from bytes encoded once per cached row (see lib/server/route.ts).
 */
export type CacheMeta = { source: "cache" | "upstream" | "stale"; ageMs: number; upstreamError?: string };
export type Cached<T> = { data: T; cache: CacheMeta };

export const CACHE_SOURCE_HEADER = "x-cache-source";
export const CACHE_AGE_HEADER = "x-cache-age-ms";
export const UPSTREAM_ERROR_HEADER = "x-upstream-error";

export function cacheMetaHeaders(meta: CacheMeta): Record<string, string> {
  return {
    [CACHE_SOURCE_HEADER]: meta.source,
    [CACHE_AGE_HEADER]: String(Math.max(0, Math.round(meta.ageMs))),
    // HTTP's own Age header, in seconds, for anything in between that understands it.
    age: String(Math.max(0, Math.floor(meta.ageMs / 1000))),
    ...(meta.upstreamError ? { [UPSTREAM_ERROR_HEADER]: encodeURIComponent(meta.upstreamError) } : {}),
  };
}

/** The cache metadata of a response, or null when the route is not a cached read. */
export function cacheMetaFrom(headers: { get(name: string): string | null }): CacheMeta | null {
  const source = headers.get(CACHE_SOURCE_HEADER);
  if (source !== "cache" && source !== "upstream" && source !== "stale") return null;
  const error = headers.get(UPSTREAM_ERROR_HEADER);
  return {
    source,
    ageMs: Number(headers.get(CACHE_AGE_HEADER) ?? 0),
    ...(error ? { upstreamError: decodeURIComponent(error) } : {}),
  };
}

/**
 * A long list's first rows as a page renders them on the server, and how many rows the whole list holds. The HTML
 * carries what the first screens show, not all 10,000 rows (3 MB of RSC payload to parse before the first paint);
 * the browser reads the whole list through its route right after.
 */
export type ListSeed<T> = Cached<T[]> & { total: number };

/** Rows a list page renders on the server: a tall screen's worth and the next screen, which scrolling reaches first. */
export const LIST_SEED_ROWS = 100;

/** The first `rows` of a cached list as its page's seed. */
export function listSeed<T>(list: Cached<T[]>, rows = LIST_SEED_ROWS): ListSeed<T> {
  return { data: list.data.slice(0, rows), cache: list.cache, total: list.data.length };
}
