import "server-only";
import type { Cached } from "@/lib/domain/cache-meta";
import YAML from "yaml";
import { z } from "@/lib/domain/zod";
import { ApiError, zodToApiError } from "@/lib/server/errors";
import { assetVersion } from "@/lib/domain/arm-name-schemas";
import type { WorkspaceContext } from "@/lib/server/workspace-context";
import { openDatastore } from "@/lib/server/storage";
import {
  getAsset,
  getAssetVersion,
  listAssets,
  listAssetSummaries,
  listAssetVersions,
  listAssetVersionPage,
  readVersionHistory,
  patchAsset,
  patchAssetVersion,
  putAssetVersion,
  refuseExistingVersion,
  type AssetSpec,
} from "@/lib/server/assets";
import type { DataAssetView, DataType } from "@/lib/domain/datastores";
import type { AssetVersion } from "@/lib/domain/versions";
import { dataVersionToAsset, type ArmDataVersion } from "../model";
import {
  newAssetNameProblem,
  azuremlUri,
  joinPath,
  normalizeDatastorePath,
  parseAzuremlUri,
} from "@/lib/domain/storage-names";
import type { CreateVersionBody, PatchBody } from "./schemas";

const dataAssets: AssetSpec<Pick<DataAssetView, "latestUri">> = {
  kind: "data",
  noun: "data asset",
  toAsset: (_name, v) => dataVersionToAsset(v as ArmDataVersion),
  keepContainerProperties: ["dataType"],
  containerFields: (c): Pick<DataAssetView, "dataType"> => ({ dataType: c.properties.dataType as DataType }),
  // What people look for in the list: the latest version's datastore path.
  latestFields: (_name, latest) => ({ latestUri: (latest?.properties.dataUri as string | undefined) ?? null }),
};

const VIEW = { active: "exclude", archived: "only", all: "include" } as const;

/** Data assets with their latest version's URI. */
export function listDataAssets(ctx: WorkspaceContext, view: keyof typeof VIEW) {
  // `dataType` comes from the spec's containerFields, which the kernel's types see only as `object`.
  return listAssets(ctx, dataAssets, VIEW[view]) as Promise<Cached<DataAssetView[]>>;
}

/** Data assets by name with their latest version's number alone: no read per asset (the overview, the palette). */
export const listDataAssetSummaries = (ctx: WorkspaceContext, view: keyof typeof VIEW) =>
  listAssetSummaries(ctx, dataAssets, VIEW[view]);

export const getDataAsset = (ctx: WorkspaceContext, name: string) => getAsset(ctx, dataAssets, name);
export const listVersions = (ctx: WorkspaceContext, name: string) => listAssetVersions(ctx, dataAssets, name);
/** One page of a data asset's history (`skip` from the route's cursor; null: the first page). */
export const listVersionPage = (ctx: WorkspaceContext, name: string, skip: string | null) =>
  listAssetVersionPage(ctx, dataAssets, name, skip);
/** The first page and the versions a link names, for the page rendered on the server. */
export const readDataHistory = (ctx: WorkspaceContext, name: string, named: string[]) =>
  readVersionHistory(ctx, dataAssets, name, named);
export const getVersion = (ctx: WorkspaceContext, name: string, version: string) =>
  getAssetVersion(ctx, dataAssets, name, version);
export const patchVersion = (ctx: WorkspaceContext, name: string, version: string, body: PatchBody) =>
  patchAssetVersion(ctx, dataAssets, name, version, body);
export const patchDataAsset = (ctx: WorkspaceContext, name: string, body: PatchBody) =>
  patchAsset(ctx, dataAssets, name, body);

/** Checks that the browsed path is what the type says: a file, a folder, or a folder with an MLTable file. */
async function checkPath(ctx: WorkspaceContext, datastore: string, path: string, dataType: DataType) {
  const { backend } = await openDatastore(ctx, datastore);
  if (dataType === "uri_file") {
    if (path === "") throw ApiError.badRequest("A uri_file version needs a file, not the datastore root.", "path");
    await backend.stat(path).catch((e) => {
      if (e instanceof ApiError && e.status === 404)
        throw ApiError.badRequest(`File '${path}' does not exist in datastore '${datastore}'.`, "path");
      throw e;
    });
    return;
  }
  if (!(await backend.folderExists(path)))
    throw ApiError.badRequest(`Folder '${path || "/"}' does not exist in datastore '${datastore}'.`, "path");
  if (dataType === "mltable") {
    await backend.stat(joinPath(path, "MLTable")).catch((e) => {
      if (e instanceof ApiError && e.status === 404)
        throw ApiError.badRequest(`Folder '${path || "/"}' has no MLTable file; an mltable version needs one.`, "path");
      throw e;
    });
  }
}

async function putVersion(
  ctx: WorkspaceContext,
  name: string,
  input: { version?: string; dataType: DataType; dataUri: string; description?: string; tags?: Record<string, string> },
) {
  const { container, version } = await refuseExistingVersion(ctx, dataAssets, name, input.version);
  if (container && container.properties.dataType !== input.dataType)
    throw ApiError.badRequest(
      `Data asset '${name}' holds ${container.properties.dataType} versions; a ${input.dataType} version cannot be added.`,
      "dataType",
    );
  return putAssetVersion(ctx, dataAssets, name, version, {
    dataType: input.dataType,
    dataUri: input.dataUri,
    description: input.description,
    tags: input.tags ?? {},
  });
}

export async function createVersion(ctx: WorkspaceContext, name: string, body: CreateVersionBody) {
  await checkPath(ctx, body.datastore, body.path, body.dataType);
  const dataUri = azuremlUri(body.datastore, body.path, body.dataType !== "uri_file");
  return putVersion(ctx, name, {
    version: body.version,
    dataType: body.dataType,
    dataUri,
    description: body.description,
    tags: body.tags,
  });
}

/** Azure ML CLI v2 data asset YAML (https://azuremlschemas.azureedge.net/latest/data.schema.json). */
const cliDataYaml = z
  .object({
    $schema: z.string().optional(),
    name: z.string().refine((n) => !newAssetNameProblem(n), { message: "must be 1-255 letters, digits, '-' or '_'" }),
    version: z.union([z.string(), z.number()]).transform(String).pipe(assetVersion).optional(),
    type: z.enum(["uri_file", "uri_folder", "mltable"]).default("uri_folder"),
    path: z.string().min(1),
    description: z.string().max(5000).optional(),
    tags: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).optional(),
  })
  .passthrough();

/**
 * Imports a CLI v2 data asset YAML whose path is in storage (azureml://, https://, wasbs://, abfss://); answers the
 * new version with the asset's name.
 */
export async function importYaml(ctx: WorkspaceContext, text: string): Promise<AssetVersion & { name: string }> {
  let doc: unknown;
  try {
    doc = YAML.parse(text);
  } catch (e) {
    throw ApiError.badRequest(`The YAML could not be parsed: ${(e as Error).message}`, "yaml");
  }
  if (!doc || typeof doc !== "object")
    throw ApiError.badRequest("The YAML must be a mapping with name, type and path.", "yaml");
  const r = cliDataYaml.safeParse(doc);
  if (!r.success) throw zodToApiError(r.error, "yaml");
  const d = r.data;
  const unsupported = Object.keys(d).filter(
    (k) => !["$schema", "name", "version", "type", "path", "description", "tags"].includes(k),
  );
  if (unsupported.length)
    throw ApiError.badRequest(
      `yaml: unsupported field${unsupported.length > 1 ? "s" : ""} ${unsupported.map((k) => `"${k}"`).join(", ")}; data imports (connections, queries) are not supported here.`,
      `yaml.${unsupported[0]}`,
    );
  const ds = parseAzuremlUri(d.path);
  const fields = { version: d.version, dataType: d.type, description: d.description, tags: d.tags };
  if (ds) {
    const norm = normalizeDatastorePath(ds.path);
    if ("problem" in norm) throw ApiError.badRequest(`yaml field "path": ${norm.problem}`, "yaml.path");
    return {
      ...(await createVersion(ctx, d.name, { ...fields, datastore: ds.datastore, path: norm.path })),
      name: d.name,
    };
  }
  if (/^(https|wasbs|abfss|adl):\/\//i.test(d.path))
    return { ...(await putVersion(ctx, d.name, { ...fields, dataUri: d.path })), name: d.name };
  throw ApiError.badRequest(
    `yaml field "path": '${d.path}' is a local path; upload the files to a datastore first, then create the version from the browsed path.`,
    "yaml.path",
  );
}
