"use client";
import { useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch, type Cached } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import { apiPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import type { ModelLatest, ModelRow } from "@/lib/domain/models";
import type { AssetVersion, VersionFile, VersionHistorySeed } from "@/lib/domain/versions";
import { useVersionPages } from "@/components/assets/useVersionPages";
import { seededList } from "@/lib/client/list-seed";
import type { ListSeed } from "@/lib/domain/cache-meta";
import type { MlflowInfo, RegisterModelBody, UpdateModelVersionBody } from "./server/models";

const enc = encodeURIComponent;
export type ArchivedFilter = "exclude" | "include" | "only";

/**
 * The models list: containers alone (one paged upstream list), or with `withLatest` each latest version's type and
 * stage too (one upstream read per model: only while a type or stage filter is set). `initial` is what the page
 * rendered on the server with (the first of the active models' containers).
 */
export function useModels(
  ref: WorkspaceRef,
  archived: ArchivedFilter,
  opts: { withLatest: boolean; initial?: ListSeed<ModelRow> | null },
) {
  return useQuery({
    queryKey: queryKeys.models(ref, archived, opts.withLatest),
    queryFn: () =>
      apiFetch<Cached<ModelRow[]>>(`${apiPath(ref)}/models?archived=${archived}&withLatest=${opts.withLatest}`),
    ...seededList(opts.withLatest ? null : opts.initial),
  });
}

/**
 * Type and stage of the rows on screen: one request per block of rows (their `name@version`s), kept 30 s and
 * dropped with every model query after a write. `seed` is what the page rendered on the server with; a block all
 * of whose versions it holds starts from it.
 */
export function useModelDetails(ref: WorkspaceRef, blocks: string[][], seed?: Record<string, ModelLatest> | null) {
  const answers = useQueries({
    queries: blocks.map((versions) => {
      const key = versions.join(",");
      const seeded = seed && versions.every((v) => v in seed);
      return {
        queryKey: queryKeys.modelDetails(ref, key),
        // A block scrolled past before it came is not fetched on (the signal cancels it).
        queryFn: ({ signal }) =>
          apiFetch<Cached<Record<string, ModelLatest>>>(`${apiPath(ref)}/model-details?versions=${enc(key)}`, {
            signal,
          }),
        staleTime: 30_000,
        initialData: seeded
          ? {
              data: Object.fromEntries(versions.map((v) => [v, seed[v]])),
              cache: { source: "cache" as const, ageMs: 0 },
            }
          : undefined,
      };
    }),
  });
  const details = new Map<string, ModelLatest>();
  for (const a of answers) for (const [k, v] of Object.entries(a.data?.data ?? {})) details.set(k, v);
  return { details, error: answers.find((a) => a.error)?.error ?? null };
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
      // With the signal, a version flipped past before its files came is not fetched on behind the one now shown.
      queryFn: ({ signal }) =>
        apiFetch<Cached<VersionFile[]>>(`${apiPath(ref)}/models/${enc(name)}/versions/${enc(v)}/files`, { signal }),
      staleTime: 10 * 60_000,
    })),
  });
}

/** MLmodel signature and input example of the MLflow versions on screen. */
export function useModelMlflow(ref: WorkspaceRef, name: string, versions: string[]) {
  return useQueries({
    queries: versions.map((v) => ({
      queryKey: queryKeys.modelMlflow(ref, name, v),
      queryFn: ({ signal }) =>
        apiFetch<Cached<MlflowInfo>>(`${apiPath(ref)}/models/${enc(name)}/versions/${enc(v)}/mlflow`, { signal }),
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
