/**
 * What an Azure ML CLI v2 YAML file is, read the way the CLI reads it: `$schema` first (every example and every
 * file the VS Code extension writes has one), then the keys each schema requires. Importers use it to refuse a
 * file that is not theirs with a message naming what the file is and where it can be imported instead.
 */

export type YamlFileKind =
  | "pipeline-job"
  | "command-job"
  | "sweep-job"
  | "spark-job"
  | "automl-job"
  | "parallel-job"
  | "command-component"
  | "pipeline-component"
  | "parallel-component"
  | "data"
  | "model"
  | "environment"
  | "compute"
  | "datastore"
  | "workspace"
  | "online-endpoint"
  | "online-deployment"
  | "batch-endpoint"
  | "batch-deployment"
  | "schedule"
  | "registry"
  | "unknown";

/** `$schema` file names (https://azuremlschemas.azureedge.net/latest/<name>.schema.json) → kind. */
const SCHEMA_KINDS: Record<string, YamlFileKind> = {
  pipelinejob: "pipeline-job",
  commandjob: "command-job",
  sweepjob: "sweep-job",
  sparkjob: "spark-job",
  automljob: "automl-job",
  paralleljob: "parallel-job",
  commandcomponent: "command-component",
  pipelinecomponent: "pipeline-component",
  parallelcomponent: "parallel-component",
  sparkcomponent: "command-component",
  data: "data",
  model: "model",
  environment: "environment",
  computeinstance: "compute",
  amlcompute: "compute",
  kubernetescompute: "compute",
  attachedspark: "compute",
  vmcompute: "compute",
  virtualmachinecompute: "compute",
  azureblob: "datastore",
  azurefile: "datastore",
  azuredatalakegen1: "datastore",
  azuredatalakegen2: "datastore",
  workspace: "workspace",
  managedonlineendpoint: "online-endpoint",
  kubernetesonlineendpoint: "online-endpoint",
  managedonlinedeployment: "online-deployment",
  kubernetesonlinedeployment: "online-deployment",
  batchendpoint: "batch-endpoint",
  batchdeployment: "batch-deployment",
  modelbatchdeployment: "batch-deployment",
  pipelinecomponentbatchdeployment: "batch-deployment",
  schedule: "schedule",
  registry: "registry",
};

const JOB_TYPE_KINDS: Record<string, YamlFileKind> = {
  pipeline: "pipeline-job",
  command: "command-job",
  sweep: "sweep-job",
  spark: "spark-job",
  automl: "automl-job",
  parallel: "parallel-job",
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The kind of a parsed CLI v2 YAML document. `expecting: "job"`: the file was brought where jobs go (Create job), as
 * to `az ml job create`, so a file with a name and a command but nothing else that only a component has (a version,
 * declared inputs, a component type or schema) is the command job Azure ML reads it as.
 */
export function yamlFileKind(doc: unknown, { expecting }: { expecting?: "job" } = {}): YamlFileKind {
  if (!isRecord(doc)) return "unknown";
  const schema = typeof doc.$schema === "string" ? /([A-Za-z0-9]+)\.schema\.json\s*$/.exec(doc.$schema)?.[1] : null;
  if (schema) {
    const kind = SCHEMA_KINDS[schema.toLowerCase()];
    if (kind) return kind;
  }
  const type = typeof doc.type === "string" ? doc.type.toLowerCase() : undefined;
  if (isRecord(doc.jobs)) return type === "pipeline" || type === undefined ? "pipeline-job" : "pipeline-component";
  if (type === "sweep" || isRecord(doc.trial) || isRecord(doc.search_space)) return "sweep-job";
  if (type && ["uri_file", "uri_folder", "mltable"].includes(type) && "path" in doc) return "data";
  if (type && ["mlflow_model", "custom_model", "triton_model"].includes(type)) return "model";
  if (type && ["amlcompute", "computeinstance", "kubernetes", "virtualmachine", "synapsespark"].includes(type))
    return "compute";
  if (type && ["azure_blob", "azure_file", "azure_data_lake_gen1", "azure_data_lake_gen2"].includes(type))
    return "datastore";
  if (typeof doc.command === "string") {
    // A component declares its inputs ({type: …}) and has a name to register under; a job binds values to them.
    const declares =
      isRecord(doc.inputs) &&
      Object.values(doc.inputs).some((i) => isRecord(i) && "type" in i && !("path" in i) && !("value" in i));
    const jobOnly = "compute" in doc || "experiment_name" in doc || "resources" in doc || "limits" in doc;
    if (declares || "version" in doc || (typeof doc.name === "string" && !jobOnly && expecting !== "job"))
      return type === "parallel" ? "parallel-component" : "command-component";
    return type === "parallel" ? "parallel-job" : "command-job";
  }
  if (type && JOB_TYPE_KINDS[type]) return JOB_TYPE_KINDS[type];
  if ("image" in doc || "build" in doc || "conda_file" in doc) return "environment";
  if (type === undefined && "path" in doc && typeof doc.name === "string") return "model";
  return "unknown";
}

/** A phrase naming the kind, for messages ("a command job", "a data asset"). */
export const YAML_KIND_NAMES: Record<YamlFileKind, string> = {
  "pipeline-job": "a pipeline job",
  "command-job": "a command job",
  "sweep-job": "a sweep job",
  "spark-job": "a Spark job",
  "automl-job": "an AutoML job",
  "parallel-job": "a parallel job",
  "command-component": "a command component",
  "pipeline-component": "a pipeline component",
  "parallel-component": "a parallel component",
  data: "a data asset",
  model: "a model",
  environment: "an environment",
  compute: "a compute",
  datastore: "a datastore",
  workspace: "a workspace",
  "online-endpoint": "an online endpoint",
  "online-deployment": "an online deployment",
  "batch-endpoint": "a batch endpoint",
  "batch-deployment": "a batch deployment",
  schedule: "a schedule",
  registry: "a registry",
  unknown: "not an Azure ML CLI v2 file this studio recognises",
};

/** Where in the studio a file of this kind can be imported, or why it cannot be. */
export const YAML_KIND_HOMES: Record<YamlFileKind, string> = {
  "pipeline-job": "Import it in the designer (Designer → Import YAML).",
  "command-job": "Import it in Jobs → Create job.",
  "sweep-job": "Import it in Jobs → Create job.",
  "spark-job": "Spark jobs run on Azure ML only: submit it with `az ml job create` against an Azure workspace.",
  "automl-job": "AutoML jobs run on Azure ML only: submit it with `az ml job create` against an Azure workspace.",
  "parallel-job": "Parallel jobs run on Azure ML only: submit it with `az ml job create` against an Azure workspace.",
  "command-component": "Register it in Components → Register, then use it as azureml:<name>:<version>.",
  "pipeline-component": "Pipeline components are not supported by the studio yet; use its jobs in a pipeline job.",
  "parallel-component": "Parallel components run on Azure ML only.",
  data: "Import it in Data → Import YAML.",
  model: "Register it in Models → Register.",
  environment: "Create it in Environments → Create.",
  compute: "Create it in Compute → New compute → YAML.",
  datastore: "Create it in Datastores.",
  workspace: "Create it from the workspaces page.",
  "online-endpoint": "Endpoints are not part of the studio.",
  "online-deployment": "Endpoints are not part of the studio.",
  "batch-endpoint": "Endpoints are not part of the studio.",
  "batch-deployment": "Endpoints are not part of the studio.",
  schedule: "Schedules are not part of the studio.",
  registry: "Registries are not part of the studio.",
  unknown: "Check the file's $schema and type.",
};

/** "This file is a command job, not a pipeline job. Import it in Jobs → Create job." */
export function wrongKindMessage(kind: YamlFileKind, expected: string): string {
  return `This file is ${YAML_KIND_NAMES[kind]}, not ${expected}. ${YAML_KIND_HOMES[kind]}`;
}
