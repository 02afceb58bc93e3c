import "server-only";
import { studioPath } from "@/lib/domain/arm-names";
import type { Cached, CacheMeta } from "@/lib/domain/cache-meta";
import { toApiError } from "@/lib/server/upstream-errors";
import type { WorkspaceContext } from "@/lib/server/workspace-context";
import { listComputes } from "@/features/compute/server";
import { listDataAssetSummaries } from "@/features/data-assets/server";
import { listModelSummaries } from "@/features/models/server";
import { listJobs } from "@/features/jobs/server";
import {
  assetsSection,
  combinedCache,
  computesSection,
  jobsSection,
  type OverviewSection,
  type WorkspaceOverview,
} from "../model";

/**
 * A workspace's overview: running jobs, computes by state, the latest models and data assets, over the same cached
 * lists the sections show (no upstream call while a list is fresh; only lists the caller may read). A list that
 * fails leaves its section saying why; the others still answer. Access problems (401/403/404) are the answer's.
 */
export async function getWorkspaceOverview(ctx: WorkspaceContext): Promise<Cached<WorkspaceOverview>> {
  const base = studioPath(ctx.ref);
  const [jobs, computes, models, data] = await Promise.allSettled([
    listJobs(ctx),
    listComputes(ctx),
    // Names and latest versions only: the full lists read each asset's latest version (one call per asset).
    listModelSummaries(ctx, "exclude"),
    listDataAssetSummaries(ctx, "active"),
  ]);
  const caches: (CacheMeta | null)[] = [];
  const failures: string[] = [];
  function section<T, C>(
    settled: PromiseSettledResult<Cached<T>>,
    href: string,
    build: (data: T) => OverviewSection<C>,
  ): OverviewSection<C> {
    if (settled.status === "fulfilled") {
      caches.push(settled.value.cache);
      return build(settled.value.data);
    }
    const error = toApiError(settled.reason);
    if ([401, 403, 404].includes(error.status)) throw error;
    failures.push(error.message);
    caches.push(null);
    return { available: false, error: error.message, href };
  }
  const overview: WorkspaceOverview = {
    jobs: section(jobs, `${base}/jobs`, (list) => jobsSection(base, list)),
    computes: section(computes, `${base}/compute`, (list) => computesSection(base, list)),
    models: section(models, `${base}/models`, (list) => assetsSection(base, "models", list)),
    data: section(data, `${base}/data`, (list) => assetsSection(base, "data", list)),
  };
  return { data: overview, cache: combinedCache(caches, failures) };
}
