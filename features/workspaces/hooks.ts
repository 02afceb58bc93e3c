"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch, type Cached } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import { apiPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import type { WorkspaceSummary } from "./server/workspaces";
import type { CreateWorkspaceBody, UpdateWorkspaceBody } from "./server/schemas";

export function useWorkspaces() {
  return useQuery({
    queryKey: queryKeys.workspaces,
    queryFn: () => apiFetch<Cached<WorkspaceSummary[]>>("/api/workspaces"),
  });
}

type MutationResult<T> = { data: T };

/** Creates a workspace (POST /api/workspaces); the list refreshes when it is done. */
export function useCreateWorkspace() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateWorkspaceBody) =>
      apiFetch<MutationResult<WorkspaceSummary>>("/api/workspaces", { method: "POST", body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.workspaces }),
  });
}

/** Edits a workspace's display name, description and tags. */
export function useUpdateWorkspace(ref: WorkspaceRef) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateWorkspaceBody) =>
      apiFetch<MutationResult<WorkspaceSummary>>(apiPath(ref), { method: "PATCH", body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.workspaces }),
  });
}

/** Deletes a workspace; `force` cancels the jobs still running in it first (without it they are a 409). */
export function useDeleteWorkspace(ref: WorkspaceRef) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ force }: { force: boolean }) =>
      apiFetch<MutationResult<{ deleting: string; canceledJobs: string[] }>>(
        `${apiPath(ref)}${force ? "?force=true" : ""}`,
        { method: "DELETE" },
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.workspaces }),
  });
}
