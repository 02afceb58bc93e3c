/**
 * Code assets (containers and versions). A version's codeUri is `azureml://datastores/<datastore>/paths/<prefix>`:
 * the code folder itself lives in that datastore (workspaceblobstore, on Azurite here), uploaded there by the
 * client as the Azure ML CLI does, never through this API.
 */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { badRequest } from "../arm";
import type { Ctx } from "../context";
import { assetBaseShape, registerAssetRoutes } from "./assets";

const DATASTORE_URI_RE = /^azureml:\/\/datastores\/([a-zA-Z0-9_]+)\/paths\/(.+)$/;

export function registerCodeRoutes(app: FastifyInstance, ctx: Ctx) {
  registerAssetRoutes(app, ctx, {
    segment: "codes",
    noun: "code",
    versionSchema: z.strictObject({ ...assetBaseShape, codeUri: z.string().min(1).max(2048).optional() }),
    prepareVersion: (properties) => {
      if (!properties.codeUri)
        throw badRequest(
          "UserError",
          "properties.codeUri is required: where the code folder was uploaded.",
          "properties.codeUri",
        );
      return { properties };
    },
  });
}

/** `azureml://datastores/<ds>/paths/<prefix>` → { datastore, prefix }. */
export function parseDatastoreUri(uri: string) {
  const m = DATASTORE_URI_RE.exec(uri);
  return m ? { datastore: m[1], prefix: m[2] } : null;
}
