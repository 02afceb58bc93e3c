"use client";
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import { apiPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import type { LineageView } from "./server/lineage";

export type ImpactRow = { id: string; kind: string; name: string; depth: number; via: string };

export const lineageUrl = (ref: WorkspaceRef, node: string) =>
  `${apiPath(ref)}/lineage?node=${encodeURIComponent(node)}`;
export const impactCsvUrl = (ref: WorkspaceRef, node: string) =>
  `${apiPath(ref)}/lineage/impact?node=${encodeURIComponent(node)}&format=csv`;

/** One hop around a node. */
export function useLineage(ref: WorkspaceRef, node: string) {
  return useQuery({
    queryKey: queryKeys.lineage(ref, node),
    queryFn: () => apiFetch<{ data: LineageView }>(lineageUrl(ref, node)).then((r) => r.data),
  });
}

/** Every job and model downstream of a node. */
export function useImpact(ref: WorkspaceRef, node: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.lineageImpact(ref, node),
    queryFn: () =>
      apiFetch<{ data: ImpactRow[] }>(`${apiPath(ref)}/lineage/impact?node=${encodeURIComponent(node)}`).then(
        (r) => r.data,
      ),
    enabled,
  });
}

/** A hop fetched on demand when a node is expanded (the query cache keeps it). */
export const fetchLineage = (ref: WorkspaceRef, node: string) =>
  apiFetch<{ data: LineageView }>(lineageUrl(ref, node)).then((r) => r.data);
