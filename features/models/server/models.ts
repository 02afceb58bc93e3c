import "server-only";
import { parse as parseYaml } from "yaml";
import { z } from "@/lib/domain/zod";
import type { WorkspaceContext } from "@/lib/server/workspace-context";
import {
  armVersion,
  getAssetVersion,
  listAssets,
  listAssetSummaries,
  listAssetVersionPage,
  listAssetVersions,
  readVersionHistory,
  patchAssetVersion,
  putAssetVersion,
  readVersionExtras,
  refuseExistingVersion,
  versionRefsQuery,
  type AssetSpec,
  type VersionRef,
} from "@/lib/server/assets";
import {
  MODEL_TYPES,
  STAGES,
  STAGE_TAG,
  modelVersionToAsset,
  normalizeModelType,
  parseSignatureJson,
  type ArmModelVersion,
  type ModelLatest,
  type SignatureColumn,
} from "@/lib/domain/models";
import { assetName, assetVersion, workspaceParams } from "@/lib/domain/arm-name-schemas";
import { tagMap } from "@/lib/domain/tag-map";
import {
  ARCHIVED_FILTERS,
  stringMap,
  type ArchivedFilter,
  type AssetVersion,
  type VersionFile,
} from "@/lib/domain/versions";
import {
  checkDatastorePath,
  datastoreUri,
  finishUpload,
  listArtifactFiles,
  readArtifactText,
  ARTIFACT_DATASTORE,
} from "@/lib/server/storage/artifacts";
import { stagedFiles } from "@/lib/server/storage/staged-uploads";

export const modelParams = workspaceParams.extend({ name: assetName }).strict();
export const modelVersionParams = modelParams.extend({ version: assetVersion }).strict();

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
          files: stagedFiles,
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
  .object({
    archived: z.enum(ARCHIVED_FILTERS).default("exclude"),
    /** "true": each model's latest type and stage too, which costs one upstream read per model (the type and stage filters). */
    withLatest: z.enum(["true", "false"]).default("false"),
  })
  .strict();

/** `?versions=name@version,…` of `GET …/model-details`. */
export const modelDetailsQuery = versionRefsQuery;

const KIND = "model";

const modelAssets = {
  kind: "model",
  noun: "model",
  stageTag: STAGE_TAG,
  toAsset: (_name, v) => modelVersionToAsset(v as ArmModelVersion),
  // What the list shows of a model's latest version (nulls when it has none or it is gone).
  latestFields: (_name, latest) => ({
    type: latest ? normalizeModelType(latest.properties.modelType as string | undefined) : null,
    stage: latest ? (stringMap(latest.properties.tags)[STAGE_TAG] ?? null) : null,
  }),
} satisfies AssetSpec<ModelLatest>;

/**
 * Models with their latest version's type and stage: one upstream read per model on every refresh, for the list's
 * type and stage filters alone. The list shows `listModelSummaries` and `readModelDetails` of the rows on screen.
 */
export const listModels = (ctx: WorkspaceContext, archived: ArchivedFilter) => listAssets(ctx, modelAssets, archived);

/** Models by name with their latest version's number alone: one paged list, no read per model. */
export const listModelSummaries = (ctx: WorkspaceContext, archived: ArchivedFilter) =>
  listAssetSummaries(ctx, modelAssets, archived);

/** Type and stage of the named versions (the latest of the rows on screen), keyed `name@version`. */
export const readModelDetails = (ctx: WorkspaceContext, refs: VersionRef[]) =>
  readVersionExtras(ctx, modelAssets, refs);

/** Every version of a model (archived too), newest first, in the common version shape. */
export function listModelVersions(ctx: WorkspaceContext, name: string) {
  return listAssetVersions(ctx, modelAssets, name);
}

/** One page of a model's history (`skip` from the route's cursor; null: the first page). */
export const listModelVersionPage = (ctx: WorkspaceContext, name: string, skip: string | null) =>
  listAssetVersionPage(ctx, modelAssets, name, skip);

/** One version in the common shape (a deep link to a version not on the pages loaded yet). */
export const getModelVersion = (ctx: WorkspaceContext, name: string, version: string) =>
  getAssetVersion(ctx, modelAssets, name, version);

/** The first page and the versions a link names, for the page rendered on the server. */
export const readModelHistory = (ctx: WorkspaceContext, name: string, named: string[]) =>
  readVersionHistory(ctx, modelAssets, name, named);

/** Where a version's files are (`azureml://datastores/…`, or a job output). */
export const modelVersionUri = async (ctx: WorkspaceContext, name: string, version: string) =>
  ((await armVersion(ctx, modelAssets, name, version)).properties.modelUri as string | undefined) ?? "";

/** Files of one version with sizes and hashes. A version's files never change, so they are cached long. */
export function modelVersionFiles(ctx: WorkspaceContext, name: string, version: string) {
  return ctx.cached(
    `${KIND}Files`,
    `${name.toLowerCase()}/${version}`,
    async (): Promise<VersionFile[]> => {
      return listArtifactFiles(ctx, await modelVersionUri(ctx, name, version));
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
      const v = await armVersion(ctx, modelAssets, name, version);
      const uri = (v.properties.modelUri as string | undefined) ?? "";
      if (normalizeModelType(v.properties.modelType as string | undefined) !== "mlflow_model")
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
  await refuseExistingVersion(ctx, modelAssets, name, version);
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
  return putAssetVersion(ctx, modelAssets, name, version, {
    modelType: body.modelType,
    modelUri,
    description: body.description,
    tags,
    properties: body.properties ?? {},
    ...(jobName ? { jobName } : {}),
  });
}

/** Edits description, tags or stage, archives or restores. An archived version takes no edits until restored. */
export function updateModelVersion(ctx: WorkspaceContext, name: string, version: string, body: UpdateModelVersionBody) {
  return patchAssetVersion(ctx, modelAssets, name, version, body);
}
