"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api";
import type { Role } from "@/lib/domain/roles";
import type { AccountView } from "./types";

const accountsKey = ["accounts"] as const;

export function useAccounts() {
  return useQuery({
    queryKey: accountsKey,
    queryFn: ({ signal }) => apiFetch<{ data: AccountView[] }>("/api/accounts", { signal }),
  });
}

export type NewAccount = { username: string; displayName: string; role: Role; password: string };
export type AccountChange = Partial<{ displayName: string; role: Role; password: string; disabled: boolean }>;

export function useCreateAccount() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewAccount) => apiFetch<{ data: AccountView }>("/api/accounts", { method: "POST", body }),
    onSettled: () => qc.invalidateQueries({ queryKey: accountsKey }),
  });
}

export function useUpdateAccount() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, change }: { id: string; change: AccountChange }) =>
      apiFetch<{ data: AccountView }>(`/api/accounts/${encodeURIComponent(id)}`, { method: "PATCH", body: change }),
    onSettled: () => qc.invalidateQueries({ queryKey: accountsKey }),
  });
}

export function useDeleteAccount() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch(`/api/accounts/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSettled: () => qc.invalidateQueries({ queryKey: accountsKey }),
  });
}
