"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch, type Cached } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import { apiPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import type { DataAssetView } from "@/lib/domain/datastores";
import type { AssetVersion, VersionHistorySeed } from "@/lib/domain/versions";
import { useVersionPages } from "@/components/assets/useVersionPages";
import { seededList } from "@/lib/client/list-seed";
import type { ListSeed } from "@/lib/domain/cache-meta";
import type { CreateVersionBody, PatchBody } from "./server/schemas";

const base = (ref: WorkspaceRef) => `${apiPath(ref)}/data`;

/** The data assets list; `initial` is what the page rendered on the server with (its first rows). */
export function useDataAssets(
  ref: WorkspaceRef,
  view: "active" | "archived" | "all",
  initial?: ListSeed<DataAssetView> | null,
) {
  return useQuery({
    queryKey: queryKeys.dataAssets(ref, view),
    queryFn: () => apiFetch<Cached<DataAssetView[]>>(`${base(ref)}?view=${view}`),
    ...seededList(initial),
  });
}

export function useDataAsset(ref: WorkspaceRef, name: string) {
  return useQuery({
    queryKey: queryKeys.dataAsset(ref, name),
    queryFn: () => apiFetch<Cached<DataAssetView>>(`${base(ref)}/${encodeURIComponent(name)}`),
  });
}

/** The data asset's history a page at a time; `seed` is what the page rendered on the server with. */
export function useDataVersions(ref: WorkspaceRef, name: string, seed?: VersionHistorySeed | null) {
  return useVersionPages(queryKeys.dataVersions(ref, name), `${base(ref)}/${encodeURIComponent(name)}/versions`, seed);
}

function useDataMutation<V, R>(ref: WorkspaceRef, fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () =>
      qc.invalidateQueries({ queryKey: ["ws", ref.subscriptionId, ref.resourceGroup, ref.workspace, "data"] }),
  });
}

export function useCreateDataVersion(ref: WorkspaceRef) {
  return useDataMutation(ref, ({ name, body }: { name: string; body: CreateVersionBody }) =>
    apiFetch<{ data: AssetVersion }>(`${base(ref)}/${encodeURIComponent(name)}/versions`, { method: "POST", body }),
  );
}

export function usePatchDataVersion(ref: WorkspaceRef) {
  return useDataMutation(ref, ({ name, version, body }: { name: string; version: string; body: PatchBody }) =>
    apiFetch<{ data: AssetVersion }>(
      `${base(ref)}/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}`,
      { method: "PATCH", body },
    ),
  );
}

export function usePatchDataAsset(ref: WorkspaceRef) {
  return useDataMutation(ref, ({ name, body }: { name: string; body: PatchBody }) =>
    apiFetch<{ data: DataAssetView }>(`${base(ref)}/${encodeURIComponent(name)}`, { method: "PATCH", body }),
  );
}

export function useImportDataYaml(ref: WorkspaceRef) {
  return useDataMutation(ref, (yaml: string) =>
    apiFetch<{ data: AssetVersion & { name: string } }>(base(ref), { method: "POST", body: { yaml } }),
  );
}
