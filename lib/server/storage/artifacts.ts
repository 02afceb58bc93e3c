import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { ApiError } from "@/lib/server/errors";
import { BlobBackend, openDatastore } from "@/lib/server/storage";
import type { WorkspaceContext } from "@/lib/server/workspace-context";
import { datastorePathOf } from "@/lib/domain/models";
import type { VersionFile } from "@/lib/domain/versions";

/**
 * Artifacts of versioned assets (model files, environment build contexts) in workspaceblobstore.
 * Browser uploads land under `LocalUpload/<uploadId>/` (as the Azure ML CLI does) through short-lived
 * create/write-only SAS URLs, one per file; a version is registered only after every file is in and verified,
 * so a cancelled upload leaves no version, and its staged blobs are deleted.
 */
export const ARTIFACT_DATASTORE = "workspaceblobstore";
export const UPLOAD_PREFIX = "LocalUpload";
const SAS_TTL_SECONDS = 30 * 60;
export const MAX_UPLOAD_FILES = 2000;

export type UploadFileSpec = { path: string; size: number };
export type UploadTicket = {
  uploadId: string;
  mode: "sas" | "server";
  files: { path: string; url: string; headers: Record<string, string> }[];
};

/** Relative artifact paths: no leading slash, no '.', '..' or empty segments, no backslashes. */
export function checkRelativePath(p: string, field = "files.path"): string {
  const clean = p.replace(/^\.\//, "");
  if (
    !clean ||
    clean.length > 1024 ||
    clean.startsWith("/") ||
    clean.includes("\\") ||
    clean.split("/").some((s) => s === "" || s === "." || s === "..")
  )
    throw ApiError.badRequest(`"${p}" is not a relative file path inside the upload.`, field);
  return clean;
}

async function blobStore(ctx: WorkspaceContext, datastore = ARTIFACT_DATASTORE, workspaceArtifacts = false) {
  const opened = await openDatastore(ctx, datastore, { workspaceArtifacts });
  if (!(opened.backend instanceof BlobBackend))
    throw ApiError.badRequest(
      `'${datastore}' is not a blob datastore; artifacts are kept in blob storage.`,
      "datastore",
    );
  return opened.backend;
}

/** Opens an upload: one write-only URL per file, or (when the store cannot mint one) the server route. */
export async function beginUpload(
  ctx: WorkspaceContext,
  files: UploadFileSpec[],
  apiBase: string,
): Promise<UploadTicket> {
  if (files.length === 0) throw ApiError.badRequest("Choose at least one file to upload.", "files");
  const seen = new Set<string>();
  for (const f of files) {
    const p = checkRelativePath(f.path);
    if (seen.has(p)) throw ApiError.badRequest(`"${p}" appears twice in the upload.`, "files");
    seen.add(p);
  }
  const backend = await blobStore(ctx);
  const uploadId = randomUUID();
  const out: UploadTicket["files"] = [];
  let mode: UploadTicket["mode"] = "sas";
  for (const f of files) {
    const path = checkRelativePath(f.path);
    const target = await backend.uploadUrl(`${UPLOAD_PREFIX}/${uploadId}/${path}`, SAS_TTL_SECONDS);
    if (!target) {
      mode = "server";
      out.push({
        path,
        url: `${apiBase}/${uploadId}/file?path=${encodeURIComponent(path)}&size=${f.size}`,
        headers: {},
      });
    } else out.push({ path, url: target.url, headers: target.headers });
  }
  return { uploadId, mode, files: out };
}

/** The server-side fallback: writes one file of an upload from the request stream. */
export async function writeUploadFile(
  ctx: WorkspaceContext,
  uploadId: string,
  path: string,
  body: ReadableStream<Uint8Array> | null,
  size: number,
  contentType: string,
) {
  // Checked before the store is opened: a bad path costs no upstream call.
  const relative = checkRelativePath(path, "path");
  if (!body) throw ApiError.badRequest("The request has no body.", "body");
  const backend = await blobStore(ctx);
  const { Readable } = await import("node:stream");
  return backend.write(`${UPLOAD_PREFIX}/${uploadId}/${relative}`, Readable.fromWeb(body as never), size, contentType);
}

/** Deletes whatever a cancelled upload left behind. */
export async function cancelUpload(ctx: WorkspaceContext, uploadId: string) {
  const backend = await blobStore(ctx);
  return { deleted: await backend.deleteFolder(`${UPLOAD_PREFIX}/${uploadId}`) };
}

const hex = (b: Uint8Array | undefined) => (b ? Buffer.from(b).toString("hex") : undefined);

/**
 * Checks that every declared file of an upload is in, with its size, and records its SHA-256 in the blob's
 * metadata (and MD5 where storage has none), so listings show both hashes without reading the files again.
 * Returns the datastore path of the upload's folder.
 */
export async function finishUpload(
  ctx: WorkspaceContext,
  uploadId: string,
  files: UploadFileSpec[],
): Promise<{ folder: string; files: VersionFile[] }> {
  const backend = await blobStore(ctx);
  const container = backend.containerClient;
  const folder = `${UPLOAD_PREFIX}/${uploadId}`;
  const present = new Map<string, number>();
  for await (const b of container.listBlobsFlat({ prefix: `${folder}/` }))
    present.set(b.name.slice(folder.length + 1), b.properties.contentLength ?? 0);
  const missing = files.filter((f) => present.get(checkRelativePath(f.path)) !== f.size);
  if (missing.length)
    throw ApiError.badRequest(
      `The upload is incomplete: ${missing
        .slice(0, 3)
        .map((f) =>
          present.has(f.path) ? `${f.path} has ${present.get(f.path)} of ${f.size} bytes` : `${f.path} is missing`,
        )
        .join("; ")}${missing.length > 3 ? ` and ${missing.length - 3} more` : ""}. Nothing was registered.`,
      "source",
    );
  const out: VersionFile[] = [];
  for (const f of files) {
    const path = checkRelativePath(f.path);
    const blob = container.getBlobClient(`${folder}/${path}`);
    const sha = createHash("sha256");
    const md5 = createHash("md5");
    const dl = await blob.download();
    for await (const chunk of dl.readableStreamBody as AsyncIterable<Buffer>) {
      sha.update(chunk);
      md5.update(chunk);
    }
    const sha256 = sha.digest("hex");
    const md5Bytes = md5.digest();
    await blob.setMetadata({ ...(dl.metadata ?? {}), sha256 });
    if (!dl.contentMD5) await blob.setHTTPHeaders({ blobContentType: dl.contentType, blobContentMD5: md5Bytes });
    out.push({ path, size: f.size, md5: md5Bytes.toString("hex"), sha256 });
  }
  return { folder, files: out };
}

/** Files under a datastore URI with sizes and hashes; [] for URIs that are not datastore paths (job outputs). */
export async function listArtifactFiles(ctx: WorkspaceContext, uri: string): Promise<VersionFile[]> {
  const loc = datastorePathOf(uri);
  if (!loc) return [];
  const backend = await blobStore(ctx, loc.datastore, true);
  const files: VersionFile[] = [];
  const prefix = loc.path ? `${loc.path}/` : "";
  try {
    for await (const b of backend.containerClient.listBlobsFlat({ prefix, includeMetadata: true })) {
      if (b.metadata?.hdi_isfolder === "true" || b.name.endsWith("/")) continue;
      files.push({
        path: b.name.slice(prefix.length),
        size: b.properties.contentLength ?? 0,
        md5: hex(b.properties.contentMD5),
        sha256: b.metadata?.sha256,
      });
      if (files.length >= 5000) break;
    }
    // A URI naming one file rather than a folder.
    if (files.length === 0 && loc.path) {
      const p = await backend.containerClient
        .getBlobClient(loc.path)
        .getProperties()
        .catch(() => null);
      if (p)
        files.push({
          path: loc.path.split("/").pop()!,
          size: p.contentLength ?? 0,
          md5: hex(p.contentMD5),
          sha256: p.metadata?.sha256,
        });
    }
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) return [];
    throw e;
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/** Reads up to `max` bytes of one artifact file as text; null when it does not exist. */
export async function readArtifactText(
  ctx: WorkspaceContext,
  uri: string,
  relPath: string,
  max = 256 * 1024,
): Promise<string | null> {
  const loc = datastorePathOf(uri);
  if (!loc) return null;
  const backend = await blobStore(ctx, loc.datastore, true);
  const full = loc.path ? `${loc.path}/${relPath}` : relPath;
  try {
    // Read no further than the file's end: a range past it is refused by storage.
    const { size = 0 } = await backend.stat(full);
    const buf = await backend.read(full, 0, Math.min(size, max));
    return buf.toString("utf8");
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

/** A short-lived read URL (attachment) for one artifact file. */
export async function artifactDownloadUrl(
  ctx: WorkspaceContext,
  uri: string,
  relPath: string,
): Promise<{ url: string | null; fullPath: string; datastore: string }> {
  const loc = datastorePathOf(uri);
  if (!loc)
    throw ApiError.badRequest(
      "This version's files are not in a datastore the studio can read (a job output).",
      "path",
    );
  const rel = checkRelativePath(relPath, "path");
  const backend = await blobStore(ctx, loc.datastore, true);
  const fullPath = loc.path ? `${loc.path}/${rel}` : rel;
  await backend.stat(fullPath);
  return { url: await backend.downloadUrl(fullPath, 300, { attachment: true }), fullPath, datastore: loc.datastore };
}

/** Checks that a datastore path exists (file or folder) before a version points at it. */
export async function checkDatastorePath(ctx: WorkspaceContext, datastore: string, path: string) {
  const opened = await openDatastore(ctx, datastore);
  const clean = path.replace(/^\/+|\/+$/g, "");
  if (clean === "") return;
  const isFolder = await opened.backend.folderExists(clean);
  if (isFolder) return;
  try {
    await opened.backend.stat(clean);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404)
      throw ApiError.badRequest(`Nothing exists at '${clean}' in datastore '${datastore}'.`, "source.path");
    throw e;
  }
}

export const datastoreUri = (datastore: string, path: string) =>
  `azureml://datastores/${datastore}/paths/${path.replace(/^\/+|\/+$/g, "")}/`;
