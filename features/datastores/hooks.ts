"use client";
import { useRef } from "react";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch, type Cached } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import { apiPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import type { DatastoreView, FileEntry, FolderPage, Preview } from "@/lib/domain/datastores";
import type { DatastoreBody } from "./server/schemas";

export const FOLDER_PAGE_SIZE = 200;
/** Pages kept in memory while scrolling a big folder; the rest are dropped and fetched again if scrolled back to. */
export const MAX_FOLDER_PAGES = 4;

const ds = (ref: WorkspaceRef, name: string) => `${apiPath(ref)}/datastores/${encodeURIComponent(name)}`;

export function useDatastores(ref: WorkspaceRef) {
  return useQuery({
    queryKey: queryKeys.datastores(ref),
    queryFn: () => apiFetch<Cached<DatastoreView[]>>(`${apiPath(ref)}/datastores`),
  });
}

type PageParam = { index: number; token?: string };

/**
 * A folder as pages of at most FOLDER_PAGE_SIZE entries, at most MAX_FOLDER_PAGES held at once. Continuation
 * tokens only go forward, so the token that opened each page is remembered to fetch it again going back.
 */
export function useFolder(ref: WorkspaceRef, name: string, path: string, prefix: string) {
  const tokens = useRef(new Map<string, Map<number, string | undefined>>());
  const lengths = useRef(new Map<string, Map<number, number>>());
  const key = `${name}\u0000${path}\u0000${prefix}`;
  if (!tokens.current.has(key)) {
    tokens.current.set(key, new Map([[0, undefined]]));
    lengths.current.set(key, new Map());
  }
  const t = tokens.current.get(key)!;
  const l = lengths.current.get(key)!;
  const query = useInfiniteQuery({
    queryKey: queryKeys.datastoreFolder(ref, name, path, prefix),
    initialPageParam: { index: 0 } as PageParam,
    queryFn: async ({ pageParam, signal }) => {
      const q = new URLSearchParams({ path, pageSize: String(FOLDER_PAGE_SIZE) });
      if (pageParam.token) q.set("continuationToken", pageParam.token);
      if (prefix) q.set("prefix", prefix);
      const r = await apiFetch<{ data: FolderPage }>(`${ds(ref, name)}/files?${q}`, { signal });
      l.set(pageParam.index, r.data.entries.length);
      if (r.data.continuationToken) t.set(pageParam.index + 1, r.data.continuationToken);
      return { ...r.data, index: pageParam.index };
    },
    getNextPageParam: (last) =>
      last.continuationToken ? { index: last.index + 1, token: last.continuationToken } : undefined,
    getPreviousPageParam: (first) =>
      first.index > 0 ? { index: first.index - 1, token: t.get(first.index - 1) } : undefined,
    maxPages: MAX_FOLDER_PAGES,
  });
  /** Row offset of a page: the lengths of the pages before it (all seen once, so known). */
  const offsetOf = (index: number) => {
    let n = 0;
    for (let i = 0; i < index; i++) n += l.get(i) ?? FOLDER_PAGE_SIZE;
    return n;
  };
  return { ...query, offsetOf };
}

export function useFileDetails(ref: WorkspaceRef, name: string, path: string | null) {
  return useQuery({
    queryKey: queryKeys.datastoreFile(ref, name, path ?? ""),
    queryFn: () => apiFetch<{ data: FileEntry }>(`${ds(ref, name)}/file?${new URLSearchParams({ path: path! })}`),
    enabled: !!path,
  });
}

export function usePreview(ref: WorkspaceRef, name: string, path: string | null) {
  return useQuery({
    queryKey: queryKeys.datastorePreview(ref, name, path ?? ""),
    queryFn: ({ signal }) =>
      apiFetch<{ data: Preview }>(`${ds(ref, name)}/preview?${new URLSearchParams({ path: path! })}`, { signal }),
    enabled: !!path,
    retry: false,
    staleTime: 60_000,
  });
}

function useDatastoreMutation<V>(ref: WorkspaceRef, fn: (v: V) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.datastores(ref) }),
  });
}

export function useSaveDatastore(ref: WorkspaceRef) {
  return useDatastoreMutation(
    ref,
    ({ name, body, mode }: { name: string; body: DatastoreBody; mode: "create" | "update" }) =>
      apiFetch<{ data: DatastoreView }>(`${ds(ref, name)}?mode=${mode}`, { method: "PUT", body }),
  );
}

export function useDeleteDatastore(ref: WorkspaceRef) {
  return useDatastoreMutation(ref, (name: string) => apiFetch(ds(ref, name), { method: "DELETE" }));
}

export function useCreateFolder(ref: WorkspaceRef, name: string) {
  return useDatastoreMutation(ref, (path: string) =>
    apiFetch(`${ds(ref, name)}/folders`, { method: "POST", body: { path } }),
  );
}

export function useDeletePath(ref: WorkspaceRef, name: string) {
  return useDatastoreMutation(ref, ({ path, kind }: { path: string; kind: "file" | "folder" }) =>
    apiFetch<{ data: { deleted: number } }>(`${ds(ref, name)}/files?${new URLSearchParams({ path, kind })}`, {
      method: "DELETE",
    }),
  );
}

export async function requestDownload(ref: WorkspaceRef, name: string, path: string) {
  return (
    await apiFetch<{ data: { url: string; size: number; direct: boolean } }>(
      `${ds(ref, name)}/download?${new URLSearchParams({ path })}`,
    )
  ).data;
}

export async function requestUpload(
  ref: WorkspaceRef,
  name: string,
  body: { path: string; size: number; contentType?: string; overwrite?: boolean },
) {
  return (
    await apiFetch<{ data: { method: "PUT"; url: string; headers: Record<string, string>; direct: boolean } }>(
      `${ds(ref, name)}/uploads`,
      { method: "POST", body },
    )
  ).data;
}

export async function removeUploaded(ref: WorkspaceRef, name: string, paths: string[]) {
  if (paths.length) await apiFetch(`${ds(ref, name)}/files`, { method: "POST", body: { paths } });
}
