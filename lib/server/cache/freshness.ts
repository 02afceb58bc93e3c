import type { CacheDefaults, ReadThroughOptions } from "./types";

/** The limits one read uses: its own options, else the cache's defaults. */
export function limitsOf(o: ReadThroughOptions<unknown>, cfg: CacheDefaults) {
  return {
    freshMs: o.freshMs ?? cfg.freshMs,
    staleWhileRevalidateMs: o.staleWhileRevalidateMs ?? cfg.staleWhileRevalidateMs,
    timeoutMs: o.timeoutMs ?? cfg.timeoutMs,
    accessTtlMs: o.accessTtlMs ?? cfg.accessTtlMs,
  };
}

/**
 * A row stays fresh for at least this many times what its last fetch cost: revalidating a list of 10,000 jobs takes
 * the server a second or more of work, and doing that every 1.5 s would leave little time for anything else. With 5,
 * background refreshes of one list take at most a fifth of the server's time; cheap lists keep their own freshness.
 */
export const REVALIDATION_SPACING = 5;

/**
 * What a row of this age calls for: `fresh` → served as it is; `revalidate` → served at once and refreshed in the
 * background; `expired` → the upstream first (with a timeout), the row only if the upstream fails.
 * `lastFetchMs` is what the row's last fetch and store took in this process, when known.
 */
export function freshnessOf(
  ageMs: number,
  limits: { freshMs: number; staleWhileRevalidateMs: number },
  lastFetchMs = 0,
): "fresh" | "revalidate" | "expired" {
  if (ageMs <= Math.max(limits.freshMs, REVALIDATION_SPACING * lastFetchMs)) return "fresh";
  if (ageMs <= limits.staleWhileRevalidateMs) return "revalidate";
  return "expired";
}
