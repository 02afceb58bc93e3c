"use client";
import { useState } from "react";
import { Button, Caption1, Subtitle2, Tooltip, makeStyles, tokens } from "@fluentui/react-components";
import { ArrowDownloadRegular } from "@fluentui/react-icons/svg/arrow-download";
import { CopyRegular } from "@fluentui/react-icons/svg/copy";
import { DatabaseArrowRightRegular } from "@fluentui/react-icons/svg/database-arrow-right";
import { DeleteRegular } from "@fluentui/react-icons/svg/delete";
import type { WorkspaceRef } from "@/lib/domain/arm-names";
import { formatBytes, previewKindFor } from "@/lib/domain/preview";
import { azuremlUri } from "@/lib/domain/storage-names";
import { ErrorBar } from "@/components/common/ErrorBar";
import { requestDownload, useFileDetails } from "../hooks";
import { FilePreview } from "./FilePreview";

const useStyles = makeStyles({
  facts: {
    display: "grid",
    gridTemplateColumns: "max-content minmax(0, 1fr)",
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
    fontSize: tokens.fontSizeBase200,
  },
  mono: { fontFamily: tokens.fontFamilyMonospace, wordBreak: "break-all" },
  toolbar: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center", flexWrap: "wrap" },
});

/** The selected file: its facts and URI, copy, download (a short-lived URL), register as data, delete, a preview. */
export function FileDetailsPanel({
  workspace,
  datastore,
  path,
  canWrite,
  canWriteData,
  readOnly,
  onRegister,
  onDelete,
}: {
  workspace: WorkspaceRef;
  datastore: string;
  path: string;
  canWrite: boolean;
  canWriteData: boolean;
  readOnly: string;
  onRegister: () => void;
  onDelete: () => void;
}) {
  const s = useStyles();
  const file = useFileDetails(workspace, datastore, path);
  const [copied, setCopied] = useState(false);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const uri = azuremlUri(datastore, path);

  const download = async () => {
    setDownloadError(null);
    try {
      const { url } = await requestDownload(workspace, datastore, path);
      // The browser's own download streams the file to disk and shows its progress.
      const a = document.createElement("a");
      a.href = url;
      a.download = path.slice(path.lastIndexOf("/") + 1);
      document.body.appendChild(a);
      a.click();
      a.remove();
    } catch (e) {
      setDownloadError(e);
    }
  };

  return (
    <>
      <Subtitle2 as="h2">{path.slice(path.lastIndexOf("/") + 1)}</Subtitle2>
      <ErrorBar error={file.error} title="Cannot read this file" />
      <ErrorBar error={downloadError} title="Download failed" />
      {file.data ? (
        <div className={s.facts} data-testid="file-details">
          <span>Size</span>
          <span>
            {formatBytes(file.data.data.size)} ({(file.data.data.size ?? 0).toLocaleString()} bytes)
          </span>
          <span>Last modified</span>
          <span>{file.data.data.lastModified ? new Date(file.data.data.lastModified).toLocaleString() : "—"}</span>
          <span>Content type</span>
          <span>{file.data.data.contentType ?? "—"}</span>
          <span>ETag</span>
          <span className={s.mono}>{file.data.data.etag ?? "—"}</span>
          <span>URI</span>
          <span className={s.mono} data-testid="file-uri">
            {uri}
          </span>
        </div>
      ) : null}
      <div className={s.toolbar}>
        <Button
          icon={<CopyRegular />}
          onClick={async () => {
            await navigator.clipboard.writeText(uri).catch(() => undefined);
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          }}
        >
          {copied ? "Copied" : "Copy URI"}
        </Button>
        <Button icon={<ArrowDownloadRegular />} onClick={download}>
          Download
        </Button>
        <Tooltip
          content={canWriteData ? "Register this file as a data asset version" : readOnly}
          relationship="description"
        >
          <Button icon={<DatabaseArrowRightRegular />} disabledFocusable={!canWriteData} onClick={onRegister}>
            Register as data
          </Button>
        </Tooltip>
        <Tooltip content={canWrite ? "Delete this file" : readOnly} relationship="description">
          <Button icon={<DeleteRegular />} disabledFocusable={!canWrite} onClick={onDelete}>
            Delete
          </Button>
        </Tooltip>
      </div>
      {previewKindFor(path) !== "none" ? (
        <FilePreview workspace={workspace} datastore={datastore} path={path} />
      ) : (
        <Caption1>No previewer for this file type; download it instead.</Caption1>
      )}
    </>
  );
}
