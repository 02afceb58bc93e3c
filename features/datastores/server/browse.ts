import "server-only";
import { Readable } from "node:stream";
import { ApiError } from "@/lib/server/errors";
import { openDatastore } from "@/lib/server/storage";
import type { WorkspaceContext } from "@/lib/server/workspace-context";
import { contentTypeFor } from "@/lib/domain/preview";
import { URL_TTL_SECONDS, type FileEntry, type FolderPage } from "@/lib/domain/datastores";
import { parentPath } from "@/lib/domain/storage-names";

/** One page of a folder: never the whole folder; the token carries on where storage left off. */
export async function listFolder(
  ctx: WorkspaceContext,
  name: string,
  q: { path: string; continuationToken?: string; prefix?: string; pageSize: number },
): Promise<FolderPage> {
  const { backend } = await openDatastore(ctx, name);
  const page = await backend.list(q.path, {
    pageSize: q.pageSize,
    continuationToken: q.continuationToken,
    namePrefix: q.prefix,
  });
  if (
    page.entries.length === 0 &&
    !q.continuationToken &&
    !q.prefix &&
    q.path !== "" &&
    !(await backend.folderExists(q.path))
  )
    throw ApiError.notFound(`Folder '${q.path}' does not exist in datastore '${name}'.`);
  return {
    entries: page.entries.map((e) => ({
      ...e,
      contentType: e.kind === "file" ? e.contentType || contentTypeFor(e.name) : undefined,
    })),
    continuationToken: page.continuationToken,
  };
}

export async function statFile(ctx: WorkspaceContext, name: string, path: string): Promise<FileEntry> {
  const { backend } = await openDatastore(ctx, name);
  const s = await backend.stat(path);
  return { ...s, contentType: s.contentType || contentTypeFor(s.name) };
}

export async function createFolder(ctx: WorkspaceContext, name: string, path: string) {
  const { backend } = await openDatastore(ctx, name);
  if (await backend.folderExists(path)) throw ApiError.conflict(`Folder '${path}' already exists.`);
  await backend.stat(path).then(
    () => {
      throw ApiError.conflict(`A file named '${path}' already exists.`);
    },
    (e) => {
      if (!(e instanceof ApiError && e.status === 404)) throw e;
    },
  );
  await backend.createFolder(path);
  return { path };
}

export async function deletePath(ctx: WorkspaceContext, name: string, path: string, kind: "file" | "folder") {
  const { backend } = await openDatastore(ctx, name);
  if (kind === "file") {
    await backend.deleteFile(path);
    return { deleted: 1 };
  }
  if (!(await backend.folderExists(path))) throw ApiError.notFound(`Folder '${path}' does not exist.`);
  return { deleted: await backend.deleteFolder(path) };
}

/** Removes files an upload batch created before it was cancelled (missing ones are fine). */
export async function deleteMany(ctx: WorkspaceContext, name: string, paths: string[]) {
  const { backend } = await openDatastore(ctx, name);
  let deleted = 0;
  for (const p of paths) {
    try {
      await backend.deleteFile(p);
      deleted++;
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) throw e;
    }
  }
  return { deleted };
}

/**
 * Where the browser sends an upload: a write-only URL for exactly this path, valid for minutes, when storage
 * can mint one; otherwise the studio's own upload route, which streams to storage.
 */
export async function startUpload(
  ctx: WorkspaceContext,
  name: string,
  body: { path: string; size: number; contentType?: string; overwrite?: boolean },
  apiBase: string,
) {
  const { backend } = await openDatastore(ctx, name);
  if (await backend.folderExists(body.path)) throw ApiError.conflict(`'${body.path}' is a folder.`);
  if (!body.overwrite) {
    const exists = await backend.stat(body.path).then(
      () => true,
      (e) => {
        if (e instanceof ApiError && (e.status === 404 || e.status === 400)) return false;
        throw e;
      },
    );
    if (exists)
      throw ApiError.conflict(
        `A file named '${body.path}' already exists; choose to overwrite it or rename the upload.`,
      );
  }
  const contentType = body.contentType || contentTypeFor(body.path);
  const direct = await backend.uploadUrl(body.path, URL_TTL_SECONDS);
  if (direct)
    return {
      method: "PUT" as const,
      url: direct.url,
      headers: { ...direct.headers, "x-ms-blob-content-type": contentType },
      direct: true,
      expiresInSeconds: URL_TTL_SECONDS,
    };
  const q = new URLSearchParams({ path: body.path, size: String(body.size), contentType });
  return {
    method: "PUT" as const,
    url: `${apiBase}/datastores/${encodeURIComponent(name)}/upload?${q}`,
    headers: { "Content-Type": "application/octet-stream" },
    direct: false,
  };
}

/** Streams a request body to storage; a short or aborted body leaves nothing behind. */
export async function proxyUpload(
  ctx: WorkspaceContext,
  name: string,
  q: { path: string; size: number; contentType?: string },
  req: Request,
) {
  if (!req.body) throw ApiError.badRequest("The upload has no body.", "body");
  const declared = Number(req.headers.get("content-length") ?? q.size);
  if (declared !== q.size)
    throw ApiError.badRequest(`Content-Length ${declared} does not match the declared size ${q.size}.`, "size");
  const { backend } = await openDatastore(ctx, name);
  if (
    parentPath(q.path) !== "" &&
    (await backend.stat(parentPath(q.path)).then(
      () => true,
      () => false,
    ))
  )
    throw ApiError.conflict(`'${parentPath(q.path)}' is a file, not a folder.`);
  const body = Readable.fromWeb(req.body as import("node:stream/web").ReadableStream);
  return backend.write(q.path, body, q.size, q.contentType || contentTypeFor(q.path));
}

/** A read-only URL for the file, valid for minutes, or the studio's streaming content route. */
export async function downloadLink(ctx: WorkspaceContext, name: string, path: string, apiBase: string) {
  const { backend } = await openDatastore(ctx, name);
  const stat = await backend.stat(path);
  const url = await backend.downloadUrl(path, URL_TTL_SECONDS, { attachment: true });
  return {
    url:
      url ??
      `${apiBase}/datastores/${encodeURIComponent(name)}/content?${new URLSearchParams({ path, download: "1" })}`,
    size: stat.size,
    direct: Boolean(url),
    expiresInSeconds: url ? URL_TTL_SECONDS : undefined,
  };
}

/** Streams a file through the studio (stores that cannot mint short-lived URLs, and inline images). */
export async function streamContent(ctx: WorkspaceContext, name: string, path: string, download: boolean) {
  const { backend } = await openDatastore(ctx, name);
  const s = await backend.stream(path);
  const type = download ? "application/octet-stream" : s.contentType;
  const headers: Record<string, string> = {
    "Content-Type": type,
    "Content-Length": String(s.size),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
    "Content-Disposition": `${download ? "attachment" : "inline"}; filename*=UTF-8''${encodeURIComponent(path.slice(path.lastIndexOf("/") + 1))}`,
  };
  return new Response(Readable.toWeb(s.body) as ReadableStream, { headers });
}
