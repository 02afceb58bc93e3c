import "server-only";
import { createHash } from "node:crypto";
import type { ComponentVersion } from "@azure/arm-machinelearning";
import {
  componentFromSpec,
  formatProblem,
  parseComponentYaml,
  YamlImportError,
  type ComponentSpec,
} from "@/lib/domain/pipeline";
import { ApiError } from "@/lib/server/errors";
import { invalidate, listKey } from "@/lib/server/cache";
import { collect } from "@/lib/server/upstream";
import { plain, type WorkspaceContext } from "@/lib/server/workspace-context";
import { CODE_DATASTORE, deleteFiles, listFiles, prefixOfCodeUri, readFile, uploadFiles } from "./code-store";
import type { RegisterComponentBody } from "./schemas";

/** One registered component as the list and the designer's palette show it: the container and its latest spec. */
export type ComponentSummary = {
  name: string;
  latestVersion: string | null;
  description: string | null;
  isArchived: boolean;
  tags: Record<string, string>;
  /** The latest version's spec (null when the container has no readable version). */
  spec: ComponentSpec | null;
  updatedAt: string | null;
};

export type ComponentVersionView = {
  name: string;
  version: string;
  /** ARM id of the version: what a PipelineJob step's componentId names. */
  id: string;
  description: string | null;
  tags: Record<string, string>;
  isArchived: boolean;
  isAnonymous: boolean;
  spec: ComponentSpec;
  /** The code asset (ARM id) the component runs, when it has one. */
  codeId: string | null;
  createdAt: string | null;
  createdBy: string | null;
};

function versionView(name: string, v: ComponentVersion): ComponentVersionView {
  const raw = (v.properties.componentSpec ?? {}) as Record<string, unknown>;
  return {
    name,
    version: v.name ?? "",
    id: v.id ?? "",
    description: v.properties.description ?? null,
    tags: Object.fromEntries(Object.entries(v.properties.tags ?? {}).map(([k, t]) => [k, t ?? ""])),
    isArchived: v.properties.isArchived ?? false,
    isAnonymous: v.properties.isAnonymous ?? false,
    spec: componentFromSpec({ ...raw, name, version: v.name }),
    codeId: typeof raw.code === "string" ? raw.code : null,
    createdAt: v.systemData?.createdAt ? new Date(v.systemData.createdAt).toISOString() : null,
    createdBy: v.systemData?.createdBy ?? null,
  };
}

export function listComponents(ctx: WorkspaceContext, archived = false) {
  return ctx.cached("component", listKey(archived ? "archived" : ""), async () => {
    const containers = await collect(
      ctx.client.componentContainers.list(ctx.ref.resourceGroup, ctx.ref.workspace, {
        listViewType: archived ? "ArchivedOnly" : "ActiveOnly",
      }),
    );
    const out: ComponentSummary[] = [];
    // Containers carry no spec: the palette needs the latest version's ports, so each latest version is read too.
    await Promise.all(
      containers.map(async (c) => {
        const latest = c.properties.latestVersion ?? null;
        let spec: ComponentSpec | null = null;
        if (latest) {
          const v = await ctx.client.componentVersions
            .get(ctx.ref.resourceGroup, ctx.ref.workspace, c.name!, latest)
            .catch(() => null);
          if (v) spec = versionView(c.name!, plain(v)).spec;
        }
        out.push({
          name: c.name!,
          latestVersion: latest,
          description: c.properties.description ?? null,
          isArchived: c.properties.isArchived ?? false,
          tags: (c.properties.tags ?? {}) as Record<string, string>,
          spec,
          updatedAt: c.systemData?.lastModifiedAt ? new Date(c.systemData.lastModifiedAt).toISOString() : null,
        });
      }),
    );
    return out.sort((a, b) => a.name.localeCompare(b.name));
  });
}

export function listComponentVersions(ctx: WorkspaceContext, name: string) {
  return ctx.cached("component", `versions:${name.toLowerCase()}`, async () => {
    const versions = await collect(
      ctx.client.componentVersions.list(ctx.ref.resourceGroup, ctx.ref.workspace, name, { listViewType: "All" }),
    );
    return versions.map((v) => versionView(name, plain(v)));
  });
}

export async function getComponent(ctx: WorkspaceContext, name: string) {
  const [container, versions] = await Promise.all([
    ctx.cached("component", `item:${name.toLowerCase()}`, async () =>
      plain(await ctx.client.componentContainers.get(ctx.ref.resourceGroup, ctx.ref.workspace, name)),
    ),
    listComponentVersions(ctx, name),
  ]);
  return {
    data: {
      name,
      description: container.data.properties.description ?? null,
      isArchived: container.data.properties.isArchived ?? false,
      latestVersion: container.data.properties.latestVersion ?? null,
      versions: versions.data,
    },
    cache: container.cache,
  };
}

export async function getComponentVersion(
  ctx: WorkspaceContext,
  name: string,
  version: string,
): Promise<ComponentVersionView> {
  return versionView(
    name,
    plain(await ctx.client.componentVersions.get(ctx.ref.resourceGroup, ctx.ref.workspace, name, version)),
  );
}

/** Code files of a component version: the list, or one file's text. */
export async function componentCode(ctx: WorkspaceContext, name: string, version: string, path?: string) {
  const v = await getComponentVersion(ctx, name, version);
  if (!v.codeId) return { files: [], file: null };
  const m = /\/codes\/([^/]+)\/versions\/([^/]+)$/.exec(v.codeId);
  if (!m)
    throw new ApiError(404, "NotFound", `The component's code (${v.codeId}) is not a code asset of this workspace.`);
  const code = await ctx.client.codeVersions.get(ctx.ref.resourceGroup, ctx.ref.workspace, m[1], m[2]);
  const prefix = prefixOfCodeUri(code.properties.codeUri ?? "");
  if (!prefix)
    throw new ApiError(
      404,
      "NotFound",
      `The component's code is stored at ${code.properties.codeUri}, which the studio cannot read.`,
    );
  if (path) return { files: null, file: await readFile(ctx, prefix, path) };
  return { files: await listFiles(ctx, prefix), file: null };
}

/**
 * Registers a component from its YAML (and its code folder): parses and checks it (400 with line and
 * column), uploads the code folder to workspaceblobstore as a code asset named by its content hash,
 * then creates the component version (the YAML's version, else the container's next version).
 */
export async function registerComponent(ctx: WorkspaceContext, body: RegisterComponentBody, signal?: AbortSignal) {
  let spec: ComponentSpec;
  try {
    spec = parseComponentYaml(body.yaml);
  } catch (e) {
    if (e instanceof YamlImportError)
      throw new ApiError(400, "InvalidComponentYaml", e.problems.map(formatProblem).join("\n"), "yaml", {
        problems: e.problems,
      });
    throw e;
  }
  const rg = ctx.ref.resourceGroup;
  const ws = ctx.ref.workspace;
  const container = await ctx.client.componentContainers.get(rg, ws, spec.name).catch((e) => {
    if ((e as { statusCode?: number }).statusCode === 404) return null;
    throw e;
  });
  const version = spec.version ?? container?.properties.nextVersion ?? "1";
  const existing = await ctx.client.componentVersions.get(rg, ws, spec.name, version).catch((e) => {
    if ((e as { statusCode?: number }).statusCode === 404) return null;
    throw e;
  });
  if (existing)
    throw ApiError.conflict(
      `${spec.name} version ${version} is already registered; change version: in the YAML (next free: ${container?.properties.nextVersion ?? "?"}).`,
    );

  const componentSpec: Record<string, unknown> = { ...spec.source, name: spec.name, version };
  if (spec.code && !spec.code.startsWith("azureml:")) {
    if (body.codeFiles.length === 0)
      throw ApiError.badRequest(`The YAML names the code folder "${spec.code}"; add its files.`, "codeFiles");
    const files = Object.fromEntries(body.codeFiles.map((f) => [f.path, Buffer.from(f.contentBase64, "base64")]));
    const h = createHash("sha256");
    for (const p of Object.keys(files).sort()) h.update(p).update("\0").update(files[p]).update("\0");
    const hash = h.digest("hex");
    const prefix = `LocalUpload/${hash.slice(0, 32)}/${spec.code.replace(/^\.\//, "").replace(/\/$/, "").split("/").pop() || "src"}`;
    const codeName = hash.slice(0, 36);
    const codeUri = `azureml://datastores/${CODE_DATASTORE}/paths/${prefix}`;
    const notFound = (e: unknown) => {
      if ((e as { statusCode?: number }).statusCode === 404) return null;
      throw e;
    };
    const codeExists = await ctx.client.codeVersions.get(rg, ws, codeName, "1").catch(notFound);
    if (!codeExists) {
      // Upload first, register after: a canceled or failed upload removes its files and registers nothing.
      await uploadFiles(ctx, prefix, body.codeFiles, signal);
      try {
        if (signal?.aborted)
          throw new ApiError(400, "UploadCanceled", "The code upload was canceled; nothing was registered.");
        // Not abortable once sent: an aborted request the service still applied would name files deleted below.
        await ctx.client.codeVersions.createOrUpdate(rg, ws, codeName, "1", {
          properties: { codeUri, isAnonymous: true },
        });
      } catch (e) {
        // Someone registering the same folder at the same moment won the race: their version names these very files.
        const raced = await ctx.client.codeVersions.get(rg, ws, codeName, "1").catch(() => null);
        if (raced?.properties.codeUri !== codeUri) {
          await deleteFiles(ctx, prefix, body.codeFiles);
          throw e;
        }
      }
    }
    const codeVersion = await ctx.client.codeVersions.get(rg, ws, codeName, "1");
    componentSpec.code = codeVersion.id;
  } else if (body.codeFiles.length)
    throw ApiError.badRequest(
      "Code files were given but the YAML names no local code folder (code: ./src).",
      "codeFiles",
    );
  const created = await ctx.client.componentVersions.createOrUpdate(rg, ws, spec.name, version, {
    properties: { description: spec.description, tags: spec.tags, componentSpec },
  });
  await invalidate(ctx.workspaceId, "component");
  return versionView(spec.name, plain(created));
}

export async function setComponentArchived(ctx: WorkspaceContext, name: string, archived: boolean) {
  const c = await ctx.client.componentContainers.get(ctx.ref.resourceGroup, ctx.ref.workspace, name);
  await ctx.client.componentContainers.createOrUpdate(ctx.ref.resourceGroup, ctx.ref.workspace, name, {
    properties: { description: c.properties.description, tags: c.properties.tags, isArchived: archived },
  });
  await invalidate(ctx.workspaceId, "component");
  return (await getComponent(ctx, name)).data;
}
