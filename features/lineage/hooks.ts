"use client";
import { useCallback } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch, type Cached } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import { apiPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import type { Direction, ImpactRow, LineageView } from "@/lib/domain/lineage";

const lineageUrl = (ref: WorkspaceRef, node: string, direction: Direction, hops: number) =>
  `${apiPath(ref)}/lineage?${new URLSearchParams({ node, direction, hops: String(hops) })}`;

export const impactCsvUrl = (ref: WorkspaceRef, node: string) =>
  `${apiPath(ref)}/lineage/impact?${new URLSearchParams({ node, format: "csv" })}`;

/** The nodes within `hops` of a node (the graph's first hop; "trained on" asks 5 hops upstream). */
export function useLineage(ref: WorkspaceRef, node: string, direction: Direction, hops: number) {
  return useQuery({
    queryKey: queryKeys.lineage(ref, node, direction, hops),
    queryFn: () => apiFetch<Cached<LineageView>>(lineageUrl(ref, node, direction, hops)),
  });
}

/** One more hop from a node on the canvas, through the same query cache (a second expansion is instant). */
export function useFetchHop(ref: WorkspaceRef) {
  const qc = useQueryClient();
  return useCallback(
    (node: string, direction: "upstream" | "downstream") =>
      qc.fetchQuery({
        queryKey: queryKeys.lineage(ref, node, direction, 1),
        queryFn: () => apiFetch<Cached<LineageView>>(lineageUrl(ref, node, direction, 1)),
      }),
    [qc, ref],
  );
}

/** Every job, step and model downstream of a data or environment version. */
export function useImpact(ref: WorkspaceRef, node: string) {
  return useQuery({
    queryKey: queryKeys.lineageImpact(ref, node),
    queryFn: () =>
      apiFetch<Cached<ImpactRow[]>>(`${apiPath(ref)}/lineage/impact?${new URLSearchParams({ node, format: "json" })}`),
  });
}
