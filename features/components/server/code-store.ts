import "server-only";
import type { ContainerClient } from "@azure/storage-blob";
import { ApiError } from "@/lib/server/errors";
import { workspaceBlobContainer } from "@/lib/server/storage";
import { storageError } from "@/lib/server/storage/blob";
import type { WorkspaceContext } from "@/lib/server/workspace-context";

/**
 * Where component code folders live: the workspace's default datastore, `workspaceblobstore` (Azurite in the
 * embedded default, the workspace's storage account in Azure), opened through the studio's one storage client
 * (credentials from datastores.listSecrets, as the signed-in user). Code assets name the folder with
 * `azureml://datastores/workspaceblobstore/paths/<prefix>`, as the Azure ML CLI registers them.
 */
export const CODE_DATASTORE = "workspaceblobstore";

/** Largest code file the studio shows as text. */
const MAX_TEXT_BYTES = 1024 * 1024;

const codeContainer = (ctx: WorkspaceContext): Promise<ContainerClient> => workspaceBlobContainer(ctx, CODE_DATASTORE);

/**
 * Uploads a code folder under `prefix`. All or nothing: when any file fails (or `signal` aborts) the files
 * already written are deleted before the error is thrown, so no code version is ever registered over a
 * partial folder (the caller registers the version only after this returns).
 */
export async function uploadFiles(
  ctx: WorkspaceContext,
  prefix: string,
  files: { path: string; contentBase64: string }[],
  signal?: AbortSignal,
) {
  const container = await codeContainer(ctx);
  const written: string[] = [];
  try {
    for (const f of files) {
      if (signal?.aborted)
        throw new ApiError(400, "UploadCanceled", "The code upload was canceled; nothing was registered.");
      const name = `${prefix}/${f.path}`;
      await container
        .getBlockBlobClient(name)
        .uploadData(Buffer.from(f.contentBase64, "base64"), { abortSignal: signal })
        .catch((e) => storageError(e, `code file '${f.path}'`));
      written.push(name);
    }
  } catch (e) {
    await removeFiles(container, written);
    throw e;
  }
}

/** Deletes an uploaded code folder (rolling back a registration that failed after the upload). */
export async function deleteFiles(ctx: WorkspaceContext, prefix: string, files: { path: string }[]) {
  await removeFiles(
    await codeContainer(ctx),
    files.map((f) => `${prefix}/${f.path}`),
  );
}

async function removeFiles(container: ContainerClient, names: string[]) {
  // Best effort: the prefix is content-addressed, so a leftover file is never read as another folder's.
  await Promise.all(
    names.map((n) =>
      container
        .getBlobClient(n)
        .deleteIfExists()
        .catch(() => undefined),
    ),
  );
}

export async function listFiles(ctx: WorkspaceContext, prefix: string): Promise<{ path: string; size: number }[]> {
  const container = await codeContainer(ctx);
  const out: { path: string; size: number }[] = [];
  try {
    for await (const b of container.listBlobsFlat({ prefix: `${prefix}/`, includeMetadata: true })) {
      if (b.name.endsWith("/") || b.metadata?.hdi_isfolder === "true") continue;
      out.push({ path: b.name.slice(prefix.length + 1), size: b.properties.contentLength ?? 0 });
    }
  } catch (e) {
    storageError(e, `code folder '${prefix}'`);
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

export async function readFile(
  ctx: WorkspaceContext,
  prefix: string,
  path: string,
): Promise<{ path: string; size: number; text: string }> {
  if (path.split("/").some((s) => s === "" || s === "." || s === ".."))
    throw ApiError.badRequest(`'${path}' is not a path inside the code folder.`, "path");
  const blob = (await codeContainer(ctx)).getBlobClient(`${prefix}/${path}`);
  const props = await blob.getProperties().catch((e) => storageError(e, `code file '${path}'`));
  const size = props.contentLength ?? 0;
  if (size > MAX_TEXT_BYTES)
    throw new ApiError(
      413,
      "FileTooLarge",
      `'${path}' is ${size} bytes; the studio shows code files up to ${MAX_TEXT_BYTES} bytes.`,
      "path",
    );
  const buf = await blob.downloadToBuffer().catch((e) => storageError(e, `code file '${path}'`));
  return { path, size: buf.length, text: buf.toString("utf8") };
}

/** `azureml://datastores/<ds>/paths/<prefix>` → prefix (only workspaceblobstore is read here). */
export function prefixOfCodeUri(uri: string): string | null {
  const m = /^azureml:\/\/datastores\/([^/]+)\/paths\/(.+?)\/?$/.exec(uri);
  return m && m[1] === CODE_DATASTORE ? m[2] : null;
}
