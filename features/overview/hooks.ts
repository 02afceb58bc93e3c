"use client";
import { useQuery } from "@tanstack/react-query";
import { apiFetch, type Cached } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import { apiPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import type { WorkspaceOverview } from "./model";

/** The overview follows running jobs and changing computes, so it asks again now and then. */
const OVERVIEW_POLL_MS = 10_000;

export function useWorkspaceOverview(ref: WorkspaceRef) {
  return useQuery({
    queryKey: queryKeys.overview(ref),
    queryFn: () => apiFetch<Cached<WorkspaceOverview>>(`${apiPath(ref)}/overview`),
    refetchInterval: OVERVIEW_POLL_MS,
  });
}
