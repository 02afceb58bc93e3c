"use client";
import type { WorkspaceRef } from "@/lib/domain/arm-names";
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
