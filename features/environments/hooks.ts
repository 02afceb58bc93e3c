"use client";
import { useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch, type Cached } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import { apiPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import type { BuildInfo, EnvironmentSummary } from "./model";
import type { AssetVersion, VersionHistorySeed } from "@/lib/domain/versions";
import { useVersionPages } from "@/components/assets/useVersionPages";
import { seededList } from "@/lib/client/list-seed";
import type { ListSeed } from "@/lib/domain/cache-meta";
import type { BuildContextInfo, CreateEnvironmentBody } from "./server/environments";

const enc = encodeURIComponent;

/** The environments list; `initial` is what the page rendered on the server with (its first rows). */
export function useEnvironments(
  ref: WorkspaceRef,
  archived: "exclude" | "include" | "only",
  initial?: ListSeed<EnvironmentSummary> | null,
) {
  return useQuery({
    queryKey: queryKeys.environments(ref, archived),
    queryFn: () => apiFetch<Cached<EnvironmentSummary[]>>(`${apiPath(ref)}/environments?archived=${archived}`),
    ...seededList(initial),
  });
}

/** The environment's history a page at a time; `seed` is what the page rendered on the server with. */
export function useEnvironmentVersions(ref: WorkspaceRef, name: string, seed?: VersionHistorySeed | null) {
  return useVersionPages(
    queryKeys.environmentVersions(ref, name),
    `${apiPath(ref)}/environments/${enc(name)}/versions`,
    seed,
  );
}

/** Build state and log; polled while the build is queued or running. */
export function useEnvironmentBuild(ref: WorkspaceRef, name: string, version: string | null) {
  return useQuery({
    queryKey: queryKeys.environmentBuild(ref, name, version ?? ""),
    queryFn: () =>
      apiFetch<{ data: BuildInfo & { curated: boolean } }>(
        `${apiPath(ref)}/environments/${enc(name)}/versions/${enc(version!)}/build`,
      ),
    enabled: !!version,
    refetchInterval: (q) =>
      q.state.data && (q.state.data.data.status === "Running" || q.state.data.data.status === "NotStarted")
        ? 1000
        : false,
  });
}

/** Build-context files and Dockerfile of the versions on screen. */
export function useEnvironmentContexts(ref: WorkspaceRef, name: string, versions: string[]) {
  return useQueries({
    queries: versions.map((v) => ({
      queryKey: queryKeys.environmentContext(ref, name, v),
      // A version flipped past before its context came is not fetched on (the signal cancels it).
      queryFn: ({ signal }) =>
        apiFetch<Cached<BuildContextInfo | null>>(
          `${apiPath(ref)}/environments/${enc(name)}/versions/${enc(v)}/context`,
          { signal },
        ),
      staleTime: 10 * 60_000,
    })),
  });
}

function useEnvMutation<V>(ref: WorkspaceRef, request: (vars: V) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.environmentsAll(ref) }),
  });
}

export function useCreateEnvironmentVersion(ref: WorkspaceRef) {
  return useEnvMutation(
    ref,
    ({ name, version, body }: { name: string; version: string; body: CreateEnvironmentBody }) =>
      apiFetch<{ data: AssetVersion }>(`${apiPath(ref)}/environments/${enc(name)}/versions/${enc(version)}`, {
        method: "PUT",
        body,
      }),
  );
}

export function useUpdateEnvironmentVersion(ref: WorkspaceRef) {
  return useEnvMutation(
    ref,
    ({
      name,
      version,
      body,
    }: {
      name: string;
      version: string;
      body: { description?: string; tags?: Record<string, string>; archived?: boolean };
    }) =>
      apiFetch<{ data: AssetVersion }>(`${apiPath(ref)}/environments/${enc(name)}/versions/${enc(version)}`, {
        method: "PATCH",
        body,
      }),
  );
}
