"use client";
import { useRef, useState } from "react";
import type { WorkspaceRef } from "@/lib/domain/arm-names";
import { joinPath } from "@/lib/domain/storage-names";
import { getAuthHeaders } from "@/lib/client/auth";
import { putFile } from "@/lib/client/upload";
import { removeUploaded, requestUpload } from "../hooks";

export type UploadItem = {
  file: File;
  path: string;
  loaded: number;
  state: "queued" | "uploading" | "done" | "failed" | "cancelled";
  error?: string;
};

/**
 * Uploads a batch (files, or a whole folder) one file at a time, straight to storage when it hands out a
 * write-only URL (else through the studio's streaming route), with the one browser uploader. Cancelling aborts the
 * file in flight (an aborted single PUT commits nothing) and deletes the files of this batch already uploaded, so
 * no half-made folder is left.
 */
async function uploadBatch(opts: {
  workspace: WorkspaceRef;
  datastore: string;
  items: UploadItem[];
  signal: AbortSignal;
  onChange: () => void;
}) {
  const done: string[] = [];
  try {
    for (const item of opts.items) {
      if (opts.signal.aborted) break;
      item.state = "uploading";
      opts.onChange();
      try {
        const target = await requestUpload(opts.workspace, opts.datastore, {
          path: item.path,
          size: item.file.size,
          contentType: item.file.type || undefined,
        });
        const headers = target.direct ? target.headers : { ...target.headers, ...(await getAuthHeaders()) };
        await putFile(
          target.url,
          headers,
          item.file,
          (n) => {
            item.loaded = n;
            opts.onChange();
          },
          opts.signal,
        );
        item.loaded = item.file.size;
        item.state = "done";
        done.push(item.path);
      } catch (e) {
        item.state = (e as Error).name === "AbortError" ? "cancelled" : "failed";
        item.error = (e as Error).message;
        if (item.state === "cancelled") break;
      }
      opts.onChange();
    }
  } finally {
    if (opts.signal.aborted) {
      for (const i of opts.items) if (i.state === "queued" || i.state === "uploading") i.state = "cancelled";
      await removeUploaded(opts.workspace, opts.datastore, done);
      for (const i of opts.items) if (i.state === "done") i.state = "cancelled";
      opts.onChange();
    }
  }
}

/** The datastore browser's upload queue: start a batch into a folder, follow it, cancel it, dismiss it. */
export function useUploadQueue(workspace: WorkspaceRef, datastore: string, onFinished: () => void) {
  const [uploads, setUploads] = useState<UploadItem[]>([]);
  const [, force] = useState(0);
  const abort = useRef<AbortController | null>(null);

  const start = async (folder: string, files: FileList | null, asFolder: boolean) => {
    if (!files || files.length === 0) return;
    const items: UploadItem[] = Array.from(files).map((f) => ({
      file: f,
      path: joinPath(folder, asFolder && f.webkitRelativePath ? f.webkitRelativePath : f.name),
      loaded: 0,
      state: "queued",
    }));
    setUploads(items);
    abort.current = new AbortController();
    await uploadBatch({
      workspace,
      datastore,
      items,
      signal: abort.current.signal,
      onChange: () => force((n) => n + 1),
    });
    abort.current = null;
    force((n) => n + 1);
    onFinished();
  };

  return {
    uploads,
    uploading: uploads.some((u) => u.state === "uploading" || u.state === "queued"),
    totalBytes: uploads.reduce((n, u) => n + u.file.size, 0),
    sentBytes: uploads.reduce((n, u) => n + (u.state === "cancelled" ? 0 : u.loaded), 0),
    start,
    cancel: () => abort.current?.abort(),
    dismiss: () => setUploads([]),
  };
}
