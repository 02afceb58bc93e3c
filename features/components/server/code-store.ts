import "server-only";
import type { ContainerClient } from "@azure/storage-blob";
import { ApiError } from "@/lib/server/errors";
import { workspaceBlobContainer } from "@/lib/server/storage";
import { storageError } from "@/lib/server/storage/blob";
import type { WorkspaceContext } from "@/lib/server/workspace-context";
import { CODE_DATASTORE } from "@/lib/server/storage/code-assets";

/**
 * Where component code folders live: the workspace's default datastore, `workspaceblobstore` (Azurite in the
 * embedded default, the workspace's storage account in Azure), opened through the studio's one storage client
 * (credentials from datastores.listSecrets, as the signed-in user). Code assets name the folder with
 * `azureml://datastores/workspaceblobstore/paths/<prefix>`, as the Azure ML CLI registers them; the studio's own
 * uploads are staged under `LocalUpload/<uploadId>/` (lib/server/storage/artifacts.ts). This module reads them.
 */

/** Largest code file the studio shows as text. */
const MAX_TEXT_BYTES = 1024 * 1024;

/** Code is the workspace's own artifact: every role may read it (lib/server/storage openDatastore). */
const codeContainer = (ctx: WorkspaceContext): Promise<ContainerClient> =>
  workspaceBlobContainer(ctx, CODE_DATASTORE, { workspaceArtifacts: true });

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
