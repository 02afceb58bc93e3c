"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch, type Cached } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import { apiPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import type { FamilyQuota } from "@/lib/domain/quota";

export type QuotaAuditEntry = {
  id: string;
  family: string;
  label: string;
  oldLimit: number | null;
  newLimit: number;
  changedBy: string;
  changedAt: string;
};

export function useQuotas(ref: WorkspaceRef) {
  return useQuery({
    queryKey: queryKeys.quotas(ref),
    queryFn: () => apiFetch<Cached<FamilyQuota[]>>(`${apiPath(ref)}/quotas`),
  });
}

export function useQuotaAudit(ref: WorkspaceRef) {
  return useQuery({
    queryKey: queryKeys.quotaAudit(ref),
    queryFn: () => apiFetch<{ data: QuotaAuditEntry[] }>(`${apiPath(ref)}/quotas/audit`),
  });
}

export function useUpdateQuota(ref: WorkspaceRef) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ family, limit }: { family: string; limit: number }) =>
      apiFetch(`${apiPath(ref)}/quotas/${family}`, { method: "PUT", body: { limit } }),
    onSettled: () => {
      qc.invalidateQueries({ queryKey: queryKeys.quotas(ref) });
      qc.invalidateQueries({ queryKey: queryKeys.usage(ref) });
    },
  });
}
