import "server-only";
import {
  componentFromSpec,
  formatProblem,
  parseComponentYaml,
  YamlImportError,
  type ComponentSpec,
} from "@/lib/domain/pipeline";
import { ApiError } from "@/lib/server/errors";
import { parseAssetVersionId } from "@/lib/domain/arm-names";
import { plain, type WorkspaceContext } from "@/lib/server/workspace-context";
import {
  armVersion,
  getAsset,
  invalidateAssets,
  listAssets,
  listAssetSummaries,
  listAssetVersions,
  patchAsset,
  refuseExistingVersion,
  type AssetSpec,
} from "@/lib/server/assets";
import { stringMap, type ArmAssetVersion, type AssetSummary, type AssetVersion } from "@/lib/domain/versions";
import { componentVersionToAsset } from "../model";
import { cancelUpload } from "@/lib/server/storage/artifacts";
import { registerCodeFolder } from "@/lib/server/storage/code-assets";
import { listFiles, prefixOfCodeUri, readFile } from "./code-store";
import type { RegisterComponentBody } from "./schemas";

/** One registered component as the list and the designer's palette show it: the container and its latest spec. */
export type ComponentSummary = AssetSummary & {
  /** The latest version's spec (null when the container has no readable version). */
  spec: ComponentSpec | null;
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

function versionView(name: string, v: ArmComponentVersion): ComponentVersionView {
  const raw = (v.properties.componentSpec ?? {}) as Record<string, unknown>;
  return {
    name,
    version: v.name ?? "",
    id: v.id ?? "",
    description: v.properties.description ?? null,
    tags: stringMap(v.properties.tags),
    isArchived: v.properties.isArchived ?? false,
    isAnonymous: v.properties.isAnonymous ?? false,
    spec: componentFromSpec({ ...raw, name, version: v.name }),
    codeId: typeof raw.code === "string" ? raw.code : null,
    createdAt: v.systemData?.createdAt ? new Date(v.systemData.createdAt).toISOString() : null,
    createdBy: v.systemData?.createdBy ?? null,
  };
}

type ArmComponentVersion = ArmAssetVersion<{ componentSpec?: unknown; isAnonymous?: boolean }>;

/** A version in the history: the common shape, with the spec and code the detail's Interface and Code tabs show. */
export type ComponentVersionAsset = AssetVersion & Pick<ComponentVersionView, "spec" | "codeId">;

const componentAssets: AssetSpec<Pick<ComponentSummary, "spec">> = {
  kind: "component",
  noun: "component",
  toAsset: (name, v): ComponentVersionAsset => {
    const view = versionView(name, v as ArmComponentVersion);
    return { ...componentVersionToAsset(view), spec: view.spec, codeId: view.codeId };
  },
  // The palette needs the latest version's ports.
  latestFields: (name, latest) => ({ spec: latest ? versionView(name, latest as ArmComponentVersion).spec : null }),
};

/** Components with their latest spec. */
export function listComponents(ctx: WorkspaceContext, archived = false) {
  return listAssets(ctx, componentAssets, archived ? "only" : "exclude");
}

/** Components by name with their latest version's number alone: no read per component (the palette). */
export const listComponentSummaries = (ctx: WorkspaceContext) => listAssetSummaries(ctx, componentAssets, "exclude");

export type ComponentDetail = AssetSummary & { versions: ComponentVersionAsset[] };

/** A component and its versions (newest first) in the common version shape. */
export async function getComponent(ctx: WorkspaceContext, name: string) {
  const [container, versions] = await Promise.all([
    getAsset(ctx, componentAssets, name),
    listAssetVersions(ctx, componentAssets, name),
  ]);
  const detail: ComponentDetail = { ...container.data, versions: versions.data as ComponentVersionAsset[] };
  return { data: detail, cache: container.cache };
}

/** One version as pipelines use it (jobs resolve `azureml:` references with it). */
export async function getComponentVersion(
  ctx: WorkspaceContext,
  name: string,
  version: string,
): Promise<ComponentVersionView> {
  return versionView(name, (await armVersion(ctx, componentAssets, name, version)) as ArmComponentVersion);
}

/** Code files of a component version: the list, or one file's text. */
export async function componentCode(ctx: WorkspaceContext, name: string, version: string, path?: string) {
  const v = await getComponentVersion(ctx, name, version);
  if (!v.codeId) return { files: [], file: null };
  const m = parseAssetVersionId(v.codeId, ["codes"]);
  if (!m)
    throw new ApiError(404, "NotFound", `The component's code (${v.codeId}) is not a code asset of this workspace.`);
  const code = await ctx.client.codeVersions.get(ctx.ref.resourceGroup, ctx.ref.workspace, m.name, m.version);
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
 * Registers a component from its YAML and its code folder (staged first through `component-uploads`, so its size is
 * not bound by the JSON body limit): parses and checks the YAML (400 with line and column), makes the folder a code
 * asset named by its content hash, then creates the component version (the YAML's version, else the container's
 * next version). Whatever fails, the staged files are deleted unless a code version now names them.
 */
export async function registerComponent(ctx: WorkspaceContext, body: RegisterComponentBody, signal?: AbortSignal) {
  let keepsUpload = false;
  try {
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
    const { version } = await refuseExistingVersion(ctx, componentAssets, spec.name, spec.version);

    const componentSpec: Record<string, unknown> = { ...spec.source, name: spec.name, version };
    if (spec.code && !spec.code.startsWith("azureml:")) {
      if (!body.code)
        throw ApiError.badRequest(`The YAML names the code folder "${spec.code}"; upload its files.`, "code");
      const code = await registerCodeFolder(ctx, body.code, signal);
      keepsUpload = code.keepsUpload;
      componentSpec.code = code.id;
    } else if (body.code)
      throw ApiError.badRequest(
        "A code folder was uploaded but the YAML names no local code folder (code: ./src).",
        "code",
      );
    const created = await ctx.client.componentVersions.createOrUpdate(
      ctx.ref.resourceGroup,
      ctx.ref.workspace,
      spec.name,
      version,
      { properties: { description: spec.description, tags: spec.tags, componentSpec } },
    );
    const written = plain(created) as ArmComponentVersion;
    await invalidateAssets(ctx, componentAssets, spec.name, { version: written });
    return versionView(spec.name, written);
  } finally {
    if (body.code && !keepsUpload) await cancelUpload(ctx, body.code.uploadId).catch(() => undefined);
  }
}

/** Archives or restores a component (the service archives its versions with it). */
export async function setComponentArchived(ctx: WorkspaceContext, name: string, archived: boolean) {
  await patchAsset(ctx, componentAssets, name, { archived });
  return (await getComponent(ctx, name)).data;
}
