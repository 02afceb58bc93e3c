"use client";
import { Caption1, Spinner, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { DocumentRegular } from "@fluentui/react-icons/svg/document";
import { FolderRegular } from "@fluentui/react-icons/svg/folder";
import type { FileEntry } from "@/lib/domain/datastores";
import { formatBytes } from "@/lib/domain/preview";
import { ErrorBar } from "@/components/common/ErrorBar";
import { ROW_HEIGHT, type useFolderPages } from "./useFolderPages";

const useStyles = makeStyles({
  list: {
    height: "560px",
    overflow: "auto",
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    position: "relative",
  },
  row: {
    position: "absolute",
    left: 0,
    right: 0,
    height: `${ROW_HEIGHT}px`,
    display: "grid",
    gridTemplateColumns: "minmax(0, 1fr) 90px 150px",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
    padding: `0 ${tokens.spacingHorizontalM}`,
    cursor: "pointer",
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    ":hover": { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  selected: {
    backgroundColor: tokens.colorBrandBackground2,
    ":hover": { backgroundColor: tokens.colorBrandBackground2Hover },
  },
  name: {
    display: "flex",
    gap: tokens.spacingHorizontalS,
    alignItems: "center",
    overflow: "hidden",
    whiteSpace: "nowrap",
    textOverflow: "ellipsis",
  },
  muted: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200, whiteSpace: "nowrap" },
});

/** The folder's entries as a virtualized list (rows for pages still loading say so), and how much is loaded. */
export function FolderList({
  pages,
  prefix,
  selectedFile,
  onOpen,
}: {
  pages: ReturnType<typeof useFolderPages>;
  prefix: string;
  selectedFile: string | null;
  onOpen: (e: FileEntry) => void;
}) {
  const s = useStyles();
  const { folder, loaded, firstOffset, listRef, virtual, items, entryAt } = pages;
  return (
    <>
      <ErrorBar error={folder.error} title="Cannot list this folder" />
      <div ref={listRef} className={s.list} role="list" aria-label="Folder contents" data-testid="folder-list">
        <div style={{ height: virtual.getTotalSize(), position: "relative" }}>
          {items.map((vi) => {
            const e = entryAt(vi.index);
            if (!e)
              return (
                <div key={vi.key} className={s.row} style={{ transform: `translateY(${vi.start}px)` }} role="listitem">
                  <Caption1>Loading…</Caption1>
                </div>
              );
            const isSel = e.kind === "file" && e.path === selectedFile;
            return (
              <div
                key={vi.key}
                role="listitem"
                tabIndex={0}
                data-testid={`entry-${e.name}`}
                className={mergeClasses(s.row, isSel && s.selected)}
                style={{ transform: `translateY(${vi.start}px)` }}
                onClick={() => onOpen(e)}
                onKeyDown={(k) => k.key === "Enter" && onOpen(e)}
              >
                <span className={s.name}>
                  {e.kind === "folder" ? <FolderRegular /> : <DocumentRegular />}
                  {e.name}
                </span>
                <span className={s.muted}>{e.kind === "file" ? formatBytes(e.size) : ""}</span>
                <span className={s.muted}>{e.lastModified ? new Date(e.lastModified).toLocaleString() : ""}</span>
              </div>
            );
          })}
        </div>
        {folder.isLoading ? <Spinner size="tiny" label="Listing…" /> : null}
        {!folder.isLoading && !folder.error && loaded.length === 0 ? (
          <Caption1 style={{ padding: 12 }}>
            {prefix ? `Nothing here starts with “${prefix}”.` : "This folder is empty."}
          </Caption1>
        ) : null}
      </div>
      <Caption1>
        {loaded.length.toLocaleString()} items loaded{folder.hasNextPage ? " — scroll for more" : ""}
        {firstOffset > 0 ? ` (from item ${firstOffset + 1}; earlier pages were released)` : ""}
      </Caption1>
    </>
  );
}
