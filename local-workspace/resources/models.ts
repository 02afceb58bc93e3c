/**
 * Models: `workspaces/{ws}/models/{name}` containers and `…/versions/{version}`, ModelVersion shape of 2022-10-01
 * (flavors, jobName, modelType, modelUri). Model types are the CLI's (custom_model, mlflow_model, triton_model)
 * or the MFE's (CustomModel, MLFlowModel, TritonModel).
 */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { badRequest } from "../arm";
import type { Ctx } from "../context";
import { assetBaseShape, registerAssetRoutes, stringMap, type AssetKindSpec } from "./assets";

export const MODEL_TYPES = [
  "custom_model",
  "mlflow_model",
  "triton_model",
  "CustomModel",
  "MLFlowModel",
  "TritonModel",
] as const;

const modelVersionProperties = z.strictObject({
  ...assetBaseShape,
  flavors: z
    .record(z.string(), z.strictObject({ data: stringMap }).nullable())
    .nullable()
    .optional(),
  jobName: z.string().max(255).nullable().optional(),
  modelType: z.string().nullable().optional(),
  modelUri: z.string().nullable().optional(),
});

/** Where a model's files may live: a datastore path, a job's output, or storage/https. */
const MODEL_URI_RE = /^(azureml:\/\/|runs:\/|https:\/\/|wasbs:\/\/|abfss:\/\/)\S+$/;

export const modelSpec: AssetKindSpec = {
  segment: "models",
  noun: "model",
  versionSchema: modelVersionProperties,
  prepareVersion(input) {
    const type = input.modelType ?? "custom_model";
    if (!(MODEL_TYPES as readonly string[]).includes(type))
      throw badRequest(
        "InvalidModelType",
        `The model type '${type}' is not supported; use custom_model, mlflow_model or triton_model.`,
        "properties.modelType",
      );
    if (!input.modelUri)
      throw badRequest(
        "InvalidRequestContent",
        "modelUri is required: the path of the model's files (azureml://datastores/…/paths/…, azureml://jobs/…/outputs/…).",
        "properties.modelUri",
      );
    if (!MODEL_URI_RE.test(input.modelUri))
      throw badRequest(
        "InvalidModelUri",
        `The model URI '${input.modelUri}' is not a datastore, job output or storage URI (azureml://, runs:/, https://).`,
        "properties.modelUri",
      );
    // Registered from a job's output: the job is recorded as the model's origin, as Azure ML does (lineage reads it).
    const fromJob = /^azureml:\/\/jobs\/([^/]+)\/outputs\//i.exec(input.modelUri)?.[1];
    return {
      properties: {
        ...input,
        modelType: type,
        flavors: input.flavors ?? null,
        jobName: input.jobName ?? (fromJob ? decodeURIComponent(fromJob) : null),
      },
    };
  },
};

export function registerModelRoutes(app: FastifyInstance, ctx: Ctx) {
  registerAssetRoutes(app, ctx, modelSpec);
}
