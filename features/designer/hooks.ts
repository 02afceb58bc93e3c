"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import { apiPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import {
  packGraph,
  unpackGraph,
  type PackedGraph,
  type PipelineGraph,
  type ValidationProblem,
} from "@/lib/domain/pipeline";
import type { Draft, DraftSummary } from "./server/drafts";

/** A draft as the editor holds it: the graph unpacked. */
export type OpenDraft = Omit<Draft, "graph"> & { graph: PipelineGraph };
const unpackDraft = (res: { data: Draft }): OpenDraft => ({ ...res.data, graph: unpackGraph(res.data.graph) });

export function useDrafts(ref: WorkspaceRef) {
  return useQuery({
    queryKey: queryKeys.pipelineDrafts(ref),
    queryFn: () => apiFetch<{ data: DraftSummary[] }>(`${apiPath(ref)}/pipeline-drafts`),
  });
}

export function useDraft(ref: WorkspaceRef, id: string | null) {
  return useQuery({
    queryKey: queryKeys.pipelineDraft(ref, id ?? ""),
    queryFn: async () => unpackDraft(await apiFetch<{ data: Draft }>(`${apiPath(ref)}/pipeline-drafts/${id}`)),
    enabled: !!id,
    // The editor owns the graph once loaded; refetching would overwrite unsaved edits.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

export function useCreateDraft(ref: WorkspaceRef) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ name, graph }: { name: string; graph: PipelineGraph }) =>
      unpackDraft(
        await apiFetch<{ data: Draft }>(`${apiPath(ref)}/pipeline-drafts`, {
          method: "POST",
          body: { name, graph: packGraph(graph) },
        }),
      ),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.pipelineDrafts(ref) }),
  });
}

/** Saves a draft over `version`; a 409 (ApiClientError status 409) means another tab or user saved first. */
export function useSaveDraft(ref: WorkspaceRef) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, graph, ...rest }: { id: string; name?: string; graph: PipelineGraph; version: number }) =>
      unpackDraft(
        await apiFetch<{ data: Draft }>(`${apiPath(ref)}/pipeline-drafts/${id}`, {
          method: "PUT",
          body: { ...rest, graph: packGraph(graph) },
        }),
      ),
    onSuccess: (draft) => qc.setQueryData(queryKeys.pipelineDraft(ref, draft.id), draft),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.pipelineDrafts(ref), exact: true }),
  });
}

export function useDeleteDraft(ref: WorkspaceRef) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch(`${apiPath(ref)}/pipeline-drafts/${id}`, { method: "DELETE" }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.pipelineDrafts(ref), exact: true }),
  });
}

export function useImportPipeline(ref: WorkspaceRef) {
  return useMutation({
    mutationFn: async (body: { yaml: string; files: Record<string, string> }) => {
      const res = await apiFetch<{ data: { graph: PackedGraph; problems: ValidationProblem[] } }>(
        `${apiPath(ref)}/pipeline-import`,
        { method: "POST", body },
      );
      return { graph: unpackGraph(res.data.graph), problems: res.data.problems };
    },
  });
}
