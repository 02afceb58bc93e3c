/**
 * Data assets: containers (`…/data/{name}`, DataContainer: dataType required) and versions (`…/data/{name}/
 * versions/{version}`, DataVersionBase discriminated by dataType: uri_file, uri_folder, mltable). The shared rules
 * (naming, listViewType, paging, latest/next version, immutability, archive) are assets.ts's; this file adds what
 * is data's own: a container holds versions of one type (a version of another type: 400; changing the container's
 * type: 409) and a version's URI is one the runner can read.
 */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { ArmError, badRequest } from "../arm";
import type { Ctx } from "../context";
import type { StoredResource } from "../store";
import { assetBaseShape, registerAssetRoutes, storeVersion, type AssetKindSpec } from "./assets";

const DATA_TYPES = ["uri_file", "uri_folder", "mltable"] as const;

const dataUri = z
  .string()
  .min(1)
  .max(2048)
  .refine(
    (u) => /^(azureml|https?|wasbs?|abfss?|adl|file):\/\//i.test(u) || /^[^:]+$/.test(u),
    "dataUri must be an azureml://, https://, wasbs://, abfss:// or adl:// URI",
  );
const dataVersionProperties = z.strictObject({
  ...assetBaseShape,
  dataType: z.enum(DATA_TYPES),
  dataUri,
  referencedUris: z.array(z.string()).nullable().optional(),
});
export type DataVersionInput = z.infer<typeof dataVersionProperties>;

/** The version's stored properties: MLTableData alone has referencedUris. */
function dataProperties(input: DataVersionInput) {
  const { referencedUris, ...rest } = input;
  return input.dataType === "mltable" ? { ...rest, referencedUris: referencedUris ?? [] } : rest;
}

export const dataSpec: AssetKindSpec = {
  segment: "data",
  noun: "data asset",
  versionSchema: dataVersionProperties,
  containerShape: { dataType: z.enum(DATA_TYPES) },
  prepareVersion(input: DataVersionInput, { name, container }) {
    const held = container?.body.properties.dataType;
    if (held && held !== input.dataType)
      throw badRequest(
        "DataTypeMismatch",
        `The data asset '${name}' holds ${held} versions; a ${input.dataType} version cannot be added.`,
        "properties.dataType",
      );
    return { properties: dataProperties(input) };
  },
  containerFromVersion: (p) => ({ dataType: p.dataType }),
  checkContainerUpdate(existing, input, name) {
    if (existing.body.properties.dataType !== input.dataType)
      throw new ArmError(
        409,
        "Conflict",
        `The data asset '${name}' holds ${existing.body.properties.dataType} versions; its type cannot change to ${input.dataType}.`,
      );
  },
};

/** Stores a data version (and its container) without a request: the storage seed's entry point. */
export function putDataVersion(
  ctx: Ctx,
  wsId: string,
  name: string,
  version: string,
  input: DataVersionInput,
  sys: unknown,
  at: number,
): StoredResource {
  return storeVersion(ctx, dataSpec, wsId, name, version, dataProperties(input), { at, systemData: sys });
}

export function registerDataAssetRoutes(app: FastifyInstance, ctx: Ctx) {
  registerAssetRoutes(app, ctx, dataSpec);
}
