"use client";
import { useQuery } from "@tanstack/react-query";
import { apiFetch, type Cached } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import type { WorkspaceSummary } from "./server/workspaces";

export function useWorkspaces() {
  return useQuery({
    queryKey: queryKeys.workspaces,
    queryFn: () => apiFetch<Cached<WorkspaceSummary[]>>("/api/workspaces"),
  });
}
