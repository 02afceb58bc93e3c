import "server-only";
import { createPipelineRequest } from "@azure/core-rest-pipeline";
import { armWorkspaceId } from "@/lib/domain/arm-names";
import { ApiError } from "@/lib/server/errors";
import { config } from "@/lib/server/config";
import type { WorkspaceContext } from "@/lib/server/workspace-context";

/**
 * Where component code folders are uploaded: the workspace's default datastore, `workspaceblobstore`.
 *
 * Local mode: the local workspace service's blob stand-in (`…/localBlobStore/workspaceblobstore/blobs`),
 * reached through the same SDK client and pipeline (so with the user's token). When the local service
 * runs Azurite (feat/datastores), this module switches to @azure/storage-blob against the datastore's
 * account; code assets keep their `azureml://datastores/workspaceblobstore/paths/…` codeUri either way.
 * Azure mode needs that datastore support, and says so rather than pretend.
 */
export const CODE_DATASTORE = "workspaceblobstore";
const API = "api-version=2022-10-01";

function blobBase(ctx: WorkspaceContext) {
  if (config.upstream !== "local")
    throw new ApiError(501, "NotImplemented", "Uploading code folders to an Azure workspace needs datastore access, which this studio does not have yet; register the component with the Azure ML CLI.");
  return `${config.armEndpoint}${armWorkspaceId(ctx.ref)}/localBlobStore/${CODE_DATASTORE}/blobs`;
}

async function send(ctx: WorkspaceContext, method: "GET" | "PUT", url: string, body?: unknown) {
  // Local mode only (see blobBase): the loopback service speaks plain http, as the SDK client is configured for.
  const req = createPipelineRequest({ url, method, body: body === undefined ? undefined : JSON.stringify(body), allowInsecureConnection: true });
  if (body !== undefined) req.headers.set("Content-Type", "application/json");
  const res = await ctx.client.sendRequest(req);
  let json: any = null;
  try {
    json = res.bodyAsText ? JSON.parse(res.bodyAsText) : null;
  } catch {
    throw new ApiError(502, "UpstreamInvalidResponse", "The workspace's blob store answered with something that is not JSON.");
  }
  if (res.status >= 400) throw new ApiError(res.status >= 500 ? 502 : res.status, json?.error?.code ?? "UpstreamError", json?.error?.message ?? `The blob store answered ${res.status}.`);
  return json;
}

export async function uploadFiles(ctx: WorkspaceContext, prefix: string, files: { path: string; contentBase64: string }[]) {
  const base = blobBase(ctx);
  for (const f of files) await send(ctx, "PUT", `${base}?${API}&path=${encodeURIComponent(`${prefix}/${f.path}`)}`, { contentBase64: f.contentBase64 });
}

export async function listFiles(ctx: WorkspaceContext, prefix: string): Promise<{ path: string; size: number }[]> {
  const json = await send(ctx, "GET", `${blobBase(ctx)}?${API}&prefix=${encodeURIComponent(prefix + "/")}`);
  return (json.value as { path: string; size: number }[]).map((b) => ({ path: b.path.slice(prefix.length + 1), size: b.size }));
}

export async function readFile(ctx: WorkspaceContext, prefix: string, path: string): Promise<{ path: string; size: number; text: string }> {
  const json = await send(ctx, "GET", `${blobBase(ctx)}/content?${API}&path=${encodeURIComponent(`${prefix}/${path}`)}`);
  const buf = Buffer.from(json.contentBase64, "base64");
  return { path, size: buf.length, text: buf.toString("utf8") };
}

/** `azureml://datastores/<ds>/paths/<prefix>` → prefix (only workspaceblobstore is read here). */
export function prefixOfCodeUri(uri: string): string | null {
  const m = /^azureml:\/\/datastores\/([^/]+)\/paths\/(.+?)\/?$/.exec(uri);
  return m && m[1] === CODE_DATASTORE ? m[2] : null;
}
