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
 * What a row of this age calls for: `fresh` → served as it is; `revalidate` → served at once and refreshed in the
 * background; `expired` → the upstream first (with a timeout), the row only if the upstream fails.
 */
export function freshnessOf(
  ageMs: number,
  limits: { freshMs: number; staleWhileRevalidateMs: number },
): "fresh" | "revalidate" | "expired" {
  if (ageMs <= limits.freshMs) return "fresh";
  if (ageMs <= limits.staleWhileRevalidateMs) return "revalidate";
  return "expired";
}
