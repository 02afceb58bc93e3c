"use client";
import { useQuery } from "@tanstack/react-query";
import { useParams } from "next/navigation";
import { apiFetch, type Cached } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import type { WorkspaceRef } from "@/lib/domain/arm-names";
import type { WorkspaceSummary } from "./server/workspaces";

export function useWorkspaces() {
  return useQuery({
    queryKey: queryKeys.workspaces,
    queryFn: () => apiFetch<Cached<WorkspaceSummary[]>>("/api/workspaces"),
  });
}

/** The workspace the current page is in, from the `/w/[sub]/[rg]/[ws]` segments; null outside one. */
export function useWorkspaceRef(): WorkspaceRef | null {
  const p = useParams<{ sub?: string; rg?: string; ws?: string }>();
  return p?.sub && p.rg && p.ws ? { subscriptionId: p.sub, resourceGroup: p.rg, workspace: p.ws } : null;
}
