/**
 * Code assets (containers and versions). A version's codeUri is `azureml://datastores/<datastore>/paths/<prefix>`:
 * the code folder itself lives in that datastore (workspaceblobstore, on Azurite here), uploaded there by the
 * client as the Azure ML CLI does, never through this API.
 */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { badRequest } from "../arm";
import type { Ctx } from "../context";
import { registerVersionedAssetRoutes } from "./versioned-assets";

const DATASTORE_URI_RE = /^azureml:\/\/datastores\/([a-zA-Z0-9_]+)\/paths\/(.+)$/;

export function registerCodeRoutes(app: FastifyInstance, ctx: Ctx) {
  registerVersionedAssetRoutes(app, ctx, {
    segment: "codes",
    armType: "codes",
    noun: "code",
    versionShape: { codeUri: z.string().min(1).max(2048).optional() },
    immutable: ["codeUri"],
    checkVersion: ({ properties }) => {
      if (!properties.codeUri)
        throw badRequest(
          "UserError",
          "properties.codeUri is required: where the code folder was uploaded.",
          "properties.codeUri",
        );
    },
  });
}

/** `azureml://datastores/<ds>/paths/<prefix>` → { datastore, prefix }. */
export function parseDatastoreUri(uri: string) {
  const m = DATASTORE_URI_RE.exec(uri);
  return m ? { datastore: m[1], prefix: m[2] } : null;
}
