"use client";
import type { WorkspaceRef } from "@/lib/domain/arm-names";
import { removeUploaded, requestUpload } from "../hooks";

export type UploadItem = {
  file: File;
  path: string;
  loaded: number;
  state: "queued" | "uploading" | "done" | "failed" | "cancelled";
  error?: string;
};

/** PUTs one file with XMLHttpRequest (fetch has no upload progress); resolves on 2xx, rejects otherwise. */
function put(
  url: string,
  headers: Record<string, string>,
  file: File,
  onProgress: (n: number) => void,
  signal: AbortSignal,
) {
  return new Promise<void>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", url);
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    if (!url.startsWith("http")) xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve();
      else {
        let msg = `Storage answered ${xhr.status}.`;
        try {
          msg = JSON.parse(xhr.responseText)?.error?.message ?? msg;
        } catch {
          /* storage answers XML */
        }
        reject(new Error(msg));
      }
    };
    xhr.onerror = () => reject(new Error("The upload could not reach storage."));
    xhr.onabort = () => reject(new DOMException("Upload cancelled", "AbortError"));
    signal.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

/**
 * Uploads a batch (files, or a whole folder) one file at a time, straight to storage when it hands out a
 * write-only URL. Cancelling aborts the file in flight (an aborted single PUT commits nothing) and deletes
 * the files of this batch already uploaded, so no half-made folder is left.
 */
export async function uploadBatch(opts: {
  workspace: WorkspaceRef;
  datastore: string;
  items: UploadItem[];
  signal: AbortSignal;
  authHeaders: () => Promise<Record<string, string>>;
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
        const headers = target.direct ? target.headers : { ...target.headers, ...(await opts.authHeaders()) };
        await put(
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
