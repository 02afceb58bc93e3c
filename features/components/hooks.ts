"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch, type Cached } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import { apiPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import type { RegisterComponentBody } from "./server/schemas";
import type { ComponentDetail, ComponentSummary, ComponentVersionView } from "./server/components";

export type CodeFiles = {
  files: { path: string; size: number }[] | null;
  file: { path: string; size: number; text: string } | null;
};

export function useComponents(ref: WorkspaceRef, archived = false) {
  return useQuery({
    queryKey: queryKeys.components(ref, archived),
    queryFn: () =>
      apiFetch<Cached<ComponentSummary[]>>(`${apiPath(ref)}/components${archived ? "?archived=true" : ""}`),
  });
}

export function useComponent(ref: WorkspaceRef, name: string | null) {
  return useQuery({
    queryKey: queryKeys.component(ref, name ?? ""),
    queryFn: () => apiFetch<Cached<ComponentDetail>>(`${apiPath(ref)}/components/${encodeURIComponent(name!)}`),
    enabled: !!name,
  });
}

export function useComponentCode(ref: WorkspaceRef, name: string, version: string | null, path?: string) {
  return useQuery({
    queryKey: queryKeys.componentCode(ref, name, version ?? "", path),
    queryFn: () =>
      apiFetch<{ data: CodeFiles }>(
        `${apiPath(ref)}/components/${encodeURIComponent(name)}/versions/${encodeURIComponent(version!)}/code${path ? `?path=${encodeURIComponent(path)}` : ""}`,
      ),
    enabled: !!version,
    staleTime: 5 * 60_000,
  });
}

export function useRegisterComponent(ref: WorkspaceRef) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: RegisterComponentBody) =>
      apiFetch<{ data: ComponentVersionView }>(`${apiPath(ref)}/components`, { method: "POST", body }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.componentsAll(ref) }),
  });
}

export function useArchiveComponent(ref: WorkspaceRef) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ name, archived }: { name: string; archived: boolean }) =>
      apiFetch(`${apiPath(ref)}/components/${encodeURIComponent(name)}`, { method: "PATCH", body: { archived } }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.componentsAll(ref) }),
  });
}
