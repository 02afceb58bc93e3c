"use client";
import { useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch, type Cached } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import { apiPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import type { ModelSummary } from "@/lib/domain/models";
import type { AssetVersion, VersionFile, VersionHistorySeed } from "@/lib/domain/versions";
import { useVersionPages } from "@/components/assets/useVersionPages";
import type { MlflowInfo, RegisterModelBody, UpdateModelVersionBody } from "./server/models";

const enc = encodeURIComponent;
export type ArchivedFilter = "exclude" | "include" | "only";

/** The models list; `initial` is what the page rendered on the server with. */
export function useModels(ref: WorkspaceRef, archived: ArchivedFilter, initial?: Cached<ModelSummary[]> | null) {
  return useQuery({
    queryKey: queryKeys.models(ref, archived),
    queryFn: () => apiFetch<Cached<ModelSummary[]>>(`${apiPath(ref)}/models?archived=${archived}`),
    initialData: initial ?? undefined,
  });
}

/** The model's history a page at a time; `seed` is what the page rendered on the server with. */
export function useModelVersions(ref: WorkspaceRef, name: string, seed?: VersionHistorySeed | null) {
  return useVersionPages(queryKeys.modelVersions(ref, name), `${apiPath(ref)}/models/${enc(name)}/versions`, seed);
}

/** Files (sizes, hashes) of the versions on screen: a version's files never change, so they are kept long. */
export function useModelFiles(ref: WorkspaceRef, name: string, versions: string[]) {
  return useQueries({
    queries: versions.map((v) => ({
      queryKey: queryKeys.modelFiles(ref, name, v),
      queryFn: () => apiFetch<Cached<VersionFile[]>>(`${apiPath(ref)}/models/${enc(name)}/versions/${enc(v)}/files`),
      staleTime: 10 * 60_000,
    })),
  });
}

/** MLmodel signature and input example of the MLflow versions on screen. */
export function useModelMlflow(ref: WorkspaceRef, name: string, versions: string[]) {
  return useQueries({
    queries: versions.map((v) => ({
      queryKey: queryKeys.modelMlflow(ref, name, v),
      queryFn: () => apiFetch<Cached<MlflowInfo>>(`${apiPath(ref)}/models/${enc(name)}/versions/${enc(v)}/mlflow`),
      staleTime: 10 * 60_000,
    })),
  });
}

function useModelMutation<V>(ref: WorkspaceRef, request: (vars: V) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.modelsAll(ref) }),
  });
}

export function useRegisterModelVersion(ref: WorkspaceRef) {
  return useModelMutation(ref, ({ name, version, body }: { name: string; version: string; body: RegisterModelBody }) =>
    apiFetch<{ data: AssetVersion }>(`${apiPath(ref)}/models/${enc(name)}/versions/${enc(version)}`, {
      method: "PUT",
      body,
    }),
  );
}

export function useUpdateModelVersion(ref: WorkspaceRef) {
  return useModelMutation(
    ref,
    ({ name, version, body }: { name: string; version: string; body: UpdateModelVersionBody }) =>
      apiFetch<{ data: AssetVersion }>(`${apiPath(ref)}/models/${enc(name)}/versions/${enc(version)}`, {
        method: "PATCH",
        body,
      }),
  );
}

export const modelDownloadUrl = (ref: WorkspaceRef, name: string, version: string, path: string) =>
  `${apiPath(ref)}/models/${enc(name)}/versions/${enc(version)}/download?path=${enc(path)}&redirect=1`;
