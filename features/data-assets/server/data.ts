import "server-only";
import YAML from "yaml";
import { z } from "zod";
import type { DataContainer, DataVersionBase } from "@azure/arm-machinelearning";
import { ApiError } from "@/lib/server/errors";
import { invalidate, listKey } from "@/lib/server/cache";
import { collect } from "@/lib/server/upstream";
import { zodToApiError } from "@/lib/server/errors";
import { plain, type WorkspaceContext } from "@/lib/server/workspace-context";
import { openDatastore } from "@/lib/server/storage";
import type { DataAssetView, DataType, DataVersionView } from "@/lib/domain/datastores";
import {
  ASSET_NAME_RE,
  ASSET_VERSION_RE,
  azuremlUri,
  joinPath,
  normalizeDatastorePath,
  parseAzuremlUri,
} from "@/lib/domain/storage-names";
import type { CreateVersionBody, PatchBody } from "./schemas";

const iso = (d: unknown) => (d ? new Date(d as string).toISOString() : undefined);

function toAssetView(c: DataContainer): DataAssetView {
  const p = c.properties;
  return {
    name: c.name ?? "",
    dataType: p.dataType as DataType,
    latestVersion: p.latestVersion ?? null,
    description: p.description ?? null,
    tags: (p.tags ?? {}) as Record<string, string>,
    isArchived: Boolean(p.isArchived),
    createdBy: c.systemData?.createdBy,
    createdAt: iso(c.systemData?.createdAt),
    modifiedAt: iso(c.systemData?.lastModifiedAt),
  };
}

export function toVersionView(name: string, v: DataVersionBase): DataVersionView {
  const p = v.properties;
  return {
    name,
    version: v.name ?? "",
    dataType: p.dataType as DataType,
    dataUri: p.dataUri,
    description: p.description ?? null,
    tags: (p.tags ?? {}) as Record<string, string>,
    isArchived: Boolean(p.isArchived),
    createdBy: v.systemData?.createdBy,
    createdAt: iso(v.systemData?.createdAt),
    modifiedAt: iso(v.systemData?.lastModifiedAt),
  };
}

const VIEW = { active: "ActiveOnly", archived: "ArchivedOnly", all: "All" } as const;

export function listDataAssets(ctx: WorkspaceContext, view: keyof typeof VIEW) {
  return ctx.cached("data", listKey(view), async () => {
    const containers = await collect(
      ctx.client.dataContainers.list(ctx.ref.resourceGroup, ctx.ref.workspace, { listViewType: VIEW[view] }),
    );
    const views = containers.map((c) => toAssetView(plain(c)));
    // The latest version's URI is what people look for in the list ("datastore path").
    await Promise.all(
      views.map(async (v) => {
        if (!v.latestVersion) return;
        const ver = await ctx.client.dataVersions
          .get(ctx.ref.resourceGroup, ctx.ref.workspace, v.name, v.latestVersion)
          .catch(() => null);
        v.latestUri = ver?.properties.dataUri ?? null;
      }),
    );
    return views.sort((a, b) => a.name.localeCompare(b.name));
  });
}

export async function getDataAsset(ctx: WorkspaceContext, name: string) {
  const r = await ctx.cached("data", `item:${name.toLowerCase()}`, async () =>
    plain(await ctx.client.dataContainers.get(ctx.ref.resourceGroup, ctx.ref.workspace, name)),
  );
  return { data: toAssetView(r.data), cache: r.cache };
}

export function listVersions(ctx: WorkspaceContext, name: string) {
  return ctx.cached("data", `versions:${name.toLowerCase()}`, async () => {
    const items = await collect(
      ctx.client.dataVersions.list(ctx.ref.resourceGroup, ctx.ref.workspace, name, {
        listViewType: "All",
        orderBy: "createdtime desc",
      }),
    );
    return items.map((v) => toVersionView(name, plain(v)));
  });
}

export async function getVersion(ctx: WorkspaceContext, name: string, version: string) {
  const r = await ctx.cached("data", `version:${name.toLowerCase()}:${version}`, async () =>
    plain(await ctx.client.dataVersions.get(ctx.ref.resourceGroup, ctx.ref.workspace, name, version)),
  );
  return { data: toVersionView(name, r.data), cache: r.cache };
}

async function existingContainer(ctx: WorkspaceContext, name: string): Promise<DataContainer | null> {
  try {
    return await ctx.client.dataContainers.get(ctx.ref.resourceGroup, ctx.ref.workspace, name);
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) return null;
    throw e;
  }
}

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
  const container = await existingContainer(ctx, name);
  if (container && container.properties.dataType !== input.dataType)
    throw ApiError.badRequest(
      `Data asset '${name}' holds ${container.properties.dataType} versions; a ${input.dataType} version cannot be added.`,
      "dataType",
    );
  const version = input.version ?? container?.properties.nextVersion ?? "1";
  try {
    await ctx.client.dataVersions.get(ctx.ref.resourceGroup, ctx.ref.workspace, name, version);
    throw ApiError.conflict(`Version ${version} of '${name}' already exists.`);
  } catch (e) {
    if (e instanceof ApiError) throw e;
    if ((e as { statusCode?: number }).statusCode !== 404) throw e;
  }
  const saved = await ctx.client.dataVersions.createOrUpdate(ctx.ref.resourceGroup, ctx.ref.workspace, name, version, {
    properties: {
      dataType: input.dataType,
      dataUri: input.dataUri,
      description: input.description,
      tags: input.tags ?? {},
    },
  });
  await invalidate(ctx.workspaceId, "data");
  return toVersionView(name, plain(saved));
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

export async function patchVersion(ctx: WorkspaceContext, name: string, version: string, body: PatchBody) {
  const v = await ctx.client.dataVersions.get(ctx.ref.resourceGroup, ctx.ref.workspace, name, version);
  const p = v.properties;
  const saved = await ctx.client.dataVersions.createOrUpdate(ctx.ref.resourceGroup, ctx.ref.workspace, name, version, {
    properties: {
      ...p,
      description: body.description ?? p.description,
      tags: body.tags ?? p.tags,
      isArchived: body.isArchived ?? p.isArchived,
    },
  });
  await invalidate(ctx.workspaceId, "data");
  return toVersionView(name, plain(saved));
}

export async function patchDataAsset(ctx: WorkspaceContext, name: string, body: PatchBody) {
  const c = await ctx.client.dataContainers.get(ctx.ref.resourceGroup, ctx.ref.workspace, name);
  const p = c.properties;
  const saved = await ctx.client.dataContainers.createOrUpdate(ctx.ref.resourceGroup, ctx.ref.workspace, name, {
    properties: {
      dataType: p.dataType,
      description: body.description ?? p.description,
      tags: body.tags ?? p.tags,
      isArchived: body.isArchived ?? p.isArchived,
    },
  });
  await invalidate(ctx.workspaceId, "data");
  return toAssetView(plain(saved));
}

/** Azure ML CLI v2 data asset YAML (https://azuremlschemas.azureedge.net/latest/data.schema.json). */
const cliDataYaml = z
  .object({
    $schema: z.string().optional(),
    name: z.string().regex(ASSET_NAME_RE, "must be 1-255 letters, digits, '-', '_' or '.'"),
    version: z
      .union([z.string(), z.number()])
      .transform(String)
      .pipe(z.string().regex(ASSET_VERSION_RE, "must be 1-50 letters, digits, '-', '_' or '.'"))
      .optional(),
    type: z.enum(["uri_file", "uri_folder", "mltable"]).default("uri_folder"),
    path: z.string().min(1),
    description: z.string().max(5000).optional(),
    tags: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).optional(),
  })
  .passthrough();

/** Imports a CLI v2 data asset YAML whose path is in storage (azureml://, https://, wasbs://, abfss://). */
export async function importYaml(ctx: WorkspaceContext, text: string) {
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
  if (ds) {
    const norm = normalizeDatastorePath(ds.path);
    if ("problem" in norm) throw ApiError.badRequest(`yaml field "path": ${norm.problem}`, "yaml.path");
    return createVersion(ctx, d.name, {
      version: d.version,
      dataType: d.type,
      datastore: ds.datastore,
      path: norm.path,
      description: d.description,
      tags: d.tags,
    });
  }
  if (/^(https|wasbs|abfss|adl):\/\//i.test(d.path))
    return putVersion(ctx, d.name, {
      version: d.version,
      dataType: d.type,
      dataUri: d.path,
      description: d.description,
      tags: d.tags,
    });
  throw ApiError.badRequest(
    `yaml field "path": '${d.path}' is a local path; upload the files to a datastore first, then create the version from the browsed path.`,
    "yaml.path",
  );
}
