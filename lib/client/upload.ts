import { apiFetch, ApiClientError } from "@/lib/client/api";
import { getAuthHeaders } from "@/lib/client/auth";

/** A file to upload with the path it gets inside the upload (folder uploads keep their relative paths). */
export type PickedFile = { path: string; file: File };
export type UploadTicket = {
  uploadId: string;
  mode: "sas" | "server";
  files: { path: string; url: string; headers: Record<string, string> }[];
};
export type UploadProgress = { loaded: number; total: number; file: string };

/** Files from an <input type=file> (with webkitdirectory the paths drop the picked folder's own name). */
export function pickedFiles(list: FileList | File[], stripTopFolder: boolean): PickedFile[] {
  return Array.from(list).map((file) => {
    const rel = (file as File & { webkitRelativePath?: string }).webkitRelativePath || file.name;
    const path = stripTopFolder && rel.includes("/") ? rel.slice(rel.indexOf("/") + 1) : rel;
    return { path, file };
  });
}

/**
 * The one browser uploader: PUTs one file to a write-only storage URL or a studio route, with XMLHttpRequest (fetch
 * reports no upload progress). Resolves on 2xx; rejects with the server's message, or an AbortError when `signal`
 * aborts (an aborted single PUT commits nothing).
 */
export function putFile(
  url: string,
  headers: Record<string, string>,
  file: File,
  onProgress: (loaded: number) => void,
  signal: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new DOMException("Upload cancelled", "AbortError"));
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", url);
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    if (!Object.keys(headers).some((k) => k.toLowerCase() === "content-type"))
      xhr.setRequestHeader("Content-Type", file.type || "application/octet-stream");
    // The studio's own routes (relative URLs) take the session cookie.
    if (!/^https?:/.test(url)) xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) return resolve();
      let message = `Uploading ${file.name} failed: storage answered ${xhr.status}.`;
      try {
        message = JSON.parse(xhr.responseText)?.error?.message ?? message;
      } catch {
        /* storage answers XML */
      }
      reject(new ApiClientError(xhr.status, "UploadFailed", message));
    };
    xhr.onerror = () =>
      reject(new ApiClientError(0, "UploadFailed", `Uploading ${file.name} failed: the storage could not be reached.`));
    xhr.onabort = () => reject(new DOMException("Upload cancelled", "AbortError"));
    signal.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

/**
 * Stages files through the upload route family (`<kind>-uploads`: write-only SAS URLs, or the studio's server
 * route), three at a time, reporting overall progress. On cancel or failure it deletes what was staged
 * (DELETE …/{uploadId}) and rethrows, so nothing half-made remains. The kind registers the upload afterwards.
 */
export async function uploadAll(opts: {
  apiBase: string;
  segment: string;
  files: PickedFile[];
  onProgress: (p: UploadProgress) => void;
  signal: AbortSignal;
}): Promise<UploadTicket> {
  const { apiBase, segment, files, onProgress, signal } = opts;
  const ticket = (
    await apiFetch<{ data: UploadTicket }>(`${apiBase}/${segment}`, {
      method: "POST",
      body: { files: files.map((f) => ({ path: f.path, size: f.file.size })) },
      signal,
    })
  ).data;
  const total = files.reduce((n, f) => n + f.file.size, 0);
  const loaded = new Map<string, number>();
  const report = (file: string) => onProgress({ loaded: [...loaded.values()].reduce((a, b) => a + b, 0), total, file });
  const byPath = new Map(files.map((f) => [f.path, f.file]));
  const serverHeaders = ticket.mode === "server" ? await getAuthHeaders() : {};
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: Math.min(3, ticket.files.length) }, async () => {
        while (next < ticket.files.length) {
          if (signal.aborted) throw new DOMException("Upload cancelled", "AbortError");
          const t = ticket.files[next++];
          const file = byPath.get(t.path)!;
          await putFile(
            t.url,
            { ...t.headers, ...serverHeaders },
            file,
            (n) => {
              loaded.set(t.path, n);
              report(t.path);
            },
            signal,
          );
          loaded.set(t.path, file.size);
          report(t.path);
        }
      }),
    );
  } catch (e) {
    await apiFetch(`${apiBase}/${segment}/${ticket.uploadId}`, { method: "DELETE" }).catch(() => undefined);
    throw e;
  }
  return ticket;
}
