"use client";
import { useRef, useState, type ChangeEvent, type ComponentType } from "react";
import { useRouter, useSearchParams } from "next/navigation";
import Link from "next/link";
import { useQueryClient } from "@tanstack/react-query";
import {
  Breadcrumb,
  BreadcrumbButton,
  BreadcrumbDivider,
  BreadcrumbItem,
  Button,
  Caption1,
  Dropdown,
  Option,
  SearchBox,
  Title2,
  Tooltip,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { ArrowUploadRegular } from "@fluentui/react-icons/svg/arrow-upload";
import { DatabaseArrowRightRegular } from "@fluentui/react-icons/svg/database-arrow-right";
import { DeleteRegular } from "@fluentui/react-icons/svg/delete";
import { FolderAddRegular } from "@fluentui/react-icons/svg/folder-add";
import { FolderArrowUpRegular } from "@fluentui/react-icons/svg/folder-arrow-up";
import { studioPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import type { FileEntry } from "@/lib/domain/datastores";
import { normalizeDatastorePath, parentPath } from "@/lib/domain/storage-names";
import { allows } from "@/lib/domain/roles";
import { queryKeys } from "@/lib/client/query-keys";
import { useCurrentUser } from "@/components/auth/useCurrentUser";
import { ErrorBar } from "@/components/common/ErrorBar";
import { useDatastores } from "../hooks";
import { DeleteEntryDialog } from "./DeleteEntryDialog";
import { FileDetailsPanel } from "./FileDetailsPanel";
import { NewFolderDialog } from "./NewFolderDialog";
import { UploadsPanel } from "./UploadsPanel";
import { FolderList } from "./FolderList";
import { useFolderPages, type SortKey } from "./useFolderPages";
import { useUploadQueue } from "./useUploadQueue";
import { useRequestedAction } from "@/lib/client/requested-action";

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
  details: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, minWidth: 0 },
});

/** What the browser hands the "register as data" dialog; data-assets owns that dialog and the page passes it in
 * (datastores comes before data-assets in the feature order, so it cannot import it). */
export type RegisterDataDialogProps = {
  workspace: WorkspaceRef;
  datastore: string;
  path: string;
  kind: "file" | "folder";
  onClose: () => void;
};

const SORT_LABEL: Record<SortKey, string> = {
  storage: "Name (A–Z)",
  "name-desc": "Name (Z–A, loaded)",
  size: "Largest first (loaded)",
  modified: "Newest first (loaded)",
};

/**
 * The datastore browser: a folder at a time, page by page, in a virtualized list (useFolderPages); the URL names
 * datastore, path and selected file. Uploads go through the upload queue (useUploadQueue); the selected file's
 * details, the dialogs and the register-as-data dialog (passed in by the page) are their own components.
 */
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
  const uploadRequested = useRequestedAction("upload");
  const qc = useQueryClient();
  const user = useCurrentUser();
  const canWrite = allows(user.data?.role ?? null, "datastore.write");
  const canWriteData = allows(user.data?.role ?? null, "data.write");
  const readOnly = user.data ? `Your role (${user.data.role}) can browse and preview but not change storage.` : "";

  const normalized = normalizeDatastorePath(search.get("path") ?? "");
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
  const refresh = () => qc.invalidateQueries({ queryKey: [...queryKeys.datastores(workspace), datastore] });

  const pages = useFolderPages(workspace, datastore, path, prefix, sort);
  const queue = useUploadQueue(workspace, datastore, refresh);
  const [pendingDelete, setPendingDelete] = useState<FileEntry | null>(null);
  const [newFolderOpen, setNewFolderOpen] = useState(false);
  const [register, setRegister] = useState<{ path: string; kind: "file" | "folder" } | null>(null);
  const segments = path ? path.split("/") : [];

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
          value={SORT_LABEL[sort]}
          selectedOptions={[sort]}
          onOptionSelect={(_, d) => setSort(d.optionValue as SortKey)}
        >
          {(Object.keys(SORT_LABEL) as SortKey[]).map((k) => (
            <Option key={k} value={k}>
              {SORT_LABEL[k]}
            </Option>
          ))}
        </Dropdown>
        <UploadButtons
          focusOnOpen={uploadRequested}
          canWrite={canWrite}
          readOnly={readOnly}
          busy={queue.uploading}
          onFiles={(files, asFolder) => queue.start(path, files, asFolder)}
        />
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
      </div>
      <UploadsPanel queue={queue} />
      <div className={s.layout}>
        <div>
          <FolderList
            pages={pages}
            prefix={prefix}
            selectedFile={selectedFile}
            onOpen={(e) => (e.kind === "folder" ? go(e.path) : go(path, e.path))}
          />
        </div>
        <div className={s.details}>
          {selectedFile ? (
            <FileDetailsPanel
              workspace={workspace}
              datastore={datastore}
              path={selectedFile}
              canWrite={canWrite}
              canWriteData={canWriteData}
              readOnly={readOnly}
              onRegister={() => setRegister({ path: selectedFile, kind: "file" })}
              onDelete={() => setPendingDelete({ name: selectedFile, path: selectedFile, kind: "file" })}
            />
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

      <DeleteEntryDialog
        workspace={workspace}
        datastore={datastore}
        entry={pendingDelete}
        onClose={() => setPendingDelete(null)}
        onDeleted={(was) => {
          setPendingDelete(null);
          refresh();
          go(was.kind === "folder" ? parentPath(was.path) : path);
        }}
      />
      <NewFolderDialog
        workspace={workspace}
        datastore={datastore}
        path={path}
        open={newFolderOpen}
        onClose={() => setNewFolderOpen(false)}
        onCreated={() => {
          setNewFolderOpen(false);
          refresh();
        }}
      />
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

/** "Upload files" and "Upload folder", each with its hidden file input. */
function UploadButtons({
  canWrite,
  readOnly,
  busy,
  onFiles,
  focusOnOpen,
}: {
  /** The command palette's "Upload data" (?do=upload): the file picker needs a keypress or click, so it is focused. */
  focusOnOpen: boolean;
  canWrite: boolean;
  readOnly: string;
  busy: boolean;
  onFiles: (files: FileList | null, asFolder: boolean) => void;
}) {
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const pick = (asFolder: boolean) => (e: ChangeEvent<HTMLInputElement>) => {
    onFiles(e.target.files, asFolder);
    e.target.value = "";
  };
  return (
    <>
      <Tooltip content={canWrite ? "Upload files into this folder" : readOnly} relationship="description">
        <Button
          icon={<ArrowUploadRegular />}
          disabledFocusable={!canWrite || busy}
          onClick={() => fileInput.current?.click()}
          autoFocus={focusOnOpen && canWrite}
        >
          Upload files
        </Button>
      </Tooltip>
      <Tooltip content={canWrite ? "Upload a whole folder" : readOnly} relationship="description">
        <Button
          icon={<FolderArrowUpRegular />}
          disabledFocusable={!canWrite || busy}
          onClick={() => folderInput.current?.click()}
        >
          Upload folder
        </Button>
      </Tooltip>
      <input ref={fileInput} type="file" multiple hidden data-testid="upload-files-input" onChange={pick(false)} />
      <input ref={folderInput} type="file" hidden {...{ webkitdirectory: "", directory: "" }} onChange={pick(true)} />
    </>
  );
}
