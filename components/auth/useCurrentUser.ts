"use client";
import { useCallback } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import { signOut, SIGN_IN_PATH, type CurrentUser } from "@/lib/client/auth";
import { useHydrated } from "@/lib/client/hydrated";

/**
 * The signed-in user (GET /api/auth/session): `{ id, name, username, role, via }`. A 401 sends the page to sign-in.
 *
 * The server renders every page without the user (the browser asks for it; an MSAL user's token never reaches a page
 * render), so a component must render without it while it hydrates, even when the answer is already here: React
 * does not patch attributes that differ from the server's HTML, and a part of the page that hydrated after the answer
 * arrived kept the server's `disabled` on its role-gated buttons for good.
 */
export function useCurrentUser() {
  const query = useQuery({
    queryKey: queryKeys.session,
    queryFn: ({ signal }) => apiFetch<CurrentUser>("/api/auth/session", { signal }),
    staleTime: 60_000,
  });
  const hydrating = !useHydrated();
  return hydrating ? ({ ...query, data: undefined, isLoading: false, isSuccess: false } as typeof query) : query;
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
