"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch, type Cached } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import { apiPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import { isTransitioning, type ComputeSummary, type ComputeView, type VmSize } from "./model";
import type { FamilyQuota } from "@/lib/domain/quota";
import type { ComputeSchedule, CreateComputeInput, ScaleBody } from "./server/schemas";
import type { AssignableUser } from "./server/users";

/** How often the dashboard asks again while a compute is changing state. */
const LIVE_POLL_MS = 1_500;
const IDLE_POLL_MS = 15_000;

export function useComputes(ref: WorkspaceRef) {
  return useQuery({
    queryKey: queryKeys.computes(ref),
    queryFn: () => apiFetch<Cached<ComputeSummary[]>>(`${apiPath(ref)}/computes`),
    refetchInterval: (q) => (q.state.data?.data.some(isTransitioning) ? LIVE_POLL_MS : IDLE_POLL_MS),
  });
}

/** One compute with everything the detail panel shows; follows state changes while it moves. */
export function useCompute(ref: WorkspaceRef, name: string | null) {
  return useQuery({
    queryKey: queryKeys.compute(ref, name ?? ""),
    queryFn: () => apiFetch<Cached<ComputeView>>(`${apiPath(ref)}/computes/${encodeURIComponent(name!)}`),
    enabled: !!name,
    refetchInterval: (q) => (q.state.data && isTransitioning(q.state.data.data) ? LIVE_POLL_MS : IDLE_POLL_MS),
  });
}

export function useComputeNodes(ref: WorkspaceRef, name: string | null, live: boolean) {
  return useQuery({
    queryKey: queryKeys.computeNodes(ref, name ?? ""),
    queryFn: () =>
      apiFetch<
        Cached<
          {
            nodeId: string;
            privateIpAddress?: string;
            publicIpAddress?: string;
            port?: number;
            nodeState?: string;
            runId?: string;
          }[]
        >
      >(`${apiPath(ref)}/computes/${name}/nodes`),
    enabled: !!name,
    refetchInterval: live ? LIVE_POLL_MS : false,
  });
}

export function useVmSizes(ref: WorkspaceRef) {
  return useQuery({
    queryKey: queryKeys.vmSizes(ref),
    queryFn: () => apiFetch<Cached<VmSize[]>>(`${apiPath(ref)}/vm-sizes`),
    staleTime: 10 * 60_000,
  });
}

export function useUsage(ref: WorkspaceRef) {
  return useQuery({
    queryKey: queryKeys.usage(ref),
    queryFn: () => apiFetch<Cached<FamilyQuota[]>>(`${apiPath(ref)}/usage`),
    refetchInterval: IDLE_POLL_MS,
  });
}

function useComputeMutation<V>(ref: WorkspaceRef, request: (vars: V) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSettled: () => {
      qc.invalidateQueries({ queryKey: queryKeys.computes(ref) });
      qc.invalidateQueries({ queryKey: queryKeys.usage(ref) });
    },
  });
}

export function useComputeAction(ref: WorkspaceRef) {
  return useComputeMutation(ref, ({ name, action }: { name: string; action: "start" | "stop" | "restart" }) =>
    apiFetch(`${apiPath(ref)}/computes/${encodeURIComponent(name)}/${action}`, { method: "POST" }),
  );
}

export function useCreateCompute(ref: WorkspaceRef) {
  return useComputeMutation(ref, ({ name, body }: { name: string; body: CreateComputeInput }) =>
    apiFetch<{ data: ComputeView }>(`${apiPath(ref)}/computes/${encodeURIComponent(name)}`, { method: "PUT", body }),
  );
}

/** Creates the compute a CLI v2 compute file describes (the New compute dialog's YAML tab). */
export function useCreateComputeFromYaml(ref: WorkspaceRef) {
  return useComputeMutation(ref, ({ yaml }: { yaml: string }) =>
    apiFetch<{ data: ComputeView }>(`${apiPath(ref)}/compute-files`, { method: "POST", body: { yaml } }),
  );
}

/** Whom a new compute instance can be assigned to (the studio's accounts in the embedded default). */
export function useAssignableUsers(ref: WorkspaceRef, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.computeUsers(ref),
    queryFn: () => apiFetch<{ data: AssignableUser[] }>(`${apiPath(ref)}/compute-users`),
    enabled,
    staleTime: 60_000,
  });
}

export function useUpdateScale(ref: WorkspaceRef) {
  return useComputeMutation(ref, ({ name, body }: { name: string; body: ScaleBody }) =>
    apiFetch(`${apiPath(ref)}/computes/${encodeURIComponent(name)}`, { method: "PATCH", body }),
  );
}

/** Replaces a compute instance's start/stop schedules. */
export function useSetSchedules(ref: WorkspaceRef) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ name, schedules }: { name: string; schedules: ComputeSchedule[] }) =>
      apiFetch(`${apiPath(ref)}/computes/${encodeURIComponent(name)}/schedules`, {
        method: "PUT",
        body: { schedules },
      }),
    onSettled: (_d, _e, vars) => {
      qc.invalidateQueries({ queryKey: queryKeys.compute(ref, vars.name) });
    },
  });
}

export function useDeleteCompute(ref: WorkspaceRef) {
  return useComputeMutation(ref, ({ name, force }: { name: string; force?: boolean }) =>
    apiFetch(`${apiPath(ref)}/computes/${encodeURIComponent(name)}${force ? "?force=true" : ""}`, {
      method: "DELETE",
    }),
  );
}
