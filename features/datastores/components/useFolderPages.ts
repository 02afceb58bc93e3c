"use client";
import { useEffect, useMemo, useRef } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import type { WorkspaceRef } from "@/lib/domain/arm-names";
import type { FileEntry } from "@/lib/domain/datastores";
import { FOLDER_PAGE_SIZE, useFolder } from "../hooks";

export const ROW_HEIGHT = 36;

export type SortKey = "storage" | "name-desc" | "size" | "modified";

/**
 * One folder as a virtualized list over its pages: pages load as the view nears their end (and earlier ones come
 * back when scrolling up after being released), in storage order or an order of the items loaded so far. The
 * view starts at the top whenever the folder or the filter changes.
 */
export function useFolderPages(
  workspace: WorkspaceRef,
  datastore: string,
  path: string,
  prefix: string,
  sort: SortKey,
) {
  const folder = useFolder(workspace, datastore, path, prefix);
  const loadedPages = folder.data?.pages;
  const pages = useMemo(() => loadedPages ?? [], [loadedPages]);
  const firstIndex = pages[0]?.index ?? 0;
  const firstOffset = folder.offsetOf(firstIndex);
  const loaded = useMemo(() => {
    const rows = pages.flatMap((p) => p.entries);
    if (sort === "storage") return rows;
    // Storage lists by name; other orders apply to the items loaded so far.
    const by = (a: FileEntry, b: FileEntry) =>
      sort === "name-desc"
        ? b.name.localeCompare(a.name)
        : sort === "size"
          ? (b.size ?? -1) - (a.size ?? -1)
          : (b.lastModified ?? "").localeCompare(a.lastModified ?? "");
    return [...rows].sort((a, b) => (a.kind === b.kind ? by(a, b) : a.kind === "folder" ? -1 : 1));
  }, [pages, sort]);
  const total = firstOffset + loaded.length + (folder.hasNextPage ? FOLDER_PAGE_SIZE : 0);

  const listRef = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: total,
    getScrollElement: () => listRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtual.getVirtualItems();
  const firstVisible = items[0]?.index ?? 0;
  const lastVisible = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (folder.isFetching) return;
    if (lastVisible >= firstOffset + loaded.length - 20 && folder.hasNextPage) folder.fetchNextPage();
    else if (firstVisible < firstOffset + 20 && folder.hasPreviousPage) folder.fetchPreviousPage();
  }, [firstVisible, lastVisible, firstOffset, loaded.length, folder]);
  useEffect(() => {
    listRef.current?.scrollTo({ top: 0 });
  }, [path, prefix]);

  /** The entry at a virtual row (undefined while its page loads). */
  const entryAt = (index: number): FileEntry | undefined => loaded[index - firstOffset];
  return { folder, loaded, firstOffset, listRef, virtual, items, entryAt };
}
