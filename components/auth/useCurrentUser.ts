"use client";
import { useCallback } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import { signOut, SIGN_IN_PATH, type CurrentUser } from "@/lib/client/auth";

/** The signed-in user (GET /api/auth/session): `{ id, name, username, role, via }`. A 401 sends the page to sign-in. */
export function useCurrentUser() {
  return useQuery({
    queryKey: queryKeys.session,
    queryFn: ({ signal }) => apiFetch<CurrentUser>("/api/auth/session", { signal }),
    staleTime: 60_000,
  });
}

/** Signs out (session cookie and MSAL cache), forgets every cached query and goes to the sign-in page. */
export function useSignOut() {
  const queryClient = useQueryClient();
  return useCallback(async () => {
    await signOut();
    queryClient.clear();
    window.location.assign(SIGN_IN_PATH);
  }, [queryClient]);
}
