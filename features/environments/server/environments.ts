import "server-only";
import type { Cached } from "@/lib/domain/cache-meta";
import { z } from "@/lib/domain/zod";
import { createPipelineRequest } from "@azure/core-rest-pipeline";
import { ApiError } from "@/lib/server/errors";
import { config } from "@/lib/server/config";
import type { WorkspaceContext } from "@/lib/server/workspace-context";
import {
  armVersion,
  listAssets,
  listAssetVersions,
  listAssetVersionPage,
  getAssetVersion,
  readVersionHistory,
  patchAssetVersion,
  putAssetVersion,
  refuseExistingVersion,
  type AssetSpec,
} from "@/lib/server/assets";
import { armWorkspaceId } from "@/lib/domain/arm-names";
import { assetName, assetVersion, workspaceParams } from "@/lib/domain/arm-name-schemas";
import {
  environmentVersionToAsset,
  type ArmEnvironmentVersion,
  type BuildInfo,
  type EnvironmentSummary,
} from "../model";
import {
  CURATED_PREFIX,
  checkDockerfile,
  describeProblem,
  isCuratedName,
  isProblem,
  parseCondaYaml,
  parseImageReference,
} from "@/lib/domain/environment-spec";
import { tagMap } from "@/lib/domain/tag-map";
import { ARCHIVED_FILTERS, type ArchivedFilter, type AssetVersion, type VersionFile } from "@/lib/domain/versions";
import {
  ARTIFACT_DATASTORE,
  checkRelativePath,
  datastoreUri,
  finishUpload,
  listArtifactFiles,
  readArtifactText,
} from "@/lib/server/storage/artifacts";
import { stagedFiles } from "@/lib/server/storage/staged-uploads";

export const environmentParams = workspaceParams.extend({ name: assetName }).strict();
export const environmentVersionParams = environmentParams.extend({ version: assetVersion }).strict();
export const listEnvironmentsQuery = z.object({ archived: z.enum(ARCHIVED_FILTERS).default("exclude") }).strict();

export const createEnvironmentBody = z
  .object({
    description: z.string().max(5000).optional(),
    tags: tagMap.optional(),
    image: z.string().max(400).optional(),
    condaFile: z.string().max(100_000).optional(),
    build: z
      .object({
        uploadId: z.string().uuid(),
        files: stagedFiles,
        dockerfilePath: z.string().max(1024).default("Dockerfile"),
        /** The Dockerfile's text, checked before anything is registered (the upload holds the same bytes). */
      })
      .strict()
      .optional(),
  })
  .strict();
export type CreateEnvironmentBody = z.infer<typeof createEnvironmentBody>;

export const updateEnvironmentVersionBody = z
  .object({ description: z.string().max(5000).optional(), tags: tagMap.optional(), archived: z.boolean().optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, "nothing to change");

const KIND = "environment";

function refuseCurated(name: string) {
  if (isCuratedName(name))
    throw new ApiError(
      400,
      "CuratedReadOnly",
      `${name} is a curated environment: names starting with ${CURATED_PREFIX} belong to environments Azure Machine Learning maintains, and they are read-only. Create your own environment from its image instead.`,
      "name",
    );
}

const environmentAssets: AssetSpec = {
  kind: "environment",
  noun: "environment",
  toAsset: (name, v) => environmentVersionToAsset(name, v as ArmEnvironmentVersion),
  checkWritable: refuseCurated,
  containerFields: (c): Pick<EnvironmentSummary, "curated"> => ({ curated: isCuratedName(c.name ?? "") }),
  // Custom environments first, then curated ones, each by name.
  listOrder: (a, b) => Number(isCuratedName(a.name)) - Number(isCuratedName(b.name)) || a.name.localeCompare(b.name),
};

/** Custom environments first, then curated ones (flagged), each by name. */
export function listEnvironments(ctx: WorkspaceContext, archived: ArchivedFilter) {
  // `curated` comes from the spec's containerFields, which the kernel's types see only as `object`.
  return listAssets(ctx, environmentAssets, archived) as Promise<Cached<EnvironmentSummary[]>>;
}

export function listEnvironmentVersions(ctx: WorkspaceContext, name: string) {
  return listAssetVersions(ctx, environmentAssets, name);
}

/** One page of an environment's history (`skip` from the route's cursor; null: the first page). */
export const listEnvironmentVersionPage = (ctx: WorkspaceContext, name: string, skip: string | null) =>
  listAssetVersionPage(ctx, environmentAssets, name, skip);

/** One version in the common shape (a deep link to a version not on the pages loaded yet). */
export const getEnvironmentVersion = (ctx: WorkspaceContext, name: string, version: string) =>
  getAssetVersion(ctx, environmentAssets, name, version);

/** The first page and the versions a link names, for the page rendered on the server. */
export const readEnvironmentHistory = (ctx: WorkspaceContext, name: string, named: string[]) =>
  readVersionHistory(ctx, environmentAssets, name, named);

export type BuildContextInfo = {
  contextUri: string;
  dockerfilePath: string;
  files: VersionFile[];
  dockerfile: string | null;
};

/** A build-context version's files (sizes, hashes) and its Dockerfile's text; null for image versions. */
export function environmentContext(ctx: WorkspaceContext, name: string, version: string) {
  return ctx.cached(
    `${KIND}Context`,
    `${name.toLowerCase()}/${version}`,
    async (): Promise<BuildContextInfo | null> => {
      const v = (await armVersion(ctx, environmentAssets, name, version)) as ArmEnvironmentVersion;
      const build = v.properties.build;
      if (!build) return null;
      const dockerfilePath = build.dockerfilePath ?? "Dockerfile";
      const [files, dockerfile] = await Promise.all([
        listArtifactFiles(ctx, build.contextUri),
        readArtifactText(ctx, build.contextUri, dockerfilePath, 128 * 1024),
      ]);
      return { contextUri: build.contextUri, dockerfilePath, files, dockerfile };
    },
    { freshMs: 10 * 60_000 },
  );
}

/**
 * The image build's state and log. The 2022-10-01 ARM API has no build fields; the local service serves them
 * at `…/versions/{version}/build`, called here through the SDK client's own pipeline (same credential).
 */
export async function environmentBuild(
  ctx: WorkspaceContext,
  name: string,
  version: string,
): Promise<BuildInfo & { curated: boolean }> {
  const url = `${config.armEndpoint}${armWorkspaceId(ctx.ref)}/environments/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}/build?api-version=2022-10-01`;
  const res = await ctx.client.sendRequest(
    createPipelineRequest({
      url,
      method: "GET",
      timeout: 10_000,
      allowInsecureConnection: config.upstream === "local",
    }),
  );
  if (res.status === 404) {
    let msg = `Version ${version} of environment ${name} does not exist.`;
    try {
      const body = JSON.parse(res.bodyAsText ?? "{}");
      if (/No route matches/.test(body?.error?.message ?? ""))
        msg = "This workspace service does not report image builds.";
    } catch {
      /* keep the default message */
    }
    throw ApiError.notFound(msg);
  }
  if (res.status >= 400)
    throw new ApiError(
      res.status >= 500 ? 502 : res.status,
      "UpstreamError",
      `The workspace service answered ${res.status} for the build of ${name}:${version}.`,
    );
  const body = JSON.parse(res.bodyAsText ?? "{}");
  return {
    status: body.status,
    startedAt: body.startedAt ?? null,
    endedAt: body.endedAt ?? null,
    log: body.log ?? "",
    error: body.error ?? null,
    curated: !!body.curated,
  };
}

/** Checks a spec the way the editor does, answering 400 with line and column for a conda file. */
function checkSpec(body: CreateEnvironmentBody) {
  if (!body.image && !body.build)
    throw ApiError.badRequest("Give a docker image, or upload a build context with a Dockerfile.", "image");
  if (body.image && body.build)
    throw ApiError.badRequest("Give either a docker image or a build context, not both.", "build");
  if (body.build && body.condaFile)
    throw ApiError.badRequest(
      "A conda file goes with a docker image; a build context installs its own packages in its Dockerfile.",
      "condaFile",
    );
  if (body.image) {
    const r = parseImageReference(body.image);
    if (isProblem(r)) throw ApiError.badRequest(r.message, "image");
  }
  if (body.condaFile !== undefined) {
    const parsed = parseCondaYaml(body.condaFile);
    if (!parsed.spec) {
      const p = parsed.problems[0];
      throw new ApiError(400, "InvalidCondaFile", `The conda file is invalid at ${describeProblem(p)}`, "condaFile", {
        line: p.line,
        column: p.column,
        problems: parsed.problems,
      });
    }
  }
}

export async function createEnvironmentVersion(
  ctx: WorkspaceContext,
  name: string,
  version: string,
  body: CreateEnvironmentBody,
): Promise<AssetVersion> {
  refuseCurated(name);
  checkSpec(body);
  await refuseExistingVersion(ctx, environmentAssets, name, version);
  let build: { contextUri: string; dockerfilePath: string } | undefined;
  if (body.build) {
    const dockerfilePath = checkRelativePath(body.build.dockerfilePath, "build.dockerfilePath");
    if (!body.build.files.some((f) => checkRelativePath(f.path) === dockerfilePath))
      throw ApiError.badRequest(
        `The build context has no ${dockerfilePath}; upload a folder with a Dockerfile at its top, or name the Dockerfile's path.`,
        "build.dockerfilePath",
      );
    const { folder } = await finishUpload(ctx, body.build.uploadId, body.build.files);
    const contextUri = datastoreUri(ARTIFACT_DATASTORE, folder);
    const text = await readArtifactText(ctx, contextUri, dockerfilePath, 128 * 1024);
    const problem =
      text === null ? { message: `${dockerfilePath} could not be read from the upload.` } : checkDockerfile(text);
    if (problem)
      throw new ApiError(
        400,
        "InvalidDockerfile",
        `${dockerfilePath} is invalid at ${describeProblem(problem)}`,
        "build.dockerfilePath",
        { line: problem.line, column: problem.column },
      );
    build = { contextUri, dockerfilePath };
  }
  return putAssetVersion(ctx, environmentAssets, name, version, {
    description: body.description,
    tags: body.tags ?? {},
    image: body.image,
    condaFile: body.condaFile,
    build,
    osType: "Linux",
  });
}

export function updateEnvironmentVersion(
  ctx: WorkspaceContext,
  name: string,
  version: string,
  body: z.infer<typeof updateEnvironmentVersionBody>,
) {
  return patchAssetVersion(ctx, environmentAssets, name, version, body);
}
