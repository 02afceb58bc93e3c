"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch, type Cached } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import { apiPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import type { DataAssetView } from "@/lib/domain/datastores";
import type { AssetVersion } from "@/lib/domain/versions";
import type { CreateVersionBody, PatchBody } from "./server/schemas";

const base = (ref: WorkspaceRef) => `${apiPath(ref)}/data`;

export function useDataAssets(ref: WorkspaceRef, view: "active" | "archived" | "all") {
  return useQuery({
    queryKey: queryKeys.dataAssets(ref, view),
    queryFn: () => apiFetch<Cached<DataAssetView[]>>(`${base(ref)}?view=${view}`),
  });
}

export function useDataAsset(ref: WorkspaceRef, name: string) {
  return useQuery({
    queryKey: queryKeys.dataAsset(ref, name),
    queryFn: () => apiFetch<Cached<DataAssetView>>(`${base(ref)}/${encodeURIComponent(name)}`),
  });
}

export function useDataVersions(ref: WorkspaceRef, name: string) {
  return useQuery({
    queryKey: queryKeys.dataVersions(ref, name),
    queryFn: () => apiFetch<Cached<AssetVersion[]>>(`${base(ref)}/${encodeURIComponent(name)}/versions`),
  });
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
