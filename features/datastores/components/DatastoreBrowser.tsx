"use client";
import { useEffect, useMemo, useRef, useState, type ComponentType } from "react";
import { useRouter, useSearchParams } from "next/navigation";
import Link from "next/link";
import { useQueryClient } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import {
  Breadcrumb,
  BreadcrumbButton,
  BreadcrumbDivider,
  BreadcrumbItem,
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  Input,
  Option,
  ProgressBar,
  SearchBox,
  Spinner,
  Subtitle2,
  Title2,
  Tooltip,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import {
  ArrowDownloadRegular,
  ArrowUploadRegular,
  CopyRegular,
  DeleteRegular,
  DocumentRegular,
  FolderAddRegular,
  FolderArrowUpRegular,
  FolderRegular,
  DatabaseArrowRightRegular,
} from "@fluentui/react-icons";
import { studioPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import type { FileEntry } from "@/lib/domain/datastores";
import { formatBytes, previewKindFor } from "@/lib/domain/preview";
import { azuremlUri, joinPath, normalizeDatastorePath, parentPath } from "@/lib/domain/storage-names";
import { allows } from "@/lib/domain/roles";
import { getAuthHeaders } from "@/lib/client/auth";
import { queryKeys } from "@/lib/client/query-keys";
import { useCurrentUser } from "@/components/auth/useCurrentUser";
import { ErrorBar } from "@/components/common/ErrorBar";
import { ConfirmDialog } from "@/components/common/ConfirmDialog";
import {
  FOLDER_PAGE_SIZE,
  requestDownload,
  useCreateFolder,
  useDatastores,
  useDeletePath,
  useFileDetails,
  useFolder,
} from "../hooks";
import { FilePreview } from "./FilePreview";
import { uploadBatch, type UploadItem } from "./uploads";

const ROW_HEIGHT = 36;

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, minWidth: 0 },
  header: { display: "flex", gap: tokens.spacingHorizontalM, alignItems: "center", flexWrap: "wrap" },
  toolbar: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center", flexWrap: "wrap" },
  layout: {
    display: "grid",
    gridTemplateColumns: "minmax(320px, 1fr) minmax(0, 1.4fr)",
    gap: tokens.spacingHorizontalXL,
    alignItems: "start",
    "@media (max-width: 1000px)": { gridTemplateColumns: "minmax(0, 1fr)" },
  },
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
  details: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, minWidth: 0 },
  facts: {
    display: "grid",
    gridTemplateColumns: "max-content minmax(0, 1fr)",
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
    fontSize: tokens.fontSizeBase200,
  },
  mono: { fontFamily: tokens.fontFamilyMonospace, wordBreak: "break-all" },
  uploads: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingHorizontalM,
  },
});

type SortKey = "storage" | "name-desc" | "size" | "modified";

/** The datastore browser: a folder at a time, page by page, in a virtualized list; the URL names datastore and path. */
/** What the browser hands the "register as data" dialog; data-assets owns that dialog and the page passes it in
 * (datastores comes before data-assets in the feature order, so it cannot import it). */
export type RegisterDataDialogProps = {
  workspace: WorkspaceRef;
  datastore: string;
  path: string;
  kind: "file" | "folder";
  onClose: () => void;
};

export function DatastoreBrowser({
  workspace,
  datastore,
  registerDataDialog: RegisterDataDialog,
}: {
  workspace: WorkspaceRef;
  datastore: string;
  registerDataDialog: ComponentType<RegisterDataDialogProps>;
}) {
  const s = useStyles();
  const router = useRouter();
  const search = useSearchParams();
  const qc = useQueryClient();
  const user = useCurrentUser();
  const canWrite = allows(user.data?.role ?? null, "datastore.write");
  const canWriteData = allows(user.data?.role ?? null, "data.write");
  const readOnly = user.data ? `Your role (${user.data.role}) can browse and preview but not change storage.` : "";

  const rawPath = search.get("path") ?? "";
  const normalized = normalizeDatastorePath(rawPath);
  const pathProblem = "problem" in normalized ? normalized.problem : null;
  const path = "path" in normalized ? normalized.path : "";
  const selectedFile = search.get("file");
  const [prefix, setPrefix] = useState("");
  const [sort, setSort] = useState<SortKey>("storage");
  const stores = useDatastores(workspace);
  const store = stores.data?.data.find((d) => d.name === datastore);

  const base = `${studioPath(workspace)}/datastores/${encodeURIComponent(datastore)}`;
  const go = (p: string, file?: string) =>
    router.push(`${base}?${new URLSearchParams({ ...(p ? { path: p } : {}), ...(file ? { file } : {}) })}`);

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

  const segments = path ? path.split("/") : [];
  const file = useFileDetails(workspace, datastore, selectedFile);
  const [copied, setCopied] = useState(false);
  const [pendingDelete, setPendingDelete] = useState<FileEntry | null>(null);
  const del = useDeletePath(workspace, datastore);
  const [newFolderOpen, setNewFolderOpen] = useState(false);
  const [newFolder, setNewFolder] = useState("");
  const mkdir = useCreateFolder(workspace, datastore);
  const [register, setRegister] = useState<{ path: string; kind: "file" | "folder" } | null>(null);
  const [downloadError, setDownloadError] = useState<unknown>(null);

  const refresh = () => qc.invalidateQueries({ queryKey: [...queryKeys.datastores(workspace), datastore] });

  // ---- uploads
  const [uploads, setUploads] = useState<UploadItem[]>([]);
  const [, force] = useState(0);
  const abort = useRef<AbortController | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const startUpload = async (files: FileList | null, asFolder: boolean) => {
    if (!files || files.length === 0) return;
    const list: UploadItem[] = Array.from(files).map((f) => ({
      file: f,
      path: joinPath(path, asFolder && f.webkitRelativePath ? f.webkitRelativePath : f.name),
      loaded: 0,
      state: "queued",
    }));
    setUploads(list);
    abort.current = new AbortController();
    await uploadBatch({
      workspace,
      datastore,
      items: list,
      signal: abort.current.signal,
      authHeaders: getAuthHeaders,
      onChange: () => force((n) => n + 1),
    });
    abort.current = null;
    force((n) => n + 1);
    refresh();
  };
  const uploading = uploads.some((u) => u.state === "uploading" || u.state === "queued");
  const totalBytes = uploads.reduce((n, u) => n + u.file.size, 0);
  const sentBytes = uploads.reduce((n, u) => n + (u.state === "cancelled" ? 0 : u.loaded), 0);

  const download = async (p: string) => {
    setDownloadError(null);
    try {
      const { url } = await requestDownload(workspace, datastore, p);
      // The browser's own download streams the file to disk and shows its progress.
      const a = document.createElement("a");
      a.href = url;
      a.download = p.slice(p.lastIndexOf("/") + 1);
      document.body.appendChild(a);
      a.click();
      a.remove();
    } catch (e) {
      setDownloadError(e);
    }
  };

  if (pathProblem) return <ErrorBar error={new Error(pathProblem)} title="This link names an invalid path" />;

  return (
    <div className={s.root}>
      <div className={s.header}>
        <Title2 as="h1">{datastore}</Title2>
        {store ? (
          <Caption1>
            {store.type} · {store.accountName ?? store.container} · {store.container} ·{" "}
            {store.credentialsType === "None" ? "identity-based" : store.credentialsType}
          </Caption1>
        ) : null}
        <Link href={`${studioPath(workspace)}/datastores`}>All datastores</Link>
      </div>
      <Breadcrumb aria-label="Folder path">
        <BreadcrumbItem>
          <BreadcrumbButton onClick={() => go("")} current={segments.length === 0}>
            {datastore}
          </BreadcrumbButton>
        </BreadcrumbItem>
        {segments.map((seg, i) => (
          <span key={i} style={{ display: "contents" }}>
            <BreadcrumbDivider />
            <BreadcrumbItem>
              <BreadcrumbButton
                onClick={() => go(segments.slice(0, i + 1).join("/"))}
                current={i === segments.length - 1}
              >
                {seg}
              </BreadcrumbButton>
            </BreadcrumbItem>
          </span>
        ))}
      </Breadcrumb>
      <div className={s.toolbar}>
        <SearchBox
          placeholder="Filter by name prefix"
          value={prefix}
          onChange={(_, d) => setPrefix(d.value.replace(/[/\\]/g, ""))}
          aria-label="Filter by name prefix"
        />
        <Dropdown
          aria-label="Sort"
          value={
            {
              storage: "Name (A–Z)",
              "name-desc": "Name (Z–A, loaded)",
              size: "Largest first (loaded)",
              modified: "Newest first (loaded)",
            }[sort]
          }
          selectedOptions={[sort]}
          onOptionSelect={(_, d) => setSort(d.optionValue as SortKey)}
        >
          <Option value="storage">Name (A–Z)</Option>
          <Option value="name-desc">Name (Z–A, loaded)</Option>
          <Option value="size">Largest first (loaded)</Option>
          <Option value="modified">Newest first (loaded)</Option>
        </Dropdown>
        <Tooltip content={canWrite ? "Upload files into this folder" : readOnly} relationship="description">
          <Button
            icon={<ArrowUploadRegular />}
            disabledFocusable={!canWrite || uploading}
            onClick={() => fileInput.current?.click()}
          >
            Upload files
          </Button>
        </Tooltip>
        <Tooltip content={canWrite ? "Upload a whole folder" : readOnly} relationship="description">
          <Button
            icon={<FolderArrowUpRegular />}
            disabledFocusable={!canWrite || uploading}
            onClick={() => folderInput.current?.click()}
          >
            Upload folder
          </Button>
        </Tooltip>
        <Tooltip content={canWrite ? "Create a folder here" : readOnly} relationship="description">
          <Button icon={<FolderAddRegular />} disabledFocusable={!canWrite} onClick={() => setNewFolderOpen(true)}>
            New folder
          </Button>
        </Tooltip>
        <Tooltip
          content={canWriteData ? "Register this folder as a data asset version" : readOnly}
          relationship="description"
        >
          <Button
            icon={<DatabaseArrowRightRegular />}
            disabledFocusable={!canWriteData}
            onClick={() => setRegister({ path, kind: "folder" })}
          >
            Register folder as data
          </Button>
        </Tooltip>
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          data-testid="upload-files-input"
          onChange={(e) => {
            startUpload(e.target.files, false);
            e.target.value = "";
          }}
        />
        <input
          ref={folderInput}
          type="file"
          hidden
          {...{ webkitdirectory: "", directory: "" }}
          onChange={(e) => {
            startUpload(e.target.files, true);
            e.target.value = "";
          }}
        />
      </div>
      {uploads.length ? (
        <section className={s.uploads} aria-label="Uploads" data-testid="uploads">
          <div className={s.toolbar}>
            <Subtitle2 as="h2">
              {uploading ? "Uploading" : "Upload finished"}: {uploads.filter((u) => u.state === "done").length} of{" "}
              {uploads.length} files · {formatBytes(sentBytes)} of {formatBytes(totalBytes)}
            </Subtitle2>
            {uploading ? (
              <Button onClick={() => abort.current?.abort()}>Cancel upload</Button>
            ) : (
              <Button appearance="subtle" onClick={() => setUploads([])}>
                Dismiss
              </Button>
            )}
          </div>
          <ProgressBar
            value={totalBytes ? sentBytes / totalBytes : 0}
            aria-label="Upload progress"
            data-testid="upload-progress"
          />
          {uploads.slice(0, 20).map((u) => (
            <Caption1 key={u.path} data-testid={`upload-${u.path}`}>
              {u.path} —{" "}
              {u.state === "uploading" ? `${Math.round((u.loaded / Math.max(1, u.file.size)) * 100)}%` : u.state}
              {u.error && u.state === "failed" ? `: ${u.error}` : ""}
            </Caption1>
          ))}
          {uploads.length > 20 ? <Caption1>and {uploads.length - 20} more</Caption1> : null}
        </section>
      ) : null}
      <ErrorBar error={downloadError} title="Download failed" />
      <div className={s.layout}>
        <div>
          <ErrorBar error={folder.error} title="Cannot list this folder" />
          <div ref={listRef} className={s.list} role="list" aria-label="Folder contents" data-testid="folder-list">
            <div style={{ height: virtual.getTotalSize(), position: "relative" }}>
              {items.map((vi) => {
                const e = loaded[vi.index - firstOffset];
                if (!e)
                  return (
                    <div
                      key={vi.key}
                      className={s.row}
                      style={{ transform: `translateY(${vi.start}px)` }}
                      role="listitem"
                    >
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
                    onClick={() => (e.kind === "folder" ? go(e.path) : go(path, e.path))}
                    onKeyDown={(k) => k.key === "Enter" && (e.kind === "folder" ? go(e.path) : go(path, e.path))}
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
        </div>
        <div className={s.details}>
          {selectedFile ? (
            <>
              <Subtitle2 as="h2">{selectedFile.slice(selectedFile.lastIndexOf("/") + 1)}</Subtitle2>
              <ErrorBar error={file.error} title="Cannot read this file" />
              {file.data ? (
                <div className={s.facts} data-testid="file-details">
                  <span>Size</span>
                  <span>
                    {formatBytes(file.data.data.size)} ({(file.data.data.size ?? 0).toLocaleString()} bytes)
                  </span>
                  <span>Last modified</span>
                  <span>
                    {file.data.data.lastModified ? new Date(file.data.data.lastModified).toLocaleString() : "—"}
                  </span>
                  <span>Content type</span>
                  <span>{file.data.data.contentType ?? "—"}</span>
                  <span>ETag</span>
                  <span className={s.mono}>{file.data.data.etag ?? "—"}</span>
                  <span>URI</span>
                  <span className={s.mono} data-testid="file-uri">
                    {azuremlUri(datastore, selectedFile)}
                  </span>
                </div>
              ) : null}
              <div className={s.toolbar}>
                <Button
                  icon={<CopyRegular />}
                  onClick={async () => {
                    await navigator.clipboard.writeText(azuremlUri(datastore, selectedFile)).catch(() => undefined);
                    setCopied(true);
                    setTimeout(() => setCopied(false), 1500);
                  }}
                >
                  {copied ? "Copied" : "Copy URI"}
                </Button>
                <Button icon={<ArrowDownloadRegular />} onClick={() => download(selectedFile)}>
                  Download
                </Button>
                <Tooltip
                  content={canWriteData ? "Register this file as a data asset version" : readOnly}
                  relationship="description"
                >
                  <Button
                    icon={<DatabaseArrowRightRegular />}
                    disabledFocusable={!canWriteData}
                    onClick={() => setRegister({ path: selectedFile, kind: "file" })}
                  >
                    Register as data
                  </Button>
                </Tooltip>
                <Tooltip content={canWrite ? "Delete this file" : readOnly} relationship="description">
                  <Button
                    icon={<DeleteRegular />}
                    disabledFocusable={!canWrite}
                    onClick={() => setPendingDelete({ name: selectedFile, path: selectedFile, kind: "file" })}
                  >
                    Delete
                  </Button>
                </Tooltip>
              </div>
              {previewKindFor(selectedFile) !== "none" ? (
                <FilePreview workspace={workspace} datastore={datastore} path={selectedFile} />
              ) : (
                <Caption1>No previewer for this file type; download it instead.</Caption1>
              )}
            </>
          ) : (
            <>
              <Caption1>Select a file to see its details and a preview.</Caption1>
              {path ? (
                <Tooltip
                  content={canWrite ? "Delete this folder and everything in it" : readOnly}
                  relationship="description"
                >
                  <Button
                    icon={<DeleteRegular />}
                    disabledFocusable={!canWrite}
                    onClick={() => setPendingDelete({ name: path, path, kind: "folder" })}
                    style={{ alignSelf: "flex-start" }}
                  >
                    Delete this folder
                  </Button>
                </Tooltip>
              ) : null}
            </>
          )}
        </div>
      </div>

      <ConfirmDialog
        open={!!pendingDelete}
        title={pendingDelete?.kind === "folder" ? "Delete folder" : "Delete file"}
        confirmLabel="Delete"
        danger
        pending={del.isPending}
        error={del.error}
        onCancel={() => {
          setPendingDelete(null);
          del.reset();
        }}
        onConfirm={() =>
          pendingDelete &&
          del.mutate(pendingDelete, {
            onSuccess: () => {
              const was = pendingDelete;
              setPendingDelete(null);
              refresh();
              go(was.kind === "folder" ? parentPath(was.path) : path);
            },
          })
        }
      >
        {pendingDelete?.kind === "folder"
          ? `Delete ${pendingDelete.path} and everything in it? This cannot be undone.`
          : `Delete ${pendingDelete?.path}? This cannot be undone.`}
      </ConfirmDialog>

      <Dialog
        open={newFolderOpen}
        onOpenChange={(_, d) => {
          setNewFolderOpen(d.open);
          if (!d.open) mkdir.reset();
        }}
      >
        <DialogSurface>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              mkdir.mutate(joinPath(path, newFolder.trim()), {
                onSuccess: () => {
                  setNewFolderOpen(false);
                  setNewFolder("");
                  refresh();
                },
              });
            }}
          >
            <DialogBody>
              <DialogTitle>New folder in {path || datastore}</DialogTitle>
              <DialogContent>
                <Field
                  label="Folder name"
                  required
                  validationMessage={/[/\\]/.test(newFolder) ? "A name cannot contain slashes." : undefined}
                >
                  <Input value={newFolder} onChange={(_, d) => setNewFolder(d.value)} autoFocus />
                </Field>
                <ErrorBar error={mkdir.error} title="Could not create the folder" />
              </DialogContent>
              <DialogActions>
                <Button onClick={() => setNewFolderOpen(false)}>Cancel</Button>
                <Button
                  appearance="primary"
                  type="submit"
                  disabled={!newFolder.trim() || /[/\\]/.test(newFolder) || mkdir.isPending}
                >
                  Create
                </Button>
              </DialogActions>
            </DialogBody>
          </form>
        </DialogSurface>
      </Dialog>

      {register ? (
        <RegisterDataDialog
          workspace={workspace}
          datastore={datastore}
          path={register.path}
          kind={register.kind}
          onClose={() => setRegister(null)}
        />
      ) : null}
    </div>
  );
}
