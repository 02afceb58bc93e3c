import { stringMap, type ArmAssetVersion, type AssetSummary, type AssetVersion } from "./versions";

/** Model types as the Azure ML CLI v2 names them (the studio writes these). */
export const MODEL_TYPES = ["custom_model", "mlflow_model", "triton_model"] as const;
export type ModelType = (typeof MODEL_TYPES)[number];
export const MODEL_TYPE_LABEL: Record<string, string> = {
  custom_model: "Custom",
  mlflow_model: "MLflow",
  triton_model: "Triton",
  CustomModel: "Custom",
  MLFlowModel: "MLflow",
  TritonModel: "Triton",
};
/** Normalizes the MFE's PascalCase spellings to the CLI's. */
export function normalizeModelType(t: string | null | undefined): string {
  const map: Record<string, string> = {
    CustomModel: "custom_model",
    MLFlowModel: "mlflow_model",
    TritonModel: "triton_model",
  };
  return t ? (map[t] ?? t) : "custom_model";
}

/** A model's lifecycle stage is kept in the version's `stage` tag (the 2022-10-01 API has no stage field). */
export const STAGE_TAG = "stage";
export const STAGES = ["Development", "Staging", "Production", "Archived"] as const;

/** What the models list shows of a model's latest version: the 2022-10-01 API lists containers without it. */
export type ModelLatest = { type: string | null; stage: string | null };
/** A model with its latest version's type and stage (`GET …/models?withLatest=true`). */
export type ModelSummary = AssetSummary & ModelLatest;
/** A row of the models list: a container, with its latest type and stage when the list read them. */
export type ModelRow = AssetSummary & Partial<ModelLatest>;

/** The parts of an ARM ModelVersion the studio reads (plain JSON of the SDK's model). */
export type ArmModelVersion = ArmAssetVersion<{
  modelType?: string | null;
  modelUri?: string | null;
  jobName?: string | null;
  flavors?: Record<string, { data?: Record<string, string | null> | null } | null> | null;
}>;

/** ARM model version → the common version shape; the stage tag becomes `stage` (and stays out of `tags`). */
export function modelVersionToAsset(v: ArmModelVersion): AssetVersion {
  const tags = stringMap(v.properties.tags);
  const stage = tags[STAGE_TAG];
  delete tags[STAGE_TAG];
  const fields: Record<string, string> = {
    type: normalizeModelType(v.properties.modelType),
    uri: v.properties.modelUri ?? "",
  };
  if (v.properties.jobName) fields.job = v.properties.jobName;
  for (const [flavor, data] of Object.entries(v.properties.flavors ?? {})) {
    for (const [k, val] of Object.entries(data?.data ?? {})) fields[`flavor.${flavor}.${k}`] = val ?? "";
  }
  return {
    id: v.id ?? "",
    version: v.name ?? "",
    createdBy: v.systemData?.createdBy,
    createdAt: v.systemData?.createdAt ? new Date(v.systemData.createdAt).toISOString() : undefined,
    description: v.properties.description ?? "",
    tags,
    properties: stringMap(v.properties.properties),
    stage: stage || undefined,
    archived: !!v.properties.isArchived,
    contents: { fields },
  };
}

/**
 * The datastore path of a model URI: `azureml://datastores/<ds>/paths/<path>` (also the long form with
 * subscriptions/…/workspaces/… before `datastores`). Null for job outputs and external URIs.
 */
export function datastorePathOf(uri: string): { datastore: string; path: string } | null {
  const m =
    /^azureml:\/\/(?:subscriptions\/[^/]+\/resource[gG]roups\/[^/]+\/(?:providers\/Microsoft\.MachineLearningServices\/)?workspaces\/[^/]+\/)?datastores\/([^/]+)\/paths\/(.*)$/.exec(
      uri,
    );
  return m ? { datastore: m[1], path: m[2].replace(/\/+$/, "") } : null;
}

/** MLflow signature columns parsed from an MLmodel file's `signature.inputs` / `outputs` JSON strings. */
export type SignatureColumn = { name?: string; type: string; shape?: number[]; dtype?: string };
export function parseSignatureJson(json: string | undefined): SignatureColumn[] | null {
  if (!json) return null;
  try {
    const cols = JSON.parse(json) as {
      name?: string;
      type: string;
      "tensor-spec"?: { dtype?: string; shape?: number[] };
    }[];
    if (!Array.isArray(cols)) return null;
    return cols.map((c) => ({
      name: c.name,
      type: c.type,
      dtype: c["tensor-spec"]?.dtype,
      shape: c["tensor-spec"]?.shape,
    }));
  } catch {
    return null;
  }
}
