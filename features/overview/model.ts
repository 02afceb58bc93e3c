import type { CacheMeta } from "@/lib/domain/cache-meta";
import { isTerminal } from "@/lib/domain/jobs/plan";

/** How many recent items each section of the overview lists. */
export const RECENT_ITEMS = 5;

export type OverviewItem = { name: string; detail: string; href: string; at: string | null };

/** One section of a workspace's overview; a section whose list failed upstream says why and the others still answer. */
export type OverviewSection<C> =
  | { available: true; total: number; counts: C; recent: OverviewItem[]; href: string }
  | { available: false; error: string; href: string };

export type WorkspaceOverview = {
  /** Jobs not yet ended (NotStarted … Finalizing), the newest first. */
  jobs: OverviewSection<{ active: number }>;
  /** Computes by state (Running, Stopped, Steady, …). */
  computes: OverviewSection<{ byState: Record<string, number> }>;
  models: OverviewSection<Record<string, never>>;
  data: OverviewSection<Record<string, never>>;
};

type JobLike = { name: string; displayName: string | null; jobType: string; status: string; createdAt: string | null };
type ComputeLike = { name: string; computeType: string; state: string; createdOn: string | null };
type AssetLike = { name: string; latestVersion: string | null; modifiedAt: string | null; createdAt: string | null };

const newestFirst = <T>(items: T[], at: (t: T) => string | null) =>
  [...items].sort((a, b) => (at(b) ?? "").localeCompare(at(a) ?? ""));
const enc = encodeURIComponent;

/** Jobs: how many are active, and the active ones newest first (the newest jobs of any status when none runs). */
export function jobsSection(base: string, jobs: JobLike[]): OverviewSection<{ active: number }> {
  const active = jobs.filter((j) => !isTerminal(j.status));
  const shown = newestFirst(active.length > 0 ? active : jobs, (j) => j.createdAt).slice(0, RECENT_ITEMS);
  return {
    available: true,
    total: jobs.length,
    counts: { active: active.length },
    recent: shown.map((j) => ({
      name: j.displayName && j.displayName !== j.name ? `${j.displayName} (${j.name})` : j.name,
      detail: `${j.jobType} · ${j.status}`,
      href: `${base}/jobs/${enc(j.name)}`,
      at: j.createdAt,
    })),
    href: `${base}/jobs`,
  };
}

/** Computes: a count per state, and the newest computes. */
export function computesSection(
  base: string,
  computes: ComputeLike[],
): OverviewSection<{ byState: Record<string, number> }> {
  const byState: Record<string, number> = {};
  for (const c of computes) byState[c.state] = (byState[c.state] ?? 0) + 1;
  return {
    available: true,
    total: computes.length,
    counts: { byState },
    recent: newestFirst(computes, (c) => c.createdOn)
      .slice(0, RECENT_ITEMS)
      .map((c) => ({
        name: c.name,
        detail: `${c.computeType} · ${c.state}`,
        href: `${base}/compute?name=${enc(c.name)}`,
        at: c.createdOn,
      })),
    href: `${base}/compute`,
  };
}

/** Models or data assets: how many, and the latest changed ones with their latest version. */
export function assetsSection(
  base: string,
  segment: "models" | "data",
  assets: AssetLike[],
): OverviewSection<Record<string, never>> {
  const at = (a: AssetLike) => a.modifiedAt ?? a.createdAt;
  return {
    available: true,
    total: assets.length,
    counts: {},
    recent: newestFirst(assets, at)
      .slice(0, RECENT_ITEMS)
      .map((a) => ({
        name: a.name,
        detail: a.latestVersion ? `version ${a.latestVersion}` : "no version",
        href: `${base}/${segment}/${enc(a.name)}`,
        at: at(a),
      })),
    href: `${base}/${segment}`,
  };
}

/**
 * Where the overview's numbers came from, as one cache status: the oldest part decides the age, and any section
 * served stale (or missing) makes the whole stale, so the page warns as it does for a single list.
 */
export function combinedCache(parts: (CacheMeta | null)[], failures: string[]): CacheMeta {
  const metas = parts.filter((p): p is CacheMeta => p !== null);
  const ageMs = Math.max(0, ...metas.map((m) => m.ageMs));
  const stale = metas.find((m) => m.source === "stale");
  if (stale || failures.length > 0)
    return { source: "stale", ageMs, upstreamError: stale?.upstreamError ?? failures.join("; ") };
  return { source: metas.some((m) => m.source === "upstream") ? "upstream" : "cache", ageMs };
}
