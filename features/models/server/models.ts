import "server-only";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import type { ModelVersion } from "@azure/arm-machinelearning";
import { ApiError } from "@/lib/server/errors";
import { invalidate, listKey } from "@/lib/server/cache";
import { collect } from "@/lib/server/upstream";
import { plain, type WorkspaceContext } from "@/lib/server/workspace-context";
import {
  MODEL_TYPES,
  STAGES,
  STAGE_TAG,
  modelName,
  modelVersionToAsset,
  normalizeModelType,
  parseSignatureJson,
  tagMap,
  versionLabel,
  type ArmModelVersion,
  type ModelSummary,
  type SignatureColumn,
} from "@/lib/domain/models";
import { workspaceParams } from "@/lib/domain/arm-names";
import type { AssetVersion, VersionFile } from "@/lib/domain/versions";
import {
  MAX_UPLOAD_FILES,
  checkDatastorePath,
  datastoreUri,
  finishUpload,
  listArtifactFiles,
  readArtifactText,
  ARTIFACT_DATASTORE,
} from "@/lib/server/storage/artifacts";

export const modelParams = workspaceParams.extend({ name: modelName }).strict();
export const modelVersionParams = modelParams.extend({ version: versionLabel }).strict();

const uploadFile = z.object({ path: z.string().min(1).max(1024), size: z.number().int().min(0) }).strict();
export const registerModelBody = z
  .object({
    modelType: z.enum(MODEL_TYPES),
    description: z.string().max(5000).optional(),
    tags: tagMap.optional(),
    properties: tagMap.optional(),
    stage: z.enum(STAGES).optional(),
    source: z.discriminatedUnion("kind", [
      z
        .object({
          kind: z.literal("upload"),
          uploadId: z.string().uuid(),
          files: z.array(uploadFile).min(1).max(MAX_UPLOAD_FILES),
        })
        .strict(),
      z
        .object({
          kind: z.literal("datastore"),
          datastore: z.string().regex(/^[a-zA-Z0-9_]{1,255}$/, "must be a datastore name"),
          path: z.string().min(1).max(1024),
        })
        .strict(),
      z
        .object({
          kind: z.literal("job"),
          jobName: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,254}$/, "must be a job name"),
          outputName: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,254}$/, "must be an output name"),
          path: z.string().max(1024).optional(),
        })
        .strict(),
    ]),
  })
  .strict();
export type RegisterModelBody = z.infer<typeof registerModelBody>;

export const updateModelVersionBody = z
  .object({
    description: z.string().max(5000).optional(),
    tags: tagMap.optional(),
    stage: z.enum(STAGES).nullable().optional(),
    archived: z.boolean().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, "nothing to change");
export type UpdateModelVersionBody = z.infer<typeof updateModelVersionBody>;

export const listModelsQuery = z
  .object({ archived: z.enum(["exclude", "include", "only"]).default("exclude") })
  .strict();

const KIND = "model";
const versionsKey = (name: string) => `versions:${name.toLowerCase()}`;
const ENRICH_CONCURRENCY = 16;

async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

/**
 * Models with their latest version's type and stage (what the list filters on). The 2022-10-01 API lists
 * containers without either, so each latest version is read once per list refresh (16 at a time).
 */
export function listModels(ctx: WorkspaceContext, archived: "exclude" | "include" | "only") {
  const listViewType = archived === "exclude" ? "ActiveOnly" : archived === "only" ? "ArchivedOnly" : "All";
  return ctx.cached(KIND, listKey(archived), async () => {
    const containers = plain(
      await collect(ctx.client.modelContainers.list(ctx.ref.resourceGroup, ctx.ref.workspace, { listViewType })),
    );
    const rows = await mapLimit(containers, ENRICH_CONCURRENCY, async (c): Promise<ModelSummary> => {
      const latest = c.properties.latestVersion ?? null;
      let type: string | null = null;
      let stage: string | null = null;
      if (latest) {
        const v = await ctx.client.modelVersions
          .get(ctx.ref.resourceGroup, ctx.ref.workspace, c.name!, latest)
          .catch(() => null);
        if (v) {
          type = normalizeModelType(v.properties.modelType);
          stage = v.properties.tags?.[STAGE_TAG] ?? null;
        }
      }
      return {
        name: c.name!,
        description: c.properties.description ?? "",
        tags: Object.fromEntries(Object.entries(c.properties.tags ?? {}).map(([k, v]) => [k, v ?? ""])),
        latestVersion: latest,
        nextVersion: c.properties.nextVersion ?? "1",
        archived: !!c.properties.isArchived,
        type,
        stage,
        modifiedAt: (c.systemData?.lastModifiedAt as unknown as string) ?? null,
        modifiedBy: c.systemData?.lastModifiedBy ?? null,
      };
    });
    return rows.sort((a, b) => a.name.localeCompare(b.name));
  });
}

/** Every version of a model (archived too), newest first, in the common version shape. */
export function listModelVersions(ctx: WorkspaceContext, name: string) {
  return ctx.cached(KIND, versionsKey(name), async () => {
    await ctx.client.modelContainers.get(ctx.ref.resourceGroup, ctx.ref.workspace, name);
    const versions = plain(
      await collect(
        ctx.client.modelVersions.list(ctx.ref.resourceGroup, ctx.ref.workspace, name, { listViewType: "All" }),
      ),
    );
    return versions.map((v) => modelVersionToAsset(v as unknown as ArmModelVersion));
  });
}

async function getVersion(ctx: WorkspaceContext, name: string, version: string): Promise<ModelVersion | null> {
  try {
    return await ctx.client.modelVersions.get(ctx.ref.resourceGroup, ctx.ref.workspace, name, version);
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) return null;
    throw e;
  }
}

/** Files of one version with sizes and hashes. A version's files never change, so they are cached long. */
export function modelVersionFiles(ctx: WorkspaceContext, name: string, version: string) {
  return ctx.cached(
    `${KIND}Files`,
    `${name.toLowerCase()}/${version}`,
    async (): Promise<VersionFile[]> => {
      const v = await getVersion(ctx, name, version);
      if (!v) throw ApiError.notFound(`Version ${version} of model ${name} does not exist.`);
      return listArtifactFiles(ctx, v.properties.modelUri ?? "");
    },
    { freshMs: 10 * 60_000 },
  );
}

export type MlflowInfo = {
  isMlflow: boolean;
  signature: { inputs: SignatureColumn[] | null; outputs: SignatureColumn[] | null } | null;
  inputExample: unknown | null;
  inputExampleTruncated: boolean;
  mlmodel: string | null;
};

/** The MLmodel file's signature and the saved input example of an MLflow model version. */
export function mlflowInfo(ctx: WorkspaceContext, name: string, version: string) {
  return ctx.cached(
    `${KIND}Mlflow`,
    `${name.toLowerCase()}/${version}`,
    async (): Promise<MlflowInfo> => {
      const v = await getVersion(ctx, name, version);
      if (!v) throw ApiError.notFound(`Version ${version} of model ${name} does not exist.`);
      const uri = v.properties.modelUri ?? "";
      if (normalizeModelType(v.properties.modelType) !== "mlflow_model")
        return { isMlflow: false, signature: null, inputExample: null, inputExampleTruncated: false, mlmodel: null };
      const mlmodel = await readArtifactText(ctx, uri, "MLmodel");
      let signature: MlflowInfo["signature"] = null;
      let examplePath = "input_example.json";
      if (mlmodel) {
        const doc = (parseYaml(mlmodel) ?? {}) as {
          signature?: { inputs?: string; outputs?: string };
          saved_input_example_info?: { artifact_path?: string };
        };
        if (doc.signature)
          signature = {
            inputs: parseSignatureJson(doc.signature.inputs),
            outputs: parseSignatureJson(doc.signature.outputs),
          };
        if (doc.saved_input_example_info?.artifact_path) examplePath = doc.saved_input_example_info.artifact_path;
      }
      const LIMIT = 64 * 1024;
      const exampleText = await readArtifactText(ctx, uri, examplePath, LIMIT + 1);
      let inputExample: unknown = null;
      let truncated = false;
      if (exampleText) {
        if (exampleText.length > LIMIT) {
          truncated = true;
          inputExample = exampleText.slice(0, LIMIT);
        } else {
          try {
            inputExample = JSON.parse(exampleText);
          } catch {
            inputExample = exampleText;
          }
        }
      }
      return { isMlflow: true, signature, inputExample, inputExampleTruncated: truncated, mlmodel };
    },
    { freshMs: 10 * 60_000 },
  );
}

async function invalidateModel(ctx: WorkspaceContext, name: string) {
  await Promise.all([invalidate(ctx.workspaceId, KIND, versionsKey(name)), invalidate(ctx.workspaceId, KIND)]);
}

/**
 * Registers a new version. Refuses a version that exists (409 naming the next free one) before anything is
 * written; for uploads, checks every file is in (sizes) and records hashes first, so a version never points
 * at a half-made upload.
 */
export async function registerModelVersion(
  ctx: WorkspaceContext,
  name: string,
  version: string,
  body: RegisterModelBody,
): Promise<AssetVersion> {
  const existing = await getVersion(ctx, name, version);
  if (existing) {
    const container = await ctx.client.modelContainers
      .get(ctx.ref.resourceGroup, ctx.ref.workspace, name)
      .catch(() => null);
    throw new ApiError(
      409,
      "VersionExists",
      `Version ${version} of model ${name} already exists. Versions cannot be overwritten; register it as version ${container?.properties.nextVersion ?? "another number"}.`,
      "version",
    );
  }
  let modelUri: string;
  let jobName: string | undefined;
  const src = body.source;
  if (src.kind === "upload") {
    const { folder } = await finishUpload(ctx, src.uploadId, src.files);
    modelUri = datastoreUri(ARTIFACT_DATASTORE, folder);
  } else if (src.kind === "datastore") {
    await checkDatastorePath(ctx, src.datastore, src.path);
    modelUri = datastoreUri(src.datastore, src.path);
  } else {
    jobName = src.jobName;
    modelUri = `azureml://jobs/${src.jobName}/outputs/${src.outputName}${src.path ? `/paths/${src.path.replace(/^\/+/, "")}` : ""}`;
  }
  const tags = { ...(body.tags ?? {}), ...(body.stage ? { [STAGE_TAG]: body.stage } : {}) };
  const created = await ctx.client.modelVersions.createOrUpdate(
    ctx.ref.resourceGroup,
    ctx.ref.workspace,
    name,
    version,
    {
      properties: {
        modelType: body.modelType,
        modelUri,
        description: body.description,
        tags,
        properties: body.properties ?? {},
        ...(jobName ? { jobName } : {}),
      },
    },
  );
  await invalidateModel(ctx, name);
  return modelVersionToAsset(plain(created) as unknown as ArmModelVersion);
}

/** Edits description, tags or stage, archives or restores. An archived version takes no edits until restored. */
export async function updateModelVersion(
  ctx: WorkspaceContext,
  name: string,
  version: string,
  body: UpdateModelVersionBody,
): Promise<AssetVersion> {
  const current = await getVersion(ctx, name, version);
  if (!current) throw ApiError.notFound(`Version ${version} of model ${name} does not exist.`);
  const editing = body.description !== undefined || body.tags !== undefined || body.stage !== undefined;
  const archivedAfter = body.archived ?? !!current.properties.isArchived;
  if (editing && archivedAfter)
    throw new ApiError(
      409,
      "VersionArchived",
      `Version ${version} of model ${name} is archived and cannot be edited. Restore it first.`,
      "archived",
    );
  const curTags = Object.fromEntries(Object.entries(current.properties.tags ?? {}).map(([k, v]) => [k, v ?? ""]));
  const stage = body.stage === undefined ? curTags[STAGE_TAG] : body.stage;
  const tags = {
    ...(body.tags ?? Object.fromEntries(Object.entries(curTags).filter(([k]) => k !== STAGE_TAG))),
    ...(stage ? { [STAGE_TAG]: stage } : {}),
  };
  const updated = await ctx.client.modelVersions.createOrUpdate(
    ctx.ref.resourceGroup,
    ctx.ref.workspace,
    name,
    version,
    {
      properties: {
        ...current.properties,
        description: body.description ?? current.properties.description,
        tags,
        isArchived: archivedAfter,
      },
    },
  );
  await invalidateModel(ctx, name);
  return modelVersionToAsset(plain(updated) as unknown as ArmModelVersion);
}

export async function modelVersionUri(ctx: WorkspaceContext, name: string, version: string): Promise<string> {
  const v = await getVersion(ctx, name, version);
  if (!v) throw ApiError.notFound(`Version ${version} of model ${name} does not exist.`);
  return v.properties.modelUri ?? "";
}
