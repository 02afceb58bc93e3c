"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import { apiPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import type { PaletteAnswer } from "./model";

/** The server's matches for what is typed (the last answer stays while the next one comes). */
export function usePaletteSearch(ref: WorkspaceRef | null, q: string) {
  const text = q.trim();
  return useQuery({
    queryKey: ref ? queryKeys.palette(ref, text) : ["palette", "none"],
    queryFn: ({ signal }) =>
      apiFetch<{ data: PaletteAnswer }>(`${apiPath(ref!)}/search?${new URLSearchParams({ q: text })}`, { signal }),
    enabled: !!ref && text.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 5_000,
  });
}
