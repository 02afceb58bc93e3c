/**
 * Code assets (containers and versions, codeUri) and the local stand-in for `workspaceblobstore`
 * where code folders are uploaded.
 *
 * The blob endpoints are NOT part of ARM: in Azure the CLI writes code folders to the workspace's
 * storage account. Until the local service runs Azurite (branch feat/datastores), blobs of the
 * workspace's default datastore live here, under `…/workspaces/{ws}/localBlobStore/{datastore}/blobs`:
 *   PUT   ?path=<p>        body { contentBase64 }        → 201 { path, size }
 *   GET   ?prefix=<p>      list                          → { value: [{ path, size }] }
 *   GET   /content?path=<p>                              → { path, size, contentBase64 }
 * codeUri is `azureml://datastores/<datastore>/paths/<prefix>` either way, so switching the storage
 * behind it changes no stored asset.
 */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { PROVIDER, badRequest, childId, notFound } from "../arm";
import { requireRole, type Ctx } from "../context";
import { parseBody } from "../validation";
import { loadWorkspace, type WsParams } from "./workspaces";
import { registerVersionedAssetRoutes } from "./versioned-assets";

const DATASTORE_URI_RE = /^azureml:\/\/datastores\/([a-zA-Z0-9_]+)\/paths\/(.+)$/;
const BLOB_PATH_RE = /^[^\\\0]{1,1024}$/;

export function registerCodeRoutes(app: FastifyInstance, ctx: Ctx) {
  registerVersionedAssetRoutes(app, ctx, {
    segment: "codes",
    armType: "codes",
    noun: "code",
    versionShape: { codeUri: z.string().min(1).max(2048).optional() },
    immutable: ["codeUri"],
    checkVersion: ({ properties }) => {
      if (!properties.codeUri) throw badRequest("UserError", "properties.codeUri is required: where the code folder was uploaded.", "properties.codeUri");
    },
  });

  const base = `/subscriptions/:sub/resourceGroups/:rg/providers/${PROVIDER}/workspaces/:ws/localBlobStore/:datastore/blobs`;
  const blobKey = (wsId: string, datastore: string, path: string) => childId(childId(wsId, "localBlobStore", datastore), "blobs", path);
  const checkPath = (path: unknown): string => {
    if (typeof path !== "string" || !BLOB_PATH_RE.test(path) || path.split("/").some((s) => s === ".." || s === ""))
      throw badRequest("InvalidBlobPath", `Blob path '${String(path)}' is invalid: a relative path without empty or '..' segments.`, "path");
    return path;
  };

  app.put(base, async (req, reply) => {
    requireRole(req, "DataScientist", `${PROVIDER}/workspaces/datastores/write`);
    const p = req.params as WsParams & { datastore: string };
    const ws = loadWorkspace(ctx, p);
    const path = checkPath((req.query as Record<string, unknown>).path);
    const { contentBase64 } = parseBody(z.strictObject({ contentBase64: z.string() }), req.body);
    const size = Buffer.from(contentBase64, "base64").length;
    const id = blobKey(ws.id, p.datastore, path);
    ctx.store.put({ id, kind: "blobs", parent: childId(ws.id, "localBlobStore", p.datastore), name: path, body: { path, size, contentBase64 }, sim: null, dueAt: null }, ctx.now());
    return reply.code(201).send({ path, size });
  });

  app.get(base, async (req) => {
    const p = req.params as WsParams & { datastore: string };
    const ws = loadWorkspace(ctx, p);
    const prefix = String((req.query as Record<string, unknown>).prefix ?? "");
    const value = ctx.store
      .list("blobs", childId(ws.id, "localBlobStore", p.datastore))
      .filter((b) => b.name.startsWith(prefix))
      .map((b) => ({ path: b.name, size: b.body.size }))
      .sort((a, b) => a.path.localeCompare(b.path));
    return { value };
  });

  app.get(`${base}/content`, async (req) => {
    const p = req.params as WsParams & { datastore: string };
    const ws = loadWorkspace(ctx, p);
    const path = checkPath((req.query as Record<string, unknown>).path);
    const res = ctx.store.get(blobKey(ws.id, p.datastore, path));
    if (!res) throw notFound("blob", path);
    return res.body;
  });
}

/** `azureml://datastores/<ds>/paths/<prefix>` → { datastore, prefix }. */
export function parseDatastoreUri(uri: string) {
  const m = DATASTORE_URI_RE.exec(uri);
  return m ? { datastore: m[1], prefix: m[2] } : null;
}
